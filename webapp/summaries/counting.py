"""Counting the summaries from the records: `compute` (rows for some communities, or all), `refresh` (upsert them
in the current transaction), `refresh_employers`, and `refresh_all` (everything, committed)."""

from collections import defaultdict
from datetime import date
from functools import lru_cache
from types import SimpleNamespace

from sqlalchemy import Date, Integer, and_, bindparam, case, cast, delete, func, insert, literal, or_, select, tuple_
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased

from webapp import clock
from webapp.extensions import db
from webapp.summaries.models import CommunityMonth, CommunityStats, CountyMonth, CountyRequests, EmployerStats

#: Code lengths of the levels above a community.
LEVEL_CODE_LENGTH = {"township": 9, "county": 6, "city": 4}


def local_time(column):
    """A stored timestamp (naive UTC) as wall time in the app's zone (webapp.clock), in SQL: so that a report sent at
    07:00 on the 1st in China counts on the 1st, not on the day before."""
    if db.engine.dialect.name == "sqlite":
        # SQLite knows no zones: the zone's offset now (China's is the same all year).
        return func.datetime(column, f"{int(clock.now().utcoffset().total_seconds()):+d} seconds")
    return func.timezone(clock.zone().key, func.timezone("UTC", column))


def ordinal_day(column):
    """The day of a timestamp as Python's date.toordinal(), in SQL (an integer on both databases)."""
    if db.engine.dialect.name == "sqlite":
        return func.cast(func.julianday(func.date(column)) - 1721424.5, Integer)
    return func.cast(column, Date) - literal(date(1, 1, 1)) + 1


def refresh_employers(employer_ids: list[int] | None) -> None:
    statements = _employer_statements(employer_ids is None)
    parameters = {} if employer_ids is None else {"employer_ids": employer_ids}
    # Lock (or create) the rows first, in id order, then count: see _lock_communities.
    _upsert(
        EmployerStats,
        ["employer_id"],
        [{"employer_id": i, "code": c, "name": n} for i, c, n in db.session.execute(statements.rows, parameters)],
    )
    rows = db.session.execute(statements.workers, parameters).all()
    counted = [{"employer_id": i, "code": c, "name": n, "workers": w} for i, c, n, w in rows]
    _upsert(EmployerStats, ["employer_id"], counted)
    # Rows of employers deleted meanwhile.
    if employer_ids is None:
        from webapp.employers.models import Employer

        db.session.execute(delete(EmployerStats).where(EmployerStats.employer_id.not_in(select(Employer.id))))
    elif gone := set(employer_ids) - {row["employer_id"] for row in counted}:
        db.session.execute(delete(EmployerStats).where(EmployerStats.employer_id.in_(sorted(gone))))


@lru_cache(maxsize=4)
def _employer_statements(every: bool) -> SimpleNamespace:
    """refresh_employers' SELECTs, built once: every employer, or those of the bound parameter `employer_ids`."""
    from webapp.employers.models import Employer, Employment
    from webapp.places.models import Place

    only = True if every else Employer.id.in_(bindparam("employer_ids", expanding=True))
    statements = SimpleNamespace()
    statements.rows = (
        select(Employer.id, Place.code, Employer.name).join(Place, Place.id == Employer.place_id).where(only)
    )
    statements.workers = (
        select(Employer.id, Place.code, Employer.name, func.count(func.distinct(Employment.person_id)))
        .join(Place, Place.id == Employer.place_id)
        .outerjoin(
            Employment,
            and_(Employment.employer_id == Employer.id, Employment.ended_on.is_(None), Employment.status != "denied"),
        )
        .where(only)
        .group_by(Employer.id, Place.code, Employer.name)
    )
    return statements


def _month(column):
    if db.engine.dialect.name == "sqlite":
        return func.strftime("%Y-%m", column)
    return func.to_char(column, "YYYY-MM")


def _zone_tag() -> str:
    """What local_time's SQL depends on besides the database: SQLite's offset now, or the zone's name."""
    if db.engine.dialect.name == "sqlite":
        return str(int(clock.now().utcoffset().total_seconds()))
    return clock.zone().key


def _statements_for(place_ids: list[int] | None) -> tuple[SimpleNamespace, dict]:
    """The counting statements for these communities (all when None), and their parameters."""
    statements = _compute_statements(db.engine.dialect.name, place_ids is None, _zone_tag())
    return statements, ({} if place_ids is None else {"place_ids": place_ids})


def compute(
    place_ids: list[int] | None, today: date, codes: dict[int, str] | None = None
) -> tuple[list[dict], list[dict]]:
    """The summary rows for these communities (all when None), counted from the records. `codes`: the communities'
    codes by id, when the caller has read them already (refresh has)."""
    from webapp.permits import rules as permit_rules

    statements, parameters = _statements_for(place_ids)

    def run(name):
        return db.session.execute(getattr(statements, name), parameters)

    stats: dict[int, dict] = defaultdict(dict)
    if codes is None:
        codes = dict(run("codes").all())
    for place_id, registered, verified, waiting, day_sum, first in run("reports"):
        stats[place_id].update(
            registered=registered,
            verified=verified,
            backlog=waiting,
            backlog_day_sum=int(day_sum or 0),
            backlog_first_day=int(first) if first else None,
        )
    for column in ("coordinators", "administrators"):
        for place_id, number in run(column):
            stats[place_id][column] = number
    months: dict[tuple[int, str], dict] = defaultdict(lambda: defaultdict(int))
    # A permit's state counts where its holder lives now (not where they applied); someone who left counts nowhere.
    for place_id, issued_on, valid_until, revoked_on, profile_id, n in run("permits"):
        permit = SimpleNamespace(
            issued_on=issued_on,
            valid_until=valid_until,
            revoked_on=revoked_on,
            profile_id=profile_id,
            endorsements=[SimpleNamespace(year=y) for y in range(1, n + 1)],
        )
        state = permit_rules.state_on(permit, today)
        row = stats[place_id]
        key = f"permits_{state.status}"
        row[key] = row.get(key, 0) + 1
        if state.status == "valid" and state.window and state.window[0] <= today <= state.window[1]:
            row["permits_due"] = row.get("permits_due", 0) + 1
        if state.status == "valid" and valid_until and (valid_until - today).days <= permit_rules.RENEWAL_NOTICE_DAYS:
            row["permits_expiring"] = row.get("permits_expiring", 0) + 1
    for place_id, month, issued in run("issued"):
        months[(place_id, month)]["permits_issued"] = issued
    for place_id, month, arrivals, changes, on_time in run("arrivals"):
        months[(place_id, month)].update(arrivals=arrivals, changes=changes, changes_on_time=on_time)
    for place_id, month, departures in run("departures"):
        months[(place_id, month)]["departures"] = departures
    levels = list(LEVEL_CODE_LENGTH)
    for place_id, month, *counts in run("moves_in"):
        months[(place_id, month)].update({f"moves_in_{level}": n for level, n in zip(levels, counts, strict=True)})
    for place_id, month, *counts in run("moves_out"):
        months[(place_id, month)].update({f"moves_out_{level}": n for level, n in zip(levels, counts, strict=True)})
    ids = place_ids if place_ids is not None else list(codes)
    stat_rows = [
        {"place_id": pid, "code": codes[pid], "as_of": today, **stats.get(pid, {})} for pid in ids if pid in codes
    ]
    month_rows = [
        {"place_id": pid, "month": month, "code": codes[pid], **values}
        for (pid, month), values in months.items()
        if pid in codes
    ]
    return stat_rows, month_rows


@lru_cache(maxsize=16)
def _compute_statements(dialect: str, every: bool, zone_tag: str) -> SimpleNamespace:
    """compute's SELECTs, built once for a database, a scope (every community, or those of the bound parameter
    `place_ids`) and a zone (_zone_tag): a commit that touches a report recounts its community with them, and
    building them anew each time was most of that recount's time (17 ms of CPU, on every report sent or visited).
    `dialect` and `zone_tag` are what local_time and _month read; they are part of the key only."""
    from webapp.accounts.models import Account, RoleGrant
    from webapp.permits.models import Endorsement, Permit, PermitApplication
    from webapp.places.models import Place
    from webapp.registrations import lifecycle
    from webapp.registrations.models import ResidenceReport

    def only(column):
        return True if every else column.in_(bindparam("place_ids", expanding=True))

    R = ResidenceReport
    current = lifecycle.current(R)
    backlog = and_(current, lifecycle.awaiting_visit(R))
    day = ordinal_day(local_time(R.created_at))  # China's day it was sent
    statements = SimpleNamespace()
    statements.codes = select(Place.id, Place.code).where(Place.level == "community", only(Place.id))
    statements.reports = (
        select(
            R.place_id,
            func.count().filter(current),
            func.count().filter(and_(current, lifecycle.checked(R))),
            func.count().filter(backlog),
            func.sum(day).filter(backlog),
            func.min(day).filter(backlog),
        )
        .where(only(R.place_id))
        .group_by(R.place_id)
    )
    for role, column in (("coordinator", "coordinators"), ("admin", "administrators")):
        statement = (
            select(RoleGrant.place_id, func.count(func.distinct(RoleGrant.account_id)))
            .join(Account, Account.id == RoleGrant.account_id)
            .where(RoleGrant.role == role, Account.deactivated_at.is_(None), only(RoleGrant.place_id))
            .group_by(RoleGrant.place_id)
        )
        setattr(statements, column, statement)
    endorsed = select(Endorsement.permit_id, func.count().label("n")).group_by(Endorsement.permit_id).subquery()
    statements.permits = (
        select(
            R.place_id,
            Permit.issued_on,
            Permit.valid_until,
            Permit.revoked_on,
            Permit.profile_id,
            func.coalesce(endorsed.c.n, 0),
        )
        .join(R, and_(R.person_id == Permit.person_id, current))
        .outerjoin(endorsed, endorsed.c.permit_id == Permit.id)
        .where(only(R.place_id))
    )
    # Issued: where it was applied for, in the month it was issued.
    issued_month = _month(Permit.issued_on)
    statements.issued = (
        select(R.place_id, issued_month, func.count())
        .join(PermitApplication, PermitApplication.id == Permit.application_id)
        .join(R, R.id == PermitApplication.report_id)
        .where(only(R.place_id))
        .group_by(R.place_id, issued_month)
    )
    sent_month, ended_month = _month(local_time(R.created_at)), _month(R.ended_on)  # one expression each: PostgreSQL
    # needs the GROUP BY expression to be the very one selected (same bound parameters)
    # A move to another address of the same community is a change reported, but nobody arriving or leaving: it is
    # neither an arrival nor a departure of the community, nor a move in or out of any larger area.
    before = aliased(R)
    statements.arrivals = (
        select(
            R.place_id,
            sent_month,
            func.count().filter(
                or_(R.kind == "initial", and_(R.kind == "move", before.place_id.is_distinct_from(R.place_id)))
            ),
            func.count().filter(R.kind.in_(("move", "new_job"))),
            func.count().filter(and_(R.kind.in_(("move", "new_job")), R.late.is_(False))),
        )
        .outerjoin(before, before.id == R.previous_id)
        .where(only(R.place_id), lifecycle.counted(R))  # a rejected report was nobody arriving
        .group_by(R.place_id, sent_month)
    )
    after = aliased(R)
    moved_within = (
        select(after.id)
        .where(after.previous_id == R.id, after.kind == "move", after.place_id == R.place_id, lifecycle.counted(after))
        .exists()
    )
    statements.departures = (
        select(R.place_id, ended_month, func.count())
        .where(
            only(R.place_id),
            R.ended_on.is_not(None),
            R.end_reason.in_(("move", "deregistered", "moved_out")),
            ~and_(R.end_reason == "move", moved_within),
        )
        .group_by(R.place_id, ended_month)
    )
    # refresh's: the community months as they were (with their counts for the counties' sums, except in the full
    # recount, which sums the counties afresh).
    months = CommunityMonth.__table__
    statements.months_before = select(
        months.c.place_id, months.c.month, months.c.code, *(() if every else MONTH_COLUMNS)
    ).where(only(months.c.place_id))
    # Moves within the same township, county or city: compared by the codes' prefixes.
    here, there, other = aliased(Place), aliased(Place), aliased(R)

    def same(length: int):
        return func.substr(here.code, 1, length) == func.substr(there.code, 1, length)

    lengths = list(LEVEL_CODE_LENGTH.values())
    statements.moves_in = (
        select(R.place_id, sent_month, *(func.count().filter(same(n)) for n in lengths))
        .join(here, here.id == R.place_id)
        .join(other, other.id == R.previous_id)
        .join(there, there.id == other.place_id)
        .where(only(R.place_id), R.kind == "move", lifecycle.counted(R), there.id != here.id)
        .group_by(R.place_id, sent_month)
    )
    statements.moves_out = (
        select(R.place_id, ended_month, *(func.count().filter(same(n)) for n in lengths))
        .join(here, here.id == R.place_id)
        .join(other, and_(other.previous_id == R.id, other.kind == "move", lifecycle.counted(other)))
        .join(there, there.id == other.place_id)
        .where(only(R.place_id), R.ended_on.is_not(None), R.end_reason == "move", there.id != here.id)
        .group_by(R.place_id, ended_month)
    )
    return statements


def _upsert(model, keys: list[str], rows: list[dict]) -> None:
    """INSERT … ON CONFLICT DO UPDATE (PostgreSQL and SQLite), in key order: concurrent commits that touch the same
    rows wait for each other instead of failing on the primary key, and always lock them in the same order (no
    deadlock)."""
    if not rows:
        return
    columns = tuple(name for name in rows[0] if name not in keys)
    statement = _upsert_statement(db.engine.dialect.name, model.__table__, tuple(keys), columns)
    db.session.execute(statement, sorted(rows, key=lambda row: tuple(row[k] for k in keys)))


@lru_cache(maxsize=64)
def _upsert_statement(dialect: str, table, keys: tuple[str, ...], columns: tuple[str, ...]):
    """_upsert's statement, built once (building it, `excluded` above all, cost more than running it)."""
    insert_for = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert_for(table)
    return statement.on_conflict_do_update(
        index_elements=list(keys), set_={name: statement.excluded[name] for name in columns}
    )


def _lock_communities(codes: dict[int, str], defaults: dict, today: date) -> None:
    """Create or lock each community's summary row, before counting. Every commit that recounts a community goes
    through here first, so two such commits run one after the other for that community: the second counts only
    once the first has committed, and sees its changes (READ COMMITTED starts each statement afresh)."""
    _upsert(
        CommunityStats,
        ["place_id"],
        [{**defaults, "place_id": pid, "code": code, "as_of": today} for pid, code in codes.items()],
    )


def refresh(place_ids: list[int] | None, today: date | None = None) -> None:
    """Recompute the summary rows of these communities (all when None), in the current transaction: upserted,
    never deleted and inserted again (concurrent commits in one community failed on PostgreSQL that way)."""
    from webapp.places.models import Place

    today = today or clock.today()
    defaults = {
        c.name: 0
        for c in CommunityStats.__table__.columns
        if c.name not in ("place_id", "code", "as_of", "backlog_first_day")
    }
    statements, parameters = _statements_for(place_ids)
    codes = dict(db.session.execute(statements.codes, parameters).all())
    _lock_communities(codes, defaults, today)
    stat_rows, month_rows = compute(place_ids, today, codes)
    _upsert(CommunityStats, ["place_id"], [{**defaults, "backlog_first_day": None, **r} for r in stat_rows])
    if place_ids is None:  # the full recount: rows of places that are not communities (any more)
        community = select(Place.id).where(Place.level == "community")
        db.session.execute(delete(CommunityStats).where(CommunityStats.place_id.not_in(community)))
    month_defaults = dict.fromkeys(MONTH_COUNTED, 0)
    table = CommunityMonth.__table__
    # The rows as they were (locked by us above: no other commit changes them meanwhile), for the counties' sums.
    before = db.session.execute(statements.months_before, parameters).all()
    new_rows = [{**month_defaults, **r} for r in month_rows]
    _upsert(CommunityMonth, ["place_id", "month"], new_rows)
    # Months that count nothing any more (a report moved elsewhere, or rejected): few, and locked by us above.
    kept = {(r["place_id"], r["month"]) for r in month_rows}
    stale = [(row.place_id, row.month) for row in before if (row.place_id, row.month) not in kept]
    for start in range(0, len(stale), 500):
        db.session.execute(
            delete(table).where(tuple_(table.c.place_id, table.c.month).in_(sorted(stale[start : start + 500])))
        )
    if place_ids is None:
        recount_counties()
    else:
        add_to_counties(before, new_rows)


#: What community_month (and county_month) count per month.
MONTH_COUNTED = tuple(c.name for c in CountyMonth.__table__.columns if c.name not in ("code", "month"))
MONTH_COLUMNS = tuple(CommunityMonth.__table__.c[name] for name in MONTH_COUNTED)


def recount_counties() -> None:
    """county_month afresh: community_month summed per county (its code's first 6 digits) and month."""
    county = func.substr(CommunityMonth.code, 1, 6)
    db.session.execute(delete(CountyMonth))
    db.session.execute(
        insert(CountyMonth).from_select(
            ["code", "month", *MONTH_COUNTED],
            select(county, CommunityMonth.month, *(func.sum(column) for column in MONTH_COLUMNS)).group_by(
                county, CommunityMonth.month
            ),
        )
    )


def add_to_counties(before, after: list[dict]) -> None:
    """county_month plus the differences between the community months as they were (`before`, rows) and as they
    are now (`after`, dicts). Each difference is added in the database (x = x + d, under the row's lock), so
    commits in other communities of the same county, counted at the same time, add theirs too: the sums stay
    exact without any commit having to see another's rows."""
    differences: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * len(MONTH_COUNTED))
    for row in after:
        sums = differences[(row["code"][:6], row["month"])]
        for i, name in enumerate(MONTH_COUNTED):
            sums[i] += row[name]
    for row in before:
        sums = differences[(row.code[:6], row.month)]
        for i, name in enumerate(MONTH_COUNTED):
            sums[i] -= getattr(row, name)
    rows = [
        {"code": code, "month": month, **dict(zip(MONTH_COUNTED, sums, strict=True))}
        for (code, month), sums in differences.items()
        if any(sums)
    ]
    if not rows:
        return
    insert_for = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = insert_for(CountyMonth.__table__)
    table = CountyMonth.__table__
    statement = statement.on_conflict_do_update(
        index_elements=["code", "month"],
        set_={name: table.c[name] + statement.excluded[name] for name in MONTH_COUNTED},
    )
    db.session.execute(statement, sorted(rows, key=lambda row: (row["code"], row["month"])))


def request_key(county_id, status, target_date, updated_at) -> tuple | None:
    """A request's row in county_requests: (county, status, its target date if open, else the day it was closed)."""
    from webapp.services import statuses

    if county_id is None or status is None:
        return None
    day = target_date if statuses.is_open(status) else clock.local(updated_at).date()
    return (county_id, status, day)


def add_to_requests(differences: dict[tuple, int]) -> None:
    """county_requests plus each key's difference, added in the database (x = x + d, under the row's lock): commits
    in one county at the same time add theirs too."""
    rows = [{"county_id": c, "status": s, "day": d, "requests": n} for (c, s, d), n in sorted(differences.items()) if n]
    if not rows:
        return
    insert_for = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = insert_for(CountyRequests.__table__)
    statement = statement.on_conflict_do_update(
        index_elements=["county_id", "status", "day"],
        set_={"requests": CountyRequests.__table__.c.requests + statement.excluded.requests},
    )
    db.session.execute(statement, rows)


def recount_requests() -> None:
    """county_requests afresh from the service requests."""
    from webapp.services import statuses
    from webapp.services.models import ServiceRequest

    closed_on = local_time(ServiceRequest.updated_at)
    closed_on = func.date(closed_on) if db.engine.dialect.name == "sqlite" else cast(closed_on, Date)
    day = case(
        (ServiceRequest.status.in_([s.value for s in statuses.OPEN]), ServiceRequest.target_date), else_=closed_on
    )
    db.session.execute(delete(CountyRequests))
    db.session.execute(
        insert(CountyRequests).from_select(
            ["county_id", "status", "day", "requests"],
            select(ServiceRequest.county_id, ServiceRequest.status, day, func.count()).group_by(
                ServiceRequest.county_id, ServiceRequest.status, day
            ),
        )
    )


def refresh_all(today: date | None = None) -> None:
    refresh(None, today)
    recount_requests()
    refresh_employers(None)
    db.session.commit()
