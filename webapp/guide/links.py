"""Where the guide explains a decision or a service: links for the pages that show them (template globals)."""

from urllib.parse import quote

from flask import url_for

from webapp.guide import pages


def decision_guide_url(decision) -> str:
    """The duties page of the decision's profile, at the section that explains its rule."""
    if pages.guide_profile(decision.profile_id) is None:
        return url_for("guide.index")
    return url_for("guide.rules", profile_id=decision.profile_id, _anchor=pages.rule_anchor(decision.rule))


def profile_guide_url(profile_id: str, anchor: str) -> str:
    """A section of the duties page of a record's profile (a permit's "endorsement"), or the contents."""
    if pages.guide_profile(profile_id) is None:
        return url_for("guide.index")
    return url_for("guide.rules", profile_id=profile_id, _anchor=anchor)


#: What Flask's url_for leaves unquoted in an anchor.
ANCHOR_SAFE = "%!#$&'()*+,/:;=?@"


def _anchored(endpoint: str, anchor: str) -> str:
    """`url_for(endpoint, _anchor=anchor)`, the same text, from the endpoint's plain URL (built once: Xinju.url_for)
    and the anchor quoted as Flask quotes it: a services page links the guide once per service."""
    return f"{url_for(endpoint)}#{quote(anchor, safe=ANCHOR_SAFE)}"


def service_guide_url(code: str) -> str:
    return _anchored("guide.services", pages.service_anchor(code))


def guide_url(anchor: str | None = None) -> str:
    """A section of the rights-at-work page ("contract", "legal-aid", ...), or the guide's contents."""
    return _anchored("guide.work", anchor) if anchor else url_for("guide.index")


def template_helpers() -> dict:
    return {
        "decision_guide_url": decision_guide_url,
        "service_guide_url": service_guide_url,
        "profile_guide_url": profile_guide_url,
        "guide_url": guide_url,
        "guide_source": pages.source_text,
        "service_anchor": pages.service_anchor,
        "who_can_ask": pages.who_can_ask,
        "documents_to_bring": pages.to_bring,
        "who_answers": pages.who_answers,
    }
