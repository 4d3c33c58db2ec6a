"""Reading the work record (written by counting.py): one row per coordinator and community for a period."""

from dataclasses import dataclass

from sqlalchemy import func, select

from webapp import clock
from webapp.accounts.models import Account
from webapp.assessment.models import WorkRecord
from webapp.assessment.periods import Period
from webapp.extensions import db
from webapp.places.models import Place

#: Summed per area and in the totals. The median is not: it is each row's own.
SUMMED = (
    "visits_confirmed",
    "visits_corrected",
    "visits_not_found",
    "visits_moved_out",
    "visits_declined",
    "reports_verified",
    "assisted",
    "first_visits",
)
OUTCOMES = SUMMED[:5]


@dataclass
class Line:
    coordinator_id: int
    coordinator: str
    reference: str
    code: str
    community: str
    figures: dict

    @property
    def visits(self) -> int:
        return sum(self.figures[k] for k in OUTCOMES)


def _lines(query) -> list[Line]:
    rows = db.session.execute(
        query.join(Account, Account.id == WorkRecord.coordinator_id)
        .join(Place, Place.id == WorkRecord.place_id)
        .add_columns(Account.display_name, Account.reference, Place.name)
        .order_by(WorkRecord.code, Account.display_name, WorkRecord.coordinator_id)
    ).all()
    out = []
    for record, name, reference, community in rows:
        figures = {k: getattr(record, k) for k in SUMMED}
        figures["community_rentals"] = record.community_rentals
        figures["median_days_to_visit"] = record.median_days_to_visit
        out.append(Line(record.coordinator_id, name, reference or "", record.code, community, figures))
    return out


def in_area(node: Place, period: Period):
    """The SELECT of the area's rows (for a page of them, or all for the CSV)."""
    return select(WorkRecord).where(
        WorkRecord.period == period.key, WorkRecord.code >= node.code, WorkRecord.code < node.code + ":"
    )


def count_in_area(node: Place, period: Period) -> int:
    return db.session.scalar(
        select(func.count()).where(
            WorkRecord.period == period.key, WorkRecord.code >= node.code, WorkRecord.code < node.code + ":"
        )
    )


def lines(query) -> list[Line]:
    return _lines(query)


def of_coordinator(account_id: int, period: Period) -> list[Line]:
    return _lines(select(WorkRecord).where(WorkRecord.period == period.key, WorkRecord.coordinator_id == account_id))


def by_child(node: Place, children: list[Place], period: Period) -> list[tuple[Place, dict]]:
    """The figures summed per child area, in one grouped query; the community's rentals once per community."""
    if not children:
        return []
    child_len = len(children[0].code)
    area = func.substr(WorkRecord.code, 1, child_len)
    sums = {
        code: dict(zip((*SUMMED, "coordinators"), values, strict=True))
        for code, *values in db.session.execute(
            select(
                area,
                *(func.sum(getattr(WorkRecord, k)) for k in SUMMED),
                func.count(func.distinct(WorkRecord.coordinator_id)),
            )
            .where(WorkRecord.period == period.key, WorkRecord.code >= node.code, WorkRecord.code < node.code + ":")
            .group_by(area)
        )
    }
    per_community = (
        select(WorkRecord.code, func.max(WorkRecord.community_rentals).label("rentals"))
        .where(WorkRecord.period == period.key, WorkRecord.code >= node.code, WorkRecord.code < node.code + ":")
        .group_by(WorkRecord.code)
        .subquery()
    )
    child_area = func.substr(per_community.c.code, 1, child_len)
    rentals = dict(db.session.execute(select(child_area, func.sum(per_community.c.rentals)).group_by(child_area)).all())
    out = []
    for child in children:
        figures = {k: int(v or 0) for k, v in sums.get(child.code, {}).items()} or dict.fromkeys(
            (*SUMMED, "coordinators"), 0
        )
        figures["community_rentals"] = int(rentals.get(child.code) or 0)
        figures["visits"] = sum(figures[k] for k in OUTCOMES)
        out.append((child, figures))
    return out


def counted_at(period: Period):
    """When the period's rows were last counted, in China time (None: not yet)."""
    return clock.local(
        db.session.scalar(select(func.max(WorkRecord.counted_at)).where(WorkRecord.period == period.key))
    )
