"""A coordinator checks an identity claim: someone registered with a number on a record someone else entered."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.accounts.roles import Role
from webapp.audit import log as audit
from webapp.extensions import db
from webapp.paging import paged
from webapp.people import placeholders
from webapp.people.models import IdentityClaim
from webapp.security.access import allow

bp = Blueprint("identity", __name__)
#: Claims listed on one page of /coordinator/identity-claims.
CLAIMS_PAGE_SIZE = 50


def my_communities() -> set[int]:
    return {place.id for place in current_user.scopes(Role.COORDINATOR)}


@bp.get("/coordinator/identity-claims")
@allow(Role.COORDINATOR)
def claims():
    # Never one's own claim: a second person checks the identity card (as for corrections).
    shown = paged(
        placeholders.claims_for(sorted(my_communities()), not_of_account=current_user.id),
        request.args.get("page", 1, type=int),
        CLAIMS_PAGE_SIZE,
    )
    found = shown.items
    page = render_template("people/identity_claims.html", claims=found, page=shown)
    # The list showed the claimants (names, masked ID numbers): in each one's "who has looked".
    people = sorted({claim.claimant_id for claim in found})
    audit.viewed_in_list(people, actor=current_user, as_role="coordinator", what="identity_claim", why="identity claim")
    db.session.commit()
    return page


@bp.route("/coordinator/identity-claims/<int:claim_id>", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
def claim(claim_id: int):
    found = db.session.get(IdentityClaim, claim_id)
    if found is None or not placeholders.claim_places(found) & my_communities():
        abort(404)
    if found.claimant.account_id == current_user.id:
        abort(403)  # never one's own record: another coordinator checks the card
    if found.status != "pending":
        # Decided already (by a colleague, or this page sent twice): the list says what is left to check.
        flash(_("This claim has been decided already."), "info")
        return redirect(url_for("identity.claims"))
    if request.method == "POST":
        decision = request.form.get("decision")
        if decision not in ("confirm", "deny"):
            abort(400)
        placeholders.decide(found, actor=current_user, confirm=decision == "confirm")
        flash(
            _("The record is now theirs.") if decision == "confirm" else _("The number went back to the old record."),
            "success",
        )
        return redirect(url_for("identity.claims"))
    audit.viewed(
        found.claimant.account,
        actor=current_user,
        what="identity_claim",
        why="identity claim",
        as_role="coordinator",
        person=found.claimant,
        claim=found.id,
    )
    return render_template("people/identity_claim.html", claim=found, holds=placeholders.holdings(found.placeholder))
