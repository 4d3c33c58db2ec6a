"""Account, Passkey, RoleGrant, OneTimeLink and WebAuthnChallenge tables."""

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.accounts.roles import STAFF_ROLES, Role
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.places.models import Place

# No 0/O, 1/I/L: the reference is read aloud and typed by staff.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


class Account(UserMixin, db.Model):
    __tablename__ = "account"
    # The few deactivated accounts, found without reading every account (dashboards count active coordinators).
    __table_args__ = (
        Index(
            "ix_account_deactivated",
            "id",
            postgresql_where=text("deactivated_at IS NOT NULL"),
            sqlite_where=text("deactivated_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(8), unique=True, default=new_reference)
    display_name: Mapped[str] = mapped_column(String(100))
    user_handle: Mapped[bytes] = mapped_column(LargeBinary(64), unique=True, default=lambda: secrets.token_bytes(32))
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deactivated_at: Mapped[datetime | None]
    #: Set when a recovery link is made or used for this account: the next sign-in shows what happened, until the
    #: person has seen it (webapp/enrolment: /account/recovery).
    recovery_notice_at: Mapped[datetime | None]

    passkeys: Mapped[list["Passkey"]] = relationship(
        back_populates="account", cascade="all, delete-orphan", order_by="Passkey.created_at"
    )
    grants: Mapped[list["RoleGrant"]] = relationship(
        back_populates="account", cascade="all, delete-orphan", foreign_keys="RoleGrant.account_id"
    )

    @property
    def is_active(self) -> bool:  # used by Flask-Login
        return self.deactivated_at is None

    @property
    def reference_display(self) -> str:
        return f"{self.reference[:4]}-{self.reference[4:]}"

    def roles(self) -> set[Role]:
        return {Role(g.role) for g in self.grants}

    def has_role(self, *roles: Role | str) -> bool:
        return bool(self.roles() & {Role(r) for r in roles})

    def is_staff(self) -> bool:
        return self.has_role(*STAFF_ROLES)

    def grants_for(self, role: Role) -> list["RoleGrant"]:
        return [g for g in self.grants if g.role == role]

    def scopes(self, role: Role) -> list[Place]:
        return [g.place for g in self.grants_for(role) if g.place is not None]


class Passkey(db.Model):
    __tablename__ = "passkey"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    credential_id: Mapped[bytes] = mapped_column(LargeBinary(1024), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(2048))
    sign_count: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(60))
    transports: Mapped[str] = mapped_column(String(100), default="")
    backed_up: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    #: A passkey made with a recovery link signs in only from this time (the cooling-off period), unless the person
    #: confirms it sooner from a passkey they already had. None: usable.
    active_from: Mapped[datetime | None]

    account: Mapped[Account] = relationship(back_populates="passkeys")

    def waiting(self, now: datetime) -> bool:
        return self.active_from is not None and self.active_from > now


class RoleGrant(db.Model):
    """One role held by one account, with its scope: a place (staff) and a department (officers)."""

    __tablename__ = "role_grant"
    __table_args__ = (
        UniqueConstraint("account_id", "role", "place_id", "department", name="uq_role_grant"),
        # The coordinators of a node counted from the index alone (the dashboards' one per 500 migrants).
        Index(
            "ix_role_grant_coordinator",
            "place_id",
            "account_id",
            postgresql_where=text("role = 'coordinator'"),
            sqlite_where=text("role = 'coordinator'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"), index=True)
    department: Mapped[str | None] = mapped_column(String(30))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    account: Mapped[Account] = relationship(back_populates="grants", foreign_keys=[account_id])
    place: Mapped[Place | None] = relationship()


class AccountSession(db.Model):
    """One signed-in browser. The session cookie holds a random token; only its hash is stored. Deleting the row
    ends the session, whatever the cookie says (signing out, signing out everywhere, a passkey removed, recovery)."""

    __tablename__ = "account_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The passkey that signed in (None: signed in another way, e.g. the demo): removing it ends the session.
    passkey_id: Mapped[int | None] = mapped_column(ForeignKey("passkey.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The last fresh passkey check with user verification (sign-in or re-verification), for sensitive actions.
    verified_at: Mapped[datetime | None]

    account: Mapped[Account] = relationship()


class WebAuthnChallenge(db.Model):
    """A challenge handed to a browser. Deleted when used, so it can be used only once."""

    __tablename__ = "webauthn_challenge"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(20))
    expires_at: Mapped[datetime] = mapped_column(index=True)


class KeptForm(db.Model):
    """What a person sent from a form that could not be taken (their session had ended, or the page had been open
    longer than a form lasts): kept encrypted for that account alone, for an hour, and put back in the same form
    when they open it again (accounts/kept_forms.py). One per account: the latest."""

    __tablename__ = "kept_form"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), unique=True)
    #: The page the form was on (a path of this site: never personal data).
    path: Mapped[str] = mapped_column(String(300))
    #: The fields as JSON ({name: [values]}), encrypted like an ID number (security/crypto.py), kind "kept_form".
    sealed: Mapped[str] = mapped_column(Text)
    #: Files chosen in the form are not kept: the person is told to choose them again.
    had_files: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
