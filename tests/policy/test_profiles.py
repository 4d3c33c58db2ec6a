"""Policy profiles: the shipped data, how a profile is chosen for a place and a date, and how bad files fail."""

import re
from dataclasses import replace
from datetime import date

import pytest
from babel import Locale

from webapp.policy.profiles import PROFILE_DIR, TAGS, ProfileError, load_profiles, profile_for

PROFILES = load_profiles()
SHANDONG_2012 = (PROFILE_DIR / "shandong-2012.toml").read_text(encoding="utf-8")


def test_the_shipped_profiles():
    assert sorted(PROFILES) == ["national-2016", "shandong-2012", "shandong-2018", "zhejiang-2009", "zhejiang-2017"]
    windows = {p.id: (p.jurisdiction, p.effective_from, p.effective_to) for p in PROFILES.values()}
    assert windows == {
        "shandong-2012": (("37",), date(2013, 1, 10), date(2017, 12, 31)),
        "shandong-2018": (("37",), date(2018, 1, 1), None),
        "zhejiang-2009": (("33",), date(2009, 10, 1), date(2016, 12, 31)),
        "zhejiang-2017": (("33",), date(2017, 1, 1), None),
        "national-2016": (("",), date(2016, 1, 1), None),
    }
    assert PROFILES["shandong-2018"].replaces == "shandong-2012"
    assert PROFILES["zhejiang-2017"].replaces == "zhejiang-2009"


@pytest.mark.parametrize("profile", sorted(PROFILES.values(), key=lambda p: p.id), ids=lambda p: p.id)
def test_every_source_is_tagged_and_every_parameter_says_where_it_comes_from(profile):
    assert all(source.startswith(TAGS) for source in profile.sources)
    text = (PROFILE_DIR / f"{profile.id}.toml").read_text(encoding="utf-8")
    section = None
    for line in text.splitlines():
        if header := re.fullmatch(r"\[(\w+)\]", line.strip()):
            section = header.group(1)
        elif section and re.match(r"\w+ = ", line):
            comment = line.partition("#")[2]
            assert any(tag in comment for tag in TAGS), f"{section}: {line}"


def test_shandong_2018_says_its_parameters_are_carried_forward():
    profile = PROFILES["shandong-2018"]
    assert any(s.startswith("[I]") and "carried forward pending review of 306号" in s for s in profile.sources)
    assert profile.params == PROFILES["shandong-2012"].params
    text = (PROFILE_DIR / "shandong-2018.toml").read_text(encoding="utf-8")
    parameter_lines = [line for line in text.splitlines() if re.match(r"\w+ = ", line) and "#" in line]
    assert parameter_lines and all("[I]" in line.partition("#")[2] for line in parameter_lines)


def test_zhejiang_2017_dropped_the_temporary_permit_and_widened_the_relatives_exemption():
    before, after = PROFILES["zhejiang-2009"].params, PROFILES["zhejiang-2017"].params
    assert before["permit"]["temporary_type"] == "temporary" and "temporary_type" not in after["permit"]
    assert (before["registration"]["relatives_max_days"], after["registration"]["relatives_max_days"]) == (15, 30)


@pytest.mark.parametrize(
    ("place", "on", "expected"),
    [
        pytest.param("370303001001", date(2013, 1, 9), LookupError, id="zibo-day-before-shandong-2012-no-national-yet"),
        pytest.param("370303001001", date(2013, 1, 10), "shandong-2012", id="zibo-first-day-of-shandong-2012"),
        pytest.param("370303", date(2016, 6, 1), "shandong-2012", id="zibo-2016-province-beats-national"),
        pytest.param("370303", date(2017, 12, 31), "shandong-2012", id="zibo-last-day-of-shandong-2012"),
        pytest.param("370303", date(2018, 1, 1), "shandong-2018", id="zibo-first-day-of-shandong-2018"),
        pytest.param("370102", date(2030, 1, 1), "shandong-2018", id="jinan-2030"),
        pytest.param("330302001001", date(2009, 9, 30), LookupError, id="wenzhou-day-before-zhejiang-2009"),
        pytest.param("330302001001", date(2009, 10, 1), "zhejiang-2009", id="wenzhou-first-day-of-zhejiang-2009"),
        pytest.param("330302", date(2016, 12, 31), "zhejiang-2009", id="wenzhou-last-day-of-zhejiang-2009"),
        pytest.param("330302", date(2017, 1, 1), "zhejiang-2017", id="wenzhou-first-day-of-zhejiang-2017"),
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


def _synthetic(profile_id, jurisdiction, effective_from=date(2016, 1, 1), effective_to=None):
    return replace(
        PROFILES["national-2016"],
        id=profile_id,
        jurisdiction=jurisdiction,
        effective_from=effective_from,
        effective_to=effective_to,
    )


SYNTHETIC = {
    p.id: p
    for p in (
        _synthetic("national", ("",)),
        _synthetic("province", ("37",)),
        _synthetic("city", ("3703", "3309")),
        _synthetic("city-ended", ("3704",), effective_to=date(2019, 12, 31)),
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
        pytest.param("110101", date(2020, 1, 1), "national", id="fallback"),
    ],
)
def test_the_longest_prefix_in_force_wins(place, on, expected):
    assert profile_for(place, on, profiles=SYNTHETIC).id == expected


def test_two_profiles_with_the_same_prefix_in_force_are_a_data_error():
    profiles = {**SYNTHETIC, "province-again": _synthetic("province-again", ("37",))}
    with pytest.raises(ValueError, match="province, province-again"):
        profile_for("370102", date(2020, 1, 1), profiles=profiles)


@pytest.mark.parametrize(
    "code", ["", "3", "37a303", "3703030010011"], ids=["empty", "one-digit", "letter", "13-digits"]
)
def test_profile_for_refuses_a_bad_place_code(code):
    with pytest.raises(ValueError, match="not a division code"):
        profile_for(code, date(2020, 1, 1))


def _edit(old, new):
    assert old in SHANDONG_2012, old
    return SHANDONG_2012.replace(old, new, 1)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        pytest.param(_edit("[registration]", "[registration"), "Expected ']'", id="toml-syntax"),
        pytest.param(re.sub(r"(?m)^name_en = .*\n", "", SHANDONG_2012), "missing name_en", id="missing-key"),
        pytest.param(_edit('id = "shandong-2012"\n', 'id = "shandong-2012"\ncolour = "red"\n'), "colour", id="unknown"),
        pytest.param(_edit("[duties]", "[dutys]"), "duties", id="missing-table"),
        pytest.param(_edit("effective_from = 2013-01-10", 'effective_from = "2013-01-10"'), "TOML date", id="str-date"),
        pytest.param(
            _edit("effective_from = 2013-01-10", "effective_from = 2013-01-10T08:00:00"), "TOML date", id="dt"
        ),
        pytest.param(
            _edit("effective_to = 2017-12-31", "effective_to = 2012-12-31"), "before effective_from", id="ends"
        ),
        pytest.param(_edit('jurisdiction = ["37"]', 'jurisdiction = "37"'), "jurisdiction", id="jurisdiction-str"),
        pytest.param(
            _edit('jurisdiction = ["37"]', 'jurisdiction = ["SD"]'), "jurisdiction", id="jurisdiction-letters"
        ),
        pytest.param(_edit('  "[ZB] 淄博', '  "淄博'), "each source must start", id="untagged-source"),
        pytest.param(_edit("min_stay_days = 3", "min_stay_dayz = 3"), "min_stay_dayz", id="typo-in-a-table"),
        pytest.param(_edit("deadline_days = 3", "deadline_days = true"), "deadline_days must be", id="bool-for-int"),
        pytest.param(_edit("deadline_days = 3", "deadline_days = -1"), "deadline_days must be", id="negative"),
        pytest.param(_edit('["hotel", "hospital"]', '["hostel"]'), "exempt_housing must be", id="unknown-housing"),
        pytest.param(_edit('"medical", "visit"', '"medical", "medical"'), "exempt_reasons", id="repeated-reason"),
        pytest.param(_edit('scheme = "age_and_stay"', 'scheme = "points"'), "scheme must be", id="unknown-scheme"),
        pytest.param(re.sub(r"(?m)^validity_years = .*\n", "", SHANDONG_2012), "validity_years", id="scheme-param"),
        pytest.param(_edit("max_age = 70", "max_age = 16"), "min_age must be below", id="ages"),
        pytest.param(_edit('unit = "working_days"', 'unit = "weeks"'), "unit must be", id="unit"),
    ],
)
def test_a_bad_file_is_refused_with_its_name(tmp_path, text, match):
    (tmp_path / "shandong-2012.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="shandong-2012.toml") as raised:
        load_profiles(tmp_path)
    assert isinstance(raised.value, ProfileError)
    assert re.search(match, str(raised.value)), str(raised.value)


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
        params["registration"]["min_stay_days"] = 1  # type: ignore[index]
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
