"""Synthetic data: `flask synthetic generate` fills the real communities of Zibo and Wenzhou with migrants.

For dashboards and load tests over up to a million migrants. Reproducible: one random.Random(seed) drives every
choice, ids are given in Python (from the table's max(id) + 1, so children point at parents without a round trip),
and unique codes (ID numbers, receipts, references, permit numbers) are fixed functions of those ids, so two runs
never collide. Rows go in with SQLAlchemy Core executemany, one transaction per batch of migrants.

What it makes, per migrant: a Person (valid-looking ID number from another province), one residence report (two
after a move or a new job; ended after deregistration), its tenancy (rentals, with landlord accounts) and
employment (employers: a few large, many small), report events, a coordinator's visit for verified reports, a
permit for about 45% of current reports (with application, a 1-byte placeholder photo and yearly endorsements where
the profile asks for them), and service requests for about 10% of migrants. Staff: coordinators (one per 400-700
migrants of a township, scoped to its communities) and officers (per county and department).

The policy decisions stored with each report are the engine's own (webapp.policy.engine), computed once per kind of
stay and shifted to each arrival date (see _Decisions).
"""

import hashlib
import random
import time
from array import array
from bisect import bisect
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import click
from flask import Blueprint
from sqlalchemy import Table, func, insert, select, text
from stdnum.cn import uscc

from webapp import clock
from webapp.accounts.models import REFERENCE_ALPHABET, Account, RoleGrant
from webapp.documents.models import Document
from webapp.employers.models import Employer, EmployerMember, Employment
from webapp.extensions import db
from webapp.people.models import Person
from webapp.people.reference import divisions
from webapp.permits.models import Endorsement, Permit, PermitApplication
from webapp.places.loader import load_places, read_divisions
from webapp.places.models import Place
from webapp.policy import engine
from webapp.policy.profiles import load_profiles, profile_for
from webapp.policy.workdays import add_working_days
from webapp.registrations import rules
from webapp.registrations.models import ReportEvent, ResidenceReport
from webapp.rentals.models import RentalProperty, Tenancy
from webapp.services.catalogue import load_catalogue
from webapp.services.models import ServiceRequest
from webapp.visits.models import Visit

bp = Blueprint("synthetic_cli", __name__, cli_group="synthetic")

CITIES = ("3703", "3303")
#: Share of the migrants in each city (Zibo 40%, Wenzhou 60%), when both are generated.
CITY_SHARE = {"3703": 0.4, "3303": 0.6}
CITY_NAMES = {"3703": "淄博", "3303": "温州"}
#: Roughly the city centre, for the coordinators' positions.
CITY_CENTRES = {"3703": (36.81, 118.05), "3303": (28.00, 120.70)}

#: Where the migrants' hukou is, by province (never the city's own province), with weights.
SOURCE_PROVINCES = {
    "3703": {"41": 25, "13": 12, "34": 12, "14": 8, "32": 8, "23": 6, "51": 6, "62": 5, "42": 5, "21": 5, "22": 4},
    "3303": {"52": 18, "36": 14, "34": 12, "41": 10, "51": 10, "43": 9, "42": 8, "53": 6, "50": 5, "35": 4, "45": 4},
}
#: How migrants live, by city: Wenzhou's factories house many in dormitories.
HOUSING = {
    "3703": {"rental": 55, "dormitory": 20, "own_home": 8, "relatives": 10, "other": 7},
    "3303": {"rental": 45, "dormitory": 35, "own_home": 7, "relatives": 8, "other": 5},
}
REASONS = {"work": 70, "business": 10, "family": 10, "study": 3, "other": 3, "visit": 2, "medical": 1, "tourism": 1}
#: Planned stays: no date to leave, a year, three months, ten days.
INTENDED_STAYS = {"open": 55, "1y": 25, "3m": 15, "10d": 5}
STAY_PERIODS = {"open": (None, None), "1y": (1, "years"), "3m": (3, "months"), "10d": (10, "days")}
#: Share of people with a job (an Employment row), by reason for the stay.
EMPLOYED = {"work": 0.96, "business": 0.15, "family": 0.25, "study": 0.05, "other": 0.3}
#: Share of workers whose employer is in Xinju (the rest give a name only: "unlinked").
LINKED_EMPLOYER = 0.75
#: Arrivals by month: the peak after the Spring Festival, a lull around it.
SEASON = (0.7, 1.3, 1.6, 1.1, 1.0, 0.9, 1.0, 1.0, 1.1, 0.9, 0.9, 0.7)
HISTORY_DAYS = 730
#: What happened to a person (share): a move or a new job (two reports), or leaving (one report, ended).
MOVE, NEW_JOB, DEREGISTERED = 0.04, 0.01, 0.04
LATE = 0.05
#: Statuses drawn for current reports. A "confirmed" one with nothing to confirm becomes "verified", which brings
#: the result to about 55% verified, 25% confirmed, 20% submitted.
STATUSES = {"verified": 0.49, "confirmed": 0.31, "submitted": 0.20}
#: Of the reports whose permit decision allows one, the share with an application; of those, the share approved.
APPLY, APPROVE, RENEW, ENDORSE = 0.97, 0.97, 0.7, 0.85
#: Share of deregistered people who held a permit (revoked when they left).
PERMIT_BEFORE_LEAVING = 0.35
SERVICE_REQUESTS = 0.10
SERVICE_WEIGHTS = {
    "job_referral": 20,
    "insurance_enrolment": 15,
    "vocational_training": 12,
    "school_place": 12,
    "child_immunisation": 10,
    "maternal_child_health": 6,
    "labour_mediation": 6,
    "legal_aid": 5,
    "public_rental_housing": 5,
    "driving_licence": 4,
    "marriage_childbearing_certificate": 3,
    "hardship_relief": 2,
    "cultural_venues": 2,
}
#: Migrants per coordinator, drawn per township.
COORDINATOR_LOAD = (400, 700)
PLACEHOLDER_PHOTO = b"\xff"  # one byte: a Permit needs a photo document
PLACEHOLDER_SHA256 = hashlib.sha256(PLACEHOLDER_PHOTO).hexdigest()
SMALL_BUSINESSES = ("店", "厂", "工作室", "有限公司")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石"
    "廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
MALE_GIVEN = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳建国志文斌海东峰亮成"
FEMALE_GIVEN = "芳娜敏静丽艳娟霞秀玲桂英红梅琳燕萍雪婷慧颖倩洁玉兰凤丹莉晶月琴云佳欣怡悦"
ROADS = {
    "3703": ("人民路", "柳泉路", "华光路", "共青团路", "西五路", "新村路", "联通路", "中润大道", "张周路", "工业路"),
    "3303": ("人民路", "车站大道", "学院路", "府东路", "飞霞路", "锦绣路", "瓯江路", "新城大道", "东游路", "温金路"),
}
BRANDS = "瑞达华鑫宏兴隆盛泰丰恒源昌信永鸿金利嘉德新天远通汇海富顺安康"
INDUSTRIES = (
    "鞋业", "服饰", "机械", "电器", "陶瓷", "化工", "汽配", "建材", "物流", "餐饮", "电子", "包装", "五金", "纺织",
    "印刷", "建筑工程", "眼镜", "阀门", "塑料制品", "商贸",
)  # fmt: skip
OTHER_ETHNICITIES = ("03", "15", "16", "09", "11", "08", "02", "05")
MOBILE_PREFIXES = ("38", "39", "50", "51", "58", "59", "36", "37", "88", "89", "86", "77", "80", "81", "82", "87")
DIGITS = "0123456789"
DEPARTMENTS = ("public_security", "education", "hrss", "justice", "health", "housing", "civil_affairs", "culture")

# Columns in FK order: parents before children. The generator fills one list of dicts per table.
TABLES: tuple[Table, ...] = tuple(
    model.__table__  # type: ignore[attr-defined]
    for model in (
        Account,
        RoleGrant,
        Employer,
        EmployerMember,
        Person,
        RentalProperty,
        Tenancy,
        Employment,
        ResidenceReport,
        ReportEvent,
        Visit,
        Document,
        PermitApplication,
        Permit,
        Endorsement,
        ServiceRequest,
    )
)

_ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
_ID_CHECK = "10X98765432"


def id_check_digit(body: str) -> str:
    """The 18th character of a resident ID number (ISO 7064 MOD 11-2), as stdnum.cn.ric computes it."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def scrambled(n: int, length: int, salt: int, alphabet: str = REFERENCE_ALPHABET) -> str:
    """A code of `length` characters that is a one-to-one function of n (for n below len(alphabet) ** length): an
    affine map modulo that size, written in the alphabet. Distinct ids give distinct codes, run after run."""
    base = len(alphabet)
    value = (n * 7_368_787 + salt) % base**length  # 7368787 is prime, so coprime with 31 ** k and 10 ** k
    chars = []
    for _ in range(length):
        value, digit = divmod(value, base)
        chars.append(alphabet[digit])
    return "".join(chars)


def rental_address(property_id: int, city: str) -> dict[str, str]:
    """A rental's address, made from its id (so the many rentals of a large run need not be kept)."""
    h = (property_id * 2_654_435_761) % 2**32
    return {
        "road": ROADS[city][h % len(ROADS[city])],
        "number": f"{h // 16 % 399 + 1}号",
        "building": f"{h // 8192 % 30 + 1}栋" if h % 10 < 7 else "",
        "unit": f"{h // 262144 % 4 + 1}单元" if h // 8 % 2 else "",
    }


def _cumulative(weights: Iterable[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


class _Pick:
    """Weighted choice from a fixed list: bisect on cumulative weights."""

    def __init__(self, items: dict | list, weights: Iterable[float] | None = None):
        if isinstance(items, dict):
            self.items, weights = list(items), list(items.values())
        else:
            self.items = list(items)
        self.cum = _cumulative(weights if weights is not None else [1] * len(self.items))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random):
        return self.items[bisect(self.cum, rng.random() * self.total)]


# --- the policy decisions ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decided:
    decisions: list  # as stored (rules.to_json)
    profile_id: str
    permit_outcome: str
    permit_from: date | None  # for a "not_yet" permit decision, the day it can be had
    permit_type: str
    validity_months: int | None


class _Decisions:
    """The engine's decisions for a report, computed once per kind of stay and shifted to each arrival date.

    For an adult (inside the profile's age limits on the day of the report) from another province whose report comes
    less than 150 days after arrival, the decisions depend on the profile, the answers and the arrival date only, and
    every date in them (the registration due date, the permit's eligible-from date) is a fixed number of days after
    arrival, unless the profile moves deadlines to working days. Anything else (a 15-year-old, say) is decided by the
    engine directly.
    """

    def __init__(self) -> None:
        self.templates: dict[tuple, tuple | None] = {}
        self.profile_days: dict[tuple[str, date], str] = {}
        self.age_limits: dict[str, tuple[int, int]] = {}  # the ages a template holds for, per profile
        for profile in load_profiles().values():
            permit = profile.params["permit"]
            low = max(permit.get("min_age", 0), permit.get("guardian_below_age", 0))
            high = permit.get("max_age", 200) if not profile.params["periods"]["roll_to_working_day"] else -1
            self.age_limits[profile.id] = (low, high)

    def _profile(self, place_code: str, on: date) -> str:
        key = (place_code[:4], on)
        found = self.profile_days.get(key)
        if found is None:
            found = self.profile_days[key] = profile_for(place_code, on).id
        return found

    @staticmethod
    def _engine(place_code, arrival, created, intended, reason, housing, birth, hukou) -> tuple[str, list]:
        count, unit = STAY_PERIODS[intended]
        answers = SimpleNamespace(
            place=SimpleNamespace(code=place_code),
            arrival_date=arrival,
            stay_count=count,
            stay_unit=unit,
            reason=reason,
            housing_type=housing,
            commuter=False,
            resided_since=None,
            # Rentals here are registered by their landlords (a stable home); people here to work or run a business
            # hold a labour contract or a licence from their arrival (a stable job six or three months on).
            rental=object() if housing == "rental" else None,
            work_proof={"work": "labour_contract", "business": "business_licence"}.get(reason, "none"),
            work_proof_since=None,
            insurance_months=0,
            full_time_study=None,
        )
        stay = rules.stay_facts(answers, employed=False)
        profile, decisions = rules.decide(SimpleNamespace(birth_date=birth, hukou_county_code=hukou), stay, created)
        return profile.id, decisions

    @staticmethod
    def _permit_from(decision) -> date | None:
        """When a permit can be had, for a "not yet" (None otherwise: "eligible" means from the report's day)."""
        return decision.from_date if decision.outcome == "not_yet" else None

    def decide(self, place_code, arrival, created, intended, reason, housing, birth, hukou) -> Decided:
        profile_id = self._profile(place_code, arrival)
        low, high = self.age_limits[profile_id]
        if low <= engine.age_on(birth, created) < high and (created - arrival).days < 150:
            key = (profile_id, intended, reason, housing)
            template = self.templates.get(key, False)
            if template is False:
                template = self.templates[key] = self._template(
                    place_code, arrival, created, intended, reason, housing, birth, hukou
                )
            if template is not None:
                return self._instantiate(template, profile_id, arrival)
        profile_id, decisions = self._engine(place_code, arrival, created, intended, reason, housing, birth, hukou)
        permit = decisions[1]
        params = dict(permit.params)
        return Decided(
            rules.to_json(decisions),
            profile_id,
            permit.outcome,
            self._permit_from(permit),
            params.get("type", "standard"),
            params.get("validity_months"),
        )

    def _template(self, place_code, arrival, created, intended, reason, housing, birth, hukou) -> tuple | None:
        _profile_id, decisions = self._engine(place_code, arrival, created, intended, reason, housing, birth, hukou)
        if any(isinstance(v, date) for d in decisions for v in d.params.values()):
            return None  # a date among the parameters: not shifted here, so decided one by one
        parts = []
        for stored, decision in zip(rules.to_json(decisions), decisions, strict=True):
            due = (decision.due - arrival) if decision.due else None
            start = (decision.from_date - arrival) if decision.from_date else None
            parts.append((stored, due, start))
        permit = decisions[1]
        permit_from = self._permit_from(permit)
        params = dict(permit.params)
        return (
            parts,
            permit.outcome,
            (permit_from - arrival) if permit_from else None,
            params.get("type", "standard"),
            params.get("validity_months"),
        )

    @staticmethod
    def _instantiate(template: tuple, profile_id: str, arrival: date) -> Decided:
        parts, outcome, permit_from, permit_type, months = template
        stored = []
        for shared, due, start in parts:
            if due is None and start is None:
                stored.append(shared)  # the same dict for many rows: it is only read
                continue
            own = dict(shared)
            if due is not None:
                own["due"] = (arrival + due).isoformat()
            if start is not None:
                own["from_date"] = (arrival + start).isoformat()
            stored.append(own)
        start_day = arrival + permit_from if permit_from is not None else None
        return Decided(stored, profile_id, outcome, start_day, permit_type, months)


def _day(stored: datetime) -> date:
    """China's day of a stored (naive UTC) time."""
    return clock.local(stored).date()


# --- the generator -----------------------------------------------------------------------------------------------


class _Generator:
    def __init__(self, connection, migrants: int, seed: int, cities: tuple[str, ...], batch: int, echo, today: date):
        self.conn = connection
        self.migrants, self.batch, self.echo, self.today = migrants, batch, echo, today
        self.cities = cities
        self.rng = random.Random(seed)
        # Times are stored as naive UTC (webapp.clock); days are China's. Everything happened before today began.
        self.now = clock.start_of_day(today)
        self.yesterday = today - timedelta(days=1)
        self.next_id = {t.name: (connection.scalar(select(func.max(t.c.id))) or 0) + 1 for t in TABLES}
        connection.commit()
        self.counts = {t.name: 0 for t in TABLES}
        self.rows: dict[str, list[dict]] = {t.name: [] for t in TABLES}
        self.decisions = _Decisions()
        self.catalogue = {s.code: s for s in load_catalogue()}
        self.service_pick = _Pick({c: w for c, w in SERVICE_WEIGHTS.items() if c in self.catalogue})
        self.properties: dict[int, list[tuple[int, int]]] = {}  # community index -> rentals (id, landlord)
        self.landlords: dict[int, list[int]] = {}  # community index -> landlord accounts
        self.started = time.perf_counter()

    # --- small helpers ---

    def new_id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def at(self, day: date) -> datetime:
        """A moment in office hours (China time) on `day` (never today or later), as stored: naive UTC."""
        moment = clock.start_of_day(day) + timedelta(seconds=self.rng.randrange(8 * 3600, 21 * 3600))
        return min(moment, self.now - timedelta(minutes=1))

    def later(self, moment: datetime, max_days: int) -> datetime:
        """A moment up to `max_days` after `moment` (never today or later)."""
        return min(moment + timedelta(seconds=self.rng.randrange(3600, max(2, max_days) * 86400)), self.now)

    def name(self, male: bool) -> str:
        rng = self.rng
        given = MALE_GIVEN if male else FEMALE_GIVEN
        surname = self.surname(rng)
        return surname + rng.choice(given) + (rng.choice(given) if rng.random() < 0.7 else "")

    def phone(self) -> str:
        return "1" + self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def account(self, display_name: str, created: datetime, role: str | None, place_id=None, department=None) -> int:
        account_id = self.new_id("account")
        self.rows["account"].append(
            {
                "id": account_id,
                "reference": scrambled(account_id, 8, 101),
                "display_name": display_name,
                "user_handle": hashlib.sha256(b"xinju-synthetic-account:%d" % account_id).digest(),
                "locale": None,
                "created_at": created,
                "deactivated_at": None,
            }
        )
        if role:
            self.grant(account_id, role, created, place_id, department)
        return account_id

    def grant(self, account_id: int, role: str, created: datetime, place_id=None, department=None) -> None:
        self.rows["role_grant"].append(
            {
                "id": self.new_id("role_grant"),
                "account_id": account_id,
                "role": role,
                "place_id": place_id,
                "department": department,
                "granted_by_id": None,
                "created_at": created,
            }
        )

    def take_rows(self) -> dict[str, list[dict]]:
        rows, self.rows = self.rows, {t.name: [] for t in TABLES}
        return rows

    def insert(self, rows: dict[str, list[dict]]) -> None:
        """One transaction: every table's rows, parents first."""
        for table in TABLES:
            pending = rows[table.name]
            if pending:
                self.conn.execute(insert(table), pending)
                self.counts[table.name] += len(pending)
        self.conn.commit()

    def flush(self) -> None:
        self.insert(self.take_rows())

    # --- set-up: places, distributions, staff, employers ---

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
        share = {city: CITY_SHARE[city] / sum(CITY_SHARE[c] for c in self.cities) for city in self.cities}
        sizes = [rng.lognormvariate(0, 1.0) for _ in self.comm_id]
        city_total = dict.fromkeys(self.cities, 0.0)
        for size, city in zip(sizes, self.comm_city, strict=True):
            city_total[city] += size
        weights = [s * share[c] / city_total[c] for s, c in zip(sizes, self.comm_city, strict=True)]
        everywhere = _Pick(list(range(len(weights))), weights)
        self.city_communities = {}
        for city in self.cities:
            members = [i for i, c in enumerate(self.comm_city) if c == city]
            self.city_communities[city] = _Pick(members, [weights[i] for i in members])
        self.home = array("H" if len(weights) < 65536 else "L", (everywhere(rng) for _ in range(self.migrants)))
        self.community_count = [0] * len(self.comm_id)
        for index in self.home:
            self.community_count[index] += 1

        # Days ago of a first report: seasonal, and more in recent months.
        by_offset = {}
        for offset in range(1, HISTORY_DAYS + 1):
            day = self.today - timedelta(days=offset)
            by_offset[offset] = SEASON[day.month - 1] * (1.5 - 0.5 * offset / HISTORY_DAYS)
        self.offsets = _Pick(by_offset)

        table = divisions()
        self.hukou = {}
        for city in self.cities:
            counties, county_weights = [], []
            for province, weight in SOURCE_PROVINCES[city].items():
                found = [d.code for d in table.values() if d.level == "county" and d.code.startswith(province)]
                counties.extend(found)
                county_weights.extend([weight / len(found)] * len(found))
            self.hukou[city] = _Pick(counties, county_weights)
        self.housing = {city: _Pick(HOUSING[city]) for city in self.cities}
        self.reason = _Pick(REASONS)
        self.intended = _Pick(INTENDED_STAYS)
        self.status = _Pick(STATUSES)
        self.surname = _Pick(list(SURNAMES), [1 / (i + 8) for i in range(len(SURNAMES))])
        self.id_buckets = self.existing_id_buckets()

    def existing_id_buckets(self) -> dict[tuple[str, int], int]:
        """People already in the table, per (county, birth year): new ID numbers take the places after theirs."""
        county, year = func.substr(Person.id_number, 1, 6), func.substr(Person.id_number, 7, 4)
        buckets = {}
        for found_county, found_year, count in self.conn.execute(
            select(county, year, func.count()).where(Person.id_number.is_not(None)).group_by(county, year)
        ):
            if found_year and found_year.isdigit():
                buckets[(found_county, int(found_year))] = count
        self.conn.commit()
        return buckets

    def id_number(self, county: str, year: int, male: bool) -> tuple[str, date]:
        """A unique ID number and its birth date, for a person from `county` born in `year`.

        The n-th person of a (county, year) gets the day of the year and the sequence number from n, one to one
        (n below 182,500): numbers never repeat, and no set of used numbers is kept."""
        key = (county, year)
        n = self.id_buckets.get(key, 0)
        self.id_buckets[key] = n + 1
        if n >= 365 * 500:
            raise RuntimeError(f"more than {365 * 500} people from {county} born in {year}")
        spread = int(county) * 31 + year
        day_of_year = (n * 149 + spread) % 365  # 149 is coprime with 365
        sequence = ((n // 365) * 37 + spread) % 500 * 2 + (1 if male else 0)  # the last digit odd for men
        birth = date(year, 1, 1) + timedelta(days=day_of_year)
        body = f"{county}{birth:%Y%m%d}{sequence:03d}"
        return body + id_check_digit(body), birth

    def create_staff(self) -> None:
        rng = self.rng
        start = self.at(self.today - timedelta(days=HISTORY_DAYS + 60))
        # Coordinators: per township, one per 400-700 of its migrants. Each takes the next communities in code order
        # up to its share of the migrants; a community across a cut is shared.
        townships: dict[int, list[int]] = {}
        for index, township in enumerate(self.comm_township):
            townships.setdefault(township, []).append(index)
        self.comm_coordinators: list[list[int]] = [[] for _ in self.comm_id]
        for township in sorted(townships, key=lambda t: self.township_code[t]):
            members = townships[township]
            migrants = sum(self.community_count[i] for i in members)
            if migrants == 0:
                continue
            wanted = max(1, round(migrants / rng.uniform(*COORDINATOR_LOAD)))
            share = migrants / wanted
            accounts = [self.account(self.name(rng.random() < 0.4), start, None) for _ in range(wanted)]
            seen = 0
            for index in members:
                count = self.community_count[index]
                first = min(wanted - 1, int(seen / share))
                last = min(wanted - 1, int((seen + max(count, 1) - 1) / share))
                for k in range(first, last + 1):
                    self.comm_coordinators[index].append(accounts[k])
                    self.grant(accounts[k], "coordinator", start, place_id=self.comm_id[index])
                seen += count
        # Officers: in every county, one per department and a second for public security (permits).
        self.officers: dict[tuple[int, str], list[int]] = {}
        for county in self.counties:
            for department in (*DEPARTMENTS, "public_security"):
                officer = self.account(self.name(rng.random() < 0.5), start, "officer", county, department)
                self.officers.setdefault((county, department), []).append(officer)
        self.flush()

    def create_employers(self) -> None:
        """A few employers with hundreds of workers, many with a handful (Pareto sizes), each with an HR account."""
        rng = self.rng
        created = self.at(self.today - timedelta(days=HISTORY_DAYS + 30))
        self.employers: dict[str, _Pick] = {}
        self.employer_info: dict[int, tuple[str, str, int]] = {}  # id -> name, USCC, HR account
        for city in self.cities:
            migrants = sum(c for c, k in zip(self.community_count, self.comm_city, strict=True) if k == city)
            wanted = max(3, round(migrants * 0.7 * LINKED_EMPLOYER / 15))
            ids, weights = [], []
            for _ in range(wanted):
                employer_id = self.new_id("employer")
                index = self.city_communities[city](rng)
                name = f"{CITY_NAMES[city]}{rng.choice(BRANDS)}{rng.choice(BRANDS)}{rng.choice(INDUSTRIES)}有限公司"
                body = "91" + self.comm_code[index][:6] + scrambled(employer_id, 9, 7, DIGITS)
                code = body + uscc.calc_check_digit(body)
                self.rows["employer"].append(
                    {
                        "id": employer_id,
                        "name": name,
                        "uscc": code,
                        "place_id": self.comm_id[index],
                        "created_at": created,
                    }
                )
                contact = self.account(self.name(rng.random() < 0.5), created, "employer")
                self.rows["employer_member"].append(
                    {"id": self.new_id("employer_member"), "employer_id": employer_id, "account_id": contact}
                )
                self.employer_info[employer_id] = (name, code, contact)
                ids.append(employer_id)
                weights.append(min(rng.paretovariate(1.3), 400.0))
            self.employers[city] = _Pick(ids, weights)
        self.flush()

    # --- one migrant ---

    def migrant(self, home: int) -> None:
        rng = self.rng
        city = self.comm_city[home]
        fate = rng.random()
        change = "move" if fate < MOVE else "new_job" if fate < MOVE + NEW_JOB else None
        leaves = change is None and fate < MOVE + NEW_JOB + DEREGISTERED
        offset = self.offsets(rng)
        if (change or leaves) and offset < 60:
            offset = 60 + offset * 7 % (HISTORY_DAYS - 60)
        first_day = self.today - timedelta(days=offset)
        late = rng.random() < LATE
        lag = rng.randint(4, 45) if late else rng.choice((0, 0, 0, 0, 1, 1, 1, 2, 2, 3))
        arrival = first_day - timedelta(days=lag)

        male = rng.random() < 0.56
        age = 16 + int(rng.betavariate(2.0, 3.5) * 50) if rng.random() < 0.98 else rng.randint(66, 74)
        hukou = self.hukou[city](rng)
        id_number, birth = self.id_number(hukou, arrival.year - age, male)
        person_id = self.new_id("person")
        created = self.at(first_day)
        self.rows["person"].append(
            {
                "id": person_id,
                "account_id": None,
                "name": self.name(male),
                "sex": "male" if male else "female",
                "ethnicity": "01" if rng.random() < 0.95 else rng.choice(OTHER_ETHNICITIES),
                "birth_date": birth,
                "id_number": id_number,
                "phone": self.phone(),
                "hukou_county_code": hukou,
                "household_of_id": None,
                "relation": "self",
                "created_at": created,
                "updated_at": created,
            }
        )
        person = (person_id, birth, hukou)
        reason, intended, housing = self.reason(rng), self.intended(rng), self.housing[city](rng)
        employed = rng.random() < EMPLOYED.get(reason, 0.2)
        stay = (reason, intended, housing, employed)

        if change is None:
            if not leaves:
                self.report(person, home, arrival, created, late, stay)
                return
            left = first_day + timedelta(days=rng.randint(20, offset - 1))
            self.report(person, home, arrival, created, late, stay, ended=(left, "deregistered"))
            return
        # Two reports: the first ended by the change, the second current.
        second_late = rng.random() < LATE
        second_lag = rng.randint(15, 60) if second_late else rng.randint(0, 3)
        room = offset - 30 - second_lag
        if room < 1:
            second_late, second_lag, room = False, 0, offset - 30
        changed = first_day + timedelta(days=rng.randint(30, 29 + room))
        first_home = self.city_communities[city](rng) if change == "move" else home
        first = self.report(person, first_home, arrival, created, late, stay, ended=(changed, change))
        second_created = self.at(min(changed + timedelta(days=second_lag), self.yesterday))
        if change == "move":
            stay = (reason, intended, self.housing[city](rng), employed)
        else:
            stay = (reason, intended, housing, True)
        self.report(person, home, changed, second_created, second_late, stay, change=(change, first))

    def report(self, person, home, arrival, created, late, stay, *, ended=None, change=None) -> dict:
        """A residence report with its tenancy and employment, events, visit, permit and service requests.

        `ended`: (day, why) for a report that has ended; `change`: (kind, previous report) for a move or new job."""
        rng = self.rng
        person_id, birth, hukou = person
        reason, intended, housing, employed = stay
        city = self.comm_city[home]
        kind, previous = change or ("initial", None)
        decided = self.decisions.decide(
            self.comm_code[home], arrival, _day(created), intended, reason, housing, birth, hukou
        )
        report_id = self.new_id("residence_report")
        status = "ended" if ended else self.status(rng)

        # Claims: a new tenancy and a new job, unless carried over from the previous report.
        claims = []  # (party, claim row, the account that answers it)
        tenancy = employment = None
        if kind == "new_job":
            tenancy_id = previous["tenancy_id"]
        elif housing == "rental":
            tenancy, landlord, address = self.tenancy(person_id, home, arrival, created)
            tenancy_id = tenancy["id"]
            claims.append(("landlord", tenancy, landlord))
        else:
            tenancy_id = None
        if kind == "move":
            employment_id = previous["employment_id"]
        elif employed:
            employment, contact = self.employment(person_id, city, arrival, created)
            employment_id = employment["id"]
            if contact is not None:
                claims.append(("employer", employment, contact))
        else:
            employment_id = None
        if status == "confirmed" and not claims:
            status = "verified"  # nothing for a landlord or employer to confirm: a coordinator verified it
        if tenancy is None:
            if kind == "new_job":
                address = {k: previous[k] for k in ("road", "number", "building", "unit")}
            else:
                address = {
                    "road": rng.choice(ROADS[city]),
                    "number": f"{rng.randint(1, 399)}号",
                    "building": f"{rng.randint(1, 30)}栋",
                    "unit": f"{rng.randint(1, 4)}单元",
                }

        every_field = ["address", "room", "housing", "arrival", "stay", "workplace"]
        events = [(created, None, "migrant", "submitted", every_field, "")]
        version, last = 1, created
        answered = {"confirmed": 1.0, "verified": 0.8, "ended": 0.8, "submitted": 0.0}[status]
        for party, claim, actor in claims:
            if rng.random() < answered:
                when = self.later(created, 5)
                claim["status"], claim["answered_at"] = "confirmed", when
                fields = ["address", "room", "housing"] if party == "landlord" else ["workplace"]
                events.append((when, actor, party, "confirmed", fields, ""))
                version += 1
                last = max(last, when)
        if status == "verified":
            coordinator = rng.choice(self.comm_coordinators[home])
            recorded = self.later(last, 45)
            self.visit(report_id, city, coordinator, recorded, version)
            events.append((recorded, coordinator, "coordinator", "verified", every_field, ""))
            version += 1
            last = recorded
        ended_on, end_reason = ended or (None, None)
        if ended_on:
            when = self.at(ended_on)
            events.append((when, None, "migrant", "ended", [], end_reason))
            version += 1
            last = max(last, when)
            if tenancy is not None and end_reason != "new_job":
                tenancy["ended_on"] = ended_on
            if employment is not None and end_reason in ("new_job", "deregistered"):
                employment["ended_on"] = ended_on

        row = {
            "id": report_id,
            "receipt": scrambled(report_id, 10, 211),
            "person_id": person_id,
            "submitted_by_id": None,
            "kind": kind,
            "previous_id": previous["id"] if previous else None,
            "place_id": self.comm_id[home],
            **address,
            "room": f"{rng.randint(1, 18)}{rng.randint(1, 6):02d}",
            "housing_type": housing,
            "tenancy_id": tenancy_id,
            "employment_id": employment_id,
            "arrival_date": arrival,
            "stay_count": STAY_PERIODS[intended][0],
            "stay_unit": STAY_PERIODS[intended][1],
            "reason": reason,
            "commuter": False,
            "status": status,
            "status_reason": "",
            "changed_on": arrival if previous else None,
            "late": late,
            "ended_on": ended_on,
            "end_reason": end_reason,
            "profile_id": decided.profile_id,
            "decisions": decided.decisions,
            "version": version,
            "created_at": created,
            "updated_at": last,
        }
        self.rows["residence_report"].append(row)
        for at, actor, party, action, fields, why in events:
            self.rows["report_event"].append(
                {
                    "id": self.new_id("report_event"),
                    "report_id": report_id,
                    "at": at,
                    "actor_id": actor,
                    "party": party,
                    "action": action,
                    "fields": fields,
                    "reason": why,
                }
            )

        # A permit: on most reports whose decision allows one, once it does; revoked when the person left.
        permit_from = _day(created) if decided.permit_outcome == "eligible" else decided.permit_from
        if end_reason == "deregistered":
            if permit_from and permit_from <= ended_on - timedelta(days=30) and rng.random() < PERMIT_BEFORE_LEAVING:
                permit = self.permit(person_id, report_id, decided, home, permit_from, ended_on - timedelta(days=1))
                if permit is not None:
                    permit["revoked_on"], permit["revoked_reason"] = ended_on, "deregistered"
        elif ended_on is None:
            if permit_from and permit_from <= self.today - timedelta(days=20) and rng.random() < APPLY:
                self.permit(person_id, report_id, decided, home, permit_from, self.yesterday)
            if rng.random() < SERVICE_REQUESTS:
                self.service_request(person_id, home, created)
        return row

    def tenancy(self, person_id: int, home: int, arrival: date, created: datetime) -> tuple[dict, int, dict]:
        """A tenancy in a rental of the community (now and then a new one, with a new landlord or not)."""
        rng = self.rng
        city = self.comm_city[home]
        rentals = self.properties.setdefault(home, [])
        if not rentals or rng.random() < 0.3:
            landlords = self.landlords.setdefault(home, [])
            if not landlords or rng.random() < 0.6:
                landlords.append(self.account(self.name(rng.random() < 0.5), created, "landlord"))
            landlord = landlords[-1] if rng.random() < 0.7 else rng.choice(landlords)
            property_id = self.new_id("rental_property")
            self.rows["rental_property"].append(
                {
                    "id": property_id,
                    "landlord_id": landlord,
                    "code": scrambled(property_id, 8, 307),
                    "place_id": self.comm_id[home],
                    **rental_address(property_id, city),
                    "landlord_phone": "1" + MOBILE_PREFIXES[landlord % 16] + scrambled(landlord, 8, 13, DIGITS),
                    "created_at": created,
                }
            )
            rental = (property_id, landlord)
            rentals.append(rental)
        else:
            rental = rng.choice(rentals)
        property_id, landlord = rental
        row = {
            "id": self.new_id("tenancy"),
            "person_id": person_id,
            "property_id": property_id,
            "room_id": None,
            "started_on": arrival,
            "ended_on": None,
            "ended_reported_at": None,
            "status": "pending",
            "answer_reason": "",
            "answered_at": None,
            "answer_due": add_working_days(_day(created), 3),
            "created_at": created,
        }
        self.rows["tenancy"].append(row)
        return row, landlord, rental_address(property_id, city)

    def employment(self, person_id: int, city: str, arrival: date, created: datetime) -> tuple[dict, int | None]:
        """A job: with an employer in Xinju (returns its HR account, who answers), or a name only ("unlinked")."""
        rng = self.rng
        if rng.random() < LINKED_EMPLOYER:
            employer_id = self.employers[city](rng)
            name, code, contact = self.employer_info[employer_id]
            code = code if rng.random() < 0.5 else None
        else:
            employer_id, code, contact = None, None, None
            name = rng.choice(BRANDS) + rng.choice(BRANDS) + rng.choice(INDUSTRIES) + rng.choice(SMALL_BUSINESSES)
        row = {
            "id": self.new_id("employment"),
            "person_id": person_id,
            "employer_id": employer_id,
            "employer_name": name,
            "employer_uscc": code,
            "started_on": arrival,
            "ended_on": None,
            "source": "employer" if contact and rng.random() < 0.15 else "migrant",
            "status": "pending" if contact else "unlinked",
            "answer_reason": "",
            "answered_at": None,
            "answer_due": add_working_days(_day(created), 3) if contact else None,
            "created_at": created,
        }
        self.rows["employment"].append(row)
        return row, contact

    def visit(self, report_id: int, city: str, coordinator: int, recorded: datetime, seen_version: int) -> None:
        rng = self.rng
        visit_id = self.new_id("visit")
        shared = rng.random() < 0.6  # the coordinator chose to share their position
        lat, lon = CITY_CENTRES[city]
        self.rows["visit"].append(
            {
                "id": visit_id,
                "client_id": f"synthetic-{visit_id:012d}",
                "coordinator_id": coordinator,
                "report_id": report_id,
                "outcome": "confirmed",
                "corrections": {},
                "notes": "",
                "latitude": round(lat + rng.uniform(-0.2, 0.2), 5) if shared else None,
                "longitude": round(lon + rng.uniform(-0.2, 0.2), 5) if shared else None,
                "accuracy_m": round(rng.uniform(5, 80), 1) if shared else None,
                "recorded_at": recorded,
                "received_at": self.later(recorded, 2) if rng.random() < 0.3 else recorded,  # some sent offline
                "seen_version": seen_version,
                "server_version": seen_version,
                "conflict": False,
                "seen": {},
                "server": {},
                "state": "applied",
                "resolved_at": None,
                "resolved_by_id": None,
            }
        )

    def permit(self, person_id, report_id, decided: Decided, home, start: date, until: date) -> dict | None:
        """An application from `start`, with a permit when approved by `until` (its latest renewal, for a
        fixed-term permit that was renewed). Returns the permit's row."""
        rng = self.rng
        county = self.comm_county[home]
        room = (until - start).days
        if room < 3:
            return None
        submitted_day = start + timedelta(days=min(room - 2, int(rng.expovariate(1 / 30))))
        decided_day = submitted_day + timedelta(days=rng.randint(1, 14))
        if decided_day > until:
            status = "submitted"
        else:
            status = "approved" if rng.random() < APPROVE else rng.choice(("refused", "refused", "missing"))
        document_id = self.new_id("document")
        self.rows["document"].append(
            {
                "id": document_id,
                "person_id": person_id,
                "kind": "photo",
                "content_type": "image/jpeg",
                "size": len(PLACEHOLDER_PHOTO),
                "width": 1,
                "height": 1,
                "sha256": PLACEHOLDER_SHA256,
                "data": PLACEHOLDER_PHOTO,
                "uploaded_by_id": None,
                "created_at": self.at(submitted_day),
            }
        )
        months = decided.validity_months
        kind, issued = "new", decided_day
        if status == "approved" and months:
            # A fixed-term permit that ran out was mostly renewed: the current one is then the latest renewal.
            while engine.anniversary(issued, months // 12) <= until and rng.random() < RENEW:
                issued = engine.anniversary(issued, months // 12) - timedelta(days=rng.randint(0, 25))
                kind = "renewal"
            if kind == "renewal":
                submitted_day = issued - timedelta(days=rng.randint(1, 10))
        decided_by = (
            rng.choice(self.officers[(county, "public_security")]) if status in ("approved", "refused") else None
        )
        application_id = self.new_id("permit_application")
        documents = {"photo": document_id, "residence_proof": document_id, "employment_proof": document_id}
        self.rows["permit_application"].append(
            {
                "id": application_id,
                "person_id": person_id,
                "report_id": report_id,
                "county_id": county,
                "kind": kind,
                "permit_type": decided.permit_type,
                "validity_months": months,
                "profile_id": decided.profile_id,
                "status": status,
                "documents": documents,
                "missing": ["employment_or_study_proof"] if status == "missing" else [],
                "reason": {"refused": "不符合申领条件", "missing": "请补充材料"}.get(status, ""),
                "submitted_at": self.at(submitted_day),
                "target_date": submitted_day + timedelta(days=15),
                "decided_at": self.at(issued) if decided_by else None,
                "decided_by_id": decided_by,
                "replaces_id": None,
            }
        )
        if status != "approved":
            return None
        permit_id = self.new_id("permit")
        permit = {
            "id": permit_id,
            "number": self.comm_code[home][:4] + scrambled(permit_id, 8, 41, DIGITS),
            "person_id": person_id,
            "application_id": application_id,
            "county_id": county,
            "permit_type": decided.permit_type,
            "profile_id": decided.profile_id,
            "photo_id": document_id,
            "issued_on": issued,
            "valid_until": engine.anniversary(issued, months // 12) - timedelta(days=1) if months else None,
            "revoked_on": None,
            "revoked_reason": "",
            "created_at": self.at(issued),
        }
        self.rows["permit"].append(permit)
        if months is None:
            self.endorsements(permit_id, decided.profile_id, issued, until)
        return permit

    def endorsements(self, permit_id: int, profile_id: str, issued: date, until: date) -> None:
        """Yearly endorsements: most in their window; a missed one lapses the permit, and none follow."""
        rng = self.rng
        profile = load_profiles()[profile_id]
        if profile.params["permit"]["scheme"] != "residence_and_condition":
            return
        year = 1
        while True:
            first, last = engine.endorsement_window(profile, issued, year)
            if first > until:
                return
            if last <= until:
                if rng.random() >= ENDORSE:
                    return  # missed: the permit has lapsed
                closes = last
            else:  # the window is open: endorsed so far, or not yet
                closes = until
                if rng.random() >= 0.6 * ((until - first).days + 1) / ((last - first).days + 1):
                    return
            self.rows["endorsement"].append(
                {
                    "id": self.new_id("endorsement"),
                    "permit_id": permit_id,
                    "year": year,
                    "endorsed_on": first + timedelta(days=rng.randint(0, (closes - first).days)),
                }
            )
            year += 1

    def service_request(self, person_id: int, home: int, since: datetime) -> None:
        rng = self.rng
        code = self.service_pick(rng)
        service = self.catalogue[code]
        county = self.comm_county[home]
        created = self.later(since, max(1, (self.now - since).days))
        target = add_working_days(_day(created), service.target_days)
        if target < self.today:  # past its target: mostly answered, some still open (overdue)
            status = rng.choices(("completed", "refused", "in_progress", "accepted", "submitted"), (70, 8, 10, 5, 7))[0]
        else:
            status = rng.choices(("submitted", "accepted", "in_progress", "completed"), (40, 30, 25, 5))[0]
        request_id = self.new_id("service_request")
        handled = status != "submitted"
        self.rows["service_request"].append(
            {
                "id": request_id,
                "reference": scrambled(request_id, 8, 503),
                "person_id": person_id,
                "service_code": code,
                "department": service.department,
                "county_id": county,
                "details": "",
                "documents": [],
                "status": status,
                "reason": "不符合条件" if status == "refused" else "",
                "target_date": target,
                "created_at": created,
                "updated_at": self.later(created, 20) if handled else created,
                "handled_by_id": rng.choice(self.officers[(county, service.department)]) if handled else None,
            }
        )

    # --- the run ---

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


def _ensure_places(cities: tuple[str, ...], echo) -> None:
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


def _sync_sequences(connection, tables: Iterable[str]) -> None:
    """PostgreSQL: ids were given here, so move each table's sequence past them."""
    for name in tables:
        connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT MAX(id) FROM {name}))"))
    connection.commit()


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

    Returns the rows added per table. The same seed, cities and day give the same data."""
    cities = tuple(dict.fromkeys(cities))
    unknown = [c for c in cities if c not in CITY_SHARE]
    if unknown or not cities:
        raise ValueError(f"cities must be among {', '.join(CITY_SHARE)}, not {', '.join(unknown) or 'none'}")
    if migrants < 1 or batch < 1:
        raise ValueError("migrants and batch must be at least 1")
    started = time.perf_counter()
    today = today or clock.today()
    _ensure_places(cities, echo)
    db.session.remove()
    echo(f"generating {migrants:,} migrants (seed {seed}, cities {', '.join(cities)})")
    with db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        synchronous = None
        if sqlite:
            synchronous = connection.exec_driver_sql("PRAGMA synchronous").scalar()
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
            connection.exec_driver_sql("PRAGMA synchronous=OFF")
        try:
            counts = _Generator(connection, migrants, seed, cities, batch, echo, today).run()
        except BaseException:
            connection.rollback()
            raise
        finally:
            if sqlite:
                connection.exec_driver_sql(f"PRAGMA synchronous={int(synchronous)}")
                connection.commit()
        if connection.dialect.name == "postgresql":
            _sync_sequences(connection, [name for name, count in counts.items() if count])
        # The planner's statistics must know the tables' new sizes before the first query (autovacuum comes later):
        # stale ones made PostgreSQL hash a whole table for a caseload's 500 rentals (130 ms instead of 4 ms).
        echo("updating the query planner's statistics")
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
    elapsed = time.perf_counter() - started
    for name, count in counts.items():
        echo(f"  {name:<20} {count:>10,}")
    echo(f"done in {elapsed:.1f}s")
    return counts


@bp.cli.command("generate")
@click.option(
    "--migrants",
    type=click.IntRange(min=1, max=1_000_000),
    default=10_000,
    show_default=True,
    help="How many (up to 1,000,000: the size measured).",
)
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed and day give the same data.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day the data is generated as of (YYYY-MM-DD; default: today): dates are counted back from it.",
)
@click.option(
    "--city",
    "cities",
    multiple=True,
    type=click.Choice(CITIES),
    help="Only this city (3703 Zibo, 3303 Wenzhou); repeatable. Default: both.",
)
@click.option("--batch", type=click.IntRange(min=1000), default=10_000, show_default=True, help="Migrants per commit.")
def generate_command(migrants: int, seed: int, today, cities: tuple[str, ...], batch: int) -> None:
    """Fill the communities with synthetic migrants, reports, visits, permits and service requests."""
    from webapp.admin.stats import refresh_all

    # --today moves the app's clock for the whole command: the data and the summaries counted after it are as of
    # that day.
    with clock.pinned_at(today.date()) if today else nullcontext():
        generate(migrants, seed, cities or CITIES, batch=batch, echo=click.echo, today=clock.today())
        click.echo("counting the dashboards' summaries…")
        refresh_all()  # bulk inserts bypass the ORM, so the summaries are recounted once at the end
