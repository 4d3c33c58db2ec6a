"""One page of a query, for the staff lists, the work queues and the person's "who looked" list: Flask-SQLAlchemy's
pager (``db.paginate``), with the links in components/pager.html."""

from flask_sqlalchemy.pagination import Pagination, SelectPagination

from webapp.extensions import db


class _Counted(SelectPagination):
    """A page of a SELECT whose count the caller has already (counted with the page's other figures)."""

    def _query_count(self) -> int:
        return self._query_args["total"]


def paged(query, number: int, size: int, total: int | None = None) -> Pagination:
    """One page of a SELECT (``.items``, ``.page``, ``.pages``, ``.total``, counted over the whole SELECT).

    A page number out of range shows the nearest page (never a 404: a list can shrink between two clicks). `total`:
    the SELECT's count, when the caller has counted it with other figures in one statement (a work queue's counts
    at its top): no statement of its own, and the page number is brought in range before the page is read."""
    if total is not None:
        last = max(1, -(-total // size))
        return _Counted(
            select=query,
            session=db.session(),
            page=min(max(number, 1), last),
            per_page=size,
            max_per_page=None,
            error_out=False,
            total=total,
        )
    page = db.paginate(query, page=max(number, 1), per_page=size, max_per_page=None, error_out=False)
    if page.page > page.pages > 0:
        page = db.paginate(query, page=page.pages, per_page=size, max_per_page=None, error_out=False)
    return page
