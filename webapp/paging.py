"""One page of a query, for the staff lists, the work queues and the person's "who looked" list: Flask-SQLAlchemy's
pager (``db.paginate``), with the links in components/pager.html."""

from flask_sqlalchemy.pagination import Pagination, SelectPagination

from webapp.extensions import db

#: The largest row offset a page may start at (PostgreSQL's integer): far inside what SQLite and PostgreSQL take
#: for an OFFSET (both overflow at 2^63). A page number from the address (``?page=99999999999999999999999``) is
#: brought under it before any statement sees it, then past the end like any other: the list's last page is shown.
MAX_OFFSET = 2**31 - 1


def page_number(number, size: int) -> int:
    """`number` as a page a SELECT can read: at least 1, and no further than MAX_OFFSET rows in."""
    try:
        number = int(number)
    except (TypeError, ValueError, OverflowError):
        return 1
    return min(max(number, 1), MAX_OFFSET // max(size, 1) + 1)


class _Counted(SelectPagination):
    """A page of a SELECT whose count the caller has already (counted with the page's other figures)."""

    def _query_count(self) -> int:
        return self._query_args["total"]


class _Rows(SelectPagination):
    """A page of a SELECT of columns (light rows: a grouped list, an address's parts), not of entities."""

    def _query_items(self) -> list:
        select = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return list(self._query_args["session"].execute(select).all())


class _CountedRows(_Counted, _Rows):
    """A page of a SELECT of columns whose count the caller has already."""


def _rows_page(query, number: int, size: int) -> Pagination:
    return _Rows(select=query, session=db.session(), page=number, per_page=size, max_per_page=None, error_out=False)


def paged(query, number: int, size: int, total: int | None = None, *, rows: bool = False) -> Pagination:
    """One page of a SELECT (``.items``, ``.page``, ``.pages``, ``.total``, counted over the whole SELECT).

    A page number out of range shows the nearest page (never a 404: a list can shrink between two clicks). `total`:
    the SELECT's count, when the caller has counted it with other figures in one statement (a work queue's counts
    at its top): no statement of its own, and the page number is brought in range before the page is read. A page
    number too big for the database (see MAX_OFFSET) is no error either: it is past the end, so the last page.
    `rows`: the SELECT is of columns, not entities: the page's items are its rows (each with every column)."""
    number = page_number(number, size)
    if total is not None:
        last = max(1, -(-total // size))
        return (_CountedRows if rows else _Counted)(
            select=query,
            session=db.session(),
            page=min(number, last),
            per_page=size,
            max_per_page=None,
            error_out=False,
            total=total,
        )
    if rows:
        page = _rows_page(query, number, size)
        if page.page > page.pages > 0:
            page = _rows_page(query, page.pages, size)
        return page
    page = db.paginate(query, page=number, per_page=size, max_per_page=None, error_out=False)
    if page.page > page.pages > 0:
        page = db.paginate(query, page=page.pages, per_page=size, max_per_page=None, error_out=False)
    return page
