"""Administrators see counts, not people: the dashboards hold no names. When a person's record must be opened —
a complaint, a figure that looks wrong, an official request — an administrator opens it by its report receipt, for
a stated reason (a POST: the receipt is never in an address), within their area; the look is logged and shown to the
person under "who has looked". The page lists the person's reports inside the administrator's area only: a person
who moved to another city has their new address there, which is that city's to see."""

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import RadioField
from wtforms.validators import DataRequired, InputRequired

from webapp.accounts.roles import Role
from webapp.audit import log as audit
from webapp.extensions import db
from webapp.forms import Form, TrimmedStringField, choices
from webapp.registrations.models import ResidenceReport
from webapp.security.access import allow

bp = Blueprint("admin_record", __name__)

#: The audit log's reason codes (audit/log.py words them for the person and the staff).
REASONS = [
    ("admin: complaint", _l("A complaint or an appeal about this record")),
    ("admin: data check", _l("A figure on the dashboard looks wrong")),
    ("admin: official request", _l("A written request from a court or the police")),
]


class OpenForm(Form):
    receipt = TrimmedStringField(
        _l("Report receipt"),
        description=_l("The 10 characters on the person's receipt, e.g. ABCDE-12345"),
        validators=[DataRequired(_l("Enter the report's receipt"))],
    )
    reason = RadioField(
        _l("Why do you need to open it?"),
        choices=choices(REASONS),
        validators=[InputRequired(_l("Select why you need to open it"))],
    )


def in_scope(report: ResidenceReport) -> bool:
    return any(scope.contains(report.place) for scope in current_user.scopes(Role.ADMIN))


@bp.route("/admin/record", methods=["GET", "POST"])
@allow(Role.ADMIN)
def open_record():
    form = OpenForm()
    if not form.validate_on_submit():
        return render_template("privacy/admin_record.html", form=form, report=None), (400 if form.errors else 200)
    receipt = form.receipt.data.replace("-", "").replace(" ", "").upper()
    report = db.session.scalar(select(ResidenceReport).where(ResidenceReport.receipt == receipt))
    if report is None or not in_scope(report):
        form.receipt.errors = [_l("No report with this receipt in your area")]
        return render_template("privacy/admin_record.html", form=form, report=None), 400
    audit.viewed(
        report.person.account,
        actor=current_user,
        what="residence_report",
        why=form.reason.data,
        as_role="admin",
        person=report.person,
        report=report.receipt,
    )
    # Only the reports inside the administrator's area: where the person lived or lives elsewhere is another
    # area's record (GET /reports/<receipt> answers 404 for it, too).
    reports = [
        item
        for item in db.session.scalars(
            select(ResidenceReport)
            .where(ResidenceReport.person_id == report.person_id)
            .order_by(ResidenceReport.created_at.desc())
        )
        if in_scope(item)
    ]
    response = render_template(
        "privacy/admin_record.html", form=OpenForm(formdata=None), report=report, reports=reports
    )
    return response, 200, {"Cache-Control": "private, no-store"}
