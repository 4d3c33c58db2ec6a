"""The ranking's figures for the children of one node, for one period, read from summaries (never person by person):

- the state of things (registered, verified, coordinators, permits in force or lapsed): community_stats while the
  period runs, else the area_snapshot of the period's last month (written daily by `flask jobs run`);
- what happened in the period (changes and whether on time, permits issued): community_month's rows of its months;
- service requests closed in the period and whether by their target date, per county (requests go to the county's
  departments, so only a city's ranking of its counties has this indicator): request_month, counted nightly.

Each is one grouped query over the node's code range, summed per child by the child's code prefix.
"""

from datetime import date, timedelta

from sqlalchemy import case, func, select

from webapp.assessment.models import AreaSnapshot, RequestMonth
from webapp.assessment.periods import Period
from webapp.assessment.scoring import AreaCounts
from webapp.extensions import db
from webapp.places.models import Place
from webapp.policy.profiles import migrants_per_coordinator
from webapp.summaries.models import CommunityMonth, CommunityStats


def children_of(node: Place) -> list[Place]:
    return db.session.scalars(select(Place).where(Place.parent_id == node.id).order_by(Place.code)).all()


def _staffed(registered, coordinators, per_coordinator: int):
    """SQL: per community, coordinators counted up to the number needed (one per `per_coordinator`, rounded up)."""
    needed = (registered + (per_coordinator - 1)) // per_coordinator
    return needed, case((coordinators < needed, coordinators), else_=needed)


def _ratio(code: str, day: date, today: date) -> int:
    """The staffing ratio of the rules in force on `day`, or today's where no rules covered that day."""
    try:
        return migrants_per_coordinator(code, day)
    except LookupError:
        return migrants_per_coordinator(code, today)


def coordinator_ratio(node: Place, period: Period, today: date) -> int:
    """The staffing ratio `node` is counted with over `period` (what the ranking page names): the rules in force on
    the period's last day, today's for the running period."""
    day = today if period.contains(today) else period.end_day - timedelta(days=1)
    return _ratio(node.code, day, today)


def _state(node: Place, child_len: int, period: Period, today: date) -> tuple[dict[str, tuple], bool]:
    """(registered, verified, staffed, needed, valid, lapsed) per child code; and False when the period has no
    figures of its state (it ended before the first snapshot)."""
    if period.contains(today):
        table, where = CommunityStats, []
    else:
        table = AreaSnapshot
        month = db.session.scalar(
            select(func.max(AreaSnapshot.month)).where(
                AreaSnapshot.month >= period.months[0], AreaSnapshot.month <= period.months[-1]
            )
        )
        if month is None:
            return {}, False
        where = [AreaSnapshot.month == month]
    needed, staffed = _staffed(table.registered, table.coordinators, coordinator_ratio(node, period, today))
    area = func.substr(table.code, 1, child_len)
    rows = db.session.execute(
        select(
            area,
            func.sum(table.registered),
            func.sum(table.verified),
            func.sum(staffed),
            func.sum(needed),
            func.sum(table.permits_valid),
            func.sum(table.permits_lapsed),
        )
        .where(table.code >= node.code, table.code < node.code + ":", *where)
        .group_by(area)
    ).all()
    return {code: tuple(int(v or 0) for v in rest) for code, *rest in rows}, True


def _events(node: Place, child_len: int, period: Period) -> dict[str, tuple[int, int, int]]:
    """(changes, on time, permits issued) per child code, over the period's months."""
    area = func.substr(CommunityMonth.code, 1, child_len)
    rows = db.session.execute(
        select(
            area,
            func.sum(CommunityMonth.changes),
            func.sum(CommunityMonth.changes_on_time),
            func.sum(CommunityMonth.permits_issued),
        )
        .where(
            CommunityMonth.code >= node.code,
            CommunityMonth.code < node.code + ":",
            CommunityMonth.month >= period.months[0],
            CommunityMonth.month <= period.months[-1],
        )
        .group_by(area)
    ).all()
    return {code: tuple(int(v or 0) for v in rest) for code, *rest in rows}


def requests_by_county(county_ids: list[int], period: Period) -> dict[int, tuple[int, int]]:
    """(closed in the period, of which by the target date) per county, from the nightly request_month."""
    rows = db.session.execute(
        select(RequestMonth.county_id, func.sum(RequestMonth.closed), func.sum(RequestMonth.on_time))
        .where(
            RequestMonth.county_id.in_(county_ids),
            RequestMonth.month >= period.months[0],
            RequestMonth.month <= period.months[-1],
        )
        .group_by(RequestMonth.county_id)
    ).all()
    return {county: (int(n or 0), int(on_time or 0)) for county, n, on_time in rows}


def area_counts(node: Place, children: list[Place], period: Period, today: date) -> dict[Place, AreaCounts]:
    """Each child's AreaCounts for the period."""
    if not children:
        return {}
    child_len = len(children[0].code)
    state, has_state = _state(node, child_len, period, today)
    events = _events(node, child_len, period)
    requests = requests_by_county([c.id for c in children], period) if node.level == "city" else None
    out = {}
    for child in children:
        registered, verified, staffed, needed, valid, lapsed = state.get(child.code, (0,) * 6)
        changes, on_time, issued = events.get(child.code, (0, 0, 0))
        closed, closed_on_time = (requests or {}).get(child.id, (0, 0))
        out[child] = AreaCounts(
            registered=registered,
            verified=verified,
            coordinators_staffed=staffed,
            coordinators_needed=needed,
            changes=changes,
            changes_on_time=on_time,
            requests_closed=closed if requests is not None else None,
            requests_on_time=closed_on_time if requests is not None else None,
            permits_valid=valid,
            permits_lapsed=lapsed,
            permits_issued=issued,
            has_state=has_state,
        )
    return out
