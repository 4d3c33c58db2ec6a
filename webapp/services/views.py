"""Services: what a migrant may ask for and why, their requests, and the department queues that answer them."""

from functools import cache

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import and_, bindparam, case, false, func, or_, select

from webapp import clock, labels
from webapp.accounts.roles import Role
from webapp.audit import log as audit
from webapp.documents.models import Document, document_by_token, document_response, tokens_for
from webapp.documents.uploads import store_uploads
from webapp.extensions import db
from webapp.forms import choices, sent
from webapp.paging import paged
from webapp.people.access import own_person
from webapp.places.models import Place
from webapp.privacy import consent as privacy_consent
from webapp.privacy import retention
from webapp.registrations.service import current_report
from webapp.security.access import allow
from webapp.services import service, statuses
from webapp.services.applicants import applicant_for
from webapp.services.catalogue import load_catalogue
from webapp.services.catalogue import service as catalogue_service
from webapp.services.eligibility import OUTCOMES, catalogue_for, eligibility
from webapp.services.forms import HandleForm, MessageForm, PhoneForm, WithdrawForm, ask_form_class
from webapp.services.models import ServiceRequest

bp = Blueprint("services", __name__)


@bp.get("/me/services")
@allow(Role.MIGRANT)
def catalogue():
    person = own_person()
    if person is None:
        return redirect(url_for("people.profile"))
    today = clock.today()
    answers = catalogue_for(applicant_for(person, today), today)
    requests = db.session.execute(_own_requests_statement(), {"person_id": person.id}).all()
    groups: dict[str, list] = {outcome: [] for outcome in OUTCOMES}  # in the template: one look-up a heading
    for answer in answers:
        groups[answer.outcome].append(answer)
    return render_template("services/catalogue.html", answers=answers, groups=groups, requests=requests)


@cache
def _own_requests_statement():
    """The person's requests, newest first, as the catalogue lists them (light rows, built once)."""
    return (
        select(ServiceRequest.reference, ServiceRequest.service_code, ServiceRequest.status, ServiceRequest.created_at)
        .where(ServiceRequest.person_id == bindparam("person_id"))
        .order_by(ServiceRequest.created_at.desc())
    )


def counties() -> list[Place]:
    return db.session.scalars(select(Place).where(Place.level == "county").order_by(Place.code)).all()


@bp.route("/me/services/<code>/ask", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def ask(code: str):
    person = own_person()
    if person is None or code not in {s.code for s in load_catalogue()}:
        abort(404)
    wanted = catalogue_service(code)
    today = clock.today()
    if eligibility(applicant_for(person, today), wanted, today).outcome != "can_ask":
        flash(_("You cannot ask for this yet. The services page says why."), "info")
        return redirect(url_for("services.catalogue"))
    report = current_report(person)
    form = ask_form_class(wanted.documents, with_county=report is None)()
    given = db.session.scalars(
        select(Document).where(Document.person_id == person.id).order_by(Document.created_at.desc())
    ).all()
    form.documents.choices = choices(
        (
            d.id,
            f"{labels.label('document', d.kind)} · {format_date(d.created_at, 'medium')}",
        )
        for d in given
    )
    if report is None:
        form.county.choices = choices([(0, _("Choose…"))] + [(c.id, f"{c.parent.name} {c.name}") for c in counties()])
    if form.is_submitted():
        # Every check in one round: the form's, the county's and each photo's.
        valid = form.validate()
        county = county_of_report(report) if report else chosen_county(form.county)
        if county is None or county.level != "county":
            form.county.errors = [_("Choose the county or district whose office should answer.")]
        same = service.asked_already(person, wanted, form.details.data or "") if valid and not form.errors else None
        if same is not None:
            # The same request sent twice (a double tap, the form sent again): shown, not made again.
            flash(_("You have sent this request already. It is here."), "info")
            return redirect(url_for("services.detail", reference=same.reference))
        stored = store_uploads({code: form[f"upload_{code}"] for code in form.UPLOADS}, person, current_user)
        if stored is None or not valid or form.errors:
            db.session.rollback()
        else:
            created = service.ask(
                person,
                wanted,
                county,
                details=form.details.data,
                documents=[*(form.documents.data or []), *stored.values()],
                today=today,
            )
            flash(
                _(
                    "Your request has been sent. Answer expected by %(date)s.",
                    date=format_date(created.target_date, "long"),
                ),
                "success",
            )
            return redirect(url_for("services.detail", reference=created.reference))
    return render_template("services/ask.html", form=form, service=wanted, report=report)


def chosen_county(field) -> Place | None:
    """The county chosen in the list, or None: a value the list does not offer (a number no database can hold, sent
    by hand) is no county."""
    if field.errors or not field.data:
        return None
    return db.session.get(Place, field.data)


def county_of_report(report) -> Place:
    return next(p for p in report.place.lineage() if p.level == "county")


def own_request_or_404(reference: str) -> ServiceRequest:
    found = db.session.scalar(select(ServiceRequest).where(ServiceRequest.reference == reference))
    if found is None or found.person.account_id != current_user.id:
        abort(404)
    return found


@bp.route("/me/requests/<reference>", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def detail(reference: str):
    found = own_request_or_404(reference)
    form = MessageForm()
    if request.method == "POST" and not found.open:
        # The page offers no message box once the request is answered for good: this came from a page left open.
        flash(
            _("This request is closed: no more messages can be sent on it. To ask again, send a new request."), "info"
        )
        return redirect(url_for("services.detail", reference=reference))
    if form.validate_on_submit():
        service.write_to_officer(found, current_user, form.body.data)
        return redirect(url_for("services.detail", reference=reference))
    from webapp.vacancies.forms import SharingForm
    from webapp.vacancies.models import Referral

    referral = db.session.scalar(select(Referral).where(Referral.request_id == found.id))
    sharing = SharingForm(prefix="sharing", data={"share": "yes" if referral.shared else "no"}) if referral else None
    # What the person sent with the request (by kind and day: the images themselves are on the permit's and the
    # documents' pages); one kept no longer (its retention passed) is not listed.
    attached = db.session.scalars(
        select(Document)
        .where(Document.person_id == found.person_id, Document.id.in_(found.documents or [-1]))
        .order_by(Document.created_at)
    ).all()
    return render_template(
        "services/detail.html",
        found=found,
        attached=attached,
        form=form,
        officer=False,
        today=clock.today(),
        referral=referral,
        sharing=sharing,
    )


@bp.route("/me/requests/<reference>/withdraw", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def withdraw(reference: str):
    """The person withdraws their own open request, after a page saying what that means (the office stops working
    on it; they can ask again later). Sent twice, or once the request is answered: said, and nothing changes."""
    found = own_request_or_404(reference)
    form = WithdrawForm()
    if found.open and form.validate_on_submit() and service.withdraw(found):
        flash(_("You have withdrawn your request. The office will not work on it any more."), "success")
        return redirect(url_for("services.detail", reference=reference))
    if not found.open:
        if found.withdrawn:
            flash(_("You have withdrawn this request already."), "info")
        else:
            flash(_("This request has been answered already, so it can no longer be withdrawn."), "info")
        return redirect(url_for("services.detail", reference=reference))
    from webapp.vacancies.models import Referral

    referral = db.session.scalar(select(Referral).where(Referral.request_id == found.id))
    return render_template("services/withdraw.html", found=found, form=form, referral=referral)


def officer_scopes() -> list[tuple[str, int]]:
    return [(g.department, g.place_id) for g in current_user.grants_for(Role.OFFICER) if g.department and g.place_id]


def in_scope(found: ServiceRequest) -> bool:
    return (found.department, found.county_id) in officer_scopes()


#: Requests on one page of the queue; the counts at the top are over all of them.
QUEUE_PAGE_SIZE = 50


@bp.get("/officer/requests")
@allow(Role.OFFICER)
def queue():
    today = clock.today()
    mine = or_(
        false(),
        *(
            and_(ServiceRequest.department == department, ServiceRequest.county_id == county)
            for department, county in officer_scopes()
        ),
    )
    is_open = ServiceRequest.status.in_(statuses.OPEN)
    # The counts at the top, in one statement; the last is the pager's total.
    open_now, overdue, total = db.session.execute(
        select(
            func.count().filter(is_open),
            func.count().filter(and_(is_open, ServiceRequest.target_date < today)),
            func.count(),
        ).where(mine)
    ).one()
    counts = {"open": open_now, "overdue": overdue, "total": total}
    page = paged(
        select(ServiceRequest)
        .where(mine)
        .order_by(case((is_open, 0), else_=1), ServiceRequest.target_date, ServiceRequest.id),
        request.args.get("page", 1, type=int),
        QUEUE_PAGE_SIZE,
        total=total,
    )
    # The open requests whose person wrote last (answered what the officer asked, or asked something).
    replied = service.waiting_on_officer([r.id for r in page.items if r.open])
    shown = render_template("services/queue.html", page=page, counts=counts, today=today, replied=replied)
    # The queue shows each person's name: one INSERT … SELECT for all of them (after rendering, see caseload).
    service.queue_shown([r.person_id for r in page.items], current_user)
    return shown


def request_in_scope_or_404(reference: str) -> ServiceRequest:
    found = db.session.scalar(select(ServiceRequest).where(ServiceRequest.reference == reference))
    if found is None or not in_scope(found):
        abort(404)
    return found


def phone_allowed(found: ServiceRequest) -> bool:
    """The person agreed to be called (webapp/privacy): otherwise officers write to them in the app."""
    return privacy_consent.may_see_phone(found.person)


def handle_page(found: ServiceRequest, form, message, phone_shown: bool = False):
    """The officer's page of a request, which shows the person: every time it is shown (a GET, a form sent back with
    its errors, the phone asked for) the look is logged (once a day: audit.viewed)."""
    audit.viewed(
        found.person.account,
        actor=current_user,
        what="service_request",
        why="service request",
        as_role="officer",
        person=found.person,
        request=found.reference,
    )
    return render_template(
        "services/handle.html",
        found=found,
        form=form,
        message=message,
        phone_form=PhoneForm(prefix="phone"),
        phone_shown=phone_shown,
        phone_allowed=phone_allowed(found),
        report=current_report(found.person),
        tokens=tokens_for(found.documents) if retention.request_documents_open(found, clock.utcnow()) else {},
        today=clock.today(),
    )


@bp.route("/officer/requests/<reference>", methods=["GET", "POST"])
@allow(Role.OFFICER)
def handle(reference: str):
    found = request_in_scope_or_404(reference)
    form, message = HandleForm(found.status, prefix="handle"), MessageForm(prefix="message")
    if request.method == "POST" and sent(form, request.form) and not found.open:
        # The page offers a new status only while the request is open: this came from a page left open.
        if found.withdrawn:
            flash(_("The applicant withdrew this request: there is nothing to answer."), "info")
        else:
            flash(_("This request is closed already."), "info")
        return redirect(url_for("services.handle", reference=reference))
    if request.method == "POST" and sent(form, request.form) and form.status.data == found.status:
        # The same answer sent twice (a double tap, or another officer gave it meanwhile): nothing to change.
        flash(_("The request has this status already."), "info")
        return redirect(url_for("services.queue"))
    if request.method == "POST" and sent(form, request.form) and form.validate_on_submit():
        try:
            service.answer(found, current_user, form.status.data, form.reason.data or "")
        except statuses.TransitionError:
            # The person withdrew it (or another officer answered) while this page was being sent: nothing changed.
            db.session.rollback()
            flash(_("The request changed while you were answering it. Check it again."), "info")
            return redirect(url_for("services.handle", reference=reference))
        flash(_("The request is updated."), "success")
        return redirect(url_for("services.queue"))
    elif sent(message, request.form) and message.validate_on_submit():
        service.write_to_person(found, current_user, message.body.data)
        return redirect(url_for("services.handle", reference=reference))
    return handle_page(found, form, message)


@bp.post("/officer/requests/<reference>/phone")
@allow(Role.OFFICER)
def phone(reference: str):
    """The person's mobile number, shown only when the officer asks for it (a POST, never in a URL), and logged."""
    found = request_in_scope_or_404(reference)
    if not PhoneForm(prefix="phone").validate_on_submit():
        abort(400)
    if not phone_allowed(found):  # the page says so; nothing shown, nothing logged
        return handle_page(found, HandleForm(found.status, prefix="handle"), MessageForm(prefix="message"))
    audit.viewed(
        found.person.account,
        actor=current_user,
        what="phone",
        why="service request",
        as_role="officer",
        person=found.person,
        request=found.reference,
    )
    return handle_page(
        found, HandleForm(found.status, prefix="handle"), MessageForm(prefix="message"), phone_shown=True
    )


@bp.get("/officer/requests/<reference>/documents/<string(length=32):token>")
@allow(Role.OFFICER)
def document(reference: str, token: str):
    """A document attached to a request, for an officer of the request's department and county: only those."""
    found = request_in_scope_or_404(reference)
    attached = document_by_token(token, among=found.documents)
    if attached is None or not retention.request_documents_open(found, clock.utcnow()):
        abort(404)  # closed (past the grace period): the officer's need for the documents is over
    audit.viewed(
        found.person.account,
        actor=current_user,
        what="document",
        why="service request",
        as_role="officer",
        person=found.person,
        document=attached.id,
    )
    return document_response(attached)
