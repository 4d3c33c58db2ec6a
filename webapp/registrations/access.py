"""Who may see a report, and the field-by-field evidence it shows. Plain functions over loaded records.

An officer may see the report of a person whose case they work on. The cases are other features' (a permit
application, a service request): each gives a function ``(person_id, grant) -> bool``, listed by the app factory
(``init_app``), so that the report does not need to know them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, current_app
from sqlalchemy import select

from webapp import labels
from webapp.accounts.roles import Role
from webapp.extensions import db
from webapp.places.address import address, dwelling
from webapp.registrations.labels import stay_label
from webapp.registrations.lifecycle import EventAction
from webapp.registrations.models import ResidenceReport

EVIDENCE_FIELDS = ["address", "room", "housing", "arrival", "stay", "workplace"]
PARTIES = ["landlord", "employer", "coordinator"]
#: What a landlord may see of a tenant's report: the rental and the stay in it (never the workplace).
TENANCY_FIELDS = ("address", "room", "housing", "arrival", "stay")
#: What an employer may see of a worker's report: the workplace (never the home).
EMPLOYMENT_FIELDS = ("workplace",)


@dataclass(frozen=True)
class ReportView:
    """What one reader may see of a report. The person and the staff who may see it: all of it. A landlord or an
    employer (who is not such staff): the rows of their own part and their own answer on them, nothing of the
    decisions, the rule ids, the lateness or a rejection's reason, which are written for the person and staff."""

    fields: tuple[str, ...]
    parties: tuple[str, ...]
    full: bool = False

    @property
    def landlord(self) -> bool:
        return "landlord" in self.parties

    @property
    def employer(self) -> bool:
        return "employer" in self.parties


FULL_VIEW = ReportView(fields=tuple(EVIDENCE_FIELDS), parties=tuple(PARTIES), full=True)


def owns(report: ResidenceReport, account) -> bool:
    person = report.person
    # A household member's reports are the head's only while the member has no account of their own.
    return person.account_id == account.id or (
        person.account_id is None and person.household_of is not None and person.household_of.account_id == account.id
    )


def is_landlord_of(report: ResidenceReport, account) -> bool:
    tenancy = report.tenancy
    return tenancy is not None and tenancy.property is not None and tenancy.property.landlord_id == account.id


def landlord_not_on_xinju(report: ResidenceReport) -> bool:
    """The tenant named a landlord who has not registered the rental on Xinju yet."""
    return report.tenancy is not None and report.tenancy.status == "unlinked"


def is_employer_of(report: ResidenceReport, account) -> bool:
    employer = report.employment.employer if report.employment else None
    return employer is not None and any(m.account_id == account.id for m in employer.members)


OfficerCase = Callable[[int, object], bool]


def init_app(app, officer_cases: tuple[OfficerCase, ...]) -> None:
    """The features whose officers may see the report of a person they work on, in the order they are asked."""
    app.extensions["report_officer_cases"] = tuple(officer_cases)


def officer_may_see(report: ResidenceReport, account) -> bool:
    """An officer of the report's county who works on this person's case (e.g. public security on a permit
    application of that county, any department on a service request to it in that county)."""
    cases = current_app.extensions.get("report_officer_cases", ())
    for grant in account.grants_for(Role.OFFICER):
        if grant.place is None or not grant.department or not grant.place.contains(report.place):
            continue
        if any(case(report.person_id, grant) for case in cases):
            return True
    return False


def staff_may_see(report: ResidenceReport, account) -> bool:
    """The coordinators of the report's community, and the officers who work on the person's case. Not
    administrators: they see counts, and open a person's record only for a stated reason, by a POST
    (privacy/admin_record.py), never by the receipt in an address."""
    place = report.place
    return any(scope.id == place.id for scope in account.scopes(Role.COORDINATOR)) or officer_may_see(report, account)


def may_see(report: ResidenceReport, account) -> bool:
    return (
        owns(report, account)
        or is_landlord_of(report, account)
        or is_employer_of(report, account)
        or staff_may_see(report, account)
    )


def view_of(report: ResidenceReport, account) -> ReportView:
    """What `account` may see of the report (one it may see at all: see may_see). Someone who is both the landlord
    and the employer sees both parts."""
    if owns(report, account) or staff_may_see(report, account):
        return FULL_VIEW
    fields, parties = [], []
    if is_landlord_of(report, account):
        fields += TENANCY_FIELDS
        parties.append("landlord")
    if is_employer_of(report, account):
        fields += EMPLOYMENT_FIELDS
        parties.append("employer")
    return ReportView(fields=tuple(f for f in EVIDENCE_FIELDS if f in fields), parties=tuple(parties))


def is_staff_view(report: ResidenceReport, account) -> bool:
    return not owns(report, account) and staff_may_see(report, account)


def report_or_404(receipt: str, account) -> ResidenceReport:
    report = db.session.scalar(
        select(ResidenceReport).where(ResidenceReport.receipt == receipt.upper().replace("-", ""))
    )
    if report is None or not may_see(report, account):
        abort(404)  # the same answer whether it does not exist or is not theirs
    return report


def said(report: ResidenceReport) -> dict[str, str]:
    """What the person told us, field by field, as text."""
    workplace = report.employment.employer_name if report.employment else ""
    return {
        "address": address(report, room=False),
        "room": dwelling(room=report.room),
        "housing": labels.label("housing", report.housing_type),
        "arrival": report.arrival_date,
        "stay": stay_label(report),
        "reason": labels.label("report_reason", report.reason),
        "workplace": workplace,
    }


def evidence(report: ResidenceReport, view: ReportView = FULL_VIEW) -> list[dict]:
    """One row per field the reader may see (`view`): what the migrant said and when, then the latest word on it of
    each party the reader may see."""
    submitted = next((e for e in report.events if e.action == EventAction.SUBMITTED), None)
    values = said(report)
    rows = []
    for field in view.fields:
        row = {"field": field, "value": values[field], "said_at": submitted.at if submitted else report.created_at}
        for party in view.parties:
            latest = [e for e in report.events if e.party == party and field in (e.fields or [])]
            row[party] = latest[-1] if latest else None
        rows.append(row)
    return rows
