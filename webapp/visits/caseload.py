"""A coordinator's caseload: what needs a visit in their communities, grouped so a day's walk is one list."""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cache, lru_cache

from sqlalchemy import String, and_, bindparam, case, cast, exists, extract, func, or_, select

from webapp import clock
from webapp.accounts.roles import Role
from webapp.employers.models import Employment
from webapp.extensions import db
from webapp.paging import Pagination, paged
from webapp.people.models import Person
from webapp.permits import rules as permit_rules
from webapp.permits.models import Endorsement, Permit
from webapp.places.models import Place
from webapp.policy.profiles import visit_target
from webapp.policy.workdays import working_days_between
from webapp.registrations import lifecycle
from webapp.registrations.models import ResidenceReport, receipt_display
from webapp.rentals.models import RentalProperty, Tenancy
from webapp.rentals.rules import open_to_tenants
from webapp.visits.models import Outcome, Visit

# How soon a report is to be visited is policy data: the [visits] target of the profile governing its community on
# the day (policy.profiles.visit_target; [L, Shandong] 10 working days, DOMAIN.md §2). None where the profile sets
# none (Zhejiang, the national rules): no report there is ever marked overdue.

#: Reports on one page of the caseload (a building is never split across pages): five screens of a phone, and
#: each report shown costs the page as much as the page's statements together cost for ten of them.
PAGE_SIZE = 50


@dataclass(frozen=True)
class CaseItem:
    """What a visit needs to know about one report (light rows, not ORM objects: a caseload can be thousands)."""

    receipt: str
    version: int
    status: str
    name: str
    masked_id: str
    community: str
    road: str
    number: str
    building: str
    unit: str
    room: str
    housing_type: str
    workplace: str
    sent: datetime
    age: int  # working days since it was sent
    reasons: tuple[str, ...]  # awaiting, denied, late
    day: int = 0  # workday_number of the day it was sent: field mode counts its age from today's number
    target: int | None = None  # the community's visit target in working days (visit_target); None: it has none
    #: The day (China's) of the last visit, when it found nobody or the person declined (TRIED): try again.
    tried_on: date | None = None
    #: Working days since it was sent, up to yesterday: the target's last day has passed once they reach it.
    elapsed: int = 0

    @property
    def overdue(self) -> bool:
        """Past the target's last day (the target-th working day after the day it was sent), as every deadline
        counts: a target that ended on a Friday is passed on the Saturday, not only on the Monday."""
        return self.target is not None and self.elapsed >= self.target

    @property
    def receipt_display(self) -> str:
        return receipt_display(self.receipt)


@dataclass
class Caseload:
    groups: dict[str, list[CaseItem]] = field(default_factory=dict)  # by building, the oldest report's first

    def items(self) -> list[CaseItem]:
        return [item for items in self.groups.values() for item in items]


@dataclass(frozen=True)
class RentalToRegister:
    """An address whose landlord is not on Xinju yet, as the tenants gave it (shown with the filter `address`).
    The landlord's mobile is not shown: it is the tenant's word, for the landlord to confirm."""

    community: str
    road: str
    number: str
    building: str
    unit: str
    landlord_name: str
    tenants: int


#: Rentals listed on one page of /coordinator/rentals (each of its two lists pages on its own).
RENTALS_PAGE_SIZE = 50

#: Between the landlord names an address's tenants gave, in the grouped row (a character no name holds).
_NAMES_SEPARATOR = "\x1f"


@cache
def _rentals_to_register_statement():
    """One row an address (community, road, number, building, unit) of current reports whose tenancy waits for a
    landlord not on Xinju: the names the tenants gave the landlord, and how many tenants. Parameter `place_ids`."""
    building, unit = ResidenceReport.building, ResidenceReport.unit
    return (
        select(
            Place.name.label("community"),
            ResidenceReport.road,
            ResidenceReport.number,
            building,
            unit,
            func.aggregate_strings(Tenancy.landlord_name, _NAMES_SEPARATOR).label("landlord_names"),
            func.count().label("tenants"),
        )
        .join(Tenancy, Tenancy.id == ResidenceReport.tenancy_id)
        .join(Place, Place.id == ResidenceReport.place_id)
        .where(
            ResidenceReport.place_id.in_(bindparam("place_ids", expanding=True)),
            lifecycle.current(),
            Tenancy.status == "unlinked",
            Tenancy.ended_on.is_(None),
        )
        .group_by(Place.name, ResidenceReport.place_id, ResidenceReport.road, ResidenceReport.number, building, unit)
        .order_by(Place.name, ResidenceReport.place_id, ResidenceReport.road, ResidenceReport.number, building, unit)
    )


def rentals_to_register(place_ids: list[int], number: int = 1, size: int = RENTALS_PAGE_SIZE) -> Pagination:
    """Current reports in these communities whose tenancy waits for a landlord not on Xinju, one line an address
    (RentalToRegister), a page at a time: the addresses are grouped and counted by the database."""
    page = paged(_rentals_to_register_statement().params(place_ids=place_ids), number, size, rows=True)
    page.items = [
        RentalToRegister(
            row.community,
            row.road,
            row.number,
            row.building,
            row.unit,
            landlord_name="、".join(sorted({n for n in (row.landlord_names or "").split(_NAMES_SEPARATOR) if n})),
            tenants=row.tenants,
        )
        for row in page.items
    ]
    return page


def rows_of(statement, parameters: dict) -> list:
    """The rows of a SELECT of columns, run as Core on the session's connection (and transaction): the ORM's result
    machinery, made for entities, was a tenth of the caseload page's time for a thousand rows of plain values."""
    return db.session.connection().execute(statement, parameters).all()


def community_ids(coordinator) -> list[int]:
    """The places of the coordinator's grants (their ids, as `scopes` lists them: no Place loaded for the id)."""
    return [grant.place_id for grant in coordinator.grants_for(Role.COORDINATOR) if grant.place_id is not None]


#: Outcomes of a visit that leave the report as it was: the coordinator is to try again (a reason of its own).
TRIED = (Outcome.NOT_FOUND.value, Outcome.DECLINED.value)


def _last_visit(column):
    """SQL: `column` of the report's last visit that counts (applied, or applied after a review; not one under
    review or set aside), for the caseload to tell "never visited" from "visited, nobody found"."""
    return (
        select(column)
        .where(Visit.report_id == ResidenceReport.id, Visit.state.in_(("applied", "applied_after_review")))
        .order_by(Visit.recorded_at.desc(), Visit.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def open_case_rows(place_ids: list[int]):
    """Reports that still need a coordinator: not yet verified, or with a denied claim, or reported late."""
    return (
        select(
            ResidenceReport.receipt,
            ResidenceReport.version,
            ResidenceReport.status,
            ResidenceReport.late,
            ResidenceReport.left_reported,
            ResidenceReport.created_at,
            ResidenceReport.road,
            ResidenceReport.number,
            ResidenceReport.building,
            ResidenceReport.unit,
            ResidenceReport.room,
            ResidenceReport.housing_type,
            ResidenceReport.place_id,
            Place.name.label("community"),
            Person.name,
            Person.id_number_masked,  # never the ciphertext: nothing to decrypt
            Tenancy.status.label("tenancy_status"),
            Tenancy.ended_on.label("tenancy_ended_on"),
            Employment.status.label("employment_status"),
            Employment.ended_on.label("employment_ended_on"),
            Employment.employer_name,
            _last_visit(Visit.outcome).label("last_outcome"),
            _last_visit(Visit.recorded_at).label("last_visited_at"),
        )
        .join(Person, Person.id == ResidenceReport.person_id)
        .join(Place, Place.id == ResidenceReport.place_id)
        .outerjoin(Tenancy, Tenancy.id == ResidenceReport.tenancy_id)
        .outerjoin(Employment, Employment.id == ResidenceReport.employment_id)
        .where(
            ResidenceReport.place_id.in_(place_ids),
            ResidenceReport.ended_on.is_(None),
            lifecycle.open_case(),
            or_(
                lifecycle.awaiting_visit(),
                Tenancy.status == "denied",
                Employment.status == "denied",
                ResidenceReport.late.is_(True),
                ResidenceReport.left_reported.is_(True),
            ),
        )
        .order_by(ResidenceReport.created_at, ResidenceReport.id)
    )


def reasons_for(row) -> tuple[str, ...]:
    reasons = []
    if lifecycle.is_awaiting_visit(row.status):
        reasons.append("awaiting")
    if "denied" in (row.tenancy_status, row.employment_status):
        reasons.append("denied")
    if row.left_reported:  # the landlord or the employer said the person left, and no visit has seen them since
        if row.tenancy_ended_on is not None:
            reasons.append("moved")
        if row.employment_ended_on is not None:
            reasons.append("left_job")
    if row.late:
        reasons.append("late")
    if row.tenancy_status == "unlinked":
        reasons.append("rental")
    if row.last_outcome in TRIED:  # the last visit found nobody, or the person declined: the report is as it was
        reasons.append(row.last_outcome)
    return tuple(reasons)


#: Working days are counted from here: an item's age is today's number minus the number of the day it was sent.
WORKDAY_EPOCH = date(2000, 1, 3)


@lru_cache(maxsize=8192)
def workday_number(day: date) -> int:
    """Working days after WORKDAY_EPOCH up to and including `day` (negative before it): a difference of two is
    working_days_between, so field mode recounts every age from one number a day, without the holiday calendar."""
    if day >= WORKDAY_EPOCH:
        return working_days_between(WORKDAY_EPOCH, day)
    return -working_days_between(day, WORKDAY_EPOCH)


def group_key(row) -> str:
    return " ".join(p for p in (row.community, row.road, row.number, row.building) if p)


@cache
def _place_codes_statement():
    """The codes of the places `place_ids` (built once: the caseload page asks on every view)."""
    return select(Place.id, Place.code).where(Place.id.in_(bindparam("place_ids", expanding=True)))


def visit_targets(place_ids: list[int], today: date) -> dict[int, int | None]:
    """Each community's visit target on `today`, in working days (None: its profile sets none)."""
    codes = rows_of(_place_codes_statement(), {"place_ids": place_ids}) if place_ids else []
    return {place_id: visit_target(code, today) for place_id, code in codes}


def case_item(row, today: date, targets: dict[int, int | None]) -> CaseItem:
    """A CaseItem from a row of open_case_rows; `targets`: visit_targets of its community."""
    sent_on = clock.local(row.created_at).date()  # China's day
    return CaseItem(
        receipt=row.receipt,
        version=row.version,
        status=row.status,
        name=row.name,
        masked_id=row.id_number_masked or "",
        community=row.community,
        road=row.road,
        number=row.number,
        building=row.building or "",
        unit=row.unit or "",
        room=row.room or "",
        housing_type=row.housing_type,
        workplace=row.employer_name or "",
        sent=row.created_at,
        age=workday_number(today) - workday_number(sent_on) if sent_on < today else 0,
        reasons=reasons_for(row),
        day=workday_number(sent_on),
        target=targets.get(row.place_id),
        tried_on=clock.local(row.last_visited_at).date() if row.last_outcome in TRIED else None,
        elapsed=workday_number(today - timedelta(days=1)) - workday_number(sent_on) if sent_on < today else 0,
    )


def not_mine(coordinator_id):
    """SQL: never one's own report: a coordinator who is also a migrant is visited by another
    (visits/record.own_report)."""
    return or_(Person.account_id.is_(None), Person.account_id != coordinator_id)


def case_items(coordinator, today: date, receipts=None, place_ids=None) -> list[CaseItem]:
    """The coordinator's open cases, oldest first (only those of `receipts` when given)."""
    place_ids = community_ids(coordinator) if place_ids is None else place_ids
    query = open_case_rows(place_ids).where(not_mine(coordinator.id))
    if receipts is not None:
        query = query.where(ResidenceReport.receipt.in_(receipts))
    targets = visit_targets(place_ids, today)
    return [case_item(row, today, targets) for row in db.session.execute(query)]


def caseload_for(coordinator, today: date) -> Caseload:
    """The whole caseload, grouped by building (rows come oldest first, so each building's first report is its
    oldest: insertion order is the caseload's order)."""
    groups: dict[str, list[CaseItem]] = defaultdict(list)
    for item in case_items(coordinator, today):
        groups[group_key(item)].append(item)
    return Caseload(groups=dict(groups))


def overdue_before(today: date, target: int | None) -> datetime | None:
    """The instant (naive UTC) before which a report sent is past its target today (the target-th working day after
    the day it was sent has ended: CaseItem.overdue); None when there is no target (nothing is overdue)."""
    if target is None:
        return None
    # Overdue once the target's last day has passed: `target` working days after the day sent, up to yesterday.
    yesterday, day = today - timedelta(days=1), today
    while working_days_between(day, yesterday) < target:
        day -= timedelta(days=1)
    # Reports sent on `day` (China's day) or earlier are overdue: before the next day's midnight in China.
    return clock.start_of_day(day + timedelta(days=1))


def denied_claim(report=ResidenceReport):
    """SQL: a landlord or employer denied the report's claim. Asked of the few denied claims (a list the database
    reads once from a partial index and hashes), not by joining each report's tenancy and employment."""
    denied = bindparam(None, "denied", literal_execute=True)  # a literal: the partial indexes' condition
    return or_(
        report.tenancy_id.in_(select(Tenancy.id).where(Tenancy.status == denied)),
        report.employment_id.in_(select(Employment.id).where(Employment.status == denied)),
    )


def _open_cases(*columns):
    """The open cases' SELECT of `columns` (open_case_rows' filters; its rows read from ix_residence_report_open
    alone), never one's own report (the coordinator's own people, a NOT IN of a few ids computed once, not a join
    to every person of the caseload). Parameters: `place_ids` (the communities), `me` (the coordinator's id)."""
    own = select(Person.id).where(Person.account_id == bindparam("me"))
    return (
        select(*columns)
        .select_from(ResidenceReport)
        .where(
            ResidenceReport.place_id.in_(bindparam("place_ids", expanding=True)),
            ResidenceReport.ended_on.is_(None),
            lifecycle.open_case(),
            or_(
                lifecycle.awaiting_visit(),
                denied_claim(),
                ResidenceReport.late.is_(True),
                ResidenceReport.left_reported.is_(True),
            ),
            ResidenceReport.person_id.not_in(own),
        )
    )


#: How the caseload's list is grouped: one building (its community, road, number and building), the leading
#: columns of ix_residence_report_open.
GROUP_COLUMNS = (ResidenceReport.place_id, ResidenceReport.road, ResidenceReport.number, ResidenceReport.building)


def _sum(condition):
    return func.sum(case((condition, 1), else_=0))


@dataclass
class CaseloadPage:
    """One page of the caseload page: whole buildings and the counts of the whole caseload. Permits about to lapse
    (/coordinator/permits) and rentals to register or with no tenant (/coordinator/rentals) have pages of their
    own, linked: each asks about every resident or rental of the communities, not only the open cases (at the
    busiest community of a 1,000,000-migrant city the permits were a quarter of this page, the rentals a third)."""

    load: Caseload
    page: int
    pages: int
    counts: dict[str, int]
    total: int
    people: list[int] = field(default_factory=list)  # whose reports the page shows (their who-has-looked lists)
    #: The visit targets (working days) of the coordinator's communities, fewest first; empty when none has one.
    targets: tuple[int, ...] = ()


@cache
def _buildings_statement():
    """Each building's open cases in the caseload's order: its key (GROUP_COLUMNS), how many, the first report's
    id, how many await a visit, are overdue (`overdue_before`), have a denied claim and were reported late, and
    the ids of its reports (a comma-separated string), and when its oldest was sent. Parameters as _open_cases, and
    `overdue_before` (None: nothing is counted overdue)."""
    awaiting = lifecycle.awaiting_visit()
    return (
        _open_cases(
            *GROUP_COLUMNS,
            func.count(),
            func.min(ResidenceReport.id).label("first"),
            _sum(awaiting),
            _sum(and_(awaiting, ResidenceReport.created_at < bindparam("overdue_before"))),
            _sum(denied_claim()),
            _sum(ResidenceReport.late.is_(True)),
            _sum(ResidenceReport.left_reported.is_(True)),
            func.aggregate_strings(cast(ResidenceReport.id, String), ",").label("ids"),
            func.min(ResidenceReport.created_at).label("oldest"),
        )
        .group_by(*GROUP_COLUMNS)
        .order_by(func.min(ResidenceReport.created_at), "first")
    )


@cache
def _page_items_statement():
    """The open cases whose ids are `ids` (the page's, from _buildings_statement: each read by its key, whatever
    plan the database would make of a building's address), with each report's id, person and community.
    Parameters: `place_ids`, `me`, `ids`. Not ordered: the caller sorts the page's few rows."""
    return (
        open_case_rows(bindparam("place_ids", expanding=True))
        .add_columns(ResidenceReport.id, ResidenceReport.person_id)
        .where(not_mine(bindparam("me")), ResidenceReport.id.in_(bindparam("ids", expanding=True)))
        .order_by(None)
    )


def caseload_page(coordinator, today: date, number: int, size: int = PAGE_SIZE) -> CaseloadPage:
    """The caseload page without loading the whole caseload. One grouped SELECT gives each building's count, in the
    caseload's order (so the pages) and the counts shown, as plain numbers, with the ids of each building's reports;
    a second reads the reports of the page's buildings by those ids. Both read the partial index of open reports
    (ix_residence_report_open): a community's verified and ended reports are never touched. The statements are
    built once, with bound parameters (building them was a fifth of the page's time)."""
    place_ids = community_ids(coordinator)
    parameters = {"place_ids": place_ids, "me": coordinator.id}
    targets = visit_targets(place_ids, today)
    # The communities by the instant before which their reports are overdue (their profiles' visit targets): one
    # grouped SELECT each, almost always one (a building is in one community, so none is split between two).
    cutoffs = {target: overdue_before(today, target) for target in {*targets.values(), None}}
    by_cutoff: dict[datetime | None, list[int]] = defaultdict(list)
    for place_id in place_ids:
        by_cutoff[cutoffs[targets.get(place_id)]].append(place_id)
    buildings = [
        row
        for cutoff, ids in by_cutoff.items()
        for row in rows_of(_buildings_statement(), {**parameters, "place_ids": ids, "overdue_before": cutoff})
    ]
    if len(by_cutoff) > 1:  # the caseload's order across the SELECTs
        buildings.sort(key=lambda row: (row.oldest, row.first))
    names = ("awaiting", "overdue", "denied", "late", "left")
    sums = [sum(column) for column in zip(*(row[6:11] for row in buildings), strict=True)] or [0] * len(names)
    counts = dict(zip(names, sums, strict=True))
    pages: list[list] = [[]]  # the buildings (rows) on each page
    filled = 0
    for row in buildings:
        n = row[4]
        if pages[-1] and filled + n > size:
            pages.append([])
            filled = 0
        pages[-1].append(row)
        filled += n
    number = min(max(number, 1), len(pages))
    groups: dict[str, list[CaseItem]] = {}
    people: list[int] = []
    if pages[number - 1]:
        shown = pages[number - 1]
        by_building: dict[tuple, list[CaseItem]] = {tuple(row[:4]): [] for row in shown}  # in the caseload's order
        ids = [int(i) for row in shown for i in row.ids.split(",")]
        rows = rows_of(_page_items_statement(), {**parameters, "ids": ids})
        for row in sorted(rows, key=lambda row: (row.created_at, row.id)):  # oldest first within each building
            by_building[(row.place_id, row.road, row.number, row.building)].append(case_item(row, today, targets))
            people.append(row.person_id)
        groups = {group_key(items[0]): items for items in by_building.values() if items}
    return CaseloadPage(
        load=Caseload(groups=groups),
        page=number,
        pages=len(pages),
        counts=counts,
        total=sum(row[4] for row in buildings),
        people=people,
        targets=tuple(sorted({targets[i] for i in place_ids if targets.get(i) is not None})),
    )


def _occupied():
    return exists().where(
        Tenancy.property_id == RentalProperty.id, Tenancy.ended_on.is_(None), Tenancy.status != "denied"
    )


def _still_to_check():
    """A tenant's report at the rental still needs a coordinator (an open case: a landlord who said the tenant left,
    or denied them, and deleted their account since, leaves that report to check)."""
    return exists().where(
        Tenancy.property_id == RentalProperty.id,
        ResidenceReport.tenancy_id == Tenancy.id,
        lifecycle.open_case(),
    )


@cache
def _empty_rentals_statement():
    """Rentals in the communities `place_ids` with no tenant living there (light rows: what an address needs). Not a
    landlord's who deleted their account (nobody lets it through Xinju now), unless a tenant's report there is still
    to check."""
    return (
        select(
            Place.name.label("community"),
            RentalProperty.road,
            RentalProperty.number,
            RentalProperty.building,
            RentalProperty.unit,
        )
        .join(Place, Place.id == RentalProperty.place_id)
        .where(
            RentalProperty.place_id.in_(bindparam("place_ids", expanding=True)),
            ~_occupied(),
            or_(open_to_tenants(), _still_to_check()),
        )
        .order_by(RentalProperty.road, RentalProperty.number, RentalProperty.id)
    )


def empty_rentals(place_ids: list[int], number: int = 1, size: int = RENTALS_PAGE_SIZE) -> Pagination:
    """Rentals nobody lives in now (rows of community, road, number, building, unit), by road and number, a page at
    a time."""
    return paged(_empty_rentals_statement().params(place_ids=place_ids), number, size, rows=True)


LAPSING_PAGE_SIZE = 50

#: An anniversary of the issue this many days ahead at most can have its endorsement window open today (a month).
ANNIVERSARY_AHEAD_DAYS = 40
#: ... and this many days past at most: the window's last day, the day before the anniversary, moves to the next
#: working day when it is a rest day or public holiday (民法典 art. 203), a week and more past the anniversary over
#: the Spring Festival or National Day holidays and their weekends.
ANNIVERSARY_BEHIND_DAYS = 15


def _may_lapse_soon(issued_on: date, valid_until: date | None, today: date) -> bool:
    if valid_until is not None and 0 <= (valid_until - today).days <= permit_rules.RENEWAL_NOTICE_DAYS:
        return True
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            anniversary = issued_on.replace(year=year)
        except ValueError:  # 29 February
            anniversary = date(year, 3, 1)
        if -ANNIVERSARY_BEHIND_DAYS <= (anniversary - today).days <= ANNIVERSARY_AHEAD_DAYS:
            return True
    return False


def lapsing_candidates(place_ids: list[int], today: date):
    """SELECT (id, issued_on, valid_until) of the permits in force of these communities' people that may lapse soon:
    ending within RENEWAL_NOTICE_DAYS (permits/rules.py) or issued on a month and day from ANNIVERSARY_BEHIND_DAYS
    back to ANNIVERSARY_AHEAD_DAYS ahead (a superset: _may_lapse_soon decides). Read from two indexes
    (ix_residence_report_current, ix_permit_holder_in_force), no table."""
    ahead = [today + timedelta(days=n) for n in range(-ANNIVERSARY_BEHIND_DAYS, ANNIVERSARY_AHEAD_DAYS + 1)]
    month_days = {day.month * 100 + day.day for day in ahead}
    if month_days & {228, 301}:  # issued on 29 February: its anniversary is 1 March in other years
        month_days.add(229)
    issued_month_day = extract("month", Permit.issued_on) * 100 + extract("day", Permit.issued_on)
    return (
        select(Permit.id, Permit.issued_on, Permit.valid_until)
        .join(ResidenceReport, ResidenceReport.person_id == Permit.person_id)  # where the holder lives now
        .where(
            ResidenceReport.place_id.in_(place_ids),
            lifecycle.current(),
            Permit.revoked_on.is_(None),
            or_(
                Permit.valid_until.between(today, today + timedelta(days=permit_rules.RENEWAL_NOTICE_DAYS)),
                issued_month_day.in_(sorted(month_days)),
            ),
        )
    )


@dataclass(frozen=True)
class LapsingPermit:
    """A permit about to lapse, as the caseload shows it (a light row: the rules need only its dates and profile;
    the holder's name is the only thing of the person read)."""

    id: int
    person_id: int
    number: str
    name: str
    profile_id: str
    issued_on: date
    valid_until: date | None
    revoked_on: date | None = None
    #: What to do by when: endorse by the window's last day (endorse=True), or renew by the last valid day.
    deadline: date | None = None
    endorse: bool = False


def lapsing_permits(place_ids: list[int], today: date) -> list:
    """Permits of people living in these communities that are about to lapse: the endorsement window is open, or a
    fixed-term permit ends within RENEWAL_NOTICE_DAYS (its renewal is open), as (LapsingPermit, state), the nearest
    deadline first. A visit is a good moment to remind them."""
    # Light rows first: only a permit ending within RENEWAL_NOTICE_DAYS or near an anniversary of its issue
    # (endorsements are yearly, due on the anniversary, their window the month before) is checked by the rules. The
    # database keeps only those (their month and day of issue within the days ahead): a community's permits are
    # thousands, a month's anniversaries a few dozen; _may_lapse_soon then checks each exactly. No ORM object is made.
    # One statement: the candidates, each with its holder's name (only the name: their encrypted numbers are
    # neither read nor decrypted) and one row per endorsement done.
    candidates = lapsing_candidates(place_ids, today).subquery()
    rows = db.session.execute(
        select(
            candidates.c.id,
            Permit.person_id,
            Permit.number,
            Person.name,
            Permit.profile_id,
            candidates.c.issued_on,
            candidates.c.valid_until,
            Endorsement.year,
        )
        .select_from(candidates)
        .join(Permit, Permit.id == candidates.c.id)
        .join(Person, Person.id == Permit.person_id)
        .outerjoin(Endorsement, Endorsement.permit_id == candidates.c.id)
    )
    near: dict[int, LapsingPermit] = {}
    endorsed: dict[int, set[int]] = defaultdict(set)
    for *fields, year in rows:
        if fields[0] not in near:
            if not _may_lapse_soon(fields[5], fields[6], today):
                continue
            near[fields[0]] = LapsingPermit(*fields)
        if year is not None:
            endorsed[fields[0]].add(year)
    found = []
    renewal = permit_rules.RENEWAL_NOTICE_DAYS
    for permit in near.values():
        state = permit_rules.state_on(permit, today, endorsed[permit.id])
        window_open = state.window is not None and state.window[0] <= today <= state.window[1]
        ending = permit.valid_until is not None and 0 <= (permit.valid_until - today).days <= renewal
        if state.status == "valid" and (window_open or ending):
            # The nearer of the two: a permit that ends before its endorsement is due is renewed, not endorsed.
            endorse = window_open and not (ending and permit.valid_until < state.window[1])
            deadline = state.window[1] if endorse else permit.valid_until
            found.append((replace(permit, deadline=deadline, endorse=endorse), state))
    found.sort(key=lambda found: (found[0].deadline, found[0].id))
    return found
