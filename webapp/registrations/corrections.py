"""Writing corrected details on a residence report, whoever corrects them: a coordinator at a visit (visits.record)
or on a resident's request (privacy.correction). Each detail changed is kept with its old value on the report's
event (ReportEvent.changes), so nothing the resident reported is lost."""

from webapp import clock
from webapp.employers.models import Employment
from webapp.places.address import stored_part
from webapp.registrations.models import ResidenceReport
from webapp.registrations.service import ADDRESS_PARTS

#: A change's "how" (ReportEvent.changes) when a coordinator made it on the resident's own request; without it, at
#: a visit.
ASKED = "asked"


def stored_value(name: str, value: str) -> str:
    """A corrected detail as the report stores it: an address part normalised (places.address.stored_part: "3栋"
    typed at the door is the same building as the "3" a resident typed, one group on the caseload), else trimmed."""
    return stored_part(name, value) if name in ADDRESS_PARTS else value.strip()


def correct(
    report: ResidenceReport, corrections: dict, history: list | None = None, *, on=None, source: str = "visit"
) -> set[str]:
    """Write corrections on the report; the evidence fields they changed. Each detail changed is added to `history` as
    {"field", "from", "to"} (the report's history keeps the old value); an empty value clears the detail
    (visits.schemas.CLEARABLE), a workplace then no longer named by the report (see below), `on` the day of the
    correction, `source` what a new job's record says it came from ("visit", or "migrant" on the resident's own
    request)."""
    changed = set()
    history = [] if history is None else history
    for name, typed in corrections.items():
        value = stored_value(name, typed)  # a visit kept for review before parts were normalised, too
        if name == "workplace":
            job = report.employment
            old = job.employer_name if job is not None else ""
            if old == value:
                continue
            if not value:
                # The job is over (the workplace closed, or the person never worked there): the report names none.
                # The person's own record of it ends on the day of the visit; an employer's record of it stays
                # theirs, as when the workplace is replaced.
                if job.employer_id is None and job.ended_on is None:
                    job.ended_on = on or clock.today()
                report.employment = None
            elif job is None or job.employer_id is not None or job.offered_employer_id is not None:
                # Another workplace than the employer on Xinju who was asked (or offered) to confirm this job: a job
                # of its own, never their record renamed under their confirmation (theirs stays as it is).
                report.employment = Employment(
                    person=report.person,
                    employer_name=value,
                    source=source,  # the column holds 10 characters
                    started_on=report.arrival_date,
                    status="unlinked",
                )
            else:
                report.employment.employer_name = value
            changed.add("workplace")
            history.append({"field": name, "from": old, "to": value})
        elif (old := getattr(report, name) or "") != value:
            setattr(report, name, value)
            changed.add("room" if name == "room" else "address")
            history.append({"field": name, "from": old, "to": value})
    return changed
