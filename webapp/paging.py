"""One page of a query, for the staff lists, the work queues and the person's "who looked" list: Flask-SQLAlchemy's
pager (``db.paginate``), with the links in components/pager.html."""

from flask_sqlalchemy.pagination import Pagination

from webapp.extensions import db


def paged(query, number: int, size: int) -> Pagination:
    """One page of a SELECT (``.items``, ``.page``, ``.pages``, ``.total``, counted over the whole SELECT).

    A page number out of range shows the nearest page (never a 404: a list can shrink between two clicks)."""
    page = db.paginate(query, page=max(number, 1), per_page=size, max_per_page=None, error_out=False)
    if page.page > page.pages > 0:
        page = db.paginate(query, page=page.pages, per_page=size, max_per_page=None, error_out=False)
    return page
