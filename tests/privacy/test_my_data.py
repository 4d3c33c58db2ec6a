"""Download my data: from the account page, a ZIP with my-data.json, a readable my-data.html and the document
images, holding everything about the person and their household and nothing about anyone else; behind a fresh
passkey check and CSRF, rate-limited, and written to the person's own "who has looked" list."""

import io
import json
import zipfile

from tests.support.factories import create_permit, create_person
from webapp import clock
from webapp.audit import log as audit
from webapp.audit.models import AuditEvent
from webapp.notifications.models import Notification
from webapp.registrations.models import ResidenceReport
from webapp.services.models import RequestMessage, ServiceRequest


def download(client, post_form):
    response = post_form("/account/my-data")
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/zip"
    return response


def test_the_zip_holds_everything_about_the_person_and_their_household(
    client, db, migrant, sign_in, post_form, report_data, submit_report, create_account
):
    sign_in(migrant)
    submit_report(report_data(road="幸福路"))
    post_form(
        "/me/household/new",
        {
            "relation": "child",
            "name": "王小明",
            "sex": "male",
            "ethnicity": "01",
            "birth_date": "2020-03-01",
            "guardian_consent": "y",
        },
    )
    report = db.session.scalar(db.select(ResidenceReport))
    permit = create_permit(report, number="370300000077")
    request = ServiceRequest(
        person_id=report.person_id,
        service_code="job_referral",
        department="hrss",
        county=permit.county,
        details="找工作",
        target_date=clock.today(),
    )
    request.messages.append(RequestMessage(author_id=migrant.id, party="migrant", body="请帮我"))
    db.session.add_all([request, Notification(account_id=migrant.id, kind="report.confirmed", params={})])
    officer = create_account("officer", display_name="officer-name-xyz", department="hrss")
    audit.viewed(
        migrant, actor=officer, what="service_request", why="handling", person=report.person, as_role="officer"
    )
    db.session.commit()
    post_form(
        f"/reports/{report.receipt}/correction", {"field": "name", "proposed": "王芳芳", "why": "身份证上是王芳芳"}
    )

    # Someone else, with their own report in the same community: none of it may appear.
    stranger = create_account("migrant", display_name="李四")
    create_person(stranger, name="李四陌生人", phone="13999999999")

    response = download(client, post_form)
    assert "attachment" in response.headers["Content-Disposition"]
    assert "王芳" not in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert {"my-data.json", "my-data.html"} <= set(names)
    data = json.loads(archive.read("my-data.json"))
    assert data["format"] == "xinju-my-data" and data["version"] == 1
    people = {p["name"]: p for p in data["people"]}
    assert set(people) == {"王芳", "王小明"} and people["王芳"]["is_you"] and not people["王小明"]["is_you"]
    assert people["王芳"]["id_number"]  # their own number, whole: it is their data
    [got] = data["residence_reports"]
    assert got["road"] == "幸福路" and got["history"][0]["action"] == "submitted"
    assert got["decisions"] and all(d["explanation"] for d in got["decisions"])
    assert data["permits"][0]["number"] == "370300000077"
    assert data["permit_applications"][0]["status"] == "approved"
    assert data["service_requests"][0]["messages"][0] == {
        **data["service_requests"][0]["messages"][0],
        "body": "请帮我",
        "from_you": True,
    }
    assert data["notifications"][0]["kind"] == "report.confirmed"
    assert [c["item"] for c in data["consents"]] == ["child_data"]
    [correction] = data["correction_requests"]
    assert (correction["field"], correction["proposed"], correction["office"]) == ("name", "王芳芳", "public_security")
    assert "answered_by_id" not in correction
    assert any("looked at your service request" in e["text"] for e in data["access_log"])
    [document] = data["documents"]
    assert document["kind"] == "photo" and archive.read(document["file"]) == b"x"
    assert "token" not in document and "data" not in document

    everything = archive.read("my-data.json").decode() + archive.read("my-data.html").decode()
    for foreign in ("李四", "13999999999"):
        assert foreign not in everything
    # Staff are named only where the "who has looked" list names them (who looked is the person's to know).
    assert everything.count("officer-name-xyz") == 2
    html = archive.read("my-data.html").decode()
    assert "幸福路" in html and "王小明" in html and "<script" not in html
    assert got["decisions"][0]["explanation"] in html


def test_the_download_is_audited_and_shown_in_who_looked(client, db, migrant, sign_in, post_form):
    sign_in(migrant)
    download(client, post_form)
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "privacy.exported"))
    assert event.actor_id == migrant.id and event.subject_account_id == migrant.id
    assert "You downloaded a copy of your data." in client.get("/account").get_data(as_text=True)


def test_an_account_without_a_profile_gets_its_account_and_log(client, db, landlord, sign_in, post_form):
    sign_in(landlord)
    data = json.loads(zipfile.ZipFile(io.BytesIO(download(client, post_form).data)).read("my-data.json"))
    assert data["people"] == [] and data["account"]["display_name"] == "李强"
    assert data["account"]["roles"] == ["landlord"]


def test_the_download_needs_a_fresh_passkey_check_csrf_and_a_session(client, db, migrant, sign_in, post_form):
    assert client.post("/account/my-data").status_code in (302, 400)  # signed out
    sign_in(migrant, verified=False)
    response = post_form("/account/my-data")
    assert response.status_code == 302 and "/account/verify" in response.location
    sign_in(migrant)
    assert client.post("/account/my-data", data={}).status_code == 400  # no CSRF token
    assert not db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "privacy.exported"))


def test_the_download_is_rate_limited_per_account(client, db, migrant, sign_in, post_form):
    sign_in(migrant)
    for _ in range(3):
        download(client, post_form)
    assert post_form("/account/my-data").status_code == 429


def test_the_account_page_links_the_download_page(client, db, migrant, sign_in):
    sign_in(migrant)
    assert 'href="/account/my-data"' in client.get("/account").get_data(as_text=True)
    page = client.get("/account/my-data").get_data(as_text=True)
    assert 'action="/account/my-data"' in page and 'name="csrf_token"' in page
