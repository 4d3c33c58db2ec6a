"""Employers: set up the organisation, say where it is, report hires (answering claims is webapp/claims')."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp import clock
from webapp.accounts.roles import Role
from webapp.audit import log as audit
from webapp.employers import rules, service
from webapp.employers.forms import EmployerForm, EmployerPlaceForm, HireForm
from webapp.employers.models import Employer
from webapp.extensions import db, limiter
from webapp.paging import paged
from webapp.people import reference
from webapp.people.forms import ID_ERRORS
from webapp.places.chooser import chain_of, fill_chain, jurisdiction_children, wants_next_list
from webapp.places.forms import PLACE_FIELDS, community_or_none
from webapp.policy.engine import age_on
from webapp.rentals.rules import duty
from webapp.security.access import allow

bp = Blueprint("employers", __name__)
ALREADY_ON_XINJU = _l(
    "This organisation is already on Xinju. Ask the colleague who uses Xinju for it to send you a link to join (on "
    "their organisation's page: Colleagues). If nobody of yours set it up, take the business licence to your "
    "county's human resources and social security office: they hand it over to you."
)
#: Workers listed on one page of the employer's home (a large employer has thousands).
WORKERS_PAGE_SIZE = 50


def employer_or_setup():
    employer = rules.employer_of(current_user)
    return employer, (None if employer else redirect(url_for("employers.setup")))


@bp.get("/employer")
@allow(Role.EMPLOYER)
def home():
    employer, setup_first = employer_or_setup()
    if setup_first:
        return setup_first
    today = clock.today()
    shown = paged(rules.employments_query(employer), request.args.get("page", 1, type=int), WORKERS_PAGE_SIZE)
    workers = shown.items
    page = render_template(
        "employers/home.html",
        employer=employer,
        workers=workers,
        page=shown,
        duty=duty(rules.awaiting_employer(rules.pending_employments_of(employer)), today),
        today=today,
    )
    # The list showed these workers (names, masked ID numbers): in each one's "who has looked", naming the employer.
    people = sorted({worker.person_id for worker in workers})
    audit.viewed_in_list(
        people, actor=current_user, as_role="employer", what="employment", why="employment", employer=employer.id
    )
    db.session.commit()
    return page


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
            form.uscc.errors = [ALREADY_ON_XINJU]
        elif valid and community is not None:
            try:
                _employer, waiting = service.set_up(current_user, name=form.name.data, uscc=uscc, place=community)
            except IntegrityError:  # at the same moment: this account joined one, or someone set this code up
                db.session.rollback()
                if rules.employer_of(current_user):
                    return redirect(url_for("employers.home"))
                form.uscc.errors = [ALREADY_ON_XINJU]
                return render_template("employers/setup.html", form=form)
            flash(_("Your organisation is set up."), "success")
            if waiting:
                flash(
                    ngettext(
                        "%(num)d worker named your organisation before it joined Xinju. We have asked them to "
                        "confirm it is their employer: they will then be listed here for you to answer.",
                        "%(num)d workers named your organisation before it joined Xinju. We have asked them to "
                        "confirm it is their employer: they will then be listed here for you to answer.",
                        waiting,
                    ),
                    "info",
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


def hire_limit():
    return current_app.config["RATELIMIT_HIRES"]


def per_account():
    """Hires are counted per employer account, wherever it signs in from (not per address)."""
    return f"account:{current_user.id}"


def under_working_age(number: str, started_on) -> bool:
    """Was the holder of this (valid) ID number under the legal working age on that day (or not yet born)?"""
    born = reference.birth_date_from_id_number(number)
    return started_on < born or age_on(born, started_on) < rules.MIN_WORKING_AGE


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
        elif valid and under_working_age(number, form.started_on.data):
            form.id_number.errors = [
                _(
                    "This ID number says the worker was under %(age)d on the first day of work. Nobody under %(age)d "
                    "may be hired: check the number and the date.",
                    age=rules.MIN_WORKING_AGE,
                )
            ]
        elif valid and rules.hire_reported_already(employer, number):
            form.id_number.errors = [
                _(
                    "You have already reported the hire of the person with this ID number: they are on your list of "
                    "workers. If they left, record it on their page first."
                )
            ]
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
