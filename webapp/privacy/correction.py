"""A person asks to correct a detail of their residence report (PIPL art. 46). The request goes to the office that
owns the detail — the coordinators of the report's community, who check addresses and workplaces — and the answer
comes back to the person's inbox. A correction accepted changes the report and shows on its evidence trail."""

import secrets
from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from webapp.accounts.models import REFERENCE_ALPHABET, Account, RoleGrant
from webapp.accounts.roles import Role
from webapp.audit import log as audit
from webapp.clock import utcnow
from webapp.employers.models import Employment
from webapp.extensions import db
from webapp.forms import Form, TrimmedStringField, choices
from webapp.notifications.notify import notify
from webapp.registrations import lifecycle
from webapp.registrations.models import ReportEvent, ResidenceReport
from webapp.security.access import allow

#: The details a person may ask to correct, and who owns them (the office the request goes to).
FIELDS = {
    "road": _l("Road, street or lane"),
    "number": _l("Number or residential compound"),
    "building": _l("Building"),
    "unit": _l("Unit"),
    "room": _l("Room"),
    "workplace": _l("Workplace"),
}
#: The longest each may be (as a coordinator's correction at a visit: webapp/visits/schemas.py CORRECTABLE).
LIMITS = {"road": 60, "number": 30, "building": 20, "unit": 20, "room": 20, "workplace": 120}
OWNER = {name: "coordinator" for name in FIELDS}  # the community's coordinators check addresses and workplaces
STATUS_LABELS = {"open": _l("Waiting for an answer"), "corrected": _l("Corrected"), "declined": _l("Not corrected")}


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


class CorrectionRequest(db.Model):
    __tablename__ = "correction_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(8), unique=True, default=new_reference)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("residence_report.id"), index=True)
    #: The office that answers: the report's community (its coordinators).
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), index=True)
    field: Mapped[str] = mapped_column(String(20))
    proposed: Mapped[str] = mapped_column(String(120))
    why: Mapped[str] = mapped_column(Text, default="")
    #: open, corrected, declined
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    answer: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))

    report: Mapped[ResidenceReport] = relationship()


def current_value(report: ResidenceReport, field: str) -> str:
    if field == "workplace":
        return report.employment.employer_name if report.employment else ""
    return getattr(report, field) or ""


# Writes ---------------------------------------------------------------------------------------------------------


def ask(report: ResidenceReport, *, field: str, proposed: str, why: str) -> CorrectionRequest:
    """The person's request, to the coordinators of the report's community. Commits."""
    found = CorrectionRequest(
        person_id=report.person_id, report=report, place_id=report.place_id, field=field, proposed=proposed, why=why
    )
    db.session.add(found)
    db.session.flush()
    coordinators = db.session.scalars(
        select(Account)
        .join(RoleGrant, RoleGrant.account_id == Account.id)
        .where(RoleGrant.role == Role.COORDINATOR.value, RoleGrant.place_id == report.place_id)
        .where(Account.deactivated_at.is_(None))
    )
    for coordinator in coordinators:
        notify(coordinator, "correction.asked", link=f"/coordinator/corrections/{found.reference}")
    db.session.commit()
    return found


def answer(found: CorrectionRequest, coordinator, *, accept: bool, text: str) -> None:
    """The office's answer: the report corrected (with an event on its trail) or not, and the person told. Commits."""
    report = found.report
    if accept:
        if found.field == "workplace":
            if report.employment is None:
                report.employment = Employment(
                    person=report.person,
                    employer_name=found.proposed,
                    source="coordinator",
                    started_on=report.arrival_date,
                    status="unlinked",
                )
            else:
                report.employment.employer_name = found.proposed
        else:
            setattr(report, found.field, found.proposed)
        shown = "workplace" if found.field == "workplace" else ("room" if found.field == "room" else "address")
        report.events.append(
            ReportEvent(
                actor=coordinator,
                party="coordinator",
                action=lifecycle.EventAction.CORRECTED,
                fields=[shown],
                reason=text,
            )
        )
        report.version += 1
    found.status = "corrected" if accept else "declined"
    found.answer, found.answered_at, found.answered_by_id = text, utcnow(), coordinator.id
    notify(
        report.person.account,
        f"correction.{found.status}",
        link=f"/reports/{report.receipt}",
        reason=text or "—",
    )
    db.session.commit()


# Forms ----------------------------------------------------------------------------------------------------------


class AskForm(Form):
    field = RadioField(
        _l("Which detail is wrong?"),
        choices=choices(FIELDS.items()),
        validators=[InputRequired(_l("Select the detail that is wrong"))],
    )
    proposed = TrimmedStringField(
        _l("What should it say?"),
        validators=[
            DataRequired(_l("Enter what it should say")),
            Length(max=120, message=_l("Use 120 characters or fewer")),
        ],
    )
    why = TextAreaField(
        _l("Anything the coordinator should know (optional)"),
        validators=[Optional(), Length(max=500, message=_l("Use 500 characters or fewer"))],
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        limit = LIMITS.get(self.field.data or "", 120)
        if valid and len(self.proposed.data) > limit:
            self.proposed.errors = [_("Use %(num)d characters or fewer", num=limit)]
            return False
        return valid


ANSWERS = [("corrected", _l("Correct the report as asked")), ("declined", _l("Do not correct it"))]


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
            self.text.errors = [_("Say why the report is not corrected")]
            return False
        return valid


# Views ----------------------------------------------------------------------------------------------------------

bp = Blueprint("corrections", __name__)


def community_ids(coordinator) -> list[int]:
    return [place.id for place in coordinator.scopes(Role.COORDINATOR)]


def own_report_or_404(receipt: str) -> ResidenceReport:
    report = db.session.scalar(select(ResidenceReport).where(ResidenceReport.receipt == receipt))
    if report is None or report.person.account_id != current_user.id:
        abort(404)
    return report


@bp.route("/reports/<receipt>/correction", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def ask_page(receipt: str):
    report = own_report_or_404(receipt)
    form = AskForm()
    if form.validate_on_submit():
        ask(report, field=form.field.data, proposed=form.proposed.data, why=(form.why.data or "").strip())
        flash(_("Sent to your community's coordinator. Their answer will come to your inbox."), "success")
        return redirect(url_for("registrations.receipt", receipt=report.receipt))
    asked = db.session.scalars(
        select(CorrectionRequest)
        .where(CorrectionRequest.report_id == report.id)
        .order_by(CorrectionRequest.created_at.desc())
    ).all()
    return render_template(
        "privacy/correction_ask.html", report=report, form=form, asked=asked, fields=FIELDS, statuses=STATUS_LABELS
    ), (400 if form.errors else 200)


@bp.get("/coordinator/corrections")
@allow(Role.COORDINATOR)
def queue():
    waiting = db.session.scalars(
        select(CorrectionRequest)
        .where(CorrectionRequest.place_id.in_(community_ids(current_user)), CorrectionRequest.status == "open")
        .order_by(CorrectionRequest.created_at)
    ).all()
    return render_template("privacy/correction_queue.html", waiting=waiting, fields=FIELDS)


@bp.route("/coordinator/corrections/<reference>", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
def answer_page(reference: str):
    found = db.session.scalar(select(CorrectionRequest).where(CorrectionRequest.reference == reference))
    if found is None or found.place_id not in community_ids(current_user):
        abort(404)
    if found.report.person.account_id == current_user.id:
        abort(403)  # never one's own report
    form = AnswerForm()
    if found.status == "open" and form.validate_on_submit():
        answer(found, current_user, accept=form.decision.data == "corrected", text=(form.text.data or "").strip())
        flash(_("Answered. The person has been told."), "success")
        return redirect(url_for("corrections.queue"))
    audit.viewed(
        found.report.person.account,
        actor=current_user,
        what="residence_report",
        why="correction",
        as_role="coordinator",
        person=found.report.person,
        report=found.report.receipt,
    )
    return render_template(
        "privacy/correction_answer.html",
        found=found,
        form=form,
        fields=FIELDS,
        current=current_value(found.report, found.field),
        statuses=STATUS_LABELS,
    ), (400 if form.errors else 200)
