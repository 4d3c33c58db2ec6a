"""Xinju 新居: the application factory. Extensions, blueprints, headers, template helpers — nothing else."""

import logging
import os

from flask import Flask
from flask.globals import _cv_request
from flask.logging import default_handler
from flask_babel import get_locale
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp import clock
from webapp.config import CONFIGS, PROJECT_ROOT, ConfigError, ProductionConfig


class Xinju(Flask):
    """Flask, with the URLs of endpoints that take no values built once: every page links the same dozen pages
    (the header, the footer, its own actions), and Werkzeug builds each link again on every request."""

    #: (script root, endpoint) -> URL, within a request (relative URLs). Bounded: cleared when it grows past this.
    PLAIN_URLS_MAX = 2048

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._plain_urls: dict[tuple[str, str], str] = {}

    def url_for(self, /, endpoint: str, **values) -> str:
        request_context = _cv_request.get(None)
        if (
            values  # arguments, an anchor, a method, a scheme or _external: built every time, as Flask does
            or request_context is None  # outside a request: external URLs from SERVER_NAME
            or endpoint[:1] == "."  # relative to the request's blueprint
            or request_context.url_adapter is None
            or any(self.url_default_functions.values())  # none are registered; if one were, it could add values
        ):
            return super().url_for(endpoint, **values)
        key = (request_context.url_adapter.script_name, endpoint)
        url = self._plain_urls.get(key)
        if url is None:
            url = super().url_for(endpoint)
            if len(self._plain_urls) >= self.PLAIN_URLS_MAX:
                self._plain_urls.clear()
            self._plain_urls[key] = url
        return url


def create_app(config_name: str | None = None, overrides: dict | None = None) -> Flask:
    """The app for a configuration named here or in XINJU_CONFIG. There is no default: a server started without
    one (gunicorn "webapp:create_app()") must not come up as the demo, with demo sign-in and a known secret key.
    `make run` and the Makefile's other targets set XINJU_CONFIG=development."""
    config_name = config_name or os.environ.get("XINJU_CONFIG")
    if config_name not in CONFIGS:
        raise ConfigError(
            f"XINJU_CONFIG must name a configuration ({', '.join(sorted(CONFIGS))}); it is "
            + (f"{config_name!r}." if config_name else "not set.")
            + " In production: XINJU_CONFIG=production. For the local demo: make run (XINJU_CONFIG=development)."
        )
    app = Xinju(
        __name__,
        static_folder=str(PROJECT_ROOT / "static"),
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    config = CONFIGS[config_name]
    app.config.from_object(config)
    if config is ProductionConfig:
        app.config.update(ProductionConfig.from_environment())
        # Flask-Limiter says "falling back to in-memory storage" on its own logger, which has only a NullHandler:
        # send it where the app's messages go (gunicorn's error log).
        limiter_log = logging.getLogger("flask-limiter")
        if default_handler not in limiter_log.handlers:
            limiter_log.addHandler(default_handler)
        if os.environ.get("BEHIND_PROXY") == "1":
            app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    app.config.update(overrides or {})
    # One zone for the calendar (webapp.clock) and for the times shown (Flask-Babel).
    clock.set_zone(app.config["TIMEZONE"])
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["TIMEZONE"]
    _init_database(app)
    from webapp.security import crypto

    crypto.init_app(app)  # no keys, no start (production); made under instance/ in development and tests
    _init_extensions(app)
    _register_blueprints(app)
    _init_templates(app)
    return app


def _init_database(app: Flask) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)


def _init_extensions(app: Flask) -> None:
    from webapp import errors, models, replica  # noqa: F401 - every table known to SQLAlchemy and Alembic
    from webapp.accounts import kept_forms, sessions
    from webapp.extensions import babel, csrf, db, limiter, login_manager, migrate
    from webapp.i18n import select_locale
    from webapp.privacy import logs
    from webapp.pwa import assets, compression
    from webapp.security import access, headers, limits

    # Registered first, so that they run last (Flask runs these hooks in reverse): compression sees the finished
    # response, and the static files' headers come after every hook that looks at the session.
    compression.init_app(app)
    assets.init_app(app)
    replica.init_app(app)  # the optional read replica's bind, before the binds are read
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "webapp" / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    limits.check_only_where_limited(app, limiter)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.signin"
    sessions.init_app(app)
    kept_forms.init_app(app)  # a form that could not be taken is kept and put back (security and errors call it)
    access.init_app(app)
    headers.init_app(app)
    errors.init_app(app)
    logs.install()  # no database rows in the logs, even at DEBUG
    from webapp.summaries import tracking

    tracking.init_app(app)
    from webapp.visits import changes as caseload_changes

    caseload_changes.init_app(app)
    from webapp.permits.access import officer_case as permit_case
    from webapp.registrations import access as report_access
    from webapp.services.access import officer_case as service_case

    report_access.init_app(app, officer_cases=(permit_case, service_case))  # who works on a person's case
    from webapp.claims.service import link_waiting_tenancies
    from webapp.rentals import events as rental_events

    rental_events.init_app(app, on_registered=(link_waiting_tenancies,))
    from webapp.db_setup import configure_sqlite

    configure_sqlite(app)
    # Last: it wraps the session interface as the extensions above left it.
    assets.keep_sessions_off_static_files(app)


def _init_templates(app: Flask) -> None:
    """Every template filter and global, registered here and only here (tests/test_labels.py greps): coded values
    read through the one `label` filter of the label registry (webapp/labels.py), `{{ code|label("kind") }}`;
    each feature's other helpers are plain functions listed below."""
    from webapp import labels
    from webapp.audit.log import describe as describe_event
    from webapp.audit.log import staff_reason_label
    from webapp.guide.links import template_helpers as guide_helpers
    from webapp.i18n import HTML_LANG, NATIVE_NAMES, aside, colon, formats, semicolon, template_gettext
    from webapp.notifications.notify import text as notification_text
    from webapp.places.address import address, address_line, dwelling
    from webapp.privacy.notice import CONSENTS
    from webapp.privacy.views import privacy_consents
    from webapp.pwa.assets import asset_url
    from webapp.pwa.layout import template_helpers as layout_helpers
    from webapp.registrations.labels import template_helpers as report_helpers
    from webapp.services.explain import template_helpers as service_helpers

    # Over Flask-Babel's: the same strings, for a fraction of the time (webapp/i18n: template_gettext).
    app.jinja_env.globals.update(template_gettext())
    app.jinja_env.filters.update(
        label=labels.label_filter,
        # Flask-Babel's, for less (webapp/i18n/formats.py): the same text.
        format_number=formats.number,
        dateformat=formats.dateformat,
        datetimeformat=formats.datetimeformat,
        format_list=formats.listing,
        format_percent=formats.percent,
        address=address,
    )
    app.jinja_env.globals.update(
        get_locale=get_locale,
        china_today=clock.today,  # the app's day (China's), for words that depend on it
        HTML_LANG=HTML_LANG,
        colon=colon,
        aside=aside,
        semicolon=semicolon,
        NATIVE_NAMES=NATIVE_NAMES,
        asset_url=asset_url,
        audit_label=describe_event,
        staff_reason_label=staff_reason_label,
        notification_text=notification_text,
        privacy_consents=privacy_consents,
        consent_items=CONSENTS,
        dwelling=dwelling,
        address_line=address_line,
        **report_helpers(),
        **service_helpers(),
        **guide_helpers(),
        **layout_helpers(),
    )
    if app.config["DEMO"]:
        from webapp.demo.data import demo_choices

        app.jinja_env.globals["demo_accounts"] = demo_choices


def _register_blueprints(app: Flask) -> None:
    from webapp.accounts.views import bp as accounts
    from webapp.admin.views import bp as admin
    from webapp.api.views import bp as api
    from webapp.assessment.views import bp as assessment
    from webapp.backup.cli import bp as backup_cli
    from webapp.claims.views import bp as claims
    from webapp.employers.views import bp as employers
    from webapp.enrolment.cli import bp as staff_cli
    from webapp.enrolment.views import bp as enrolment
    from webapp.guide.views import bp as guide
    from webapp.home.views import bp as home
    from webapp.i18n.views import bp as i18n
    from webapp.jobs.cli import bp as jobs
    from webapp.notifications.views import bp as notifications
    from webapp.people.identity import bp as identity
    from webapp.people.views import bp as people
    from webapp.permits.cli import bp as permits_cli
    from webapp.permits.views import bp as permits
    from webapp.places.cli import bp as places_cli
    from webapp.places.views import bp as places
    from webapp.privacy.admin_record import bp as admin_record
    from webapp.privacy.correction import bp as corrections
    from webapp.privacy.deletion import bp as deletion
    from webapp.privacy.views import bp as privacy
    from webapp.pwa.views import bp as pwa
    from webapp.registrations.views import bp as registrations
    from webapp.rentals.views import bp as rentals
    from webapp.security import converters
    from webapp.security.cli import bp as keys_cli
    from webapp.services.views import bp as services
    from webapp.summaries.cli import bp as stats_cli
    from webapp.synthetic.cli import bp as synthetic_cli
    from webapp.vacancies.views import bp as vacancies
    from webapp.visits.assisted import bp as assisted
    from webapp.visits.views import bp as visits

    # Before any route is added: every <int:…> and <…> in the URL map is bounded (webapp/security/converters.py).
    converters.init_app(app)
    for blueprint in (
        home,
        accounts,
        enrolment,
        i18n,
        pwa,
        guide,
        places_cli,
        places,
        staff_cli,
        people,
        identity,
        registrations,
        rentals,
        employers,
        vacancies,
        claims,
        visits,
        assisted,
        permits,
        permits_cli,
        services,
        notifications,
        privacy,
        jobs,
        admin,
        assessment,
        api,
        stats_cli,
        synthetic_cli,
        backup_cli,
        deletion,
        corrections,
        admin_record,
        keys_cli,
    ):
        app.register_blueprint(blueprint)
    if app.config["DEMO"]:
        from webapp.demo.views import bp as demo

        app.register_blueprint(demo)
