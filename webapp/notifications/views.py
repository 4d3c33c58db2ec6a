"""The inbox."""

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select, update

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.notifications.models import Notification
from webapp.notifications.notify import unread_count
from webapp.security.access import SIGNED_IN, allow

bp = Blueprint("notifications", __name__)


def unread_notifications() -> int:
    """The header's count of unread messages, for the template (0 when nobody is signed in)."""
    if current_user and current_user.is_authenticated:
        return unread_count(current_user)
    return 0


@bp.get("/me/inbox")
@allow(SIGNED_IN)
def inbox():
    notifications = db.session.scalars(
        select(Notification)
        .where(Notification.account_id == current_user.id)
        .order_by(Notification.created_at.desc())
        .limit(100)
    ).all()
    page = render_template("notifications/inbox.html", notifications=notifications)
    # Seen once shown: the count in the header goes back to zero.
    db.session.execute(
        update(Notification)
        .where(Notification.account_id == current_user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
    return page
