"""Checks applied to every HTML page the tests render (after GOV.UK Notify's client_request).

Parses as HTML; exactly one <h1>; the <title> starts with the h1; ids are unique; every visible input, select
and textarea has a label; every form has an action and posts with a CSRF token; no inline script, no inline
event handlers, no inline styles (the CSP would block them anyway).
"""

import hashlib
import re

import html5lib

HTML_NS = "{http://www.w3.org/1999/xhtml}"
#: A CSRF token's value, in a form's hidden input or the page's <meta>: it differs on every request and plays no
#: part in the checks (only the input's presence does), so pages that differ only there are checked once.
CSRF_VALUE = re.compile(r'(<(?:input|meta)\b[^>]*csrf[_-]token"[^>]*?\b(?:value|content)=")[^"]*"')
#: Digests of the pages that passed (the checks are a function of the page alone): the same page again, as the
#: tests render the same form many times, is not parsed again. A page that failed is checked, and fails, each time.
_passed: set[bytes] = set()


class PageError(AssertionError):
    pass


def _text(element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def _tag(element) -> str:
    tag = element.tag
    return tag[len(HTML_NS) :] if isinstance(tag, str) and tag.startswith(HTML_NS) else tag


def check_page(html: str, where: str = "") -> None:
    digest = hashlib.blake2b(CSRF_VALUE.sub(r'\1-"', html).encode(), digest_size=16).digest()
    if digest in _passed:
        return
    _check(html, where)
    _passed.add(digest)


def _check(html: str, where: str) -> None:
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=True)
    root = parser.parse(html)
    problems = [
        f"parse error at {pos}: {code}"
        for pos, code, _ in parser.errors
        if code not in {"unexpected-end-tag-in-special-element"}
    ]
    elements = list(root.iter())
    by_tag: dict[str, list] = {}
    for el in elements:
        by_tag.setdefault(_tag(el), []).append(el)

    h1s = by_tag.get("h1", [])
    if len(h1s) != 1:
        problems.append(f"{len(h1s)} <h1> elements, expected 1")
    titles = by_tag.get("title", [])
    if len(titles) != 1:
        problems.append("no <title>")
    elif h1s and not _text(titles[0]).startswith(_text(h1s[0])):
        problems.append(f"title {_text(titles[0])!r} does not start with h1 {_text(h1s[0])!r}")
    html_el = by_tag.get("html", [None])[0]
    if html_el is None or not html_el.get("lang"):
        problems.append("<html> has no lang")

    ids = [el.get("id") for el in elements if el.get("id")]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        problems.append(f"duplicate ids: {sorted(duplicates)}")

    labelled = {label.get("for") for label in by_tag.get("label", []) if label.get("for")}
    parents = {child: parent for parent in elements for child in parent}
    for tag in ("input", "select", "textarea"):
        for el in by_tag.get(tag, []):
            if el.get("type") in {"hidden", "submit", "button", "reset", "image"}:
                continue
            inside_label = False
            node = el
            while node in parents:
                node = parents[node]
                if _tag(node) == "label":
                    inside_label = True
            if not (el.get("id") in labelled or el.get("aria-label") or el.get("aria-labelledby") or inside_label):
                problems.append(f"<{tag} name={el.get('name')!r}> has no label")

    for form in by_tag.get("form", []):
        if not form.get("action"):
            problems.append("a <form> without an action")
        if (form.get("method") or "get").lower() == "post":
            names = {i.get("name") for i in form.iter(f"{HTML_NS}input")}
            if not any(name and name.endswith("csrf_token") for name in names):
                problems.append(f"POST form to {form.get('action')} has no csrf_token")

    for script in by_tag.get("script", []):
        if not script.get("src"):
            problems.append("inline <script>")
    for el in elements:
        if not isinstance(el.tag, str):
            continue
        for attribute in el.attrib:
            if attribute.startswith("on"):
                problems.append(f"inline event handler {attribute} on <{_tag(el)}>")
            if attribute == "style":
                problems.append(f"inline style on <{_tag(el)}>")
    if problems:
        raise PageError(f"{where}: " + "; ".join(problems))
