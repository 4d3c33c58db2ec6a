"""Simplified Chinese and English: chosen from the browser, switchable on every page, remembered."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import token_from
from webapp import clock

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


@pytest.mark.parametrize(
    ("accept", "lang", "words"),
    [
        ("zh-CN,zh;q=0.9", "zh-Hans", "登录"),
        ("zh-TW", "zh-Hans", "登录"),
        ("en-GB,en;q=0.8", "en", "Sign in"),
        ("fr", "zh-Hans", "登录"),
    ],
)
def test_language_from_the_browser(client, accept, lang, words):
    html = client.get("/", headers={"Accept-Language": accept}).get_data(as_text=True)
    assert f'<html lang="{lang}"' in html
    assert words in html


def test_switch_is_on_every_page_and_remembered(client):
    page = client.get("/signup").get_data(as_text=True)
    assert 'action="/language"' in page and 'lang="zh-Hans">中文</button>' in page
    response = client.post("/language", data={"csrf_token": token_from(page), "lang": "zh", "next": "/signup"})
    assert response.status_code == 302 and response.location == "/signup"
    assert "lang=zh" in response.headers["Set-Cookie"]
    html = client.get("/signup").get_data(as_text=True)
    assert '<html lang="zh-Hans"' in html
    assert "注册账号" in html
    assert 'lang="en">English</button>' in html


def test_a_signed_in_persons_choice_is_kept_on_their_account(client, db, create_account, sign_in):
    account = sign_in(create_account("migrant", locale="en"))
    client.post("/language", data={"csrf_token": token_from(client.get("/").get_data(as_text=True)), "lang": "zh"})
    db.session.refresh(account)
    assert account.locale == "zh"
    client.delete_cookie("lang")
    assert '<html lang="zh-Hans"' in client.get("/account", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_unknown_language_is_ignored(client):
    page = client.get("/").get_data(as_text=True)
    response = client.post("/language", data={"csrf_token": token_from(page), "lang": "xx"})
    assert "lang=" not in response.headers.get("Set-Cookie", "")


def test_dates_are_formatted_for_the_language(client, create_account, sign_in):
    # 23:30 UTC on 31 December is already next year in China, and the page shows China's date.
    with clock.pinned_at(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)):  # the pages too: the session is of that day
        account = sign_in(create_account("migrant"))
        year = clock.local(account.created_at).year
        assert (account.created_at.year, year) == (2026, 2027)
        client.set_cookie("lang", "zh")
        assert f"{year}年" in client.get("/account").get_data(as_text=True)
        client.set_cookie("lang", "en")
        html = client.get("/account").get_data(as_text=True)
        assert f"{year}年" not in html and str(year) in html


@pytest.mark.parametrize(("lang", "shown"), [("zh", "回执编号：<span"), ("en", "Receipt number: <span")])
def test_a_label_and_its_value_are_joined_by_the_languages_colon(
    client, migrant, sign_in, report_data, submit_report, lang, shown
):
    """Chinese text takes the full-width colon, with no space after it; English ": "."""
    sign_in(migrant)
    submit_report(report_data())
    client.set_cookie("lang", lang)
    html = client.get("/me").get_data(as_text=True)
    assert shown in html


@pytest.mark.parametrize("po", sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")), ids=lambda p: p.parts[-3])
def test_catalogue_is_complete(po):
    with po.open("rb") as handle:
        catalog = read_po(handle)
    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"untranslated in {po}: {untranslated}"
    assert not fuzzy, f"fuzzy in {po}: {fuzzy}"


def test_catalogue_has_every_string_in_the_code():
    from babel.messages.extract import extract_from_dir

    root = TRANSLATIONS.parent
    method_map = [("**.py", "python"), ("**.html", "jinja2")]
    found = set()
    for folder in ("webapp", "templates"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            root / folder,
            method_map,
            keywords={"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None},
        ):
            found.add(message if isinstance(message, str) else message[0])
    with (TRANSLATIONS / "zh" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle)}
    missing = sorted(found - known)
    assert not missing, f"run `make update-messages` and translate: {missing}"


def test_a_staff_members_roles_are_separated_by_the_languages_semicolon(
    client, db, community, create_account, create_place, sign_in
):
    from webapp.accounts.models import RoleGrant

    member = create_account("coordinator", place=community, display_name="社区刘")
    db.session.add(RoleGrant(account_id=member.id, role="coordinator", place_id=create_place("370303001002").id))
    db.session.commit()
    sign_in(create_account("admin", place=create_place("370303"), locale="zh"))
    html = client.get("/admin/staff").get_data(as_text=True)
    assert "社区刘" in html and "；" in html and "; " not in html.split("社区刘", 1)[1].split("</li>", 1)[0]
