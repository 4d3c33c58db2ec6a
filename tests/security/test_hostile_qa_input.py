"""Hostile input found by walking every route with bad values (QA, input): each is refused in the person's words,
next to its field where there is one, with nothing saved and never a 500."""

import io
import re
from datetime import date
from urllib.parse import urlencode

import pytest
from dateutil.relativedelta import relativedelta
from PIL import Image
from werkzeug.datastructures import MultiDict

from tests.conftest import token_from
from tests.support.factories import apply_for_permit, id_number
from tests.support.forms import errors_shown
from webapp import clock
from webapp.accounts.models import Account
from webapp.documents.models import Document
from webapp.permits.models import PermitApplication
from webapp.security.roles import Role


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 60)).save(out, format="PNG")
    return out.getvalue()


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 60)).save(out, format="GIF")
    return out.getvalue()


def count(db, table) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(table))


def changed(data: bytes, at: int, byte: int) -> bytes:
    return data[:at] + bytes([byte]) + data[at + 1 :]


#: Files that look like pictures but are damaged: Pillow raised ValueError or SyntaxError for them, not the OSError
#: the upload expected, and the form was a 500.
DAMAGED = {
    "png_header_too_short": changed(png(), 11, 10),  # "Truncated IHDR chunk" (ValueError, on opening)
    "png_chunk_misread": changed(png(), 36, 9),  # "broken PNG file" (SyntaxError, on decoding)
    "gif_frame_outside": changed(gif(), 32, 0),  # "tile cannot extend outside image" (ValueError)
    "ppm_named_jpg": b"P6\n40\x1c30\n255\n" + bytes(3600),  # not a format taken, with a header Pillow cannot read
}


@pytest.fixture
def applicant(migrant, sign_in, report_data, submit_report):
    """Seven months in her own home in Zibo: she may apply for a permit."""
    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - relativedelta(months=7)).isoformat()))
    return migrant


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_picture_is_refused_next_to_its_field(client, db, applicant, post_form, content):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    response = apply_for_permit(post_form, photo=content)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="photo-error"' in html and "照片" in html.split('id="photo-error"', 1)[1][:300]
    assert db.session.scalar(db.select(PermitApplication)) is None
    assert db.session.scalar(db.select(Document).where(Document.kind == "photo")) is None


#: Where a `next` may try to send the person: off the site, or through a Location header broken by a line break
#: (Werkzeug refuses one: that was a 500), or a tab a browser drops ("/\t/evil.example" is "//evil.example").
NEXTS = ["/a\nb", "/a\r\nSet-Cookie: x=1", "/\t/evil.example", "/\x00", "//evil.example", "\\\\evil.example"]


@pytest.mark.parametrize("target", NEXTS)
def test_the_language_switch_never_leaves_the_site(client, target):
    token = token_from(client.get("/").get_data(as_text=True))
    response = client.post("/language", data={"csrf_token": token, "lang": "zh", "next": target})
    assert response.status_code == 302
    assert response.location == "/"


@pytest.mark.parametrize("target", NEXTS)
def test_a_saved_profile_never_leaves_the_site(client, create_account, sign_in, post_form, target):
    sign_in(create_account("migrant"))
    data = {
        "name": "王芳",
        "sex": "female",
        "ethnicity": "01",
        "birth_date": "1995-05-17",
        "id_number": id_number(date(1995, 5, 17)),
        "phone": "138 0013 8000",
        "hukou_province": "41",
        "hukou_city": "4115",
        "hukou_county": "411525",
    }
    response = post_form("/me/profile?" + urlencode({"next": target}), data, page="/me/profile")
    assert response.status_code == 302
    assert response.location == "/me"


@pytest.mark.parametrize("target", NEXTS)
def test_a_passkey_sign_in_is_sent_on_only_to_a_path_of_this_site(client, target):
    page = client.get("/signin?" + urlencode({"next": target})).get_data(as_text=True)
    verify_url = re.search(r'data-verify-url="([^"]*)"', page).group(1)
    assert verify_url == "/signin/verify?next=/"


def test_a_report_draft_keeps_only_the_forms_own_fields(client, migrant, sign_in, report_data):
    """The draft between the report's pages is kept in the session cookie: keys the form has not, or a field sent a
    hundred times, made it larger than a browser keeps (4 KB), and the draft was lost without a word."""
    sign_in(migrant)
    data = report_data()
    token = token_from(client.get("/reports/new").get_data(as_text=True))
    scattered = "".join(chr(0x4E00 + i * 7919 % 20000) for i in range(3000))  # text that does not compress
    roads = [("road", scattered[i * 30 : i * 30 + 30]) for i in range(100)]
    sent = [("csrf_token", token), *data.items(), *roads, ("junk", scattered)]
    response = client.post("/reports/new", data=MultiDict(sent))
    assert response.status_code == 302
    assert len(response.headers["Set-Cookie"]) < 4000
    assert client.get(response.location).status_code == 200
    again = client.get("/reports/new").get_data(as_text=True)  # the draft, kept: what was sent first, and no more
    assert 'value="人民路"' in again and scattered[:30] not in again


#: JSON bodies sent to the pages' forms (which take form data): Flask-WTF read them as the form's data, and a list,
#: a string or a body nested too deeply for Python's parser was a 500; an object's nested values reached the fields.
JSON_BODIES = {
    "list": "[1, 2, 3]",
    "text": '"王芳"',
    "nested_deeply": "[" * 100_000 + "]" * 100_000,
    "object_deeply": '{"a":' * 5000 + "1" + "}" * 5000,
    "nested_values": '{"display_name": {"a": 1}, "name": ["王", "芳"], "birth_date": {"y": 1990}, "roles": [[1]]}',
}


@pytest.fixture
def everyone(client, create_account, community, sign_in):
    """Signed in with every role, the CSRF token in the headers, so that only the body can be refused."""
    account = create_account(*[r.value for r in Role], place=community, department="public_security")
    sign_in(account)
    client.environ_base["HTTP_X_CSRFTOKEN"] = token_from(client.get("/account").get_data(as_text=True))
    return account


@pytest.mark.parametrize("body", JSON_BODIES.values(), ids=JSON_BODIES.keys())
def test_a_json_body_sent_to_a_form_is_no_500(app, client, db, body):
    client.environ_base["HTTP_X_CSRFTOKEN"] = token_from(client.get("/signup").get_data(as_text=True))
    response = client.post("/signup", data=body, content_type="application/json")
    assert response.status_code == 200
    assert errors_shown(response.get_data(as_text=True), "display_name", "Enter your name")
    assert db.session.scalar(db.select(db.func.count()).select_from(Account)) == 0


@pytest.mark.parametrize("body", JSON_BODIES.values(), ids=JSON_BODIES.keys())
def test_no_form_of_any_role_takes_a_json_body(app, client, db, everyone, body):
    signing_out = {"accounts.signout", "accounts.signout_everywhere"}
    rules = [r for r in app.url_map.iter_rules() if "POST" in r.methods and not r.arguments]
    rules = [r for r in rules if r.endpoint not in signing_out]
    assert len(rules) > 30
    before = {table.name: count(db, table) for table in db.metadata.sorted_tables}
    for rule in rules:
        response = client.post(rule.rule, data=body, content_type="application/json")
        assert response.status_code < 500, rule.rule
    after = {table.name: count(db, table) for table in db.metadata.sorted_tables}
    assert {name for name in before if before[name] != after[name]} <= {"audit_event", "webauthn_challenge"}
    assert client.get("/account").status_code == 200  # still signed in: every form was tried


def test_the_sign_in_page_passes_on_only_a_checked_next(client):
    """Its 'Create an account' link carries where the person was going, checked like the sign-in's own."""
    page = client.get("/signin?next=//evil.example").get_data(as_text=True)
    assert "evil.example" not in page
    assert "/signup?next=/me/permit" in client.get("/signin?next=/me/permit").get_data(as_text=True).replace("%2F", "/")
    assert 'href="/signup"' in client.get("/signin").get_data(as_text=True)
