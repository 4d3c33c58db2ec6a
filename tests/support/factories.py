"""Factories that make records for tests: call them with only what the test is about."""

import itertools

from webapp.accounts.models import Account, RoleGrant
from webapp.extensions import db
from webapp.places.models import Place

_counter = itertools.count(1)


def create_place(code: str, name: str | None = None, level: str | None = None, parent: Place | None = None) -> Place:
    """Create a place and, when missing, its ancestors (codes nest: 4, 6, 9, 12 digits)."""
    existing = db.session.scalar(db.select(Place).where(Place.code == code))
    if existing:
        return existing
    levels = {4: "city", 6: "county", 9: "township", 12: "community"}
    if parent is None and len(code) > 4:
        parent_code = code[: {6: 4, 9: 6, 12: 9}[len(code)]]
        parent = create_place(parent_code)
    place = Place(code=code, name=name or f"place {code}", level=level or levels[len(code)], parent=parent)
    db.session.add(place)
    db.session.commit()
    return place


def create_account(
    *roles,
    display_name: str | None = None,
    place: Place | None = None,
    department: str | None = None,
    locale: str | None = None,
) -> Account:
    """create_account("migrant", "landlord") or create_account("coordinator", place=community)."""
    account = Account(display_name=display_name or f"Person {next(_counter)}", locale=locale)
    account.grants = [
        RoleGrant(
            role=str(role),
            place=place if str(role) in {"coordinator", "officer", "admin"} else None,
            department=department if str(role) == "officer" else None,
        )
        for role in (roles or ("migrant",))
    ]
    db.session.add(account)
    db.session.commit()
    return account
