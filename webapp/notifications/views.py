"""The inbox."""

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import select, update

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.notifications.models import Notification
from webapp.paging import paged
from webapp.security.access import SIGNED_IN, allow

bp = Blueprint("notifications", __name__)

#: Messages on one page of the inbox (older ones are on the next pages, never dropped).
PAGE_SIZE = 50


@bp.get("/me/inbox")
@allow(SIGNED_IN)
def inbox():
    shown = paged(
        select(Notification)
        .where(Notification.account_id == current_user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()),
        request.args.get("page", 1, type=int),
        PAGE_SIZE,
    )
    notifications = shown.items
    page = render_template(
        "notifications/inbox.html", notifications=notifications, page=shown.page, pages=max(shown.pages, 1)
    )
    # Seen once shown: the messages on this page only (an unread one on another page stays counted in the header).
    unread = [n.id for n in notifications if n.read_at is None]
    if unread:
        db.session.execute(update(Notification).where(Notification.id.in_(unread)).values(read_at=utcnow()))
        db.session.commit()
    return page
