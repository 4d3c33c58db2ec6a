"""Places and distributions: the real communities of the cities generated (webapp.places), how many migrants each
one gets (lognormal sizes), when they came (seasonal), where they come from, and rentals' addresses."""

from array import array
from datetime import timedelta

from sqlalchemy import select

from webapp.extensions import db
from webapp.people.reference import divisions
from webapp.places.loader import load_places, read_divisions
from webapp.places.models import Place
from webapp.synthetic.base import Base
from webapp.synthetic.distributions import CITY, HISTORY_DAYS, INTENDED_STAYS, NAMES, REASONS, SEASON, STATUSES, Pick


def rental_address(property_id: int, city: str) -> dict[str, str]:
    """A rental's address, made from its id (so the many rentals of a large run need not be kept)."""
    h = (property_id * 2_654_435_761) % 2**32
    return {
        "road": CITY[city]["roads"][h % len(CITY[city]["roads"])],
        "number": f"{h // 16 % 399 + 1}号",
        "building": f"{h // 8192 % 30 + 1}栋" if h % 10 < 7 else "",
        "unit": f"{h // 262144 % 4 + 1}单元" if h // 8 % 2 else "",
    }


def ensure_places(cities: tuple[str, ...], echo) -> None:
    """Load the places of the cities that have none yet (all of them on an empty Place table)."""
    missing = tuple(
        city
        for city in cities
        if not db.session.scalar(
            select(Place.id).where(Place.level == "community", Place.code.startswith(city)).limit(1)
        )
    )
    if missing:
        added, _updated = load_places(read_divisions(prefixes=missing))
        echo(f"places: {added:,} loaded for {', '.join(missing)}")


class Places(Base):
    def load_geography(self) -> None:
        by_id = {}
        communities = []
        for place_id, code, level, parent_id in self.conn.execute(
            select(Place.id, Place.code, Place.level, Place.parent_id).order_by(Place.code)
        ):
            by_id[place_id] = (code, parent_id)
            if level == "community" and code.startswith(self.cities):
                communities.append((place_id, code, parent_id))
        self.conn.commit()
        if not communities:
            raise LookupError(f"no communities in {', '.join(self.cities)}: load the places first")
        self.comm_id = [c[0] for c in communities]
        self.comm_code = [c[1] for c in communities]
        self.comm_township = [c[2] for c in communities]
        self.comm_county = [by_id[c[2]][1] for c in communities]
        self.comm_city = [c[1][:4] for c in communities]
        self.counties = sorted(set(self.comm_county), key=lambda c: by_id[c][0])
        self.township_code = {t: by_id[t][0] for t in set(self.comm_township)}

    def draw_population(self) -> None:
        """Community sizes (lognormal: most have tens to hundreds, a few over a thousand at full scale), and which
        community each migrant lives in; the other distributions."""
        rng = self.rng
        share = {city: CITY[city]["share"] / sum(CITY[c]["share"] for c in self.cities) for city in self.cities}
        sizes = [rng.lognormvariate(0, 1.0) for _ in self.comm_id]
        city_total = dict.fromkeys(self.cities, 0.0)
        for size, city in zip(sizes, self.comm_city, strict=True):
            city_total[city] += size
        weights = [s * share[c] / city_total[c] for s, c in zip(sizes, self.comm_city, strict=True)]
        everywhere = Pick(list(range(len(weights))), weights)
        self.city_communities = {}
        for city in self.cities:
            members = [i for i, c in enumerate(self.comm_city) if c == city]
            self.city_communities[city] = Pick(members, [weights[i] for i in members])
        self.home = array("H" if len(weights) < 65536 else "L", (everywhere(rng) for _ in range(self.migrants)))
        self.community_count = [0] * len(self.comm_id)
        for index in self.home:
            self.community_count[index] += 1

        # Days ago of a first report: seasonal, and more in recent months.
        by_offset = {}
        for offset in range(1, HISTORY_DAYS + 1):
            day = self.today - timedelta(days=offset)
            by_offset[offset] = SEASON[day.month - 1] * (1.5 - 0.5 * offset / HISTORY_DAYS)
        self.offsets = Pick(by_offset)

        table = divisions()
        self.hukou = {}
        for city in self.cities:
            counties, county_weights = [], []
            for province, weight in CITY[city]["source_provinces"].items():
                found = [d.code for d in table.values() if d.level == "county" and d.code.startswith(province)]
                counties.extend(found)
                county_weights.extend([weight / len(found)] * len(found))
            self.hukou[city] = Pick(counties, county_weights)
        self.housing = {city: Pick(CITY[city]["housing"]) for city in self.cities}
        self.reason = Pick(REASONS)
        self.intended = Pick(INTENDED_STAYS)
        self.status = Pick(STATUSES)
        surnames = NAMES["surnames"]
        self.surname = Pick(list(surnames), [1 / (i + 8) for i in range(len(surnames))])
        self.id_buckets = self.existing_id_buckets()
