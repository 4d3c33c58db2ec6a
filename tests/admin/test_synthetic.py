"""The synthetic data generator: a realistic spread over the real communities, valid and unique ID numbers,
reproducible from its seed, and its command."""

import hashlib
from collections import Counter
from datetime import date, timedelta
from statistics import median

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from webapp import clock
from webapp.accounts.models import RoleGrant
from webapp.employers.models import Employment
from webapp.people.models import Person
from webapp.people.reference import check_id_number
from webapp.permits import rules as permit_rules
from webapp.permits.models import Permit
from webapp.places.models import Place
from webapp.policy.engine import age_on
from webapp.privacy.models import PrivacyConsent
from webapp.registrations import lifecycle
from webapp.registrations.models import ResidenceReport
from webapp.services.models import ServiceRequest
from webapp.summaries.models import CommunityStats
from webapp.synthetic.cli import bp
from webapp.synthetic.distributions import CITIES, HISTORY_DAYS
from webapp.synthetic.generator import Generator, Refused, generate
from webapp.synthetic.places import ensure_places
from webapp.visits.models import Visit

MIGRANTS, SEED = 2000, 7


def quiet(_line: str) -> None:
    pass


def table_counts(db) -> dict[str, int]:
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def empty_database(db) -> None:
    """As the db fixture does after each test."""
    db.session.rollback()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
    db.session.remove()


def fingerprint(db) -> str:
    people = db.session.execute(select(Person.name, Person.id_number, Person.birth_date)).all()
    # ID numbers are encrypted (each time differently): sorted once read, not by the database.
    return hashlib.sha256(repr(sorted(people, key=lambda p: p.id_number)).encode()).hexdigest()


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def whole_months(first: date, last: date) -> list[tuple[int, int]]:
    """The calendar months that lie entirely within first..last (both included)."""
    months, year, month = [], first.year, first.month
    while True:
        start = date(year, month, 1)
        end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        if start > last:
            return months
        if start >= first and end <= last:
            months.append((year, month))
        year, month = year + month // 12, month % 12 + 1


@pytest.mark.summaries_out_of_date  # generate() bulk-loads; `flask synthetic generate` recounts after it
def test_a_realistic_spread_over_the_real_communities(db):
    today = clock.today()  # whatever the day: make test-dates runs this on the 1st of a month and on 29 February
    counts = generate(MIGRANTS, SEED, cities=("3703", "3303"), batch=700, echo=quiet, today=today)
    in_db = table_counts(db)
    assert {name: in_db[name] for name in counts} == counts
    assert counts["person"] == MIGRANTS
    assert MIGRANTS * 1.03 <= counts["residence_report"] <= MIGRANTS * 1.08  # a move or a new job: two reports
    assert_the_jobs_board_in_proportion(db, today)

    reports = db.session.scalars(select(ResidenceReport)).all()
    places = {p.id: p for p in db.session.scalars(select(Place))}
    assert all(places[r.place_id].level == "community" for r in reports)
    current = [r for r in reports if lifecycle.is_current(r)]
    assert len({r.person_id for r in current}) == len(current)  # one current report per person
    status = Counter(r.status for r in current)
    assert 0.48 <= share(status["verified"], len(current)) <= 0.62
    assert 0.18 <= share(status["confirmed"], len(current)) <= 0.32
    assert 0.13 <= share(status["submitted"], len(current)) <= 0.27
    ended = [r for r in reports if r.ended_on is not None]
    assert 0.05 <= share(len(ended), len(reports)) <= 0.12
    assert {r.end_reason for r in ended} == {"move", "new_job", "deregistered"}
    assert all(r.status == "ended" for r in ended)
    assert 0.02 <= share(sum(r.late for r in reports), len(reports)) <= 0.09
    zibo = sum(places[r.place_id].code.startswith("3703") for r in current)
    assert 0.34 <= share(zibo, len(current)) <= 0.46
    # Arrivals and departures by month over two years: reports are sent on the days before today, back to
    # HISTORY_DAYS; every month wholly inside that span has its share. Days and months are China's.
    sent = [clock.local(r.created_at).date() for r in reports]
    months = Counter((day.year, day.month) for day in sent)
    whole = whole_months(today - timedelta(days=HISTORY_DAYS), today - timedelta(days=1))
    assert len(whole) >= 22 and min(months[m] for m in whole) >= 30
    assert min(sent) >= today - timedelta(days=740)
    assert max(sent) < today
    assert all(r.decisions and r.decisions[0]["topic"] == "registration" for r in reports)

    # People: valid, unique ID numbers; hukou in another province; mostly 16 to 65.
    people = db.session.scalars(select(Person)).all()
    numbers = [p.id_number for p in people]
    assert len(set(numbers)) == len(numbers)
    assert all(check_id_number(p.id_number, p.birth_date) == (p.id_number, None) for p in people)
    home_province = {r.person_id: places[r.place_id].code[:2] for r in current}
    assert all(p.hukou_county_code[:2] != home_province[p.id] for p in people if p.id in home_province)
    ages = [age_on(p.birth_date, today) for p in people]
    assert share(sum(16 <= a <= 67 for a in ages), len(ages)) >= 0.95

    # Coordinators: one per 400-700 migrants of a township; every verified report has one visit, by a coordinator
    # of its community.
    verified = [r for r in current if r.status == "verified"]
    visits = db.session.scalars(select(Visit)).all()
    assert sorted(v.report_id for v in visits) == sorted(r.id for r in verified)
    grants = {
        (g.account_id, g.place_id) for g in db.session.scalars(select(RoleGrant).where(RoleGrant.role == "coordinator"))
    }
    by_id = {r.id: r for r in reports}
    assert all((v.coordinator_id, by_id[v.report_id].place_id) in grants for v in visits)
    # A position is kept with a visit only when its coordinator consented to it, before the visit (webapp/privacy).
    consents = {
        c.account_id: c.given_at
        for c in db.session.scalars(select(PrivacyConsent).where(PrivacyConsent.item == "visit_location"))
    }
    located = [v for v in visits if v.latitude is not None]
    assert located and len(located) < len(visits)
    assert all(v.coordinator_id in consents and consents[v.coordinator_id] <= v.recorded_at for v in located)
    assert all(v.longitude is not None and v.accuracy_m is not None for v in located)
    assert {account_id for account_id, _place in grants} >= set(consents)
    township_migrants, township_coordinators = Counter(), {}
    for r in current:
        township_migrants[places[r.place_id].parent_id] += 1
    for account_id, place_id in grants:
        township_coordinators.setdefault(places[place_id].parent_id, set()).add(account_id)
    for township, migrants in township_migrants.items():
        coordinators = len(township_coordinators[township])
        assert max(1, int(migrants / 700)) - 1 <= coordinators <= max(1, round(migrants / 400)) + 1

    # Employers: a few large, many small.
    workers = Counter(db.session.scalars(select(Employment.employer_id).where(Employment.employer_id.is_not(None))))
    assert max(workers.values()) >= 4 * median(workers.values())

    # Permits: about 45% of current reports; some lapsed, expired, revoked, and some expiring soon.
    permits = db.session.scalars(select(Permit).options(selectinload(Permit.endorsements))).all()
    holders = {p.person_id for p in permits if p.revoked_on is None}
    assert 0.35 <= share(sum(r.person_id in holders for r in current), len(current)) <= 0.55
    states = Counter(permit_rules.state_on(p, today).status for p in permits)
    assert states["valid"] > len(permits) / 2 and states["lapsed"] and states["revoked"]
    # The rules in force these two years (national in Zibo since 2018, Zhejiang's 2016 revision) give permits with no
    # end date, endorsed every year: none expires.
    assert all(p.valid_until is None for p in permits) and not states["expired"]
    assert all(p.photo_id for p in permits)

    # Service requests: about 10% of migrants, in every status, some open past their target date.
    requests = db.session.scalars(select(ServiceRequest)).all()
    assert 0.07 * MIGRANTS <= len(requests) <= 0.13 * MIGRANTS
    assert {r.status for r in requests} == {"submitted", "accepted", "in_progress", "completed", "refused"}
    assert any(r.open and r.target_date < today for r in requests)

    # Ids given in Python: the database's own ids (PostgreSQL sequences) carry on after them.
    db.session.add(Person(name="新来的", sex="female", ethnicity="01", birth_date=date(1990, 1, 1)))
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL again


def test_community_sizes_are_skewed_at_full_scale(db):
    """Only the draw (no rows): at a million migrants most communities have tens to hundreds, a few over 1,000."""
    ensure_places(CITIES, quiet)
    with db.engine.connect() as connection:
        generator = Generator(connection, 1_000_000, SEED, CITIES, 10_000, quiet, clock.today())
        generator.load_geography()
        generator.draw_population()
    sizes = generator.community_count
    assert share(sum(10 <= s <= 500 for s in sizes), len(sizes)) >= 0.75
    assert 0.15 <= share(sum(s > 200 for s in sizes), len(sizes)) <= 0.5
    assert 5 <= sum(s > 1000 for s in sizes) <= 200
    zibo = sum(s for s, city in zip(sizes, generator.comm_city, strict=True) if city == "3703")
    assert 0.38 <= zibo / 1_000_000 <= 0.42


@pytest.mark.summaries_out_of_date  # generate() bulk-loads; `flask synthetic generate` recounts after it
def test_the_same_seed_gives_the_same_data(db):
    today = clock.today()
    # Both runs start from empty tables: on a database just migrated (the first test of a worker) the caseload clock
    # still holds the row migration 0020 seeds, which emptying removes.
    empty_database(db)
    first = generate(MIGRANTS, SEED, echo=quiet, today=today)
    counts, people = table_counts(db), fingerprint(db)
    empty_database(db)
    assert generate(MIGRANTS, SEED, echo=quiet, today=today) == first
    assert table_counts(db) == counts
    assert fingerprint(db) == people


@pytest.mark.summaries_out_of_date  # generate() bulk-loads; `flask synthetic generate` recounts after it
def test_twice_into_the_same_database_never_repeats_a_number(db):
    generate(300, SEED, cities=("3703",), echo=quiet)
    generate(300, SEED, cities=("3703",), echo=quiet)
    numbers = db.session.scalars(select(Person.id_number)).all()
    assert len(numbers) == 600 and len(set(numbers)) == 600
    receipts = db.session.scalars(select(ResidenceReport.receipt)).all()
    assert len(set(receipts)) == len(receipts)


def test_the_command(app, db):
    result = app.test_cli_runner().invoke(bp.cli, ["generate", "--migrants", "300", "--seed", "3", "--city", "3703"])
    assert result.exit_code == 0, result.output
    assert "person" in result.output and "done in" in result.output
    assert db.session.scalar(select(func.count()).select_from(Person)) == 300
    codes = db.session.scalars(select(Place.code).join(ResidenceReport, ResidenceReport.place_id == Place.id))
    assert all(code.startswith("3703") for code in codes)


@pytest.mark.summaries_out_of_date  # generated as of another day
def test_the_command_on_a_given_day_is_reproducible(app, db):
    def run():
        args = ["generate", "--migrants", "200", "--seed", "5", "--city", "3703", "--today", "2025-06-30"]
        assert app.test_cli_runner().invoke(bp.cli, args).exit_code == 0
        return fingerprint(db), db.session.scalar(select(func.max(ResidenceReport.created_at)))

    first, last_sent = run()
    assert last_sent.date() <= date(2025, 6, 30)
    # --today moved the app's clock for the whole command: the summaries counted after it are as of that day too.
    assert set(db.session.scalars(select(CommunityStats.as_of))) == {date(2025, 6, 30)}
    empty_database(db)
    assert run()[0] == first
    too_many = app.test_cli_runner().invoke(bp.cli, ["generate", "--migrants", "1000001"])
    assert too_many.exit_code != 0 and "1000001" in too_many.output


@pytest.mark.parametrize("cities", [(), ("1101",)])
def test_only_zibo_and_wenzhou(db, cities):
    with pytest.raises(ValueError, match="cities"):
        generate(10, SEED, cities=cities, echo=quiet)


PRODUCTION_ENV = {
    "SECRET_KEY": "s" * 40,
    "WEBAUTHN_RP_ID": "xinju.example.gov.cn",
    "WEBAUTHN_ORIGINS": "https://xinju.example.gov.cn",
    "XINJU_DATA_KEYS": "k1=" + "A" * 43 + "=",
    "XINJU_INDEX_KEY": "B" * 43 + "=",
}


def test_refused_in_production(db, make_app, monkeypatch):
    """XINJU_CONFIG=production flask synthetic generate: a clear message, a failing exit code, and nothing written
    (not even the places it would load first)."""
    for name, value in {**PRODUCTION_ENV, "DATABASE_URL": "sqlite://"}.items():
        monkeypatch.setenv(name, value)
    production = make_app("production", RATELIMIT_STORAGE_URI="memory://")
    before = table_counts(db)
    with production.app_context():  # as `flask` runs it (the test app's context is pushed by the db fixture)
        result = production.test_cli_runner().invoke(args=["synthetic", "generate", "--migrants", "300"])
    assert result.exit_code == 1, result.output
    assert "refused" in result.output and "production" in result.output and "Nothing was written" in result.output
    with production.app_context(), pytest.raises(Refused, match="refused"):
        generate(300, SEED, cities=("3703",), echo=quiet)
    assert table_counts(db) == before
    assert db.session.scalar(select(func.count()).select_from(Person)) == 0


def assert_the_jobs_board_in_proportion(db, today):
    """Job postings of the synthetic employers (open, waiting, history) and referrals made for them: requests of
    the job-services department of the posting's county, made while the posting was on the board."""
    from webapp.employers.models import Employer
    from webapp.vacancies.models import Referral, Vacancy

    vacancies = db.session.scalars(select(Vacancy)).all()
    employers = db.session.scalar(select(func.count(Employer.id)))
    assert 1.0 <= len(vacancies) / employers <= 4.0
    status = Counter(v.status for v in vacancies)
    assert set(status) == {"approved", "pending", "expired", "taken_down"}
    assert all(v.closes_on >= today for v in vacancies if v.status in ("approved", "pending"))
    assert all(v.closes_on < today for v in vacancies if v.status == "expired")
    assert all(v.place.parent.parent_id == v.county_id for v in vacancies[:200])
    referrals = db.session.scalars(select(Referral).options(selectinload(Referral.request))).all()
    asked = db.session.scalar(
        select(func.count(ServiceRequest.id)).where(
            ServiceRequest.service_code.in_(("job_referral", "vocational_training"))
        )
    )
    # Few employers at this scale: a request finds a posting of its county on the board that day now and then (at a
    # million migrants, most do).
    assert len(referrals) >= 3 and len(referrals) / asked <= 0.6
    assert 0 < sum(r.shared for r in referrals) < len(referrals)
    by_id = {v.id: v for v in vacancies}
    for r in referrals:
        vacancy = by_id[r.vacancy_id]
        assert (r.request.department, r.request.county_id, r.request.person_id) == (
            "hrss",
            vacancy.county_id,
            r.person_id,
        )
        assert (
            vacancy.created_at <= r.request.created_at and clock.local(r.request.created_at).date() <= vacancy.closes_on
        )
