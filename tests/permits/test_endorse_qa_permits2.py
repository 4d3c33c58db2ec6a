"""QA of the yearly endorsement (national scheme) and of the public check: the endorse form sent twice says so
instead of a 404; a late endorsement restores a permit suspended for more than one missed anniversary in one visit
(补办签注手续的，居住证的使用功能恢复); the check page of a revoked permit shows no one; the officer's decision form
refuses made-up values next to the field, and changes nothing."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from tests.conftest import token_from
from tests.support.factories import create_permit
from webapp import clock
from webapp.documents.models import Document
from webapp.permits import rules
from webapp.permits.keys import keyring_for
from webapp.permits.models import Endorsement, Permit, PermitApplication
from webapp.permits.tokens import sign
from webapp.registrations.models import ResidenceReport

# The suite's day, pinned before any fixture: the report starts before the day the person leaves, and the summaries
# are recounted (when the db fixture ends) on the day they were kept, the permit's state being the day's.
pytestmark = pytest.mark.usefixtures("test_day")


def permit(issued=date(2024, 3, 15), endorsed=(), valid_until=None, revoked=None, profile="national-2016"):
    return SimpleNamespace(
        profile_id=profile,
        issued_on=issued,
        valid_until=valid_until,
        revoked_on=revoked,
        endorsements=[SimpleNamespace(year=y) for y in endorsed],
    )


@pytest.mark.parametrize(
    ("endorsed", "today", "years"),
    [
        ((), date(2025, 2, 14), []),  # the day before the first window opens
        ((), date(2025, 2, 15), [1]),  # its first day
        ((), date(2025, 3, 15), [1]),  # the anniversary: late, one year
        ((), date(2026, 1, 10), [1]),  # late, the second window not open yet
        ((), date(2026, 2, 15), [1, 2]),  # late for the first, the second open: one visit does both
        ((), date(2027, 6, 1), [1, 2, 3]),  # three anniversaries missed: restored at once
        ((1,), date(2026, 3, 17), [2]),  # the second missed (its last day moved to Monday 16 March)
        ((1, 2), date(2026, 6, 1), []),  # nothing due
    ],
)
def test_a_late_endorsement_covers_every_year_missed(endorsed, today, years):
    assert rules.years_to_endorse(permit(endorsed=endorsed), today) == years
    after = permit(endorsed=(*endorsed, *years))
    if years:
        assert rules.state_on(after, today).status == "valid"


@pytest.mark.parametrize(
    "holder",
    [
        permit(revoked=date(2025, 1, 1)),
        permit(profile="shandong-2012", valid_until=date(2025, 3, 15)),  # fixed term: renewed, never endorsed
    ],
    ids=["revoked", "fixed term"],
)
def test_nothing_to_endorse(holder):
    assert rules.years_to_endorse(holder, date(2025, 3, 1)) == []


@pytest.fixture
def suspended(db, applicant, test_day) -> Permit:
    """Her permit, issued two years and ten days ago, never endorsed: two anniversaries missed."""
    report = db.session.scalar(db.select(ResidenceReport))
    today = clock.today()
    return create_permit(report, issued=today.replace(year=today.year - 2) - timedelta(days=10))


def test_one_late_endorsement_restores_the_permit(client, db, suspended):
    card = client.get("/me/permit").get_data(as_text=True)
    assert "Endorsement overdue" in card
    token = token_from(card)
    done = client.post("/me/permit/endorse", data={"csrf_token": token})
    assert done.status_code == 302
    card = client.get(done.location).get_data(as_text=True)
    assert "Your permit is endorsed and works again." in card
    assert "Endorsement overdue" not in card and "Endorse my permit" not in card
    assert db.session.scalars(db.select(Endorsement.year).order_by(Endorsement.year)).all() == [1, 2]


def test_the_endorse_form_sent_twice_says_so(client, db, suspended):
    token = token_from(client.get("/me/permit").get_data(as_text=True))
    client.post("/me/permit/endorse", data={"csrf_token": token})
    again = client.post("/me/permit/endorse", data={"csrf_token": token})
    assert again.status_code == 302 and again.location.endswith("/me/permit")
    assert "There is nothing to endorse today" in client.get(again.location).get_data(as_text=True)
    assert len(db.session.scalars(db.select(Endorsement)).all()) == 2


def test_the_endorse_form_without_a_permit_says_so(client, db, applicant):
    token = token_from(client.get("/me/permit").get_data(as_text=True))
    response = client.post("/me/permit/endorse", data={"csrf_token": token})
    assert response.status_code == 302 and db.session.scalar(db.select(Endorsement)) is None


def test_the_endorsement_is_told_in_chinese(client, db, applicant, suspended):
    applicant.locale = "zh"
    db.session.commit()
    token = token_from(client.get("/me/permit").get_data(as_text=True))
    done = client.post("/me/permit/endorse", data={"csrf_token": token})
    assert "签注已办好，您的居住证恢复使用。" in client.get(done.location).get_data(as_text=True)


def test_the_check_of_a_permit_revoked_on_leaving_shows_no_one(client, db, applicant, test_day, post_form):
    report = db.session.scalar(db.select(ResidenceReport))
    held = create_permit(report, issued=clock.today() - timedelta(days=100))
    token = sign(keyring_for(client.application.config), held.number, int(clock.instant().timestamp()))
    assert "王*" in client.get(f"/verify/{token}").get_data(as_text=True)  # valid: the masked name and photo
    post_form(f"/reports/{report.receipt}/leave", {"left_on": clock.today().isoformat(), "confirm": "y"})
    page = client.get(f"/verify/{token}").get_data(as_text=True)
    assert "Revoked" in page and "王" not in page and held.person.masked_id not in page
    assert client.get(f"/verify/{token}/photo").status_code == 404


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"decision": "missing", "missing": ["passport"], "reason": "x"}, "missing"),
        ({"decision": "issue"}, "decision"),
        ({}, "decision"),
        ({"decision": "refuse", "reason": " \n "}, "reason"),
        ({"decision": "refuse", "reason": "理" * 501}, "reason"),
        ({"decision": "missing"}, "missing"),
    ],
    ids=["unknown document", "unknown decision", "no decision", "blank reason", "long reason", "nothing asked"],
)
def test_a_bad_decision_is_refused_next_to_its_field(client, db, application, officer, sign_in, post_form, data, field):
    sign_in(officer)
    response = post_form(f"/officer/permits/{application.id}", data)
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    kept = db.session.get(PermitApplication, application.id)
    assert (kept.status, kept.missing, kept.reason) == ("submitted", [], "")


@pytest.mark.parametrize("role", ["coordinator", "admin", "migrant", "employer"])
def test_no_one_else_opens_the_application_or_its_documents(
    client, db, application, create_account, community, sign_in, role
):
    place = {"coordinator": community, "admin": community.parent.parent.parent}.get(role)
    sign_in(create_account(role, **({"place": place} if place else {})))
    document = db.session.get(Document, application.documents["photo"])
    for url in (
        f"/officer/permits/{application.id}",
        f"/officer/permits/{application.id}/documents/{document.token}",
        "/officer/permits",
        f"/documents/{document.token}",
    ):
        assert client.get(url).status_code in (403, 404), url
