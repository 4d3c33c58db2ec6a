"""The offline side of visits: what a device downloads, and how a sync is protected.

CSRF, deliberately: a sync may come hours or days after the page was loaded, when the form token (and even the
session) has expired. So the sync endpoint does not use the form token. It is safe because it accepts only
 1. a JSON body (Content-Type: application/json) with the custom header X-Xinju-Sync: 1 — a cross-site page cannot
    send either without a CORS preflight, which this site never grants;
 2. an Origin header naming one of this site's origins — browsers always send it on such a POST;
 3. the session cookie, which is SameSite=Lax, so it is not sent on cross-site POSTs at all.
If the session has expired, the answer is 401 and the device keeps its outbox until the coordinator signs in again.
"""

import hashlib
import re
from datetime import UTC, timedelta

from flask_babel import lazy_gettext as _l

from webapp.clock import utcnow
from webapp.places.address import address_line, current_language, dwelling

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


#: The download's format: a cursor made for another format (or another set of communities) means a full download.
FORMAT = 2
#: A cursor: the last change number the device has, then a digest of whose caseload it is. No personal data.
CURSOR = re.compile(r"^([0-9]{1,18})\.([0-9a-f]{16})$")
#: More changed receipts than this since the cursor: a full download is smaller than the list of changes.
MAX_CHANGES = 5000


def _scope(coordinator, place_ids: list[int]) -> str:
    words = f"{FORMAT}:{coordinator.id}:{','.join(map(str, sorted(place_ids)))}"
    return hashlib.sha256(words.encode()).hexdigest()[:16]


def make_cursor(seq: int, coordinator, place_ids: list[int]) -> str:
    return f"{seq}.{_scope(coordinator, place_ids)}"


def read_cursor(cursor: str | None, coordinator, place_ids: list[int], last: int, pruned: int = 0) -> int | None:
    """The change number a cursor stands for, or None when it cannot be used (not ours, another area, another
    format, from the future as after a restore, older than the changes the retention sweep kept): the device then
    gets the whole caseload."""
    found = CURSOR.match(cursor or "")
    if not found or found.group(2) != _scope(coordinator, place_ids):
        return None
    seq = int(found.group(1))
    return seq if pruned <= seq <= last else None


def item_json(item, language: str | None = None) -> dict:
    """One report, short keys, codes rather than words (the page words them), empty parts left out."""
    data = {
        "r": item.receipt,
        "v": item.version,
        "s": item.status,
        "n": item.name,
        "m": item.masked_id,
        "g": address_line(item.community, item.road, item.number, item.building, language=language),
        "rd": item.road,
        "no": item.number,
        "bd": item.building,
        "un": item.unit,
        "rm": item.room,
        "dw": dwelling(unit=item.unit, room=item.room, language=language),
        "h": item.housing_type,
        "wk": item.workplace,
        "why": list(item.reasons),
        "d": item.day,
        "t": int(item.sent.replace(tzinfo=UTC).timestamp()),
    }
    return {key: value for key, value in data.items() if value not in ("", [])}


def caseload_json(items, coordinator, keep_days: int, *, cursor: str, today: int, removed=None) -> dict:
    """Only what a visit needs: names, masked ID numbers, addresses, what was reported — no full ID numbers.
    `removed` is None for a whole caseload (the device replaces its copy), else a delta: the device replaces the
    items sent and drops the receipts removed."""
    now = utcnow()
    language = current_language()  # once, not twice an item
    data = {
        "coordinator": coordinator.id,
        "downloaded_at": now.isoformat(timespec="seconds") + "Z",
        "keep_until": (now + timedelta(days=keep_days)).isoformat(timespec="seconds") + "Z",
        "full": removed is None,
        "cursor": cursor,
        "today": today,
        "items": [item_json(item, language) for item in items],
    }
    if removed is not None:
        data["removed"] = sorted(removed)
    return data
