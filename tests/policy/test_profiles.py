"""Policy profiles: the shipped data, how a profile is chosen for a place and a date, and how bad files fail."""

import dataclasses
import re
import tomllib
from dataclasses import replace
from datetime import date

import pytest
from babel import Locale

from webapp.policy.profiles import PROFILE_DIR, TAGS, Period, ProfileError, load_profiles, period, profile_for

PROFILES = load_profiles()
SHANDONG_2012 = (PROFILE_DIR / "shandong-2012.toml").read_text(encoding="utf-8")
NATIONAL_2016 = (PROFILE_DIR / "national-2016.toml").read_text(encoding="utf-8")
D3, D10, WD3 = Period(3, "days"), Period(10, "days"), Period(3, "working_days")
M1, M3, M6 = Period(1, "months"), Period(3, "months"), Period(6, "months")
Y1, Y3 = Period(1, "years"), Period(3, "years")


def test_the_shipped_profiles():
    assert sorted(PROFILES) == ["national-2016", "shandong-2012", "shandong-2018", "zhejiang-2009", "zhejiang-2017"]
    windows = {p.id: (p.jurisdiction, p.effective_from, p.effective_to) for p in PROFILES.values()}
    assert windows == {
        "shandong-2012": (("37",), date(2013, 1, 10), date(2017, 12, 31)),
        "shandong-2018": (("37",), date(2018, 1, 1), None),
        "zhejiang-2009": (("33",), date(2009, 10, 1), date(2016, 6, 30)),  # the revision 自2016年7月1日起施行
        "zhejiang-2017": (("33",), date(2016, 7, 1), None),
        "national-2016": (("",), date(2016, 1, 1), None),
    }
    assert PROFILES["shandong-2018"].replaces == "shandong-2012"
    assert PROFILES["zhejiang-2017"].replaces == "zhejiang-2009"


def test_only_shandong_2018_is_pending_review():
    assert {p.id: p.review for p in PROFILES.values()} == {
        "national-2016": "verified",
        "shandong-2012": "verified",
        "shandong-2018": "pending",
        "zhejiang-2009": "verified",
        "zhejiang-2017": "verified",
    }
    assert sorted(p.id for p in PROFILES.values() if p.usable) == [
        "national-2016",
        "shandong-2012",
        "zhejiang-2009",
        "zhejiang-2017",
    ]


def test_every_profile_rolls_a_last_day_off_to_the_next_working_day():
    assert all(p.params["periods"]["roll_to_working_day"] is True for p in PROFILES.values())


def _lines(profile_id):
    """(table, key, comment) for each `key = value` line of a profile file; the table is "" before any header."""
    table = ""
    for line in (PROFILE_DIR / f"{profile_id}.toml").read_text(encoding="utf-8").splitlines():
        if header := re.match(r"\[([\w.]+)\]", line):
            table = header.group(1)
        elif key := re.match(r"(\w+) = ", line):
            yield table, key.group(1), line.partition("#")[2]


def _keys(data, table=""):
    """(table, key) for every value in a parsed profile, sub-tables like [permit.stable_employment] included; a
    period (`{ months = 6 }`) is one value."""
    for key, value in data.items():
        if isinstance(value, dict) and not _is_period(value):
            yield from _keys(value, f"{table}.{key}" if table else key)
        else:
            yield table, key


def _is_period(value):
    try:
        period(value)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("profile", sorted(PROFILES.values(), key=lambda p: p.id), ids=lambda p: p.id)
def test_every_source_is_tagged_and_every_parameter_says_where_it_comes_from(profile):
    assert all(source.startswith(TAGS) for source in profile.sources)
    with (PROFILE_DIR / f"{profile.id}.toml").open("rb") as handle:
        data = tomllib.load(handle)
    lines = list(_lines(profile.id))
    # Every value in the file is on a line of its own (sub-tables included), and says where it comes from.
    assert sorted((table, key) for table, key, _comment in lines) == sorted(_keys(data))
    for table, key, comment in lines:
        if table or key in ("jurisdiction", "effective_from", "effective_to", "review"):
            assert any(tag in comment for tag in TAGS), f"[{table}] {key}"


def test_the_stable_employment_sub_table_is_read():
    for profile_id in ("national-2016", "zhejiang-2009", "zhejiang-2017"):
        counts = PROFILES[profile_id].params["permit"]["stable_employment"]
        assert dict(counts) == {"labour_contract": M6, "business_licence": M3, "social_insurance_months": 1}
    assert "stable_employment" not in PROFILES["shandong-2012"].params["permit"]


# The periods the shipped profiles state, each with its unit.
@pytest.mark.parametrize(
    ("profile_id", "table", "key", "expected"),
    [
        ("shandong-2012", "registration", "min_stay", D3),
        ("shandong-2012", "registration", "deadline", D3),
        ("shandong-2012", "registration", "commuter_min_work", M1),
        ("shandong-2012", "registration", "relatives_max", None),
        ("shandong-2012", "permit", "min_intended_stay", Period(30, "days")),
        ("shandong-2012", "permit", "validity", Y1),
        ("shandong-2012", "permit", "long_validity", Y3),
        ("shandong-2012", "changes", "deadline", WD3),
        ("shandong-2012", "duties", "landlord_report", WD3),
        ("shandong-2012", "duties", "employer_report", WD3),
        ("zhejiang-2009", "registration", "min_stay", D3),
        ("zhejiang-2009", "registration", "deadline", D3),
        ("zhejiang-2009", "registration", "commuter_min_work", None),
        ("zhejiang-2009", "registration", "relatives_max", Period(15, "days")),
        ("zhejiang-2009", "permit", "min_intended_stay", Period(31, "days")),
        ("zhejiang-2009", "permit", "full_after", Y3),
        ("zhejiang-2009", "changes", "deadline", D10),
        ("zhejiang-2009", "duties", "landlord_report", WD3),
        ("zhejiang-2017", "registration", "relatives_max", Period(30, "days")),
        ("zhejiang-2017", "permit", "min_residence", M6),
        ("zhejiang-2017", "permit", "endorsement_every", Y1),
        ("zhejiang-2017", "permit", "endorsement_window", M1),
        ("zhejiang-2017", "changes", "deadline", D10),
        ("national-2016", "registration", "min_stay", D3),
        ("national-2016", "registration", "deadline", D3),
        ("national-2016", "registration", "commuter_min_work", None),
        ("national-2016", "registration", "relatives_max", None),
        ("national-2016", "permit", "min_residence", M6),
        ("national-2016", "permit", "endorsement_every", Y1),
        ("national-2016", "permit", "endorsement_window", M1),
        ("national-2016", "changes", "deadline", D10),
        ("national-2016", "duties", "landlord_report", WD3),
        ("national-2016", "duties", "employer_report", WD3),
    ],
    ids=lambda v: v if isinstance(v, str) else str(v),
)
def test_the_shipped_periods(profile_id, table, key, expected):
    assert PROFILES[profile_id].params[table].get(key) == expected


def test_shandong_2018_says_its_parameters_are_carried_forward():
    profile = PROFILES["shandong-2018"]
    assert profile.review == "pending" and not profile.usable
    assert any(s.startswith("[I]") and "until 306号 is read" in s for s in profile.sources)
    assert profile.params == PROFILES["shandong-2012"].params
    lines = list(_lines("shandong-2018"))
    carried = [(table, key, comment) for table, key, comment in lines if table and table != "periods"]
    assert carried and all("[I]" in comment for _table, _key, comment in carried)
    # How periods are counted is the law (民法典), not a parameter carried over.
    assert [("periods", "roll_to_working_day")] == [(t, k) for t, k, c in lines if t == "periods" and "[N]" in c]


def test_zhejiang_2017_dropped_the_temporary_permit_and_widened_the_relatives_exemption():
    before, after = PROFILES["zhejiang-2009"].params, PROFILES["zhejiang-2017"].params
    assert before["permit"]["temporary_type"] == "temporary" and "temporary_type" not in after["permit"]
    assert (before["registration"]["relatives_max"], after["registration"]["relatives_max"]) == (
        Period(15, "days"),
        Period(30, "days"),
    )


@pytest.mark.parametrize(
    ("place", "on", "expected"),
    [
        pytest.param("370303001001", date(2013, 1, 9), LookupError, id="zibo-day-before-shandong-2012-no-national-yet"),
        pytest.param("370303001001", date(2013, 1, 10), "shandong-2012", id="zibo-first-day-of-shandong-2012"),
        pytest.param("370303", date(2016, 6, 1), "shandong-2012", id="zibo-2016-province-beats-national"),
        pytest.param("370303", date(2017, 12, 31), "shandong-2012", id="zibo-last-day-of-shandong-2012"),
        pytest.param("370303", date(2018, 1, 1), "national-2016", id="zibo-from-2018-national-shandong-2018-pending"),
        pytest.param("370303001001", date(2019, 6, 3), "national-2016", id="zibo-2019"),
        pytest.param("370102", date(2030, 1, 1), "national-2016", id="jinan-2030"),
        pytest.param("330302001001", date(2009, 9, 30), LookupError, id="wenzhou-day-before-zhejiang-2009"),
        pytest.param("330302001001", date(2009, 10, 1), "zhejiang-2009", id="wenzhou-first-day-of-zhejiang-2009"),
        pytest.param("330302", date(2016, 6, 30), "zhejiang-2009", id="wenzhou-last-day-of-zhejiang-2009"),
        pytest.param("330302", date(2016, 7, 1), "zhejiang-2017", id="wenzhou-first-day-of-zhejiang-2017"),
        pytest.param("110101001001", date(2015, 12, 31), LookupError, id="beijing-day-before-national"),
        pytest.param("110101001001", date(2016, 1, 1), "national-2016", id="beijing-first-day-of-national"),
        pytest.param("440305", date(2040, 1, 1), "national-2016", id="shenzhen-national-is-open-ended"),
        pytest.param("3703", date(2014, 1, 1), "shandong-2012", id="a-city-code-works-too"),
    ],
)
def test_profile_for_a_place_and_a_date(place, on, expected):
    if expected is LookupError:
        with pytest.raises(LookupError, match=place):
            profile_for(place, on)
    else:
        assert profile_for(place, on).id == expected


def _synthetic(profile_id, jurisdiction, effective_from=date(2016, 1, 1), effective_to=None, review="verified"):
    return replace(
        PROFILES["national-2016"],
        id=profile_id,
        jurisdiction=jurisdiction,
        effective_from=effective_from,
        effective_to=effective_to,
        review=review,
    )


SYNTHETIC = {
    p.id: p
    for p in (
        _synthetic("national", ("",)),
        _synthetic("province", ("37",)),
        _synthetic("city", ("3703", "3309")),
        _synthetic("city-ended", ("3704",), effective_to=date(2019, 12, 31)),
        _synthetic("city-pending", ("3705",), review="pending"),
        _synthetic("province-pending", ("35",), review="pending"),
    )
}


@pytest.mark.parametrize(
    ("place", "on", "expected"),
    [
        pytest.param("370303001001", date(2020, 1, 1), "city", id="city-prefix-beats-province"),
        pytest.param("330901", date(2020, 1, 1), "city", id="second-prefix-of-a-profile"),
        pytest.param("370102", date(2020, 1, 1), "province", id="province-beats-national"),
        pytest.param("370402", date(2019, 12, 31), "city-ended", id="last-day-of-a-city-profile"),
        pytest.param("370402", date(2020, 1, 1), "province", id="after-a-city-profile-ends"),
        pytest.param("370502", date(2020, 1, 1), "province", id="a-pending-city-is-skipped-for-the-province"),
        pytest.param("350102", date(2020, 1, 1), "national", id="a-pending-province-is-skipped-for-national"),
        pytest.param("110101", date(2020, 1, 1), "national", id="fallback"),
    ],
)
def test_the_longest_prefix_in_force_wins(place, on, expected):
    assert profile_for(place, on, profiles=SYNTHETIC).id == expected


def test_a_pending_profile_alone_governs_nothing():
    profiles = {"province-pending": SYNTHETIC["province-pending"]}
    with pytest.raises(LookupError, match="no policy profile covers 350102"):
        profile_for("350102", date(2020, 1, 1), profiles=profiles)


def test_two_profiles_with_the_same_prefix_in_force_are_a_data_error():
    profiles = {**SYNTHETIC, "province-again": _synthetic("province-again", ("37",))}
    with pytest.raises(ValueError, match="province, province-again"):
        profile_for("370102", date(2020, 1, 1), profiles=profiles)


def test_a_pending_twin_is_not_a_winner():
    profiles = {**SYNTHETIC, "province-again": _synthetic("province-again", ("37",), review="pending")}
    assert profile_for("370102", date(2020, 1, 1), profiles=profiles).id == "province"


@pytest.mark.parametrize(
    "code", ["", "3", "37a303", "3703030010011"], ids=["empty", "one-digit", "letter", "13-digits"]
)
def test_profile_for_refuses_a_bad_place_code(code):
    with pytest.raises(ValueError, match="not a division code"):
        profile_for(code, date(2020, 1, 1))


# --- periods as the files write them --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"days": 3}, D3),
        ({"working_days": 3}, WD3),
        ({"months": 6}, M6),
        ({"years": 1}, Y1),
        ({"days": 0}, Period(0, "days")),
    ],
    ids=str,
)
def test_a_period_is_a_one_key_table(value, expected):
    assert period(value) == expected


@pytest.mark.parametrize(
    ("value", "match"),
    [
        pytest.param(3, "written like", id="a-bare-number"),
        pytest.param({}, "written like", id="empty"),
        pytest.param({"days": 3, "months": 1}, "written like", id="two-keys"),
        pytest.param({"weeks": 2}, "unit must be one of", id="weeks"),
        pytest.param({"days": -3}, "0 or more", id="negative"),
        pytest.param({"days": True}, "whole number", id="bool"),
        pytest.param({"days": 3.5}, "whole number", id="float"),
    ],
)
def test_a_bad_period_is_refused(value, match):
    with pytest.raises(ValueError, match=match):
        period(value)


# --- bad files ------------------------------------------------------------------------------------------------------


def _edit(old, new, text=SHANDONG_2012):
    assert old in text, old
    return text.replace(old, new, 1)


def _national(old, new):
    return "national-2016", _edit(old, new, NATIONAL_2016)


def _shandong(old, new):
    return "shandong-2012", _edit(old, new, SHANDONG_2012)


CALENDAR = r"must be a period like \{ days = 3 \} \(in days, months, years\)"
NO_STABLE_EMPLOYMENT = re.sub(r"(?ms)^\[permit\.stable_employment\].*?(?=^\[changes\])", "", NATIONAL_2016)


@pytest.mark.parametrize(
    ("file", "match"),
    [
        pytest.param(_shandong("[registration]", "[registration"), "Expected ']'", id="toml-syntax"),
        pytest.param(
            ("shandong-2012", re.sub(r"(?m)^name_en = .*\n", "", SHANDONG_2012)), "missing name_en", id="missing-key"
        ),
        pytest.param(
            _shandong('id = "shandong-2012"\n', 'id = "shandong-2012"\ncolour = "red"\n'), "colour", id="unknown"
        ),
        pytest.param(_shandong("[duties]", "[dutys]"), "duties", id="missing-table"),
        pytest.param(
            _shandong("effective_from = 2013-01-10", 'effective_from = "2013-01-10"'), "TOML date", id="str-date"
        ),
        pytest.param(
            _shandong("effective_from = 2013-01-10", "effective_from = 2013-01-10T08:00:00"), "TOML date", id="dt"
        ),
        pytest.param(
            _shandong("effective_to = 2017-12-31", "effective_to = 2012-12-31"), "before effective_from", id="ends"
        ),
        pytest.param(_shandong('jurisdiction = ["37"]', 'jurisdiction = "37"'), "jurisdiction", id="jurisdiction-str"),
        pytest.param(
            _shandong('jurisdiction = ["37"]', 'jurisdiction = ["SD"]'), "jurisdiction", id="jurisdiction-letters"
        ),
        pytest.param(_shandong('  "[ZB] 淄博', '  "淄博'), "each source must start", id="untagged-source"),
        pytest.param(
            _shandong("min_stay = { days = 3 }", "min_stai = { days = 3 }"),
            "missing min_stay and has unknown keys min_stai",
            id="typo-in-a-table",
        ),
        pytest.param(_shandong("min_age = 16", "min_age = true"), "min_age must be", id="bool-for-int"),
        pytest.param(_shandong("min_age = 16", "min_age = -1"), "min_age must be", id="negative"),
        pytest.param(_shandong('["hotel", "hospital"]', '["hostel"]'), "exempt_housing must be", id="unknown-housing"),
        pytest.param(_shandong('"medical", "visit"', '"medical", "medical"'), "exempt_reasons", id="repeated-reason"),
        pytest.param(_shandong('scheme = "age_and_stay"', 'scheme = "points"'), "scheme must be", id="unknown-scheme"),
        pytest.param(
            ("shandong-2012", re.sub(r"(?m)^validity = .*\n", "", SHANDONG_2012)),
            "missing validity",
            id="scheme-param",
        ),
        pytest.param(_shandong("max_age = 70", "max_age = 16"), "min_age must be below", id="ages"),
        pytest.param(
            _shandong('id = "shandong-2012"\n', 'id = "shandong-2012"\nreview = "maybe"\n'),
            "review must be one of verified, pending, not 'maybe'",
            id="review-maybe",
        ),
        pytest.param(
            _shandong("roll_to_working_day = true", 'roll_to_working_day = "yes"'),
            "roll_to_working_day must be true or false",
            id="roll-yes",
        ),
        # Periods: a count with its unit, in the units the rule allows.
        pytest.param(
            _shandong("min_stay = { days = 3 }", "min_stay = 3"), f"min_stay {CALENDAR}, not 3", id="period-no-unit"
        ),
        pytest.param(_shandong("min_stay = { days = 3 }", "min_stay = { weeks = 2 }"), "min_stay must be", id="weeks"),
        pytest.param(
            _shandong("min_stay = { days = 3 }", "min_stay = { days = 3, months = 1 }"),
            "min_stay must be",
            id="period-two-keys",
        ),
        pytest.param(_shandong("min_stay = { days = 3 }", "min_stay = {}"), "min_stay must be", id="period-empty"),
        pytest.param(
            _shandong("min_stay = { days = 3 }", "min_stay = { days = -3 }"), "min_stay must be", id="period-negative"
        ),
        pytest.param(
            _shandong("min_stay = { days = 3 }", "min_stay = { days = 2.5 }"), "min_stay must be", id="period-float"
        ),
        pytest.param(
            _shandong("min_stay = { days = 3 }", "min_stay = { days = true }"), "min_stay must be", id="period-bool"
        ),
        pytest.param(
            _shandong("min_stay = { days = 3 }", "min_stay = { working_days = 3 }"),
            f"min_stay {CALENDAR}",
            id="working-days-where-calendar-only",
        ),
        pytest.param(
            _shandong("commuter_min_work = { months = 1 }", "commuter_min_work = { working_days = 22 }"),
            "commuter_min_work must be",
            id="commuter-in-working-days",
        ),
        pytest.param(
            _shandong("deadline = { days = 3 }", "deadline = { months = 1 }"),
            r"\[registration\] deadline must be a period like \{ days = 3 \} \(in days, working_days\)",
            id="deadline-in-months",
        ),
        pytest.param(
            _shandong("landlord_report = { working_days = 3 }", "landlord_report = { days = 3 }"),
            r"landlord_report must be a period like \{ working_days = 3 \}",
            id="landlord-in-calendar-days",
        ),
        pytest.param(
            _shandong("validity = { years = 1 }", "validity = { days = 365 }"),
            r"validity must be a period like \{ months = 3 \} \(in months, years\)",
            id="validity-in-days",
        ),
        pytest.param(
            _national("endorsement_every = { years = 1 }", "endorsement_every = { months = 12 }"),
            "endorsement_every must be",
            id="endorsement-in-months",
        ),
        pytest.param(
            _national("min_residence = { months = 6 }", "min_residence = 183"),
            "min_residence must be a period",
            id="half-a-year-as-a-number",
        ),
        # [permit.stable_employment]: a table of three.
        pytest.param(("national-2016", NO_STABLE_EMPLOYMENT), "missing stable_employment", id="no-stable-table"),
        pytest.param(
            ("national-2016", re.sub(r"(?m)^business_licence = .*\n", "", NATIONAL_2016)),
            "stable_employment must be a table of labour_contract, business_licence, social_insurance_months",
            id="stable-table-missing-a-key",
        ),
        pytest.param(
            _national("social_insurance_months = 1", "social_insurance_months = 0"),
            "stable_employment must be",
            id="stable-insurance-zero",
        ),
        pytest.param(
            _national("labour_contract = { months = 6 }", "labour_contract = { working_days = 120 }"),
            "stable_employment must be",
            id="stable-contract-in-working-days",
        ),
        pytest.param(
            _national("social_insurance_months = 1", "social_insurance_months = 1\npension = true"),
            "stable_employment must be",
            id="stable-table-unknown-key",
        ),
    ],
)
def test_a_bad_file_is_refused_with_its_name(tmp_path, file, match):
    file_id, text = file
    (tmp_path / f"{file_id}.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=f"{file_id}.toml") as raised:
        load_profiles(tmp_path)
    assert isinstance(raised.value, ProfileError)
    assert re.search(match, str(raised.value)), str(raised.value)


def test_the_edited_copies_are_good_files_before_their_edit(tmp_path):
    for file_id, text in (("shandong-2012", SHANDONG_2012), ("national-2016", NATIONAL_2016)):
        (tmp_path / f"{file_id}.toml").write_text(text, encoding="utf-8")
    assert sorted(load_profiles(tmp_path)) == ["national-2016", "shandong-2012"]


def test_review_is_verified_unless_a_file_says_pending(tmp_path):
    pending = _edit('id = "shandong-2012"\n', 'id = "shandong-2012"\nreview = "pending"\n')
    (tmp_path / "shandong-2012.toml").write_text(pending, encoding="utf-8")
    profile = load_profiles(tmp_path)["shandong-2012"]
    assert profile.review == "pending" and not profile.usable
    assert PROFILES["shandong-2012"].review == "verified" and PROFILES["shandong-2012"].usable


def test_the_id_must_match_the_file_name(tmp_path):
    (tmp_path / "zibo.toml").write_text(SHANDONG_2012, encoding="utf-8")
    with pytest.raises(ProfileError, match=r"zibo.toml: id 'shandong-2012' must match the file name"):
        load_profiles(tmp_path)


def test_overlapping_files_for_the_same_prefix_are_refused(tmp_path):
    (tmp_path / "shandong-2012.toml").write_text(SHANDONG_2012, encoding="utf-8")
    copy = SHANDONG_2012.replace('id = "shandong-2012"', 'id = "shandong-copy"').replace("2017-12-31", "2099-12-31")
    (tmp_path / "shandong-copy.toml").write_text(copy, encoding="utf-8")
    with pytest.raises(ProfileError, match=r"shandong-2012.toml and shandong-copy.toml.*'37'"):
        load_profiles(tmp_path)


def test_a_successor_that_starts_after_its_predecessor_is_fine(tmp_path):
    (tmp_path / "shandong-2012.toml").write_text(SHANDONG_2012, encoding="utf-8")
    (tmp_path / "shandong-2018.toml").write_text(
        (PROFILE_DIR / "shandong-2018.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert sorted(load_profiles(tmp_path)) == ["shandong-2012", "shandong-2018"]


def test_replacing_an_unknown_profile_is_refused(tmp_path):
    text = (PROFILE_DIR / "shandong-2018.toml").read_text(encoding="utf-8")
    (tmp_path / "shandong-2018.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match="replaces unknown profile 'shandong-2012'"):
        load_profiles(tmp_path)


def test_an_empty_directory_is_refused(tmp_path):
    with pytest.raises(ProfileError, match="no policy profiles"):
        load_profiles(tmp_path)


def test_files_are_read_once_and_callers_get_their_own_dict(tmp_path):
    path = tmp_path / "shandong-2012.toml"
    path.write_text(SHANDONG_2012, encoding="utf-8")
    first = load_profiles(tmp_path)
    path.write_text("not toml at all", encoding="utf-8")
    second = load_profiles(str(tmp_path))
    assert second["shandong-2012"] is first["shandong-2012"]
    first.clear()
    assert "shandong-2012" in load_profiles(tmp_path)


def test_parameters_cannot_be_changed_in_place():
    params = PROFILES["shandong-2012"].params
    with pytest.raises(TypeError):
        params["registration"]["min_stay"] = Period(1, "days")  # type: ignore[index]
    with pytest.raises(TypeError):
        PROFILES["national-2016"].params["permit"]["stable_employment"]["social_insurance_months"] = 0  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        params["registration"]["min_stay"].count = 1  # type: ignore[misc]
    assert params["permit"]["exempt_reasons"] == ("medical", "visit", "tourism", "business_trip")


ZH_NAME = "山东省流动人口服务管理办法（省政府令第253号）及淄博市实施意见（淄政发〔2012〕35号）"
EN_NAME = "Shandong Migrant Population Service and Management Measures (Order No. 253), as implemented in Zibo"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        pytest.param("zh", ZH_NAME, id="zh"),
        pytest.param("zh_Hans_CN", ZH_NAME, id="zh_Hans_CN"),
        pytest.param(Locale("zh"), ZH_NAME, id="babel-locale"),
        pytest.param("en", EN_NAME, id="en"),
        pytest.param(None, EN_NAME, id="none"),
    ],
)
def test_display_name_comes_from_the_data(locale, expected):
    assert PROFILES["shandong-2012"].display_name(locale) == expected
