"""Indicators for one node of the hierarchy (DOMAIN.md §4), read from the summaries (webapp/summaries/).

A node's places are found by code range (every code under 3703 sorts between "3703" and "3703:"), which uses the
ordinary index on place.code on SQLite and PostgreSQL alike. The summaries are summed per child in SQL, then for
the node, so the dashboard and its drill-down table come from the same few queries; a city's months from the
counties' sums (county_month).
"""

import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from flask import current_app
from sqlalchemy import String, and_, case, func, literal, or_, select, union_all

from webapp import clock
from webapp.accounts.models import Account, RoleGrant
from webapp.places.models import Place
from webapp.policy.profiles import migrants_per_coordinator
from webapp.registrations import lifecycle
from webapp.registrations.models import ResidenceReport
from webapp.replica import reads as db  # the dashboards read from the replica when one is configured
from webapp.services import statuses
from webapp.services.models import ServiceRequest
from webapp.services.statuses import RequestStatus
from webapp.summaries.counting import LEVEL_CODE_LENGTH
from webapp.summaries.models import CommunityMonth, CommunityStats, CountyMonth, CountyRequests, EmployerStats

#: [ZB] a community with 30 or more migrants has full-time administrators.
ADMINISTRATOR_THRESHOLD = 30
#: [WZ] more than 200 migrants in a village/community, or more than 100 at an employer: a service station.
STATION_COMMUNITY_OVER = 200
STATION_EMPLOYER_OVER = 100


def under(node: Place):
    """SQL condition: the place is the node or lies below it."""
    return and_(Place.code >= node.code, Place.code < node.code + ":")


@dataclass
class Counts:
    registered: int = 0
    verified: int = 0
    backlog: int = 0
    backlog_days: int = 0  # sum of ages, for the mean
    oldest_backlog_days: int = 0
    changes: int = 0
    changes_on_time: int = 0
    coordinators: int = 0  # people, each once however many of the area's communities they cover
    #: One coordinator per so many migrants registered: the [staffing] ratio of the profile governing the node
    #: (policy.profiles.migrants_per_coordinator); 0 when not known, and then no coordinator is counted as needed.
    migrants_per_coordinator: int = 0
    #: Counted community by community, as the assessment's indicator (assessment/figures.py): each community needs
    #: one per `migrants_per_coordinator` (rounded up) and is staffed up to that need by its own coordinators, so a
    #: surplus in one community does not make up for a shortfall in another.
    needed: int = 0
    staffed: int = 0

    def add(self, other: "Counts") -> None:
        names = ("registered", "verified", "backlog", "backlog_days", "changes", "changes_on_time", "needed", "staffed")
        for name in names:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.oldest_backlog_days = max(self.oldest_backlog_days, other.oldest_backlog_days)

    @property
    def share_verified(self) -> float | None:
        return self.verified / self.registered if self.registered else None

    @property
    def mean_backlog_days(self) -> float | None:
        return self.backlog_days / self.backlog if self.backlog else None

    @property
    def share_changes_on_time(self) -> float | None:
        return self.changes_on_time / self.changes if self.changes else None

    @property
    def coordinators_needed(self) -> int:
        return self.needed

    @property
    def coordinators_counted(self) -> int:
        """The coordinators as set against the need: community by community, each up to its need (`staffed`), so
        that counted, needed and short agree (a coordinator of two communities counts in each); the people
        themselves when nothing is needed."""
        return self.staffed if self.needed else self.coordinators

    @property
    def coordinator_shortfall(self) -> int:
        """The coordinators missing in the communities short of their need, added up."""
        return max(0, self.needed - self.staffed)


@dataclass
class Dashboard:
    node: Place
    total: Counts
    children: list[tuple[Place, Counts]]
    permits: dict[str, int] = field(default_factory=dict)
    requests: dict[str, int] = field(default_factory=dict)
    requests_overdue: int = 0
    months: list[tuple[str, int, int]] = field(default_factory=list)  # (yyyy-mm, arrivals, departures)
    # (community with .code and .name, migrants, administrators)
    administrator_communities: list[tuple] = field(default_factory=list)
    station_communities: list[tuple] = field(default_factory=list)  # (community, migrants)
    station_employers: list[tuple[str, int]] = field(default_factory=list)
    administrator_count: int = 0  # all of them, when only the first few are listed
    station_count: int = 0


def staffing_columns(ratio: int) -> tuple:
    """SQL, per community of community_stats: the coordinators it needs (one per `ratio` migrants, rounded up) and
    those of its own it has up to that need; none needed when the ratio is not known (0)."""
    if not ratio:
        return literal(0), literal(0)
    needed = (CommunityStats.registered + (ratio - 1)) // ratio
    return needed, case((CommunityStats.coordinators < needed, CommunityStats.coordinators), else_=needed)


def coordinator_counts(node: Place, child_len: int) -> tuple[int, list[tuple[str, int]]]:
    """Active coordinators under the node, and per child (code, how many): counted in SQL, each person once
    however many communities they cover."""
    area = func.substr(Place.code, 1, child_len)
    # Not joined with every account (they grow with the migrants): the deactivated ones are few, and indexed.
    deactivated = select(Account.id).where(Account.deactivated_at.is_not(None))
    active = (
        select(RoleGrant.account_id, area.label("area"))
        .join(Place, Place.id == RoleGrant.place_id)
        .where(under(node), RoleGrant.role == "coordinator", RoleGrant.account_id.not_in(deactivated))
        .subquery()
    )
    people = func.count(func.distinct(active.c.account_id))
    rows = db.session.execute(
        union_all(
            select(active.c.area, people).group_by(active.c.area),
            select(literal(None, String).label("area"), people),  # the node's total, in the same round trip
        )
    ).all()
    return sum(n for code, n in rows if code is None), [(code, n) for code, n in rows if code is not None]


def movement(node: Place, child_len: int, first_month: str) -> list:
    """Per child and month from `first_month` on: (child code, month, arrivals, departures, changes, changes on
    time, permits issued). A city's children are counties: their sums are kept in county_month (a dozen rows a
    month instead of thousands of communities'); below a city, the communities' months are summed."""
    table = CountyMonth if child_len == 6 else CommunityMonth
    prefix = table.code if child_len == 6 else func.substr(table.code, 1, child_len)
    # Moves from one of the node's communities to another are neither an arrival nor a departure for the node.
    if node.level in LEVEL_CODE_LENGTH:
        moves_in = getattr(table, f"moves_in_{node.level}")
        moves_out = getattr(table, f"moves_out_{node.level}")
        arrivals, departures = table.arrivals - moves_in, table.departures - moves_out
    else:
        arrivals, departures = table.arrivals, table.departures
    return db.session.execute(
        select(
            prefix,
            table.month,
            func.sum(arrivals),
            func.sum(departures),
            func.sum(table.changes),
            func.sum(table.changes_on_time),
            func.sum(table.permits_issued),
        )
        .where(table.code >= node.code, table.code < node.code + ":", table.month >= first_month)
        .group_by(prefix, table.month)
    ).all()


def months_back(today: date, count: int = 12) -> list[str]:
    year, month = today.year, today.month
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(out))


def dashboard(node: Place, today: date, period_days: int = 365, listed: int | None = None) -> Dashboard:
    """The node's indicators from the community summaries (webapp/summaries/), which are kept up to date. Only
    reads: permit states are as of the summaries' last recount (every commit that touches them, and the daily job).

    The summaries are summed per child of the node in SQL (communities' codes start with their ancestors' codes),
    so a city's dashboard gets one row per county, not one per community; its months come from county_month, kept
    per county, so they do not grow with the communities' months, and its service requests from county_requests
    (per county, status and day), so they do not grow with the requests. What still grows with the data: the
    coordinators' grants counted (an index-only scan of a partial index, one per community or so). `listed`: how
    many of the communities the staffing and station rules name to fetch (a page shows 50; None, for the CSV: all).
    """
    in_node = and_(CommunityStats.code >= node.code, CommunityStats.code < node.code + ":")
    children = db.session.scalars(select(Place).where(Place.parent_id == node.id).order_by(Place.code)).all()
    child_len = len(children[0].code) if children else len(node.code)
    child_by_code = {child.code: child for child in children}
    area = func.substr(CommunityStats.code, 1, child_len)
    ratio = migrants_per_coordinator(node.code, today)
    needed, staffed = staffing_columns(ratio)
    sums = db.session.execute(
        select(
            area.label("code"),
            func.sum(CommunityStats.registered).label("registered"),
            func.sum(CommunityStats.verified).label("verified"),
            func.sum(CommunityStats.backlog).label("backlog"),
            func.sum(CommunityStats.backlog_day_sum).label("backlog_day_sum"),
            func.min(CommunityStats.backlog_first_day).label("backlog_first_day"),
            func.sum(CommunityStats.permits_valid).label("valid"),
            func.sum(CommunityStats.permits_lapsed).label("lapsed"),
            func.sum(CommunityStats.permits_revoked).label("revoked"),
            func.sum(CommunityStats.permits_expired).label("expired"),
            func.sum(CommunityStats.permits_due).label("due_for_endorsement"),
            func.sum(CommunityStats.permits_expiring).label("expiring"),
            func.sum(needed).label("needed"),
            func.sum(staffed).label("staffed"),
        )
        .where(in_node)
        .group_by(area)
    ).all()
    period_months = months_back(today, max(1, round(period_days / 30.4)))
    month_rows = movement(node, child_len, period_months[0])
    ordinal = today.toordinal()

    def counts_of(row) -> Counts:
        return Counts(
            migrants_per_coordinator=ratio,
            registered=row.registered or 0,
            verified=row.verified or 0,
            backlog=row.backlog or 0,
            backlog_days=ordinal * (row.backlog or 0) - (row.backlog_day_sum or 0),
            oldest_backlog_days=(ordinal - row.backlog_first_day) if row.backlog_first_day else 0,
            needed=int(row.needed or 0),
            staffed=int(row.staffed or 0),
        )

    total = Counts(migrants_per_coordinator=ratio)
    by_child = {child.id: Counts(migrants_per_coordinator=ratio) for child in children}
    for row in sums:
        counts = counts_of(row)
        total.add(counts)
        child = child_by_code.get(row.code)
        if child is not None:
            by_child[child.id].add(counts)
    for code, _month, _a, _d, changes, on_time, _p in month_rows:
        total.changes += changes
        total.changes_on_time += on_time
        child = child_by_code.get(code)
        if child is not None:
            by_child[child.id].changes += changes
            by_child[child.id].changes_on_time += on_time
    total.coordinators, per_child = coordinator_counts(node, child_len)
    for code, number in per_child:
        child = child_by_code.get(code)
        if child is not None:
            by_child[child.id].coordinators = number
    board = Dashboard(node=node, total=total, children=[(c, by_child[c.id]) for c in children])
    states = ("valid", "lapsed", "revoked", "expired", "due_for_endorsement", "expiring")
    board.permits = {state: sum(getattr(row, state) or 0 for row in sums) for state in states}
    board.permits["issued"] = sum(p for *_x, p in month_rows)
    # Closed requests over the same months as the other figures of the period (from the first month's first day),
    # not from `period_days` ago: "Last 3 months" is one window on the whole page.
    first_day = date.fromisoformat(f"{period_months[0]}-01")
    board.requests, board.requests_overdue = request_counts(node, today, first_day)
    by_month: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _code, month, arrivals, departures, *_rest in month_rows:
        by_month[month][0] += arrivals
        by_month[month][1] += departures
    board.months = [(m, *by_month.get(m, [0, 0])) for m in period_months]
    # Only the communities the staffing and station rules name, with their code and name (no Place objects); a page
    # shows the first `listed` (most migrants first) and how many there are, an export all of them.
    communities = (
        select(
            CommunityStats.code,
            Place.name,
            CommunityStats.registered,
            CommunityStats.administrators,
            func.count().over().label("communities"),  # how many in all, when only the first are listed
            func.sum(case((CommunityStats.registered > STATION_COMMUNITY_OVER, 1), else_=0)).over().label("stations"),
        )
        .join(Place, Place.id == CommunityStats.place_id)
        .where(in_node, CommunityStats.registered >= ADMINISTRATOR_THRESHOLD)
        .order_by(CommunityStats.registered.desc(), CommunityStats.code)
    )
    # The communities with more than 200 come first (most migrants first), so the first `listed` of the stations
    # are among the first `listed` of the staffing list.
    for community in db.session.execute(communities.limit(listed) if listed is not None else communities):
        board.administrator_count, board.station_count = community.communities, community.stations or 0
        board.administrator_communities.append((community, community.registered, community.administrators))
        if community.registered > STATION_COMMUNITY_OVER:
            board.station_communities.append((community, community.registered))
    # The employers over 100 workers are few, everywhere: found by the index on workers, then kept if in the node
    # (with the code range in SQL, SQLite read every employer of the node, and they grow with the data).
    board.station_employers = [
        (name, workers)
        for name, workers, code in db.session.execute(
            select(EmployerStats.name, EmployerStats.workers, EmployerStats.code)
            .where(EmployerStats.workers > STATION_EMPLOYER_OVER)
            .order_by(EmployerStats.workers.desc(), EmployerStats.employer_id)
        )
        if code.startswith(node.code)
    ]
    return board


@dataclass(frozen=True)
class Area:
    """A child of the node as the dashboard shows it (its link and name), kept with cached figures instead of the
    Place row of the request that computed them."""

    id: int
    code: str
    name: str
    level: str


#: Figures kept per app before the table starts again (each entry: a node, a day, a period).
FIGURES_KEPT = 256


def cached_dashboard(node: Place, today: date, period_days: int, listed: int | None) -> Dashboard:
    """`dashboard(...)`, reused for DASHBOARD_FIGURES_SECONDS (config; 0: never) by this worker for the same node,
    day, period and `listed`. What is kept is the area's figures: sums and counts, the names and codes of its
    places and communities, of employers with more than 100 workers; nothing about a person and no text in a
    language (the page is written for each request, in the viewer's language). The caller checks access to the
    node on every request, before asking. A figure may be at most that many seconds older than the summaries;
    each worker keeps its own copy."""
    seconds = current_app.config["DASHBOARD_FIGURES_SECONDS"]
    if not seconds:
        return dashboard(node, today, period_days, listed=listed)
    table = current_app.extensions.setdefault("xinju_dashboard_figures", {})
    key = (node.id, today, period_days, listed)
    now = time.monotonic()
    kept = table.get(key)
    if kept is not None and now - kept[0] < seconds:
        return replace(kept[1], node=node)
    board = dashboard(node, today, period_days, listed=listed)
    board.children = [(Area(c.id, c.code, c.name, c.level), counts) for c, counts in board.children]
    if len(table) >= FIGURES_KEPT:
        for stale in [k for k, (at, _b) in table.items() if now - at >= seconds]:
            del table[stale]
        if len(table) >= FIGURES_KEPT:
            table.clear()
    table[key] = (now, board)
    return replace(board, node=node)


def request_counts(node: Place, today: date, first_day: date) -> tuple[dict[str, int], int]:
    """Service requests open now, by status, and those closed (completed or refused) in the period (on `first_day`
    or later, China's day); and how many open ones are past their target date.

    A city or county counts its counties' department queues; a township or community counts the requests of the
    people who live there now (requests go to the county's queue, not to a community).
    """
    if node.level in ("city", "county"):
        # Their counties' queues, from county_requests (a row per county, status and day: they do not grow with the
        # requests). Closed on `first_day` or later.
        counties = select(Place.id).where(under(node), Place.level == "county")
        first = first_day
        is_open = CountyRequests.status.in_(statuses.OPEN)
        rows = db.session.execute(
            select(
                CountyRequests.status,
                func.sum(CountyRequests.requests),
                func.sum(case((and_(is_open, CountyRequests.day < today), CountyRequests.requests), else_=0)),
            )
            .where(CountyRequests.county_id.in_(counties), or_(is_open, CountyRequests.day >= first))
            .group_by(CountyRequests.status)
        ).all()
        by_status = dict.fromkeys((s.value for s in RequestStatus), 0)
        for status, number, _late in rows:
            by_status[status] = by_status.get(status, 0) + (number or 0)
        return by_status, sum(late or 0 for _status, _number, late in rows)
    since = clock.start_of_day(first_day)  # China's midnight, as stored (UTC)
    query = select(
        ServiceRequest.status,
        func.count(),
        func.count().filter(and_(ServiceRequest.status.in_(statuses.OPEN), ServiceRequest.target_date < today)),
    ).where(or_(ServiceRequest.status.in_(statuses.OPEN), ServiceRequest.updated_at >= since))
    residents = (
        select(ResidenceReport.person_id)
        .join(Place, Place.id == ResidenceReport.place_id)
        .where(under(node), lifecycle.current())
    )
    query = query.where(ServiceRequest.person_id.in_(residents))
    # Grouped by county first, so the (county_id, status, …) index answers alone, in its order.
    rows = db.session.execute(
        query.add_columns(ServiceRequest.county_id).group_by(ServiceRequest.county_id, ServiceRequest.status)
    ).all()
    by_status = dict.fromkeys((s.value for s in RequestStatus), 0)
    for status, number, _late, _county in rows:
        by_status[status] = by_status.get(status, 0) + number
    return by_status, sum(late for _status, _number, late, _county in rows)
