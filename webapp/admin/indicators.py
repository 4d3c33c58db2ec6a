"""Indicators for one node of the hierarchy (DOMAIN.md §4), counted live with grouped queries.

A node's places are found by code range (every code under 3703 sorts between "3703" and "3703:"), which uses the
ordinary index on place.code on SQLite and PostgreSQL alike. Counts are grouped by community once, then summed for
the node and for each child, so the dashboard and its drill-down table come from the same few queries.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select

from webapp import clock
from webapp.accounts.models import Account, RoleGrant
from webapp.places.models import Place
from webapp.registrations import lifecycle
from webapp.registrations.models import ResidenceReport
from webapp.replica import reads as db  # the dashboards read from the replica when one is configured
from webapp.services import statuses
from webapp.services.models import ServiceRequest
from webapp.services.statuses import RequestStatus
from webapp.summaries.counting import LEVEL_CODE_LENGTH
from webapp.summaries.models import CommunityMonth, CommunityStats, EmployerStats

#: [ZB, WZ] at least one coordinator per 500 migrants registered.
MIGRANTS_PER_COORDINATOR = 500
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
    coordinators: int = 0

    def add(self, other: "Counts") -> None:
        for name in ("registered", "verified", "backlog", "backlog_days", "changes", "changes_on_time"):
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
        return math.ceil(self.registered / MIGRANTS_PER_COORDINATOR)

    @property
    def coordinator_shortfall(self) -> int:
        return max(0, self.coordinators_needed - self.coordinators)


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


def coordinator_codes(node: Place) -> list[tuple[int, str]]:
    """(account, community code) for every active coordinator assignment under the node."""
    return db.session.execute(
        select(RoleGrant.account_id, Place.code)
        .join(Place, Place.id == RoleGrant.place_id)
        .join(Account, Account.id == RoleGrant.account_id)
        .where(under(node), RoleGrant.role == "coordinator", Account.deactivated_at.is_(None))
    ).all()


def months_back(today: date, count: int = 12) -> list[str]:
    year, month = today.year, today.month
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(out))


def dashboard(node: Place, today: date, period_days: int = 365) -> Dashboard:
    """The node's indicators from the community summaries (webapp/summaries/), which are kept up to date. Only
    reads: permit states are as of the summaries' last recount (every commit that touches them, and the daily job).

    The summaries are summed per child of the node in SQL (communities' codes start with their ancestors' codes),
    so a city's dashboard reads one row per county, not one per community.
    """
    in_node = and_(CommunityStats.code >= node.code, CommunityStats.code < node.code + ":")
    children = db.session.scalars(select(Place).where(Place.parent_id == node.id).order_by(Place.code)).all()
    child_len = len(children[0].code) if children else len(node.code)
    child_by_code = {child.code: child for child in children}
    area = func.substr(CommunityStats.code, 1, child_len)
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
        )
        .where(in_node)
        .group_by(area)
    ).all()
    period_months = months_back(today, max(1, round(period_days / 30.4)))
    first_month = period_months[0]
    prefix = func.substr(CommunityMonth.code, 1, child_len)
    # Moves from one of the node's communities to another are neither an arrival nor a departure for the node.
    if node.level in LEVEL_CODE_LENGTH:
        moves_in = getattr(CommunityMonth, f"moves_in_{node.level}")
        moves_out = getattr(CommunityMonth, f"moves_out_{node.level}")
        arrivals, departures = CommunityMonth.arrivals - moves_in, CommunityMonth.departures - moves_out
    else:
        arrivals, departures = CommunityMonth.arrivals, CommunityMonth.departures
    month_rows = db.session.execute(
        select(
            prefix,
            CommunityMonth.month,
            func.sum(arrivals),
            func.sum(departures),
            func.sum(CommunityMonth.changes),
            func.sum(CommunityMonth.changes_on_time),
            func.sum(CommunityMonth.permits_issued),
        )
        .where(
            CommunityMonth.code >= node.code,
            CommunityMonth.code < node.code + ":",
            CommunityMonth.month >= first_month,
        )
        .group_by(prefix, CommunityMonth.month)
    ).all()
    ordinal = today.toordinal()

    def counts_of(row) -> Counts:
        return Counts(
            registered=row.registered or 0,
            verified=row.verified or 0,
            backlog=row.backlog or 0,
            backlog_days=ordinal * (row.backlog or 0) - (row.backlog_day_sum or 0),
            oldest_backlog_days=(ordinal - row.backlog_first_day) if row.backlog_first_day else 0,
        )

    total, by_child = Counts(), {child.id: Counts() for child in children}
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
    pairs = coordinator_codes(node)
    total.coordinators = len({account for account, _code in pairs})
    child_accounts: dict[int, set[int]] = defaultdict(set)
    for account, code in pairs:
        child = child_by_code.get(code[:child_len])
        if child is not None:
            child_accounts[child.id].add(account)
    for child in children:
        by_child[child.id].coordinators = len(child_accounts[child.id])
    board = Dashboard(node=node, total=total, children=[(c, by_child[c.id]) for c in children])
    states = ("valid", "lapsed", "revoked", "expired", "due_for_endorsement", "expiring")
    board.permits = {state: sum(getattr(row, state) or 0 for row in sums) for state in states}
    board.permits["issued"] = sum(p for *_x, p in month_rows)
    board.requests, board.requests_overdue = request_counts(node, today, period_days)
    by_month: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _code, month, arrivals, departures, *_rest in month_rows:
        by_month[month][0] += arrivals
        by_month[month][1] += departures
    board.months = [(m, *by_month.get(m, [0, 0])) for m in period_months]
    # Only the communities the staffing and station rules name, with their code and name (no Place objects).
    for community in db.session.execute(
        select(CommunityStats.code, Place.name, CommunityStats.registered, CommunityStats.administrators)
        .join(Place, Place.id == CommunityStats.place_id)
        .where(in_node, CommunityStats.registered >= ADMINISTRATOR_THRESHOLD)
        .order_by(CommunityStats.registered.desc(), CommunityStats.code)
    ):
        board.administrator_communities.append((community, community.registered, community.administrators))
        if community.registered > STATION_COMMUNITY_OVER:
            board.station_communities.append((community, community.registered))
    board.station_employers = [
        (name, workers)
        for name, workers in db.session.execute(
            select(EmployerStats.name, EmployerStats.workers)
            .where(
                EmployerStats.code >= node.code,
                EmployerStats.code < node.code + ":",
                EmployerStats.workers > STATION_EMPLOYER_OVER,
            )
            .order_by(EmployerStats.workers.desc())
        )
    ]
    return board


def request_counts(node: Place, today: date, period_days: int = 365) -> tuple[dict[str, int], int]:
    """Service requests open now, by status, and those closed (completed or refused) in the period; and how many
    open ones are past their target date.

    A city or county counts its counties' department queues; a township or community counts the requests of the
    people who live there now (requests go to the county's queue, not to a community).
    """
    since = clock.start_of_day(today - timedelta(days=period_days))  # China's midnight, as stored (UTC)
    query = select(
        ServiceRequest.status,
        func.count(),
        func.count().filter(and_(ServiceRequest.status.in_(statuses.OPEN), ServiceRequest.target_date < today)),
    ).where(or_(ServiceRequest.status.in_(statuses.OPEN), ServiceRequest.updated_at >= since))
    if node.level in ("city", "county"):
        counties = select(Place.id).where(under(node), Place.level == "county")
        query = query.where(ServiceRequest.county_id.in_(counties))
    else:
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
