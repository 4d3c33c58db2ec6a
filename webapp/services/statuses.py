"""The statuses of a service request, as a migrant and an officer read them."""

from flask_babel import lazy_gettext as _l

REQUEST_STATUSES = {
    "submitted": _l("Sent"),
    "accepted": _l("Accepted"),
    "in_progress": _l("Being worked on"),
    "completed": _l("Completed"),
    "refused": _l("Refused"),
}
