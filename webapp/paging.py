"""One page of a query, for the staff lists and the work queues (the shared pager: components/pager.html)."""

from dataclasses import dataclass

from webapp.extensions import db


@dataclass
class Page:
    rows: list
    number: int
    pages: int
    total: int


def paged(query, count_query, number: int, size: int) -> Page:
    """One page of a query; a page number out of range shows the nearest page."""
    total = db.session.scalar(count_query) or 0
    pages = max(1, -(-total // size))
    number = min(max(number, 1), pages)
    rows = db.session.scalars(query.limit(size).offset((number - 1) * size)).all()
    return Page(rows, number, pages, total)
