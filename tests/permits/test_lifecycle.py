"""The permit's lifecycle with dates: endorsement windows and their edges, lapse, expiry, renewal, revocation."""

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest

from webapp.permits import rules


def permit(profile="national-2016", issued=date(2024, 3, 15), valid_until=None, endorsed=(), revoked=None):
    return SimpleNamespace(
        profile_id=profile,
        issued_on=issued,
        valid_until=valid_until,
        revoked_on=revoked,
        endorsements=[SimpleNamespace(year=y) for y in endorsed],
    )


@pytest.mark.parametrize(
    ("endorsed", "today", "status", "window"),
    [
        ((), date(2025, 2, 14), "valid", (date(2025, 2, 15), date(2025, 3, 14))),
        ((), date(2025, 3, 14), "valid", (date(2025, 2, 15), date(2025, 3, 14))),  # the last day of the window
        ((), date(2025, 3, 15), "lapsed", (date(2025, 2, 15), date(2025, 3, 14))),  # the anniversary: missed
        ((1,), date(2025, 3, 15), "valid", (date(2026, 2, 15), date(2026, 3, 16))),
        # Saturday 14 March 2026: the last day moves to Monday 16 March (民法典 art. 203).
        ((1,), date(2026, 3, 16), "valid", (date(2026, 2, 15), date(2026, 3, 16))),
        ((1,), date(2026, 3, 17), "lapsed", (date(2026, 2, 15), date(2026, 3, 16))),
        ((1, 2), date(2026, 6, 1), "valid", (date(2027, 2, 15), date(2027, 3, 15))),  # Sunday 14 March 2027
    ],
)
def test_yearly_endorsement(endorsed, today, status, window):
    state = rules.state_on(permit(endorsed=endorsed), today)
    assert (state.status, state.window) == (status, window)


@pytest.mark.parametrize(
    ("today", "allowed"),
    [(date(2025, 2, 14), False), (date(2025, 2, 15), True), (date(2025, 3, 14), True), (date(2025, 4, 1), True)],
    ids=["day before the window", "first day", "last day", "late: restores a lapsed permit"],
)
def test_when_a_permit_can_be_endorsed(today, allowed):
    assert rules.can_endorse(permit(), today) is allowed


@pytest.mark.parametrize(
    ("today", "status"),
    [(date(2025, 3, 15), "valid"), (date(2025, 3, 16), "expired")],
    ids=["last valid day", "day after"],
)
def test_fixed_term_permit_expires(today, status):
    # A year from the day after issue ends on the corresponding day (民法典 arts. 201-202).
    fixed = permit("shandong-2012", valid_until=rules.valid_until(date(2024, 3, 15), 12))
    assert fixed.valid_until == date(2025, 3, 15)
    assert rules.state_on(fixed, today).status == status
    assert rules.state_on(fixed, today).window is None  # no yearly endorsement in Shandong


@pytest.mark.parametrize(
    ("issued", "months", "last_day"),
    [
        (date(2024, 3, 15), 12, date(2025, 3, 15)),
        (date(2024, 3, 15), 36, date(2027, 3, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # no 29 February in 2025: the month's last day
        (date(2024, 2, 29), 36, date(2027, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2023, 2, 28), 12, date(2024, 2, 28)),
        (date(2025, 1, 31), 12, date(2026, 1, 31)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
    ],
)
def test_one_and_three_year_validity_as_calendar_periods(issued, months, last_day):
    assert rules.valid_until(issued, months) == last_day


def test_no_validity_is_open_ended():
    assert rules.valid_until(date(2024, 3, 15), None) is None


@pytest.mark.parametrize(
    ("today", "allowed"),
    [(date(2025, 2, 11), False), (date(2025, 2, 12), True), (date(2025, 4, 1), True)],
    ids=["31 days before", "30 days before", "after expiry"],
)
def test_renewal_window(today, allowed):
    fixed = permit("shandong-2018", valid_until=date(2025, 3, 14))
    assert rules.can_renew(fixed, today) is allowed


def test_an_endorsed_permit_is_not_renewed():
    assert rules.can_renew(permit(), date(2030, 1, 1)) is False


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2025, 1, 30), "valid"),  # the day before the anniversary, in the Spring Festival holiday
        (date(2025, 1, 31), "valid"),
        (date(2025, 2, 4), "valid"),  # the holiday's last day (28 January to 4 February 2025)
        (date(2025, 2, 5), "valid"),  # the first working day after it: the window's last day
        (date(2025, 2, 6), "lapsed"),
    ],
)
def test_a_window_ending_in_a_holiday_closes_on_the_next_working_day(today, status):
    issued = permit(issued=date(2024, 1, 31))
    state = rules.state_on(issued, today)
    assert (state.status, state.window) == (status, (date(2024, 12, 31), date(2025, 2, 5)))
    assert rules.can_endorse(issued, today)


@pytest.mark.parametrize(
    ("submitted", "target"),
    [
        (date(2025, 9, 20), date(2025, 10, 9)),  # 5 October is in the National Day holiday (1-8 October 2025)
        (date(2025, 9, 5), date(2025, 9, 22)),  # Saturday 20 September: Monday 22
        (date(2025, 9, 13), date(2025, 9, 28)),  # Sunday 28 September 2025 was worked (调休): no move
        (date(2026, 7, 14), date(2026, 7, 29)),  # a Wednesday
        (date(2026, 12, 17), date(2027, 1, 4)),  # 1 January 2027, New Year's Day, then the weekend
    ],
)
@pytest.mark.parametrize("profile", ["national-2016", "zhejiang-2017", "shandong-2012"])
def test_the_issue_target_moves_past_rest_days_and_holidays(submitted, target, profile):
    assert rules.target_date(submitted, profile) == target


def test_the_issue_target_counts_15_days_plainly_where_the_profile_does_not_roll(monkeypatch):
    from webapp.policy import profiles

    shipped = profiles.load_profiles()
    base = shipped["national-2016"]
    no_roll = replace(base, params={**base.params, "periods": {"roll_to_working_day": False}})
    monkeypatch.setattr(rules, "load_profiles", lambda: {**shipped, "national-2016": no_roll})
    assert rules.target_date(date(2025, 9, 20), "national-2016") == date(2025, 10, 5)


def test_revocation_wins():
    revoked = permit(revoked=date(2025, 1, 1))
    assert rules.state_on(revoked, date(2024, 12, 31)).status == "valid"
    assert rules.state_on(revoked, date(2025, 1, 1)).status == "revoked"
    assert rules.can_endorse(revoked, date(2025, 2, 20)) is False


def test_missing_documents_are_listed_together():
    assert rules.missing_documents({}) == ["photo", "residence_proof", "employment_or_study_proof"]
    assert rules.missing_documents({"photo": 1, "study_proof": 2}) == ["residence_proof"]


@pytest.mark.parametrize(
    ("asked", "uploaded", "left"),
    [
        (["photo", "study_proof"], [], ["photo", "study_proof"]),
        (["photo", "study_proof"], ["photo"], ["study_proof"]),
        (["photo", "study_proof"], ["study_proof", "residence_proof", "photo"], []),
        (["employment_or_study_proof"], ["study_proof"], []),
        (["employment_or_study_proof"], ["employment_proof"], []),
        (["employment_or_study_proof", "photo"], ["photo"], ["employment_or_study_proof"]),
    ],
    ids=["nothing new", "one of two", "all, and more", "either proof: study", "either proof: work", "not a proof"],
)
def test_documents_asked_for_are_answered_only_by_new_uploads(asked, uploaded, left):
    assert rules.not_given_again(asked, uploaded) == left


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (
            {"housing_type": "rental", "work_proof": "labour_contract", "insurance_months": 4},
            {"residence_proof": ["lease"], "employment_proof": ["labour_contract", "insurance_record"]},
        ),
        (
            {"housing_type": "own_home", "work_proof": "business_licence"},
            {"residence_proof": ["property_certificate"], "employment_proof": ["business_licence"]},
        ),
        ({"housing_type": "dormitory", "employment": object()}, {"employment_proof": ["employer_letter"]}),
        ({"housing_type": "relatives"}, {"residence_proof": ["host_certificate"], "employment_proof": []}),
        (
            {"housing_type": "other", "reason": "study"},
            {"residence_proof": ["residence_other"], "study_proof": ["enrolment_certificate"]},
        ),
        ({"housing_type": "other", "full_time_study": True}, {"study_proof": ["enrolment_certificate"]}),
    ],
    ids=["renter with contract and insurance", "own home, own business", "dormitory", "relatives", "student", "study"],
)
def test_the_documents_of_the_persons_own_case(facts, expected):
    report = SimpleNamespace(
        **(
            {"work_proof": "none", "insurance_months": 0, "employment": None, "full_time_study": None, "reason": "work"}
            | facts
        )
    )
    found = rules.evidence_for(report)
    assert {kind: found[kind] for kind in expected} == expected
