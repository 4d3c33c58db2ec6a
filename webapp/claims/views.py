"""The page where a landlord answers about a tenant, or an employer about a worker: the same forms for both."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.accounts.roles import Role
from webapp.audit import log as audit
from webapp.claims import service
from webapp.claims.forms import AnswerForm, LeftForm
from webapp.employers import rules as employer_rules
from webapp.forms import sent
from webapp.rentals import rules as rental_rules
from webapp.security.access import allow

bp = Blueprint("claims", __name__)


def handle_answer(claim, *, party: str, done_endpoint: str, left_message: str):
    """Returns (a redirect when something was recorded, else None; the answer form; the 'left' form)."""
    answer, left = AnswerForm(prefix="answer"), LeftForm(prefix="left")
    if sent(answer, request.form) and answer.validate_on_submit():
        service.answer_claim(
            claim,
            actor=current_user,
            party=party,
            confirm=answer.answer.data == "confirm",
            reason=(answer.reason.data or "").strip(),
        )
        flash(_("Thank you. Your answer has been recorded."), "success")
        return redirect(url_for(done_endpoint)), answer, left
    if sent(left, request.form) and left.validate_on_submit():
        if left.left_on.data < claim.started_on:
            left.left_on.errors = [_("The date cannot be before they started")]
        else:
            service.claim_ended(claim, actor=current_user, party=party, on=left.left_on.data)
            flash(left_message, "success")
            return redirect(url_for(done_endpoint)), answer, left
    return None, answer, left


@bp.route("/landlord/tenancies/<int:tenancy_id>", methods=["GET", "POST"])
@allow(Role.LANDLORD)
def tenancy(tenancy_id: int):
    claim = rental_rules.owned_tenancy_or_none(tenancy_id, current_user)
    if claim is None:
        abort(404)
    if request.method == "GET":
        audit.viewed(
            claim.person.account,
            actor=current_user,
            what="tenancy",
            why="tenancy",
            as_role="landlord",
            person=claim.person,
            tenancy=claim.id,
        )
    done, answer, left = handle_answer(
        claim,
        party="landlord",
        done_endpoint="rentals.home",
        left_message=_("Thank you. We have recorded that the tenant left."),
    )
    if done:
        return done
    return render_template("claims/tenancy.html", claim=claim, answer=answer, left=left)


@bp.route("/employer/employments/<int:employment_id>", methods=["GET", "POST"])
@allow(Role.EMPLOYER)
def employment(employment_id: int):
    employer = employer_rules.employer_of(current_user)
    claim = employer_rules.owned_employment_or_none(employment_id, employer)
    if claim is None:
        abort(404)
    if request.method == "GET":
        audit.viewed(
            claim.person.account,
            actor=current_user,
            what="employment",
            why="employment",
            as_role="employer",
            person=claim.person,
            employment=claim.id,
            employer=employer.id,
        )
    done, answer, departure = handle_answer(
        claim,
        party="employer",
        done_endpoint="employers.home",
        left_message=_("Thank you. We have recorded that the worker left."),
    )
    if done:
        return done
    return render_template("claims/employment.html", claim=claim, answer=answer, departure=departure)
