"""The one registry of words for coded values: statuses, document kinds, departments, audit actions, roles…

Codes are stored and compared; people read labels. Each kind of code has its labels registered once, lazily
translated (`_l`), so they are read in the reader's language when shown:

    labels.register("permit_state", {"valid": _l("Valid"), ...})      # a mapping code -> label (or (code, label) pairs)
    labels.register("report_status", ReportStatus)                      # an enum whose members carry `.label`

Python reads them with `labels.label("permit_state", code)` (and `labels.choices(kind)` for a form's choices);
templates with the one filter the app factory registers: `{{ permit.state|label("permit_state") }}`, or
`{{ codes|map("label", "document")|join(", ") }}`. An unknown code reads as itself (never a 500); an unknown kind
is a programming error and raises.

An enum whose members carry their words: subclass `LabelledEnum` and give each member its code and label,

    class PermitState(LabelledEnum):
        VALID = "valid", _l("Valid")
        EXPIRED = "expired", _l("Expired")

    labels.register("permit_state", PermitState)

(any `Enum` whose members have a `label` attribute will do, e.g. registrations/lifecycle.py's ReportStatus, with a
`label` property). The members stay plain strings (`PermitState.VALID == "valid"`), so SQL comparisons and stored
values do not change.

The kinds shared by several features (departments, document kinds) are defined here; a feature's own kinds are
registered by the feature (its `labels.py`, `choices.py` or the module that owns the codes). This module imports no
feature package.
"""

from collections.abc import Iterable, Mapping
from enum import Enum, StrEnum

from flask_babel import lazy_gettext as _l

from webapp.i18n import lazy_text

_KINDS: dict[str, dict[str, object]] = {}


class LabelledEnum(StrEnum):
    """A string enum whose members carry their label: `MEMBER = "code", _l("Words")`."""

    def __new__(cls, value: str, label=None):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label if label is not None else value
        return member


def _code(code) -> str:
    return code.value if isinstance(code, Enum) else str(code)


def _table(words) -> dict[str, object]:
    if isinstance(words, type) and issubclass(words, Enum):
        return {_code(member): member.label for member in words}
    pairs = words.items() if isinstance(words, Mapping) else words
    return {_code(code): label for code, label in pairs}


def register(kind: str, words: Mapping | Iterable[tuple] | type[Enum]) -> None:
    """Give a kind of code its labels: a mapping code -> label, (code, label) pairs, or an enum whose members carry
    `.label`. A kind is registered in one place: registering it again with other codes raises."""
    table = _table(words)
    if kind in _KINDS and set(_KINDS[kind]) != set(table):
        raise ValueError(f"labels for {kind!r} are already registered with other codes")
    _KINDS[kind] = table


def label(kind: str, code) -> str:
    """The words for a code of this kind in the current language; an unknown code reads as itself."""
    if code is None:
        return ""
    words = _KINDS[kind].get(_code(code))
    return _words(words) if words is not None else _code(code)


def _words(words) -> str:
    """A label in the current language: a plain lazy_gettext string is looked up in the request's catalogue
    directly (webapp.i18n.lazy_text), not through Flask-Babel's gettext: a caseload page shows some 80 labels."""
    return lazy_text(words)


def label_filter(code, kind: str) -> str:
    """The Jinja filter: `{{ code|label("kind") }}`."""
    return label(kind, code)


def kinds() -> list[str]:
    return sorted(_KINDS)


def codes(kind: str) -> list[str]:
    """The codes of a kind, in the order they were registered."""
    return list(_KINDS[kind])


def labels(kind: str) -> dict[str, object]:
    """{code: lazy label} of a kind (a copy)."""
    return dict(_KINDS[kind])


def choices(kind: str, only: Iterable[str] | None = None) -> list[tuple[str, object]]:
    """(code, lazy label) pairs for a form's choices: every code of the kind, or `only` these, in that order."""
    table = _KINDS[kind]
    return [(_code(code), table[_code(code)]) for code in (only if only is not None else table)]


# The kinds several features share.

#: Departments that deliver services and that a service officer belongs to (DOMAIN.md §3).
register(
    "department",
    {
        "public_security": _l("Public security (police)"),
        "education": _l("Education"),
        "hrss": _l("Human resources and social security"),
        "justice": _l("Justice"),
        "health": _l("Health"),
        "housing": _l("Housing"),
        "civil_affairs": _l("Civil affairs"),
        "culture": _l("Culture"),
    },
)

#: Kinds of document a person gives: those a service asks for (services/catalogue.toml) and the permit's uploads.
register(
    "document",
    {
        "id_card": _l("Your ID card"),
        "photo": _l("Your photo"),
        "residence_proof": _l(
            "Proof of where you live (a lease, a property certificate, or a letter from your employer)"
        ),
        "employment_proof": _l(
            "Proof of your work (a labour contract, a business licence, or a letter from your employer)"
        ),
        "study_proof": _l("Proof of your studies"),
        "employment_or_study_proof": _l("Proof of your work or your studies"),
        "child_birth_certificate": _l("Your child's birth certificate"),
        "child_hukou_booklet": _l("The hukou booklet your child is registered in"),
        "vaccination_record": _l("Your child's vaccination record"),
        "marriage_certificate": _l("Your marriage certificate"),
        "income_proof": _l("Proof of your income"),
        "permit": _l("Your residence permit"),
    },
)
