"""Measure what a first visit to a page transfers, in Debian's Chromium (a cold cache, a phone-sized screen).

    .venv/bin/python scripts/measure_first_visit.py http://localhost:5000/      (make measure)

Counts every response the page and its service worker fetch over the network until the worker is installed and
active (HTML, CSS, JS, icons, the worker's script and the shell it keeps), as bytes on the wire, headers included.

Two counts: the browser's own (Playwright's request sizes, which come from the DevTools protocol's
encodedDataLength; a file taken from the HTTP cache or a worker's cache costs nothing), and the bytes a small
counting proxy between the browser and the app actually sent. The budget is checked on the proxy's count: Chromium
fetches the worker's script and its importScripts() in the browser process, and DevTools reports them with no
body. tests/browser/test_weight.py holds the numbers to the budget of issue 15 (FIRST_VISIT_BYTES,
FIRST_VISIT_JS_BYTES).
"""

import http.client
import os
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, urlunsplit

from playwright.sync_api import Browser, sync_playwright

#: Issue 15: a first visit, the service worker's install included, within 40 KB on the wire, 15 KB of it scripts.
FIRST_VISIT_BYTES = 40 * 1024
FIRST_VISIT_JS_BYTES = 15 * 1024

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}


@dataclass
class Transfer:
    url: str
    by: str  # "page" or "worker"
    type: str = ""
    encoding: str = ""
    status: int = 0
    wire: int = 0  # bytes received, headers included (CDP encodedDataLength)
    cached: bool = False

    @property
    def is_script(self) -> bool:
        return "javascript" in self.type


@dataclass
class Sent:
    """One response as the counting proxy sent it to the browser."""

    path: str
    type: str
    encoding: str
    wire: int  # status line, headers and body

    @property
    def is_script(self) -> bool:
        return "javascript" in self.type


@dataclass
class FirstVisit:
    transfers: list[Transfer] = field(default_factory=list)  # as the browser reports them
    sent: list[Sent] = field(default_factory=list)  # as the proxy sent them

    @property
    def total(self) -> int:
        return sum(s.wire for s in self.sent)

    @property
    def scripts(self) -> int:
        return sum(s.wire for s in self.sent if s.is_script)

    @property
    def browser_total(self) -> int:
        return sum(t.wire for t in self.transfers)

    def report(self) -> str:
        width = max(len(s.path) for s in self.sent) + 2
        lines = ["Sent by the app (through the counting proxy):"]
        lines += [f"  {s.path:<{width}} {s.type:<24} {s.encoding or '-':<5} {s.wire:>6} bytes" for s in self.sent]
        lines.append("As the browser reports them (DevTools encodedDataLength; 0 = from a cache or not reported):")
        lines += [f"  {t.url:<{width + 20}} {t.by:<6} {t.wire:>6}" for t in self.transfers]
        lines.append(
            f"{len(self.sent)} requests; on the wire {self.total} bytes ({self.total / 1024:.1f} KiB), of which "
            f"JavaScript {self.scripts} bytes ({self.scripts / 1024:.1f} KiB); the browser counted "
            f"{self.browser_total} bytes"
        )
        return "\n".join(lines)


@contextmanager
def counting_proxy(upstream: str, sent: list[Sent]):
    """A plain HTTP/1.1 proxy on localhost in front of upstream, recording every response's size on the wire.

    Yields its own base URL (http://localhost:PORT): localhost, like the app, so service workers are allowed."""
    target = urlsplit(upstream)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
            connection = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=30)
            try:
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
                head = [f"HTTP/1.1 {response.status} {response.reason}\r\n".encode("latin-1")]
                for name, value in response.getheaders():
                    if name.lower() in ("transfer-encoding", "connection", "content-length"):
                        continue
                    head.append(f"{name}: {value}\r\n".encode("latin-1"))
                head.append(f"Content-Length: {len(data)}\r\n\r\n".encode("latin-1"))
                raw = b"".join(head) + (data if self.command != "HEAD" else b"")
                self.wfile.write(raw)
                self.wfile.flush()
                sent.append(
                    Sent(
                        path=self.path,
                        type=(response.getheader("Content-Type") or "").split(";")[0],
                        encoding=response.getheader("Content-Encoding") or "",
                        wire=len(raw),
                    )
                )
            finally:
                connection.close()

        do_GET = do_POST = do_HEAD = forward

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def on_finished(visit: FirstVisit, request) -> None:
    response = request.response()
    if response is None or not request.url.startswith("http"):
        return
    sizes = request.sizes()  # from the DevTools protocol: encodedDataLength, split into headers and body
    wire = sizes["responseBodySize"] + sizes["responseHeadersSize"]
    headers = response.headers
    visit.transfers.append(
        Transfer(
            url=request.url,
            by="worker" if request.service_worker else "page",
            type=headers.get("content-type", "").split(";")[0],
            encoding=headers.get("content-encoding", ""),
            status=response.status,
            wire=wire,
            cached=response.from_service_worker,
        )
    )


def first_visit(browser: Browser, url: str, **context_options) -> FirstVisit:
    """Open url (through the counting proxy) in a fresh phone-sized profile; wait until its service worker is
    installed and active. Playwright reports the worker's own fetches (the shell it keeps) as well as the page's."""
    visit = FirstVisit()
    parts = urlsplit(url)
    with counting_proxy(url, visit.sent) as base:
        visit_url = urlunsplit(urlsplit(base)[:2] + parts[2:])
        _visit(browser, visit_url, visit, context_options)
    return visit


def _visit(browser: Browser, url: str, visit: FirstVisit, context_options: dict) -> None:
    context = browser.new_context(viewport=PHONE, **context_options)
    try:
        context.on("requestfinished", lambda request: on_finished(visit, request))
        page = context.new_page()
        page.goto(url)
        page.evaluate("""async () => {
            const registration = await navigator.serviceWorker.ready;
            const worker = registration.active;
            if (worker.state !== "activated") {
                await new Promise((resolve) => worker.addEventListener("statechange", () => {
                    if (worker.state === "activated") resolve();
                }));
            }
        }""")
        page.wait_for_timeout(500)  # the last requestfinished events
    finally:
        context.close()


def main(url: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=ARGS)
        try:
            visit = first_visit(browser, url, locale="zh-CN")
        finally:
            browser.close()
    print(visit.report())
    print(
        f"budget: {FIRST_VISIT_BYTES} bytes on the wire, {FIRST_VISIT_JS_BYTES} of JavaScript: "
        + ("within" if visit.total <= FIRST_VISIT_BYTES and visit.scripts <= FIRST_VISIT_JS_BYTES else "OVER")
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://localhost:5000/")
