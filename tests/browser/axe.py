"""axe-core over every page the browser tests visit (issue 11, point 8).

axe-core is the npm package pinned in package.json (`npm ci` installs it under node_modules/; `make test` does).
It is injected from the test side as an init script (the DevTools protocol, which the page's CSP does not govern),
so the app's strict CSP stays as it is in production. In every HTML document of a checked context it runs once the
page has loaded and settled, and again whenever the page's DOM changes and settles (buttons that scripts show, a
list filled in place, an error summary), and reports through a binding; `AxeRecorder.check(page)` runs it now, on
the page as it is. Any violation fails the test (see `new_context` in conftest.py).

The rules: WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices (landmark-unique, region, ...).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Error, Page

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}

#: Runs in every document after axe.min.js. One run at a time (axe refuses concurrent runs); a run starts when the
#: page has loaded and its DOM has been quiet for a moment, and again after each later burst of DOM changes.
WATCHER = """
(() => {
  if (window.top !== window || !window.axe || location.protocol === "about:") return;
  if (!document.contentType.includes("html")) return;
  const options = %s;
  // `version` counts the DOM's changes; `checked` is the version the last finished run saw (-1: none yet).
  let running = null, timer = null, again = false, version = 0, checked = -1, observer = null;
  const flush = () => { if (observer && observer.takeRecords().length) version += 1; };
  const report = (results, html) => {
    const violations = results.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 200),
                                   summary: n.failureSummary })),
    }));
    window.__xinjuAxeReport({ url: location.pathname + location.search, href: location.href,
                              title: document.title, violations, html });
  };
  // One run: the document as it was when the run started goes with the report if nothing changed during the
  // run, so that the recorder need not check the same document again from its snapshot.
  // A document axe already found clean in this test process (the same page shown again) is not checked again.
  const runOnce = () => {
    flush();
    const at = version, html = "<!doctype html>" + document.documentElement.outerHTML;
    return window.__xinjuAxeKnown(html)
      .then((known) => (known ? { violations: [] } : window.axe.run(document, options)))
      .then((results) => {
        flush();
        const same = version === at;
        if (same) checked = at;
        report(results, same ? html : null);
        return true;
      });
  };
  // A run, unless one is under way (then another after it) or the last finished run saw the page as it is now
  // (a check asked by the test before the timer below fired: the page would be checked twice).
  const run = () => {
    if (running) { again = true; return running; }
    flush();
    if (checked === version) return Promise.resolve(true);
    running = runOnce().catch(() => {}).finally(() => {
      running = null;
      if (again) { again = false; schedule(); }
    });
    return running;
  };
  const schedule = () => { clearTimeout(timer); timer = setTimeout(run, 150); };
  // Checks the page as it is now, unless the last finished run already saw it so.
  window.__xinjuAxeRun = () => (running || Promise.resolve()).then(() => { clearTimeout(timer); return run(); });
  const start = () => {
    schedule();
    observer = new MutationObserver(() => { version += 1; schedule(); });
    observer.observe(document.documentElement,
      { subtree: true, childList: true, attributes: true, characterData: true });
  };
  if (document.readyState === "complete") start(); else window.addEventListener("load", start, { once: true });
})();
"""


@dataclass
class Finding:
    url: str
    title: str
    violations: list[dict] = field(default_factory=list)

    def describe(self) -> str:
        lines = [f"{self.url} ({self.title}):"]
        for violation in self.violations:
            lines.append(f"  {violation['id']} [{violation['impact']}] {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    {node['target']}: {node['html']}")
                lines.append("      " + (node["summary"] or "").replace("\n", "\n      "))
        return "\n".join(lines)


@dataclass
class Snapshot:
    url: str
    html: str
    viewport: dict | None
    cookies: list = field(default_factory=list)


def serve(html: str):
    def handler(route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    return handler


SNAPSHOT = "() => [document.contentType, '<!doctype html>' + document.documentElement.outerHTML]"

#: What differs between two showings of the same page and not for axe: the CSRF token.
VOLATILE = re.compile(r'(name="csrf_token" value="|name="csrf-token" content=")[^"]*')

#: Documents axe found nothing wrong with in this process, as (viewport, document without VOLATILE): a document
#: shown again (the same page in another test, the same form after a redirect) is not checked again, neither live
#: (the watcher asks __xinjuAxeKnown before it runs axe) nor replayed. Findings are never remembered: a document
#: with a violation is checked, and fails its test, each time.
CLEAN: set[tuple[str, str]] = set()


def clean_key(viewport: dict | None, html: str) -> tuple[str, str]:
    return json.dumps(viewport), VOLATILE.sub(r"\1", html)


class AxeRecorder:
    """Collects axe's reports from every page of the contexts it watches.

    Two ways, because a test moves on as soon as what it waits for is there, often before axe has finished:
    live, in the page (the watcher above: the page as scripts change it, while the test stays on it), and from a
    snapshot of each document taken at its load event (one quick call, done before the test's next action) and
    checked afterwards by `replay` in a context of its own: the same HTML, styles, cookies and viewport, with the
    page's scripts and the service worker kept out so nothing is sent twice."""

    def __init__(self) -> None:
        self.checked: set[str] = set()
        self.visited: set[str] = set()
        self.snapshots: dict[tuple[str, int], Snapshot] = {}
        #: Documents (URL, hash of the HTML) that the watcher checked live, unchanged during its run.
        self.live: set[tuple[str, int]] = set()
        self.findings: dict[tuple[str, str], Finding] = {}

    def watch(self, context: BrowserContext) -> None:
        if not AXE_SCRIPT.exists():
            raise RuntimeError(f"{AXE_SCRIPT} is missing: run `npm ci` (make test does) to install axe-core")
        context.expose_binding(
            "__xinjuAxeReport", lambda source, report: self.receive(report, source["page"].viewport_size)
        )
        context.expose_binding(
            "__xinjuAxeKnown", lambda source, html: clean_key(source["page"].viewport_size, html) in CLEAN
        )
        context.add_init_script(path=str(AXE_SCRIPT))
        context.add_init_script(script=WATCHER % json.dumps(OPTIONS))
        context.on("page", self._follow)

    def _follow(self, page: Page) -> None:
        def loaded(page: Page) -> None:
            if not page.url.startswith("http"):
                return
            try:
                content_type, html = page.evaluate(SNAPSHOT)
                cookies = page.context.cookies()
            except Error:
                return  # already gone: navigated on
            if "html" not in content_type:
                return
            parts = urlsplit(page.url)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            self.visited.add(path)
            self.snapshots.setdefault((page.url, hash(html)), Snapshot(page.url, html, page.viewport_size, cookies))

        page.on("load", loaded)

    def receive(self, report: dict, viewport: dict | None = None) -> None:
        self.checked.add(report["url"])
        if report.get("html"):  # checked live as it was at some moment: its snapshot, if the same, is not replayed
            self.live.add((report["href"], hash(report["html"])))
            if not report["violations"] and viewport is not None:
                CLEAN.add(clean_key(viewport, report["html"]))
        for violation in report["violations"]:
            finding = self.findings.setdefault(
                (report["url"], violation["id"]), Finding(report["url"], report["title"])
            )
            if not finding.violations:
                finding.violations.append(violation)

    def check(self, page: Page) -> None:
        """Run axe on the page as it is now (and wait for its report)."""
        try:
            page.evaluate("() => window.__xinjuAxeRun ? window.__xinjuAxeRun() : false")
        except Error:
            # The page closed or navigated while axe ran: the watcher checks the next document itself.
            pass

    def replay(self, browser: Browser) -> None:
        """Check every snapshot taken at a load event, in one checker context per viewport: all but those the
        watcher checked live as they were, and those found clean earlier in this process (CLEAN)."""
        checkers: dict[str, BrowserContext] = {}
        try:
            # The test's own pages may still fire load events (and add snapshots) while this runs: a list, not a view.
            for snapshot in list(self.snapshots.values()):
                key = clean_key(snapshot.viewport, snapshot.html)
                if (snapshot.url, hash(snapshot.html)) in self.live or key in CLEAN:
                    continue
                size = json.dumps(snapshot.viewport)
                if size not in checkers:
                    checkers[size] = context = browser.new_context(viewport=snapshot.viewport, service_workers="block")
                    context.add_init_script(path=str(AXE_SCRIPT))
                    context.route("**/*.js*", lambda route: route.abort())
                    context.new_page()
                context = checkers[size]
                context.clear_cookies()
                context.add_cookies(snapshot.cookies)
                page = context.pages[0]
                page.route(snapshot.url, serve(snapshot.html), times=1)
                page.goto(snapshot.url)
                results = page.evaluate("(options) => window.axe.run(document, options)", OPTIONS)
                if not results["violations"]:
                    CLEAN.add(key)
                parts = urlsplit(snapshot.url)
                self.receive(
                    {
                        "url": parts.path + (f"?{parts.query}" if parts.query else ""),
                        "title": page.title(),
                        "violations": [
                            {
                                "id": v["id"],
                                "impact": v["impact"],
                                "help": v["help"],
                                "nodes": [
                                    {
                                        "target": " ".join(map(str, n["target"])),
                                        "html": n["html"][:200],
                                        "summary": n.get("failureSummary"),
                                    }
                                    for n in v["nodes"]
                                ],
                            }
                            for v in results["violations"]
                        ],
                    }
                )
        finally:
            for context in checkers.values():
                context.close()

    def report(self) -> str:
        return "\n\n".join(finding.describe() for finding in self.findings.values())
