"""The discrimination check (就业促进法 arts. 3, 27, 28, 31; 劳动法 art. 15) and the posting's plain rules, with known
cases in Chinese and English: what is refused, and what says the opposite and is allowed."""

from datetime import date, timedelta

import pytest

from webapp.vacancies import rules

REFUSED = [
    # household registration
    ("限本地户口", ["hukou"]),
    ("需本市户籍", ["hukou"]),
    ("只招本地人", ["hukou"]),
    ("Locals only", ["hukou"]),
    ("Must have a Zibo hukou", ["hukou"]),
    ("household registration in this city required", ["hukou"]),
    # sex, marriage, children
    ("仅限男性", ["sex"]),
    ("女工优先", ["sex"]),
    ("未婚未育", ["sex"]),
    ("Men only", ["sex"]),
    ("Female applicants preferred", ["sex"]),
    ("must not be pregnant", ["sex"]),
    # ethnic group
    ("汉族", ["ethnicity"]),
    ("少数民族勿扰", ["ethnicity"]),
    ("Han Chinese only", ["ethnicity"]),
    ("no ethnic minorities", ["ethnicity"]),
    # upper age limits
    ("35岁以下", ["age_limit"]),
    ("年龄18-45岁", ["age_limit"]),
    ("不超过40周岁", ["age_limit"]),
    ("年轻人优先", ["age_limit"]),
    ("Under 35", ["age_limit"]),
    ("aged 18 to 40", ["age_limit"]),
    ("applicants younger than 40", ["age_limit"]),
    ("30 or younger", ["age_limit"]),
    ("maximum age 45", ["age_limit"]),
    # under 16: never
    ("招收15岁学徒", ["under_16"]),
    ("14 years old welcome", ["under_16"]),
    ("aged 15 and over", ["under_16"]),
    ("童工", ["under_16"]),
    # several at once, in the order of REASONS
    ("限男性，本地户口，35岁以下", ["hukou", "sex", "age_limit"]),
    ("Young women, han chinese, locals only", ["hukou", "sex", "ethnicity", "age_limit"]),
]

ALLOWED = [
    "男女不限",
    "性别不限，民族不限，户籍不限",
    "Men and women welcome",
    "any gender, regardless of hukou",
    "年满16周岁",
    "年满18周岁（夜班）",
    "18 years old or over",
    "Lift up to 25 kg",
    "Wage up to 6000 yuan",
    "under 8 hours a day",
    "single room provided",
    "青年公寓",
    "3 years of experience",
    "8小时工作制，包吃住",
    "会用缝纫机，有电工证优先",
    "",
]


@pytest.mark.parametrize(("text", "reasons"), REFUSED)
def test_requirements_the_law_forbids_are_found(text, reasons):
    assert rules.refusals(text) == reasons


@pytest.mark.parametrize("text", ALLOWED)
def test_ordinary_requirements_and_their_opposites_pass(text):
    assert rules.refusals(text) == []


def test_every_reason_has_words_in_both_languages(app):
    from tests.test_labels import assert_in_both_languages

    assert_in_both_languages(app, "vacancy_refusal", rules.REASONS)
    assert_in_both_languages(app, "work_kind", rules.KINDS)
    assert_in_both_languages(app, "vacancy_status", rules.STATUSES)


def test_the_chinese_words_name_the_law(app):
    from flask_babel import force_locale

    from webapp import labels

    with app.test_request_context(), force_locale("zh"):
        for reason in ("hukou", "sex", "ethnicity"):
            assert "就业促进法" in labels.label("vacancy_refusal", reason)
        assert "劳动法" in labels.label("vacancy_refusal", "under_16")


def test_minimum_ages():
    assert [age for age in range(10, 30) if rules.min_age_allowed(age)] == [16, 18]
    assert not rules.min_age_allowed(None)


def test_wage_range():
    assert rules.wage_range_ok(4000, 4000) and rules.wage_range_ok(4000, 6000)
    assert not rules.wage_range_ok(6000, 4000) and not rules.wage_range_ok(0, 10) and not rules.wage_range_ok(None, 1)


def test_closing_date_and_expiry():
    today = date(2026, 7, 14)
    assert rules.closing_date_ok(today, today) and rules.closing_date_ok(today + timedelta(days=90), today)
    assert not rules.closing_date_ok(today - timedelta(days=1), today)
    assert not rules.closing_date_ok(today + timedelta(days=91), today)
    assert rules.is_open("approved", today, today) and not rules.is_open("approved", today, today + timedelta(days=1))
    assert not rules.is_open("pending", today, today)
    assert rules.expired("approved", today, today + timedelta(days=1)) and rules.expired(
        "pending", today, today + timedelta(days=1)
    )
    assert not rules.expired("taken_down", today, today + timedelta(days=1)) and not rules.expired(
        "approved", today, today
    )
    assert rules.editable("pending") and rules.editable("approved") and not rules.editable("expired")
