"""Issue 15, point 2: a first visit to the start page, the service worker's install included, stays within 40 KB
on the wire and 15 KB of JavaScript, compressed, with no file downloaded twice and no role's scripts for a visitor.

The same measurement as `make measure` (scripts/measure_first_visit.py): a phone-sized Chromium with a cold
cache, through a proxy that counts the bytes the app sends (headers included), next to the browser's own count.
"""

import pytest

from scripts.measure_first_visit import FIRST_VISIT_BYTES, FIRST_VISIT_JS_BYTES, first_visit

pytestmark = pytest.mark.browser

COMPRESSIBLE = ("text/html", "text/css", "text/javascript", "application/json", "image/svg+xml")


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_first_visit_is_within_the_budget(browser, live_server, locale):
    visit = first_visit(browser, f"{live_server.url}/", locale=locale)
    report = visit.report()
    paths = [sent.path for sent in visit.sent]
    assert "/sw.js" in paths and any(path.startswith("/offline?lang=") for path in paths), report  # installed

    assert visit.total <= FIRST_VISIT_BYTES, report
    assert visit.scripts <= FIRST_VISIT_JS_BYTES, report
    # Fingerprinted files are fetched once: the worker takes what the page loaded from the browser's cache.
    assert len(paths) == len(set(paths)), report
    # Only the common shell: no sign-in, field-mode, outbox or place-chooser scripts for a visitor of the start page
    # (the worker imports the outbox only on a phone that keeps field mode).
    assert not any(name in path for path in paths for name in ("passkeys", "field", "outbox", "place-chooser")), report
    # Everything textual is compressed (Chromium accepts Brotli).
    for sent in visit.sent:
        if sent.type in COMPRESSIBLE:
            assert sent.encoding == "br", f"{sent.path} sent without compression\n{report}"
    # The browser saw the same bytes for what it reports with a body (it reports the worker's scripts without).
    reported = {t.url.split("/", 3)[3]: t.wire for t in visit.transfers if t.by == "page" and t.wire}
    for sent in visit.sent:
        if sent.path.lstrip("/") in reported:
            assert reported[sent.path.lstrip("/")] == sent.wire, report
