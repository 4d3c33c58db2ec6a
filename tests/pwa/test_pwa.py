"""Manifest, service worker, offline page, fingerprinted static files."""

import json
import re

from webapp.pwa.assets import SHELL_ASSETS


def test_manifest_makes_the_app_installable(client):
    response = client.get("/manifest.json", headers={"Accept-Language": "en"})
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["name"] and manifest["short_name"]
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] and manifest["background_color"]
    assert manifest["lang"] == "en"
    sizes = {(i["sizes"], i.get("purpose", "any")) for i in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        assert "?v=" in icon["src"]
        with client.get(icon["src"]) as image:
            assert image.status_code == 200


def test_manifest_language_follows_the_person(client):
    manifest = client.get("/manifest.json", headers={"Accept-Language": "zh-CN"}).get_json(force=True)
    assert manifest["lang"] == "zh-Hans"


def test_every_page_links_the_manifest_and_theme(client):
    html = client.get("/").get_data(as_text=True)
    assert 'rel="manifest" href="/manifest.json"' in html
    assert 'name="theme-color"' in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html


def test_service_worker_is_served_from_the_root(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    body = response.get_data(as_text=True)
    version = re.search(r'const VERSION = "([0-9a-f]+)"', body).group(1)
    shell = json.loads(re.search(r"const SHELL = (\[.*?\]);", body).group(1))
    assert shell[:1] == ["/offline"]  # the page without personal data every visitor keeps for use offline
    assert len(shell) == len(SHELL_ASSETS) + 1
    assert all(url.startswith("/static/") and "?v=" in url for url in shell[1:])
    # What every page loads, by the page's own URLs (so the worker finds them in the browser's cache); the
    # scripts of sign-in, field mode and the coordinator are not fetched for every visitor.
    html = client.get("/").get_data(as_text=True)
    assert all(f'"{url}"' in html for url in shell[1:])
    assert not any(name in url for url in shell for name in ("passkeys", "field", "outbox", "place-chooser"))
    roles = json.loads(re.search(r"const ROLES = (\{.*?\});", body).group(1))
    assert list(roles) == ["/field"]
    assert [url.split("?")[0] for url in roles["/field"]] == ["/static/js/field.js", "/static/js/outbox.js"]
    assert "caches.delete" in body  # old caches removed on activate
    assert "skip-waiting" in body  # the update notice can activate the new worker
    assert len(version) == 12


def test_service_worker_never_caches_pages(client):
    """Only public files are cached: navigations go to the network; kept pages are fetched without cookies; what
    passes through the worker is kept only when it is a fingerprinted static file (see tests/browser/test_pwa.py)."""
    body = client.get("/sw.js").get_data(as_text=True)
    assert body.count("cache.put(") == 2  # in keep(), and for a fingerprinted static file
    assert 'url.pathname.startsWith("/static/") && url.searchParams.has("v")' in body
    assert 'credentials: "omit"' in body
    shell = json.loads(re.search(r"const SHELL = (\[.*?\]);", body).group(1))
    assert not any(url in shell for url in ("/", "/account", "/signin", "/signup"))


def test_service_worker_version_changes_with_the_shell(app, client, tmp_path, monkeypatch):
    from webapp.pwa import assets

    before = client.get("/sw.js").get_data(as_text=True)
    monkeypatch.setattr(assets, "fingerprint", lambda name: "changed")
    from webapp.pwa import views

    monkeypatch.setattr(views, "fingerprint", lambda name: "changed")
    after = client.get("/sw.js").get_data(as_text=True)
    assert re.search(r'VERSION = "(\w+)"', before).group(1) != re.search(r'VERSION = "(\w+)"', after).group(1)


def test_offline_page_holds_no_personal_data(client, create_account, sign_in):
    sign_in(create_account("migrant", display_name="王芳"))
    response = client.get("/offline")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "王芳" not in html
    assert "csrf" not in html
    assert "Your account" not in html


def test_fingerprinted_static_files_are_cached_for_a_year(client):
    html = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/css/app\.css\?v=\w+)"', html).group(1)
    with client.get(css) as response:
        assert "max-age=31536000" in response.headers["Cache-Control"]
        assert "immutable" in response.headers["Cache-Control"]


def test_pages_are_not_stored_by_any_cache(client):
    assert client.get("/").headers["Cache-Control"] == "no-store"


# --- Issue 11, point 7: the kept pages in the person's language ------------------------------------------------


def test_kept_and_public_pages_switch_language_by_a_link(client):
    """/offline and /field are cached for everybody and /verify is public: no form (a cached page cannot carry a
    CSRF token) but a link to the same page in the other language."""
    for path in ("/offline", "/field", "/verify/not-a-permit"):
        english = client.get(f"{path}?lang=en", headers={"Accept-Language": "zh-CN"})
        html = english.get_data(as_text=True)
        assert '<html lang="en"' in html, path
        assert english.headers["Content-Language"] == "en"
        assert f'<a href="{path}?lang=zh" hreflang="zh-Hans" lang="zh-Hans" data-lang-switch>中文</a>' in html, path
        assert "csrf" not in html
        chinese = client.get(f"{path}?lang=zh", headers={"Accept-Language": "en"})
        html = chinese.get_data(as_text=True)
        assert '<html lang="zh-Hans"' in html and chinese.headers["Content-Language"] == "zh-Hans"
        assert f'<a href="{path}?lang=en" hreflang="en" lang="en" data-lang-switch>English</a>' in html, path
    assert "网络已断开" in client.get("/offline?lang=zh").get_data(as_text=True)
    assert "居住证核验" in client.get("/verify/not-a-permit?lang=zh").get_data(as_text=True)


def test_pages_say_their_language_the_accounts_when_signed_in(client, create_account, sign_in):
    """The service worker remembers the Content-Language of the pages it fetches: the account's language wins over
    the phone's."""
    assert client.get("/signin", headers={"Accept-Language": "en"}).headers["Content-Language"] == "en"
    sign_in(create_account("migrant", locale="zh"))
    assert client.get("/", headers={"Accept-Language": "en"}).headers["Content-Language"] == "zh-Hans"


def test_service_worker_keeps_each_page_in_every_language(client):
    body = client.get("/sw.js").get_data(as_text=True)
    pages = json.loads(re.search(r"const PAGES = (\[.*?\]);", body).group(1))
    guide = json.loads(re.search(r"const GUIDE = (\[.*?\]);", body).group(1))
    assert pages == ["/offline", "/field", *guide]  # the rights guide: kept once opened (tests/guide)
    assert guide[0] == "/guide" and "/guide/rules/national-2016" in guide and "/guide/rules/shandong-2018" not in guide
    assert json.loads(re.search(r"const LANGUAGES = (\{.*?\});", body).group(1)) == {"zh-Hans": "zh", "en": "en"}
    assert "?lang=${code}" in body
    assert 'headers.get("Content-Language")' in body


def test_field_page_carries_the_apps_time_format_and_zone(client):
    from datetime import datetime

    from babel.dates import format_datetime
    from flask_babel import force_locale

    from webapp.i18n.formats import datetimeformat
    from webapp.pwa.formats import short_datetime

    html = client.get("/field?lang=en").get_data(as_text=True)
    # Not CLDR's English "M/d/yy, h:mm a", which reads as day/month to most of the world (webapp/i18n/formats.py).
    assert 'data-datetime-pattern="y-MM-dd HH:mm"' in html and 'data-timezone="Asia/Shanghai"' in html
    zh = client.get("/field?lang=zh").get_data(as_text=True)
    assert 'data-datetime-pattern="y/M/d HH:mm"' in zh and 'data-datetime-pm="下午"' in zh
    with client.application.test_request_context():
        for locale in ("en", "zh"):
            fmt = short_datetime(locale)
            # The pattern is what the server's pages show with datetimeformat("short").
            sample = datetime(2026, 7, 14, 2, 5)
            with force_locale(locale):
                shown = datetimeformat(sample, "short", rebase=False)
            assert format_datetime(sample, fmt["pattern"], locale=locale) == shown
    assert shown == "2026/7/14 02:05"
    with client.application.test_request_context(), force_locale("en"):
        assert datetimeformat(sample, "short", rebase=False) == "2026-07-14 02:05"


def test_a_changed_static_file_gets_a_new_url_once_looked_at_again(app, tmp_path, monkeypatch):
    """asset_url looks at a file's modification time at most every RECHECK_SECONDS (a page has five or six asset
    URLs): a file changed on disk gets its new fingerprint then, not on every page."""
    import os

    from webapp.pwa import assets

    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    style = tmp_path / "bench.css"
    style.write_text("body { color: red }")
    with app.test_request_context("/"):
        first = assets.asset_url("bench.css")
        assert first.startswith("/static/bench.css?v=")
        style.write_text("body { color: blue }")
        os.utime(style, (style.stat().st_atime, style.stat().st_mtime + 10))
        monkeypatch.setattr(assets, "RECHECK_SECONDS", 3600)
        assert assets.asset_url("bench.css") == first  # not looked at again yet
        monkeypatch.setattr(assets, "RECHECK_SECONDS", 0)
        changed = assets.asset_url("bench.css")
        assert changed != first and changed == f"/static/bench.css?v={assets.fingerprint('bench.css')}"
