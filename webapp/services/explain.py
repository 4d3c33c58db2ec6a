"""What each eligibility answer means, in plain words addressed to the person: one message per reason id.

Messages are lazy (`_l`), so they are translated into the person's language when shown. Their `%(name)s`
placeholders are filled from the answer's params and its `from_date` (formatted by the caller's `format_date`, e.g.
flask_babel.format_date). Service names and descriptions come from the catalogue data (`name_zh`, `name_en`, ...),
not from here; departments and documents are coded values shared with other features: their labels are in
webapp/labels.py. The request statuses' labels are registered by webapp/services/statuses.py.
"""

import re
from collections.abc import Callable
from datetime import date

from flask_babel import lazy_gettext as _l

from webapp.i18n import formats, lazy_text, locale_name
from webapp.services.catalogue import Service, service
from webapp.services.eligibility import Eligibility

MESSAGES = {
    "ok.anyone": _l("You can ask now. This service is open to everyone."),
    # Said plainly: a registered resident needs no permit for these (DOMAIN.md 3: for all registered migrants).
    "ok.registered": _l("You can ask now. You need no residence permit for this."),
    "ok.permit": _l("You can ask now with your residence permit."),
    "needs.registration": _l("You can ask once your residence is registered. You need no residence permit for this."),
    "needs.registration_and_permit": _l(
        "You need a residence permit for this. Register your residence first: "
        "then you can apply for a permit if the rules say you are eligible."
    ),
    "needs.registration_then_place": _l(
        "Register your residence first. Whether you also need a residence permit for this depends on the city: "
        "the guide says where."
    ),
    "needs.permit": _l(
        "You need a residence permit for this. You can apply for one if the rules say you are eligible."
    ),
    "needs.valid_permit": _l("Your permit's yearly endorsement is overdue: endorse it and you can ask again."),
    "needs.renewed_permit": _l("Your residence permit has expired. Apply for a new one and you can ask again."),
    "needs.new_permit": _l(
        "Your residence permit was withdrawn. You need a valid permit for this: "
        "you can apply again if the rules say you are eligible."
    ),
    "needs.adult": _l("This is for people aged %(age)s and over. You can ask from %(from_date)s."),
    "child.ages_into": _l("Your child can ask from %(from_date)s, when they turn %(min)s."),
    "needs.child_in_age": _l(
        "A parent or guardian asks for this for a child aged %(min)s to %(max)s: "
        "no child of that age is on your household list."
    ),
}


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def placeholders(message: str) -> set[str]:
    """The names of the `%(name)s` placeholders in a message."""
    return set(_PLACEHOLDER.findall(message))


def values_for(answer: Eligibility, format_date: Callable[[date], str] | None = None) -> dict[str, str]:
    """What fills an answer's message: its params and `from_date`, as display text."""
    format_date = format_date or date.isoformat
    raw = dict(answer.params)
    if answer.from_date is not None:
        raw["from_date"] = answer.from_date
    return {name: format_date(value) if isinstance(value, date) else str(value) for name, value in raw.items()}


def explain(eligibility: Eligibility, format_date: Callable[[date], str] | None = None) -> str:
    """The answer in words for the person, in the current language."""
    return lazy_text(MESSAGES[eligibility.reason]) % values_for(eligibility, format_date)


def _chinese(locale: object) -> bool:
    # A string like "zh" or "zh_Hans_CN", or a babel Locale (whose str() is its identifier).
    return str(locale or "").lower().startswith("zh")


def service_name(service: Service, locale: object = None) -> str:
    return service.name_zh if _chinese(locale) else service.name_en


def service_description(service: Service, locale: object = None) -> str:
    return service.description_zh if _chinese(locale) else service.description_en


def _long_date(day: date) -> str:
    return formats.dateformat(day, "long")


def template_helpers() -> dict:
    """The services' helpers for templates (registered by the app factory, with every other template helper)."""
    return {
        "service_name": lambda code: service_name(service(code), locale_name()),
        "service_description": lambda code: service_description(service(code), locale_name()),
        "explain_eligibility": lambda answer: explain(answer, format_date=_long_date),
    }
