"""The rights guide in plain words, as data: what a person must do and by when under each policy profile, what
registration and the permit bring, rights at work and where to get help (issue 16 point 2).

The words live beside what they explain: `webapp/policy/guide.toml` (the duties, one page per profile, and the
rights at work) and `webapp/services/guide.toml` (a few plain words per catalogue service). Each section names its
sources, tagged as in DOMAIN.md. A number is never typed in the guide: `{changes.deadline}` is filled from the
profile (a period in words, an age, a list of reasons), so the guide follows the profiles; who may ask for a
service, what to bring, the department and the target time come from the catalogue. Files are checked when read:
a placeholder no profile has, a rule id the engine does not know or a digit in the text fails at load time.
"""

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel.lists import format_list
from flask_babel import get_locale, gettext, ngettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from webapp import labels
from webapp.policy import explain
from webapp.policy.engine import RULES
from webapp.policy.profiles import Period, Profile, load_profiles
from webapp.services.catalogue import Service, load_catalogue
from webapp.services.eligibility import ADULT_AGE

POLICY_GUIDE = Path(__file__).resolve().parents[1] / "policy" / "guide.toml"
SERVICES_GUIDE = Path(__file__).resolve().parents[1] / "services" / "guide.toml"
TAGS = ("[ZB]", "[WZ]", "[N]", "[L]", "[I]")
SCHEMES = ("age_and_stay", "two_tier", "residence_and_condition")

_PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)+)\}")
_DIGIT = re.compile(r"[0-9０-９]")
_ANCHOR = re.compile(r"[a-z][a-z-]*")

#: Words for the coded lists a profile holds, by the parameter's last name.
CONDITIONS = {
    "stable_employment": _l("a stable job"),
    "stable_residence": _l("a stable home"),
    "full_time_study": _l("a place in full-time study"),
}
LIST_WORDS = {"exempt_reasons": explain.LABELS["reason"], "long_validity_grounds": explain.LABELS["ground"]}
LIST_WORDS["conditions"] = CONDITIONS
#: Words for a coded value a profile holds (one word, not a list), by the parameter's last name: where the hukou is
#: for the person to be a migrant here (profiles' [registration] home_area; Zhejiang's 条例 第二条 counts a city's
#: districts, 市区, as one place).
VALUE_WORDS = {
    "home_area": {
        "county": _l("in another county or district"),
        "city_districts": _l(
            "in another county, or in the districts of another city (all the districts of a city count as one place)"
        ),
    },
}
#: Counts that are periods in months, though the profile stores a number.
MONTH_COUNTS = ("social_insurance_months",)
#: Periods the English text reads as "every {…}" or "in the {…} before": a period of one is its unit alone ("every
#: year", "in the month before", not "every 1 year"); Chinese keeps the number (每1年, 1个月内).
ONE_AS_UNIT = {"endorsement_every": {"years": "year", "months": "month"}, "endorsement_window": {"months": "month"}}


def chinese(locale: object = None) -> bool:
    return str(locale if locale is not None else get_locale() or "").lower().startswith("zh")


#: The province a seed document belongs to (its division code): shown only on the rules of profiles there.
REGION_OF_TAG = {"[ZB]": "37", "[WZ]": "33"}
_REGION = re.compile(r"[0-9]{2}")


@dataclass(frozen=True)
class Source:
    """Where a part of the guide comes from. A law's or a document's own words are Chinese in both languages (they
    are quoted); a source that explains in words of ours has them in each language. `region`: the province it
    belongs to (a division code), None for one that holds everywhere."""

    tag: str
    zh: str
    en: str
    region: str | None = None
    #: The permit schemes whose pages cite it (as a Text's `scheme`); empty: every scheme. The national regulation's
    #: six months and endorsement are not cited on a page of Zibo's 30-day permit, nor Wenzhou's temporary permit
    #: on a page without one.
    scheme: tuple[str, ...] = ()

    def words(self, locale: object = None) -> str:
        """As residents read it: in their language, without the tag."""
        return (self.zh if chinese(locale) else self.en).split("]", 1)[1].strip()

    def applies_to(self, profile: Profile) -> bool:
        if self.scheme and profile.params["permit"]["scheme"] not in self.scheme:
            return False
        return self.region is None or any(prefix.startswith(self.region) for prefix in profile.jurisdiction)


@dataclass(frozen=True)
class Text:
    zh: str
    en: str
    scheme: tuple[str, ...] = ()  # empty: every scheme
    when: str | None = None  # a profile parameter that must be true or non-empty

    def words(self, locale: object = None) -> str:
        return self.zh if chinese(locale) else self.en

    @property
    def placeholders(self) -> set[str]:
        return set(_PLACEHOLDER.findall(self.en))


@dataclass(frozen=True)
class Section:
    anchor: str
    title_zh: str
    title_en: str
    explains: tuple[str, ...]
    sources: tuple[Source, ...]
    texts: tuple[Text, ...]
    service: str | None = None  # a catalogue service that gives this help

    def title(self, locale: object = None) -> str:
        return self.title_zh if chinese(locale) else self.title_en

    def sources_for(self, profile: Profile) -> tuple[Source, ...]:
        """The sources that hold where the profile does (a Zhejiang page cites no Zibo document)."""
        return tuple(source for source in self.sources if source.applies_to(profile))


@dataclass(frozen=True)
class Page:
    title_zh: str
    title_en: str
    intro_zh: str
    intro_en: str
    sections: tuple[Section, ...]
    sources: tuple[Source, ...] = ()

    def title(self, locale: object = None) -> str:
        return self.title_zh if chinese(locale) else self.title_en

    def intro(self, locale: object = None) -> str:
        return self.intro_zh if chinese(locale) else self.intro_en


@dataclass(frozen=True)
class ServiceWords:
    zh: str
    en: str
    sources: tuple[Source, ...]

    def words(self, locale: object = None) -> str:
        return self.zh if chinese(locale) else self.en


# --- reading and checking ---------------------------------------------------------------------------------------


def _text(data: Mapping, key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: {key} must be some text")
    if _DIGIT.search(value):
        raise ValueError(f"{where}: {key} has a number typed in; take it from the profile or the catalogue")
    return value


def _source(item: object) -> Source | None:
    """A source from its entry: a text (a citation, the same in both languages) or a table of `zh` and `en` (and
    `region`, a province's division code; `scheme`, the permit schemes it holds for). None when it is neither."""
    scheme: tuple[str, ...] = ()
    if isinstance(item, str):
        zh = en = item
        region = None
    elif isinstance(item, Mapping) and set(item) <= {"zh", "en", "region", "scheme"} and {"zh", "en"} <= set(item):
        zh, en, region = item["zh"], item["en"], item.get("region")
        if region is not None and (not isinstance(region, str) or not _REGION.fullmatch(region)):
            return None
        listed = item.get("scheme", [])
        if not isinstance(listed, list) or not set(listed) <= set(SCHEMES):
            return None
        scheme = tuple(listed)
    else:
        return None
    if not (isinstance(zh, str) and isinstance(en, str) and zh.startswith(TAGS)):
        return None
    tag = zh.split("]", 1)[0] + "]"
    if not en.startswith(tag):
        return None
    return Source(tag, zh, en, region or REGION_OF_TAG.get(tag), scheme)


def _sources(data: Mapping, where: str) -> tuple[Source, ...]:
    items = data.get("sources")
    sources = [_source(item) for item in items] if isinstance(items, list) else []
    if not sources or None in sources:
        raise ValueError(
            f"{where}: sources must be a list, each a text or a table of zh and en (and region) starting with one "
            f"of {' '.join(TAGS)}"
        )
    return tuple(sources)


def _parse_text(data: Mapping, where: str, placeholders: bool) -> Text:
    unknown = set(data) - {"zh", "en", "scheme", "when"}
    if unknown:
        raise ValueError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    text = Text(
        zh=_text(data, "zh", where),
        en=_text(data, "en", where),
        scheme=tuple(data.get("scheme", ())),
        when=data.get("when"),
    )
    if not set(text.scheme) <= set(SCHEMES):
        raise ValueError(f"{where}: scheme must name some of {', '.join(SCHEMES)}")
    if set(_PLACEHOLDER.findall(text.zh)) != text.placeholders:
        raise ValueError(f"{where}: the Chinese and English texts must have the same placeholders")
    if not placeholders and (text.placeholders or text.when or text.scheme):
        raise ValueError(f"{where}: this page is the same under every profile: no placeholders, scheme or when")
    return text


def _parse_section(data: Mapping, where: str, placeholders: bool) -> Section:
    anchor = data.get("anchor")
    if not isinstance(anchor, str) or not _ANCHOR.fullmatch(anchor):
        raise ValueError(f"{where}: anchor must be lower-case words joined by hyphens")
    where = f"{where} ({anchor})"
    explains = data.get("explains")
    if not isinstance(explains, list) or not all(rule in RULES for rule in explains):
        raise ValueError(f"{where}: explains must list rule ids of webapp/policy/engine.py")
    service = data.get("service")
    if service is not None and service not in {s.code for s in load_catalogue()}:
        raise ValueError(f"{where}: service {service!r} is not in the catalogue")
    texts = data.get("text")
    if not isinstance(texts, list) or not texts:
        raise ValueError(f"{where}: a section needs [[…text]] paragraphs")
    return Section(
        anchor=anchor,
        title_zh=_text(data, "title_zh", where),
        title_en=_text(data, "title_en", where),
        explains=tuple(explains),
        sources=_sources(data, where),
        texts=tuple(_parse_text(t, f"{where} paragraph {i + 1}", placeholders) for i, t in enumerate(texts)),
        service=service,
    )


def _parse_page(data: Any, where: str, placeholders: bool) -> Page:
    if not isinstance(data, Mapping) or not isinstance(data.get("section"), list):
        raise ValueError(f"{where}: a page needs [[{where}.section]] tables")
    sections = tuple(
        _parse_section(s, f"[{where}] section {i + 1}", placeholders) for i, s in enumerate(data["section"])
    )
    anchors = [s.anchor for s in sections]
    if len(set(anchors)) != len(anchors):
        raise ValueError(f"{where}: an anchor is used twice")
    return Page(
        title_zh=_text(data, "title_zh", where),
        title_en=_text(data, "title_en", where),
        intro_zh=_text(data, "intro_zh", where),
        intro_en=_text(data, "intro_en", where),
        sections=sections,
    )


def _read(path: Path) -> Mapping:
    with path.open("rb") as handle:
        return tomllib.load(handle)


@cache
def policy_pages() -> tuple[Page, Page]:
    """The duties page (filled per profile) and the rights-at-work page, from webapp/policy/guide.toml."""
    try:
        data = _read(POLICY_GUIDE)
        rules, work = _parse_page(data.get("rules"), "rules", True), _parse_page(data.get("work"), "work", False)
    except (tomllib.TOMLDecodeError, ValueError) as error:
        raise ValueError(f"{POLICY_GUIDE.name}: {error}") from error
    explained = [rule for section in rules.sections for rule in section.explains]
    if len(set(explained)) != len(explained):
        raise ValueError(f"{POLICY_GUIDE.name}: a rule is explained by two sections")
    names = {name for section in rules.sections for text in section.texts for name in text.placeholders}
    names |= {text.when for section in rules.sections for text in section.texts if text.when}
    profiles = list(load_profiles().values())
    unknown = sorted(name for name in names if all(_lookup(p, name) is _MISSING for p in profiles))
    if unknown:
        raise ValueError(f"{POLICY_GUIDE.name}: no profile has {', '.join(unknown)}")
    return rules, work


def rules_page() -> Page:
    return policy_pages()[0]


def work_page() -> Page:
    return policy_pages()[1]


@cache
def services_page() -> tuple[Page, Mapping[str, ServiceWords]]:
    """The services page's heading and sources, and the plain words for each catalogue service."""
    try:
        data = _read(SERVICES_GUIDE)
        page = Page(
            title_zh=_text(data, "title_zh", "the page"),
            title_en=_text(data, "title_en", "the page"),
            intro_zh=_text(data, "intro_zh", "the page"),
            intro_en=_text(data, "intro_en", "the page"),
            sections=(),
            sources=_sources(data, "the page"),
        )
        words = {}
        for index, entry in enumerate(data.get("service", [])):
            where = f"service {index + 1} ({entry.get('code')})"
            words[entry.get("code")] = ServiceWords(
                _text(entry, "zh", where), _text(entry, "en", where), _sources(entry, where)
            )
    except (tomllib.TOMLDecodeError, ValueError) as error:
        raise ValueError(f"{SERVICES_GUIDE.name}: {error}") from error
    codes = [s.code for s in load_catalogue()]
    if set(words) != set(codes):
        raise ValueError(f"{SERVICES_GUIDE.name}: one [[service]] for each catalogue code, no other")
    return page, words


# --- filling a page from a profile --------------------------------------------------------------------------------

_MISSING = object()


def _lookup(profile: Profile, name: str) -> Any:
    value: Any = profile.params
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _shown(name: str, value: Any, locale: object) -> str | None:
    """A profile value in words, or None when there is nothing to say (an empty list)."""
    last = name.rsplit(".", 1)[-1]
    if isinstance(value, Period):
        if value.count == 1 and not chinese(locale) and value.unit in ONE_AS_UNIT.get(last, {}):
            return ONE_AS_UNIT[last][value.unit]
        return explain.period_text(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return explain.period_text(Period(value, "months")) if last in MONTH_COUNTS else str(value)
    if isinstance(value, tuple) and last in LIST_WORDS:
        if not value:
            return None
        return format_list(
            [str(LIST_WORDS[last][code]) for code in value], style="or", locale="zh" if chinese(locale) else "en"
        )
    if isinstance(value, str) and last in VALUE_WORDS:
        return str(VALUE_WORDS[last][value])
    return str(value)


def fill(text: Text, profile: Profile, locale: object = None) -> str | None:
    """The paragraph in the current language with the profile's values, or None when it does not apply."""
    if text.scheme and profile.params["permit"]["scheme"] not in text.scheme:
        return None
    if text.when is not None:
        flag = _lookup(profile, text.when)
        if flag is _MISSING or not flag:
            return None
    values = {}
    for name in text.placeholders:
        value = _lookup(profile, name)
        shown = None if value is _MISSING else _shown(name, value, locale)
        if shown is None:
            return None
        values[name] = shown
    return _PLACEHOLDER.sub(lambda found: values[found.group(1)], text.words(locale))


@dataclass(frozen=True)
class Filled:
    section: Section
    paragraphs: tuple[str, ...]


def duties(profile: Profile, locale: object = None) -> list[Filled]:
    """Every section of the duties page for this profile, each with the paragraphs that apply to it."""
    filled = []
    for section in rules_page().sections:
        paragraphs = tuple(p for p in (fill(t, profile, locale) for t in section.texts) if p is not None)
        filled.append(Filled(section, paragraphs))
    return filled


# --- which profiles have a page, and where each decision and service is explained ---------------------------------


def guide_profiles() -> list[Profile]:
    """The profiles a guide page is written for: those used to decide (pending ones never decide), newest first."""
    usable = [p for p in load_profiles().values() if p.usable]
    return sorted(usable, key=lambda p: p.effective_from, reverse=True)


def guide_profile(profile_id: str) -> Profile | None:
    return next((p for p in guide_profiles() if p.id == profile_id), None)


def rule_anchor(rule: str) -> str:
    """The anchor of the duties page's section that explains a decision's rule."""
    for section in rules_page().sections:
        if rule in section.explains:
            return section.anchor
    raise KeyError(f"no guide section explains {rule!r}")


def service_anchor(code: str) -> str:
    return f"service-{code}"


def service_entries() -> list[tuple[Service, ServiceWords]]:
    words = services_page()[1]
    return [(service, words[service.code]) for service in load_catalogue()]


#: Where a source holds, named on the pages that are not one profile's (services, rights at work): by its
#: document's city, else by its province.
SOURCE_PLACES = {"[ZB]": _l("Zibo"), "[WZ]": _l("Wenzhou"), "37": _l("Shandong"), "33": _l("Zhejiang")}


#: A source quoted in Chinese (a document's own words) begins with a Chinese character.
_QUOTED_CHINESE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def source_text(source: Source, where: bool = False) -> Markup:
    """A source as residents read it: in their language, without the tag; with `where`, a source that holds in one
    place only begins with that place's name (a page for everybody cites both cities' documents). A document quoted
    in Chinese on an English page says so (lang="zh-Hans"), so that a screen reader reads it with a Chinese voice."""
    words: str | Markup = source.words()
    if not chinese() and _QUOTED_CHINESE.match(words):
        words = Markup('<span lang="zh-Hans">%s</span>') % words
    place = SOURCE_PLACES.get(source.tag) or SOURCE_PLACES.get(source.region or "")
    if not where or place is None:
        return Markup.escape(words)
    return Markup.escape(gettext("%(place)s: %(source)s")) % {"place": place, "source": words}


# --- the catalogue's facts in words ----------------------------------------------------------------------------------

WHO = {
    "anyone": _l("Anyone can ask. You do not need to register or to have a permit."),
    "registered": _l("You can ask once your residence is registered."),
    "permit": _l("You can ask when you have a valid residence permit."),
}
#: The same, for a place where it differs from elsewhere (a service's `who_in`).
WHO_IN = {
    "anyone": _l("In %(place)s, anyone can ask. You do not need to register or to have a permit."),
    "registered": _l("In %(place)s, you can ask once your residence is registered."),
    "permit": _l("In %(place)s, you can ask when you have a valid residence permit."),
}
#: The cities the guide speaks to, by division code: where a service's `who_in` makes a difference, the guide says
#: what holds in each.
CITIES = {"3703": _l("Zibo"), "3303": _l("Wenzhou")}


def who_by_city(service: Service) -> dict[str, str]:
    """Who may ask for the service in each city of the guide, by city code."""
    return {code: service.who_at(code) for code in CITIES}


def who_can_ask(service: Service) -> str:
    by_city = who_by_city(service)
    if len(set(by_city.values())) > 1:
        parts = [str(WHO_IN[who]) % {"place": CITIES[code]} for code, who in by_city.items()]
    else:
        parts = [str(WHO[next(iter(by_city.values()), service.who)])]
    if service.for_child:
        parts.append(
            gettext(
                "It is for your child aged %(low)s to %(high)s.", low=service.child_age_min, high=service.child_age_max
            )
        )
    if service.adult:
        parts.append(gettext("You must be %(age)s or older.", age=ADULT_AGE))
    return ("" if chinese() else " ").join(parts)


def to_bring(service: Service) -> list[str]:
    """What to bring, in words: the permit, where only some cities ask for it, names them."""
    by_city = who_by_city(service)
    permit_in = [str(CITIES[code]) for code, who in by_city.items() if who == "permit"]
    words = []
    for code in service.documents:
        document = labels.label("document", code)
        if code == "permit" and permit_in and len(permit_in) < len(by_city):
            places = format_list(permit_in, locale="zh" if chinese() else "en")
            document = gettext("%(document)s (in %(places)s only)", document=document, places=places)
        words.append(str(document))
    return words


def who_answers(service: Service) -> str:
    return ngettext(
        "%(department)s answers within %(num)d working day of a complete request.",
        "%(department)s answers within %(num)d working days of a complete request.",
        service.target_days,
        department=labels.label("department", service.department),
    )
