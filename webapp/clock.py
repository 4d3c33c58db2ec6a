"""Time in one place: UTC without tzinfo in the database (the same on SQLite and PostgreSQL)."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
