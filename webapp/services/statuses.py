"""The statuses of a service request and their transitions: the only module that names a status or writes one.

A request is sent (``submitted``); the officer of its department and county answers it, only ever forward:

    submitted ─→ accepted ─→ in_progress ─→ completed
        │            │            │
        └────────────┴────────────┴──────→ refused (with a reason for the person)

While it is open the person may withdraw it (``withdrawn``): they no longer need it, and the officer stops.
``completed``, ``refused`` and ``withdrawn`` are final. The values are what the database stores.
"""

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from webapp import labels


class RequestStatus(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    REFUSED = "refused"
    #: The person withdrew it while it was open (not an answer: no officer moves a request here).
    WITHDRAWN = "withdrawn"

    @property
    def label(self):
        """As the migrant and the officer read it (English and Chinese)."""
        return LABELS[self]

    @property
    def open(self) -> bool:
        return self in OPEN


LABELS = {
    RequestStatus.SUBMITTED: _l("Sent"),
    RequestStatus.ACCEPTED: _l("Accepted"),
    RequestStatus.IN_PROGRESS: _l("Being worked on"),
    RequestStatus.COMPLETED: _l("Completed"),
    RequestStatus.REFUSED: _l("Refused"),
    # Not "Withdrawn" alone: that word is already a column heading of the privacy choices ("when withdrawn").
    RequestStatus.WITHDRAWN: _l("Withdrawn by the applicant"),
}
labels.register("request_status", LABELS)  # templates: {{ request.status|label("request_status") }}

#: Still waiting for the department (counted as open, and overdue past the target date).
OPEN = (RequestStatus.SUBMITTED, RequestStatus.ACCEPTED, RequestStatus.IN_PROGRESS)
#: Answered for good by the department (the officers' work: closed, and by the target date or not).
ANSWERED = (RequestStatus.COMPLETED, RequestStatus.REFUSED)
#: No longer waiting for anything: answered, or withdrawn by the person (documents and messages age from then).
CLOSED = (*ANSWERED, RequestStatus.WITHDRAWN)
#: A new request's status.
INITIAL = RequestStatus.SUBMITTED

#: Where an officer may take a request from each status: forward only, and never out of a final one.
MOVES: dict[RequestStatus, tuple[RequestStatus, ...]] = {
    RequestStatus.SUBMITTED: (
        RequestStatus.ACCEPTED,
        RequestStatus.IN_PROGRESS,
        RequestStatus.COMPLETED,
        RequestStatus.REFUSED,
    ),
    RequestStatus.ACCEPTED: (RequestStatus.IN_PROGRESS, RequestStatus.COMPLETED, RequestStatus.REFUSED),
    RequestStatus.IN_PROGRESS: (RequestStatus.COMPLETED, RequestStatus.REFUSED),
    RequestStatus.COMPLETED: (),
    RequestStatus.REFUSED: (),
    RequestStatus.WITHDRAWN: (),
}


class TransitionError(ValueError):
    """A move the lifecycle does not allow (the form offers only allowed ones, so this is a programming error)."""


def label(code: str) -> str:
    """The label of a stored value (the value itself if it is not a status)."""
    try:
        return str(RequestStatus(code).label)
    except ValueError:
        return code


def is_open(code: str) -> bool:
    return code in OPEN


def is_withdrawn(code: str) -> bool:
    return code == RequestStatus.WITHDRAWN


def may_withdraw(code: str) -> bool:
    """The person may withdraw their request while it is open (not once answered, nor twice)."""
    return is_open(code)


def next_statuses(code: str) -> tuple[RequestStatus, ...]:
    """The statuses an officer may choose for a request that now has this one."""
    return MOVES.get(RequestStatus(code), ())


def needs_reason(to: str) -> bool:
    """Refusing needs a note for the person saying why."""
    return to == RequestStatus.REFUSED


def may_move(current: str, to: str) -> bool:
    return to in next_statuses(current)


def answer(found, to: str, *, reason: str, officer_id: int) -> None:
    """The officer moves the request on (the caller commits). Refusing without a reason is refused."""
    if not may_move(found.status, to):
        raise TransitionError(f"a request cannot go from {found.status} to {to}")
    if needs_reason(to) and not reason.strip():
        raise TransitionError("refusing needs a reason")
    found.status, found.reason, found.handled_by_id = RequestStatus(to).value, reason.strip(), officer_id


def withdraw(found) -> None:
    """The person withdraws their open request (the caller checks it is theirs, and commits). The officer's note and
    who handled it stay as they were."""
    if not may_withdraw(found.status):
        raise TransitionError(f"a request cannot be withdrawn from {found.status}")
    found.status = RequestStatus.WITHDRAWN.value
