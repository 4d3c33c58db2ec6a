"""The summary tables the dashboards read: per community (now, and per month) and per employer."""

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class CommunityStats(db.Model):
    __tablename__ = "community_stats"

    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(12), index=True)
    registered: Mapped[int] = mapped_column(default=0)
    verified: Mapped[int] = mapped_column(default=0)
    backlog: Mapped[int] = mapped_column(default=0)
    #: The sum of the days (ordinals) they were sent: 64 bits, past 2^31 from about 2,900 waiting reports.
    backlog_day_sum: Mapped[int] = mapped_column(BigInteger, default=0)
    backlog_first_day: Mapped[int | None] = mapped_column(Integer)  # the oldest one's day (ordinal)
    coordinators: Mapped[int] = mapped_column(default=0)
    administrators: Mapped[int] = mapped_column(default=0)
    permits_valid: Mapped[int] = mapped_column(default=0)
    permits_lapsed: Mapped[int] = mapped_column(default=0)
    permits_revoked: Mapped[int] = mapped_column(default=0)
    permits_expired: Mapped[int] = mapped_column(default=0)
    permits_due: Mapped[int] = mapped_column(default=0)
    permits_expiring: Mapped[int] = mapped_column(default=0)
    as_of: Mapped[date] = mapped_column(Date)


class CommunityMonth(db.Model):
    __tablename__ = "community_month"

    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    code: Mapped[str] = mapped_column(String(12), index=True)
    arrivals: Mapped[int] = mapped_column(default=0)
    departures: Mapped[int] = mapped_column(default=0)
    changes: Mapped[int] = mapped_column(default=0)
    changes_on_time: Mapped[int] = mapped_column(default=0)
    permits_issued: Mapped[int] = mapped_column(default=0)
    # Moves inside a larger area are an arrival and a departure for its communities but neither for the area: of
    # the moves that arrived here (or left from here), how many came from (went to) the same township, county or
    # city. Each includes the smaller: same township is also same county and same city.
    moves_in_township: Mapped[int] = mapped_column(default=0, server_default="0")
    moves_in_county: Mapped[int] = mapped_column(default=0, server_default="0")
    moves_in_city: Mapped[int] = mapped_column(default=0, server_default="0")
    moves_out_township: Mapped[int] = mapped_column(default=0, server_default="0")
    moves_out_county: Mapped[int] = mapped_column(default=0, server_default="0")
    moves_out_city: Mapped[int] = mapped_column(default=0, server_default="0")


class CountyMonth(db.Model):
    """community_month summed per county (the first 6 digits of the code): what a city's dashboard reads, a dozen
    counties' rows per month instead of thousands of communities'. Kept by adding each commit's differences to
    community_month (webapp/summaries/counting.py); the full recount sums community_month afresh."""

    __tablename__ = "county_month"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    arrivals: Mapped[int] = mapped_column(default=0, server_default="0")
    departures: Mapped[int] = mapped_column(default=0, server_default="0")
    changes: Mapped[int] = mapped_column(default=0, server_default="0")
    changes_on_time: Mapped[int] = mapped_column(default=0, server_default="0")
    permits_issued: Mapped[int] = mapped_column(default=0, server_default="0")
    moves_in_township: Mapped[int] = mapped_column(default=0, server_default="0")
    moves_in_county: Mapped[int] = mapped_column(default=0, server_default="0")
    moves_in_city: Mapped[int] = mapped_column(default=0, server_default="0")
    moves_out_township: Mapped[int] = mapped_column(default=0, server_default="0")
    moves_out_county: Mapped[int] = mapped_column(default=0, server_default="0")
    moves_out_city: Mapped[int] = mapped_column(default=0, server_default="0")


class EmployerStats(db.Model):
    """Current workers per employer, for the service-station rule (more than 100)."""

    __tablename__ = "employer_stats"

    employer_id: Mapped[int] = mapped_column(ForeignKey("employer.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(12), index=True)  # where the employer is
    name: Mapped[str] = mapped_column(String(120))
    # Indexed: the dashboards ask for the few employers over 100 workers, out of a number that grows with the data.
    workers: Mapped[int] = mapped_column(default=0, index=True)


class CountyRequests(db.Model):
    """Service requests per county queue, status and day: for an open request its target date, for a closed one the
    day (in the app's zone) it was closed. What the city's and counties' dashboards read instead of counting the
    requests: open ones by status (all days), past their target (days before today), closed in a period (days
    from its first on). Kept by adding each commit's differences (webapp/summaries/tracking.py, under the row's
    lock); the full recount counts the requests afresh."""

    __tablename__ = "county_requests"

    county_id: Mapped[int] = mapped_column(ForeignKey("place.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(12), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    requests: Mapped[int] = mapped_column(default=0, server_default="0")
