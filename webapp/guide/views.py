"""The guide's pages: public, the same for everybody (rendered as for a visitor even to a signed-in person), so
the service worker may keep them for reading offline."""

from flask import Blueprint, abort, current_app, render_template

from webapp.guide import pages
from webapp.security.access import PUBLIC, allow

bp = Blueprint("guide", __name__, url_prefix="/guide")


def public_page(template: str, **context):
    response = current_app.make_response(render_template(template, anonymous=True, **context))
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("")
@allow(PUBLIC)
def index():
    return public_page("guide/index.html", profiles=pages.guide_profiles())


@bp.get("/rules/<profile_id>")
@allow(PUBLIC)
def rules(profile_id: str):
    profile = pages.guide_profile(profile_id)
    if profile is None:
        abort(404)
    return public_page("guide/rules.html", profile=profile, page=pages.rules_page(), filled=pages.duties(profile))


@bp.get("/services")
@allow(PUBLIC)
def services():
    page, _words = pages.services_page()
    return public_page("guide/services.html", page=page, entries=pages.service_entries())


@bp.get("/work")
@allow(PUBLIC)
def work():
    return public_page("guide/work.html", page=pages.work_page())
