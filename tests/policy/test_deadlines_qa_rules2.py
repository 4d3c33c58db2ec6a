"""Rules review (2): registration and change deadlines as the law counts them, pinned to days worked out by hand.

How periods are counted (民法典, DOMAIN.md §7): the day of the event is not counted (art. 201), so "within 3 days"
of arriving on the 1st ends at the end of the 4th; a last day that is a rest day or public holiday moves to the day
after the holiday ends (art. 203), and a weekend day worked under the State Council's notice (调休) is a working day,
so a last day that falls on it does not move; "N日以上" and "以内" include N (art. 1259).

The holidays of 2025 and 2026, from the State Council's notices (国办发明电〔2024〕12号, 国办发明电〔2025〕7号):
- 2025 Spring Festival 28 Jan - 4 Feb off, Sunday 26 Jan and Saturday 8 Feb worked;
- 2025 National Day and Mid-Autumn 1-8 Oct off, Sunday 28 Sep and Saturday 11 Oct worked;
- 2026 New Year 1-3 Jan off, Sunday 4 Jan worked;
- 2026 Spring Festival 15-23 Feb off, Saturdays 14 Feb and 28 Feb worked;
- 2026 National Day 1-7 Oct off, Saturday 10 Oct worked.

Which rules govern a date: Zhejiang's revised 条例 is in force from 1 July 2016 (浙江省人民代表大会常务委员会公告第39号,
31 March 2016: 自2016年7月1日起施行), so zhejiang-2009 ends on 30 June 2016. Zhejiang's 流动人口 are those whose
hukou is outside 本市区、县（市） (2009 第二条; 2016: 离开常住户口所在县（市）、设区市的市区): a city's districts are
one place.
"""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask_babel import Babel, force_locale, format_date

from webapp import clock
from webapp.guide import pages
from webapp.policy.engine import (
    PersonFacts,
    StayFacts,
    change_deadline,
    decide,
    employer_report_deadline,
    is_late,
    landlord_report_deadline,
    registration_deadline,
)
from webapp.policy.explain import explain, moment
from webapp.policy.profiles import load_profiles, profile_for
from webapp.policy.workdays import is_working_day
from webapp.registrations.rules import profiles_for

PROFILES = load_profiles()
NATIONAL, ZJ_2009, ZJ_2017, SD_2012 = (
    PROFILES[p] for p in ("national-2016", "zhejiang-2009", "zhejiang-2017", "shandong-2012")
)
ZIBO, WENZHOU = "370303001001", "330302001001"  # 张店区, 鹿城区
HUKOU = "410102"  # 郑州中原区: a migrant in both cities
TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


@pytest.fixture
def app():
    app = Flask(__name__)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    Babel(app)
    with app.test_request_context():
        yield app


# --- the calendar the deadlines rest on ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 1, 26), True),  # Sunday worked before the Spring Festival
        (date(2025, 1, 28), False),  # 除夕
        (date(2025, 2, 4), False),
        (date(2025, 2, 8), True),  # Saturday worked
        (date(2025, 9, 28), True),  # Sunday worked before National Day
        (date(2025, 10, 8), False),
        (date(2025, 10, 11), True),  # Saturday worked
        (date(2026, 1, 3), False),
        (date(2026, 1, 4), True),  # Sunday worked after New Year
        (date(2026, 2, 14), True),
        (date(2026, 2, 23), False),
        (date(2026, 2, 28), True),
        (date(2026, 10, 7), False),
        (date(2026, 10, 10), True),
    ],
)
def test_the_official_calendar_of_2025_and_2026(day, working):
    assert is_working_day(day) is working


# --- registration within 3 days of arrival (national-2016 governs Zibo from 2018; Zhejiang's the same) -------------


@pytest.mark.parametrize("profile", [NATIONAL, ZJ_2017], ids=lambda p: p.id)
@pytest.mark.parametrize(
    ("arrival", "due"),
    [
        pytest.param(date(2025, 12, 31), date(2026, 1, 4), id="31-dec-ends-in-new-year-moves-to-worked-sunday"),
        pytest.param(date(2026, 1, 1), date(2026, 1, 4), id="1-jan-ends-on-a-worked-sunday-stays"),
        pytest.param(date(2024, 2, 29), date(2024, 3, 4), id="29-feb-ends-sunday-3-march"),
        pytest.param(date(2025, 2, 28), date(2025, 3, 3), id="28-feb-common-year-across-the-month-end"),
        pytest.param(date(2026, 1, 31), date(2026, 2, 3), id="last-day-of-january"),
        pytest.param(date(2025, 1, 23), date(2025, 1, 26), id="ends-on-sunday-worked-before-spring-festival"),
        pytest.param(date(2025, 1, 25), date(2025, 2, 5), id="ends-in-spring-festival-2025"),
        pytest.param(date(2026, 2, 12), date(2026, 2, 24), id="ends-in-spring-festival-2026"),
        pytest.param(date(2026, 2, 25), date(2026, 2, 28), id="ends-on-saturday-worked-after-spring-festival"),
        pytest.param(date(2025, 9, 25), date(2025, 9, 28), id="ends-on-sunday-worked-before-national-day"),
        pytest.param(date(2025, 9, 30), date(2025, 10, 9), id="ends-in-national-day-2025"),
        pytest.param(date(2026, 9, 28), date(2026, 10, 8), id="ends-in-national-day-2026"),
    ],
)
def test_registration_deadline(profile, arrival, due):
    assert registration_deadline(profile, arrival) == due


def test_a_stay_of_3_days_is_3_days_or_more_and_2_days_is_not():
    # 居住3日以上 includes 3 (民法典 art. 1259); the stay is counted as the deadline is, from the day after arrival.
    person = PersonFacts(date(1990, 1, 1), HUKOU)
    arrival = date(2024, 2, 29)
    three = StayFacts(ZIBO, arrival, "work", "rental", stay_ends_on=date(2024, 3, 3))
    two = StayFacts(ZIBO, arrival, "work", "rental", stay_ends_on=date(2024, 3, 2))
    decided = decide(person, three, NATIONAL, arrival)[0]
    assert (decided.rule, decided.due) == ("registration.required", date(2024, 3, 4))
    assert decide(person, two, NATIONAL, arrival)[0].rule == "registration.short_stay"


# --- changes: 10 calendar days (Wenzhou; national), 3 working days (Shandong [L]) -----------------------------------


@pytest.mark.parametrize(
    ("profile", "changed_on", "due"),
    [
        pytest.param(NATIONAL, date(2025, 12, 31), date(2026, 1, 12), id="10-days-31-dec-to-saturday-10-jan-moves"),
        pytest.param(NATIONAL, date(2024, 2, 29), date(2024, 3, 11), id="10-days-29-feb-to-sunday-moves"),
        pytest.param(NATIONAL, date(2025, 1, 29), date(2025, 2, 8), id="10-days-ends-on-worked-saturday"),
        pytest.param(NATIONAL, date(2025, 9, 28), date(2025, 10, 9), id="10-days-ends-in-national-day-2025"),
        pytest.param(ZJ_2017, date(2026, 9, 30), date(2026, 10, 10), id="10-days-ends-on-worked-saturday-2026"),
        pytest.param(ZJ_2017, date(2026, 2, 13), date(2026, 2, 24), id="10-days-ends-in-spring-festival-2026"),
        pytest.param(SD_2012, date(2025, 12, 31), date(2026, 1, 6), id="3-working-days-count-the-worked-sunday"),
        pytest.param(SD_2012, date(2025, 1, 24), date(2025, 2, 5), id="3-working-days-across-spring-festival"),
        pytest.param(SD_2012, date(2025, 9, 26), date(2025, 9, 30), id="3-working-days-sunday-28-sep-worked"),
        pytest.param(SD_2012, date(2025, 9, 30), date(2025, 10, 11), id="3-working-days-to-worked-saturday"),
        pytest.param(SD_2012, date(2026, 2, 13), date(2026, 2, 25), id="3-working-days-saturday-14-feb-worked"),
        pytest.param(SD_2012, date(2017, 12, 29), date(2018, 1, 4), id="3-working-days-across-new-year-2018"),
    ],
)
def test_change_deadline(profile, changed_on, due):
    assert change_deadline(profile, changed_on) == due
    assert not is_late(profile, changed_on, due)  # the last day itself is in time, whatever day of the week
    assert is_late(profile, changed_on, date.fromordinal(due.toordinal() + 1))


@pytest.mark.parametrize(
    ("event", "due"),
    [
        (date(2025, 1, 24), date(2025, 2, 5)),  # Sun 26 Jan, Mon 27 Jan, then Wed 5 Feb
        (date(2025, 9, 26), date(2025, 9, 30)),  # Sun 28, Mon 29, Tue 30 Sep
        (date(2025, 12, 31), date(2026, 1, 6)),  # Sun 4, Mon 5, Tue 6 Jan
        (date(2026, 9, 29), date(2026, 10, 9)),  # Wed 30 Sep, Thu 8, Fri 9 Oct
        (date(2026, 9, 30), date(2026, 10, 10)),  # Thu 8, Fri 9, Sat 10 Oct (worked)
    ],
)
def test_landlord_and_employer_report_within_3_working_days(event, due):
    for profile in (NATIONAL, ZJ_2017):
        assert landlord_report_deadline(profile, event) == due
        assert employer_report_deadline(profile, event) == due


# --- China's day, whatever the server's clock ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "today", "due"),
    [
        (datetime(2025, 12, 31, 23, 30, tzinfo=UTC), date(2026, 1, 1), date(2026, 1, 4)),
        (datetime(2025, 12, 31, 15, 59, tzinfo=UTC), date(2025, 12, 31), date(2026, 1, 4)),
        (datetime(2028, 2, 28, 23, 30, tzinfo=UTC), date(2028, 2, 29), date(2028, 3, 3)),
        (datetime(2026, 2, 28, 23, 30, tzinfo=UTC), date(2026, 3, 1), date(2026, 3, 4)),
    ],
)
def test_an_arrival_today_is_counted_from_chinas_day(instant, today, due):
    with clock.pinned_at(instant):
        assert clock.today() == today
        stay = StayFacts(ZIBO, clock.today(), "work", "rental")
        registration = decide(PersonFacts(date(1990, 1, 1), HUKOU), stay, NATIONAL, clock.today())[0]
    assert registration.due == due


# --- which rules govern a date --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "on", "expected"),
    [
        (WENZHOU, date(2016, 6, 30), "zhejiang-2009"),
        (WENZHOU, date(2016, 7, 1), "zhejiang-2017"),  # the revised 条例's first day
        (ZIBO, date(2017, 12, 31), "shandong-2012"),
        (ZIBO, date(2018, 1, 1), "national-2016"),
    ],
)
def test_the_rules_in_force_on_a_day(place, on, expected):
    assert profile_for(place, on).id == expected


def test_an_arrival_before_the_revision_and_a_report_after_it():
    """Arrived on Wednesday 29 June 2016 to stay 20 days with relatives, reported on Monday 4 July: the duty to
    register arose on arrival, under the 2009 条例 (relatives exemption 15 days), due 3 days later on Saturday 2 July,
    moved to Monday 4 July; the permit is judged today, by the revised 条例 (no temporary permit any more)."""
    current, on_arrival = profiles_for(WENZHOU, date(2016, 6, 29), date(2016, 7, 4))
    assert (current.id, on_arrival.id) == ("zhejiang-2017", "zhejiang-2009")
    stay = StayFacts(WENZHOU, date(2016, 6, 29), "family", "relatives", stay_ends_on=date(2016, 7, 19))
    person = PersonFacts(date(1990, 1, 1), HUKOU)
    registration, permit, changes = decide(person, stay, current, date(2016, 7, 4), arrival_profile=on_arrival)
    assert (registration.rule, registration.profile_id, registration.due) == (
        "registration.required",
        "zhejiang-2009",
        date(2016, 7, 4),
    )
    assert moment(registration, today=date(2016, 7, 4)) is None  # reported on the last day: in time
    assert permit.profile_id == "zhejiang-2017" and permit.rule != "permit.temporary"
    assert (changes.rule, changes.profile_id) == ("changes.days_within_area", "zhejiang-2017")
    # The same stay from the revision's first day is exempt: 30 days with relatives.
    stay_after = StayFacts(WENZHOU, date(2016, 7, 1), "family", "relatives", stay_ends_on=date(2016, 7, 21))
    assert decide(person, stay_after, current, date(2016, 7, 1))[0].rule == "registration.exempt_relatives"


def test_a_move_on_the_day_new_rules_take_effect_is_judged_by_them():
    # Zibo: moved on 31 December 2017 (Sunday), shandong-2012's 3 working days: 2, 3, 4 January (1 January off).
    assert change_deadline(profile_for(ZIBO, date(2017, 12, 31)), date(2017, 12, 31)) == date(2018, 1, 4)
    # Moved on 1 January 2018: the national rules, 10 days, to Thursday 11 January.
    assert change_deadline(profile_for(ZIBO, date(2018, 1, 1)), date(2018, 1, 1)) == date(2018, 1, 11)


# --- who is a migrant in Zhejiang: a city's districts are one place -------------------------------------------------


@pytest.mark.parametrize("profile", [ZJ_2009, ZJ_2017], ids=lambda p: p.id)
@pytest.mark.parametrize(
    ("hukou", "rule"),
    [
        pytest.param("330302", "registration.not_migrant", id="same-district"),
        pytest.param("330303", "registration.not_migrant", id="another-district-of-wenzhou"),
        pytest.param("330381", "registration.required", id="county-level-city-ruian"),
        pytest.param("330324", "registration.required", id="county-yongjia"),
        pytest.param("330102", "registration.required", id="district-of-hangzhou"),
    ],
)
def test_zhejiang_home_area_is_the_citys_districts_or_the_county(profile, hukou, rule):
    day = profile.effective_from
    stay = StayFacts(WENZHOU, day, "work", "rental", stay_ends_on=date(day.year, day.month + 2, 1))
    decisions = decide(PersonFacts(date(1990, 1, 1), hukou), stay, profile, day)
    assert decisions[0].rule == rule
    if rule == "registration.not_migrant":
        assert [d.rule for d in decisions[1:]] == ["permit.not_migrant", "changes.not_required"]


def test_shandong_and_the_national_rules_count_each_district():
    # [ZB] 跨县（区）居住: 淄川区 hukou living in 张店区 is a migrant in Zibo.
    stay = StayFacts(ZIBO, date(2026, 6, 1), "work", "rental")
    assert decide(PersonFacts(date(1990, 1, 1), "370302"), stay, NATIONAL, date(2026, 6, 1))[0].rule == (
        "registration.required"
    )


# --- what the resident reads ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "due_words", "late_words"),
    [
        ("en", "You need to register your residence by January 4, 2026.", "You needed to register by January 4, 2026."),
        ("zh", "请最迟于2026年1月4日办理居住登记。", "您本应最迟于2026年1月4日办理居住登记。"),
    ],
)
def test_the_registration_explanation_names_the_right_day(app, locale, due_words, late_words):
    stay = StayFacts(ZIBO, date(2025, 12, 31), "work", "rental")
    registration = decide(PersonFacts(date(1990, 1, 1), HUKOU), stay, NATIONAL, date(2025, 12, 31))[0]
    with force_locale(locale):
        words = explain(registration, format_date=lambda d: format_date(d, "long"), today=date(2026, 1, 4))
        late = explain(registration, format_date=lambda d: format_date(d, "long"), today=date(2026, 1, 5))
    assert words == due_words  # on Sunday 4 January (worked), the last day, not late
    assert late.startswith(late_words)
    for text in (words, late):
        assert "registration." not in text and "national-2016" not in text


@pytest.mark.parametrize(
    ("profile", "locale", "words"),
    [
        (ZJ_2017, "zh", "您的户口在别的县（市），或者在别的市的市区（一个市的各个区算一个地方）"),
        (ZJ_2017, "en", "If your hukou is in another county, or in the districts of another city"),
        (NATIONAL, "zh", "您的户口在别的县（区），在这里住3天以上"),
        (NATIONAL, "en", "If your hukou is in another county or district, and you stay here 3 days or more"),
    ],
)
def test_the_guide_says_who_must_register_as_each_profile_counts_home(app, profile, locale, words):
    with force_locale(locale):
        text = [p for filled in pages.duties(profile, locale) for p in filled.paragraphs]
    assert any(p.startswith(words) for p in text), text
    assert not any("city_districts" in p or "home_area" in p for p in text)


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en", ["The day of the change does not count.", "you can report it on the next working day."]),
        ("zh", ["变化的那一天不算。", "可以在下一个工作日报告。"]),
    ],
)
def test_the_guide_says_how_a_change_deadline_is_counted(app, locale, words):
    with force_locale(locale):
        changes = next(f for f in pages.duties(NATIONAL, locale) if f.section.anchor == "changes")
    for phrase in words:
        assert any(phrase in p for p in changes.paragraphs), changes.paragraphs
