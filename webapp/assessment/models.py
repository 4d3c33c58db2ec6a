"""Tables written by `flask jobs run` (once a day), read by the assessment and work-record pages.

AreaSnapshot: the state-of-things figures of each community (registered, verified, coordinators, permits) as they
were in a month, copied from community_stats each day (the last copy of a month is its end). A past period's
"share verified" comes from here; the summaries only know today.

WorkRecord: a coordinator's work in one community over one period ("2026" or "2026-11", China time), counted from
the dated rows (visits, report events, reports, rentals). The year rows are counted from the rows too, not added
up from the months, because a median cannot be added up.
"""

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class AreaSnapshot(db.Model):
    __tablename__ = "area_snapshot"

    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    code: Mapped[str] = mapped_column(String(12), index=True)
    registered: Mapped[int] = mapped_column(default=0)
    verified: Mapped[int] = mapped_column(default=0)
    coordinators: Mapped[int] = mapped_column(default=0)
    permits_valid: Mapped[int] = mapped_column(default=0)
    permits_lapsed: Mapped[int] = mapped_column(default=0)


class RequestMonth(db.Model):
    """Service requests closed (completed or refused) per county and month (China time), and how many of them by
    their target date: the ranking's "requests answered on time", without counting requests at request time."""

    __tablename__ = "request_month"

    county_id: Mapped[int] = mapped_column(ForeignKey("place.id"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    closed: Mapped[int] = mapped_column(default=0)
    on_time: Mapped[int] = mapped_column(default=0)


class WorkRecord(db.Model):
    __tablename__ = "work_record"

    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("account.id"), primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(12), index=True)
    visits_confirmed: Mapped[int] = mapped_column(default=0)
    visits_corrected: Mapped[int] = mapped_column(default=0)
    visits_not_found: Mapped[int] = mapped_column(default=0)
    visits_moved_out: Mapped[int] = mapped_column(default=0)
    visits_declined: Mapped[int] = mapped_column(default=0)
    reports_verified: Mapped[int] = mapped_column(default=0)
    assisted: Mapped[int] = mapped_column(default=0)
    #: Rentals registered in the community in the period (by landlords): the community's figure, the same on
    #: every coordinator's row of that community.
    community_rentals: Mapped[int] = mapped_column(default=0)
    first_visits: Mapped[int] = mapped_column(Integer, default=0)
    median_days_to_visit: Mapped[float | None] = mapped_column(Float)
    counted_at: Mapped[datetime]
