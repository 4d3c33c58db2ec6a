"""Access across roles and areas, beyond the authorization matrix (tests/security/test_authorization_matrix.py),
whose world has no correction, identity claim or hire to answer and whose staff are of one office in one branch.

Here one migrant of 和平社区 (370303001001, 张店区, 淄博) has one of every record a member of staff decides on: a
correction for the coordinators, one for public security, a permit application with its documents, a service
request to job services (hrss) with its document, a hire reported of a number nobody registered (the coordinators
answer it), the identity claim on that hire, and a job posting waiting for review. Each is tried, GET and POST
(with the very answer that would decide it), by staff the record is not for:

- coordinators of another community of the same township, of another township, and one taken off the community;
- officers of another county (public security, job services) and of another office of the same county (education);
- administrators of another branch at each level (community, township, county), and of Wenzhou;
- deactivated accounts that held the record's own community, county and city.

Each is refused (401, 403, 404 or a redirect to sign in), never shows the person's name, and changes nothing; their
list pages and dashboards name nobody of the record either. The owners of the records (the community's coordinator,
the county's public-security and job-services officers, the city's administrator) open each page, so the refusals
are refusals of something real.

Also: an administrator, even of the record's own branch, opens a person's record only by the stated-reason form
(POST /admin/record), never by its receipt in an address (GET /reports/<receipt>).
"""

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta

from tests.conftest import token_from
from tests.security.test_authorization_matrix import snapshot
from tests.support.factories import create_vacancy, id_number, permit_and_request_cases
from tests.support.limits import reset_rate_limits
from webapp import clock
from webapp.accounts.models import RoleGrant
from webapp.audit.log import VIEWED
from webapp.audit.models import AuditEvent
from webapp.documents.models import Document
from webapp.employers.models import Employment
from webapp.people.models import IdentityClaim
from webapp.privacy.correction import CorrectionRequest
from webapp.registrations.models import ResidenceReport

NAME = "甲乙独有名"
HIRED_NAME = "丙丁独有名"
HOLDER_NAME = "戊己独有名"
HIRED_NUMBER = id_number(date(1990, 3, 4), sequence=321)
REFUSED = (401, 403, 404)

#: Staff the records are not for: (label, role, place code, department, how).
STRANGERS = [
    ("coordinator of another community, same township", "coordinator", "370303001002", None, ""),
    ("coordinator of another township", "coordinator", "370303002001", None, ""),
    ("coordinator taken off the community", "coordinator", "370303001003", None, "taken off"),
    ("coordinator of Wenzhou", "coordinator", "330302001001", None, ""),
    ("public security of another county", "officer", "370304", "public_security", ""),
    ("job services of another county", "officer", "370304", "hrss", ""),
    ("education of the same county", "officer", "370303", "education", ""),
    ("administrator of another community", "admin", "370303001002", None, ""),
    ("administrator of another township", "admin", "370303002", None, ""),
    ("administrator of another county", "admin", "370304", None, ""),
    ("administrator of Wenzhou", "admin", "3303", None, ""),
    ("deactivated coordinator of the community", "coordinator", "370303001001", None, "deactivated"),
    ("deactivated public security of the county", "officer", "370303", "public_security", "deactivated"),
    ("deactivated job services of the county", "officer", "370303", "hrss", "deactivated"),
    ("deactivated administrator of the city", "admin", "3703", None, "deactivated"),
]


def profile(number, name):
    return {
        "name": name,
        "sex": "male",
        "ethnicity": "01",
        "birth_date": "1990-03-04",
        "id_number": number,
        "phone": "138 0013 8000",
        "hukou_province": "41",
        "hukou_city": "4115",
        "hukou_county": "411525",
    }


@pytest.fixture
def records(
    client,
    db,
    community,
    create_account,
    create_person,
    create_employer,
    sign_in,
    report_data,
    submit_report,
    post_form,
):
    """Every record of 和平社区 that staff decide on, and who owns each page: (urls, owners, report)."""
    migrant = create_account("migrant", display_name=NAME)
    create_person(migrant, name=NAME)
    sign_in(migrant)
    arrived = (clock.today() - relativedelta(months=7)).isoformat()
    submit_report(report_data(arrival_date=arrived, room="101"))
    report = db.session.scalar(db.select(ResidenceReport))
    application, service_request, request_document = permit_and_request_cases(post_form)
    for field, proposed in (("room", "102"), ("name", "甲乙丙")):
        response = post_form(f"/reports/{report.receipt}/correction", {"field": field, "proposed": proposed})
        assert response.status_code == 302
    by_office = {c.office: c for c in db.session.scalars(db.select(CorrectionRequest))}

    employer_account = create_account("employer")
    employer = create_employer(employer_account)
    employer.place = community
    db.session.commit()
    sign_in(employer_account)
    hire = {"name": HIRED_NAME, "id_number": HIRED_NUMBER, "started_on": clock.today().isoformat()}
    assert post_form("/employer/hires/new", hire).status_code == 302
    hired = db.session.scalar(db.select(Employment).where(Employment.source == "employer"))
    vacancy = create_vacancy(employer, community, status="pending")
    holder = sign_in(create_account("migrant"))
    assert post_form("/me/profile", profile(HIRED_NUMBER, HOLDER_NAME)).status_code == 302
    claim = db.session.scalar(db.select(IdentityClaim))
    assert claim is not None and holder is not None

    photo = db.session.get(Document, application.documents["photo"])
    owners = {
        "coordinator": create_account("coordinator", place=community),
        "police": create_account("officer", place=community.parent.parent, department="public_security"),
        "hrss": create_account("officer", place=community.parent.parent, department="hrss"),
        "admin": create_account("admin", place=community.parent.parent.parent),
    }
    receipt = report.receipt
    urls = {
        # url: (owner who opens it, the POST that would decide it, or None for a page that is only read)
        f"/reports/{receipt}": ("coordinator", None),
        f"/coordinator/visits/{receipt}": (
            "coordinator",
            {"outcome": "confirmed", "seen_version": str(report.version)},
        ),
        f"/coordinator/visits/{receipt}/id-number": (None, {"unmask-reason": "id: card check"}),
        f"/coordinator/visits/{receipt}/reject": (None, {"reject-reason": "查无此人"}),
        f"/coordinator/corrections/{by_office['coordinator'].reference}": (
            "coordinator",
            {"decision": "corrected", "text": "已核实"},
        ),
        f"/officer/corrections/{by_office['public_security'].reference}": (
            "police",
            {"decision": "corrected", "text": "已核实"},
        ),
        f"/coordinator/hires/{hired.id}": ("coordinator", {"answer": "confirm"}),
        f"/coordinator/identity-claims/{claim.id}": ("coordinator", {"decision": "confirm"}),
        f"/officer/permits/{application.id}": ("police", {"decision": "approve"}),
        f"/officer/permits/{application.id}/documents/{photo.token}": ("police", None),
        f"/officer/requests/{service_request.reference}": ("hrss", {"status": "done", "reason": "已办"}),
        f"/officer/requests/{service_request.reference}/phone": (None, {}),
        f"/officer/requests/{service_request.reference}/documents/{request_document.token}": ("hrss", None),
        f"/officer/vacancies/{vacancy.id}": ("hrss", {"decision": "approve"}),
        f"/admin/places/{community.code}": ("admin", None),
        f"/admin/places/{community.code}/export/summary.csv": ("admin", None),
        f"/admin/assessment/{community.parent.code}": ("admin", None),
        f"/admin/work-record/{community.parent.code}": ("admin", None),
        f"/admin/staff/{owners['coordinator'].id}": ("admin", None),
        f"/admin/staff/{owners['coordinator'].id}/deactivate": (None, {}),
        f"/admin/staff/{owners['coordinator'].id}/grants/{owners['coordinator'].grants[0].id}/remove": (None, {}),
    }
    secrets = [NAME, HIRED_NAME, HOLDER_NAME, receipt, report.receipt_display, HIRED_NUMBER]
    return urls, owners, report, secrets


@pytest.fixture
def stranger(request, db, create_account, create_place, community):
    label, role, code, department, how = request.param
    account = create_account(role, place=create_place(code), department=department)
    if how == "taken off":
        grant = RoleGrant(account_id=account.id, role=role, place_id=community.id)
        db.session.add(grant)
        db.session.commit()
        db.session.delete(grant)
    elif how == "deactivated":
        account.deactivated_at = clock.utcnow()
    db.session.commit()
    return account


def as_(client, account, sign_in) -> str:
    reset_rate_limits()
    with client.session_transaction() as session:
        session.clear()
    sign_in(account)
    token = token_from(client.get("/").get_data(as_text=True))
    client.environ_base["HTTP_X_CSRFTOKEN"] = token
    return token


def methods(client, url: str) -> set[str]:
    """The methods the route of this URL answers."""
    adapter = client.application.url_map.bind("localhost")
    return {m for m in ("GET", "POST") if adapter.test(url, method=m)}


def is_refusal(response) -> bool:
    if response.status_code in REFUSED:
        return True
    return response.status_code == 302 and "/signin" in response.location


LISTS = [
    "/coordinator",
    "/coordinator/caseload.json",
    "/coordinator/corrections",
    "/coordinator/hires",
    "/coordinator/identity-claims",
    "/coordinator/permits",
    "/coordinator/conflicts",
    "/coordinator/rentals",
    "/officer/permits",
    "/officer/requests",
    "/officer/corrections",
    "/officer/vacancies",
    "/admin",
    "/admin/staff",
    "/admin/audit",
    "/admin/assessment",
    "/admin/work-record",
    "/me/inbox",
    "/account",
]


@pytest.mark.parametrize("stranger", STRANGERS, ids=[s[0] for s in STRANGERS], indirect=True)
def test_staff_the_record_is_not_for_are_refused_and_see_nobody(client, db, records, stranger, sign_in):
    urls, _owners, report, secrets = records
    token = as_(client, stranger, sign_in)
    db.session.execute(db.delete(AuditEvent))
    db.session.commit()
    before = snapshot(db)
    problems = []
    names = [s for s in secrets if s not in (report.receipt, report.receipt_display)]  # a URL may echo its receipt
    for url, (_owner, decision) in urls.items():
        for method, data in (("GET", None), ("POST", {"csrf_token": token, **(decision or {})})):
            if method not in methods(client, url):
                continue
            response = client.open(url, method=method, data=data)
            body = response.get_data(as_text=True)
            if not is_refusal(response):
                problems.append(f"{method} {url} → {response.status_code}")
            if any(name in body for name in names):
                problems.append(f"{method} {url} shows the person")
    for url in LISTS:
        body = client.get(url).get_data(as_text=True)
        if any(secret in body for secret in secrets):
            problems.append(f"GET {url} shows the person")
    assert not problems, "\n".join(problems)
    db.session.expire_all()
    assert snapshot(db) == before
    # Nothing was seen, so nothing is in anyone's "who looked".
    assert not db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == VIEWED)).all()


def test_the_owners_of_the_records_open_them(client, db, records, sign_in):
    """The proof that the pages above name real records: each owner opens theirs, and the person's look is logged."""
    urls, owners, report, _secrets = records
    for url, (owner, _decision) in urls.items():
        if owner is None:
            continue
        as_(client, owners[owner], sign_in)
        assert client.get(url).status_code == 200, (owner, url)
    looked = {e.actor_id for e in db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == VIEWED))}
    assert {owners["coordinator"].id, owners["police"].id, owners["hrss"].id} <= looked


@pytest.mark.parametrize("level", ["3703", "370303", "370303001", "370303001001"])
def test_an_administrator_opens_a_record_only_by_the_reason_form(
    client, db, records, create_account, create_place, sign_in, post_form, level
):
    """Even of the record's own branch: GET /reports/<receipt> shows nothing (the receipt in an address, no reason
    given); the form (a POST, with a reason) opens it, and the person sees why in their "who looked"."""
    _urls, _owners, report, _secrets = records
    admin = create_account("admin", place=create_place(level))
    as_(client, admin, sign_in)
    db.session.execute(db.delete(AuditEvent))
    db.session.commit()
    by_address = client.get(f"/reports/{report.receipt}")
    assert by_address.status_code == 404 and NAME not in by_address.get_data(as_text=True)
    assert not db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == VIEWED)).all()

    opened = post_form("/admin/record", {"receipt": report.receipt_display, "reason": "admin: data check"})
    assert opened.status_code == 200 and NAME in opened.get_data(as_text=True)
    [event] = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == VIEWED)).all()
    assert (event.actor_id, event.subject_person_id, event.reason) == (admin.id, report.person_id, "admin: data check")


def test_an_administrator_who_is_also_the_coordinator_still_sees_the_report(
    client, db, records, community, create_account, create_place, sign_in
):
    """The refusal is of the administrator's role, not of the account: as the community's coordinator it opens."""
    _urls, _owners, report, _secrets = records
    both = create_account("admin", place=create_place("3703"))
    db.session.add(RoleGrant(account_id=both.id, role="coordinator", place_id=community.id))
    db.session.commit()
    as_(client, both, sign_in)
    assert client.get(f"/reports/{report.receipt}").status_code == 200


def assisted_form(number: str, birth: str = "1990-03-04") -> dict:
    return {**profile(number, "刘大爷"), "birth_date": birth, "phone": "", "consent_method": "spoken", "consent": "y"}


@pytest.mark.parametrize("where", ["330302001001", "370303001001"])
def test_a_coordinator_cannot_probe_id_numbers_on_the_assisted_form_without_limit(
    app, client, db, records, create_account, create_place, sign_in, where
):
    """The form says whether an ID number's holder has a current registration (anywhere): a coordinator of any
    community could otherwise try number after number. Past the limit, the answer is 429 and says nothing; another
    coordinator still registers people."""
    _urls, _owners, report, _secrets = records
    number = report.person.id_number
    limit = int(app.config["RATELIMIT_ASSISTED"].split(" ")[0])
    prober = create_account("coordinator", place=create_place(where))
    token = as_(client, prober, sign_in)
    # Number after number (the same number sent again within the hour counts once: security/limits._count_once).
    tries = [number] + [id_number(date(1990, 3, 4), "411525", 400 + i) for i in range(limit)]
    answers = [
        client.post("/coordinator/assisted", data={"csrf_token": token, **assisted_form(tried, "1990-03-05")})
        for tried in tries
    ]
    assert [a.status_code for a in answers[:limit]] == [200] * limit
    assert "already has a current residence registration" in answers[0].get_data(as_text=True)
    refused = answers[limit]
    assert refused.status_code == 429
    assert "already has a current residence registration" not in refused.get_data(as_text=True)
    assert client.get("/coordinator/assisted").status_code == 200  # opening the form is not counted

    # Counted per coordinator: another one, signed in on the same client (same address), still registers people.
    with client.session_transaction() as session:
        session.clear()
    sign_in(create_account("coordinator", place=create_place(where)))
    token = token_from(client.get("/coordinator/assisted").get_data(as_text=True))
    fresh = id_number(date(1960, 2, 3), "411525", 311)
    started = client.post("/coordinator/assisted", data={"csrf_token": token, **assisted_form(fresh, "1960-02-03")})
    assert started.status_code == 302 and "/coordinator/assisted/" in started.location
