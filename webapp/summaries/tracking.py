"""Keeping the summaries up to date at write time: every commit that touches a residence report, a permit, an
endorsement, a staff role, an account, an employer or an employment recounts the rows of the communities and
employers it touched (before and after the change), inside the same transaction; every commit that writes a
service request adds its difference to county_requests (its key before the transaction, -1; after, +1). Reading
never writes."""

from sqlalchemy import event, inspect, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import Session

from webapp.extensions import db
from webapp.summaries.counting import add_to_requests, refresh, refresh_employers, request_key

#: Roles the community summaries count (coordinators against 1 per 500, administrators of communities of 30+).
ROLES_COUNTED = ("coordinator", "admin")


def _earlier(obj, column: str, relation: str) -> set[int]:
    """The ids an object pointed to before this flush (a report moved to another community, a coordinator
    reassigned, a worker who changed employer): the old side must be recounted too."""
    state = inspect(obj)
    if state.pending or state.transient:
        return set()
    history = state.attrs[column].history
    # Setting the relationship changes the column only at the flush: until then the column holds the old id.
    ids = set(history.deleted or ()) | set(history.unchanged or ())
    if not (history.deleted or history.unchanged or history.added):
        ids.add(getattr(obj, column))  # not loaded: read it from the row, which still has the old value
    ids.update(o.id for o in (state.attrs[relation].history.deleted or ()) if o is not None)
    return ids


def _touched(session: Session) -> tuple[set[int], set[int], list]:
    """(communities, employers) an object pointed to before the flush, and how to read what they point to after
    it: new objects get their ids, and relationships their foreign keys, only when flushed."""
    from webapp.accounts.models import Account, RoleGrant
    from webapp.employers.models import Employer, Employment
    from webapp.permits.models import Endorsement, Permit
    from webapp.registrations.models import ResidenceReport

    places: set[int] = set()
    employers: set[int] = set()
    later: list = []  # (kind, function returning ids) read after the flush
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, ResidenceReport):
            places |= _earlier(obj, "place_id", "place")
            # A move's status also decides whether the report it followed counts a move out of its community.
            later.append(("place", lambda obj=obj: {obj.place_id, obj.previous.place_id if obj.previous else None}))
        elif isinstance(obj, Permit | Endorsement):
            permit = obj if isinstance(obj, Permit) else obj.permit

            def report_place(permit=permit):
                """Where it was applied for (issued), and where its holder lives now (its state)."""
                if permit is None:
                    return set()
                report = permit.application.report if permit.application else None
                living = db.session.scalars(
                    select(ResidenceReport.place_id).where(
                        ResidenceReport.person_id == permit.person_id, ResidenceReport.ended_on.is_(None)
                    )
                )
                return {report.place_id if report else None, *living}

            later.append(("place", report_place))
        elif isinstance(obj, RoleGrant) and obj.role in ROLES_COUNTED:
            places |= _earlier(obj, "place_id", "place")
            later.append(("place", lambda obj=obj: {obj.place_id}))
        elif isinstance(obj, Account):
            later.append(("place", lambda obj=obj: {g.place_id for g in obj.grants if g.role in ROLES_COUNTED}))
        elif isinstance(obj, Employment):
            employers |= _earlier(obj, "employer_id", "employer")
            later.append(("employer", lambda obj=obj: {obj.employer_id}))
        elif isinstance(obj, Employer):
            later.append(("employer", lambda obj=obj: {obj.id}))
    return places, employers, later


REQUEST_KEY = ("county_id", "status", "target_date", "updated_at")


def _committed(obj, name: str):
    """An attribute's value as the database has it (before this flush's changes)."""
    history = inspect(obj).attrs[name].history
    return history.deleted[0] if history.deleted else getattr(obj, name)


def _track_requests(session: Session) -> None:
    """Each service request written in this transaction, with its county_requests key before the transaction
    (recorded the first time it is flushed; None for a new one): the key after it is read before the commit."""
    from webapp.services.models import ServiceRequest

    seen = session.info.setdefault("request_keys", {})
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, ServiceRequest) and id(obj) not in seen:
            state = inspect(obj)
            before = (
                None if (state.pending or state.transient) else request_key(*(_committed(obj, n) for n in REQUEST_KEY))
            )
            seen[id(obj)] = (obj, before)


def _count_requests(session: Session) -> None:
    """county_requests plus this transaction's differences (after the last flush: keys and update times set)."""
    differences: dict[tuple, int] = {}
    for obj, before in session.info.pop("request_keys", {}).values():
        state = inspect(obj)
        after = (
            None
            if (state.deleted or state.was_deleted or state.transient)
            else request_key(*(getattr(obj, n) for n in REQUEST_KEY))
        )
        if before == after:
            continue
        for key, step in ((before, -1), (after, 1)):
            if key is not None:
                differences[key] = differences.get(key, 0) + step
    add_to_requests(differences)


def track(session: Session, _flush_context) -> None:
    with session.no_autoflush:
        _track_requests(session)
        places, employers, later = _touched(session)
        session.info.setdefault("stats_places", set()).update(places)
        session.info.setdefault("stats_employers", set()).update(employers)
        session.info.setdefault("stats_later", []).extend(later)


def before_commit(session: Session) -> None:
    if session.info.get("stats_refreshing"):
        return
    session.flush()  # the last changes are collected by before_flush; now every id and foreign key is set
    with session.no_autoflush:
        _count_requests(session)
    places = session.info.pop("stats_places", set())
    employers = session.info.pop("stats_employers", set())
    with session.no_autoflush:
        for kind, ids in session.info.pop("stats_later", []):
            try:
                (places if kind == "place" else employers).update(ids())
            except InvalidRequestError:  # an object a rolled-back savepoint made, or deleted meanwhile
                continue
    places.discard(None)
    employers.discard(None)
    if not places and not employers:
        return
    session.info["stats_refreshing"] = True
    try:
        if places:
            refresh(sorted(places))
        if employers:
            refresh_employers(sorted(employers))
    finally:
        session.info["stats_refreshing"] = False


def init_app(app) -> None:
    """Listen to the app's session: collect what each flush touched, recount it before the commit."""
    event.listen(db.session, "before_flush", lambda session, ctx, instances: track(session, ctx))
    event.listen(db.session, "before_commit", before_commit)
    # A rolled-back transaction's requests count nothing (their keys are those of the database again).
    event.listen(db.session, "after_soft_rollback", lambda session, _previous: session.info.pop("request_keys", None))
