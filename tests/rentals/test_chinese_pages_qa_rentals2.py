"""QA (rentals, 2): every landlord page reads in Chinese only (no English left over: not in the text, the title, the
buttons, the messages next to the fields), and every field's label and message are tied to it."""

import re

import pytest

from tests.rentals.conftest import NEW_RENTAL

ZH = {"Accept-Language": "zh"}


def english_left(html: str, *allowed: str) -> list[str]:
    """Latin words a person reads (the text, the title, button and field values, alternative texts), minus what is
    no English: the product's name, codes, addresses of pages."""
    visible = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    read = " ".join(re.findall(r'(?:alt|title|aria-label|placeholder)="([^"]*)"', visible))
    text = re.sub(r"<[^>]+>", " ", visible) + " " + read
    for word in ("Xinju", "http://localhost", *allowed):
        text = text.replace(word, " ")
    text = re.sub(r"/[\w/-]+", " ", text)  # addresses of pages shown on the poster
    return [w.strip() for w in re.findall(r"[A-Za-z][A-Za-z' ]{2,}", text) if w.strip() not in {"English"}]


@pytest.fixture
def world(rental, tenancy):
    return rental, tenancy


def test_every_landlord_page_reads_in_chinese_only(client, world):
    rental, tenancy = world
    for url in (
        "/landlord",
        "/landlord/properties/new",
        f"/landlord/properties/{rental.id}",
        f"/landlord/properties/{rental.id}/poster",
        f"/landlord/tenancies/{tenancy.id}",
    ):
        html = client.get(url, headers=ZH).get_data(as_text=True)
        assert 'lang="zh' in html
        assert english_left(html, rental.code, rental.code_display, "PDF") == [], url  # 另存为 PDF, as browsers say


def test_the_join_page_for_a_landlord_reads_in_chinese(app, db):
    html = app.test_client().get("/landlord/join", headers=ZH).get_data(as_text=True)
    assert "您的租户正在新居上等您" in html or "租户" in html
    assert english_left(html) == []


def test_the_messages_next_to_the_fields_are_in_chinese_and_tied_to_them(client, world, post_form):
    rental, tenancy = world
    html = post_form(
        "/landlord/properties/new", {k: "" for k in NEW_RENTAL} | {"rooms": "房" * 21}, headers=ZH
    ).get_data(as_text=True)
    assert english_left(html) == []
    for field in ("road", "number", "rooms", "landlord_phone"):
        assert f'<label class="label" for="{field}">' in html
        tag = re.search(rf'<input[^>]*id="{field}"[^>]*>', html).group(0)
        assert f"{field}-error" in tag and 'aria-invalid="true"' in tag, tag
    url = f"/landlord/properties/{rental.id}"
    html = post_form(f"{url}/rooms", {"rooms": ""}, page=url, headers=ZH).get_data(as_text=True)
    assert "请填写要添加的房间" in html and english_left(html, rental.code_display) == []
    tag = re.search(r'<input[^>]*id="rooms"[^>]*>', html).group(0)
    assert "rooms-error" in tag
    html = post_form(f"/landlord/tenancies/{tenancy.id}", {"left-left_on": "2099-01-01"}, headers=ZH).get_data(
        as_text=True
    )
    assert english_left(html, rental.code_display) == []


def test_what_the_landlord_is_told_after_acting_is_in_chinese(client, db, world, post_form):
    rental, tenancy = world
    url = f"/landlord/properties/{rental.id}"
    added = post_form(f"{url}/rooms", {"rooms": "301"}, page=url, headers=ZH, follow_redirects=True)
    assert "已添加1个房间。" in added.get_data(as_text=True)
    again = post_form("/landlord/properties/new", NEW_RENTAL, headers=ZH, follow_redirects=True)
    assert "您已经登记过这套出租房屋" in again.get_data(as_text=True)
    home = client.get("/landlord", headers=ZH).get_data(as_text=True)
    assert "租户搬走后，也请在3个工作日内告诉我们" in home
