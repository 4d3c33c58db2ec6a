"""What a resident (and the employer) reads after a coordinator corrects the workplace (task K, angle d): the report
names the workplace found, never under another employer's confirmation, and the employer's own record keeps its name."""

from tests.conftest import token_from
from tests.support.factories import create_employer
from tests.visits.test_visits import visit_payload
from webapp.employers.models import Employment
from webapp.registrations.models import ResidenceReport
from webapp.visits.models import Visit


def jobs(db) -> list[tuple]:
    return [
        (e.employer_id is not None, e.employer_name, e.status, e.source)
        for e in db.session.scalars(db.select(Employment).order_by(Employment.id))
    ]


def test_a_corrected_workplace_never_renames_the_employer_who_was_asked_to_confirm(
    client, db, migrant, create_account, sign_in, report_data, submit_report, coordinator, sync, test_day
):
    boss = create_account("employer", display_name="陈静")
    employer = create_employer(boss)
    sign_in(migrant)
    submit_report(report_data(room="101", employer_name=employer.name, employer_uscc=employer.uscc))
    report = db.session.scalar(db.select(ResidenceReport))
    assert jobs(db) == [(True, "温州鞋业有限公司", "pending", "migrant")]

    sign_in(coordinator)
    [result] = sync(visit_payload(report, outcome="corrected", corrections={"workplace": "新华面馆"})).get_json()[
        "results"
    ]
    assert result["status"] == "stored"
    # The employer's record is theirs, as they were asked it; the report now names the workplace the visit found.
    assert jobs(db) == [
        (True, "温州鞋业有限公司", "pending", "migrant"),
        (False, "新华面馆", "unlinked", "visit"),
    ]
    db.session.expire_all()
    report = db.session.get(ResidenceReport, report.id)
    assert report.employment.employer_name == "新华面馆" and report.employment.employer_id is None

    sign_in(migrant)
    page = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    assert "新华面馆" in page and "Employer not on Xinju yet" in page
    # The employer first named is said only as what the visit corrected (the report's history keeps old values).
    assert page.count("温州鞋业有限公司") == 1 and "Workplace: changed from 温州鞋业有限公司 to 新华面馆" in page


def test_a_misspelt_workplace_not_on_xinju_is_corrected_in_place(
    client, db, migrant, sign_in, report_data, submit_report, coordinator, sync, test_day
):
    sign_in(migrant)
    submit_report(report_data(room="101", employer_name="新华面官"))
    report = db.session.scalar(db.select(ResidenceReport))
    sign_in(coordinator)
    sync(visit_payload(report, outcome="corrected", corrections={"workplace": "新华面馆"}))
    assert jobs(db) == [(False, "新华面馆", "unlinked", "migrant")]  # the same job, its name put right


def test_the_visit_form_takes_a_report_with_the_longest_details(
    client, db, migrant, sign_in, report_data, submit_report, coordinator, test_day
):
    """The page's copy of what it showed (for a conflict's review) is longer than a line of text: never refused."""
    sign_in(migrant)
    submit_report(report_data(road="长" * 60, number="号" * 30, room="房" * 20, employer_name="厂" * 120))
    report = db.session.scalar(db.select(ResidenceReport))
    sign_in(coordinator)
    page = client.get(f"/coordinator/visits/{report.receipt}").get_data(as_text=True)
    form = page[page.index(f'action="/coordinator/visits/{report.receipt}"') :]
    client_id = form.split('name="client_id" type="hidden" value="')[1].split('"')[0]
    seen = form.split('name="seen" type="hidden" value="')[1].split('"')[0].replace("&#34;", '"')
    response = client.post(
        f"/coordinator/visits/{report.receipt}",
        data={
            "csrf_token": token_from(page),
            "client_id": client_id,
            "seen_version": str(report.version),
            "seen": seen,
            "outcome": "confirmed",
            "road": report.road,
            "number": report.number,
            "room": report.room,
            "workplace": "厂" * 120,
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    assert db.session.scalar(db.select(Visit)).state == "applied"
