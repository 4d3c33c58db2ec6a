"""Issue 15, point 1: the app compresses what it sends (Brotli, else gzip) whenever Accept-Encoding allows,
without breaking conditional requests for static files, byte ranges or streamed exports."""

import gzip
import json
import re

import brotli
import pytest
from flask.testing import FlaskClient

BROWSER = "gzip, deflate, br, zstd"  # what Chromium sends


def decoded(response) -> bytes:
    data = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    if encoding == "br":
        return brotli.decompress(data)
    if encoding == "gzip":
        return gzip.decompress(data)
    assert encoding is None, encoding
    return data


@pytest.fixture
def raw(app, db):
    """A client that does not read pages as text (the project's client checks every HTML page it gets)."""
    client = FlaskClient(app, app.response_class, use_cookies=True)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def static_urls(client) -> dict[str, str]:
    html = client.get("/").get_data(as_text=True)
    return {
        "css": re.search(r'href="(/static/css/app\.css\?v=\w+)"', html).group(1),
        "js": re.search(r'src="(/static/js/app\.js\?v=\w+)"', html).group(1),
        "svg": re.search(r'href="(/static/icons/icon\.svg\?v=\w+)"', html).group(1),
    }


@pytest.mark.parametrize(
    ("accept", "expected"),
    [(BROWSER, "br"), ("br", "br"), ("gzip", "gzip"), ("gzip;q=1, br;q=0.5", "gzip"), ("identity", None), ("", None)],
)
def test_html_css_js_json_and_the_worker_are_compressed_when_the_browser_accepts_it(client, raw, accept, expected):
    urls = static_urls(client)
    plain = {}
    for path in ["/", "/offline?lang=en", "/sw.js", "/manifest.json", *urls.values()]:
        with client.get(path) as identity:
            plain[path] = identity.get_data()
    for path, identity in plain.items():
        with raw.get(path, headers={"Accept-Encoding": accept}) as response:
            assert response.status_code == 200, path
            assert response.headers.get("Content-Encoding") == expected, path
            assert "Accept-Encoding" in response.headers["Vary"], path
            body = decoded(response)
            assert int(response.headers["Content-Length"]) == len(response.get_data()), path
            if path not in ("/", "/offline?lang=en"):  # pages carry a fresh form token each time
                assert body == identity, path
            if expected:
                # The icon (225 bytes) gains least; text of a few KB shrinks to well under half.
                ratio = 0.85 if len(body) < 1000 else 0.5
                assert len(response.get_data()) < ratio * len(body), f"{path} hardly compressed"


def test_json_is_compressed(raw, create_place):
    # The place chooser's JSON: the communities of a township.
    for n in range(1, 31):
        create_place(f"370303001{n:03}", f"第{n}社区")
    response = raw.get("/places/370303001/children", headers={"Accept-Encoding": "br"})
    assert response.mimetype == "application/json"
    assert response.headers["Content-Encoding"] == "br"
    assert len(json.loads(brotli.decompress(response.get_data()))) == 30


def test_static_files_answer_conditional_requests_in_each_encoding(client, raw):
    css = static_urls(client)["css"]
    with raw.get(css, headers={"Accept-Encoding": "br"}) as first:
        etag = first.headers["ETag"]
        assert etag.endswith(':br"'), "a compressed copy has its own validator"
        assert "immutable" in first.headers["Cache-Control"]
        assert "Expires" not in first.headers
        assert "Cookie" not in first.headers["Vary"] and "Set-Cookie" not in first.headers
    with raw.get(css, headers={"Accept-Encoding": "br", "If-None-Match": etag}) as again:
        assert again.status_code == 304 and again.get_data() == b""
    with raw.get(css, headers={"Accept-Encoding": "gzip", "If-None-Match": etag}) as other:
        assert other.status_code == 200 and other.headers["Content-Encoding"] == "gzip"
    with raw.get(css) as plain:
        assert "Content-Encoding" not in plain.headers
        plain_etag = plain.headers["ETag"]
    with raw.get(css, headers={"If-None-Match": plain_etag}) as again:
        assert again.status_code == 304


def test_a_byte_range_is_sent_as_stored(client, raw):
    css = static_urls(client)["css"]
    with client.get(css) as whole:
        start = whole.get_data()[:100]
    with raw.get(css, headers={"Accept-Encoding": "br", "Range": "bytes=0-99"}) as part:
        assert part.status_code == 206
        assert "Content-Encoding" not in part.headers
        assert part.get_data() == start


def test_a_signed_in_persons_static_files_carry_no_cookie(client, create_account, sign_in):
    sign_in(create_account("migrant"))
    assert "Set-Cookie" in client.get("/").headers  # the session is refreshed on pages
    with client.get(static_urls(client)["css"]) as response:
        assert "Set-Cookie" not in response.headers and "Cookie" not in response.headers["Vary"]


def test_streamed_csv_export_is_not_held_back(client, create_place, create_account, sign_in):
    """The audit export is streamed row by row as text/csv: left as it is, neither buffered nor compressed."""
    sign_in(create_account("admin", place=create_place("370303", "张店区")))
    response = client.get("/admin/audit.csv", headers={"Accept-Encoding": BROWSER}, buffered=False)
    assert response.status_code == 200 and response.is_streamed
    assert "Content-Encoding" not in response.headers
    header = "at_utc,who,what,what_in_words,whom,why,why_in_words"
    assert response.get_data(as_text=True).lstrip("\ufeff").startswith(header)
