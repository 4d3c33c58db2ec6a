"""The caseload's change log, for field mode's cursor: every commit that touches a residence report (or the person,
tenancy or employment a caseload item shows) writes, under one change number, each (community, receipt) it touched —
the community before and after a move, a report deleted with its person too.

The number is taken just before the commit, by updating the one row of caseload_clock: on PostgreSQL the row stays
locked until the commit, so a transaction that takes a higher number commits after every one with a lower number
(numbers follow commits, unlike ids or timestamps handed out earlier); SQLite has a single writer anyway. A device
that has seen every change up to N then asks for the receipts of its communities numbered above N: what is in the
caseload now comes back changed or added, what is not (verified, moved out, reassigned, deleted) comes back removed.

Bulk statements (update(Person)… as the retention sweep runs) are followed too: the reports they touch are read
with the statement's own WHERE before it runs.
"""

from sqlalchemy import delete, event, func, insert, inspect, select, update
from sqlalchemy.orm import Session

from webapp import clock
from webapp.employers.models import Employment
from webapp.extensions import db
from webapp.people.models import Person
from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import Tenancy
from webapp.visits.models import CaseloadChange, CaseloadClock

PENDING = "caseload_changes"
#: The column of residence_report that points at each followed table.
POINTERS = {
    Person: ResidenceReport.person_id,
    Tenancy: ResidenceReport.tenancy_id,
    Employment: ResidenceReport.employment_id,
}


def _reports_of(session: Session, column, ids) -> set[tuple[int, str]]:
    ids = [i for i in ids if i is not None]
    if not ids:
        return set()
    rows = session.execute(select(ResidenceReport.place_id, ResidenceReport.receipt).where(column.in_(ids)))
    return {tuple(row) for row in rows}


def _earlier_place(obj: ResidenceReport) -> set[int]:
    state = inspect(obj)
    if state.pending or state.transient:
        return set()
    history = state.attrs["place_id"].history
    return {*(history.deleted or ()), *(history.unchanged or ())} or {obj.place_id}


def collect(session: Session, _flush_context=None, _instances=None) -> None:
    """Before a flush: what the flush will touch (a new report's place and receipt are read before the commit)."""
    pending = session.info.setdefault(PENDING, {"touched": set(), "reports": []})
    followed: dict = {}
    with session.no_autoflush:
        for obj in list(session.new) + list(session.dirty) + list(session.deleted):
            if isinstance(obj, ResidenceReport):
                if obj.receipt:
                    pending["touched"].update((place, obj.receipt) for place in _earlier_place(obj) if place)
                pending["reports"].append(obj)
            elif (
                type(obj) in POINTERS
                and not inspect(obj).pending
                and (obj in session.deleted or session.is_modified(obj))
            ):
                followed.setdefault(type(obj), set()).add(obj.id)
        for kind, ids in followed.items():
            pending["touched"] |= _reports_of(session, POINTERS[kind], ids)


def bulk(orm_execute_state) -> None:
    """update(Person)/delete(…) statements: the reports they will touch, read with the statement's WHERE."""
    if not (orm_execute_state.is_update or orm_execute_state.is_delete):
        return
    mapper = orm_execute_state.bind_mapper
    kind = mapper.class_ if mapper is not None else None
    if kind is not ResidenceReport and kind not in POINTERS:
        return
    where = orm_execute_state.statement.whereclause
    session = orm_execute_state.session
    if kind is ResidenceReport:
        found = select(ResidenceReport.place_id, ResidenceReport.receipt)
    else:
        found = select(ResidenceReport.place_id, ResidenceReport.receipt).join(
            kind.__table__, POINTERS[kind] == kind.__table__.c.id
        )
    if where is not None:
        found = found.where(where)
    pending = session.info.setdefault(PENDING, {"touched": set(), "reports": []})
    pending["touched"] |= {tuple(row) for row in session.execute(found)}


def next_number(session: Session) -> int:
    """The next change number: the clock's row updated (and, on PostgreSQL, locked until the commit)."""
    seq = session.execute(
        update(CaseloadClock)
        .where(CaseloadClock.id == 1)
        .values(seq=CaseloadClock.seq + 1)
        .returning(CaseloadClock.seq),
        execution_options={"synchronize_session": False},
    ).scalar()
    if seq is None:  # an empty database (the tables emptied by a test): the clock starts again
        session.execute(insert(CaseloadClock).values(id=1, seq=1, pruned=0))
        seq = 1
    return seq


def last_number(session: Session) -> int:
    return session.scalar(select(CaseloadClock.seq).where(CaseloadClock.id == 1)) or 0


def numbers(session: Session) -> tuple[int, int]:
    """(the last change number, the highest one the retention sweep deleted): a usable cursor lies between."""
    row = session.execute(select(CaseloadClock.seq, CaseloadClock.pruned).where(CaseloadClock.id == 1)).first()
    return (row.seq, row.pruned or 0) if row else (0, 0)


def prune(session: Session, before) -> int:
    """Delete the changes recorded before `before` (every change numbered up to the newest of them, so the log
    stays whole above the number noted) and note that number: an older cursor then gets the whole caseload."""
    newest = session.scalar(select(func.max(CaseloadChange.seq)).where(CaseloadChange.at < before))
    if newest is None:
        return 0
    session.execute(
        update(CaseloadClock).where(CaseloadClock.id == 1, CaseloadClock.pruned < newest).values(pruned=newest),
        execution_options={"synchronize_session": False},
    )
    return session.execute(
        delete(CaseloadChange).where(CaseloadChange.seq <= newest), execution_options={"synchronize_session": False}
    ).rowcount


def write(session: Session) -> None:
    """Just before the commit: one change number for everything this transaction touched."""
    if session.info.get("caseload_writing"):
        return
    session.flush()
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    touched = set(pending["touched"])
    for report in pending["reports"]:
        state = inspect(report)
        if state.deleted or state.was_deleted or state.transient:
            continue
        if report.receipt and report.place_id:
            touched.add((report.place_id, report.receipt))
    if not touched:
        return
    session.info["caseload_writing"] = True
    try:
        seq = next_number(session)
        at = clock.utcnow()
        session.execute(
            insert(CaseloadChange),
            [{"seq": seq, "place_id": place, "receipt": receipt, "at": at} for place, receipt in sorted(touched)],
        )
    finally:
        session.info["caseload_writing"] = False


def forget(session: Session, *_args) -> None:
    session.info.pop(PENDING, None)


def init_app(app) -> None:
    event.listen(db.session, "before_flush", collect)
    event.listen(db.session, "do_orm_execute", bulk)
    event.listen(db.session, "before_commit", write)
    event.listen(db.session, "after_rollback", forget)


def touched_since(place_ids: list[int], since: int, limit: int) -> list[str]:
    """The receipts of these communities touched by a commit numbered above `since` (at most `limit`)."""
    if not place_ids:
        return []
    return list(
        db.session.scalars(
            select(CaseloadChange.receipt)
            .where(CaseloadChange.place_id.in_(place_ids), CaseloadChange.seq > since)
            .distinct()
            .limit(limit)
        )
    )
