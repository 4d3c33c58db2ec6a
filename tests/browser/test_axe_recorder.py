"""The axe recorder itself (axe.py): a violation is found whether the test stays on the page (the live check) or
moves on at once (the replay of the page's snapshot), and a violation is reported every time its page is shown,
while a clean document shown again is not checked again."""

import pytest

from tests.browser import axe as axe_module
from tests.browser.axe import AxeRecorder
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

#: An image with no text alternative: axe's rule image-alt, a WCAG 2 A failure.
BROKEN = (
    '<!doctype html><html lang="en"><head><title>Broken</title></head>'
    '<body><main><h1>Broken</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>'
)
CLEAN = (
    '<!doctype html><html lang="en"><head><title>Clean</title></head>'
    "<body><main><h1>Clean</h1><p>Nothing wrong here.</p></main></body></html>"
)


@pytest.fixture
def show(browser, live_server):
    """show(recorder, path, html, stay): a watched context shows `html` at `path` on the live server's origin,
    then either has axe check it (`stay`) or leaves for about:blank at once; returns the recorder after its
    replay."""
    contexts = []

    def _show(recorder: AxeRecorder, path: str, html: str, stay: bool):
        context = browser.new_context(viewport=PHONE, base_url=live_server.url)
        contexts.append(context)
        recorder.watch(context)
        page = context.new_page()
        page.route(
            f"**{path}",
            lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
        )
        page.goto(path)
        if stay:
            recorder.check(page)
        else:  # as a test's next step would: the snapshot is taken as its load event is handled, then on at once
            page.title()
            page.goto("about:blank")
        recorder.replay(browser)
        return recorder

    yield _show
    for context in contexts:
        context.close()


def violations(recorder: AxeRecorder) -> set[str]:
    return {violation["id"] for finding in recorder.findings.values() for violation in finding.violations}


@pytest.mark.parametrize("stay", [True, False], ids=["checked live", "replayed"])
def test_a_violation_is_found_whether_the_test_stays_or_moves_on(show, stay):
    recorder = show(AxeRecorder(), "/axe-broken", BROKEN, stay)
    assert "image-alt" in violations(recorder)


def test_a_violation_is_found_each_time_its_page_is_shown(show):
    assert "image-alt" in violations(show(AxeRecorder(), "/axe-again", BROKEN, stay=False))
    assert "image-alt" in violations(show(AxeRecorder(), "/axe-again", BROKEN, stay=False))


def test_a_clean_document_shown_again_is_not_checked_again(show, monkeypatch):
    monkeypatch.setattr(axe_module, "CLEAN", set())
    first = show(AxeRecorder(), "/axe-clean", CLEAN, stay=False)
    assert not first.findings and len(axe_module.CLEAN) == 1
    replayed = []
    monkeypatch.setattr(axe_module, "serve", lambda html: replayed.append(html) or (lambda route: route.abort()))
    second = show(AxeRecorder(), "/axe-clean", CLEAN, stay=False)
    assert not second.findings and replayed == []


def test_a_clean_document_shown_again_is_not_run_again_in_the_page(show, monkeypatch):
    """The watcher asks before it runs axe: a document found clean earlier in this process is not checked again."""
    monkeypatch.setattr(axe_module, "CLEAN", set())
    watch, check = AxeRecorder.watch, AxeRecorder.check
    pages = []

    def counting_watch(self, context):
        watch(self, context)
        context.add_init_script(
            script="if (window.axe) { const run = window.axe.run; window.__axeRuns = 0;"
            " window.axe.run = (...a) => { window.__axeRuns += 1; return run.apply(window.axe, a); }; }"
        )

    def keeping_check(self, page):
        check(self, page)
        pages.append(page)

    monkeypatch.setattr(AxeRecorder, "watch", counting_watch)
    monkeypatch.setattr(AxeRecorder, "check", keeping_check)
    show(AxeRecorder(), "/axe-clean-live", CLEAN, stay=True)
    assert pages[-1].evaluate("window.__axeRuns") == 1 and len(axe_module.CLEAN) == 1  # once, not again on a timer
    second = show(AxeRecorder(), "/axe-clean-live", CLEAN, stay=True)
    assert pages[-1].evaluate("window.__axeRuns") == 0
    assert not second.findings and second.checked == {"/axe-clean-live"}
