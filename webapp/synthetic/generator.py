"""The run: places, population, staff and employers first, then the migrants in batches of one transaction each.

Reproducible: one random.Random(seed) drives every choice, and unique codes (ID numbers, receipts, references,
permit numbers) are fixed functions of the ids the writer gives, so two runs never collide.
"""

import time
from collections.abc import Callable, Iterable
from datetime import date

from flask import current_app

from webapp import clock
from webapp.extensions import db
from webapp.services.catalogue import load_catalogue
from webapp.synthetic.decisions import Decisions
from webapp.synthetic.distributions import CITIES, SERVICE_WEIGHTS, Pick
from webapp.synthetic.places import Places, ensure_places
from webapp.synthetic.reports import Reports
from webapp.synthetic.writer import fast_writes, finish


class Refused(RuntimeError):
    """Synthetic people must never be written into a real database."""


def refusal(config) -> str | None:
    """Why the synthetic city may not be made with this configuration, or None when it may: only where the app runs
    a development, demo or test configuration (DEMO or TESTING). Production has neither, whatever its database."""
    if config.get("DEMO") or config.get("TESTING"):
        return None
    return (
        "refused: the synthetic city invents people, and this app is not running a development, demo or test "
        "configuration (XINJU_CONFIG is production?). Nothing was written."
    )


class Generator(Reports, Places):
    def __init__(self, connection, migrants: int, seed: int, cities: tuple[str, ...], batch: int, echo, today: date):
        super().__init__(connection, seed, today)
        self.migrants, self.batch, self.echo, self.cities = migrants, batch, echo, cities
        self.decisions = Decisions()
        self.deadlines: dict[tuple, date] = {}  # see Claims.deadline
        self.catalogue = {s.code: s for s in load_catalogue()}
        self.service_pick = Pick({c: w for c, w in SERVICE_WEIGHTS.items() if c in self.catalogue})
        self.properties: dict[int, list[tuple[int, int]]] = {}  # community index -> rentals (id, landlord)
        self.landlords: dict[int, list[int]] = {}  # community index -> landlord accounts
        self.rental_addresses: set[int] = set()  # hashes of (landlord, community index, address): see Claims.tenancy
        self.started = time.perf_counter()

    def run(self) -> dict[str, int]:
        self.load_geography()
        self.draw_population()
        self.create_staff()
        self.create_employers()
        for start in range(0, self.migrants, self.batch):
            for home in self.home[start : start + self.batch]:
                self.migrant(home)
            self.flush()
            self.progress(min(self.migrants, start + self.batch))
        return self.counts

    def progress(self, done: int) -> None:
        self.echo(f"  {done:,}/{self.migrants:,} migrants, {time.perf_counter() - self.started:.1f}s")


def generate(
    migrants: int,
    seed: int,
    cities: Iterable[str] = CITIES,
    batch: int = 10000,
    echo: Callable[[str], object] = print,
    *,
    today: date | None = None,
) -> dict[str, int]:
    """Add `migrants` synthetic migrants (and everything around them) to the communities of `cities`.

    Returns the rows added per table. The same seed, cities and day give the same data. The summaries are not
    recounted (bulk inserts bypass the ORM): the command does it after."""
    refused = refusal(current_app.config)
    if refused:
        raise Refused(refused)
    cities = tuple(dict.fromkeys(cities))
    unknown = [c for c in cities if c not in CITIES]
    if unknown or not cities:
        raise ValueError(f"cities must be among {', '.join(CITIES)}, not {', '.join(unknown) or 'none'}")
    if migrants < 1 or batch < 1:
        raise ValueError("migrants and batch must be at least 1")
    started = time.perf_counter()
    today = today or clock.today()
    ensure_places(cities, echo)
    db.session.remove()
    echo(f"generating {migrants:,} migrants (seed {seed}, cities {', '.join(cities)})")
    with db.engine.connect() as connection:
        with fast_writes(connection):
            counts = Generator(connection, migrants, seed, cities, batch, echo, today).run()
        finish(connection, counts, echo)
    elapsed = time.perf_counter() - started
    for name, count in counts.items():
        echo(f"  {name:<20} {count:>10,}")
    echo(f"done in {elapsed:.1f}s")
    return counts
