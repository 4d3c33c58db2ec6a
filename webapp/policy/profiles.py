"""Policy profiles: the rules of one jurisdiction over one period, as data (one TOML file per profile in profiles/).

A profile says where it applies (division-code prefixes: "37" is Shandong, "" is everywhere), when (effective_from
to effective_to, both included; no effective_to means open-ended), which texts it rests on (`sources`, tagged as in
DOMAIN.md: [ZB] Zibo seed, [WZ] Wenzhou seed, [N] national regulation, [L] local guidance, [I] inference), and the
rule parameters the engine reads. Each parameter line in the files carries a comment saying where it comes from.

This module also owns the words profiles and facts share (reasons, housing types, ...): a profile may only name
values the engine knows how to decide on, so a typo in a file fails at load time, not in front of a person.
"""

import functools
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from dateutil.relativedelta import relativedelta

from webapp.policy.workdays import OFFICIAL, Holidays, add_working_days

PROFILE_DIR = Path(__file__).parent / "profiles"

REASONS = ("work", "business", "business_trip", "study", "family", "medical", "visit", "tourism", "other")
HOUSING_TYPES = ("rental", "dormitory", "own_home", "relatives", "other", "hotel", "hospital", "assistance_centre")
# The engine has a rule (and explain.py a message) for each of these; nothing else may be named in a profile.
REGISTRATION_EXEMPT_HOUSING = ("hotel", "hospital")
PERMIT_EXEMPT_HOUSING = ("assistance_centre",)
STABILITY_FACTS = ("stable_employment", "stable_residence", "full_time_study")
LONG_VALIDITY_GROUNDS = ("labour_contract_with_insurance", "business_licence", "own_home", "filed_rental")
HOME_AREAS = ("county", "city_districts")
TAGS = ("[ZB]", "[WZ]", "[N]", "[L]", "[I]")
#: The units a period may be stated in, in a profile (`{ days = 3 }`, `{ working_days = 3 }`, `{ months = 6 }` ...).
PERIOD_UNITS = ("days", "working_days", "months", "years")
#: A profile's review: "verified" against its published text, or "pending" (parameters carried forward without
#: their source text). Pending profiles are kept for the records made under them, never used to decide.
REVIEW_STATES = ("verified", "pending")


@dataclass(frozen=True)
class Period:
    """A period as the law states it: a count and its unit. Counted as 民法典 counts periods: the day of the event
    is not counted (art. 201), so `end(start)` is the last day of the period; a period in months or years ends on
    the corresponding day of the last month, or on that month's last day when it has no such day (art. 202): one
    month from 31 January ends on 28 (or 29) February, a year from 29 February on 28 February."""

    count: int
    unit: str

    def __post_init__(self) -> None:
        if self.unit not in PERIOD_UNITS:
            raise ValueError(f"a period's unit must be one of {', '.join(PERIOD_UNITS)}, not {self.unit!r}")
        if type(self.count) is not int or self.count < 0:
            raise ValueError(f"a period's count must be a whole number, 0 or more, not {self.count!r}")

    def end(self, start: date, holidays: Holidays = OFFICIAL) -> date:
        """The last day of the period that starts the day after `start`."""
        if self.unit == "days":
            return start + timedelta(days=self.count)
        if self.unit == "working_days":
            return add_working_days(start, self.count, holidays)
        if self.unit == "months":
            return start + relativedelta(months=self.count)
        return start + relativedelta(years=self.count)

    def before(self, day: date) -> date:
        """The day from which the period runs to `day`: its start, counting back (calendar units only)."""
        if self.unit == "days":
            return day - timedelta(days=self.count)
        if self.unit == "months":
            return day - relativedelta(months=self.count)
        if self.unit == "years":
            return day - relativedelta(years=self.count)
        raise ValueError("working days are not counted back")

    @property
    def months(self) -> int | None:
        """The period in whole months, for periods stated in months or years."""
        return {"months": self.count, "years": 12 * self.count}.get(self.unit)

    def as_json(self) -> dict[str, object]:
        return {"count": self.count, "unit": self.unit}

    @classmethod
    def from_json(cls, value: Mapping[str, object]) -> "Period":
        return cls(int(value["count"]), str(value["unit"]))

    def __str__(self) -> str:  # for logs and errors; people read explain.period_text()
        return f"{self.count} {self.unit}"


def period(value: Any) -> Period:
    """A period from its TOML form, an inline table with one key: `{ months = 6 }`."""
    if not isinstance(value, Mapping) or len(value) != 1:
        raise ValueError(f"a period is written like {{ days = 3 }} or {{ months = 6 }}, not {value!r}")
    ((unit, count),) = value.items()
    return Period(count, unit)


class ProfileError(ValueError):
    """A profile file (or the set of them) is not usable; the message starts with the file name."""


@dataclass(frozen=True)
class Profile:
    id: str
    name_zh: str
    name_en: str
    jurisdiction: tuple[str, ...]
    effective_from: date
    effective_to: date | None
    sources: tuple[str, ...]
    params: Mapping[str, Any]
    replaces: str | None = None
    review: str = "verified"

    def __hash__(self) -> int:  # params is a read-only mapping, which cannot be hashed; the id is unique
        return hash(self.id)

    @property
    def usable(self) -> bool:
        """Whether the profile may decide for people: its parameters were checked against its published text."""
        return self.review == "verified"

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def matching_prefix(self, place_code: str) -> str | None:
        """The longest of this profile's jurisdiction prefixes that `place_code` starts with, or None."""
        matches = [prefix for prefix in self.jurisdiction if place_code.startswith(prefix)]
        return max(matches, key=len) if matches else None

    def display_name(self, locale: object = None) -> str:
        """The Chinese name for a Chinese locale (a string like "zh" or "zh_Hans_CN", or a babel Locale)."""
        return self.name_zh if str(locale or "").lower().startswith("zh") else self.name_en


# --- validation -------------------------------------------------------------------------------------------------

Check = tuple[Callable[[Any], bool], str]


def _count() -> Check:
    return (lambda v: type(v) is int and v >= 0), "a whole number, 0 or more"


def _positive() -> Check:
    return (lambda v: type(v) is int and v > 0), "a whole number, 1 or more"


def _flag() -> Check:
    return (lambda v: type(v) is bool), "true or false"


def _one_of(choices: Iterable[str]) -> Check:
    choices = tuple(choices)
    return (lambda v: v in choices), f"one of {', '.join(choices)}"


def _list_of(choices: Iterable[str], non_empty: bool = False) -> Check:
    choices = tuple(choices)

    def check(value: Any) -> bool:
        return (
            isinstance(value, list)
            and all(v in choices for v in value)
            and len(set(value)) == len(value)
            and (bool(value) or not non_empty)
        )

    return check, f"a list without repeats of {', '.join(choices)}"


def _text() -> Check:
    return (lambda v: isinstance(v, str) and v.strip() != ""), "some text"


def _period(*units: str) -> Check:
    units = units or PERIOD_UNITS

    def check(value: Any) -> bool:
        try:
            return period(value).unit in units
        except ValueError:
            return False

    return check, f"a period like {{ {units[0]} = 3 }} (in {', '.join(units)})"


def _period_or_none(*units: str) -> Check:
    test, wanted = _period(*units)
    return (lambda v: v == "none" or test(v)), f'{wanted}, or "none"'


def _table(checks: Mapping[str, Check]) -> Check:
    def check(value: Any) -> bool:
        return (
            isinstance(value, Mapping)
            and set(value) == set(checks)
            and all(test(value[key]) for key, (test, _wanted) in checks.items())
        )

    return check, f"a table of {', '.join(checks)}"


CALENDAR = ("days", "months", "years")
#: [permit.stable_employment]: what counts as a stable job (a labour contract or a business licence held for a
#: period, or months of social insurance paid here); required where a scheme asks for stable employment.
STABLE_EMPLOYMENT = _table(
    {
        "labour_contract": _period(*CALENDAR),
        "business_licence": _period(*CALENDAR),
        "social_insurance_months": _positive(),
    }
)


# section -> (required keys, optional keys)
SECTIONS: dict[str, tuple[dict[str, Check], dict[str, Check]]] = {
    "registration": (
        {
            "home_area": _one_of(HOME_AREAS),
            "min_stay": _period(*CALENDAR),
            "deadline": _period("days", "working_days"),
            "exempt_housing": _list_of(REGISTRATION_EXEMPT_HOUSING),
        },
        {
            "commuter_min_work": _period(*CALENDAR),
            "relatives_max": _period(*CALENDAR),
            # Below this age a parent or guardian registers the child (代为申报): the duty, and its deadline, are
            # theirs, so a child's report is never marked late (engine.own_duty). Absent: everyone's own duty.
            "guardian_below_age": _positive(),
        },
    ),
    "permit": ({"scheme": _one_of(("age_and_stay", "two_tier", "residence_and_condition"))}, {}),
    # within_area: a change is reported as one only inside the registration's home area (a county, or a city's
    # districts as one); a move out of it is a new registration where the person goes, due as an arrival is.
    "changes": (
        {"deadline": _period("days", "working_days"), "deregister_on_leaving": _flag()},
        {"within_area": _flag()},
    ),
    "duties": ({"landlord_report": _period("working_days"), "employer_report": _period("working_days")}, {}),
    "periods": ({"roll_to_working_day": _flag()}, {}),
    # [ZB, WZ] at least one coordinator (协管员) per so many migrants registered: what the dashboards count against.
    "staffing": ({"migrants_per_coordinator": _positive()}, {}),
    # [L, Shandong] a self-report is visited within so many working days: past it, the caseload marks the report
    # overdue. "none" where the texts set no time: then no report is marked overdue (no number of our own).
    "visits": ({"target": _period_or_none("working_days")}, {}),
}

# permit scheme -> required keys besides "scheme" (see engine.py for what each scheme decides)
PERMIT_SCHEMES: dict[str, dict[str, Check]] = {
    "age_and_stay": {
        "type": _text(),
        "min_intended_stay": _period(*CALENDAR),
        "min_age": _count(),
        "max_age": _positive(),
        "exempt_reasons": _list_of(REASONS),
        "exempt_students": _flag(),
        "exempt_housing": _list_of(PERMIT_EXEMPT_HOUSING),
        "validity": _period("months", "years"),
        "long_validity": _period("months", "years"),
        "long_validity_grounds": _list_of(LONG_VALIDITY_GROUNDS),
    },
    "two_tier": {
        "temporary_type": _text(),
        "full_type": _text(),
        "min_intended_stay": _period(*CALENDAR),
        "min_age": _count(),
        "full_after": _period("months", "years"),
        "full_requires": _list_of(STABILITY_FACTS),
        "stable_employment": STABLE_EMPLOYMENT,
    },
    "residence_and_condition": {
        "type": _text(),
        "min_residence": _period(*CALENDAR),
        "conditions": _list_of(STABILITY_FACTS, non_empty=True),
        "guardian_below_age": _count(),
        "endorsement_every": _period("years"),
        "endorsement_window": _period("months"),
        "stable_employment": STABLE_EMPLOYMENT,
    },
}

TOP_LEVEL_REQUIRED = ("id", "name_zh", "name_en", "jurisdiction", "effective_from", "sources")
TOP_LEVEL_OPTIONAL = ("effective_to", "replaces", "review")


def _check_keys(where: str, data: Mapping, required: Iterable[str], optional: Iterable[str]) -> None:
    required, optional = tuple(required), tuple(optional)
    missing = [key for key in required if key not in data]
    unknown = [key for key in data if key not in required and key not in optional]
    problems = ([f"is missing {', '.join(missing)}"] if missing else []) + (
        [f"has unknown keys {', '.join(unknown)}"] if unknown else []
    )
    if problems:
        raise ValueError(f"{where} {' and '.join(problems)}")


def _check_values(where: str, data: Mapping, checks: Mapping[str, Check]) -> None:
    for key, (check, wanted) in checks.items():
        if key in data and not check(data[key]):
            raise ValueError(f"{where} {key} must be {wanted}, not {data[key]!r}")


def _date(data: Mapping, key: str) -> date:
    value = data[key]
    # TOML local dates arrive as datetime.date; a datetime (a subclass) or a quoted string is a mistake in the file.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValueError(f"{key} must be a TOML date like 2016-01-01, not {value!r}")
    return value


def _freeze(value: Any) -> Any:
    """Read-only tables and tuples; a one-key table of a period unit (`{ months = 6 }`) becomes a Period."""
    if isinstance(value, Mapping) and len(value) == 1 and next(iter(value)) in PERIOD_UNITS:
        return period(value)
    if isinstance(value, Mapping):
        return MappingProxyType({key: _freeze(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(item) for item in value)
    return value


def _check_params(data: Mapping) -> None:
    for section, (required, optional) in SECTIONS.items():
        if not isinstance(data.get(section), Mapping):
            raise ValueError(f"missing the [{section}] table")
        table = data[section]
        if section == "permit":
            _check_values("[permit]", table, required)
            required = {**required, **PERMIT_SCHEMES.get(table.get("scheme"), {})}
        _check_keys(f"[{section}]", table, required, optional)
        _check_values(f"[{section}]", table, {**required, **optional})
    permit = data["permit"]
    if permit["scheme"] == "age_and_stay" and permit["min_age"] >= permit["max_age"]:
        raise ValueError("[permit] min_age must be below max_age")


def parse_profile(data: Mapping, file_id: str) -> Profile:
    """Build a Profile from a parsed TOML document; raises ValueError (without the file name) if it is not valid."""
    _check_keys("the profile", data, TOP_LEVEL_REQUIRED + tuple(SECTIONS), TOP_LEVEL_OPTIONAL)
    _check_values("the profile's", data, {key: _text() for key in ("id", "name_zh", "name_en")})
    if data["id"] != file_id:
        raise ValueError(f"id {data['id']!r} must match the file name ({file_id!r})")
    jurisdiction = data["jurisdiction"]
    if (
        not isinstance(jurisdiction, list)
        or not jurisdiction
        or not all(isinstance(p, str) and re.fullmatch(r"\d{0,12}", p) for p in jurisdiction)
    ):
        raise ValueError(f'jurisdiction must be a list of division-code prefixes like ["37"], not {jurisdiction!r}')
    sources = data["sources"]
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) for s in sources):
        raise ValueError("sources must be a list of texts")
    untagged = [s for s in sources if not s.startswith(TAGS)]
    if untagged:
        raise ValueError(f"each source must start with one of {' '.join(TAGS)}: {untagged[0]!r}")
    effective_from = _date(data, "effective_from")
    effective_to = _date(data, "effective_to") if "effective_to" in data else None
    if effective_to is not None and effective_to < effective_from:
        raise ValueError(f"effective_to {effective_to} is before effective_from {effective_from}")
    if "replaces" in data:
        _check_values("the profile's", data, {"replaces": _text()})
    if "review" in data:
        _check_values("the profile's", data, {"review": _one_of(REVIEW_STATES)})
    _check_params(data)
    return Profile(
        id=data["id"],
        name_zh=data["name_zh"],
        name_en=data["name_en"],
        jurisdiction=tuple(jurisdiction),
        effective_from=effective_from,
        effective_to=effective_to,
        sources=tuple(sources),
        params=_freeze({section: data[section] for section in SECTIONS}),
        replaces=data.get("replaces"),
        review=data.get("review", "verified"),
    )


def load_profile(path: Path) -> Profile:
    """Read one profile file; any problem is a ProfileError naming the file."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        return parse_profile(data, path.stem)
    except (OSError, tomllib.TOMLDecodeError, ValueError) as error:
        raise ProfileError(f"{path.name}: {error}") from error


def _overlap(a: Profile, b: Profile) -> bool:
    far = date.max
    return a.effective_from <= (b.effective_to or far) and b.effective_from <= (a.effective_to or far)


def check_profile_set(profiles: Mapping[str, Profile]) -> None:
    """Data errors between files: two profiles for the same prefix in force on the same day; unknown `replaces`."""
    ordered = sorted(profiles.values(), key=lambda p: p.id)
    for index, a in enumerate(ordered):
        if a.replaces is not None and a.replaces not in profiles:
            raise ProfileError(f"{a.id}.toml: replaces unknown profile {a.replaces!r}")
        for b in ordered[index + 1 :]:
            shared = set(a.jurisdiction) & set(b.jurisdiction)
            if shared and _overlap(a, b):
                raise ProfileError(
                    f"{a.id}.toml and {b.id}.toml: both cover prefix {sorted(shared)[0]!r} on overlapping dates"
                )


@lru_cache(maxsize=8)
def _load_directory(directory: Path) -> Mapping[str, Profile]:
    paths = sorted(directory.glob("*.toml"))
    if not paths:
        raise ProfileError(f"{directory}: no policy profiles (*.toml) here")
    profiles = {}
    for path in paths:
        profile = load_profile(path)
        profiles[profile.id] = profile
    check_profile_set(profiles)
    return MappingProxyType(profiles)


def load_profiles(directory: str | Path | None = None) -> dict[str, Profile]:
    """Every profile in `directory` (the shipped ones by default), by id. Files are read once per directory."""
    if directory is None:  # the hot path (dashboards ask for every permit): no path resolution each time
        return dict(_shipped())
    return dict(_load_directory(Path(directory).resolve()))


@functools.cache
def _shipped():
    return _load_directory(Path(PROFILE_DIR).resolve())


def profile_for(place_code: str, on: date, *, profiles: Mapping[str, Profile] | None = None) -> Profile:
    """The profile that governs `place_code` on the date `on`.

    Among the profiles in force that day, the one whose jurisdiction prefix is the longest match wins, so a
    provincial profile ("37") beats the national fallback (""). A profile pending review is never chosen: the
    national rules stand in for it. Two winners with prefixes of the same length are a data error (ValueError); no
    profile at all (before national-2016, outside a local profile) is a LookupError.
    Which date to pass is the caller's choice: the arrival date for the duty to register, today for a permit.
    """
    if not re.fullmatch(r"\d{2,12}", place_code):
        raise ValueError(f"not a division code: {place_code!r}")
    candidates = []
    for profile in (load_profiles() if profiles is None else profiles).values():
        prefix = profile.matching_prefix(place_code) if profile.usable and profile.in_force(on) else None
        if prefix is not None:
            candidates.append((len(prefix), profile))
    if not candidates:
        raise LookupError(f"no policy profile covers {place_code} on {on.isoformat()}")
    longest = max(length for length, _ in candidates)
    winners = sorted(profile.id for length, profile in candidates if length == longest)
    if len(winners) > 1:
        raise ValueError(f"profiles {', '.join(winners)} all govern {place_code} on {on.isoformat()}")
    return next(profile for length, profile in candidates if length == longest)


def migrants_per_coordinator(place_code: str, on: date) -> int:
    """How many migrants one coordinator is counted for ([staffing] of the profile that governs `place_code` on
    `on`): a community needs one per that many registered, rounded up."""
    return profile_for(place_code, on).params["staffing"]["migrants_per_coordinator"]


def visit_target(place_code: str, on: date) -> int | None:
    """The working days within which a report is to be visited ([visits] target of the profile that governs
    `place_code` on `on`), or None when that profile sets no time: no report there is then overdue."""
    target = profile_for(place_code, on).params["visits"]["target"]
    return None if target == "none" else target.count
