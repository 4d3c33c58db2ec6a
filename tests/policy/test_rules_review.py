"""A review of the business rules against the sources, as the law counts periods (民法典 arts. 201-203, 1259;
DOMAIN.md §7), with pinned dates worked out by hand: the day of the event is not counted, a period in months or
years ends on the corresponding day (or the month's last day), a last day on a rest day or public holiday moves to
the next working day (every shipped profile says so), "以上/以下/以内" include the number.

Holidays used (State Council notices): 2015 National Day 1-7 October, Saturday 10 October 2015 worked (调休).
"""

import re
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from flask_babel import Babel, force_locale

from webapp import clock
from webapp.assessment.scoring import coordinators_needed
from webapp.guide import pages
from webapp.permits import rules as permit_rules
from webapp.policy import explain as policy_explain
from webapp.policy.engine import (
    PersonFacts,
    StayFacts,
    age_on,
    change_deadline,
    decide,
    endorsement_window,
    registration_deadline,
)
from webapp.policy.profiles import load_profiles
from webapp.services import explain as service_explain
from webapp.services.catalogue import service
from webapp.services.eligibility import Applicant, eligibility

PROFILES = load_profiles()
SHANDONG, ZHEJIANG, NATIONAL = PROFILES["shandong-2012"], PROFILES["zhejiang-2009"], PROFILES["national-2016"]
ZIBO, WENZHOU = "370303001001", "330302001001"
HUKOU = "410102"  # 郑州中原区: a migrant in both cities
TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


def _permit(profile, born, today, *, arrival=None, ends=None, place=ZIBO, **facts):
    arrival = arrival or today
    stay = StayFacts(place, arrival, facts.pop("reason", "work"), facts.pop("housing", "rental"), ends, **facts)
    return decide(PersonFacts(born, HUKOU), stay, profile, today)[1]


# --- registration within 3 days of arrival: the day of arrival is not counted --------------------------------------


@pytest.mark.parametrize("profile", [SHANDONG, ZHEJIANG], ids=lambda p: p.id)
@pytest.mark.parametrize(
    ("arrival", "due"),
    [
        pytest.param(date(2015, 3, 2), date(2015, 3, 5), id="monday-to-thursday"),
        pytest.param(date(2015, 3, 5), date(2015, 3, 9), id="sunday-moves-to-monday"),
        pytest.param(date(2015, 9, 28), date(2015, 10, 8), id="national-day-moves-past-the-week"),
    ],
)
def test_registration_is_due_three_days_after_the_day_of_arrival(profile, arrival, due):
    assert registration_deadline(profile, arrival) == due


# --- changes: 10 calendar days (Wenzhou 自变更之日起十日内), 3 working days (Shandong [L]) ---------------


@pytest.mark.parametrize(
    ("profile", "changed_on", "due"),
    [
        pytest.param(ZHEJIANG, date(2015, 3, 2), date(2015, 3, 12), id="wz-10-days"),
        pytest.param(ZHEJIANG, date(2015, 9, 30), date(2015, 10, 10), id="wz-ends-on-a-worked-saturday"),
        pytest.param(SHANDONG, date(2015, 3, 6), date(2015, 3, 11), id="sd-friday-to-wednesday"),
        pytest.param(SHANDONG, date(2015, 9, 30), date(2015, 10, 10), id="sd-worked-saturday-counts"),
        pytest.param(NATIONAL, date(2018, 3, 2), date(2018, 3, 12), id="national-10-days"),
    ],
)
def test_change_deadline(profile, changed_on, due):
    assert change_deadline(profile, changed_on) == due


# --- the permit in Zibo: 拟居住30日以上 (30 included), 16-70周岁 (from the 16th birthday, not from the 70th) ----------


def test_zibo_permit_needs_a_stay_of_30_days_included():
    today = date(2015, 6, 1)
    assert _permit(SHANDONG, date(1990, 1, 1), today, ends=date(2015, 7, 1)).outcome == "eligible"  # 30 days
    assert _permit(SHANDONG, date(1990, 1, 1), today, ends=date(2015, 6, 30)).rule == "permit.short_stay"


@pytest.mark.parametrize(
    ("born", "rule"),
    [
        pytest.param(date(1945, 6, 1), "permit.age_max", id="70th-birthday-today"),
        pytest.param(date(1945, 6, 2), "permit.eligible", id="70th-birthday-tomorrow"),
        pytest.param(date(1999, 6, 1), "permit.eligible", id="16th-birthday-today"),
        pytest.param(date(1999, 6, 2), "permit.age_min_not_yet", id="16th-birthday-tomorrow"),
    ],
)
def test_zibo_permit_ages(born, rule):
    assert _permit(SHANDONG, born, date(2015, 6, 1)).rule == rule


def test_29_february_birthdays():
    """16 years after a leap year is a leap year: the 16th birthday is 29 February itself. 70 years after 1944 is
    2014, a common year: the 70th birthday counts from 1 March (engine.anniversary; see the report on 28 February)."""
    decision = _permit(SHANDONG, date(2000, 2, 29), date(2016, 2, 1))
    assert decision.rule == "permit.age_min_not_yet" and decision.from_date == date(2016, 2, 29)
    assert _permit(SHANDONG, date(2000, 2, 29), date(2016, 2, 29)).rule == "permit.eligible"
    assert _permit(SHANDONG, date(1944, 2, 29), date(2014, 2, 28)).rule == "permit.eligible"
    assert _permit(SHANDONG, date(1944, 2, 29), date(2014, 3, 1)).rule == "permit.age_max"


@pytest.mark.parametrize(
    ("on", "age"),
    [
        (date(2015, 2, 28), 14),
        (date(2015, 3, 1), 15),
        (date(2016, 2, 28), 15),
        (date(2016, 2, 29), 16),
    ],
)
def test_age_of_someone_born_on_29_february(on, age):
    assert age_on(date(2000, 2, 29), on) == age


# --- Wenzhou: 3-30 days registration only; 15 days with relatives; temporary permit over 30 days ------------------


def test_wenzhou_permit_needs_more_than_30_days():
    today = date(2015, 6, 1)
    assert _permit(ZHEJIANG, date(1990, 1, 1), today, ends=date(2015, 7, 1), place=WENZHOU).rule == "permit.short_stay"
    assert _permit(ZHEJIANG, date(1990, 1, 1), today, ends=date(2015, 7, 2), place=WENZHOU).rule == "permit.temporary"


def test_wenzhou_relatives_exemption_includes_the_15th_day():
    person = PersonFacts(date(1990, 1, 1), HUKOU)
    stay = StayFacts(WENZHOU, date(2015, 6, 1), "visit", "relatives", date(2015, 6, 16))
    assert decide(person, stay, ZHEJIANG, date(2015, 6, 1))[0].rule == "registration.exempt_relatives"
    longer = StayFacts(WENZHOU, date(2015, 6, 1), "visit", "relatives", date(2015, 6, 17))
    assert decide(person, longer, ZHEJIANG, date(2015, 6, 1))[0].rule == "registration.required"


def test_national_six_months_is_six_calendar_months_from_31_august():
    stay = dict(arrival=date(2017, 8, 31), place="110101001001", stable_residence=True)
    assert _permit(NATIONAL, date(1990, 1, 1), date(2018, 2, 27), **stay).from_date == date(2018, 2, 28)
    assert _permit(NATIONAL, date(1990, 1, 1), date(2018, 2, 28), **stay).rule == "permit.eligible_endorsed"


# --- validity, renewal and the yearly endorsement -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("issued", "months", "last_valid"),
    [
        (date(2015, 3, 10), 12, date(2016, 3, 10)),
        (date(2016, 2, 29), 12, date(2017, 2, 28)),
        (date(2015, 1, 31), 36, date(2018, 1, 31)),
    ],
)
def test_a_fixed_term_permit_ends_on_the_corresponding_day(issued, months, last_valid):
    assert permit_rules.valid_until(issued, months) == last_valid


def test_renewal_opens_30_days_before_the_last_valid_day():
    permit = SimpleNamespace(
        profile_id="shandong-2012", issued_on=date(2015, 3, 10), valid_until=date(2016, 3, 10), revoked_on=None
    )
    assert not permit_rules.can_renew(permit, date(2016, 2, 8))
    assert permit_rules.can_renew(permit, date(2016, 2, 9))
    assert permit_rules.state_on(permit, date(2016, 3, 10)).status == "valid"
    assert permit_rules.state_on(permit, date(2016, 3, 11)).status == "expired"


def test_endorsement_in_the_month_before_each_anniversary():
    # 居住每满1年之日前1个月内: issued Thursday 10 March 2016, the year is complete on Friday 10 March 2017.
    assert endorsement_window(NATIONAL, date(2016, 3, 10), 1) == (date(2017, 2, 10), date(2017, 3, 9))
    permit = SimpleNamespace(
        profile_id="national-2016", issued_on=date(2016, 3, 10), valid_until=None, revoked_on=None, endorsements=[]
    )
    assert permit_rules.state_on(permit, date(2017, 3, 9)).status == "valid"
    assert permit_rules.state_on(permit, date(2017, 3, 10)).status == "lapsed"
    assert permit_rules.state_on(permit, date(2017, 3, 10), {1}).status == "valid"


def test_the_guide_says_endorsement_is_before_each_anniversary_not_before_the_issue_day():
    """Regression: the English guide said "in the 1 month before the day your permit was issued" (663号: 居住每满1年
    之日前1个月内, as the Chinese text says)."""
    app = Flask(__name__)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    Babel(app)
    with app.test_request_context(), force_locale("en"):
        text = " ".join(p for filled in pages.duties(NATIONAL, "en") for p in filled.paragraphs)
    assert "in the month before each anniversary of the day your permit was issued" in text
    assert "before the day your permit was issued" not in text


# --- coordinators: at least 1 per 500 migrants ---------------------------------------------------------------------


@pytest.mark.parametrize(("registered", "needed"), [(0, 0), (1, 1), (500, 1), (501, 2), (1000, 2)])
def test_one_coordinator_per_500(registered, needed):
    assert coordinators_needed(registered, SHANDONG.params["staffing"]["migrants_per_coordinator"]) == needed


# --- services -----------------------------------------------------------------------------------------------------


def _ask(code, today=date(2015, 9, 1), **applicant):
    defaults = {"registered": True, "permit": None, "birth_date": date(1985, 1, 1)}
    return eligibility(Applicant(**{**defaults, **applicant}), service(code), today).reason


def test_school_place_needs_a_permit_in_zibo_and_registration_in_wenzhou():
    child = (date(2008, 5, 1),)
    assert _ask("school_place", children_birth_dates=child, place_code=ZIBO) == "needs.permit"
    assert _ask("school_place", permit="valid", children_birth_dates=child, place_code=ZIBO) == "ok.permit"
    assert _ask("school_place", permit="lapsed", children_birth_dates=child, place_code=ZIBO) == "needs.valid_permit"
    assert _ask("school_place", children_birth_dates=child, place_code=WENZHOU) == "ok.registered"


@pytest.mark.parametrize(
    ("born", "reason"),
    [
        pytest.param(date(2009, 9, 1), "ok.permit", id="6th-birthday-today"),
        pytest.param(date(2009, 9, 2), "child.ages_into", id="6th-birthday-tomorrow"),
        pytest.param(date(1999, 9, 2), "ok.permit", id="15-until-the-day-before-the-16th-birthday"),
        pytest.param(date(1999, 9, 1), "needs.child_in_age", id="16th-birthday-today"),
    ],
)
def test_school_place_ages_6_to_15(born, reason):
    assert _ask("school_place", permit="valid", children_birth_dates=(born,), place_code=ZIBO) == reason


def test_immunisation_15_and_under_includes_15():
    # [WZ] 15周岁以下: 以下 includes the number (民法典 art. 1259).
    assert _ask("child_immunisation", children_birth_dates=(date(1999, 9, 2),)) == "ok.registered"
    assert _ask("child_immunisation", children_birth_dates=(date(1999, 9, 1),)) == "needs.child_in_age"


def test_who_may_ask():
    assert _ask("legal_aid", registered=False) == "ok.anyone"
    assert _ask("labour_mediation", registered=False) == "ok.anyone"
    assert _ask("hardship_relief", registered=False) == "ok.anyone"
    assert _ask("job_referral", registered=False) == "needs.registration"
    assert _ask("driving_licence") == "needs.permit"
    assert _ask("public_rental_housing", permit="expired") == "needs.renewed_permit"
    assert _ask("marriage_childbearing_certificate", birth_date=date(1997, 9, 2)) == "needs.adult"
    assert _ask("marriage_childbearing_certificate", birth_date=date(1997, 9, 1)) == "ok.registered"


# --- China's day -----------------------------------------------------------------------------------------------------


def test_today_at_23_30_utc_is_the_next_day_in_china():
    with clock.pinned_at(datetime(2016, 2, 28, 23, 30, tzinfo=UTC)):
        assert clock.today() == date(2016, 2, 29)


# --- what a resident reads names no rule id and no code -------------------------------------------------------------

_CODE = re.compile(r"\b[a-z]+[._][a-z_]+\b")


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_resident_messages_name_no_rule_or_code(locale):
    app = Flask(__name__)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    Babel(app)
    with app.test_request_context(), force_locale(locale):
        texts = [str(m) for m in policy_explain.MESSAGES.values()]
        texts += [str(m) for m in policy_explain.MOMENTS.values()]
        texts += [str(m) for m in service_explain.MESSAGES.values()]
        for profile in (p for p in PROFILES.values() if p.usable):
            texts += [p for filled in pages.duties(profile, locale) for p in filled.paragraphs]
    for text in texts:
        assert not _CODE.search(re.sub(r"%\(\w+\)s", "", text)), text
        assert "{" not in text, text
