"""Submitting a page's form as a browser would, and checking that its errors are shown where a person looks.

`browser_data(html, button)` is what a browser sends for the form holding that button when the person changes
nothing: text boxes and text areas with their values (empty ones too), each select's selected option, checked boxes
only, hidden fields (the CSRF token), and nothing for a radio group left unchosen.
`errors_shown(html, field_id, message)` checks the error summary links to the field and the field carries the
message next to it.
"""

import html5lib

NS = "{http://www.w3.org/1999/xhtml}"


def _form_of(root, button: str):
    for form in root.iter(f"{NS}form"):
        for element in form.iter(f"{NS}button"):
            if "".join(element.itertext()).strip() == button:
                return form
    raise AssertionError(f"no form with a {button!r} button")


def browser_data(html: str, button: str) -> dict[str, str]:
    form = _form_of(html5lib.parse(html), button)
    data: dict[str, str] = {}
    for element in form.iter():
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        tag = element.tag.removeprefix(NS)
        kind = (element.get("type") or "text").lower()
        if tag == "input" and kind in ("checkbox", "radio"):
            if element.get("checked") is not None:
                data[name] = element.get("value", "on")
        elif tag == "input" and kind not in ("submit", "button", "file"):
            data[name] = element.get("value", "")
        elif tag == "textarea":
            data[name] = "".join(element.itertext())
        elif tag == "select":
            options = list(element.iter(f"{NS}option"))
            chosen = next((o for o in options if o.get("selected") is not None), options[0] if options else None)
            if chosen is not None:
                data[name] = chosen.get("value", "".join(chosen.itertext()))
    return data


def errors_shown(html: str, field_id: str, message: str) -> bool:
    summary = html.split('class="error-summary"', 1)[-1].split("</div>", 1)[0] if "error-summary" in html else ""
    in_summary = f'href="#{field_id}' in summary and message in summary
    inline = f'id="{field_id.removesuffix("-0")}-error"' in html
    return in_summary and inline


def without_csrf_token(page: str) -> str:
    """The page with its CSRF tokens left empty: a token carries the second it was signed in, so two pages asked for
    a second apart differ there only (compare whole pages with this)."""
    import re

    return re.sub(r'(name="csrf[-_]token"[^>]*(?:content|value)=")[^"]*', r"\1", page)
