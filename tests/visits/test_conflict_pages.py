"""/coordinator/conflicts comes in pages: 98,000 conflicts on one page took 38.6 s (issue 13)."""

from sqlalchemy import select

from tests.support.factories import create_reports
from tests.support.statements import statements_sent
from webapp import clock
from webapp.extensions import db
from webapp.registrations.models import ResidenceReport
from webapp.visits.models import Visit
from webapp.visits.views import CONFLICTS_PAGE_SIZE


def make_conflicts(coordinator, community, n):
    create_reports(community, n, status="submitted")
    reports = db.session.scalars(select(ResidenceReport).order_by(ResidenceReport.id)).all()
    for i, report in enumerate(reports):
        db.session.add(
            Visit(
                client_id=f"conflict-{i:06d}",
                coordinator_id=coordinator.id,
                report_id=report.id,
                outcome="confirmed",
                recorded_at=clock.utcnow(),
                seen_version=1,
                server_version=2,
                conflict=True,
                state="conflict",
                seen={"room": f"old{i}"},
                server={"room": f"new{i}"},
            )
        )
    db.session.commit()


def test_conflicts_come_in_pages_with_a_steady_number_of_queries(client, db, create_account, community, sign_in):
    coordinator = sign_in(create_account("coordinator", place=community))
    make_conflicts(coordinator, community, CONFLICTS_PAGE_SIZE + 5)
    with statements_sent(db.engine) as statements:
        first = client.get("/coordinator/conflicts").get_data(as_text=True)
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert first.count('<section class="card"') == CONFLICTS_PAGE_SIZE
    assert "new0<" in first and f"new{CONFLICTS_PAGE_SIZE}<" not in first  # oldest first
    assert len(statements) < 25  # not one query per visit, report and person
    last = client.get("/coordinator/conflicts?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in last and last.count('<section class="card"') == 5
    assert f"new{CONFLICTS_PAGE_SIZE + 4}<" in last
    assert "Page 2 of 2" in client.get("/coordinator/conflicts?page=99").get_data(as_text=True)
