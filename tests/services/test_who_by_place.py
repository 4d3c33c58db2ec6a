"""Who may ask for a service can differ by place (DOMAIN §3): a school place needs a permit in Zibo [ZB] but only a
registration in Wenzhou [WZ practice]. The catalogue's `who_in` says where; the place of the person's current report
chooses; the services page and the rights guide say it."""

from datetime import date

import pytest
from flask_babel import force_locale

from webapp.guide import pages
from webapp.people.models import Person
from webapp.services.catalogue import WHO, load_catalogue, parse_catalogue, service
from webapp.services.eligibility import Applicant, eligibility
from webapp.services.explain import explain

TODAY = date(2024, 6, 1)
ADULT_BORN = date(1990, 5, 10)
CHILD_AGED_8 = date(2016, 3, 1)
ZIBO_PLACE, WENZHOU_PLACE = "370303001001", "330302001001"


def _person(registered=True, permit=None, place=None):
    return Applicant(registered, permit, ADULT_BORN, (CHILD_AGED_8,), place_code=place)


# --- the catalogue ----------------------------------------------------------------------------------------------------


def test_only_the_school_place_differs_by_city_as_domain_md_section_3_says():
    differing = {s.code: dict(s.who_in) for s in load_catalogue() if s.who_in}
    assert differing == {"school_place": {"3303": "registered"}}
    school = service("school_place")
    assert school.who == "permit" and school.whos == ("permit", "registered")


@pytest.mark.parametrize(
    ("place", "who"),
    [
        (ZIBO_PLACE, "permit"),
        ("370302", "permit"),
        (WENZHOU_PLACE, "registered"),
        ("3303", "registered"),
        ("330000", "permit"),  # another city of Zhejiang: no rule names it, the service's own holds
        (None, "permit"),
        ("", "permit"),
    ],
)
def test_the_place_chooses_who_may_ask(place, who):
    assert service("school_place").who_at(place) == who


GOOD = {
    "code": "test_service",
    "name_zh": "测试",
    "name_en": "Test",
    "description_zh": "测试。",
    "description_en": "Test.",
    "department": "hrss",
    "who": "registered",
    "documents": ["id_card"],
    "target_days": 5,
    "source": ["[ZB] 二（四）"],
}


def test_the_longest_code_that_begins_the_place_holds():
    [entry] = parse_catalogue(
        {"service": [{**GOOD, "who_in": {"33": "anyone", "330302": "permit"}, "documents": ["id_card", "permit"]}]}
    )
    assert entry.who_in == (("33", "anyone"), ("330302", "permit"))
    assert [entry.who_at(code) for code in ("330302001001", "330303001001", "370303001001")] == [
        "permit",
        "anyone",
        "registered",
    ]


@pytest.mark.parametrize(
    ("who_in", "message"),
    [
        pytest.param({"3303": "everyone"}, "who_in must be a table of division codes", id="unknown who"),
        pytest.param({"33x": "anyone"}, "who_in must be a table of division codes", id="not a code"),
        pytest.param({"330": "anyone"}, "who_in must be a table of division codes", id="3 digits"),
        pytest.param({}, "who_in must be a table of division codes", id="empty"),
        pytest.param({"3303": "registered"}, r"who_in repeats who \('registered'\)", id="same as who"),
        pytest.param(
            {"3303": "permit"},
            'a service for permit holders must list "permit" in documents',
            id="permit somewhere, not listed",
        ),
    ],
)
def test_a_bad_who_in_is_named(who_in, message):
    with pytest.raises(ValueError, match=r"^service 1 \(test_service\): " + message):
        parse_catalogue({"service": [{**GOOD, "who_in": who_in}]})


# --- who may ask, by where the person's report is ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "reason"),
    [
        pytest.param(_person(place=WENZHOU_PLACE), "ok.registered", id="Wenzhou, registered, no permit"),
        pytest.param(_person(place=ZIBO_PLACE), "needs.permit", id="Zibo, registered, no permit"),
        pytest.param(_person(permit="valid", place=ZIBO_PLACE), "ok.permit", id="Zibo, valid permit"),
        pytest.param(_person(permit="lapsed", place=WENZHOU_PLACE), "ok.registered", id="Wenzhou, lapsed permit"),
        pytest.param(_person(permit="lapsed", place=ZIBO_PLACE), "needs.valid_permit", id="Zibo, lapsed permit"),
        pytest.param(_person(registered=False), "needs.registration_then_place", id="no report: register first"),
        pytest.param(_person(place=None), "needs.permit", id="registered, place not known: the service's own"),
    ],
)
def test_a_school_place_by_city(person, reason):
    assert eligibility(person, service("school_place"), TODAY).reason == reason


def test_the_other_services_do_not_depend_on_the_place():
    for entry in load_catalogue():
        if entry.code == "school_place":
            continue
        answers = {eligibility(_person(place=place), entry, TODAY).reason for place in (ZIBO_PLACE, WENZHOU_PLACE)}
        assert len(answers) == 1, entry.code


def test_the_child_age_still_comes_first():
    too_old = Applicant(True, None, ADULT_BORN, (date(2000, 1, 1),), place_code=WENZHOU_PLACE)
    assert eligibility(too_old, service("school_place"), TODAY).reason == "needs.child_in_age"


def test_the_unregistered_are_told_to_register_and_that_the_city_decides(app):
    answer = eligibility(_person(registered=False), service("school_place"), TODAY)
    with app.test_request_context():
        with force_locale("en"):
            assert explain(answer) == (
                "Register your residence first. Whether you also need a residence permit for this depends on the "
                "city: the guide says where."
            )
        with force_locale("zh"):
            assert explain(answer) == "请先办理居住登记。是否还需要居住证，要看您住在哪个城市：指南里有说明。"


# --- through the app: the services page and the guide -----------------------------------------------------------------


@pytest.fixture
def child_of(db, create_person):
    def _child(migrant):
        head = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
        return create_person(None, name="王小明", birth=CHILD_AGED_8, household_of=head, relation="child")

    return _child


WENZHOU = {"city": "3303", "county": "330302", "township": "330302001", "community": "330302001001"}


def _school_place_heading(html: str) -> str:
    """The heading of the group the school place is listed in on the services page."""
    before = html.split("School place for a child")[0]
    return max(("You can ask now", "Not yet", "Not for you"), key=lambda heading: before.rfind(heading))


def test_a_registered_wenzhou_migrant_without_a_permit_can_ask_for_a_school_place(
    client, db, migrant, sign_in, report_data, submit_report, other_community, child_of
):
    child_of(migrant)
    sign_in(migrant)
    submit_report(report_data(**WENZHOU))
    html = client.get("/me/services").get_data(as_text=True)
    assert _school_place_heading(html) == "You can ask now"
    assert client.get("/me/services/school_place/ask").status_code == 200


def test_a_registered_zibo_migrant_without_a_permit_is_told_to_get_one(
    client, db, migrant, sign_in, report_data, submit_report, child_of
):
    child_of(migrant)
    sign_in(migrant)
    submit_report(report_data())
    html = client.get("/me/services").get_data(as_text=True)
    assert _school_place_heading(html) == "Not yet"
    assert "You need a residence permit for this." in html
    assert client.get("/me/services/school_place/ask").status_code == 302


def _section(html: str, code: str) -> str:
    return html.split(f'id="service-{code}"')[1].split("</section>")[0]


def test_the_guide_says_the_difference_plainly(client):
    school = _section(client.get("/guide/services?lang=en").get_data(as_text=True), "school_place")
    assert "In Zibo, you can ask when you have a valid residence permit." in school
    assert "In Wenzhou, you can ask once your residence is registered." in school
    assert "Your residence permit (in Zibo only)" in school
    driving = _section(client.get("/guide/services?lang=en").get_data(as_text=True), "driving_licence")
    assert "You can ask when you have a valid residence permit." in driving and "In Zibo" not in driving
    zh = _section(client.get("/guide/services?lang=zh").get_data(as_text=True), "school_place")
    assert "在淄博，有有效的居住证才可以申请。" in zh and "在温州，办理居住登记后就可以申请。" in zh
    assert "（仅限淄博）" in zh


def test_every_place_named_in_the_catalogue_is_one_the_guide_speaks_to():
    """A `who_in` rule for a place the guide does not name (a county, a third city) would go unsaid: refuse it."""
    for entry in load_catalogue():
        for code, who in entry.who_in:
            assert who in WHO
            assert any(city.startswith(code) for city in pages.CITIES), (entry.code, code)
