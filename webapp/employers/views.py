"""Employers: set up the organisation, confirm workers' claims, report hires and departures."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from webapp import clock
from webapp.accounts.roles import Role
from webapp.audit import log as audit
from webapp.employers import rules, service
from webapp.employers.forms import EmployerForm, EmployerPlaceForm, HireForm
from webapp.employers.models import Employer
from webapp.extensions import db, limiter
from webapp.people import reference
from webapp.people.access import own_person
from webapp.people.forms import ID_ERRORS
from webapp.places.chooser import chain_of, fill_chain, jurisdiction_children, wants_next_list
from webapp.places.forms import PLACE_FIELDS, community_or_none
from webapp.registrations.claims import handle_answer
from webapp.rentals.forms import AnswerForm
from webapp.rentals.rules import duty
from webapp.security.access import allow

bp = Blueprint("employers", __name__)


def employer_or_setup():
    employer = rules.employer_of(current_user)
    return employer, (None if employer else redirect(url_for("employers.setup")))


@bp.get("/employer")
@allow(Role.EMPLOYER)
def home():
    employer, setup_first = employer_or_setup()
    if setup_first:
        return setup_first
    workers, today = rules.employments_of(employer), clock.today()
    return render_template(
        "employers/home.html",
        employer=employer,
        workers=workers,
        duty=duty(rules.awaiting_employer(workers), today),
        today=today,
    )


@bp.route("/employer/setup", methods=["GET", "POST"])
@allow(Role.EMPLOYER)
def setup():
    if rules.employer_of(current_user):
        return redirect(url_for("employers.home"))
    form = EmployerForm()
    community = community_or_none(fill_chain(form, PLACE_FIELDS, jurisdiction_children))
    if request.method == "POST" and not wants_next_list(request.form):
        valid = form.validate()  # and the checks below, in the same round
        uscc, error = reference.check_uscc(form.uscc.data or "") if not form.uscc.errors else (None, None)
        if community is None:
            form.community.errors = [_("Choose the village or community where the organisation is")]
        if error:
            form.uscc.errors = [_("This is not a valid unified social credit code: check the 18 characters")]
        elif uscc and db.session.scalar(select(Employer.id).where(Employer.uscc == uscc)):
            form.uscc.errors = [_("This organisation is already on Xinju. Ask its administrator to add you.")]
        elif valid and community is not None:
            _employer, waiting = service.set_up(current_user, name=form.name.data, uscc=uscc, place=community)
            flash(
                _("Your organisation is set up. %(count)s workers' claims are waiting for you.", count=waiting),
                "success",
            )
            return redirect(url_for("employers.home"))
    return render_template("employers/setup.html", form=form)


@bp.route("/employer/place", methods=["GET", "POST"])
@allow(Role.EMPLOYER)
def place():
    """Say (or correct) where the organisation is."""
    employer, setup_first = employer_or_setup()
    if setup_first:
        return setup_first
    form = EmployerPlaceForm(data=None if request.method == "POST" else chain_of(employer.place))
    community = community_or_none(fill_chain(form, PLACE_FIELDS, jurisdiction_children))
    if request.method == "POST" and not wants_next_list(request.form):
        valid = form.validate()
        if community is None:
            form.community.errors = [_("Choose the village or community where the organisation is")]
        elif valid:
            service.set_place(employer, community)
            flash(_("Thank you. We have recorded where your organisation is."), "success")
            return redirect(url_for("employers.home"))
    return render_template("employers/place.html", form=form)


@bp.route("/employer/employments/<int:employment_id>", methods=["GET", "POST"])
@allow(Role.EMPLOYER)
def employment(employment_id: int):
    employer = rules.employer_of(current_user)
    claim = rules.owned_employment_or_none(employment_id, employer)
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
        may_answer=claim.source != "employer",  # a hire they reported is the person's to confirm, not theirs
    )
    if done:
        return done
    return render_template("employers/employment.html", claim=claim, answer=answer, departure=departure)


def hire_limit():
    return current_app.config["RATELIMIT_HIRES"]


def per_account():
    """Hires are counted per employer account, wherever it signs in from (not per address)."""
    return f"account:{current_user.id}"


@bp.route("/employer/hires/new", methods=["GET", "POST"])
@allow(Role.EMPLOYER)
@limiter.limit(hire_limit, key_func=per_account, methods=["POST"])
def hire():
    employer, setup_first = employer_or_setup()
    if setup_first:
        return setup_first
    form = HireForm()
    if form.is_submitted():
        valid = form.validate()  # and the ID number's check, in the same round
        checked = not form.id_number.errors
        number, error = reference.check_id_number(form.id_number.data, None) if checked else (None, None)
        if error:
            form.id_number.errors = [str(ID_ERRORS[error])]
        elif valid:
            service.report_hire(
                employer, actor=current_user, name=form.name.data, id_number=number, started_on=form.started_on.data
            )
            flash(
                _(
                    "The hire of %(name)s has been reported. It counts once the worker confirms it.",
                    name=form.name.data,
                ),
                "success",
            )
            return redirect(url_for("employers.home"))
    return render_template("employers/hire.html", form=form)


@bp.route("/me/jobs/<int:employment_id>", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def job_claim(employment_id: int):
    """A hire an employer reported of the signed-in person: theirs to confirm or deny."""
    claim = rules.own_hire_claim_or_none(employment_id, own_person())
    if claim is None:
        abort(404)
    form = AnswerForm()
    if claim.status == "pending" and form.validate_on_submit():
        confirm = form.answer.data == "confirm"
        service.answer_hire(claim, actor=current_user, confirm=confirm, reason=(form.reason.data or "").strip())
        flash(
            _("Thank you. The job is on your record.") if confirm else _("Thank you. The employer has been told."),
            "success",
        )
        return redirect(url_for("registrations.home"))
    return render_template("employers/job_claim.html", claim=claim, form=form)


def coordinator_communities() -> list[int]:
    return [place.id for place in current_user.scopes(Role.COORDINATOR)]


@bp.get("/coordinator/hires")
@allow(Role.COORDINATOR)
def hires_to_answer():
    """Hires reported of people without an account, by employers in the coordinator's communities."""
    hires = db.session.scalars(rules.hires_without_account(coordinator_communities())).all()
    return render_template("employers/coordinator_hires.html", hires=hires)


@bp.route("/coordinator/hires/<int:employment_id>", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
def hire_answer(employment_id: int):
    """The coordinator, who knows the person, answers for them (after asking them)."""
    claim = rules.hire_without_account_or_none(employment_id, coordinator_communities())
    if claim is None:
        abort(404)
    form = AnswerForm()
    if form.validate_on_submit():
        confirm = form.answer.data == "confirm"
        service.answer_hire(claim, actor=current_user, confirm=confirm, reason=(form.reason.data or "").strip())
        flash(_("Thank you. Your answer has been recorded."), "success")
        return redirect(url_for("employers.hires_to_answer"))
    audit.viewed(
        None,
        actor=current_user,
        what="employment",
        why="employment",
        as_role="coordinator",
        person=claim.person,
        employment=claim.id,
    )
    return render_template("employers/coordinator_hire.html", claim=claim, form=form)
