"""The roles an account can hold: what ``@allow()`` checks. Their labels, and which are staff, are in
webapp/accounts/roles.py (which names ``Role`` too)."""

from enum import StrEnum


class Role(StrEnum):
    MIGRANT = "migrant"
    LANDLORD = "landlord"
    EMPLOYER = "employer"
    COORDINATOR = "coordinator"
    OFFICER = "officer"
    ADMIN = "admin"
