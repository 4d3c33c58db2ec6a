"""The phone_contact consent is honoured wherever staff could see a person's mobile number: the only page that shows
one is an officer's page of a service request, behind the consent (webapp/privacy/consent.py may_see_phone); every
other page staff open about the person (caseload, visit, corrections, permit case, an administrator's look) never
shows it, consent or not. A consent withdrawn hides the number again."""

import re
from pathlib import Path

from tests.support.factories import apply_for_permit
from webapp.audit.models import AuditEvent
from webapp.people.models import Person
from webapp.permits.models import PermitApplication
from webapp.privacy import consent
from webapp.privacy.correction import CorrectionRequest
from webapp.registrations.models import ResidenceReport
from webapp.services.models import ServiceRequest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
#: A person's phone rendered in a template (not a form field named phone, not a landlord's number).
SHOWS_A_PHONE = re.compile(r"(?<!form)(?<!answers)\.phone\b")


def test_only_the_officers_request_page_and_the_employers_shared_applicants_render_a_persons_phone():
    showing = {
        str(path.relative_to(TEMPLATES)): path.read_text(encoding="utf-8")
        for path in TEMPLATES.rglob("*.html")
        if SHOWS_A_PHONE.search(path.read_text(encoding="utf-8"))
    }
    # The employer's page of a job posting lists the applicants who chose to share their name and mobile number with
    # that employer: the choice is the consent (tests/vacancies/test_sharing.py proves the list follows it).
    assert set(showing) == {"services/handle.html", "vacancies/posting.html"}
    page = showing["services/handle.html"]
    assert page.index("if not phone_allowed") < SHOWS_A_PHONE.search(page).start()


def phone_looks(db):
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "record.viewed")).all()
    return [e for e in events if e.details.get("what") == "phone"]


def test_staff_pages_about_a_person_never_show_the_phone_and_the_request_page_follows_the_consent(
    client, db, migrant, applicant, police, hrss, create_account, create_place, community, sign_in, post_form
):
    person = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    phone = person.phone
    assert phone
    report = db.session.scalar(db.select(ResidenceReport))
    sign_in(migrant)
    apply_for_permit(post_form)
    post_form("/me/services/job_referral/ask", {"details": "想找工作"})
    post_form(f"/reports/{report.receipt}/correction", {"field": "room", "proposed": "102"})
    post_form(f"/reports/{report.receipt}/correction", {"field": "name", "proposed": "王芳芳"})
    application = db.session.scalar(db.select(PermitApplication))
    request = db.session.scalar(db.select(ServiceRequest))
    address_fix, name_fix = db.session.scalars(db.select(CorrectionRequest).order_by(CorrectionRequest.id)).all()
    coordinator = create_account("coordinator", place=community)
    admin = create_account("admin", place=create_place("3703"))
    handle = f"/officer/requests/{request.reference}"

    def staff_pages():
        sign_in(coordinator)
        yield client.get("/coordinator")
        yield client.get("/coordinator/caseload.json")
        yield client.get(f"/coordinator/visits/{report.receipt}")
        yield client.get(f"/coordinator/corrections/{address_fix.reference}")
        sign_in(police)
        yield client.get(f"/officer/permits/{application.id}")
        yield client.get(f"/officer/corrections/{name_fix.reference}")
        sign_in(admin)
        yield post_form("/admin/record", {"receipt": report.receipt, "reason": "admin: complaint"})
        sign_in(hrss)
        yield client.get(handle)
        yield client.get(f"/reports/{report.receipt}")  # the report of the person whose request they handle

    for given in (False, True):
        if given:
            given_consent = consent.give(migrant, "phone_contact")
        for response in staff_pages():
            assert response.status_code == 200, response.request.path
            assert phone not in response.get_data(as_text=True), response.request.path

    # With the consent, the officer sees it on asking (logged) ...
    sign_in(hrss)
    assert f'href="tel:{phone}"' in post_form(f"{handle}/phone", page=handle).get_data(as_text=True)
    assert len(phone_looks(db)) == 1
    # ... and once it is withdrawn, no longer: the page says to write instead, nothing is shown or logged.
    consent.withdraw(migrant, given_consent.id)
    page = client.get(handle).get_data(as_text=True)
    assert "has not agreed to be called" in page and phone not in page
    assert phone not in post_form(f"{handle}/phone", page=handle).get_data(as_text=True)
    assert len(phone_looks(db)) == 1


def test_a_person_without_an_account_can_still_be_called(app, db, create_person):
    """Registered in person by a coordinator, with no account to be written to in the app."""
    assert consent.may_see_phone(create_person(None))
