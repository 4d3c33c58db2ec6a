"""Addresses say what their parts are: "3栋 2单元 101室" in Chinese, "Building 3, Unit 2, Room 101" in English,
wherever an address is shown (webapp/places/address.py)."""

import html as html_lib
import re
from contextlib import contextmanager

import pytest
from flask_babel import refresh

from tests.support.factories import create_permit
from webapp.places.address import address, address_line, dwelling
from webapp.registrations.models import ResidenceReport

ZH = "3栋 2单元 101室"
EN = "Building 3, Unit 2, Room 101"


def text_of(response) -> str:
    """The page's text, tags removed and spaces squeezed, as a person reads it."""
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html_lib.unescape(body))


@pytest.fixture
def in_language(app):
    @contextmanager
    def _in(lang: str):
        with app.test_request_context("/", headers={"Accept-Language": lang}):
            refresh()  # Flask-Babel keeps the locale on g, which outlives one request context in tests
            yield

    return _in


@pytest.mark.parametrize(
    ("parts", "zh", "en"),
    [
        (("3", "2", "101"), ZH, EN),
        (("3栋", "2单元", "101室"), ZH, EN),  # typed with their words: the same in both languages
        (("1号楼", "", "502"), "1号楼 502室", "Building 1, Room 502"),
        (("3幢", "", ""), "3幢", "Building 3"),  # their own word for a building is kept in Chinese
        (("A", "", ""), "A栋", "Building A"),
        (("科技楼", "", "12-1"), "科技楼 12-1室", "科技楼, Room 12-1"),  # a building's name says what it is
        (("", "", "101"), "101室", "Room 101"),
        (("", "", ""), "", ""),
        ((" 3 ", " ", ""), "3栋", "Building 3"),
    ],
)
def test_dwelling_in_both_languages(in_language, parts, zh, en):
    with in_language("zh-CN"):
        assert dwelling(*parts) == zh
    with in_language("en"):
        assert dwelling(*parts) == en


def test_address_line_and_the_filter(in_language, db, community):
    report = {"place": community, "road": "人民路", "number": "18号", "building": "3", "unit": "2", "room": "101"}
    with in_language("zh-CN"):
        assert address_line("和平社区", "人民路", "18号", "3", "2", "101") == "和平社区 人民路 18号 3栋 2单元 101室"
        assert address(report) == "和平社区 人民路 18号 3栋 2单元 101室"
        assert address(report, place="", room=False) == "人民路 18号 3栋 2单元"
        assert address_line("和平社区", "人民路", "18号") == "和平社区 人民路 18号"
    with in_language("en"):
        assert address(report) == "和平社区 人民路 18号, Building 3, Unit 2, Room 101"
        assert address_line("", "", "", "", "", "101") == "Room 101"


@pytest.fixture
def report_with_dwelling(migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data(building="3", unit="2", room="101"))
    return migrant


@pytest.mark.parametrize(("lang", "full", "room"), [("zh", ZH, "101室"), ("en", EN, "Room 101")])
def test_the_residents_pages_say_what_each_part_is(
    client, db, migrant, sign_in, report_data, post_form, lang, full, room
):
    client.set_cookie("lang", lang)
    sign_in(migrant)
    data = report_data(building="3", unit="2", room="101")
    if post_form("/reports/new", data).location.endswith("/reports/new/more"):
        post_form("/reports/new/more", {"insurance_months": "0", "work_proof": "none"}, page="/reports/new/more")
    assert full in text_of(client.get("/reports/new/check"))  # check your answers
    receipt = post_form("/reports/new/check", page="/reports/new/check", follow_redirects=True)
    text = text_of(receipt)
    # The receipt shows the address and the room on rows of their own (each is confirmed on its own).
    assert (ZH[: ZH.index(" 101")] if lang == "zh" else EN[: EN.index(", Room")]) in text and room in text
    assert full in text_of(client.get("/me"))  # the current residence on the home page


@pytest.mark.parametrize(
    ("lang", "heading", "item"),
    [("zh", "人民路 18号 3栋", "2单元 101室"), ("en", "人民路 18号, Building 3", "Unit 2, Room 101")],
)
def test_the_coordinators_caseload_and_field_download_say_what_each_part_is(
    client, db, report_with_dwelling, community, create_account, sign_in, lang, heading, item
):
    client.set_cookie("lang", lang)
    sign_in(create_account("coordinator", place=community))
    text = text_of(client.get("/coordinator"))
    assert f"和平社区 {heading}" in text and item in text
    downloaded = client.get("/coordinator/caseload.json").get_json()["items"][0]
    assert downloaded["g"] == f"和平社区 {heading}" and downloaded["dw"] == item
    assert (downloaded["bd"], downloaded["un"], downloaded["rm"]) == ("3", "2", "101")  # as typed, to edit


@pytest.mark.parametrize(("lang", "full"), [("zh", ZH), ("en", EN)])
def test_the_permit_card_says_what_each_part_is(client, db, report_with_dwelling, lang, full):
    create_permit(db.session.scalar(db.select(ResidenceReport)))
    client.set_cookie("lang", lang)
    card = client.get("/me/permit")
    assert card.status_code == 200
    assert f"人民路 18号{' ' if lang == 'zh' else ', '}{full}" in text_of(card)


@pytest.mark.parametrize(
    ("kind", "typed", "stored"),
    [
        ("building", "3栋", "3"),
        ("building", "3", "3"),
        ("building", "３栋", "3"),  # full-width figures, as some keyboards type them
        ("building", "1号楼", "1号楼"),  # read differently in Chinese: kept
        ("building", "科技楼", "科技楼"),
        ("unit", "2单元", "2"),
        ("room", "101室", "101"),
        ("room", "12-1室", "12-1"),
        ("number", "18", "18号"),
        ("number", "18 号", "18号"),
        ("number", "18号", "18号"),
        ("number", "阳光小区", "阳光小区"),
        ("road", " 人民路 ", "人民路"),
    ],
)
def test_a_part_is_stored_as_it_reads(in_language, kind, typed, stored):
    """Stored without the word the display adds (so one building typed two ways is one building), and read the same
    as typed in both languages."""
    from webapp.places.address import stored_part

    assert stored_part(kind, typed) == stored
    if kind in ("building", "unit", "room") and typed[:1].isascii():  # full-width figures read better stored
        parts = {k: (typed if k == kind else "") for k in ("building", "unit", "room")}
        again = {k: (stored if k == kind else "") for k in ("building", "unit", "room")}
        for lang in ("zh-CN", "en"):
            with in_language(lang):
                assert dwelling(**parts) == dwelling(**again)
