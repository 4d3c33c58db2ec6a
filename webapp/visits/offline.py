"""The offline side of visits: what a device downloads, and how a sync is protected.

CSRF, deliberately: a sync may come hours or days after the page was loaded, when the form token (and even the
session) has expired. So the sync endpoint does not use the form token. It is safe because it accepts only
 1. a JSON body (Content-Type: application/json) with the custom header X-Xinju-Sync: 1 — a cross-site page cannot
    send either without a CORS preflight, which this site never grants;
 2. an Origin header naming one of this site's origins — browsers always send it on such a POST;
 3. the session cookie, which is SameSite=Lax, so it is not sent on cross-site POSTs at all.
If the session has expired, the answer is 401 and the device keeps its outbox until the coordinator signs in again.
"""

from datetime import timedelta

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from webapp import labels
from webapp.clock import utcnow
from webapp.places.address import address_line, dwelling

SYNC_REFUSALS = {
    "missing_sync_header": _l("A sync is sent as JSON with the header X-Xinju-Sync: 1."),
    "wrong_origin": _l("A sync is accepted only from this site's own pages."),
}


def sync_request_refused(request, origins: list[str]) -> str | None:
    """Why this sync request is refused, or None when it may proceed."""
    if request.headers.get("X-Xinju-Sync") != "1" or not request.is_json:
        return "missing_sync_header"
    if request.headers.get("Origin") not in origins:
        return "wrong_origin"
    return None


def caseload_json(load, coordinator, keep_days: int) -> dict:
    """Only what a visit needs: names, masked ID numbers, addresses, what was reported — no full ID numbers."""
    now = utcnow()
    items = []
    for case_items in load.groups.values():
        for item in case_items:
            items.append(
                {
                    "receipt": item.receipt,
                    "receipt_display": item.receipt_display,
                    "version": item.version,
                    "group": address_line(item.community, item.road, item.number, item.building),
                    "name": item.name,
                    "masked_id": item.masked_id,
                    "community": item.community,
                    "road": item.road,
                    "number": item.number,
                    "building": item.building,
                    "unit": item.unit,
                    "room": item.room,
                    "dwelling": dwelling(unit=item.unit, room=item.room),
                    "housing": labels.label("housing", item.housing_type),
                    "workplace": item.workplace,
                    "status": labels.label("report_status", item.status),
                    "reasons": list(item.reasons),
                    "age": item.age,
                    "overdue": item.overdue,
                    "sent": format_date(item.sent, "medium"),
                }
            )
    return {
        "coordinator": coordinator.id,
        "downloaded_at": now.isoformat(timespec="seconds") + "Z",
        "keep_until": (now + timedelta(days=keep_days)).isoformat(timespec="seconds") + "Z",
        "items": items,
    }
