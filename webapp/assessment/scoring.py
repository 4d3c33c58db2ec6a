"""The ranking as plain functions: an area's counts → its indicators (shares from 0 to 1) → a score out of 100 →
a rank among its sibling areas, and the change from the previous period. Nothing here reads the database.

Score: the weighted mean of the indicators the area has a figure for, times 100. An indicator without a figure
(nothing to count) is left out and the other weights are scaled up, so an area is neither rewarded nor punished for
having had, say, no change to report. Ranks: equal scores (to one decimal) share a rank and the next rank is skipped
(1, 2, 2, 4); areas with no figure at all are not ranked.
"""

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

WEIGHTS_FILE = Path(__file__).with_name("weights.toml")


@dataclass(frozen=True)
class Indicator:
    key: str
    weight: float
    source: str


def load_indicators(path: Path = WEIGHTS_FILE) -> list[Indicator]:
    with path.open("rb") as f:
        data = tomllib.load(f)
    indicators = [Indicator(str(i["key"]), float(i["weight"]), str(i["source"])) for i in data["indicator"]]
    if any(i.weight < 0 for i in indicators) or not sum(i.weight for i in indicators):
        raise ValueError("weights must be zero or more, and not all zero")
    if set(i.key for i in indicators) - set(KEYS):
        raise ValueError(f"unknown indicator in {path}")
    return indicators


def coordinators_needed(registered: int, per_coordinator: int) -> int:
    """One coordinator per `per_coordinator` migrants registered, rounded up (the profile's [staffing] ratio,
    policy.profiles.migrants_per_coordinator: [ZB §三(二), WZ §二十] 500)."""
    return math.ceil(registered / per_coordinator)


@dataclass
class AreaCounts:
    """An area's figures for one period. The staffing figures are summed over its communities: each community
    needs one coordinator per so many migrants (the profile's ratio), and counts at most what it needs (a surplus
    in one community does not cover a shortfall in another)."""

    registered: int = 0
    verified: int = 0
    coordinators_staffed: int = 0
    coordinators_needed: int = 0
    changes: int = 0
    changes_on_time: int = 0
    requests_closed: int | None = None  # None: not counted for this kind of area
    requests_on_time: int | None = None
    permits_valid: int = 0
    permits_lapsed: int = 0
    permits_issued: int = 0
    has_state: bool = True  # False: no figures of the period's state (no snapshot of that month)


def _share(part: int | None, whole: int | None) -> float | None:
    return part / whole if part is not None and whole else None


def values(c: AreaCounts) -> dict[str, float | None]:
    """Each indicator as a share from 0 to 1, or None when there is nothing to count."""
    return {
        "verified": _share(c.verified, c.registered) if c.has_state else None,
        "changes_on_time": _share(c.changes_on_time, c.changes),
        "coordinators": _share(c.coordinators_staffed, c.coordinators_needed) if c.has_state else None,
        "stations": None,  # Xinju keeps no record of service stations
        "requests_on_time": _share(c.requests_on_time, c.requests_closed),
        "permits": _share(c.permits_valid, c.permits_valid + c.permits_lapsed) if c.has_state else None,
    }


KEYS = ("verified", "changes_on_time", "coordinators", "stations", "requests_on_time", "permits")


def area_score(c: AreaCounts, indicators: list[Indicator]) -> float | None:
    """The area's score; None for a period with no figures of its state (before the first monthly copy): a score
    from the other indicators alone would not compare with the scores of other periods."""
    return score(values(c), indicators) if c.has_state else None


def score(shares: dict[str, float | None], indicators: list[Indicator]) -> float | None:
    """The weighted mean of the shares there are, out of 100 (one decimal); None when there is none."""
    used = [(i.weight, shares.get(i.key)) for i in indicators if shares.get(i.key) is not None and i.weight]
    total = sum(w for w, _v in used)
    if not total:
        return None
    return round(100 * sum(w * v for w, v in used) / total, 1)


def ranks(scores: dict) -> dict:
    """Competition ranks (1, 2, 2, 4) by score, highest first; None for an area with no score."""
    ordered = sorted((s for s in scores.values() if s is not None), reverse=True)
    first = {}
    for position, s in enumerate(ordered, start=1):
        first.setdefault(s, position)
    return {key: (first[s] if s is not None else None) for key, s in scores.items()}


@dataclass
class Row:
    key: object  # the area (a Place, or any key in tests)
    counts: AreaCounts
    shares: dict[str, float | None]
    score: float | None
    rank: int | None
    previous_score: float | None = None
    previous_rank: int | None = None
    previous_shares: dict[str, float | None] = field(default_factory=dict)

    @property
    def change(self) -> float | None:
        """Points gained (or lost, below 0) since the previous period."""
        if self.score is None or self.previous_score is None:
            return None
        return round(self.score - self.previous_score, 1)

    @property
    def rank_change(self) -> int | None:
        """Places climbed (above 0) or fallen since the previous period."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank


def ranking(current: dict, previous: dict | None, indicators: list[Indicator], order=lambda key: str(key)) -> list[Row]:
    """The areas of `current` (key → AreaCounts), ranked; with their previous period's score and rank (from
    `previous`, the same keys) when given. Ties share a rank and are listed by `order` (e.g. the area's code)."""
    shares = {key: values(c) for key, c in current.items()}
    scores = {key: area_score(c, indicators) for key, c in current.items()}
    rank_of = ranks(scores)
    before_shares = {key: values(c) for key, c in (previous or {}).items()}
    before_scores = {key: area_score(c, indicators) for key, c in (previous or {}).items()}
    before_ranks = ranks(before_scores)
    rows = [
        Row(
            key,
            current[key],
            shares[key],
            scores[key],
            rank_of[key],
            before_scores.get(key),
            before_ranks.get(key),
            before_shares.get(key, {}),
        )
        for key in current
    ]
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, order(r.key)))
