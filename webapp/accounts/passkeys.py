"""Passkey ceremonies with py_webauthn, as plain functions the views call.

Challenges are kept in two places on purpose: the browser's session names the challenge it was given, and the
database holds a hash of it until it is used or expires. Using a challenge deletes its row, so a replayed
response (even with a replayed session cookie) is refused.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app, session
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from webapp import clock, jsonbody
from webapp.accounts.models import Account, Passkey, WebAuthnChallenge
from webapp.accounts.schemas import AUTHENTICATION_CREDENTIAL, CEREMONY_MAX_BYTES, REGISTRATION_CREDENTIAL
from webapp.accounts.sessions import end_sessions
from webapp.clock import utcnow
from webapp.extensions import db

SESSION_KEY = "webauthn"
#: The longest name a passkey keeps (its column); a name the person gives it is shorter (forms.PasskeyNameForm).
NAME_LONGEST = 60


class CeremonyError(Exception):
    """The ceremony failed; `code` says why, for a message in the person's language."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _hash(challenge: bytes) -> str:
    return hashlib.sha256(challenge).hexdigest()


def _start(purpose: str, challenge: bytes) -> None:
    now = utcnow()
    db.session.execute(delete(WebAuthnChallenge).where(WebAuthnChallenge.expires_at < now))
    seconds = current_app.config["WEBAUTHN_CHALLENGE_SECONDS"]
    db.session.add(
        WebAuthnChallenge(challenge_hash=_hash(challenge), purpose=purpose, expires_at=now + timedelta(seconds=seconds))
    )
    db.session.commit()
    session[SESSION_KEY] = {"purpose": purpose, "challenge": bytes_to_base64url(challenge)}


def _finish(purpose: str) -> bytes:
    """Take the challenge out of the session and the database: it can be used once, within its time."""
    state = session.pop(SESSION_KEY, None)
    if not state or state.get("purpose") != purpose:
        raise CeremonyError("no_challenge")
    challenge = base64url_to_bytes(state["challenge"])
    deleted = db.session.execute(
        delete(WebAuthnChallenge).where(
            WebAuthnChallenge.challenge_hash == _hash(challenge),
            WebAuthnChallenge.purpose == purpose,
            WebAuthnChallenge.expires_at >= utcnow(),
        )
    ).rowcount
    db.session.commit()
    if deleted != 1:
        raise CeremonyError("expired")
    return challenge


def _parse(raw: str | bytes, schema: dict) -> dict:
    """The credential the browser sent, checked against its schema (accounts/schemas.py) before py_webauthn reads
    it: a body too large, nested too deep, not JSON or not shaped like a credential is "malformed", never a 500."""
    if len(raw) > CEREMONY_MAX_BYTES:
        raise CeremonyError("malformed")
    try:
        credential = jsonbody.loads(raw)
    except jsonbody.BodyError as error:
        raise CeremonyError("malformed") from error
    if jsonbody.first_problem(schema, credential):
        raise CeremonyError("malformed")
    return credential


def registration_options(
    purpose: str, *, user_handle: bytes, user_name: str, display_name: str, exclude: list[Passkey] = ()
) -> str:
    """Options for navigator.credentials.create(): a discoverable credential with user verification."""
    options = generate_registration_options(
        rp_id=current_app.config["WEBAUTHN_RP_ID"],
        rp_name=current_app.config["WEBAUTHN_RP_NAME"],
        user_id=user_handle,
        user_name=user_name,
        user_display_name=display_name,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            require_resident_key=True,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=p.credential_id) for p in exclude],
        timeout=current_app.config["WEBAUTHN_CHALLENGE_SECONDS"] * 1000,
    )
    _start(purpose, options.challenge)
    return options_to_json(options)


@dataclass
class NewPasskey:
    credential_id: bytes
    public_key: bytes
    sign_count: int
    backed_up: bool
    transports: str


def verify_registration(purpose: str, raw_credential: str | bytes) -> NewPasskey:
    challenge = _finish(purpose)
    credential = _parse(raw_credential, REGISTRATION_CREDENTIAL)
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=current_app.config["WEBAUTHN_RP_ID"],
            expected_origin=current_app.config["WEBAUTHN_ORIGINS"],
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError, AttributeError) as error:
        current_app.logger.info("passkey registration refused: %s", error)
        raise CeremonyError("refused") from error
    if db.session.scalar(db.select(Passkey.id).where(Passkey.credential_id == verified.credential_id)):
        raise CeremonyError("already_registered")
    transports = (credential.get("response") or {}).get("transports") or []
    return NewPasskey(
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        backed_up=bool(verified.credential_backed_up),
        transports=",".join(t for t in transports if isinstance(t, str))[:100],
    )


def add_passkey(account: Account, new: NewPasskey, name: str) -> Passkey:
    passkey = Passkey(
        account=account,
        credential_id=new.credential_id,
        public_key=new.public_key,
        sign_count=new.sign_count,
        backed_up=new.backed_up,
        transports=new.transports,
        name=name[:60],
    )
    db.session.add(passkey)
    return passkey


def remove(account: Account, passkey: Passkey) -> bool:
    """Remove one of the account's passkeys and end the sessions it signed in (the caller commits); False, with
    nothing changed, when no passkey that signs in now would be left. The account's row is locked first and the
    passkeys left are counted in the database: two removals sent at the same moment (two tabs, two phones) each saw
    two passkeys, and would otherwise have removed both."""
    db.session.execute(select(Account.id).where(Account.id == account.id).with_for_update())
    end_sessions(account, passkey=passkey)
    db.session.delete(passkey)
    db.session.flush()
    now = utcnow()
    left = db.session.scalar(
        select(func.count(Passkey.id)).where(
            Passkey.account_id == account.id, or_(Passkey.active_from.is_(None), Passkey.active_from <= now)
        )
    )
    if not left:
        db.session.rollback()
        return False
    return True


def authentication_options(purpose: str = "signin", allow: list[Passkey] = ()) -> str:
    """Options for navigator.credentials.get(). Sign-in is usernameless (no allowCredentials: the browser offers
    its passkeys); a re-verification lists the signed-in account's passkeys."""
    options = generate_authentication_options(
        rp_id=current_app.config["WEBAUTHN_RP_ID"],
        allow_credentials=[PublicKeyCredentialDescriptor(id=p.credential_id) for p in allow],
        user_verification=UserVerificationRequirement.REQUIRED,
        timeout=current_app.config["WEBAUTHN_CHALLENGE_SECONDS"] * 1000,
    )
    _start(purpose, options.challenge)
    return options_to_json(options)


def verify_authentication(raw_credential: str | bytes, purpose: str = "signin") -> Passkey:
    challenge = _finish(purpose)
    credential = _parse(raw_credential, AUTHENTICATION_CREDENTIAL)
    try:
        credential_id = base64url_to_bytes(credential["id"])
    except (ValueError, TypeError) as error:
        raise CeremonyError("malformed") from error
    passkey = db.session.scalar(db.select(Passkey).where(Passkey.credential_id == credential_id))
    if passkey is None:
        raise CeremonyError("unknown_passkey")
    if passkey.waiting(utcnow()):
        raise CeremonyError("cooling_off")
    handle = (credential.get("response") or {}).get("userHandle")
    if handle and handle != bytes_to_base64url(passkey.account.user_handle):
        raise CeremonyError("unknown_passkey")
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=current_app.config["WEBAUTHN_RP_ID"],
            expected_origin=current_app.config["WEBAUTHN_ORIGINS"],
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError, AttributeError) as error:
        current_app.logger.info("passkey sign-in refused for passkey %s: %s", passkey.id, error)
        raise CeremonyError("refused") from error
    if not passkey.account.is_active:
        # Said only to whoever proved they hold the passkey (a deleted account's passkeys are gone: unknown): to them
        # it reveals nothing they could not know, and "we do not know this passkey" sent a deactivated officer to
        # make a new account.
        raise CeremonyError("closed")
    passkey.sign_count = verified.new_sign_count
    passkey.backed_up = bool(verified.credential_backed_up)
    passkey.last_used_at = utcnow()
    return passkey


#: (marker in the user agent, the device's name), the first found names it.
DEVICES = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS", "Mac"),
    ("CrOS", "Chromebook"),
    ("Linux", "Linux"),
)
#: (marker, the browser's name), most specific first: Edge, Opera and the others say "Chrome" too.
BROWSERS = (
    ("MicroMessenger", "WeChat"),
    ("EdgA/", "Edge"),
    ("EdgiOS/", "Edge"),
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung"),
    ("UCBrowser/", "UC"),
    ("QQBrowser/", "QQ"),
    ("HuaweiBrowser/", "Huawei"),
    ("MiuiBrowser/", "Mi"),
    ("FxiOS/", "Firefox"),
    ("Firefox/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)


def passkey_name_from(user_agent: str, added: date | None = None) -> str:
    """A default name a person recognises in their list, and that tells two passkeys apart: the device, the
    browser and the day ("Linux · Chrome, added 2 Dec 2026"), in the person's language. They can rename it."""
    ua = user_agent or ""
    device = next((name for marker, name in DEVICES if marker in ua), None)
    browser = next((name for marker, name in BROWSERS if marker in ua), None)
    made = " · ".join(part for part in (device, browser) if part) or _("Passkey")
    day = format_date(added or clock.today(), "medium")
    return _("%(device)s, added %(date)s", device=made, date=day)[:NAME_LONGEST]
