"""Measure what a first visit to a page transfers, in Debian's Chromium (a cold cache, a phone-sized screen).

    .venv/bin/python scripts/measure_first_visit.py http://localhost:5000/

Counts every response the page and its service worker fetch (HTML, CSS, JS, icons, manifest, the service
worker's shell cache), as bytes on the wire (headers included) from the DevTools protocol, and the gzip size of
each body for comparison with a compressing proxy in production.
"""

import gzip
import os
import sys
import time

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def measure(url: str) -> None:
    rows: dict[str, dict] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=ARGS)
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")

        def on_finished(request):
            response = request.response()
            if response is None:
                return
            sizes = request.sizes()
            body = response.body() if response.status < 300 else b""
            key = request.url + (" (service worker)" if request.service_worker else "")
            rows[key] = {
                "wire": sizes["responseBodySize"] + sizes["responseHeadersSize"],
                "body": len(body),
                "gzip": len(gzip.compress(body)) if body else 0,
                "type": response.headers.get("content-type", "").split(";")[0],
            }

        context.on("requestfinished", on_finished)
        page = context.new_page()
        page.goto(url)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        time.sleep(1.0)
        context.close()
        browser.close()
    width = max(len(k) for k in rows)
    for key, row in sorted(rows.items()):
        print(f"{key:<{width}}  {row['type']:<28} wire {row['wire']:>7}  body {row['body']:>7}  gzip {row['gzip']:>6}")
    total = sum(r["wire"] for r in rows.values())
    print(
        f"total on the wire: {total} bytes ({total / 1024:.1f} KiB); "
        f"bodies gzipped: {sum(r['gzip'] for r in rows.values())} bytes"
    )


if __name__ == "__main__":
    measure(sys.argv[1] if len(sys.argv) > 1 else "http://localhost:5000/")
