"""The jobs board: the public list and a posting (no sign-in), a migrant's referral request, an employer's postings
and who shared their details, the job-services office's review."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import and_, case, false, or_, select
from sqlalchemy.orm import selectinload
from wtforms import IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from webapp import clock, labels
from webapp.accounts.roles import Role
from webapp.employers.rules import employer_of
from webapp.extensions import db
from webapp.forms import Form, choices
from webapp.paging import paged
from webapp.people.access import own_person
from webapp.people.models import Person
from webapp.places.chooser import chain_of, fill_chain, jurisdiction_children, wants_next_list
from webapp.places.forms import PLACE_FIELDS, community_or_none
from webapp.places.models import Place
from webapp.security.access import PUBLIC, allow
from webapp.security.converters import MAX_ID
from webapp.services.applicants import applicant_for
from webapp.services.catalogue import service as catalogue_service
from webapp.services.eligibility import eligibility
from webapp.services.models import ServiceRequest
from webapp.vacancies import labels as _labels  # noqa: F401 - the board's words, registered at start
from webapp.vacancies import rules, service
from webapp.vacancies.forms import HIGHEST_WAGE, ReferralForm, ReviewForm, SharingForm, VacancyForm
from webapp.vacancies.models import Referral, Vacancy

bp = Blueprint("vacancies", __name__)

#: Postings on one page of the public board, and of the office's list.
PAGE_SIZE = 20
#: Rows on one page of the employer's lists: their postings, and the people who shared their details for one.
EMPLOYER_PAGE_SIZE = 50


class BoardFilters(Form):
    """The public board's filters: a GET form (no token, nothing written); a value that does not fit is ignored."""

    class Meta:
        csrf = False

    county = SelectField(_l("County or district"), validate_choice=False)
    kind = SelectField(_l("Kind of work"), validate_choice=False)
    wage = IntegerField(
        _l("Paying at least (yuan a month)"),
        validators=[Optional(), NumberRange(0, HIGHEST_WAGE, _l("Enter a monthly wage in yuan, such as 4500"))],
    )


def open_now(today):
    return and_(Vacancy.status == "approved", Vacancy.closes_on >= today)


def board_counties(today) -> list[tuple[str, str]]:
    """The counties with postings on the board now, as (code, "city county") for the filter."""
    county, city = Place.__table__.alias("county"), Place.__table__.alias("city")
    rows = db.session.execute(
        select(county.c.code, city.c.name, county.c.name)
        .select_from(county)
        .join(city, city.c.id == county.c.parent_id)
        .where(county.c.id.in_(select(Vacancy.county_id).where(open_now(today)).distinct()))
        .order_by(county.c.code)
    )
    return [(code, f"{city_name} {county_name}") for code, city_name, county_name in rows]


@bp.get("/jobs")
@allow(PUBLIC)
def board():
    today = clock.today()
    form = BoardFilters(request.args)
    counties = board_counties(today)
    form.county.choices = choices([("", _("All")), *counties])
    form.kind.choices = choices([("", _("All")), *labels.choices("work_kind")])
    form.validate()
    # The page's employers and counties in two queries, not two per posting.
    query = select(Vacancy).where(open_now(today)).options(selectinload(Vacancy.employer), selectinload(Vacancy.county))
    args = {}
    if form.county.data in {code for code, _name in counties}:
        query = query.where(
            Vacancy.county_id == select(Place.id).where(Place.code == form.county.data).scalar_subquery()
        )
        args["county"] = form.county.data
    if form.kind.data in rules.KINDS:
        query = query.where(Vacancy.kind == form.kind.data)
        args["kind"] = form.kind.data
    if form.wage.data and not form.wage.errors:
        query = query.where(Vacancy.wage_min >= form.wage.data)
        args["wage"] = form.wage.data
    page = paged(query.order_by(Vacancy.closes_on, Vacancy.id), request.args.get("page", 1, type=int), PAGE_SIZE)
    return render_template("vacancies/board.html", form=form, page=page, args=args)


def shown_or_404(vacancy_id: int) -> Vacancy:
    if not 1 <= vacancy_id <= MAX_ID:  # ?vacancy= is any integer: one the database cannot hold is no posting
        abort(404)
    vacancy = db.session.get(Vacancy, vacancy_id)
    if vacancy is None or not rules.is_open(vacancy.status, vacancy.closes_on, clock.today()):
        abort(404)
    return vacancy


def left_the_board(vacancy_id: int) -> bool:
    """A posting that has been reviewed and is not on the board now (past its closing date, or taken down): one a
    person may have been reading. One still waiting for review is no posting to anyone but its employer."""
    if not 1 <= vacancy_id <= MAX_ID:
        return False
    vacancy = db.session.get(Vacancy, vacancy_id)
    return (
        vacancy is not None
        and vacancy.status != "pending"
        and not rules.is_open(vacancy.status, vacancy.closes_on, clock.today())
    )


@bp.get("/jobs/<int:vacancy_id>")
@allow(PUBLIC)
def detail(vacancy_id: int):
    return render_template("vacancies/detail.html", vacancy=shown_or_404(vacancy_id))


@bp.route("/me/jobs/ask", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def ask():
    """A free referral or a training place for the posting named in ?vacancy= (any migrant may ask for any posting
    on the board; the posting is public)."""
    vacancy_id = request.args.get("vacancy", 0, type=int)
    if left_the_board(vacancy_id):
        # Closed or taken down while the person read it or filled the form in: said, not a bare "not found".
        flash(_("This job is no longer on the jobs board: it has closed or was taken down."), "info")
        return redirect(url_for("vacancies.board"))
    vacancy = shown_or_404(vacancy_id)
    person = own_person()
    if person is None:
        return redirect(url_for("people.profile"))
    today = clock.today()
    applicant = applicant_for(person, today)
    # Only what the person may ask for now is offered (the services page says why the rest is not).
    open_kinds = [
        kind
        for kind, code in service.SERVICE_OF.items()
        if eligibility(applicant, catalogue_service(code), today).outcome == "can_ask"
    ]
    form = ReferralForm()
    if not open_kinds:
        if request.method == "POST":
            flash(_("You cannot ask for this yet. The services page says why."), "info")
            return redirect(url_for("services.catalogue"))
        return render_template("vacancies/ask.html", form=None, vacancy=vacancy)
    form.kind.choices = [choice for choice in form.kind.choices if choice.value in open_kinds]
    if not form.is_submitted() and form.kind.data not in open_kinds:
        form.kind.data = open_kinds[0]
    if form.validate_on_submit():
        if db.session.scalar(
            select(Referral.id).where(
                Referral.vacancy_id == vacancy.id, Referral.person_id == person.id, Referral.kind == form.kind.data
            )
        ):
            form.kind.errors = [_("You have already asked for this. Your requests are on the services page.")]
        else:
            referral = service.ask(
                person,
                vacancy,
                kind=form.kind.data,
                shared=form.share.data == "yes",
                note=form.note.data or "",
                today=today,
            )
            flash(
                _(
                    "Your request has been sent to the job-services office. Answer expected by %(date)s.",
                    date=format_date(referral.request.target_date, "long"),
                ),
                "success",
            )
            return redirect(url_for("services.detail", reference=referral.request.reference))
    return render_template("vacancies/ask.html", form=form, vacancy=vacancy)


# The employer's postings.


@bp.post("/me/requests/<reference>/sharing")
@allow(Role.MIGRANT)
def sharing(reference: str):
    """Withdraw, or give again, the sharing of one's name and number with the employer of the job asked about."""
    referral = db.session.scalar(select(Referral).join(Referral.request).where(ServiceRequest.reference == reference))
    if referral is None or referral.person.account_id != current_user.id:
        abort(404)
    form = SharingForm(prefix="sharing")
    if not form.validate_on_submit():
        flash(_("Say whether the employer may see your name and number"), "error")
    elif service.set_sharing(referral, form.share.data == "yes", current_user):
        flash(
            _("The employer can now see your name and mobile number.")
            if referral.shared
            else _("The employer no longer sees your name and mobile number."),
            "success",
        )
    return redirect(url_for("services.detail", reference=reference))


def employer_or_setup():
    employer = employer_of(current_user)
    return employer, (None if employer else redirect(url_for("employers.setup")))


def own_vacancy_or_404(vacancy_id: int, employer) -> Vacancy:
    vacancy = db.session.get(Vacancy, vacancy_id)
    if employer is None or vacancy is None or vacancy.employer_id != employer.id:
        abort(404)
    return vacancy


@bp.get("/employer/vacancies")
@allow(Role.EMPLOYER)
def mine():
    employer, setup_first = employer_or_setup()
    if setup_first:
        return setup_first
    shown = paged(
        select(Vacancy)
        .where(Vacancy.employer_id == employer.id)
        .order_by(Vacancy.created_at.desc(), Vacancy.id.desc()),
        request.args.get("page", 1, type=int),
        EMPLOYER_PAGE_SIZE,
    )
    return render_template(
        "vacancies/mine.html", employer=employer, vacancies=shown.items, page=shown, today=clock.today()
    )


def posting_form(vacancy: Vacancy | None, employer, copied: Vacancy | None = None):
    """The form with the chooser's lists; a new posting starts at the organisation's own place, or as a copy of one
    of theirs taken down or closed (`copied`: put right and posted again, not typed again)."""
    if request.method == "POST":
        form = VacancyForm()
    elif vacancy is None and copied is None:
        form = VacancyForm(data=chain_of(employer.place))
    else:
        vacancy = vacancy or copied
        names = ("title", "kind", "wage_min", "wage_max", "hours", "requirements", "how_to_apply", "closes_on")
        form = VacancyForm(
            data={
                **chain_of(vacancy.place),
                **{name: getattr(vacancy, name) for name in names},
                "housing": "yes" if vacancy.housing else "no",
                "min_age": str(vacancy.min_age),
                # A copy's closing date, if passed already, is chosen again.
                "closes_on": vacancy.closes_on if copied is None or vacancy.closes_on > clock.today() else None,
            }
        )
    community = community_or_none(fill_chain(form, PLACE_FIELDS, jurisdiction_children))
    return form, community


def posting_sent(form, community) -> bool:
    """All the checks in one round: the fields' (the law's refusals next to each) and the place's."""
    if request.method != "POST" or wants_next_list(request.form):
        return False
    valid = form.validate()
    if community is None:
        form.community.errors = [_("Choose the village or community where the work is")]
    return valid and community is not None


@bp.route("/employer/vacancies/new", methods=["GET", "POST"])
@allow(Role.EMPLOYER)
def new():
    employer, setup_first = employer_or_setup()
    if setup_first:
        return setup_first
    copied = own_vacancy_or_404(request.args.get("from", type=int) or 0, employer) if "from" in request.args else None
    form, community = posting_form(None, employer, copied)
    if posting_sent(form, community):
        same = service.posted_already(employer, community, form.values())
        if same is not None:
            flash(_("You have sent this posting already. It is here."), "info")
            return redirect(url_for("vacancies.posting", vacancy_id=same.id))
        vacancy = service.post(employer, current_user, community, form.values())
        flash(_("Your posting is sent. The job-services office checks it before it is shown."), "success")
        return redirect(url_for("vacancies.posting", vacancy_id=vacancy.id))
    return render_template("vacancies/form.html", form=form, vacancy=None)


@bp.route("/employer/vacancies/<int:vacancy_id>/edit", methods=["GET", "POST"])
@allow(Role.EMPLOYER)
def edit(vacancy_id: int):
    employer = employer_of(current_user)
    vacancy = own_vacancy_or_404(vacancy_id, employer)
    if not rules.editable(vacancy.status):
        flash(_("This posting is closed or was taken down. Post the job again instead."), "info")
        return redirect(url_for("vacancies.posting", vacancy_id=vacancy.id))
    form, community = posting_form(vacancy, employer)
    if posting_sent(form, community):
        service.change(vacancy, community, form.values())
        flash(
            _("Your changes are sent. The job-services office checks them before the posting is shown again."),
            "success",
        )
        return redirect(url_for("vacancies.posting", vacancy_id=vacancy.id))
    return render_template("vacancies/form.html", form=form, vacancy=vacancy)


@bp.get("/employer/vacancies/<int:vacancy_id>")
@allow(Role.EMPLOYER)
def posting(vacancy_id: int):
    """One posting of the employer, and only the applicants who chose to share their details with them."""
    vacancy = own_vacancy_or_404(vacancy_id, employer_of(current_user))
    shown = paged(
        select(Referral)
        .join(Referral.person)
        .where(Referral.vacancy_id == vacancy.id, Referral.shared.is_(True), Person.name != "")  # never an empty row
        .options(selectinload(Referral.person))
        .order_by(Referral.created_at, Referral.id),
        request.args.get("page", 1, type=int),
        EMPLOYER_PAGE_SIZE,
    )
    shared = shown.items
    page = render_template("vacancies/posting.html", vacancy=vacancy, shared=shared, page=shown)
    service.applicants_shown([r.person_id for r in shared], current_user)
    return page


# The job-services office (hrss officers) of the posting's county.


def office_counties() -> list[int]:
    return [
        g.place_id for g in current_user.grants_for(Role.OFFICER) if g.department == service.JOB_SERVICES and g.place_id
    ]


@bp.get("/officer/vacancies")
@allow(Role.OFFICER)
def queue():
    counties = office_counties()
    mine = Vacancy.county_id.in_(counties) if counties else false()
    waiting = case((Vacancy.status == "pending", 0), else_=1)
    page = paged(
        select(Vacancy)
        .options(selectinload(Vacancy.employer))
        .where(mine, or_(Vacancy.status == "pending", open_now(clock.today())))
        .order_by(waiting, Vacancy.created_at, Vacancy.id),
        request.args.get("page", 1, type=int),
        PAGE_SIZE,
    )
    return render_template("vacancies/queue.html", page=page, has_office=bool(counties))


@bp.route("/officer/vacancies/<int:vacancy_id>", methods=["GET", "POST"])
@allow(Role.OFFICER)
def review(vacancy_id: int):
    vacancy = db.session.get(Vacancy, vacancy_id)
    if vacancy is None or vacancy.county_id not in office_counties():
        abort(404)
    form = ReviewForm()
    if form.validate_on_submit():
        if vacancy.status not in ("pending", "approved"):
            flash(_("This posting is closed already."), "info")
        elif form.decision.data == "approve" and vacancy.status == "approved":
            # Sent again, or from a page left open: approved once, the employer told once.
            flash(_("This posting is on the jobs board already."), "info")
        elif form.decision.data == "approve":
            service.approve(vacancy, current_user)
            flash(_("The posting is on the jobs board. The employer is told."), "success")
        else:
            service.take_down(vacancy, current_user, form.reason.data or "")
            flash(_("The posting is not shown. The employer is told why."), "success")
        return redirect(url_for("vacancies.queue"))
    refused = {
        name: rules.refusals(getattr(vacancy, name)) for name in ("title", "hours", "requirements", "how_to_apply")
    }
    return render_template("vacancies/review.html", vacancy=vacancy, form=form, refused=refused)
