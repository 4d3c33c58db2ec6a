"""Words for permit codes, for the templates."""

from flask_babel import lazy_gettext as _l

from webapp.permits.forms import DOCUMENT_LABELS

PERMIT_TYPES = {
    "standard": _l("Residence permit"),
    "temporary": _l("Temporary residence permit"),
    "full": _l("Residence permit (full)"),
}
PERMIT_STATES = {
    "valid": _l("Valid"),
    "lapsed": _l("Endorsement overdue: suspended"),
    "revoked": _l("Revoked"),
    "expired": _l("Expired"),
}
APPLICATION_STATUSES = {
    "submitted": _l("Waiting for review"),
    "missing": _l("Documents asked for"),
    "approved": _l("Approved"),
    "refused": _l("Refused"),
}


def register(state) -> None:
    env = state.app.jinja_env
    env.globals.update(
        permit_type_label=lambda code: str(PERMIT_TYPES.get(code, code)),
        permit_state_label=lambda code: str(PERMIT_STATES.get(code, code)),
        application_status_label=lambda code: str(APPLICATION_STATUSES.get(code, code)),
    )
    env.filters["document_label"] = lambda code: str(DOCUMENT_LABELS.get(code, code))
