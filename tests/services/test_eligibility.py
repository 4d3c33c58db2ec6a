"""The service catalogue and who may ask: every service for every kind of person, the child-age and adult edges,
the words for every reason, and the checks on the catalogue file."""

import itertools
import json
import re
from datetime import date

import pytest
from babel import Locale
from flask import Flask
from flask_babel import Babel

from webapp.services.catalogue import (
    CATALOGUE_PATH,
    WHO,
    Service,
    load_catalogue,
    parse_catalogue,
    service,
)
from webapp.services.eligibility import REASONS, Applicant, Eligibility, catalogue_for, eligibility
from webapp.services.explain import (
    MESSAGES,
    explain,
    placeholders,
    service_description,
    service_name,
    values_for,
)

CATALOGUE = load_catalogue()
TODAY = date(2024, 6, 1)
ADULT_BORN = date(1990, 5, 10)
CHILD_AGED_8 = date(2016, 3, 1)  # in age for school (6–15) and vaccinations (0–15) on TODAY

# --- the catalogue as DOMAIN.md §3 has it -----------------------------------------------------------------------------

# code -> (department, who, child ages, adult only)
EXPECTED_CATALOGUE = {
    "school_place": ("education", "permit", (6, 15), False),
    "job_referral": ("hrss", "registered", None, False),
    "vocational_training": ("hrss", "registered", None, False),
    "insurance_enrolment": ("hrss", "registered", None, False),
    "legal_aid": ("justice", "anyone", None, False),
    "labour_mediation": ("hrss", "anyone", None, False),
    "child_immunisation": ("health", "registered", (0, 15), False),  # 15周岁以下: 以下 includes 15
    "maternal_child_health": ("health", "registered", None, False),
    "marriage_childbearing_certificate": ("health", "registered", None, True),
    "public_rental_housing": ("housing", "permit", None, False),
    "hardship_relief": ("civil_affairs", "anyone", None, False),
    "driving_licence": ("public_security", "permit", None, False),
    "cultural_venues": ("culture", "anyone", None, False),
}


def test_the_catalogue_has_every_service_of_domain_md_in_order():
    assert [s.code for s in CATALOGUE] == list(EXPECTED_CATALOGUE)


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda s: s.code)
def test_each_service_is_as_domain_md_says(entry):
    department, who, ages, adult = EXPECTED_CATALOGUE[entry.code]
    assert (entry.department, entry.who, entry.adult) == (department, who, adult)
    assert (None if entry.child_age_min is None else (entry.child_age_min, entry.child_age_max)) == ages
    assert entry.target_days > 0 and entry.source
    assert all(text.strip() == text and text for text in (entry.name_zh, entry.name_en))
    assert entry.description_en.endswith(".") and entry.description_zh.endswith("。")
    assert ("permit" in entry.documents) == ("permit" in entry.whos)


def test_load_catalogue_reads_the_file_once():
    assert load_catalogue() is CATALOGUE
    assert load_catalogue(str(CATALOGUE_PATH)) is CATALOGUE


def test_service_finds_by_code():
    assert service("legal_aid").department == "justice"
    with pytest.raises(KeyError, match="no_such"):
        service("no_such")


# --- who may ask: every service, every kind of person -----------------------------------------------------------------

PERSONS = {
    "unregistered": Applicant(
        registered=False, permit=None, birth_date=ADULT_BORN, children_birth_dates=(CHILD_AGED_8,)
    ),
    "registered, no permit": Applicant(True, None, ADULT_BORN, (CHILD_AGED_8,)),
    "valid permit": Applicant(True, "valid", ADULT_BORN, (CHILD_AGED_8,)),
    "lapsed permit": Applicant(True, "lapsed", ADULT_BORN, (CHILD_AGED_8,)),
    "expired permit": Applicant(True, "expired", ADULT_BORN, (CHILD_AGED_8,)),
    "revoked permit": Applicant(True, "revoked", ADULT_BORN, (CHILD_AGED_8,)),
}

# who may ask -> person -> reason
EXPECTED_REASON = {
    "anyone": dict.fromkeys(PERSONS, "ok.anyone"),
    "registered": {**dict.fromkeys(PERSONS, "ok.registered"), "unregistered": "needs.registration"},
    "permit": {
        "unregistered": "needs.registration_and_permit",
        "registered, no permit": "needs.permit",
        "valid permit": "ok.permit",
        "lapsed permit": "needs.valid_permit",
        "expired permit": "needs.renewed_permit",
        "revoked permit": "needs.new_permit",
    },
}


@pytest.mark.parametrize(
    ("entry", "person"),
    list(itertools.product(CATALOGUE, PERSONS)),
    ids=[f"{s.code}: {p}" for s, p in itertools.product(CATALOGUE, PERSONS)],
)
def test_who_may_ask(entry, person):
    answer = eligibility(PERSONS[person], entry, TODAY)
    expected = EXPECTED_REASON[entry.who][person]
    if len(entry.whos) > 1 and person == "unregistered":  # no report, no place: register first, the place decides
        expected = "needs.registration_then_place"
    assert answer.reason == expected
    assert answer.outcome == ("can_ask" if answer.reason.startswith("ok.") else "not_yet")
    assert answer.service is entry and answer.from_date is None


def test_a_lapsed_permit_still_counts_as_registered():
    lapsed = PERSONS["lapsed permit"]
    assert eligibility(lapsed, service("job_referral"), TODAY).outcome == "can_ask"
    assert eligibility(lapsed, service("driving_licence"), TODAY).reason == "needs.valid_permit"


def test_applicant_permit_state_is_checked():
    with pytest.raises(ValueError, match="permit must be"):
        Applicant(True, "suspended", ADULT_BORN)


def test_an_answer_must_match_its_reason():
    with pytest.raises(ValueError, match="does not give"):
        Eligibility(service("legal_aid"), "not_yet", "ok.anyone")
    answer = Eligibility(service("school_place"), "not_eligible", "needs.child_in_age", params={"min": 6, "max": 15})
    with pytest.raises(TypeError):
        answer.params["min"] = 7  # type: ignore[index]


# --- children's ages --------------------------------------------------------------------------------------------------

SCHOOL_CHILD = date(2018, 9, 1)  # 6 on 2024-09-01, 16 on 2034-09-01
LEAP_CHILD = date(2016, 2, 29)  # 6 on 2022-03-01 (no 29 February in 2022)


def _family(*children, permit="valid", registered=True):
    return Applicant(registered, permit, ADULT_BORN, tuple(children))


@pytest.mark.parametrize(
    ("code", "person", "today", "reason", "from_date"),
    [
        pytest.param(
            "school_place",
            _family(SCHOOL_CHILD),
            date(2024, 8, 31),
            "child.ages_into",
            date(2024, 9, 1),
            id="school: the day before the 6th birthday",
        ),
        pytest.param(
            "school_place", _family(SCHOOL_CHILD), date(2024, 9, 1), "ok.permit", None, id="school: the 6th birthday"
        ),
        pytest.param(
            "school_place",
            _family(SCHOOL_CHILD),
            date(2034, 8, 31),
            "ok.permit",
            None,
            id="school: the day before the 16th birthday",
        ),
        pytest.param(
            "school_place",
            _family(SCHOOL_CHILD),
            date(2034, 9, 1),
            "needs.child_in_age",
            None,
            id="school: the 16th birthday",
        ),
        pytest.param(
            "school_place",
            _family(LEAP_CHILD),
            date(2022, 2, 28),
            "child.ages_into",
            date(2022, 3, 1),
            id="school: born on 29 February, 6 on 1 March",
        ),
        pytest.param("school_place", _family(), TODAY, "needs.child_in_age", None, id="school: no children"),
        pytest.param(
            "school_place",
            _family(date(2000, 1, 1), date(2021, 6, 1)),
            TODAY,
            "child.ages_into",
            date(2027, 6, 1),
            id="school: one child too old, one too young",
        ),
        pytest.param(
            "school_place",
            _family(date(2000, 1, 1), CHILD_AGED_8),
            TODAY,
            "ok.permit",
            None,
            id="school: one child too old, one in age",
        ),
        pytest.param(
            "school_place",
            _family(date(2021, 6, 1), date(2020, 1, 1)),
            TODAY,
            "child.ages_into",
            date(2026, 1, 1),
            id="school: the first child to reach 6",
        ),
        # Registration and permit come before dates: they take time to sort out, so say so early.
        pytest.param(
            "school_place",
            _family(SCHOOL_CHILD, permit=None),
            date(2024, 8, 31),
            "needs.permit",
            None,
            id="school: too young and no permit",
        ),
        pytest.param(
            "school_place",
            _family(SCHOOL_CHILD, permit="lapsed"),
            date(2024, 9, 1),
            "needs.valid_permit",
            None,
            id="school: in age, lapsed permit",
        ),
        # ... but a child who will never be of the age is said first: no permit changes that.
        pytest.param(
            "school_place",
            _family(date(2000, 1, 1), permit=None, registered=False),
            TODAY,
            "needs.child_in_age",
            None,
            id="school: too old, unregistered",
        ),
        pytest.param(
            "child_immunisation",
            _family(date(2024, 9, 1)),
            TODAY,
            "child.ages_into",
            date(2024, 9, 1),
            id="vaccinations: a child expected in September",
        ),
        pytest.param("child_immunisation", _family(TODAY), TODAY, "ok.registered", None, id="vaccinations: born today"),
        pytest.param(
            "child_immunisation",
            _family(date(2009, 6, 2)),
            TODAY,
            "ok.registered",
            None,
            id="vaccinations: the day before the 15th birthday",
        ),
        pytest.param(
            "child_immunisation",
            _family(date(2009, 6, 1)),
            TODAY,
            "ok.registered",
            None,
            id="vaccinations: the 15th birthday (15周岁以下 includes 15)",
        ),
        pytest.param(
            "child_immunisation",
            _family(date(2008, 6, 2)),
            TODAY,
            "ok.registered",
            None,
            id="vaccinations: the day before the 16th birthday",
        ),
        pytest.param(
            "child_immunisation",
            _family(date(2008, 6, 1)),
            TODAY,
            "needs.child_in_age",
            None,
            id="vaccinations: the 16th birthday",
        ),
        pytest.param(
            "child_immunisation",
            _family(CHILD_AGED_8, permit=None, registered=False),
            TODAY,
            "needs.registration",
            None,
            id="vaccinations: in age, unregistered",
        ),
        pytest.param("legal_aid", _family(), TODAY, "ok.anyone", None, id="not a child's service: no children needed"),
    ],
)
def test_child_ages(code, person, today, reason, from_date):
    answer = eligibility(person, service(code), today)
    assert (answer.reason, answer.from_date) == (reason, from_date)
    assert answer.outcome == REASONS[reason]


def test_out_of_age_says_the_ages():
    answer = eligibility(_family(), service("school_place"), TODAY)
    assert (answer.outcome, dict(answer.params)) == ("not_eligible", {"min": 6, "max": 15})


# --- adults only ------------------------------------------------------------------------------------------------------

MINOR = date(2006, 6, 2)  # 18 on 2024-06-02


@pytest.mark.parametrize(
    ("code", "person", "today", "reason", "from_date"),
    [
        pytest.param(
            "marriage_childbearing_certificate",
            Applicant(True, None, MINOR),
            TODAY,
            "needs.adult",
            date(2024, 6, 2),
            id="the day before the 18th birthday",
        ),
        pytest.param(
            "marriage_childbearing_certificate",
            Applicant(True, None, MINOR),
            date(2024, 6, 2),
            "ok.registered",
            None,
            id="the 18th birthday",
        ),
        pytest.param(
            "marriage_childbearing_certificate",
            Applicant(False, None, MINOR),
            TODAY,
            "needs.registration",
            None,
            id="a minor, unregistered: register first",
        ),
        pytest.param(
            "marriage_childbearing_certificate",
            Applicant(True, None, date(2008, 2, 29)),
            date(2026, 2, 28),
            "needs.adult",
            date(2026, 3, 1),
            id="born on 29 February",
        ),
        pytest.param(
            "job_referral",
            Applicant(True, None, MINOR),
            TODAY,
            "ok.registered",
            None,
            id="not adult-only: a 17-year-old can ask",
        ),
    ],
)
def test_adult_only(code, person, today, reason, from_date):
    answer = eligibility(person, service(code), today)
    assert (answer.reason, answer.from_date) == (reason, from_date)


def test_only_the_marriage_certificate_is_for_adults_only():
    assert [s.code for s in CATALOGUE if s.adult] == ["marriage_childbearing_certificate"]


# --- the whole catalogue for one person -------------------------------------------------------------------------------


@pytest.mark.parametrize("person", PERSONS, ids=str)
def test_catalogue_for_lists_every_service_can_ask_first(person):
    answers = catalogue_for(PERSONS[person], TODAY)
    assert sorted(a.service.code for a in answers) == sorted(EXPECTED_CATALOGUE)
    order = {"can_ask": 0, "not_yet": 1, "not_eligible": 2}
    ranks = [order[a.outcome] for a in answers]
    assert ranks == sorted(ranks) and ranks[0] == 0
    # Catalogue order is kept inside each group.
    for outcome in order:
        codes = [a.service.code for a in answers if a.outcome == outcome]
        assert codes == [code for code in EXPECTED_CATALOGUE if code in codes]


def test_catalogue_for_a_family_without_school_age_children():
    answers = catalogue_for(Applicant(True, "valid", ADULT_BORN), TODAY)
    assert [(a.service.code, a.reason) for a in answers if a.outcome != "can_ask"] == [
        ("school_place", "needs.child_in_age"),
        ("child_immunisation", "needs.child_in_age"),
    ]
    assert answers[-1].outcome == "not_eligible"


# --- the words --------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def babel_app():
    app = Flask(__name__)
    Babel(app)
    return app


def _every_answer():
    """Answers for many people on many days: between them, every reason the code can give."""
    people = [
        Applicant(registered, permit, born, children)
        for registered in (False, True)
        for permit in (None, "valid", "lapsed", "expired", "revoked")
        for born in (ADULT_BORN, MINOR)
        for children in ((), (CHILD_AGED_8,), (SCHOOL_CHILD,), (date(2000, 1, 1),))
    ]
    return [eligibility(p, s, TODAY) for p in people for s in CATALOGUE]


ALL_ANSWERS = _every_answer()


def test_every_reason_has_a_message_and_every_message_a_reason():
    assert set(MESSAGES) == set(REASONS)


def test_every_reason_can_be_given():
    assert {a.reason for a in ALL_ANSWERS} == set(REASONS)


def test_every_placeholder_is_filled(babel_app):
    with babel_app.test_request_context():
        for answer in ALL_ANSWERS:
            assert placeholders(str(MESSAGES[answer.reason])) <= set(values_for(answer)), answer.reason
            text = explain(answer)
            assert "%(" not in text and text.strip() == text and text.endswith("."), answer.reason


@pytest.mark.parametrize(
    ("code", "person", "today", "text"),
    [
        pytest.param(
            "legal_aid",
            PERSONS["unregistered"],
            TODAY,
            "You can ask now. This service is open to everyone.",
            id="ok.anyone",
        ),
        pytest.param(
            "job_referral",
            PERSONS["unregistered"],
            TODAY,
            "You can ask once your residence is registered. You need no residence permit for this.",
            id="needs.registration",
        ),
        pytest.param(
            "driving_licence",
            PERSONS["registered, no permit"],
            TODAY,
            "You need a residence permit for this. You can apply for one if the rules say you are eligible.",
            id="needs.permit",
        ),
        pytest.param(
            "driving_licence",
            PERSONS["lapsed permit"],
            TODAY,
            "Your permit's yearly endorsement is overdue: endorse it and you can ask again.",
            id="needs.valid_permit",
        ),
        pytest.param(
            "school_place",
            _family(),
            TODAY,
            "A parent or guardian asks for this for a child aged 6 to 15: "
            "no child of that age is on your household list.",
            id="needs.child_in_age",
        ),
        pytest.param(
            "school_place",
            _family(SCHOOL_CHILD),
            TODAY,
            "Your child can ask from 1 September 2024, when they turn 6.",
            id="child.ages_into",
        ),
        pytest.param(
            "marriage_childbearing_certificate",
            Applicant(True, None, MINOR),
            TODAY,
            "This is for people aged 18 and over. You can ask from 2 June 2024.",
            id="needs.adult",
        ),
    ],
)
def test_explain(babel_app, code, person, today, text):
    answer = eligibility(person, service(code), today)
    with babel_app.test_request_context():
        assert explain(answer, format_date=lambda d: f"{d.day} {d:%B %Y}") == text


def test_explain_formats_dates_as_iso_unless_told(babel_app):
    answer = eligibility(_family(SCHOOL_CHILD), service("school_place"), TODAY)
    with babel_app.test_request_context():
        assert explain(answer) == "Your child can ask from 2024-09-01, when they turn 6."


@pytest.mark.parametrize(
    ("locale", "name", "description"),
    [
        pytest.param(None, "Legal aid (green channel)", "Free legal help", id="default"),
        pytest.param("en", "Legal aid (green channel)", "Free legal help", id="en"),
        pytest.param("zh", "法律援助绿色通道", "拖欠工资", id="zh"),
        pytest.param("zh_Hans_CN", "法律援助绿色通道", "拖欠工资", id="zh_Hans_CN"),
        pytest.param(Locale.parse("zh_Hans_CN"), "法律援助绿色通道", "拖欠工资", id="babel Locale"),
    ],
)
def test_service_name_and_description_by_locale(locale, name, description):
    entry = service("legal_aid")
    assert service_name(entry, locale) == name
    assert service_description(entry, locale).startswith(description)


# --- checks on the catalogue file -------------------------------------------------------------------------------------

GOOD = {
    "code": "job_referral",
    "name_zh": "职业介绍",
    "name_en": "Job referral",
    "description_zh": "免费职业介绍。",
    "description_en": "Free job referral.",
    "department": "hrss",
    "who": "registered",
    "documents": ["id_card"],
    "target_days": 5,
    "source": ["[ZB] 二（四）"],
}


def _toml(*entries):
    """A catalogue file with these entries (strings, whole numbers, booleans and lists of strings only)."""
    lines = []
    for entry in entries:
        lines.append("[[service]]")
        for key, value in entry.items():
            shown = str(value).lower() if isinstance(value, bool) else json.dumps(value, ensure_ascii=False)
            lines.append(f"{key} = {shown}")
    return "\n".join(lines) + "\n"


def _load(tmp_path, *entries):
    path = tmp_path / "catalogue.toml"
    path.write_text(_toml(*entries), encoding="utf-8")
    return load_catalogue(path)


def test_a_good_file_loads(tmp_path):
    [entry] = _load(tmp_path, GOOD)
    assert entry == Service(**{**GOOD, "documents": ("id_card",), "source": ("[ZB] 二（四）",)})
    assert (entry.adult, entry.child_age_min, entry.for_child) == (False, None, False)


def _without(key):
    return {k: v for k, v in GOOD.items() if k != key}


@pytest.mark.parametrize(
    ("second", "message"),
    [
        pytest.param(_without("department"), r"is missing department", id="missing key"),
        pytest.param(_without("code"), r"is missing code", id="missing code"),
        pytest.param(
            {**GOOD, "department": "tax"},
            r"department must be one of",
            id="unknown department",
        ),
        pytest.param(
            {**GOOD, "documents": ["id_card", "passport"]},
            r"documents must be a list without repeats of",
            id="unknown document",
        ),
        pytest.param({**GOOD, "documents": ["id_card", "id_card"]}, r"documents must be", id="repeated document"),
        pytest.param({**GOOD, "who": "everyone"}, r"who must be one of anyone, registered, permit", id="unknown who"),
        pytest.param({**GOOD, "cost": 0}, r"has unknown keys cost", id="unknown key"),
        pytest.param({**GOOD, "code": "JobReferral"}, r"code must be a snake_case code", id="code not snake_case"),
        pytest.param({**GOOD, "target_days": 0}, r"target_days must be a whole number, 1 or more", id="no days"),
        pytest.param(
            {**GOOD, "source": ["Zibo opinion"]},
            r"source must be a list of texts, each starting with",
            id="untagged source",
        ),
        pytest.param({**GOOD, "source": []}, r"source must be", id="no source"),
        pytest.param({**GOOD, "name_en": " "}, r"name_en must be some text", id="blank name"),
        pytest.param({**GOOD, "child_age_min": 6}, r"child_age_min and child_age_max go together", id="one age"),
        pytest.param(
            {**GOOD, "child_age_min": 9, "child_age_max": 6},
            r"child_age_min must not be above child_age_max",
            id="ages reversed",
        ),
        pytest.param(
            {**GOOD, "child_age_min": 0, "child_age_max": 18},
            r"child_age_max must be a whole number from",
            id="age of an adult",
        ),
        pytest.param({**GOOD, "adult": "yes"}, r"adult must be true or false", id="adult not a flag"),
        pytest.param(
            {**GOOD, "adult": True, "child_age_min": 0, "child_age_max": 3},
            r"a service is for adults or for a child, not both",
            id="adult and child",
        ),
        pytest.param(
            {**GOOD, "who": "permit"},
            r'a service for permit holders must list "permit" in documents',
            id="permit not listed",
        ),
        pytest.param({**GOOD, "code": "legal_aid"}, r"the code 'legal_aid' is used twice", id="repeated code"),
    ],
)
def test_bad_entries_are_named(tmp_path, second, message):
    first = {**GOOD, "code": "legal_aid", "who": "anyone"}
    where = f"service 2 ({second['code']}): " if "code" in second else "service 2: "
    with pytest.raises(ValueError, match=r"^catalogue\.toml: " + re.escape(where) + message):
        _load(tmp_path, first, second)


def test_a_file_without_services_or_with_other_keys_is_refused():
    with pytest.raises(ValueError, match="no \\[\\[service\\]\\] tables"):
        parse_catalogue({})
    with pytest.raises(ValueError, match="unknown keys version"):
        parse_catalogue({"version": 1, "service": [GOOD]})


def test_a_broken_file_is_named(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[[service]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"^broken\.toml: "):
        load_catalogue(path)


def test_every_kind_of_who_is_used():
    assert {s.who for s in CATALOGUE} == set(WHO)


def test_a_service_is_found_by_its_code():
    from webapp.services.catalogue import service

    for entry in CATALOGUE:
        assert service(entry.code) is entry
    with pytest.raises(KeyError, match="no service 'nothing'"):
        service("nothing")
