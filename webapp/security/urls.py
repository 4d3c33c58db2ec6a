"""Redirect targets that stay on this site."""

import re
from urllib.parse import urlsplit

from flask import current_app, request, url_for
from werkzeug.exceptions import HTTPException

#: Characters no redirect target may hold: controls (a line break in a Location header is refused by Werkzeug, which
#: was a 500; and urlsplit drops tabs and line breaks before it looks, so "/\t/evil.example" reads as a path there
#: and as "//evil.example" in a browser).
_REFUSED = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe_next(target: str | None, default_endpoint: str = "home.index") -> str:
    """Only a local path is followed: no scheme, no host, no protocol-relative '//' trick, no control character."""
    if target and not _REFUSED.search(target):
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
        ):
            return target
    return url_for(default_endpoint)


def endpoint_at(path: str) -> str | None:
    """The endpoint of the page of this site one can GET at `path` (the app's root included), or None."""
    root = request.script_root
    if not path.startswith(root):
        return None
    adapter = current_app.url_map.bind(request.host, script_name=root or "/")
    try:
        endpoint, _args = adapter.match(path[len(root) :], method="GET")
    except HTTPException:  # not a page of this site, not one to GET, or one it would redirect
        return None
    return endpoint


def referring_page() -> tuple[str, str] | None:
    """The page of this site the browser says this request came from (the Referer header, same host; the scheme may
    be a proxy's, so it is not compared; nothing is added to any URL): (its path, its endpoint), or None."""
    came_from = urlsplit(request.referrer or "")
    if came_from.netloc != request.host:
        return None
    endpoint = endpoint_at(came_from.path)
    return (came_from.path, endpoint) if endpoint else None
