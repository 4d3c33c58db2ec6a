"""Responses compressed by the app itself, so `make run` (and any server without a proxy) sends what phones get.

Flask-Compress (a small, maintained extension; Brotli through Google's `brotli` package) picks Brotli where the
browser accepts it, else gzip, from Accept-Encoding, adds `Vary: Accept-Encoding`, and tags a strong ETag with the
encoding ("…:br") before answering If-None-Match itself, so conditional requests still end in 304.

What this module adds around it:
- Only text the app sends: HTML, CSS, JavaScript, JSON (and the manifest) and SVG. Never a CSV export (it is
  streamed row by row and must reach the client as it is written), a photo or a PNG (already compressed).
- A static file is read whole (they are a few KB) so that it is compressed once per fingerprint and encoding,
  keeps a Content-Length, and is kept compressed in memory; pages are compressed per response and never kept.
- A byte range (206) is sent as stored: compressing part of a file would not be the range asked for.
"""

from flask import Flask, request
from flask_compress import Compress

MIMETYPES = [
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "image/svg+xml",
]


class StaticFilesCache:
    """Flask-Compress's cache, for static files only: the key names the file and its content's fingerprint.

    Flask-Compress asks its cache about every compressed response; anything that is not a static file (a page,
    JSON with personal data) gets no key and is never stored."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self.data.get(key)

    def set(self, key: str, value: bytes) -> None:
        if key.partition(";")[2].startswith("static:"):
            self.data[key] = value


def static_file_key(req) -> str:
    if req.endpoint != "static":
        return ""
    from webapp.pwa.assets import fingerprint

    filename = req.view_args["filename"]
    return f"static:{filename}:{fingerprint(filename)}"


def read_static_file(response):
    """send_file streams the file; read it (a few KB) so it is compressed whole, once, and keeps its length."""
    if request.endpoint == "static" and response.status_code == 200 and response.mimetype in MIMETYPES:
        response.direct_passthrough = False
        response.make_sequence()
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", MIMETYPES)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br", "gzip"])
    # Brotli 5: about as small as 6-9 and still about a millisecond for a page of 12 KB (4 is much larger).
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    # Down to the app's icon (225 bytes, 155 in Brotli); below this the header would cost about what it saves.
    app.config.setdefault("COMPRESS_MIN_SIZE", 200)
    app.config.setdefault("COMPRESS_CACHE_BACKEND", StaticFilesCache)
    app.config.setdefault("COMPRESS_CACHE_KEY", static_file_key)
    # Registered here rather than by the extension, to leave byte ranges alone and read static files whole.
    app.config["COMPRESS_REGISTER"] = False
    compress = Compress()
    compress.init_app(app)
    app.extensions["compress"] = compress

    @app.after_request
    def compress_response(response):
        if response.status_code == 206:
            return response
        return compress.after_request(read_static_file(response))
