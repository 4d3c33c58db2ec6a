"""An address as people read it, with each part saying what it is: "人民路 18号 3栋 2单元 101室" in Chinese,
"人民路 18号, Building 3, Unit 2, Room 101" in English.

People type the building, unit and room either bare ("3", "2", "101") or with their word ("3栋", "2单元", "101室");
both read the same here, and are stored the same (`stored_part`, used when a report is saved). Plain functions of
strings in the current language; templates get them as the filter `address` and the function `dwelling`
(registered by webapp/places/views.py).
"""

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

from flask_babel import get_locale
from flask_babel import gettext as _

#: The words a part may already end with, longest first (1号楼 is building 1, not room 1号).
MARKERS = {
    "building": ("号楼", "栋", "幢", "楼", "座"),
    "unit": ("单元",),
    "room": ("室", "房", "号"),
}
#: A number or letters before the word ("3", "A", "12-1"): only then does English put its own word instead.
IDENTIFIER = re.compile(r"[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*")
#: The word the Chinese display puts after a bare part ("Building %(name)s" is "%(name)s栋"): a part typed with it is
#: stored without it, so "3" and "3栋" are stored alike, and still read the same in both languages.
DISPLAY_WORDS = {"building": "栋", "unit": "单元", "room": "室"}
#: A house number in figures, with or without its word: "18", "18号", "18-2 号" (short enough to take its word
#: within the 30 characters a number is stored in).
HOUSE_NUMBER = re.compile(r"([0-9]{1,9}(?:-[0-9]{1,9}){0,2})\s*号?")


def plain_text(value: str | None) -> str:
    """Full-width letters and digits as plain ones ("３栋" is "3栋"), spaces squeezed, ends trimmed."""
    return " ".join(unicodedata.normalize("NFKC", value or "").split())


def stored_part(kind: str, value: str | None) -> str:
    """A part of an address as it is stored, so that one place typed two ways is stored the same: "3栋" as "3",
    "2单元" as "2", "101室" as "101" (the display adds the word back), and a house number in figures with its word,
    "18" as "18号" (the standard address's form). A part that is a name ("科技楼", "阳光小区", "1号楼") is kept."""
    value = plain_text(value)
    if kind == "number":
        figures = HOUSE_NUMBER.fullmatch(value)
        return f"{figures.group(1)}号" if figures else value
    if kind == "road":
        return value
    bare = value.removesuffix(DISPLAY_WORDS[kind])
    return bare if bare != value and IDENTIFIER.fullmatch(bare) else value


def current_language() -> str:
    """The current language ("zh", "en"): read it once to word many addresses (`language=` below)."""
    locale = get_locale()
    return locale.language if locale is not None else ""


def _chinese() -> bool:
    return current_language() == "zh"


@lru_cache(maxsize=8192)
def _labelled_in(language: str, kind: str, value: str) -> str:
    """One part with its word in `language` (the current one: its words are gettext's), kept once worded: a
    caseload of thousands repeats the same buildings, units and rooms."""
    value = (value or "").strip()
    if not value:
        return ""
    marker = next((m for m in MARKERS[kind] if value.endswith(m) and len(value) > len(m)), "")
    bare = value[: -len(marker)] if marker else value
    if marker and (language == "zh" or not IDENTIFIER.fullmatch(bare)):
        return value
    if kind == "building":
        return _("Building %(name)s", name=bare)
    if kind == "unit":
        return _("Unit %(name)s", name=bare)
    return _("Room %(name)s", name=bare)


def _labelled(kind: str, value: str) -> str:
    """One part with its word: "3" → "3栋" / "Building 3". A part typed with its word keeps it in Chinese, and in
    English too when it is a name rather than a number ("科技楼")."""
    return _labelled_in(current_language(), kind, value or "")


def _separator(language: str) -> str:
    return " " if language == "zh" else ", "


def _join(parts) -> str:
    return _separator(current_language()).join(p for p in parts if p)


def _dwelling_in(language: str, building: str, unit: str, room: str) -> str:
    return _separator(language).join(
        p
        for p in (
            _labelled_in(language, "building", building or ""),
            _labelled_in(language, "unit", unit or ""),
            _labelled_in(language, "room", room or ""),
        )
        if p
    )


def dwelling(building: str = "", unit: str = "", room: str = "", *, language: str | None = None) -> str:
    """The parts inside a compound: "3栋 2单元 101室" / "Building 3, Unit 2, Room 101"; empty parts left out."""
    return _dwelling_in(language or current_language(), building, unit, room)


def address_line(
    place: str = "",
    road: str = "",
    number: str = "",
    building: str = "",
    unit: str = "",
    room: str = "",
    *,
    language: str | None = None,
) -> str:
    """The whole address on one line: the place's name, the road and number as typed, then the dwelling."""
    language = language or current_language()
    street = " ".join(p.strip() for p in (place or "", road or "", number or "") if p and p.strip())
    return _separator(language).join(p for p in (street, _dwelling_in(language, building, unit, room)) if p)


def address(thing, place: str | None = None, room: bool = True) -> str:
    """The address of a report, rental or answers dict (anything with road, number, building, unit, room).

    `place` is the name to start with; by default the name of its `place` (or its `community`).
    """

    def get(name: str):
        return thing.get(name) if isinstance(thing, Mapping) else getattr(thing, name, None)

    if place is None:
        where = get("place")
        place = where.name if where is not None and hasattr(where, "name") else (where or get("community") or "")
    return address_line(
        place,
        get("road") or "",
        get("number") or "",
        get("building") or "",
        get("unit") or "",
        (get("room") or "") if room else "",
    )
