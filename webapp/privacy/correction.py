"""A person asks to correct a detail of their record (PIPL art. 46). The request goes to the office that owns the
detail, and the answer comes back to the person's inbox:

- the address and workplace of a residence report: the coordinators of the report's community, who check them;
- the name, date of birth and ID number: public security (the police), which issues identity cards and keeps the
  household registers. Police stations are not modelled: the public-security officers of the report's county answer
  (as they decide residence permits there), after checking the person's identity card.

A correction accepted changes the report (with an event on its trail) or the person (through
people.service.correct_identity, audited)."""

import secrets
from datetime import date, datetime
from typing import NamedTuple

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column, relationship
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from webapp import clock, labels
from webapp.accounts.models import REFERENCE_ALPHABET, Account, RoleGrant
from webapp.accounts.roles import Role
from webapp.audit import log as audit
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.forms import Form, TrimmedStringField, choices, read_date
from webapp.notifications.notify import notify
from webapp.paging import paged
from webapp.people import reference, rules
from webapp.people import service as people_service
from webapp.people.forms import ID_ERRORS
from webapp.places.address import stored_part
from webapp.registrations import corrections, lifecycle
from webapp.registrations.models import ReportEvent, ResidenceReport
from webapp.security.access import allow
from webapp.security.crypto import ID_NUMBER, Encrypted
from webapp.security.limits import init_id_number_limit, limit_id_numbers

#: The details of a residence report a person may ask to correct.
REPORT_FIELDS = {
    "road": _l("Road, street or lane"),
    "number": _l("Number or residential compound"),
    "building": _l("Building"),
    "unit": _l("Unit"),
    "room": _l("Room"),
    "workplace": _l("Workplace"),
}
#: The person's identity details (as on the identity card).
IDENTITY_FIELDS = {
    "name": _l("Your full name"),
    "birth_date": _l("Your date of birth"),
    "id_number": _l("Your ID number"),
}
FIELDS = {**REPORT_FIELDS, **IDENTITY_FIELDS}
#: The same details as the offices read them (about the person, not to them).
STAFF_FIELDS = {
    **REPORT_FIELDS,
    "name": _l("Full name"),
    "birth_date": _l("Date of birth"),
    "id_number": _l("ID number"),
}
#: The longest each may be (as a coordinator's correction at a visit: webapp/visits/schemas.py CORRECTABLE).
LIMITS = {"road": 60, "number": 30, "building": 20, "unit": 20, "room": 20, "workplace": 120}
#: As on the profile form (webapp/people/forms.py); a date of birth and an ID number are checked as such.
IDENTITY_LIMITS = {"name": 100}
assert set(IDENTITY_FIELDS) == set(people_service.IDENTITY_DETAILS)

#: The office that owns each detail and answers a request to correct it.
COORDINATOR, POLICE = "coordinator", "public_security"
OWNER = {**{name: COORDINATOR for name in REPORT_FIELDS}, **{name: POLICE for name in IDENTITY_FIELDS}}
labels.register(
    "correction_office",
    {
        COORDINATOR: _l("the coordinators of your community, who check addresses and workplaces"),
        POLICE: _l("public security (the police) of your county, who check your identity card"),
    },
)
STATUS_LABELS = {"open": _l("Waiting for an answer"), "corrected": _l("Corrected"), "declined": _l("Not corrected")}


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


class CorrectionRequest(db.Model):
    __tablename__ = "correction_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(8), unique=True, default=new_reference)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("residence_report.id"), index=True)
    #: The office that answers (OWNER): "coordinator" or "public_security".
    office: Mapped[str] = mapped_column(String(20), default=COORDINATOR, server_default=COORDINATOR, index=True)
    #: Where that office is: the report's community (coordinators) or its county (public security).
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), index=True)
    field: Mapped[str] = mapped_column(String(20))
    #: What it should say (an ID number masked: the number itself is only in proposed_id_number, encrypted).
    proposed: Mapped[str] = mapped_column(String(120))
    proposed_id_number: Mapped[str | None] = mapped_column(Encrypted(ID_NUMBER))
    why: Mapped[str] = mapped_column(Text, default="")
    #: open, corrected, declined
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    answer: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))

    report: Mapped[ResidenceReport] = relationship()


def current_value(report: ResidenceReport, field: str) -> str:
    """What the record says now, as the office sees it (an ID number masked)."""
    person = report.person
    if field == "name":
        return person.name
    if field == "birth_date":
        return person.birth_date.isoformat() if person.birth_date else ""
    if field == "id_number":
        return person.masked_id
    if field == "workplace":
        return report.employment.employer_name if report.employment else ""
    return getattr(report, field) or ""


# Writes ---------------------------------------------------------------------------------------------------------


def county_of(place):
    return next(p for p in place.lineage() if p.level == "county")


def office_accounts(office: str, place_id: int):
    """The staff of an office at a place: the community's coordinators, or the county's public-security officers."""
    query = (
        select(Account)
        .join(RoleGrant, RoleGrant.account_id == Account.id)
        .where(RoleGrant.place_id == place_id, Account.deactivated_at.is_(None))
    )
    if office == POLICE:
        query = query.where(RoleGrant.role == Role.OFFICER.value, RoleGrant.department == POLICE)
    else:
        query = query.where(RoleGrant.role == Role.COORDINATOR.value)
    return db.session.scalars(query.distinct())


#: The parts of the address a person may ask to correct: stored as a report stores them (places/address.stored_part),
#: "3栋" as "3" and "18" as "18号", so that one building stays one group on the coordinator's caseload.
ADDRESS_PARTS = ("road", "number", "building", "unit", "room")


def stored_proposal(field: str, proposed: str) -> str:
    return stored_part(field, proposed) if field in ADDRESS_PARTS else proposed


def ask(report: ResidenceReport, *, field: str, proposed: str, why: str) -> CorrectionRequest:
    """The person's request, to the office that owns the detail. Commits."""
    office = OWNER[field]
    place_id = report.place_id if office == COORDINATOR else county_of(report.place).id
    found = CorrectionRequest(
        person_id=report.person_id, report=report, office=office, place_id=place_id, field=field, why=why
    )
    if field == "id_number":
        found.proposed, found.proposed_id_number = reference.mask_id_number(proposed), proposed
    else:
        found.proposed = stored_proposal(field, proposed)
    db.session.add(found)
    db.session.flush()
    for staff in office_accounts(office, place_id):
        if office == POLICE:
            notify(staff, "correction.asked_identity", link=f"/officer/corrections/{found.reference}")
        else:
            notify(staff, "correction.asked", link=f"/coordinator/corrections/{found.reference}")
    db.session.commit()
    return found


def answer(found: CorrectionRequest, staff, *, accept: bool, text: str) -> None:
    """The office's answer: the record corrected or not, and the person told. Commits once. An ID number another
    record has taken since it was asked for raises people.service.CorrectionRefused (nothing is saved)."""
    report = found.report
    if accept and found.office == POLICE:
        value = found.proposed
        if found.field == "birth_date":
            value = date.fromisoformat(found.proposed)
        elif found.field == "id_number":
            value = found.proposed_id_number
        try:
            people_service.correct_identity(
                report.person, detail=found.field, value=value, actor=staff, reason="identity correction", commit=False
            )
        except IntegrityError as error:  # taken by another record between the check and the write
            db.session.rollback()
            raise people_service.CorrectionRefused("taken") from error
        except people_service.CorrectionRefused:
            db.session.rollback()
            raise
    elif accept:
        correct_report(report, found, staff, text)
    found.status = "corrected" if accept else "declined"
    found.answer, found.answered_at, found.answered_by_id = text, utcnow(), staff.id
    kind = f"correction.{found.status}" if found.office == COORDINATOR else f"correction.identity_{found.status}"
    notify(report.person.account, kind, link=f"/reports/{report.receipt}", reason=text)
    db.session.commit()


def correct_report(report: ResidenceReport, found: CorrectionRequest, coordinator, text: str) -> None:
    """The report's detail as asked, with an event on its trail that keeps the old value (not committed). A
    workplace confirmed by an employer on Xinju is not renamed: the new one is a job of its own (as at a visit)."""
    history: list[dict] = []
    changed = corrections.correct(report, {found.field: found.proposed}, history, on=clock.today(), source="migrant")
    for change in history:
        change["how"] = corrections.ASKED  # said to the resident as done at their request, not at a visit
    shown = sorted(changed) or [
        "workplace" if found.field == "workplace" else ("room" if found.field == "room" else "address")
    ]
    report.events.append(
        ReportEvent(
            actor=coordinator,
            party="coordinator",
            action=lifecycle.EventAction.CORRECTED,
            fields=shown,
            reason=text,
            changes=history or None,
        )
    )
    report.version += 1


# Forms ----------------------------------------------------------------------------------------------------------


class AskForm(Form):
    field = RadioField(
        _l("Which detail is wrong?"),
        choices=choices(FIELDS.items()),
        validators=[InputRequired(_l("Select the detail that is wrong"))],
    )
    proposed = TrimmedStringField(
        _l("What should it say?"),
        description=_l("A date of birth as year-month-day, e.g. 1990-05-17."),
        validators=[
            DataRequired(_l("Enter what it should say")),
            Length(max=120, message=_l("Use 120 characters or fewer")),
        ],
    )
    why = TextAreaField(
        _l("Anything the office should know (optional)"),
        validators=[Optional(), Length(max=500, message=_l("Use 500 characters or fewer"))],
    )

    def __init__(self, report, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.report, self.person = report, (report.person if report is not None else None)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not valid:
            return False
        field, value = self.field.data, self.proposed.data
        error = None
        limit = {**LIMITS, **IDENTITY_LIMITS}.get(field, 120)
        if len(value) > limit:
            error = _("Use %(num)d characters or fewer", num=limit)
        elif field == "birth_date":
            error = self.birth_date_error(value)
        elif field == "id_number":
            number, code = rules.check_identity(value, None, person=self.person)
            if code:
                error = str(ID_ERRORS[code])
            elif number == self.person.id_number:
                error = _("This is the ID number on your record now")
            else:
                self.proposed.data = number
        if error is None and self.report is not None and field != "id_number" and field in FIELDS:
            # Asked to say what it says already: nothing for an office to correct (a name, an address part or a
            # workplace compared as it would be stored; a date of birth as a date).
            if stored_proposal(field, self.proposed.data).strip() == current_value(self.report, field):
                error = _("This is what your record says now: enter what it should say")
        if error:
            self.proposed.errors = [error]
            return False
        return True

    def birth_date_error(self, value: str) -> str | None:
        born = read_date(value)  # 1990-03-16, 1990/3/16, 1990.03.16, 1990年3月16日, in full-width figures too
        if born is None:
            return _("Enter the date as year-month-day, e.g. 1990-05-17")
        if born > clock.today() or born.year < 1900:
            return _("Enter a date of birth between 1900 and today")
        if self.person.id_number and reference.birth_date_from_id_number(self.person.id_number) != born:
            return _(
                "Your ID number holds a different date of birth. If your ID number is wrong, ask to correct the ID "
                "number: the date of birth is corrected with it"
            )
        self.proposed.data = born.isoformat()
        return None


ANSWERS = [("corrected", _l("Correct the record as asked")), ("declined", _l("Do not correct it"))]


class AnswerForm(Form):
    decision = RadioField(
        _l("Your answer"), choices=choices(ANSWERS), validators=[InputRequired(_l("Select your answer"))]
    )
    text = TextAreaField(
        _l("Note for the person (needed when not correcting)"),
        validators=[Optional(), Length(max=500, message=_l("Use 500 characters or fewer"))],
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.decision.data == "declined" and not (self.text.data or "").strip():
            self.text.errors = [_("Say why the record is not corrected")]
            return False
        return valid


# Views ----------------------------------------------------------------------------------------------------------

bp = Blueprint("corrections", __name__)
init_id_number_limit(bp)


class Desk(NamedTuple):
    """Where an office answers: its queue's and answer page's endpoints, and how its look is logged."""

    queue: str
    answer: str
    as_role: str
    why: str


DESKS = {
    COORDINATOR: Desk("corrections.queue", "corrections.answer_page", "coordinator", "correction"),
    POLICE: Desk("corrections.officer_queue", "corrections.officer_answer_page", "officer", "identity correction"),
}


def community_ids(coordinator) -> list[int]:
    return [place.id for place in coordinator.scopes(Role.COORDINATOR)]


def police_county_ids(officer) -> list[int]:
    return [g.place_id for g in officer.grants_for(Role.OFFICER) if g.department == POLICE and g.place_id]


def desk_places(office: str) -> list[int]:
    return community_ids(current_user) if office == COORDINATOR else police_county_ids(current_user)


def own_report_or_404(receipt: str) -> ResidenceReport:
    report = db.session.scalar(select(ResidenceReport).where(ResidenceReport.receipt == receipt))
    if report is None or report.person.account_id != current_user.id:
        abort(404)
    return report


@bp.route("/reports/<receipt>/correction", methods=["GET", "POST"])
@allow(Role.MIGRANT)
@limit_id_numbers("proposed", when={"field": "id_number"})  # the answer says whether the number is registered
def ask_page(receipt: str):
    report = own_report_or_404(receipt)
    form = AskForm(report)
    if form.validate_on_submit():
        found = ask(report, field=form.field.data, proposed=form.proposed.data, why=(form.why.data or "").strip())
        flash(
            _(
                "Sent to %(office)s. Their answer will come to your inbox.",
                office=labels.label("correction_office", found.office),
            ),
            "success",
        )
        return redirect(url_for("registrations.receipt", receipt=report.receipt))
    asked = db.session.scalars(
        select(CorrectionRequest)
        .where(CorrectionRequest.report_id == report.id)
        .order_by(CorrectionRequest.created_at.desc())
    ).all()
    return render_template(
        "privacy/correction_ask.html", report=report, form=form, asked=asked, fields=FIELDS, statuses=STATUS_LABELS
    ), (400 if form.errors else 200)


#: Requests on one page of an office's queue, oldest first (a county's public-security desk has many communities).
QUEUE_PAGE_SIZE = 50


def queue_for(office: str):
    page = paged(
        select(CorrectionRequest)
        .where(
            CorrectionRequest.office == office,
            CorrectionRequest.place_id.in_(desk_places(office)),
            CorrectionRequest.status == "open",
        )
        .order_by(CorrectionRequest.created_at, CorrectionRequest.id),
        request.args.get("page", 1, type=int),
        QUEUE_PAGE_SIZE,
    )
    return render_template(
        "privacy/correction_queue.html",
        waiting=page.items,
        page=page,
        fields=STAFF_FIELDS,
        answer_endpoint=DESKS[office].answer,
        queue_endpoint=DESKS[office].queue,
        office=office,
    )


@bp.get("/coordinator/corrections")
@allow(Role.COORDINATOR)
def queue():
    return queue_for(COORDINATOR)


@bp.get("/officer/corrections")
@allow(Role.OFFICER)
def officer_queue():
    return queue_for(POLICE)


def answer_for(office: str, reference_: str):
    """An open request of this office, in the staff member's area, never about themselves: shown and answered."""
    desk = DESKS[office]
    found = db.session.scalar(select(CorrectionRequest).where(CorrectionRequest.reference == reference_))
    if found is None or found.office != office or found.place_id not in desk_places(office):
        abort(404)
    if found.report.person.account_id == current_user.id:
        abort(403)  # never one's own record
    form = AnswerForm()
    if request.method == "POST" and found.status != "open":
        # The page offers an answer only while the request is open: this came from a page left open.
        flash(_("This has been answered already. The first answer stands."), "info")
        return redirect(url_for(desk.answer, reference=found.reference))
    if form.validate_on_submit():
        try:
            answer(found, current_user, accept=form.decision.data == "corrected", text=(form.text.data or "").strip())
        except people_service.CorrectionRefused as refused:
            found = db.session.get(CorrectionRequest, found.id)
            form.decision.errors = [
                _(
                    "This ID number cannot be written: %(reason)s. Do not correct it, and say why.",
                    reason=ID_ERRORS[refused.error],
                )
            ]
        else:
            flash(_("Answered. The person has been told."), "success")
            return redirect(url_for(desk.queue))
    audit.viewed(
        found.report.person.account,
        actor=current_user,
        what="residence_report" if office == COORDINATOR else "identity",
        why=desk.why,
        as_role=desk.as_role,
        person=found.report.person,
        report=found.report.receipt,
    )
    return render_template(
        "privacy/correction_answer.html",
        found=found,
        form=form,
        fields=STAFF_FIELDS,
        current=current_value(found.report, found.field),
        statuses=STATUS_LABELS,
        queue_endpoint=desk.queue,
        answer_endpoint=desk.answer,
    ), (400 if form.errors else 200)


@bp.route("/coordinator/corrections/<reference>", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
def answer_page(reference: str):
    return answer_for(COORDINATOR, reference)


@bp.route("/officer/corrections/<reference>", methods=["GET", "POST"])
@allow(Role.OFFICER)
def officer_answer_page(reference: str):
    return answer_for(POLICE, reference)
