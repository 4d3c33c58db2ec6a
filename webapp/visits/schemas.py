"""The JSON the field mode exchanges with the server, as JSON Schema (checked by webapp/jsonbody.py, published in the
OpenAPI document by webapp/api/openapi.py).

A sync body is checked in two steps, so that one bad visit never costs the others: the envelope (SYNC_ENVELOPE: an
object with a list of at most MAX_VISITS items, within SYNC_MAX_BYTES) is refused whole with a 400; then each visit is
checked against VISIT on its own (visits/record.py:parse), and a bad one is answered "refused" with the reason while
the rest of the batch is stored. The OpenAPI document shows SYNC_REQUEST, the envelope with VISIT as its items.
"""

from flask_babel import lazy_gettext as _l

from webapp.jsonbody import text
from webapp.visits.models import Outcome

#: At most this many visits in one request; static/js/outbox.js sends its outbox in batches of 25.
MAX_VISITS = 100
#: A request's body at most: a hundred visits of the longest kind fit with room to spare.
SYNC_MAX_BYTES = 2 * 1024 * 1024

#: What a coordinator found (visits.models.Outcome), as the device sends it.
OUTCOMES = tuple(outcome.value for outcome in Outcome)
#: What a coordinator may correct at a visit, with the longest each may be (the report's columns).
CORRECTABLE = {"road": 60, "number": 30, "building": 20, "unit": 20, "room": 20, "workplace": 120}
#: What a correction may clear (sent empty): the details a report may be without. Every report has a road and a
#: number, so those may only be replaced.
CLEARABLE = ("building", "unit", "room", "workplace")

#: A report's version: the database's integer (4 bytes on PostgreSQL).
VERSION = {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}
#: A time as RFC 3339 (JavaScript's toISOString()); without an offset it is UTC. The offset, when given, is applied by
#: record.parse, which also refuses a time out of range.
TIME = {
    "type": "string",
    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})?$",
}
CLIENT_ID = {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$"}
RECEIPT = {"type": "string", "pattern": "^[A-Za-z0-9-]{1,20}$"}

LOCATION = {
    "description": "The coordinator's own position, when they chose to share it (never the resident's).",
    "type": ["object", "null"],
    "required": ["latitude", "longitude", "accuracy"],
    "additionalProperties": False,
    "properties": {
        "latitude": {"type": "number", "minimum": -90, "maximum": 90},
        "longitude": {"type": "number", "minimum": -180, "maximum": 180},
        "accuracy": {"type": "number", "minimum": 0, "maximum": 100_000, "description": "metres"},
    },
}

#: What the phone showed when the visit was made (from the downloaded caseload): kept for the review of a conflict.
SEEN = {
    "type": ["object", "null"],
    "additionalProperties": False,
    "properties": {
        "version": {**VERSION, "type": ["integer", "null"]},
        "status": text(200, nullable=True),
        **{name: text(200, nullable=True) for name in CORRECTABLE},
    },
}

VISIT = {
    "type": "object",
    "required": ["client_id", "receipt", "seen_version", "outcome", "recorded_at"],
    "additionalProperties": False,
    "properties": {
        "client_id": {**CLIENT_ID, "description": "Made on the device: the same visit sent twice is stored once."},
        "receipt": RECEIPT,
        "seen_version": {**VERSION, "description": "The report's version in the downloaded caseload."},
        "outcome": {"enum": list(OUTCOMES)},
        "recorded_at": TIME,
        "notes": text(1000, lines=True, nullable=True),
        "corrections": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "properties": {name: text(limit) for name, limit in CORRECTABLE.items()},
            "description": "Each detail as it should be; empty clears one of " + ", ".join(CLEARABLE) + ".",
        },
        "location": LOCATION,
        "seen": SEEN,
    },
}


def sync_request(items: dict) -> dict:
    return {
        "type": "object",
        "required": ["visits"],
        "additionalProperties": False,
        "properties": {"visits": {"type": "array", "maxItems": MAX_VISITS, "items": items}},
    }


#: What the view checks before looking at any visit (each is checked against VISIT by itself).
SYNC_ENVELOPE = sync_request({})
#: What a device sends (the OpenAPI document's request body).
SYNC_REQUEST = sync_request(VISIT)

SYNC_RESULT = {
    "type": "object",
    "required": ["client_id", "status"],
    "additionalProperties": False,
    "properties": {
        "client_id": {"type": ["string", "null"], "description": "As sent; null when the visit had none."},
        "status": {"enum": ["stored", "duplicate", "conflict", "refused"]},
        "error": {
            "enum": ["malformed", "bad_time", "before_report", "no_corrections", "outside_area", "own_report"],
            "description": "Why a visit was refused",
        },
        "message": {"type": "string", "description": "Why, in the coordinator's language"},
        "state": {"type": "string", "description": "A duplicate's state: applied, conflict, kept, …"},
    },
}
SYNC_RESPONSE = {
    "type": "object",
    "required": ["results"],
    "additionalProperties": False,
    "properties": {"results": {"type": "array", "items": SYNC_RESULT, "description": "One per visit, in order."}},
}

_TEXT = {"type": "string"}
#: One report of the caseload, with short keys (a 2,000-report download is under 100 KB compressed); an empty
#: text is left out. Codes, not words: field mode words them.
CASELOAD_ITEM = {
    "type": "object",
    "required": ["r", "v", "s", "n", "m", "g", "rd", "no", "d", "t"],
    "additionalProperties": False,
    "properties": {
        "r": {**_TEXT, "description": "Receipt number"},
        "v": {**VERSION, "description": "The report's version (sent back with a visit)"},
        "s": {**_TEXT, "description": "The report's status (a code)"},
        "n": {**_TEXT, "description": "Name"},
        "m": {**_TEXT, "description": "ID number, masked: never the full number"},
        "g": {**_TEXT, "description": "The building's address, as the list groups it"},
        "rd": {**_TEXT, "description": "Road"},
        "no": {**_TEXT, "description": "Number or compound"},
        "bd": {**_TEXT, "description": "Building"},
        "un": {**_TEXT, "description": "Unit"},
        "rm": {**_TEXT, "description": "Room"},
        "dw": {**_TEXT, "description": "Unit and room, worded"},
        "h": {**_TEXT, "description": "Housing type (a code)"},
        "wk": {**_TEXT, "description": "Workplace"},
        "why": {"type": "array", "items": {"enum": ["awaiting", "denied", "late", "rental", "moved", "left_job"]}},
        "d": {"type": "integer", "description": "Working-day number of the day it was sent: its age is today - d"},
        "t": {"type": "integer", "description": "When it was sent (seconds since 1970, UTC): the list's order"},
    },
}
CASELOAD = {
    "type": "object",
    "required": ["coordinator", "downloaded_at", "keep_until", "full", "cursor", "today", "items"],
    "additionalProperties": False,
    "properties": {
        "coordinator": {"type": "integer"},
        "downloaded_at": {"type": "string", "format": "date-time"},
        "keep_until": {"type": "string", "format": "date-time", "description": "The phone wipes the caseload then"},
        "full": {"type": "boolean", "description": "The whole caseload (replace the copy), or only what changed"},
        "cursor": {"type": "string", "description": "Send it as `since` next time: opaque, no personal data"},
        "today": {"type": "integer", "description": "Today's working-day number (an item's age is today - d)"},
        "items": {"type": "array", "items": CASELOAD_ITEM, "description": "Oldest first"},
        "removed": {
            "type": "array",
            "items": _TEXT,
            "description": "Only when not full: receipts no longer in the caseload, for any reason",
        },
    },
}

#: The fields of a visit as the coordinator knows them, for the reason a visit was refused.
LABELS = {
    "visits": _l("Visits"),
    "client_id": _l("Visit number on the phone"),
    "receipt": _l("Receipt number"),
    "seen_version": _l("Version of the report"),
    "version": _l("Version of the report"),
    "outcome": _l("What you found"),
    "recorded_at": _l("Time of the visit"),
    "notes": _l("Notes"),
    "corrections": _l("Corrections"),
    "road": _l("Road, street or lane"),
    "number": _l("Number or residential compound"),
    "building": _l("Building"),
    "unit": _l("Unit"),
    "room": _l("Room"),
    "workplace": _l("Workplace"),
    "status": _l("Status"),
    "location": _l("Your location"),
    "latitude": _l("Latitude"),
    "longitude": _l("Longitude"),
    "accuracy": _l("Accuracy of your location"),
    "seen": _l("What the phone showed"),
}
VISIT_WHOLE = _l("The visit")
