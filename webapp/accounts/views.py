"""Create an account, sign in and out, and manage passkeys. Passkey ceremonies talk JSON to static/js/passkeys.js."""

import secrets

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from webapp import labels
from webapp.accounts import passkeys
from webapp.accounts.forms import ROLE_START, AddRoleForm, PasskeyNameForm, SignupForm
from webapp.accounts.messages import ceremony_error, json_options
from webapp.accounts.models import Account, Passkey, RoleGrant
from webapp.accounts.roles import SELF_SERVICE_ROLES
from webapp.accounts.sessions import (
    current_record,
    end_sessions,
    fresh_passkey,
    mark_verified,
    recently_verified,
    sign_in,
    sign_out,
)
from webapp.audit import log as audit
from webapp.audit.log import events_about
from webapp.clock import utcnow
from webapp.extensions import db, limiter
from webapp.security import limits
from webapp.security.access import PUBLIC, SIGNED_IN, allow
from webapp.security.urls import safe_next

bp = Blueprint("accounts", __name__)

PENDING_SIGNUP = "pending_signup"


def signin_limit():
    return current_app.config["RATELIMIT_SIGNIN"]


def signup_limit():
    return current_app.config["RATELIMIT_SIGNUP"]


def signup_accepted(response) -> bool:
    """Whether the sign-up form was accepted (it redirects to the passkey step): only those count against the
    limit, so a person who mistypes (an empty name, no role ticked) sees the message beside the field and keeps
    what they typed, instead of "Too many tries". A refused form costs the server no more than showing it."""
    return response.status_code in (302, 303)


@bp.route("/signup", methods=["GET", "POST"])
@allow(PUBLIC)
@limiter.limit(signup_limit, methods=["POST"], deduct_when=signup_accepted)
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    # Where the person was going (a landlord's poster, say) is kept through sign-up; a role may be suggested.
    next_path = safe_next(request.args.get("next")) if request.args.get("next") else None
    suggested = request.args.get("role")
    roles = [suggested] if suggested in {r.value for r in SELF_SERVICE_ROLES} else ["migrant"]
    form = SignupForm(data=session.get(PENDING_SIGNUP) or {"roles": roles})
    if form.validate_on_submit():
        pending = session.get(PENDING_SIGNUP) or {}
        session[PENDING_SIGNUP] = {
            "display_name": form.display_name.data,
            "roles": list(dict.fromkeys(form.roles.data)),  # a role ticked twice (a form sent by hand) is one role
            "user_handle": pending.get("user_handle") or secrets.token_bytes(32).hex(),
            "next": next_path,
        }
        return redirect(url_for("accounts.signup_passkey"))
    return render_template("accounts/signup.html", form=form, next=next_path)


@bp.get("/signup/passkey")
@allow(PUBLIC)
def signup_passkey():
    pending = session.get(PENDING_SIGNUP)
    if not pending:
        return redirect(url_for("accounts.signup"))
    return render_template("accounts/signup_passkey.html", pending=pending)


@bp.post("/signup/passkey/options")
@allow(PUBLIC)
@limiter.limit(signup_limit)
def signup_options():
    pending = session.get(PENDING_SIGNUP)
    if not pending:
        return ceremony_error(passkeys.CeremonyError("no_challenge"))
    return json_options(
        passkeys.registration_options(
            "signup",
            user_handle=bytes.fromhex(pending["user_handle"]),
            user_name=pending["display_name"],
            display_name=pending["display_name"],
        )
    )


@bp.post("/signup/passkey/verify")
@allow(PUBLIC)
@limiter.limit(signup_limit)
def signup_verify():
    pending = session.get(PENDING_SIGNUP)
    if not pending:
        return ceremony_error(passkeys.CeremonyError("no_challenge"))
    try:
        new = passkeys.verify_registration("signup", request.get_data())
        if db.session.scalar(db.select(Account.id).where(Account.user_handle == bytes.fromhex(pending["user_handle"]))):
            # This sign-up was finished already (a session cookie from before it, sent again): one account only.
            session.pop(PENDING_SIGNUP, None)
            raise passkeys.CeremonyError("signed_up")
    except passkeys.CeremonyError as error:
        return ceremony_error(error)
    account = Account(
        display_name=pending["display_name"],
        user_handle=bytes.fromhex(pending["user_handle"]),
        locale=str(get_locale()),
    )
    account.grants = [RoleGrant(role=role) for role in pending["roles"]]
    passkey = passkeys.add_passkey(account, new, passkeys.passkey_name_from(request.user_agent.string))
    db.session.add(account)
    db.session.commit()
    sign_in(account, passkey=passkey, verified=True)
    flash(_("Your account is ready. Next time, sign in with your passkey."), "success")
    return jsonify(redirect=safe_next(pending.get("next")))


@bp.get("/signin")
@allow(PUBLIC)
def signin():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    return render_template("accounts/signin.html", next=safe_next(request.args.get("next")))


@bp.post("/signin/options")
@allow(PUBLIC)
@limiter.limit(signin_limit)
def signin_options():
    return json_options(passkeys.authentication_options())


@bp.post("/signin/verify")
@allow(PUBLIC)
@limiter.limit(signin_limit)
@limiter.limit(limits.signin_credential_limit, key_func=limits.per_credential)
def signin_verify():
    try:
        passkey = passkeys.verify_authentication(request.get_data())
    except passkeys.CeremonyError as error:
        db.session.rollback()
        return ceremony_error(error)
    db.session.commit()
    sign_in(passkey.account, passkey=passkey, verified=True)
    if passkey.account.recovery_notice_at is not None:
        # Told at the next sign-in: a recovery link was made or used for this account.
        return jsonify(redirect=url_for("enrolment.recovery_notice"))
    return jsonify(redirect=safe_next(request.args.get("next")))


@bp.post("/signout")
@allow(PUBLIC)
def signout():
    sign_out()
    flash(_("You have signed out."), "success")
    return redirect(url_for("home.index"))


@bp.post("/account/signout-everywhere")
@allow(SIGNED_IN)
def signout_everywhere():
    account = current_user._get_current_object()
    ended = end_sessions(account)
    audit.record("sessions.ended", actor=account, subject=account, sessions=ended)
    db.session.commit()
    sign_out()
    flash(_("You have signed out on every device."), "success")
    return redirect(url_for("home.index"))


# --- Re-verification: a fresh passkey check before a sensitive action (see sessions.fresh_passkey) ------------


@bp.get("/account/verify")
@allow(SIGNED_IN)
def reverify():
    return render_template("accounts/reverify.html", next=safe_next(request.args.get("next")))


@bp.post("/account/verify/options")
@allow(SIGNED_IN)
@limiter.limit(signin_limit)
def reverify_options():
    usable = [p for p in current_user.passkeys if not p.waiting(utcnow())]
    return json_options(passkeys.authentication_options("reverify", allow=usable))


@bp.post("/account/verify/verify")
@allow(SIGNED_IN)
@limiter.limit(signin_limit)
def reverify_verify():
    try:
        passkey = passkeys.verify_authentication(request.get_data(), purpose="reverify")
        if passkey.account_id != current_user.id:
            raise passkeys.CeremonyError("not_yours")
    except passkeys.CeremonyError as error:
        db.session.rollback()
        return ceremony_error(error)
    mark_verified()
    db.session.commit()
    return jsonify(redirect=safe_next(request.args.get("next")))


@bp.get("/passkeys-unsupported")
@allow(PUBLIC)
def unsupported():
    return render_template("accounts/unsupported.html")


@bp.get("/account")
@allow(SIGNED_IN)
def account():
    return account_page(AddRoleForm(current_user))


def account_page(add_role: AddRoleForm, renamed: PasskeyNameForm | None = None, renamed_id: int | None = None):
    """The account page, with the form to add a role and one to name each passkey (the errors of the one just sent,
    `renamed` for the passkey `renamed_id`)."""
    events, page, pages = events_about(current_user, request.args.get("page", 1, type=int))
    names = {
        key.id: renamed
        if key.id == renamed_id
        else PasskeyNameForm(prefix=f"passkey-{key.id}", data={"name": key.name})
        for key in current_user.passkeys
    }
    return render_template(
        "accounts/account.html",
        account=current_user,
        names=names,
        renamed=renamed,
        audit_events=events,
        audit_page=page,
        audit_pages=pages,
        verified=recently_verified(),
        now=utcnow(),
        add_role=add_role,
    )


@bp.post("/account/roles")
@allow(SIGNED_IN)
def add_role():
    """Add a self-service role (new resident, landlord, employer) to the signed-in account, then start with it."""
    form = AddRoleForm(current_user)
    if not form.role.choices:
        abort(404)
    if not form.validate_on_submit():
        return account_page(form)
    current_user.grants.append(RoleGrant(role=form.role.data))
    audit.record("account.role_added", actor=current_user, subject=current_user, role=form.role.data)
    db.session.commit()
    flash(_("Added. You can now use Xinju as: %(role)s.", role=labels.label("role", form.role.data)), "success")
    return redirect(url_for(ROLE_START[form.role.data]))


@bp.post("/account/passkeys/options")
@allow(SIGNED_IN)
@limiter.limit(signup_limit)
@fresh_passkey
def add_passkey_options():
    return json_options(
        passkeys.registration_options(
            "add",
            user_handle=current_user.user_handle,
            user_name=current_user.display_name,
            display_name=current_user.display_name,
            exclude=current_user.passkeys,
        )
    )


@bp.post("/account/passkeys/verify")
@allow(SIGNED_IN)
@limiter.limit(signup_limit)
@fresh_passkey
def add_passkey_verify():
    try:
        new = passkeys.verify_registration("add", request.get_data())
    except passkeys.CeremonyError as error:
        return ceremony_error(error)
    passkeys.add_passkey(current_user, new, passkeys.passkey_name_from(request.user_agent.string))
    db.session.commit()
    flash(_("Passkey added."), "success")
    return jsonify(redirect=url_for("accounts.account"))


def own_passkey_or_404(passkey_id: int) -> Passkey:
    """One of the signed-in person's passkeys; any other (or none) is a 404, the same answer either way."""
    passkey = db.session.get(Passkey, passkey_id)
    if passkey is None or passkey.account_id != current_user.id:
        abort(404)
    return passkey


def only_usable(passkey: Passkey) -> bool:
    """Whether this is the last passkey that signs in now: it is never removed (nobody could sign in)."""
    usable = [p for p in current_user.passkeys if not p.waiting(utcnow())]
    return passkey in usable and len(usable) <= 1


def signed_in_with(passkey: Passkey) -> bool:
    """Whether this device's session was signed in with this passkey (removing it ends the session)."""
    record = current_record()
    return record is not None and record.passkey_id == passkey.id


@bp.post("/account/passkeys/<int:passkey_id>/name")
@allow(SIGNED_IN)
def rename_passkey(passkey_id: int):
    passkey = own_passkey_or_404(passkey_id)
    form = PasskeyNameForm(prefix=f"passkey-{passkey.id}")
    if not form.validate_on_submit():
        return account_page(AddRoleForm(current_user), renamed=form, renamed_id=passkey.id), 400
    passkey.name = form.name.data
    db.session.commit()
    flash(_("Passkey renamed: %(name)s.", name=passkey.name), "success")
    return redirect(url_for("accounts.account"))


@bp.route("/account/passkeys/<int:passkey_id>/remove", methods=["GET", "POST"])
@allow(SIGNED_IN)
def remove_passkey(passkey_id: int):
    """Removing a passkey asks first (without JavaScript: a page of its own, GET), and says when it signs this
    device out; the POST removes it. One rule for both: an id out of the database's range is a 404 for either."""
    passkey = own_passkey_or_404(passkey_id)
    if request.method == "GET":
        return render_template(
            "accounts/remove_passkey.html",
            passkey=passkey,
            only=only_usable(passkey),
            this_device=signed_in_with(passkey),
        )
    name, this_device = passkey.name, signed_in_with(passkey)
    # A session that passkey made ends with it, this one too; the last one that signs in is kept, even when two
    # removals arrive at the same moment.
    if only_usable(passkey) or not passkeys.remove(current_user, passkey):
        flash(
            _("You cannot remove your only passkey: you would not be able to sign in. Add another one first."), "error"
        )
        return redirect(url_for("accounts.account"))
    db.session.commit()
    if this_device:
        sign_out()  # its session row is gone already: the cookie goes too, and the page says why
        flash(
            _(
                "The passkey “%(name)s” was removed. You had signed in on this device with it, so you are signed out "
                "here. Sign in with another of your passkeys.",
                name=name,
            ),
            "info",
        )
        return redirect(url_for("accounts.signin"))
    flash(_("Passkey removed."), "success")
    return redirect(url_for("accounts.account"))
