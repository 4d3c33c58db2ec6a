"""The divisions of mainland China (province, city, county) from the national statistical codes, for a person's
household registration (hukou) address anywhere in the country.

Plain functions over ``webapp/people/data/divisions_national.csv`` (read once, cached; see SOURCE.md there);
no Flask, no database.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DIVISIONS_FILE = Path(__file__).parents[1] / "people" / "data" / "divisions_national.csv"

#: Names of statistical placeholder units that say nothing about a place (市辖区, 县, 省直辖…); left out of labels.
PLACEHOLDER_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # "province" | "city" | "county"
    parent_code: str | None  # None for provinces


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def divisions() -> dict[str, Division]:
    """Every province, city and county, keyed by code, in code order (parents before children)."""
    return {
        row["code"]: Division(row["code"], row["name"], row["level"], row["parent_code"] or None)
        for row in _read_csv(DIVISIONS_FILE)
    }


@cache
def _children_index() -> dict[str | None, tuple[Division, ...]]:
    index: dict[str | None, list[Division]] = {}
    for division in divisions().values():
        index.setdefault(division.parent_code, []).append(division)
    return {parent: tuple(kids) for parent, kids in index.items()}


def children(code: str | None) -> list[Division]:
    """The divisions directly under ``code`` in code order; ``None`` gives the provinces. Unknown code → []."""
    return list(_children_index().get(code, ()))


def lineage(code: str) -> list[Division]:
    """Province → city → county down to ``code`` itself. Unknown code → []."""
    table = divisions()
    chain: list[Division] = []
    current = table.get(code)
    while current is not None:
        chain.append(current)
        current = table.get(current.parent_code) if current.parent_code else None
    chain.reverse()
    return chain


def is_county(code: str) -> bool:
    division = divisions().get(code)
    return division is not None and division.level == "county"


def county_label(code: str) -> str:
    """e.g. "河南省 信阳市 固始县"; placeholder names (市辖区, 省直辖县级行政区划…) and repeats are left out,
    so "北京市 东城区", "河南省 济源市", "广东省 东莞市". Unknown code → ""."""
    names: list[str] = []
    for division in lineage(code):
        if division.name in PLACEHOLDER_NAMES or (names and names[-1] == division.name):
            continue
        names.append(division.name)
    return " ".join(names)
