"""Imports every model so that SQLAlchemy's metadata (and Alembic's autogenerate) knows all tables."""

from webapp.accounts.models import Account, Passkey, RoleGrant, WebAuthnChallenge
from webapp.audit.models import AuditEvent
from webapp.enrolment.models import OneTimeLink
from webapp.places.models import Place

__all__ = ["Account", "AuditEvent", "OneTimeLink", "Passkey", "Place", "RoleGrant", "WebAuthnChallenge"]
