"""The catalogue of public services, as data: one `[[service]]` table per service in catalogue.toml.

Each service says which department delivers it, who may ask (anyone, a registered migrant, or a permit holder;
`who_in` names the places where that differs, chosen by the place of the person's current report), whether it is
for a child of a given age or for adults only, what documents to bring, the target time in working days, and the
texts it rests on (tagged as in DOMAIN.md). The file is checked when it is read, so a typo fails at
load time with the entry named, not in front of a person.
"""

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from webapp import labels

CATALOGUE_PATH = Path(__file__).parent / "catalogue.toml"

#: The codes a service may name; their words are registered in webapp/labels.py.
DEPARTMENTS = tuple(labels.codes("department"))
WHO = ("anyone", "registered", "permit")
DOCUMENT_CODES = tuple(labels.codes("document"))
TAGS = ("[ZB]", "[WZ]", "[N]", "[L]", "[I]")

_CODE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
#: A place a `who_in` rule holds in: a division code of a province (2 digits), a city (4) or a county (6).
_PLACE = re.compile(r"[0-9]{2}|[0-9]{4}|[0-9]{6}")


@dataclass(frozen=True)
class Service:
    code: str
    name_zh: str
    name_en: str
    description_zh: str
    description_en: str
    department: str
    who: str  # "anyone" | "registered" | "permit"
    documents: tuple[str, ...]
    target_days: int  # working days
    source: tuple[str, ...]
    child_age_min: int | None = None  # for a child of the person, ages in completed years, both ends included
    child_age_max: int | None = None
    adult: bool = False
    #: Where who may ask differs from `who`: (division code, who) pairs; the longest code that begins the place of
    #: the person's current report holds there, `who` everywhere else.
    who_in: tuple[tuple[str, str], ...] = ()

    @property
    def for_child(self) -> bool:
        return self.child_age_min is not None

    def who_at(self, place_code: str | None) -> str:
        """Who may ask for this service at a place (a division code: the person's current report's place); `who`
        where no `who_in` rule names it, or where the place is not known."""
        if place_code:
            matching = [(code, who) for code, who in self.who_in if place_code.startswith(code)]
            if matching:
                return max(matching, key=lambda rule: len(rule[0]))[1]
        return self.who

    @property
    def whos(self) -> tuple[str, ...]:
        """Every `who` this service has somewhere: its own first."""
        return tuple(dict.fromkeys([self.who, *(who for _, who in self.who_in)]))


# --- validation -------------------------------------------------------------------------------------------------

Check = tuple[Callable[[Any], bool], str]


def _text() -> Check:
    return (lambda v: isinstance(v, str) and v.strip() != ""), "some text"


def _age() -> Check:
    return (lambda v: type(v) is int and 0 <= v <= 17), "a whole number from 0 to 17"


def _list_of(choices: tuple[str, ...]) -> Check:
    def check(value: Any) -> bool:
        return isinstance(value, list) and all(v in choices for v in value) and len(set(value)) == len(value)

    return check, f"a list without repeats of {', '.join(choices)}"


def _sources() -> Check:
    def check(value: Any) -> bool:
        return (
            isinstance(value, list)
            and bool(value)
            and all(isinstance(v, str) and v.startswith(TAGS) and v[v.index("]") + 1 :].strip() for v in value)
        )

    return check, f"a list of texts, each starting with one of {' '.join(TAGS)}"


def _who_in() -> Check:
    def check(value: Any) -> bool:
        return (
            isinstance(value, Mapping)
            and bool(value)
            and all(isinstance(k, str) and _PLACE.fullmatch(k) and v in WHO for k, v in value.items())
        )

    return check, f"a table of division codes (2, 4 or 6 digits) to one of {', '.join(WHO)}"


REQUIRED: Mapping[str, Check] = {
    "code": ((lambda v: isinstance(v, str) and _CODE.fullmatch(v) is not None), "a snake_case code"),
    "name_zh": _text(),
    "name_en": _text(),
    "description_zh": _text(),
    "description_en": _text(),
    "department": ((lambda v: v in DEPARTMENTS), f"one of {', '.join(DEPARTMENTS)}"),
    "who": ((lambda v: v in WHO), f"one of {', '.join(WHO)}"),
    "documents": _list_of(DOCUMENT_CODES),
    "target_days": ((lambda v: type(v) is int and v > 0), "a whole number, 1 or more"),
    "source": _sources(),
}
OPTIONAL: Mapping[str, Check] = {
    "child_age_min": _age(),
    "child_age_max": _age(),
    "adult": ((lambda v: type(v) is bool), "true or false"),
    "who_in": _who_in(),
}


def _entry_name(index: int, data: Any) -> str:
    code = data.get("code") if isinstance(data, Mapping) else None
    return f"service {index + 1} ({code})" if isinstance(code, str) and code else f"service {index + 1}"


def parse_service(data: Any) -> Service:
    """Build a Service from one parsed `[[service]]` table; raises ValueError (without the entry's name)."""
    if not isinstance(data, Mapping):
        raise ValueError("must be a table")
    missing = [key for key in REQUIRED if key not in data]
    unknown = [key for key in data if key not in REQUIRED and key not in OPTIONAL]
    problems = ([f"is missing {', '.join(missing)}"] if missing else []) + (
        [f"has unknown keys {', '.join(unknown)}"] if unknown else []
    )
    if problems:
        raise ValueError(" and ".join(problems))
    for key, (check, wanted) in {**REQUIRED, **OPTIONAL}.items():
        if key in data and not check(data[key]):
            raise ValueError(f"{key} must be {wanted}, not {data[key]!r}")
    if ("child_age_min" in data) != ("child_age_max" in data):
        raise ValueError("child_age_min and child_age_max go together")
    if "child_age_min" in data and data["child_age_min"] > data["child_age_max"]:
        raise ValueError("child_age_min must not be above child_age_max")
    if data.get("adult") and "child_age_min" in data:
        raise ValueError("a service is for adults or for a child, not both")
    who_in = tuple(data.get("who_in", {}).items())
    if any(who == data["who"] for _, who in who_in):
        raise ValueError(f"who_in repeats who ({data['who']!r}): name only the places where it differs")
    if "permit" in (data["who"], *(who for _, who in who_in)) and "permit" not in data["documents"]:
        raise ValueError('a service for permit holders must list "permit" in documents')
    return Service(
        code=data["code"],
        name_zh=data["name_zh"],
        name_en=data["name_en"],
        description_zh=data["description_zh"],
        description_en=data["description_en"],
        department=data["department"],
        who=data["who"],
        documents=tuple(data["documents"]),
        target_days=data["target_days"],
        source=tuple(data["source"]),
        child_age_min=data.get("child_age_min"),
        child_age_max=data.get("child_age_max"),
        adult=data.get("adult", False),
        who_in=who_in,
    )


def parse_catalogue(data: Mapping) -> tuple[Service, ...]:
    """Every service in a parsed catalogue document, in file order; ValueError names the entry at fault."""
    unknown = [key for key in data if key != "service"]
    if unknown:
        raise ValueError(f"the catalogue has unknown keys {', '.join(unknown)}; each service is a [[service]] table")
    entries = data.get("service")
    if not isinstance(entries, list) or not entries:
        raise ValueError("the catalogue has no [[service]] tables")
    services: list[Service] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        where = _entry_name(index, entry)
        try:
            service = parse_service(entry)
        except ValueError as error:
            raise ValueError(f"{where}: {error}") from error
        if service.code in seen:
            raise ValueError(f"{where}: the code {service.code!r} is used twice")
        seen.add(service.code)
        services.append(service)
    return tuple(services)


@lru_cache(maxsize=8)
def _load(path: Path) -> tuple[Service, ...]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{path.name}: {error}") from error
    try:
        return parse_catalogue(data)
    except ValueError as error:
        raise ValueError(f"{path.name}: {error}") from error


@lru_cache(maxsize=8)
def _resolved(path: str | Path) -> Path:
    return Path(path).resolve()


def load_catalogue(path: str | Path | None = None) -> tuple[Service, ...]:
    """Every service in the catalogue file (the shipped one by default), in file order. Read once per file (and
    its path resolved once: a page of services asks for the catalogue some thirty times)."""
    return _load(_resolved(path or CATALOGUE_PATH))


@lru_cache(maxsize=8)
def _by_code(path: Path) -> dict[str, Service]:
    return {entry.code: entry for entry in _load(path)}


def service(code: str) -> Service:
    """The shipped service with this code; KeyError if there is none."""
    try:
        return _by_code(_resolved(CATALOGUE_PATH))[code]
    except KeyError:
        raise KeyError(f"no service {code!r} in the catalogue") from None
