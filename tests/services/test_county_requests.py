"""county_requests, the service requests per county, status and day that the city's and counties' dashboards read,
stays exact at every commit: it equals the requests counted afresh after writes of each kind (the db fixture also
compares it with a full recount at the end of every test), and when several officers of one county answer at once."""

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.support.factories import create_account, create_place, create_reports
from webapp import clock
from webapp.admin import indicators
from webapp.privacy import retention
from webapp.services import statuses
from webapp.services.models import RequestMessage, ServiceRequest
from webapp.summaries.counting import request_key
from webapp.summaries.models import CountyRequests


def counted_afresh(db) -> dict[tuple, int]:
    keys = Counter(
        request_key(r.county_id, r.status, r.target_date, r.updated_at)
        for r in db.session.scalars(select(ServiceRequest))
    )
    return dict(keys)


def kept(db) -> dict[tuple, int]:
    db.session.expire_all()
    rows = db.session.scalars(select(CountyRequests)).all()
    return {(r.county_id, r.status, r.day): r.requests for r in rows if r.requests}


def ask(db, report, county, days_left=5, status="submitted") -> ServiceRequest:
    created = ServiceRequest(
        person=report.person,
        service_code="legal_aid",
        department="justice",
        county_id=county.id,
        status=status,
        target_date=clock.today() + timedelta(days=days_left),
    )
    db.session.add(created)
    return created


def test_county_requests_follow_every_kind_of_write(db):
    county, other = create_place("370303"), create_place("370302")
    reports = create_reports(create_place("370303001001"), 4)
    first, second, third = ask(db, reports[0], county), ask(db, reports[1], county, -2), ask(db, reports[2], other)
    db.session.commit()  # submitted
    assert kept(db) == counted_afresh(db) != {}
    statuses.answer(first, "accepted", reason="", officer_id=None)
    db.session.commit()
    statuses.answer(first, "in_progress", reason="", officer_id=None)
    db.session.commit()
    assert kept(db) == counted_afresh(db)
    statuses.answer(first, "completed", reason="", officer_id=None)  # closed: counted on the day it closed
    statuses.answer(second, "refused", reason="Not ours", officer_id=None)
    db.session.commit()
    assert kept(db) == counted_afresh(db)
    assert kept(db)[(county.id, "refused", clock.today())] == 1
    officer = create_account("admin", place=county)
    db.session.add(RequestMessage(request_id=third.id, author_id=officer.id, party="officer", body="Soon"))  # no move
    db.session.commit()
    assert kept(db) == counted_afresh(db)
    third.county_id = county.id  # sent to another county's queue
    db.session.commit()
    assert kept(db) == counted_afresh(db)
    # Retention blanks old closed requests' details and keeps their closing day; then a request is deleted.
    retention.run(clock.utcnow() + timedelta(days=3660))
    assert kept(db) == counted_afresh(db)
    db.session.delete(third)
    db.session.commit()
    assert kept(db) == counted_afresh(db)


def test_a_rolled_back_request_counts_nothing(db):
    county = create_place("370303")
    report = create_reports(create_place("370303001001"), 1)[0]
    ask(db, report, county)
    db.session.flush()
    db.session.rollback()
    kept_request = ask(db, report, county)
    db.session.commit()
    assert kept(db) == counted_afresh(db) == {(county.id, "submitted", kept_request.target_date): 1}


def test_the_city_dashboard_counts_the_same_requests(db):
    city, county = create_place("3703"), create_place("370303")
    reports = create_reports(create_place("370303001001"), 3)
    ask(db, reports[0], county, -1)
    ask(db, reports[1], county, 0, status="in_progress")
    closed = ask(db, reports[2], county, -30, status="completed")
    db.session.flush()
    closed.updated_at = clock.utcnow() - timedelta(days=400)  # closed before the period
    db.session.commit()
    board = indicators.dashboard(city, clock.today())
    assert board.requests == {
        "submitted": 1,
        "accepted": 0,
        "in_progress": 1,
        "completed": 0,
        "refused": 0,
        "withdrawn": 0,
    }
    assert board.requests_overdue == 1
    assert indicators.dashboard(city, clock.today(), 730).requests["completed"] == 1


@pytest.mark.postgresql_only
def test_officers_answering_in_one_county_at_once_keep_it_exact(app, db):
    county = create_place("370303")
    reports = create_reports(create_place("370303001001"), 8)
    for report in reports:
        ask(db, report, county)
    db.session.commit()
    ids = db.session.scalars(select(ServiceRequest.id)).all()
    start = threading.Barrier(len(ids))
    failures: list[str] = []

    def work(request_id: int) -> None:
        with app.app_context():
            start.wait()
            try:
                found = db.session.get(ServiceRequest, request_id)
                statuses.answer(found, "accepted", reason="", officer_id=None)
                db.session.commit()
                statuses.answer(found, "refused", reason="No", officer_id=None)
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported below
                failures.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert kept(db) == counted_afresh(db) == {(county.id, "refused", clock.today()): len(ids)}
