"""The synthetic city's distributions, read from distributions.toml beside this file, and weighted choice."""

import random
import tomllib
from bisect import bisect
from collections.abc import Iterable
from pathlib import Path

with (Path(__file__).with_name("distributions.toml")).open("rb") as _handle:
    DATA = tomllib.load(_handle)

CITIES: tuple[str, ...] = tuple(DATA["cities"])
CITY = DATA["cities"]  # code -> name, share, centre, roads, source_provinces, housing
HISTORY_DAYS: int = DATA["history_days"]
SEASON: tuple[float, ...] = tuple(DATA["season"])
REASONS: dict[str, int] = DATA["reasons"]
EMPLOYED: dict[str, float] = DATA["employed"]
LINKED_EMPLOYER: float = DATA["linked_employer"]
COORDINATOR_LOAD: tuple[int, int] = tuple(DATA["coordinator_load"])
INTENDED_STAYS = {key: stay["weight"] for key, stay in DATA["stays"].items()}
#: The planned stay as stored: (count, unit), or (None, None) for no date to leave.
STAY_PERIODS = {key: (stay.get("count"), stay.get("unit")) for key, stay in DATA["stays"].items()}
FATES = DATA["fates"]
STATUSES: dict[str, float] = DATA["statuses"]
PERMITS = DATA["permits"]
SERVICE_REQUESTS: float = DATA["services"]["share"]
SERVICE_WEIGHTS: dict[str, int] = DATA["services"]["weights"]
NAMES = DATA["names"]
EMPLOYERS = DATA["employers"]
VACANCIES = DATA["vacancies"]


class Pick:
    """Weighted choice from a fixed list (or a dict of item -> weight): bisect on cumulative weights."""

    def __init__(self, items: dict | list, weights: Iterable[float] | None = None):
        if isinstance(items, dict):
            self.items, weights = list(items), list(items.values())
        else:
            self.items = list(items)
        self.cum, total = [], 0.0
        for weight in weights if weights is not None else [1] * len(self.items):
            total += weight
            self.cum.append(total)
        self.total = total

    def __call__(self, rng: random.Random):
        return self.items[bisect(self.cum, rng.random() * self.total)]
