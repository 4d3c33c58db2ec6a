"""The permit's lifecycle as plain functions: status on a date, endorsement windows, renewal, documents."""

from dataclasses import dataclass
from datetime import date, timedelta

from webapp.policy import engine
from webapp.policy.profiles import Period, load_profiles
from webapp.policy.workdays import OFFICIAL, Holidays, next_working_day

#: [N] 居住证暂行条例: issued within 15 days of a complete application (taken here as 15 calendar days, the last day
#: moved past a rest day or public holiday where the profile says so: 民法典 art. 203).
ISSUE_TARGET = Period(15, "days")
ISSUE_TARGET_DAYS = ISSUE_TARGET.count
#: What every application needs; plus one proof of employment or of study.
REQUIRED_DOCUMENTS = ("photo", "residence_proof")
ONE_OF = ("employment_proof", "study_proof")
#: A fixed-term permit (Shandong's 1 or 3 years) may be renewed from this many days before its last valid day, and
#: is "expiring" from then on: the renewal button, the reminder (jobs/reminders.py), the caseload's permits about to
#: lapse (visits/caseload.py) and the dashboards' count (summaries/counting.py) all read this one number. [I]: the
#: texts in DOMAIN.md set no renewal period; the same for every profile, so not a profile parameter (yet).
RENEWAL_NOTICE_DAYS = 30


#: The reasons for being here that rest on a job or studies (registrations/choices.py REASONS).
WORK_OR_STUDY_REASONS = ("work", "business", "study")


def needs_work_or_study_proof(report) -> bool:
    """Whether the application must prove a job or studies: when the person came for them, or told us of a job, a
    contract, a business licence, social insurance or studies. The national rules grant a permit on one of a stable
    job, a stable home or continuous study (居住证暂行条例 第二条), and Zibo's ask every migrant of 16 to 70 staying 30
    days or more to hold one: someone with neither a job nor studies (a homemaker, a retired parent living with
    family) proves who they are and where they live."""
    if report is None or report.reason in WORK_OR_STUDY_REASONS:
        return True
    return any(evidence_for(report)[kind] for kind in ONE_OF)


def missing_documents(documents: dict, report=None) -> list[str]:
    """Every document still missing, so the person is told all of them in one notice. `report`: the report the
    application rests on (a job or studies are proved only where it names them, see needs_work_or_study_proof)."""
    missing = [kind for kind in REQUIRED_DOCUMENTS if not documents.get(kind)]
    if needs_work_or_study_proof(report) and not any(documents.get(kind) for kind in ONE_OF):
        missing.append("employment_or_study_proof")
    return missing


#: The uploads that answer a document asked for: "job or studies" by either proof, any other kind by its own upload.
ANSWERED_BY = {"employment_or_study_proof": ONE_OF}


def answered_by(kind: str) -> tuple[str, ...]:
    return ANSWERED_BY.get(kind, (kind,))


def not_given_again(asked: list[str], uploaded) -> list[str]:
    """The documents an officer asked for (an application's `missing`) that these new uploads do not answer. Each
    must be uploaded again after the request: a document the person gave before it is what the officer found
    wanting, so it answers nothing."""
    uploaded = set(uploaded)
    return [kind for kind in asked if not uploaded.intersection(answered_by(kind))]


#: The document that proves where a person lives, by the kind of housing they reported.
RESIDENCE_EVIDENCE = {
    "rental": "lease",
    "own_home": "property_certificate",
    "dormitory": "dormitory_letter",
    "relatives": "host_certificate",
}


def one_of_field(report) -> str:
    """The one upload beside which "proof of work or of study: one of the two" is said when neither is given (said
    once, not on both): the proof of study for someone who told us of studies and of no job, else the proof of
    work."""
    found = evidence_for(report) if report is not None else {}
    return "study_proof" if found.get("study_proof") and not found.get("employment_proof") else "employment_proof"


def evidence_for(report) -> dict[str, list[str]]:
    """The documents that prove this person's case, named from what they told us (housing, job, study), for the
    application form to ask for by name: upload kind -> evidence kinds (labelled as the "evidence" kind, in
    permits/labels.py)."""
    residence = [RESIDENCE_EVIDENCE.get(report.housing_type, "residence_other")]
    job = []
    if report.work_proof in ("labour_contract", "business_licence"):
        job.append(report.work_proof)
    if report.insurance_months:
        job.append("insurance_record")
    if not job and report.employment is not None:
        job.append("employer_letter")
    study = ["enrolment_certificate"] if report.full_time_study or report.reason == "study" else []
    return {"residence_proof": residence, "employment_proof": job, "study_proof": study}


def endorsed_yearly(profile_id: str) -> bool:
    return load_profiles()[profile_id].params["permit"]["scheme"] == "residence_and_condition"


@dataclass(frozen=True)
class PermitState:
    status: str  # valid, lapsed, revoked, expired
    window: tuple[date, date] | None = None  # the window of the next endorsement due
    endorse_year: int | None = None


def endorsement_due(permit, endorsed_years=None) -> tuple[int, tuple[date, date]] | None:
    """The first year not yet endorsed, and its window (None when the permit is not endorsed yearly).
    `endorsed_years`: the years already endorsed, when the caller has read them (else the permit's endorsements)."""
    if not endorsed_yearly(permit.profile_id):
        return None
    done = {e.year for e in permit.endorsements} if endorsed_years is None else endorsed_years
    year = 1
    while year in done:
        year += 1
    return year, engine.endorsement_window(load_profiles()[permit.profile_id], permit.issued_on, year)


def state_on(permit, today: date, endorsed_years=None) -> PermitState:
    """The permit's status on `today`. `permit` needs only profile_id, issued_on, valid_until and revoked_on (a
    light row will do when `endorsed_years` is given)."""
    if permit.revoked_on is not None and permit.revoked_on <= today:
        return PermitState("revoked")
    if permit.valid_until is not None and today > permit.valid_until:
        return PermitState("expired")
    due = endorsement_due(permit, endorsed_years)
    if due is None:
        return PermitState("valid")
    year, window = due
    # The window's last day is the day before the anniversary (moved past a rest day or public holiday where the
    # profile says so): missing it suspends the permit's functions.
    return PermitState("lapsed" if today > window[1] else "valid", window, year)


def can_endorse(permit, today: date) -> bool:
    """Inside the window, or late (a lapsed permit is restored by endorsing it: see years_to_endorse)."""
    state = state_on(permit, today)
    return state.status in ("valid", "lapsed") and state.window is not None and today >= state.window[0]


def years_to_endorse(permit, today: date) -> list[int]:
    """The years one endorsement made today covers: each not yet endorsed whose window has opened by today.

    A late endorsement (补办签注) restores a suspended permit at once, however many anniversaries were missed:
    one visit, not one per year missed. [N] 居住证暂行条例, the articles on endorsement that policy/guide.toml
    cites (第十四条、第十五条): 逾期未办理签注手续的，居住证使用功能中止；
    补办签注手续的，居住证的使用功能恢复. [I] The same text counts the years of residence anew from a late
    endorsement (居住年限自补办签注手续之日起连续计算); the windows here stay on the anniversaries of issue,
    which the caseload and the dashboards count too."""
    if state_on(permit, today).status not in ("valid", "lapsed"):
        return []
    done = {e.year for e in permit.endorsements}
    years = []
    due = endorsement_due(permit, done)
    while due is not None and due[1][0] <= today:
        years.append(due[0])
        done.add(due[0])
        due = endorsement_due(permit, done)
    return years


def can_renew(permit, today: date) -> bool:
    """A fixed-term permit may be renewed from RENEWAL_NOTICE_DAYS before it expires, and after it has expired."""
    if permit.valid_until is None or state_on(permit, today).status == "revoked":
        return False
    return (permit.valid_until - today).days <= RENEWAL_NOTICE_DAYS


def renewal_opens(permit) -> date | None:
    """The first day a fixed-term permit may be renewed (None for a permit without an end date)."""
    if permit.valid_until is None:
        return None
    return permit.valid_until - timedelta(days=RENEWAL_NOTICE_DAYS)


#: What a person may apply for: a first permit, or, holding one, its renewal or the replacement of a lost card.
APPLICATION_KINDS = ("new", "renewal", "replacement")


def application_kind(asked: str, permit, today: date) -> str | None:
    """The kind of application a person may make today, from the one they asked for (the button they pressed):
    without a permit in force, a first application whatever was asked; holding one, its renewal once renewal is open
    (an expired permit is renewed, not replaced: a replacement keeps the permit's dates), or the replacement of a
    lost card. None when what was asked cannot be made (a second permit, an early renewal)."""
    if permit is None:
        return "new"
    if state_on(permit, today).status == "expired":
        return "renewal"
    if asked == "renewal":
        return "renewal" if can_renew(permit, today) else None
    if asked == "replacement":
        return "replacement"
    return None


def valid_until(issued_on: date, validity_months: int | None) -> date | None:
    """The last valid day of a fixed-term permit: a period of months from the day after issue ends on the
    corresponding day, or the month's last day when it has none (民法典 arts. 201-202): a 1-year permit issued on
    10 March 2025 is valid to 10 March 2026, one issued on 29 February 2024 to 28 February 2025."""
    if not validity_months:
        return None
    return Period(validity_months, "months").end(issued_on)


def target_date(submitted_on: date, profile_id: str | None = None, holidays: Holidays = OFFICIAL) -> date:
    """The day a complete application submitted on `submitted_on` is to be answered by: 15 days after it, moved to
    the next working day when that is a rest day or public holiday and the profile rolls last days (民法典 art. 203;
    every shipped profile does; without a profile, the law's rule applies: moved)."""
    if profile_id is None:
        return next_working_day(ISSUE_TARGET.end(submitted_on, holidays), holidays)
    return engine.last_day(load_profiles()[profile_id], submitted_on, ISSUE_TARGET, holidays)
