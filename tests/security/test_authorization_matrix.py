"""The authorization test generated from the URL map (issue 13, point 6): every route × every role × own / same
area / another area, so a new route cannot skip it.

A world of two areas (a Zibo community, "A", and a Wenzhou one, "B") holds one of every record a URL can name, all
in A and all belonging to A's migrant, landlord and employer. Each route's URL is filled from that world (a route
with an argument the world cannot fill fails the test: add it to `world_values`) and requested by:

- nobody signed in;
- for each role, its holder in A who owns the records ("own"), another holder of the role in A ("same area"), and
  one in B ("another area").

Refused means 401, 403, 404, or a redirect to sign in. The rules checked:
1. a role that the route's @allow does not name is refused, whatever the area;
2. a route that names a record (an id, a receipt, a reference, a place code) refuses it to the other area's
   holder of an allowed role, and to another migrant, landlord or employer than its owner;
3. a page without a record in its URL shows the other area's holder nothing of A's migrant (name, receipt);
4. the owner (or A's staff) is let in on the routes listed in `OPEN_TO_OWN`, so the URLs filled are real.
POSTs are sent with a CSRF token and no form fields; a refused POST changes nothing (the whole world is compared).
"""

import re
from dataclasses import dataclass
from datetime import date

import pytest

from tests.conftest import token_from
from tests.support import factories
from tests.support.limits import reset_rate_limits
from webapp.security.access import EXEMPT_ENDPOINTS, PUBLIC, SIGNED_IN, rules_for
from webapp.security.roles import Role

MIGRANT_A_NAME = "甲区独有名"
STAFF = (Role.COORDINATOR, Role.OFFICER, Role.ADMIN)
#: Routes that the owner, or the staff of the record's area, must be able to open (GET 200): proof that the world's
#: values name real records, so the refusals above are refusals of something.
OPEN_TO_OWN = {
    "registrations.receipt": Role.MIGRANT,
    "registrations.move": Role.MIGRANT,
    "registrations.leave": Role.MIGRANT,
    "registrations.new_job": Role.MIGRANT,
    "rentals.detail": Role.LANDLORD,
    "rentals.poster": Role.LANDLORD,
    "claims.tenancy": Role.LANDLORD,
    "claims.employment": Role.EMPLOYER,
    "services.detail": Role.MIGRANT,
    "services.withdraw": Role.MIGRANT,  # the confirmation page of the migrant's open request
    "permits.document": Role.MIGRANT,
    "admin.place": Role.ADMIN,
    "admin.staff_member": Role.ADMIN,
    "permits.review": Role.OFFICER,
    "visits.visit": Role.COORDINATOR,
    "vacancies.posting": Role.EMPLOYER,
    "vacancies.edit": Role.EMPLOYER,
}
REFUSED = (401, 403, 404)


@dataclass
class Who:
    label: str
    role: Role | None
    scope: str  # own, same_area, other_area, nobody
    account: object | None


def refused(response) -> bool:
    if response.status_code in REFUSED:
        return True
    return response.status_code == 302 and "/signin" in response.location


def staff_place(role, community, county, city):
    return {Role.COORDINATOR: community, Role.OFFICER: county, Role.ADMIN: city}[role]


@pytest.fixture
def world(client, db, create_account, create_place, sign_in, report_data, submit_report, post_form):
    from webapp.accounts.models import Passkey
    from webapp.documents.models import Document
    from webapp.employers.models import Employment
    from webapp.people.models import Person
    from webapp.registrations.models import ResidenceReport
    from webapp.rentals.models import Tenancy
    from webapp.services.models import ServiceRequest
    from webapp.visits.models import Visit

    places = {
        "A": [create_place(c) for c in ("3703", "370303", "370303001", "370303001001")],
        "B": [create_place(c) for c in ("3303", "330302", "330302001", "330302001001")],
    }
    people: dict[tuple, object] = {}
    for area, (city, county, _township, community) in places.items():
        for role in STAFF:
            for scope in ("own", "same_area") if area == "A" else ("other_area",):
                people[(role, scope)] = create_account(
                    role, place=staff_place(role, community, county, city), department="public_security"
                )
    for role in (Role.MIGRANT, Role.LANDLORD, Role.EMPLOYER):
        for scope in ("own", "same_area", "other_area"):
            people[(role, scope)] = create_account(role)
    persons = {
        scope: factories.create_person(
            people[(Role.MIGRANT, scope)], name=MIGRANT_A_NAME if scope == "own" else f"别人{scope}"
        )
        for scope in ("own", "same_area", "other_area")
    }
    employer = factories.create_employer(people[(Role.EMPLOYER, "own")])
    rental = factories.create_rental(people[(Role.LANDLORD, "own")], places["A"][3])
    factories.create_rental(people[(Role.LANDLORD, "other_area")], places["B"][3], phone="13912340000")
    factories.create_employer(people[(Role.EMPLOYER, "other_area")], name="别家", uscc="91350100M000100Y43")

    own = people[(Role.MIGRANT, "own")]
    sign_in(own)
    submit_report(
        report_data(
            housing_type="rental",
            landlord=rental.code,
            room="101",
            employer_name=employer.name,
            employer_uscc=employer.uscc,
        )
    )
    post_form("/me/services/job_referral/ask", {"details": "想找工作"})
    report = db.session.scalar(db.select(ResidenceReport))
    permit = factories.create_permit(report)
    vacancy = factories.create_vacancy(employer, places["A"][3])
    passkey = Passkey(account_id=own.id, credential_id=b"own-key", public_key=b"k", name="phone")
    member = Person(
        name="孩子",
        sex="male",
        ethnicity="01",
        birth_date=date(2015, 1, 1),
        household_of_id=persons["own"].id,
        relation="child",
    )
    visit = Visit(
        client_id="matrix-visit",
        coordinator_id=people[(Role.COORDINATOR, "own")].id,
        report_id=report.id,
        outcome="confirmed",
        recorded_at=report.created_at,
        seen_version=1,
        server_version=2,
        conflict=True,
        state="conflict",
    )
    db.session.add_all([passkey, member, visit])
    db.session.commit()
    coordinator = people[(Role.COORDINATOR, "own")]
    values = {
        "passkey_id": passkey.id,
        "account_id": coordinator.id,
        "grant_id": coordinator.grants[0].id,
        "person_id": persons["own"].id,
        "visit_id": visit.id,
        "document_id": permit.photo_id,
        "token": db.session.get(Document, permit.photo_id).token,  # documents are addressed by an unguessable token
        "purpose": "recover",  # the enrol / recover / claim links share one set of routes
        "link_id": 1,  # a recovery link: only its account may cancel it
        "claim_id": 1,  # an identity claim: only the coordinators of the record's community answer it
        "item": "phone_contact",  # a consent: each account gives or withdraws its own
        "consent_id": 1,
        "employment_id": db.session.scalar(db.select(Employment.id)),
        "property_id": rental.id,
        "tenancy_id": db.session.scalar(db.select(Tenancy.id)),
        "member_id": member.id,
        "colleague_id": employer.members[0].id,  # who answers for A's employer: only its members may remove one
        "employer_id": employer.id,  # A's employer: only A's county's job-services office hands it over
        "application_id": permit.application_id,
        "receipt": report.receipt,
        "reference": db.session.scalar(db.select(ServiceRequest.reference)),
        "vacancy_id": vacancy.id,
        "code": places["A"][0].code,
        "table": "summary",
        "filename": "css/app.css",
        "profile_id": "national-2016",  # the rights guide's page for a policy profile (public)
    }
    return people, values, report


def world_values(rule, values):
    for name in rule._converters:
        assert name in values, f"{rule.rule}: add a value for <{name}> to the world of this test"
    path = re.sub(r"<(?:[^>]*:)?(\w+)>", lambda found: str(values[found.group(1)]), rule.rule)
    assert "<" not in path, path
    return path


def everyone(people):
    yield Who("signed out", None, "nobody", None)
    for (role, scope), account in people.items():
        yield Who(f"{role} ({scope})", role, scope, account)


def names_a_record(rule) -> bool:
    return any(name not in ("filename", "table", "purpose", "item", "profile_id") for name in rule.arguments)


def as_(client, who: Who, sign_in):
    reset_rate_limits()  # each role starts with fresh rate limits (a 429 is not the refusal this test looks for)
    with client.session_transaction() as session:
        session.clear()
    if who.account is not None:
        sign_in(who.account)  # a session kept on the server, as after a passkey sign-in
    token = token_from(client.get("/").get_data(as_text=True))
    client.environ_base["HTTP_X_CSRFTOKEN"] = token
    return token


def snapshot(db):
    """Every row of every table: a refused request must leave them all as they were."""
    rows = {}
    for table in db.metadata.sorted_tables:
        if table.name in ("audit_event", "notification", "account_session"):
            continue  # a refusal may be recorded; each role signs in (a session row)
        rows[table.name] = sorted(map(repr, db.session.execute(table.select()).all()))
    return rows


def test_every_route_refuses_every_role_and_area_it_is_not_for(app, client, db, world, monkeypatch, sign_in):
    # 1,700 requests: the pages' HTML is checked by their own tests (a 500 still fails this one).
    monkeypatch.setattr("tests.conftest.check_page", lambda html, where: None)
    people, values, report = world
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in EXEMPT_ENDPOINTS]
    before = snapshot(db)
    problems, checked = [], 0
    for who in everyone(people):
        reset_rate_limits()  # the per-link and per-credential limits count across people: each starts afresh (a 429
        # would hide the answer this test is about; the limits have their own tests)
        token = as_(client, who, sign_in)
        for rule in rules:
            allowed = rules_for(app, rule.endpoint)
            path = world_values(rule, values)
            public, any_signed_in = PUBLIC in allowed, SIGNED_IN in allowed
            role_allowed = public or (who.account is not None and (any_signed_in or str(who.role) in allowed))
            must_refuse = not role_allowed or (
                names_a_record(rule) and not public and who.scope in ("other_area", "nobody")
            )
            if (
                names_a_record(rule)
                and not public
                and who.scope == "same_area"
                and who.role in (Role.MIGRANT, Role.LANDLORD, Role.EMPLOYER)
            ):
                must_refuse = True  # another migrant, landlord or employer than the owner
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                if method != "GET" and not must_refuse:
                    continue  # an allowed POST would change the world; its own tests cover it
                data = {"csrf_token": token} if method == "POST" else None
                response = client.open(path, method=method, data=data)
                checked += 1
                if must_refuse and not refused(response):
                    problems.append(f"{who.label}: {method} {rule.rule} → {response.status_code}")
                elif method == "GET" and not names_a_record(rule) and who.scope == "other_area":
                    page = response.get_data(as_text=True)
                    if MIGRANT_A_NAME in page or report.receipt in page:
                        problems.append(f"{who.label}: GET {rule.rule} shows area A's migrant")
    for endpoint, role in sorted(OPEN_TO_OWN.items()):
        rule = next(r for r in rules if r.endpoint == endpoint)
        as_(client, Who("own", role, "own", people[(role, "own")]), sign_in)
        response = client.get(world_values(rule, values))
        if response.status_code != 200:
            problems.append(f"{role} (own) cannot open {rule.rule}: {response.status_code}")
    assert not problems, "\n".join(problems)
    assert checked > 1000
    db.session.expire_all()
    assert snapshot(db) == before


def test_every_route_that_names_a_record_is_in_the_matrix(app):
    """The matrix reaches a route through its URL's arguments: a new kind of argument must be given a value."""
    known = {
        "passkey_id",
        "account_id",
        "grant_id",
        "person_id",
        "visit_id",
        "document_id",
        "employment_id",
        "property_id",
        "tenancy_id",
        "member_id",
        "colleague_id",
        "employer_id",
        "application_id",
        "receipt",
        "reference",
        "code",
        "table",
        "token",
        "filename",
        "purpose",
        "link_id",
        "claim_id",
        "item",
        "consent_id",
        "profile_id",
        "vacancy_id",
    }
    for rule in app.url_map.iter_rules():
        assert set(rule.arguments) <= known, rule.rule
