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
    assert shell[:2] == ["/offline", "/field"]  # pages without personal data, kept for use offline
    assert len(shell) == len(SHELL_ASSETS) + 2
    assert all(url.startswith("/static/") and "?v=" in url for url in shell[2:])
    assert "caches.delete" in body  # old caches removed on activate
    assert "skip-waiting" in body  # the update notice can activate the new worker
    assert len(version) == 12


def test_service_worker_never_caches_pages(client):
    """Only the public shell is cached: navigations go to the network, and nothing else is put in the cache."""
    body = client.get("/sw.js").get_data(as_text=True)
    assert "cache.put" not in body
    assert body.count("cache.addAll(") == 1
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
