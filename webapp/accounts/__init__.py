"""Accounts, roles, passkeys, one-time enrolment and recovery links."""
