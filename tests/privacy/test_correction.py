"""A person asks to correct a detail of their report: it goes to their community's coordinators, whose answer comes
to the person's inbox; a correction accepted changes the report and shows on its trail."""

from datetime import date

import pytest

from tests.support.factories import id_number
from webapp.accounts.models import RoleGrant
from webapp.audit.models import AuditEvent
from webapp.notifications.models import Notification
from webapp.people.models import Person
from webapp.privacy.correction import CorrectionRequest
from webapp.registrations.models import ReportEvent, ResidenceReport


@pytest.fixture
def coordinator(create_account, community):
    return create_account("coordinator", place=community, display_name="赵磊")


@pytest.fixture
def report(migrant, sign_in, report_data, submit_report, db):
    sign_in(migrant)
    submit_report(report_data(room="101"))
    return db.session.scalar(db.select(ResidenceReport))


def test_a_person_asks_and_the_coordinator_corrects(client, db, report, migrant, coordinator, sign_in, post_form):
    sign_in(migrant)
    assert f"/reports/{report.receipt}/correction" in client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    url = f"/reports/{report.receipt}/correction"
    empty = post_form(url, {})
    assert empty.status_code == 400
    html = empty.get_data(as_text=True)
    assert 'id="field-error"' in html and 'id="proposed-error"' in html
    too_long = post_form(url, {"field": "room", "proposed": "1" * 21})
    assert too_long.status_code == 400 and 'id="proposed-error"' in too_long.get_data(as_text=True)
    sent = post_form(url, {"field": "room", "proposed": "102", "why": "房间号写错了"})
    assert sent.status_code == 302
    found = db.session.scalar(db.select(CorrectionRequest))
    assert (found.field, found.proposed, found.status, found.place_id) == ("room", "102", "open", report.place_id)
    assert db.session.scalar(db.select(Notification).where(Notification.account_id == coordinator.id))

    sign_in(coordinator)
    queue = client.get("/coordinator/corrections").get_data(as_text=True)
    assert f"/coordinator/corrections/{found.reference}" in queue
    page = f"/coordinator/corrections/{found.reference}"
    assert "102" in client.get(page).get_data(as_text=True)
    unexplained = post_form(page, {"decision": "declined"})
    assert unexplained.status_code == 400 and 'id="text-error"' in unexplained.get_data(as_text=True)
    assert post_form(page, {"decision": "corrected", "text": "已核实"}).status_code == 302
    db.session.expire_all()
    report = db.session.get(ResidenceReport, report.id)
    assert report.room == "102"
    assert db.session.scalar(
        db.select(ReportEvent).where(ReportEvent.report_id == report.id, ReportEvent.action == "corrected")
    )
    assert db.session.get(CorrectionRequest, found.id).status == "corrected"

    sign_in(migrant)
    inbox = client.get("/me/inbox").get_data(as_text=True)
    assert "corrected as you asked" in inbox


def test_a_declined_correction_says_why_in_the_inbox(client, db, report, migrant, coordinator, sign_in, post_form):
    sign_in(migrant)
    post_form(f"/reports/{report.receipt}/correction", {"field": "road", "proposed": "建设路"})
    found = db.session.scalar(db.select(CorrectionRequest))
    sign_in(coordinator)
    post_form(f"/coordinator/corrections/{found.reference}", {"decision": "declined", "text": "走访时您住在人民路"})
    db.session.expire_all()
    assert db.session.get(ResidenceReport, report.id).road == "人民路"
    sign_in(migrant)
    assert "走访时您住在人民路" in client.get("/me/inbox").get_data(as_text=True)


def test_others_cannot_ask_or_answer(
    client, db, report, migrant, coordinator, create_account, create_place, sign_in, post_form
):
    sign_in(migrant)
    post_form(f"/reports/{report.receipt}/correction", {"field": "road", "proposed": "建设路"})
    found = db.session.scalar(db.select(CorrectionRequest))
    stranger = create_account("migrant")
    sign_in(stranger)
    assert client.get(f"/reports/{report.receipt}/correction").status_code == 404
    assert client.get(f"/coordinator/corrections/{found.reference}").status_code == 403
    sign_in(create_account("coordinator", place=create_place("330302001001")))
    assert client.get(f"/coordinator/corrections/{found.reference}").status_code == 404
    assert found.reference not in client.get("/coordinator/corrections").get_data(as_text=True)
    sign_in(coordinator)
    assert client.get(f"/reports/{report.receipt}/correction").status_code == 403


# Name, date of birth and ID number: public security of the county ------------------------------------------------


@pytest.fixture
def police(create_account, create_place, community):
    return create_account("officer", place=create_place("370303"), department="public_security", display_name="孙伟")


def ask_identity(db, post_form, report, field, proposed):
    response = post_form(f"/reports/{report.receipt}/correction", {"field": field, "proposed": proposed})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return db.session.scalars(db.select(CorrectionRequest).order_by(CorrectionRequest.id.desc())).first()


def test_a_name_goes_to_public_security_of_the_county_and_is_corrected(
    client, db, report, migrant, police, coordinator, sign_in, post_form
):
    sign_in(migrant)
    found = ask_identity(db, post_form, report, "name", "王芳芳")
    assert (found.office, found.place_id) == ("public_security", report.place.parent.parent.id)  # the county
    assert db.session.scalar(db.select(Notification).where(Notification.account_id == police.id))
    assert not db.session.scalar(db.select(Notification).where(Notification.account_id == coordinator.id))

    sign_in(coordinator)  # not the coordinators' work
    assert found.reference not in client.get("/coordinator/corrections").get_data(as_text=True)
    assert client.get(f"/coordinator/corrections/{found.reference}").status_code == 404

    sign_in(police)
    queue = client.get("/officer/corrections").get_data(as_text=True)
    assert f"/officer/corrections/{found.reference}" in queue
    assert "Full name" in queue and "Your full name" not in queue  # about the person, not to the officer
    page = f"/officer/corrections/{found.reference}"
    asked = client.get(page).get_data(as_text=True)
    assert "王芳芳" in asked and "<dt>Now</dt>" in asked
    assert post_form(page, {"decision": "corrected", "text": "已核对身份证"}).status_code == 302
    assert "<dt>Now</dt>" not in client.get(page).get_data(as_text=True)  # answered: 'now' would read as before
    db.session.expire_all()
    person = db.session.get(Person, report.person_id)
    assert person.name == "王芳芳"
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "identity.corrected"))
    assert event.actor_id == police.id and event.subject_person_id == person.id
    assert event.details == {"fields": ["name"]}  # which detail, never its value

    sign_in(migrant)
    inbox = client.get("/me/inbox").get_data(as_text=True)
    assert "Your details were corrected as you asked" in inbox


def test_an_id_number_is_kept_encrypted_and_corrected_with_its_blind_index(
    client, db, report, migrant, police, sign_in, post_form
):
    person = db.session.get(Person, report.person_id)
    old_number = person.id_number
    new_number = id_number(date(1994, 3, 2), "370303", 456)
    sign_in(migrant)
    found = ask_identity(db, post_form, report, "id_number", new_number)
    assert found.proposed == "3703**********" + new_number[-4:]
    stored = db.session.execute(
        db.text("SELECT proposed_id_number FROM correction_request WHERE id = :i"), {"i": found.id}
    ).scalar()
    assert new_number not in stored  # encrypted at rest
    assert new_number not in client.get(f"/reports/{report.receipt}/correction").get_data(as_text=True)

    sign_in(police)
    page = f"/officer/corrections/{found.reference}"
    assert new_number in client.get(page).get_data(as_text=True)  # to compare with the card
    assert post_form(page, {"decision": "corrected"}).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(db.select(Person).where(Person.id_number_is(new_number))).id == person.id
    assert db.session.scalar(db.select(Person).where(Person.id_number_is(old_number))) is None
    person = db.session.get(Person, person.id)
    assert person.birth_date == date(1994, 3, 2)  # the number holds it
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "identity.corrected"))
    assert event.details == {"fields": ["id_number", "birth_date"]}


def test_an_id_number_someone_else_has_is_refused_when_asked_and_when_answered(
    client, db, report, migrant, police, create_person, sign_in, post_form
):
    taken = create_person(None, name="李四").id_number
    sign_in(migrant)
    refused = post_form(f"/reports/{report.receipt}/correction", {"field": "id_number", "proposed": taken})
    assert refused.status_code == 400 and 'id="proposed-error"' in refused.get_data(as_text=True)
    bad = post_form(f"/reports/{report.receipt}/correction", {"field": "id_number", "proposed": "123"})
    assert bad.status_code == 400

    new_number = id_number(date(1995, 5, 17), "370303", 789)
    found = ask_identity(db, post_form, report, "id_number", new_number)
    # Someone else's record takes the number before the officer answers.
    other = create_person(None, name="赵六", id_number=id_number(date(1991, 1, 1), "370303", 2))
    other.id_number = new_number
    db.session.commit()
    sign_in(police)
    page = f"/officer/corrections/{found.reference}"
    answer = post_form(page, {"decision": "corrected"})
    assert answer.status_code == 400 and 'id="decision-error"' in answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(CorrectionRequest, found.id).status == "open"
    assert db.session.scalar(db.select(Person).where(Person.id_number_is(new_number))).id == other.id
    assert not db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "identity.corrected"))


def test_a_birth_date_must_agree_with_the_id_number(client, db, report, migrant, police, sign_in, post_form):
    sign_in(migrant)
    url = f"/reports/{report.receipt}/correction"
    for wrong in ("17/05/1995", "2999-01-01", "1996-05-17"):
        response = post_form(url, {"field": "birth_date", "proposed": wrong})
        assert response.status_code == 400 and 'id="proposed-error"' in response.get_data(as_text=True), wrong
    person = db.session.get(Person, report.person_id)
    person.birth_date = date(1995, 5, 18)  # a slip on the record: the ID number says the 17th
    db.session.commit()
    found = ask_identity(db, post_form, report, "birth_date", "1995-05-17")
    sign_in(police)
    post_form(f"/officer/corrections/{found.reference}", {"decision": "declined", "text": "请带户口簿来派出所"})
    db.session.expire_all()
    assert db.session.get(Person, person.id).birth_date == date(1995, 5, 18)
    sign_in(migrant)
    assert "请带户口簿来派出所" in client.get("/me/inbox").get_data(as_text=True)


def test_staff_outside_the_county_or_the_office_cannot_answer(
    client, db, report, migrant, police, create_account, create_place, sign_in, post_form
):
    sign_in(migrant)
    found = ask_identity(db, post_form, report, "name", "王芳芳")
    page = f"/officer/corrections/{found.reference}"
    elsewhere = create_account("officer", place=create_place("330302"), department="public_security")
    hrss_here = create_account("officer", place=create_place("370303"), department="hrss")
    coordinator_here = create_account("coordinator", place=report.place)
    for stranger, status in ((elsewhere, 404), (hrss_here, 404), (coordinator_here, 403)):
        sign_in(stranger)
        assert client.get(page).status_code == status
        assert post_form(page, {"decision": "corrected"}, page="/").status_code == status
        if stranger is not coordinator_here:
            assert found.reference not in client.get("/officer/corrections").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Person, report.person_id).name == "王芳"
    # An officer never answers about themselves.
    migrant_police = db.session.get(Person, report.person_id).account
    migrant_police.grants.append(RoleGrant(role="officer", place=police.grants[0].place, department="public_security"))
    db.session.commit()
    sign_in(migrant_police)
    assert client.get(page).status_code == 403
