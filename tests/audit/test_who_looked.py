"""Who has looked at my information: every look by a coordinator (caseload page, field-mode download, visit), a
landlord, an employer or an officer is in the person's list on their account page, in words of their language, once
a day per viewer and reason, and never in anyone else's list. A list is written in one statement, whatever its size.
"""

import html as html_lib
import re
from datetime import datetime, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import event

from tests.support.factories import create_reports
from webapp import clock, labels
from webapp.audit import log as audit
from webapp.audit.models import AuditEvent
from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import Tenancy
from webapp.services.catalogue import load_catalogue
from webapp.services.models import ServiceRequest

DAY = datetime(2026, 7, 14, 10, 0)  # a Tuesday, China time


@pytest.fixture(autouse=True)
def one_day():
    """Pinned here too, so that "the same day" holds under `make test-dates` (where the suite's pin is off)."""
    with clock.pinned_at(DAY):
        yield


@pytest.fixture
def coordinator(create_account, community):
    return create_account("coordinator", place=community, display_name="赵磊")


def who_looked(client, sign_in, account, lang="en") -> list[str]:
    """The lines of the person's 'who has looked' table, as text."""
    sign_in(account)
    page = client.get("/account", headers={"Accept-Language": lang}).get_data(as_text=True)
    section = page.split('id="who-looked"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r"<tr><td>[^<]*</td><td>(.*?)</td></tr>", section, flags=re.S)
    return [html_lib.unescape(cell).strip() for cell in cells]


def views_of(db, person_id) -> list[AuditEvent]:
    return db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "record.viewed", AuditEvent.subject_person_id == person_id)
    ).all()


def test_a_coordinators_caseload_page_and_download_are_in_the_persons_list_once_a_day(
    client, db, migrant, coordinator, sign_in, report_data, submit_report, create_person, create_account
):
    sign_in(migrant)
    submit_report(report_data())
    report = db.session.scalar(db.select(ResidenceReport))

    sign_in(coordinator)
    for _ in range(3):
        assert "王芳" in client.get("/coordinator").get_data(as_text=True)
        assert client.get("/coordinator/caseload.json").get_json()["items"][0]["n"] == "王芳"
    assert sorted(e.reason for e in views_of(db, report.person_id)) == ["caseload", "caseload download"]

    english = who_looked(client, sign_in, migrant)
    assert english == [
        "Coordinator 赵磊 looked at your residence report. Reason: they downloaded their list of homes to visit to "
        "their phone, and you are on it",
        "Coordinator 赵磊 looked at your residence report. Reason: you are on their list of homes to visit",
    ]
    chinese = who_looked(client, sign_in, migrant, "zh")
    assert chinese == [
        "协管员赵磊查看了您的居住登记申报。原因：他们把上门走访的工作清单下载到手机上，清单里有您",
        "协管员赵磊查看了您的居住登记申报。原因：您在他们上门走访的工作清单上",
    ]

    # The next day is another event.
    with clock.pinned_at(DAY + timedelta(days=1)):
        sign_in(coordinator)
        client.get("/coordinator")
    assert len(views_of(db, report.person_id)) == 3
    assert len(who_looked(client, sign_in, migrant)) == 3


def test_a_visit_is_in_the_list_and_the_form_says_the_resident_reads_the_note(
    client, db, migrant, coordinator, sign_in, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data())
    report = db.session.scalar(db.select(ResidenceReport))
    sign_in(coordinator)
    form = client.get(f"/coordinator/visits/{report.receipt}").get_data(as_text=True)
    assert "The resident will see this note on their report." in form
    assert 'aria-describedby="notes-hint"' in form
    field = client.get("/field", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "居民会在自己的登记信息里看到这条备注" in field and 'aria-describedby="NOTES-hint"' in field
    assert who_looked(client, sign_in, migrant) == [
        "Coordinator 赵磊 looked at your residence report. Reason: a visit to your home"
    ]


def test_a_landlords_view_of_a_tenant(
    client, db, migrant, landlord, rental, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="101"))
    tenancy = db.session.scalar(db.select(Tenancy))
    report = db.session.scalar(db.select(ResidenceReport))
    sign_in(landlord)
    for _ in range(2):
        assert client.get(f"/landlord/tenancies/{tenancy.id}").status_code == 200
    assert client.get(f"/reports/{report.receipt}").status_code == 200
    assert len(views_of(db, report.person_id)) == 2  # the tenancy page, then the report: once each that day

    assert who_looked(client, sign_in, migrant) == [
        "Your landlord 李强 looked at your residence report. Reason: confirming that you live in their rental",
        "Your landlord 李强 looked at your tenancy details. Reason: confirming that you live in their rental",
    ]
    assert who_looked(client, sign_in, migrant, "zh") == [
        "房东李强查看了您的居住登记申报。原因：确认您住在他们的出租房里",
        "房东李强查看了您的租住信息。原因：确认您住在他们的出租房里",
    ]


def test_an_employers_view_of_a_worker(
    client, db, migrant, create_account, create_employer, sign_in, report_data, submit_report
):
    from webapp.employers.models import Employment

    boss = create_account("employer", display_name="陈静")
    create_employer(boss)
    sign_in(migrant)
    submit_report(report_data(employer_name="鞋业", employer_uscc="91110000600037341L"))
    claim = db.session.scalar(db.select(Employment))
    sign_in(boss)
    for _ in range(2):
        assert client.get(f"/employer/employments/{claim.id}").status_code == 200
    assert len(views_of(db, claim.person_id)) == 1

    assert who_looked(client, sign_in, migrant) == [
        "陈静 of your employer 温州鞋业有限公司 looked at your job details. Reason: confirming that you work for them"
    ]
    assert who_looked(client, sign_in, migrant, "zh") == [
        "用人单位温州鞋业有限公司的陈静查看了您的工作信息。原因：确认您在他们那里工作"
    ]


def test_an_officers_view_of_a_service_request(
    client, db, migrant, create_account, create_place, community, sign_in, post_form
):
    wanted = load_catalogue()[0]
    county = create_place("370303")
    officer = create_account("officer", place=county, department=wanted.department, display_name="孙伟")
    from webapp.people.models import Person

    person = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    found = ServiceRequest(
        person=person,
        service_code=wanted.code,
        department=wanted.department,
        county=county,
        details="",
        documents=[],
        target_date=clock.today() + timedelta(days=10),
    )
    db.session.add(found)
    db.session.commit()
    sign_in(officer)
    assert "王芳" in client.get("/officer/requests").get_data(as_text=True)
    for _ in range(2):
        assert client.get(f"/officer/requests/{found.reference}").status_code == 200
    assert len(views_of(db, person.id)) == 1  # the queue and the request: the same look, once that day

    assert who_looked(client, sign_in, migrant) == [
        "Service officer 孙伟 looked at your service request. Reason: answering your service request"
    ]
    assert who_looked(client, sign_in, migrant, "zh") == ["服务专员孙伟查看了您的服务申请。原因：处理您的服务申请"]

    from webapp.privacy import consent

    consent.give(migrant, "phone_contact")  # the person agreed to be called
    sign_in(officer)
    page = f"/officer/requests/{found.reference}"
    assert post_form(f"{page}/phone", {}, page=page).status_code == 200  # the phone, shown on request
    assert who_looked(client, sign_in, migrant)[0] == (
        "Service officer 孙伟 looked at your mobile phone number. Reason: answering your service request"
    )
    assert who_looked(client, sign_in, migrant, "zh")[0] == "服务专员孙伟查看了您的手机号码。原因：处理您的服务申请"


def test_a_person_never_sees_events_about_others(
    client, db, migrant, coordinator, community, other_community, create_account, sign_in
):
    neighbour, elsewhere = create_reports(community, 1, status="submitted") + create_reports(
        other_community, 1, status="submitted"
    )
    create_account("coordinator", place=other_community, display_name="周敏")
    sign_in(coordinator)
    client.get("/coordinator")
    client.get("/coordinator/caseload.json")
    assert {e.subject_person_id for e in db.session.scalars(db.select(AuditEvent)) if e.subject_person_id} == {
        neighbour.person_id
    }
    assert who_looked(client, sign_in, migrant) == []  # 王芳 has no report in the caseload
    page = client.get("/account").get_data(as_text=True)
    assert "Nobody has looked at your information yet." in page and "赵磊" not in page


def test_a_caseload_of_any_size_is_recorded_in_one_statement(client, db, community, coordinator, sign_in):
    create_reports(community, 60, status="submitted", number=lambda i: f"{i // 6}号")
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO AUDIT_EVENT"):
            statements.append(statement)

    sign_in(coordinator)
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        items = client.get("/coordinator/caseload.json").get_json()["items"]
        download = len(statements)
        statements.clear()
        client.get("/coordinator/caseload.json")  # again that day: nobody is recorded twice
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(items) == 60
    assert download == 2  # the coordinator's "downloaded a caseload", and one INSERT … SELECT for the 60 people
    rows = db.session.scalars(db.select(AuditEvent).where(AuditEvent.reason == "caseload download")).all()
    assert len(rows) == 60 and len({r.subject_person_id for r in rows}) == 60


def every_code():
    actions = sorted(set(audit.ACTION_TEXT) | set(labels.codes("audit_action")) | {"something.new"})
    whats = sorted(set(audit.WHAT_TEXT) | {"", "something_new"})
    whys = sorted(
        set(audit.WHY_TEXT)
        | set(labels.codes("audit_reason"))
        | {"", "identity checked in person: resident_id", "something new"}
    )
    roles = sorted(set(audit.ACTOR_TEXT) | {""})
    return actions, whats, whys, roles


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_every_code_reads_as_words(app, db, locale, create_account, create_employer, community):
    actor = create_account("coordinator", place=community, display_name="赵磊")
    employer = create_employer(create_account("employer", display_name="陈静"))
    actions, whats, whys, roles = every_code()
    codes = {c for c in [*actions, *whats, *whys, *roles] if c}
    with app.test_request_context(), force_locale(locale):
        for action, what, why, role in each_part_in_turn(actions, whats, whys, roles):
            details = {"what": what, "as": role, "employer": employer.id, "place": community.code}
            text = audit.describe(AuditEvent(action=action, actor_id=actor.id, reason=why, details=details))
            assert "%(" not in text and ")s" not in text, text
            assert not re.search(r"[a-z]+[._][a-z_]+", text), text  # no dotted or underscored code
            if locale == "zh":
                assert not re.search("[A-Za-z]", text), text  # not one English word
            else:
                for code in codes:
                    if "." in code or "_" in code or ":" in code:
                        assert code not in text, (code, text)
            if action == "record.viewed":  # the reason in words, never the code it was written as
                assert text.endswith(str(audit.WHY_TEXT.get(why, audit.OTHER_WHY))), text


def each_part_in_turn(actions, whats, whys, roles):
    """Every action with every value of each other part in turn (the rest at one value each): describe() fills
    the what, the why and the actor each on its own, so a code that shows through one part shows whatever the
    others are. 1,800 descriptions instead of the 98,000 of every combination (70 s of each test run)."""
    what, why, role = whats[-1], whys[-1], roles[-1]
    for action in actions:
        yield from ((action, w, why, role) for w in whats)
        yield from ((action, what, y, role) for y in whys)
        yield from ((action, what, why, r) for r in roles)


def test_the_list_is_newest_first_and_paged(client, db, migrant, coordinator, sign_in):
    from webapp.people.models import Person

    person = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    for n in range(60):
        with clock.pinned_at(DAY - timedelta(days=60 - n)):
            audit.viewed(
                migrant, actor=coordinator, what="residence_report", why="visit", as_role="coordinator", person=person
            )
    assert len(views_of(db, person.id)) == 60  # one a day
    sign_in(migrant)
    first = client.get("/account").get_data(as_text=True)
    assert first.count("Reason: a visit to your home") == 50 and "Page 1 of 2" in first
    events, page, pages = audit.events_about(migrant)
    assert (len(events), page, pages) == (50, 1, 2)
    assert [e.at for e in events] == sorted((e.at for e in events), reverse=True)  # newest first
    assert clock.local(events[0].at).date() == (DAY - timedelta(days=1)).date()
    second = client.get("/account?page=2").get_data(as_text=True)
    assert second.count("Reason: a visit to your home") == 10 and "Page 2 of 2" in second


def test_an_officer_opening_the_report_is_named_as_an_officer(
    client, db, migrant, create_account, create_place, community, sign_in, report_data, submit_report
):
    from webapp.people.models import Person

    sign_in(migrant)
    submit_report(report_data())
    report = db.session.scalar(db.select(ResidenceReport))
    wanted = load_catalogue()[0]
    county = db.session.scalar(db.select(type(community)).where(type(community).code == "370303"))
    officer = create_account("officer", place=county, department=wanted.department, display_name="孙伟")
    person = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    db.session.add(
        ServiceRequest(
            person=person,
            service_code=wanted.code,
            department=wanted.department,
            county=county,
            documents=[],
            target_date=clock.today() + timedelta(days=10),
        )
    )
    db.session.commit()
    sign_in(officer)
    assert client.get(f"/reports/{report.receipt}").status_code == 200
    assert who_looked(client, sign_in, migrant) == [
        "Service officer 孙伟 looked at your residence report. Reason: checking your residence report"
    ]


def test_a_landlords_and_an_employers_lists_are_in_the_persons_list(
    client, db, migrant, landlord, rental, create_account, create_employer, sign_in, report_data, submit_report
):
    """The landlord's and the employer's own lists show names (and masked ID numbers): each look at them is in the
    person's list, once a day, as opening the record is."""
    boss = create_account("employer", display_name="陈静")
    create_employer(boss)
    sign_in(migrant)
    work = {"employer_name": "鞋业", "employer_uscc": "91110000600037341L"}
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="101", **work))
    report = db.session.scalar(db.select(ResidenceReport))
    sign_in(landlord)
    for path in ("/landlord", f"/landlord/properties/{rental.id}", "/landlord"):
        assert client.get(path).status_code == 200
    sign_in(boss)
    assert client.get("/employer").status_code == 200
    assert len(views_of(db, report.person_id)) == 2  # one a day for each viewer and reason
    assert who_looked(client, sign_in, migrant) == [
        "陈静 of your employer 温州鞋业有限公司 looked at your job details. Reason: confirming that you work for them",
        "Your landlord 李强 looked at your tenancy details. Reason: confirming that you live in their rental",
    ]


def test_a_coordinators_lists_of_hires_and_identity_claims_are_in_the_persons_list(
    client, db, coordinator, create_person, create_employer, community, sign_in
):
    from webapp.employers.models import Employment
    from webapp.people.models import IdentityClaim

    worker = create_person(name="刘洋")
    employer = create_employer()
    employer.place = community
    db.session.add(
        Employment(
            person=worker,
            employer=employer,
            employer_name=employer.name,
            worker_name="刘洋",
            started_on=clock.today(),
            source="employer",
            status="pending",
        )
    )
    db.session.commit()
    sign_in(coordinator)
    page = client.get("/coordinator/hires").get_data(as_text=True)
    assert "刘洋" in page
    assert [e.details["what"] for e in views_of(db, worker.id)] == ["employment"]
    claimant = create_person(name="张伟", id_number=None)
    db.session.add(IdentityClaim(claimant=claimant, placeholder=worker, place_id=community.id, status="pending"))
    db.session.commit()
    assert "张伟" in client.get("/coordinator/identity-claims").get_data(as_text=True)
    assert [e.details["what"] for e in views_of(db, claimant.id)] == ["identity_claim"]
