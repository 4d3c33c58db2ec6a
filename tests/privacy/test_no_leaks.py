"""Nothing personal where it leaks: a whole journey (register, report, visit, permit, service request) is run
through the HTTP client with every logger at DEBUG; no ID number, phone or name used shows up in a log line, an
address (URL) asked for or redirected to, or a CSV file's name. A database error is reported without its values."""

import logging
import re
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from flask import request_started
from sqlalchemy.exc import IntegrityError

from tests.support.factories import apply_for_permit, id_number
from webapp import clock
from webapp.permits.models import PermitApplication
from webapp.services.models import ServiceRequest

NAME = "欧阳娜娜"
NUMBER = id_number(date(1991, 5, 6), sequence=246)
PHONE = "13800138000"


def secrets_in(text: str) -> list[str]:
    compact = re.sub(r"[\s-]", "", text)
    return [s for s in (NAME, NUMBER, PHONE, NUMBER[-8:]) if s in text or s in compact]


@pytest.fixture
def every_logger(caplog):
    """Every logger at DEBUG and enabled (Alembic's fileConfig disables the loggers that exist when it runs, the
    database engine's among them), put back afterwards."""
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]
    before = [(logger, logger.disabled, logger.level) for logger in loggers]
    for logger in loggers:
        logger.disabled = False
        logger.setLevel(logging.NOTSET)
    caplog.set_level(logging.DEBUG)
    yield caplog
    for logger, disabled, level in before:
        logger.disabled, logger.level = disabled, level


def test_a_whole_journey_leaves_no_id_number_phone_or_name_in_logs_or_addresses(
    app,
    client,
    db,
    every_logger,
    community,
    create_account,
    create_place,
    sign_in,
    post_form,
    report_data,
    submit_report,
):
    caplog = every_logger
    addresses: list[str] = []

    def seen(sender, **extra):
        from flask import request

        addresses.append(request.full_path)

    request_started.connect(seen, app)
    try:
        # Register: the profile with the ID number and the phone.
        migrant = create_account("migrant", display_name="Newcomer")
        sign_in(migrant)
        profile = {
            "name": NAME,
            "sex": "female",
            "ethnicity": "01",
            "birth_date": "1991-05-06",
            "id_number": NUMBER,
            "phone": "138 0013 8000",
            "hukou_province": "41",
            "hukou_city": "4115",
            "hukou_county": "411525",
        }
        response = post_form("/me/profile", profile)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        addresses.append(response.headers["Location"])
        # Report.
        submit_report(report_data(arrival_date=(clock.today() - relativedelta(months=7)).isoformat()))
        receipt = re.search(r"/reports/([A-Z0-9]+)", client.get("/me").get_data(as_text=True)).group(1)
        # Visit, with the ID number unmasked for a reason.
        coordinator = create_account("coordinator", place=community)
        sign_in(coordinator)
        page = f"/coordinator/visits/{receipt}"
        assert post_form(f"{page}/id-number", {"unmask-reason": "id: card check"}, page=page).status_code == 200
        visited = post_form(page, {"outcome": "confirmed", "client_id": "journey-visit-0001"})
        addresses.append(visited.headers.get("Location", ""))
        # Permit: apply, approve, check publicly.
        sign_in(migrant)
        apply_for_permit(post_form)
        application = db.session.scalar(db.select(PermitApplication))
        police = create_account("officer", place=create_place("370303"), department="public_security")
        sign_in(police)
        client.get("/officer/permits")
        client.get(f"/officer/permits/{application.id}")
        post_form(f"/officer/permits/{application.id}", {"decision": "approve"})
        sign_in(migrant)
        card = client.get("/me/permit").get_data(as_text=True)
        check_url = re.search(r'href="http://localhost(/verify/[^"]+)"', card).group(1)
        check = client.get(check_url).get_data(as_text=True)
        assert NAME not in check and NUMBER not in check and "欧***" in check
        # A service request, answered, with the phone shown to the officer.
        post_form("/me/services/job_referral/ask", {"details": "想找电子厂的工作"})
        found = db.session.scalar(db.select(ServiceRequest))
        hrss = create_account("officer", place=create_place("370303"), department="hrss")
        sign_in(hrss)
        post_form(f"/officer/requests/{found.reference}/phone", {}, page=f"/officer/requests/{found.reference}")
        post_form(f"/officer/requests/{found.reference}", {"message-body": "请带身份证来"})
        # Bad input and a page that is not there: the error paths log too.
        sign_in(migrant)
        post_form("/me/profile", {**profile, "id_number": NUMBER[:-1] + "0", "phone": "1380013800"})
        client.get("/reports/ZZZZ0000ZZ")  # not found: the 404 path logs too
        # CSV downloads: their file names.
        admin = create_account("admin", place=create_place("3703"))
        sign_in(admin)
        names = []
        for url in ("/admin/staff.csv", "/admin/audit.csv"):
            with client.get(url) as response:
                response.get_data()
                names.append(response.headers.get("Content-Disposition", ""))
    finally:
        request_started.disconnect(seen, app)

    lines = [record.getMessage() + " " + (record.exc_text or "") for record in caplog.records]
    assert len(lines) > 0 and len(addresses) > 20
    assert [line for line in lines if secrets_in(line)] == []
    assert [address for address in addresses if secrets_in(address)] == []
    assert [name for name in names if secrets_in(name)] == []


def test_a_database_error_is_logged_without_the_values_it_was_given(app, db, every_logger, create_person):
    caplog = every_logger
    from webapp.errors import handle_unexpected
    from webapp.people.models import Person

    create_person(name=NAME, id_number=NUMBER, phone=PHONE)
    db.session.add(Person(name=NAME, sex="female", ethnicity="01", birth_date=date(1991, 5, 6), id_number=NUMBER))
    refused = None
    try:
        db.session.flush()
    except IntegrityError as error:  # handled as the app does, while the exception is the current one
        refused = error
        with app.test_request_context("/"):
            handle_unexpected(error)
    assert refused is not None  # its message may quote the number (PostgreSQL's DETAIL); the log must not
    text = "\n".join(record.getMessage() + " " + (record.exc_text or "") for record in caplog.records)
    assert "unexpected error" in text and "IntegrityError" in text and "Traceback" in text
    assert secrets_in(text) == []


def test_the_service_worker_keeps_only_public_pages_with_nothing_personal(
    app, client, db, migrant, sign_in, report_data, submit_report
):
    """What the worker caches (its shell and kept pages) is fetched without credentials and holds no person."""
    import json

    sign_in(migrant)
    submit_report(report_data())
    worker = client.get("/sw.js").get_data(as_text=True)
    kept = json.loads(re.search(r"const PAGES = (.*);", worker).group(1))
    shell = json.loads(re.search(r"const SHELL = (.*);", worker).group(1))
    assert kept and shell
    assert 'credentials: "omit"' in worker
    anonymous = app.test_client()
    for url in [*kept, *[u for u in shell if not u.startswith("/static/")]]:
        page = anonymous.get(url).get_data(as_text=True)
        assert "王芳" not in page and "/me" not in url and "/reports/" not in url, url
