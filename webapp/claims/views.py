"""The pages where a landlord answers about a tenant, or an employer about a worker (the same forms for both), and
where a person answers a hire an employer reported of them (or a coordinator, for a person without an account)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from webapp import clock
from webapp.accounts.roles import Role
from webapp.audit import log as audit
from webapp.claims import service
from webapp.claims.forms import AnswerForm, LeftForm, OfferForm
from webapp.employers import rules as employer_rules
from webapp.employers.models import Employment
from webapp.extensions import db
from webapp.forms import sent
from webapp.paging import paged
from webapp.people.access import own_person
from webapp.rentals import rules as rental_rules
from webapp.rentals.models import Tenancy
from webapp.security.access import allow

bp = Blueprint("claims", __name__)


def handle_answer(claim, *, party: str, done_endpoint: str, left_message: str, may_answer: bool = True):
    """Returns (a redirect when something was recorded, else None; the answer form; the 'left' form).
    `may_answer` False: the party may only report a departure (a hire an employer reported is not theirs to confirm)."""
    answer, left = AnswerForm(prefix="answer"), LeftForm(prefix="left")
    if may_answer and sent(answer, request.form) and claim.status != "pending":
        # The page offers the answer only while it waits: this one came from a page left open, or was sent twice.
        flash(_("This has been answered already. The first answer stands."), "info")
        return redirect(request.path), answer, left
    if may_answer and sent(answer, request.form) and answer.validate_on_submit():
        service.answer_claim(
            claim,
            actor=current_user,
            party=party,
            confirm=answer.answer.data == "confirm",
            reason=(answer.reason.data or "").strip(),
        )
        flash(_("Thank you. Your answer has been recorded."), "success")
        return redirect(url_for(done_endpoint)), answer, left
    if sent(left, request.form) and claim.ended_on is not None:
        flash(_("The departure has been recorded already."), "info")  # a page left open, or sent twice
        return redirect(request.path), answer, left
    if sent(left, request.form) and claim.status == "denied":
        abort(400)  # the page offers no departure for someone the party said never lived or worked there
    if sent(left, request.form) and left.validate_on_submit():
        if left.left_on.data < claim.started_on:
            left.left_on.errors = [_("The date cannot be before they started")]
        else:
            service.claim_ended(claim, actor=current_user, party=party, on=left.left_on.data)
            flash(left_message, "success")
            return redirect(url_for(done_endpoint)), answer, left
    return None, answer, left


#: What a party looks at, and why (the audit log's record kind and reason): a tenancy, or a job.
PARTY_RECORD = {"landlord": "tenancy", "employer": "employment"}


def party_page(
    claim,
    *,
    party: str,
    seen: dict,
    template: str,
    left_field: str,
    done_endpoint: str,
    left_message: str,
    may_answer: bool = True,
):
    """A landlord's or an employer's page about a claim: the answer or the departure recorded, or the page, whose
    look is logged (on a GET, and on a form sent back with its errors: it shows the person too; `seen` names the
    record, as the audit details). `left_field`: the name the template gives the departure form."""
    done, answer, left = handle_answer(
        claim, party=party, done_endpoint=done_endpoint, left_message=left_message, may_answer=may_answer
    )
    if done:
        return done
    audit.viewed(
        claim.person.account,
        actor=current_user,
        what=PARTY_RECORD[party],
        why=PARTY_RECORD[party],
        as_role=party,
        person=claim.person,
        **seen,
    )
    return render_template(template, claim=claim, answer=answer, may_answer=may_answer, **{left_field: left})


@bp.route("/landlord/tenancies/<int:tenancy_id>", methods=["GET", "POST"])
@allow(Role.LANDLORD)
def tenancy(tenancy_id: int):
    claim = rental_rules.owned_tenancy_or_none(tenancy_id, current_user)
    if claim is None:
        abort(404)
    return party_page(
        claim,
        party="landlord",
        seen={"tenancy": claim.id},
        template="claims/tenancy.html",
        left_field="left",
        done_endpoint="rentals.home",
        left_message=_("Thank you. We have recorded that the tenant left."),
    )


@bp.route("/employer/employments/<int:employment_id>", methods=["GET", "POST"])
@allow(Role.EMPLOYER)
def employment(employment_id: int):
    employer = employer_rules.employer_of(current_user)
    claim = employer_rules.owned_employment_or_none(employment_id, employer)
    if claim is None:
        abort(404)
    return party_page(
        claim,
        party="employer",
        seen={"employment": claim.id, "employer": employer.id},
        template="claims/employment.html",
        left_field="departure",
        done_endpoint="employers.home",
        left_message=_("Thank you. We have recorded that the worker left."),
        # A hire they reported is the person's to confirm, not theirs; their own job (an HR person who is also a
        # resident) is a colleague's to answer: nobody vouches for themselves.
        may_answer=claim.source != "employer" and not own_claim(claim),
    )


def own_claim(claim) -> bool:
    """The claim is about the signed-in person themselves (a landlord's or an employer's own tenancy or job)."""
    return claim.person is not None and claim.person.account_id == current_user.id


@bp.route("/me/jobs/<int:employment_id>", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def job_claim(employment_id: int):
    """A hire an employer reported of the signed-in person: theirs to confirm or deny."""
    claim = employer_rules.own_hire_claim_or_none(employment_id, own_person())
    if claim is None:
        abort(404)
    form = AnswerForm()
    form.reason.description = _("A coordinator will see this. The employer is told only that you said no.")
    if claim.status == "pending" and form.validate_on_submit():
        confirm = form.answer.data == "confirm"
        service.answer_hire(claim, actor=current_user, confirm=confirm, reason=(form.reason.data or "").strip())
        flash(
            _("Thank you. The job is on your record.") if confirm else _("Thank you. The employer has been told."),
            "success",
        )
        return redirect(url_for("registrations.home"))
    return render_template("claims/job_claim.html", claim=claim, form=form)


def own_offer_or_404(model, claim_id: int, offered: str):
    """One of the signed-in person's own claims with an offer waiting for their answer (`offered`: the attribute)."""
    person = own_person()
    claim = db.session.get(model, claim_id)
    if person is None or claim is None or claim.person_id != person.id or getattr(claim, offered) is None:
        abort(404)
    return claim


def offer_page(claim, *, party: str, offered, accept, decline):
    form = OfferForm()
    if form.validate_on_submit():
        if form.answer.data == "accept":
            accept()
            flash(_("Thank you. They will now be asked to confirm that you live or work there."), "success")
        else:
            decline()
            flash(_("Thank you. They will not see anything about you."), "success")
        return redirect(url_for("registrations.home"))
    return render_template("claims/offer.html", claim=claim, party=party, offered=offered, form=form)


@bp.route("/me/landlord-offers/<int:tenancy_id>", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def landlord_offer(tenancy_id: int):
    """A landlord joined with the mobile number the tenant gave: is it theirs? Until they say so, the landlord sees
    nothing of them (nobody checks whose number it is)."""
    claim = own_offer_or_404(Tenancy, tenancy_id, "offered_property")
    return offer_page(
        claim,
        party="landlord",
        offered=claim.offered_property,
        accept=lambda: service.accept_landlord(claim, actor=current_user, today=clock.today()),
        decline=lambda: service.decline_landlord(claim, actor=current_user),
    )


@bp.route("/me/employer-offers/<int:employment_id>", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def employer_offer(employment_id: int):
    """An organisation joined with the code the worker gave (a public code): is it their employer?"""
    claim = own_offer_or_404(Employment, employment_id, "offered_employer")
    return offer_page(
        claim,
        party="employer",
        offered=claim.offered_employer,
        accept=lambda: service.accept_employer(claim, actor=current_user, today=clock.today()),
        decline=lambda: service.decline_employer(claim, actor=current_user),
    )


#: Hires listed on one page of /coordinator/hires.
HIRES_PAGE_SIZE = 50


def coordinator_communities() -> list[int]:
    return [place.id for place in current_user.scopes(Role.COORDINATOR)]


@bp.get("/coordinator/hires")
@allow(Role.COORDINATOR)
def hires_to_answer():
    """Hires reported of people without an account, by employers in the coordinator's communities."""
    shown = paged(
        employer_rules.hires_without_account(coordinator_communities()).options(selectinload(Employment.person)),
        request.args.get("page", 1, type=int),
        HIRES_PAGE_SIZE,
    )
    hires = shown.items
    page = render_template("claims/coordinator_hires.html", hires=hires, page=shown)
    people = sorted({hire.person_id for hire in hires})
    audit.viewed_in_list(people, actor=current_user, as_role="coordinator", what="employment", why="employment")
    db.session.commit()
    return page


@bp.route("/coordinator/hires/<int:employment_id>", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
def hire_answer(employment_id: int):
    """The coordinator, who knows the person, answers for them (after asking them)."""
    claim = employer_rules.hire_without_account_or_none(employment_id, coordinator_communities())
    if claim is None and employer_rules.hire_answered_already(employment_id, coordinator_communities()):
        flash(_("This hire has been answered already."), "info")
        return redirect(url_for("claims.hires_to_answer"))
    if claim is None:
        abort(404)
    form = AnswerForm()
    if form.validate_on_submit():
        confirm = form.answer.data == "confirm"
        service.answer_hire(claim, actor=current_user, confirm=confirm, reason=(form.reason.data or "").strip())
        flash(_("Thank you. Your answer has been recorded."), "success")
        return redirect(url_for("claims.hires_to_answer"))
    audit.viewed(
        None,
        actor=current_user,
        what="employment",
        why="employment",
        as_role="coordinator",
        person=claim.person,
        employment=claim.id,
    )
    return render_template("claims/coordinator_hire.html", claim=claim, form=form)
