"""A migrant's residence: the report form, the receipt with its evidence, changes and history."""

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import SelectMultipleField

from webapp import clock
from webapp.accounts.roles import Role
from webapp.audit import log as audit
from webapp.employers import rules as employer_rules
from webapp.employers.rules import hire_claims_of
from webapp.extensions import db
from webapp.people.access import own_person
from webapp.people.models import Person
from webapp.places.address import address_line
from webapp.places.chooser import fill_chain, jurisdiction_children, wants_next_list
from webapp.places.forms import PLACE_FIELDS
from webapp.registrations import access, lifecycle, rules, service
from webapp.registrations.about import reader_is_not
from webapp.registrations.answers import address_answers, report_answers, work_answers
from webapp.registrations.forms import (
    FamilyMoveForm,
    LeaveForm,
    MemberReportForm,
    MoveForm,
    NewJobForm,
    PermitFactsForm,
    ReportForm,
    client_id_of,
)
from webapp.registrations.labels import with_permit_standing
from webapp.registrations.models import ResidenceReport
from webapp.rentals import rules as rental_rules
from webapp.rentals.join import landlord_join_qr
from webapp.rentals.models import RentalProperty
from webapp.security.access import PUBLIC, SIGNED_IN, allow
from webapp.security.urls import referring_page

bp = Blueprint("registrations", __name__)

DRAFT = "report_draft"
FACTS = "report_facts"
JOIN = "join_rental"
#: An arrival further back than this is checked with the person ("Is this right?") before old rules are applied.
OLD_ARRIVAL_DAYS = 365


def joined_rental() -> RentalProperty | None:
    rental_id = session.get(JOIN)
    rental = db.session.get(RentalProperty, rental_id) if rental_id else None
    return rental if rental is not None and rental.landlord.is_active else None  # the landlord deleted it since


def build_form(formdata=None, csrf: bool = True) -> tuple[ReportForm, str | None]:
    """From the request, or from the saved draft (checking a draft needs no CSRF token: it was checked when saved).

    After scanning a landlord's poster, the address is the rental's: it is not asked for again.
    """
    form = ReportForm(formdata=formdata, meta={"csrf": csrf}) if formdata is not None else ReportForm()
    community = fill_chain(form, PLACE_FIELDS, jurisdiction_children)
    rental = joined_rental()
    return form, (at_rental(form, rental) if rental is not None else community)


def at_rental(form, rental: RentalProperty) -> str:
    """The address fields of a report or move form are the scanned rental's; returns its community's code."""
    form.housing_type.data, form.road.data, form.number.data = "rental", rental.road, rental.number
    form.building.data, form.unit.data = rental.building, rental.unit
    return rental.place.code


@bp.get("/me")
@allow(Role.MIGRANT)
def home():
    person = own_person()
    if person is None:
        return render_template("registrations/start.html")
    current = service.current_report(person)
    today = clock.today()
    decisions = rules.decisions_today(current, today) if current else []
    return render_template(
        "registrations/home.html",
        person=person,
        current=current,
        decisions=with_permit_standing(decisions, permit_standing(person, today)),
        history=service.history(person),
        job_claims=hire_claims_of(person),
        landlord_offers=rental_rules.offered_to(person),
        employer_offers=employer_rules.offered_to(person),
        landlord_left=rules.left_by_landlord(current, today) if current else None,
        today=today,
    )


def permit_standing(person, today) -> str | None:
    """Where the person stands with a residence permit, when it is more than what the rules allow: "held" (a permit
    in force: valid, or lapsed until endorsed), "pending" (an application being reviewed), "missing" (an
    application waiting for documents the officer asked for), "eligible" (none of these, and their current report
    lets them apply today, as the application's form checks); None otherwise."""
    from webapp.permits import rules as permit_rules
    from webapp.permits import service as permits

    permit = permits.current_permit(person)
    if permit is not None and permit_rules.state_on(permit, today).status in ("valid", "lapsed"):
        return "held"
    application = permits.open_application(person)
    if application is None:
        current = service.current_report(person)
        return "eligible" if current is not None and permits.permit_decision(current, today) is not None else None
    return "missing" if application.status == "missing" else "pending"


def already_registered(person):
    """A person with a current report sends no first report again (a second current report would count them twice):
    they are taken to that report, and told how to report a move. None when they have no current report."""
    current = service.current_report(person)
    if current is None:
        return None
    for key in (DRAFT, FACTS, JOIN):
        session.pop(key, None)
    link = Markup('<a href="{}">{}</a>').format(
        url_for("registrations.move", receipt=current.receipt), _("I moved to a new address")
    )
    message = Markup(
        _(
            "You already have a residence registration: this is it. You cannot send a first report again. "
            "To change your address, use “%(link)s”."
        )
    )
    flash(message % {"link": link}, "info")
    return redirect(url_for("registrations.receipt", receipt=current.receipt))


@bp.get("/rentals/join/<code>")
@allow(PUBLIC)  # a new resident's; someone signed out is told what the poster is for (below)
def join(code: str):
    """Where a landlord's door poster leads. Signed in, the report starts with the rental's address. Signed out,
    the page says what it is for (the address in short: the community, road and number; nothing of the landlord)
    and leads to "Create an account" or "Sign in", which come back here (`next`: this path, which holds the rental
    code printed on the poster and nothing personal)."""
    if current_user.is_authenticated and not current_user.has_role(Role.MIGRANT):
        abort(403)
    rental = rental_rules.rental_by_code(code)  # none for a deleted landlord's poster, as for an unknown code
    if rental is None:
        return render_template("registrations/join_unknown.html"), 404
    if not current_user.is_authenticated:
        here = url_for("registrations.join", code=rental.code)
        where = address_line(rental.place.name, rental.road, rental.number)
        return render_template("registrations/join_signed_out.html", where=where, next=here)
    session[JOIN] = rental.id
    session.pop(DRAFT, None)
    person = own_person()
    current = service.current_report(person) if person is not None else None
    if current is not None:  # registered already: the poster is where they moved to, their move starts with it
        return redirect(url_for("registrations.move", receipt=current.receipt))
    return redirect(url_for("registrations.new"))


def old_arrival_shown(form: ReportForm) -> bool:
    """An arrival date more than a year back: the person is asked "Is this date right?"."""
    arrival = form.arrival_date.data
    return arrival is not None and (clock.today() - arrival).days > OLD_ARRIVAL_DAYS


def old_arrival(form: ReportForm) -> bool:
    """An old arrival the person has not yet confirmed."""
    return old_arrival_shown(form) and not form.arrival_confirmed.data


def draft_answers(person, draft: dict, facts: dict | None):
    """The saved draft as answers (None if it no longer checks out), the permit questions its case asks, and
    whether they are answered (with page two's facts in the answers when they are)."""
    form, community = build_form(MultiDict(draft), csrf=False)
    answers = report_answers(form, community, joined_rental()) if form.validate() else None
    if answers is None:
        return None, (), False
    questions = service.permit_questions(person, answers, clock.today())
    if not questions:
        return answers, questions, True
    if facts is not None:
        facts_form = permit_facts_form(MultiDict(facts), questions, answers.arrival_date, csrf=False)
        if facts_form.validate():
            return service.with_facts(answers, facts_form), questions, True
    return answers, questions, False


def kept(form) -> dict[str, list[str]]:
    """What the form was sent, as the draft kept in the session (a cookie, which a browser drops past 4 KB, and the
    draft with it, without a word): only the form's own fields, and a field of one value once. Keys the form does not
    have, or a field repeated a hundred times, are not carried to the next page."""
    sent = request.form
    return {
        field.name: list(dict.fromkeys(sent.getlist(field.name)))
        if isinstance(field, SelectMultipleField)
        else sent.getlist(field.name)[:1]
        for field in form
        if field.name in sent and field.name != "csrf_token"
    }


def permit_facts_form(formdata, questions, arrived_on, csrf: bool = True) -> PermitFactsForm:
    """Page two with only the questions asked; `arrived_on`: page one's arrival at the address."""
    form = PermitFactsForm(formdata=formdata, meta={"csrf": csrf}) if formdata is not None else PermitFactsForm()
    for name in [field.name for field in form if field.name != "csrf_token" and field.name not in questions]:
        delattr(form, name)
    form.arrived_on = arrived_on
    return form


@bp.route("/reports/new", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def new():
    person = own_person()
    if person is None:
        flash(_("First, tell us about yourself."), "info")
        return redirect(url_for("people.profile", next=url_for("registrations.new")))
    if (registered := already_registered(person)) is not None:
        return registered
    rental = joined_rental()
    form, community = build_form(None if request.method == "POST" else MultiDict(session.get(DRAFT) or {}))
    if request.method == "POST" and not wants_next_list(request.form):
        # Every check in one round: the form's own, then the database's, then the old arrival's question.
        valid = form.validate()
        valid = report_answers(form, community, rental) is not None and valid
        if old_arrival(form) and not form.arrival_date.errors:
            form.arrival_date.errors = [
                _("You arrived more than a year ago. Is this date right? If it is, tick the box below and continue.")
            ]
        elif valid:
            session[DRAFT] = kept(form)
            _answers, _questions, complete = draft_answers(person, session[DRAFT], session.get(FACTS))
            return redirect(url_for("registrations.check" if complete else "registrations.more"))
    return render_template("registrations/new.html", form=form, rental=rental, ask_arrival=old_arrival_shown(form))


@bp.route("/reports/new/more", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def more():
    """Page two, only when the person's case needs it: the facts the permit rules count."""
    person, draft = own_person(), session.get(DRAFT)
    if person is None or not draft:
        return redirect(url_for("registrations.new"))
    if (registered := already_registered(person)) is not None:
        return registered
    answers, questions, _complete = draft_answers(person, draft, None)
    if answers is None:
        return redirect(url_for("registrations.new"))
    if not questions:
        return redirect(url_for("registrations.check"))
    saved = session.get(FACTS)
    form = permit_facts_form(
        None if request.method == "POST" or not saved else MultiDict(saved), questions, answers.arrival_date
    )
    if form.validate_on_submit():
        session[FACTS] = kept(form)
        return redirect(url_for("registrations.check"))
    return render_template("registrations/more.html", form=form, answers=answers)


@bp.route("/reports/new/check", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def check():
    person, draft = own_person(), session.get(DRAFT)
    if person is None:
        return redirect(url_for("registrations.new"))
    if (registered := already_registered(person)) is not None:
        return registered  # also when the report was just sent, and Back brings this page again
    if not draft:
        return redirect(url_for("registrations.new"))
    answers, questions, complete = draft_answers(person, draft, session.get(FACTS))
    if answers is None:
        return redirect(url_for("registrations.new"))
    if not complete:
        return redirect(url_for("registrations.more"))
    today = clock.today()
    if request.method == "POST":
        report = service.submit(person, answers, actor=current_user, today=today)
        for key in (DRAFT, FACTS, JOIN):
            session.pop(key, None)
        flash(_("Your residence report has been sent."), "success")
        return redirect(url_for("registrations.receipt", receipt=report.receipt))
    profile, decisions = service.preview(person, answers, today)
    return render_template(
        "registrations/check.html",
        answers=answers,
        decisions=decisions,
        profile=profile,
        today=today,
        asked=questions,
    )


@bp.get("/reports/<receipt>")
@allow(SIGNED_IN)
def receipt(receipt: str):
    report = access.report_or_404(receipt, current_user)
    viewer = viewed_as(report, current_user)
    back = url_for("registrations.home") if viewer is None else back_for(viewer[0])
    if viewer is not None:
        role, why, details = viewer
        audit.viewed(
            report.person.account,
            actor=current_user,
            what="residence_report",
            why=why,
            as_role=role,
            person=report.person,
            report=report.receipt,
            **details,
        )
    mine = access.owns(report, current_user)
    about = reader_is_not(report, current_user)  # a household member's report read by the head, or staff
    view = access.view_of(report, current_user)
    join_url = join_qr = None
    offer = landlord_offer(report) if mine and about is None and lifecycle.is_current(report) else None
    if mine and lifecycle.is_current(report) and access.landlord_not_on_xinju(report) and offer is None:
        join_url, join_qr = landlord_join_qr()
    decisions = rules.from_json(report.decisions) if view.full else []
    # The permit waits on facts the report does not have (a contract signed since, a move): where to give them.
    facts_asked = mine and lifecycle.is_current(report) and service.permit_waits_on_facts(report, clock.today())
    if decisions:  # what the rules say about a permit, as the person's permit stands (said of them to others)
        decisions = with_permit_standing(decisions, permit_standing(report.person, clock.today()), about=about)
    return render_template(
        "registrations/receipt.html",
        report=report,
        view=view,
        decisions=decisions,
        evidence=access.evidence(report, view),
        mine=mine,
        about=about,
        back=back,
        landlord_waiting=view.full and access.landlord_not_on_xinju(report),
        landlord_offer=offer,
        facts_asked=facts_asked,
        join_url=join_url,
        join_qr=join_qr,
    )


#: The pages that link to a report for someone who is not its person: the officer's review of a permit application
#: or of a service request, the coordinator's visit. "Back" returns there.
OPENED_FROM = frozenset({"permits.review", "services.handle", "visits.visit"})
#: Where "Back" leads otherwise, by the role the report is seen in (viewed_as): the reader's own list or dashboard.
BACK_BY_ROLE = {"coordinator": "visits.caseload", "landlord": "rentals.home", "employer": "employers.home"}


def back_for(role: str) -> str:
    """The report's back link for someone who is not its person (`role`: as viewed_as says): the page they opened it
    from, when the browser says it was one of OPENED_FROM on this site (the Referer header, same origin only: nothing
    is added to any URL), else their own list (a coordinator's caseload) or their dashboard."""
    came = referring_page()
    if came is not None and came[1] in OPENED_FROM:
        return came[0]
    return url_for(BACK_BY_ROLE.get(role, "home.index"))


def landlord_offer(report):
    """The tenancy of the report, when a landlord joined with the mobile number the tenant gave and registered a
    rental that waits for the tenant's answer ("is this your landlord?", webapp/claims): not one whose landlord
    deleted their account since (rentals.rules.offered_to). None otherwise."""
    tenancy = report.tenancy
    if tenancy is None or not access.landlord_not_on_xinju(report) or tenancy.offered_property is None:
        return None
    return tenancy if tenancy.offered_property.landlord.is_active else None


def viewed_as(report, account) -> tuple[str, str, dict] | None:
    """In which role someone other than the person sees the report, with the reason written to the audit log:
    (role, reason, details), or None when it is the person's own (or their household's)."""
    if access.owns(report, account):
        return None
    if any(scope.id == report.place_id for scope in account.scopes(Role.COORDINATOR)):
        return "coordinator", "residence report", {}
    if access.officer_may_see(report, account):
        return "officer", "residence report", {}
    if access.is_landlord_of(report, account):
        return "landlord", "tenancy", {}
    if access.is_employer_of(report, account):
        return "employer", "employment", {"employer": report.employment.employer.id}
    return "officer", "residence report", {}  # any other reader the access rules let in


def own_current_report(receipt: str) -> ResidenceReport:
    """The signed-in person's report `receipt` (or their household member's), still current. One that a change
    replaced or ended since (the page was left open, the Back button, a second tab) sends them to the report that
    is current now, or to the ended one, saying so: what they meant to change is there, nothing is lost."""
    report = access.report_or_404(receipt, current_user)
    if not access.owns(report, current_user):
        abort(404)
    if not lifecycle.is_current(report):
        now = service.current_report(report.person)
        if now is not None:
            flash(
                _("That report has changed since: this is the current one. Check it before reporting a change."), "info"
            )
        else:
            flash(_("That report has ended: there is no current residence registration to change."), "info")
        abort(redirect(url_for("registrations.receipt", receipt=(now or report).receipt)))
    return report


def dated_before_report(report: ResidenceReport, field, kind: str) -> bool:
    """A change (`kind`: move, new_job, leave) dated before the current report began: refused, its error on the
    field."""
    began = lifecycle.began_on(report)
    if field.errors or field.data is None or field.data >= began:
        return False
    when = format_date(began, "long")
    if began > report.arrival_date:
        message = _("The date cannot be before %(date)s, when the new job you last reported started", date=when)
    elif kind == "move":
        message = _("The move date cannot be before you arrived at your current address (%(date)s)", date=when)
    elif kind == "leave":
        message = _("The date you left cannot be before you arrived at your current address (%(date)s)", date=when)
    else:
        message = _(
            "The new job cannot start before you arrived at your current address (%(date)s). If you already had "
            "it then, ask to correct your report",
            date=when,
        )
    field.errors = [*field.errors, message]
    return True


def changed(report: ResidenceReport):
    if report.late:
        flash(_("Thank you. This change was reported after the deadline, so it is marked as late."), "info")
    else:
        flash(_("Thank you. Your change has been recorded."), "success")
    if lifecycle.is_current(report) and service.permit_waits_on_facts(report, clock.today()):
        # What the permit rules count changed with it (a rental that no longer counts as a stable home, a new job):
        # the questions a first report would ask, before the receipt.
        return redirect(url_for("registrations.permit_facts", receipt=report.receipt))
    return redirect(url_for("registrations.receipt", receipt=report.receipt))


def facts_of(report: ResidenceReport) -> MultiDict:
    """Page two's facts as stored on the report, as its form shows them."""
    shown = {
        "resided_since": report.resided_since.isoformat() if report.resided_since else "",
        "work_proof": report.work_proof or "none",
        "work_proof_since": report.work_proof_since.isoformat() if report.work_proof_since else "",
        "insurance_months": str(report.insurance_months or 0),
        "full_time_study": {True: "yes", False: "no"}.get(report.full_time_study, ""),
        "written_lease": {True: "yes", False: "no"}.get(report.written_lease, ""),
    }
    return MultiDict({name: value for name, value in shown.items() if value})


@bp.route("/reports/<receipt>/permit-facts", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def permit_facts(receipt: str):
    """Page two for a report already sent, when its case needs it: after a move or a new job, or later (a contract
    signed since). The answers are kept on the report and its permit decision judged again."""
    report = own_current_report(receipt)
    today = clock.today()
    questions = service.open_permit_questions(report, today)
    if not questions:
        return redirect(url_for("registrations.receipt", receipt=report.receipt))
    form = permit_facts_form(None if request.method == "POST" else facts_of(report), questions, report.arrival_date)
    if form.validate_on_submit():
        service.update_permit_facts(report, service.with_facts(service.carried_over(report), form), today)
        flash(_("Thank you. Your answers for the residence permit have been saved."), "success")
        return redirect(url_for("registrations.receipt", receipt=report.receipt))
    return render_template(
        "registrations/more.html",
        form=form,
        action=url_for("registrations.permit_facts", receipt=report.receipt),
        back=url_for("registrations.receipt", receipt=report.receipt),
        submit=_("Save"),
    )


@bp.route("/me/household/<int:member_id>/register", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def register_member(member_id: int):
    """The head of a household registers a member (husband or wife, a child) at their own current address."""
    head = own_person()
    member = db.session.get(Person, member_id)
    if head is None or member is None or member.household_of_id != head.id or member.account_id is not None:
        abort(404)  # a member with an account of their own registers (and keeps) their own reports
    home = service.current_report(head)
    if home is None:
        flash(_("Register your own address first: your household is registered at it."), "info")
        return redirect(url_for("people.household"))
    if service.has_current_report(member):  # sent already (a page left open, a double tap)
        flash(_("%(name)s is registered already.", name=member.name), "info")
        return redirect(url_for("people.household"))
    form = MemberReportForm()
    # A family arrives together: the head's arrival, or their birth if born here since (unless the form was restored).
    if request.method == "GET" and not form.restored:
        form.arrival_date.data = max(home.arrival_date, member.birth_date)
    valid = form.validate_on_submit()
    if valid and form.arrival_date.data < member.birth_date:
        form.arrival_date.errors = [_("They cannot have started living here before they were born: check the date")]
        valid = False
    if valid:
        answers = service.member_answers(home, arrival_date=form.arrival_date.data)
        today, sent_by = clock.today(), client_id_of(form)  # sent twice (a double tap): one report
        report = service.submit_member(member, answers, actor=current_user, today=today, client_id=sent_by)
        flash(_("%(name)s is registered at your address.", name=member.name), "success")
        return redirect(url_for("registrations.receipt", receipt=report.receipt))
    return render_template("registrations/member.html", form=form, member=member, home=home)


@bp.route("/reports/<receipt>/move", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def move(receipt: str):
    """A move: to an address typed, or to the rental whose poster the person scanned (its address is not asked
    again; ?address=other leaves it for another address)."""
    previous = own_current_report(receipt)
    if request.args.get("address") == "other":
        session.pop(JOIN, None)
    rental = joined_rental()
    form = MoveForm()
    community = fill_chain(form, PLACE_FIELDS, jurisdiction_children)
    if rental is not None:
        community = at_rental(form, rental)
    if request.method == "POST" and not wants_next_list(request.form):
        valid = form.validate()  # and the database's checks in the same round
        valid = not dated_before_report(previous, form.moved_on, "move") and valid
        address = address_answers(form, community, rental)
        if address is not None and service.same_address(previous, address["place"], address):
            form.road.errors = [*form.road.errors, _("This is the address you already reported")]
            address = None
        if valid and address is not None:
            answers = service.carried_over(previous, **address, keep_tenancy=None, arrival_date=form.moved_on.data)
            report = service.submit(
                previous.person,
                answers,
                actor=current_user,
                today=clock.today(),
                kind="move",
                previous=previous,
                changed_on=form.moved_on.data,
            )
            session.pop(JOIN, None)
            done = changed(report)
            if previous.person.account_id == current_user.id and service.left_behind(report):
                return redirect(url_for("registrations.family_move", receipt=report.receipt))  # did they come too?
            return done
    return render_template("registrations/move.html", form=form, report=previous, rental=rental)


@bp.route("/reports/<receipt>/family", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def family_move(receipt: str):
    """After the head's move: the household members still registered at the old address, for the head to tick who
    moved with them (nobody is moved unticked). Each ticked one gets the same move, on the same day."""
    home = own_current_report(receipt)
    if home.person.account_id != current_user.id:
        abort(404)  # the head's own move only
    members = service.left_behind(home)
    if not members:  # none left behind (sent already, or never any)
        return redirect(url_for("registrations.receipt", receipt=home.receipt))
    form = FamilyMoveForm()
    form.moved.choices = [(report.person_id, report.person.name) for report in members]
    if form.validate_on_submit():
        sent, today = client_id_of(form), clock.today()
        moved = [report for report in members if report.person_id in form.moved.data]
        for report in moved:
            service.submit_member(
                report.person,
                service.family_move_answers(report, home),
                actor=current_user,
                today=today,
                client_id=service.client_id_for(sent, report.person_id),
                kind="move",
                previous=report,
                changed_on=home.changed_on,
            )
        for report in moved:
            flash(_("%(name)s's move has been reported too.", name=report.person.name), "success")
        return redirect(url_for("people.household"))
    return render_template("registrations/family_move.html", form=form, home=home, members=members)


@bp.route("/reports/<receipt>/new-job", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def new_job(receipt: str):
    previous = own_current_report(receipt)
    form = NewJobForm()
    if form.is_submitted():
        valid = form.validate()  # and the database's checks in the same round
        valid = not dated_before_report(previous, form.started_on, "new_job") and valid
        work = work_answers(form, required=True)
        if work is not None and service.same_job(previous, work):
            form.employer_name.errors = [*form.employer_name.errors, _("This is the job you already reported")]
            work = None
        if valid and work is not None:
            answers = service.carried_over(previous, **work, keep_employment=None)
            report = service.submit(
                previous.person,
                answers,
                actor=current_user,
                today=clock.today(),
                kind="new_job",
                previous=previous,
                changed_on=form.started_on.data,
            )
            return changed(report)
    return render_template("registrations/new_job.html", form=form, report=previous)


@bp.route("/reports/<receipt>/leave", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def leave(receipt: str):
    report = own_current_report(receipt)
    form = LeaveForm()
    if form.validate_on_submit() and not dated_before_report(report, form.left_on, "leave"):
        return changed(service.deregister(report, actor=current_user, left_on=form.left_on.data, today=clock.today()))
    # Leaving revokes the permit (service.deregister): said before the person confirms, when they hold one.
    holds_permit = permit_standing(report.person, clock.today()) == "held"
    return render_template("registrations/leave.html", form=form, report=report, holds_permit=holds_permit)
