"""Xinju 新居: the application factory. Extensions, blueprints, headers — nothing else."""

import os

from flask import Flask
from flask_babel import format_number, get_locale
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp import clock
from webapp.config import CONFIGS, PROJECT_ROOT, ProductionConfig


def create_app(config_name: str | None = None, overrides: dict | None = None) -> Flask:
    config_name = config_name or os.environ.get("XINJU_CONFIG", "development")
    app = Flask(
        __name__,
        static_folder=str(PROJECT_ROOT / "static"),
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    config = CONFIGS[config_name]
    app.config.from_object(config)
    if config is ProductionConfig:
        app.config.update(ProductionConfig.from_environment())
        if os.environ.get("BEHIND_PROXY") == "1":
            app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    app.config.update(overrides or {})
    # One zone for the calendar (webapp.clock) and for the times shown (Flask-Babel).
    clock.set_zone(app.config["TIMEZONE"])
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["TIMEZONE"]
    _init_database(app)
    _init_extensions(app)
    _register_blueprints(app)
    return app


def _init_database(app: Flask) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)


def _init_extensions(app: Flask) -> None:
    from webapp import errors, models  # noqa: F401 - every table known to SQLAlchemy and Alembic
    from webapp.accounts.models import Account
    from webapp.accounts.roles import department_label, role_label
    from webapp.audit.log import describe as describe_event
    from webapp.extensions import babel, csrf, db, limiter, login_manager, migrate
    from webapp.i18n import HTML_LANG, NATIVE_NAMES, select_locale
    from webapp.pwa import assets
    from webapp.security import access, headers

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "webapp" / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.signin"
    login_manager.user_loader(lambda account_id: db.session.get(Account, int(account_id)))
    access.init_app(app)
    headers.init_app(app)
    assets.init_app(app)
    errors.init_app(app)
    from webapp.summaries import tracking

    tracking.init_app(app)
    from webapp.permits.access import officer_case as permit_case
    from webapp.registrations import access as report_access
    from webapp.services.access import officer_case as service_case

    report_access.init_app(app, officer_cases=(permit_case, service_case))  # who works on a person's case
    from webapp.claims.service import link_waiting_tenancies
    from webapp.rentals import events as rental_events

    rental_events.init_app(app, on_registered=(link_waiting_tenancies,))
    app.jinja_env.filters["format_number"] = format_number
    app.jinja_env.globals.update(
        get_locale=get_locale,
        HTML_LANG=HTML_LANG,
        NATIVE_NAMES=NATIVE_NAMES,
        role_label=role_label,
        department_label=department_label,
        audit_label=describe_event,
    )
    from webapp.db_setup import configure_sqlite

    configure_sqlite(app)


def _register_blueprints(app: Flask) -> None:
    from webapp.accounts.views import bp as accounts
    from webapp.admin.views import bp as admin
    from webapp.claims.views import bp as claims
    from webapp.employers.views import bp as employers
    from webapp.enrolment.cli import bp as staff_cli
    from webapp.enrolment.views import bp as enrolment
    from webapp.home.views import bp as home
    from webapp.i18n.views import bp as i18n
    from webapp.jobs.cli import bp as jobs
    from webapp.notifications.views import bp as notifications
    from webapp.people.views import bp as people
    from webapp.permits.cli import bp as permits_cli
    from webapp.permits.views import bp as permits
    from webapp.places.cli import bp as places_cli
    from webapp.places.views import bp as places
    from webapp.pwa.views import bp as pwa
    from webapp.registrations.views import bp as registrations
    from webapp.rentals.views import bp as rentals
    from webapp.services.views import bp as services
    from webapp.summaries.cli import bp as stats_cli
    from webapp.synthetic.cli import bp as synthetic_cli
    from webapp.visits.assisted import bp as assisted
    from webapp.visits.views import bp as visits

    for blueprint in (
        home,
        accounts,
        enrolment,
        i18n,
        pwa,
        places_cli,
        places,
        staff_cli,
        people,
        registrations,
        rentals,
        employers,
        claims,
        visits,
        assisted,
        permits,
        permits_cli,
        services,
        notifications,
        jobs,
        admin,
        stats_cli,
        synthetic_cli,
    ):
        app.register_blueprint(blueprint)
    if app.config["DEMO"]:
        from webapp.demo.views import bp as demo

        app.register_blueprint(demo)
