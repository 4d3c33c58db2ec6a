"""Redirect targets that stay on this site."""

import re
from urllib.parse import urlsplit

from flask import url_for

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
