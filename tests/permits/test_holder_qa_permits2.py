"""QA of what a permit holder may apply for, through the HTTP client: never a second permit; a renewal only once it
is open, and still a renewal after a form sent back with its errors; a replacement of a lost card is a new card of
the same permit (same dates, same endorsements, a new number; the lost card checks as revoked and shows no one);
what the holder is told about a renewal or a replacement while it waits, when documents are asked for, and when it
is refused."""

import io
import re
from datetime import date, timedelta

import pytest

from tests.conftest import token_from
from tests.support.factories import apply_for_permit, create_permit, jpeg
from webapp import clock
from webapp.permits.keys import keyring_for
from webapp.permits.models import Endorsement, Permit, PermitApplication
from webapp.permits.tokens import sign
from webapp.registrations.models import ResidenceReport

#: Dates printed and counted from the suite's day (14 July 2026): pinned even under `make test-dates`.
pytestmark = pytest.mark.usefixtures("test_day")

DOCUMENTS = ("photo", "residence_proof", "employment_proof")


def holding(db, **kwargs) -> Permit:
    """A permit of the signed-in applicant, on her report."""
    return create_permit(db.session.scalar(db.select(ResidenceReport)), **kwargs)


def send(client, kind: str, files=DOCUMENTS, page=None):
    """The application form opened from the permit page's button for `kind`, sent with these documents."""
    form = client.get(page or f"/me/permit/apply?kind={kind}").get_data(as_text=True)
    sent_kind = re.search(r'name="kind" value="([^"]*)"', form).group(1)
    data = {"csrf_token": token_from(form), "kind": sent_kind}
    data |= {name: (io.BytesIO(jpeg()), f"{name}.jpg") for name in files}
    return client.post("/me/permit/apply", data=data, content_type="multipart/form-data")


def applications(db) -> list[PermitApplication]:
    db.session.expire_all()
    return db.session.scalars(db.select(PermitApplication).where(PermitApplication.kind != "new")).all()


def long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def test_a_holder_cannot_apply_for_a_second_permit(client, db, applicant):
    holding(db, issued=clock.today() - timedelta(days=100))
    opened = client.get("/me/permit/apply")
    assert opened.status_code == 302 and opened.location.endswith("/me/permit")
    assert "You already have a residence permit" in client.get(opened.location).get_data(as_text=True)
    # Sent all the same (an old page, a hand-made form): nothing is made.
    token = token_from(client.get("/me/permit").get_data(as_text=True))
    data = {"csrf_token": token, "kind": "new"} | {k: (io.BytesIO(jpeg()), f"{k}.jpg") for k in DOCUMENTS}
    assert client.post("/me/permit/apply", data=data, content_type="multipart/form-data").status_code == 302
    assert db.session.scalars(db.select(PermitApplication.kind)).all() == ["new"]  # only the permit's own


@pytest.mark.parametrize("kind", ["bogus", "x" * 40, ""])
def test_a_made_up_kind_makes_nothing(client, db, applicant, kind):
    holding(db, issued=clock.today() - timedelta(days=100))
    response = client.get(f"/me/permit/apply?kind={kind}")
    assert response.status_code == 302
    assert applications(db) == []


def test_a_renewal_stays_a_renewal_after_a_form_sent_back(client, db, applicant, officer, sign_in, post_form):
    today = clock.today()
    old = holding(db, profile="shandong-2018", issued=today - timedelta(days=345), valid_until=today + timedelta(20))
    card = client.get("/me/permit").get_data(as_text=True)
    assert "Renew my permit" in card
    page = client.get("/me/permit/apply?kind=renewal").get_data(as_text=True)
    assert "<h1>Renew your residence permit</h1>" in page
    # Sent without any document: sent back with the errors, and still a renewal.
    token = token_from(page)
    back = client.post(
        "/me/permit/apply", data={"csrf_token": token, "kind": "renewal"}, content_type="multipart/form-data"
    )
    html = back.get_data(as_text=True)
    assert back.status_code == 200 and 'id="photo-error"' in html
    assert re.findall(r'name="kind" value="([^"]*)"', html) == ["renewal"]
    assert "<h1>Renew your residence permit</h1>" in html
    data = {"csrf_token": token, "kind": "renewal"} | {k: (io.BytesIO(jpeg()), f"{k}.jpg") for k in DOCUMENTS}
    assert client.post("/me/permit/apply", data=data, content_type="multipart/form-data").status_code == 302
    [renewal] = applications(db)
    assert (renewal.kind, renewal.replaces_id) == ("renewal", old.id)
    sign_in(officer)
    post_form(f"/officer/permits/{renewal.id}", {"decision": "approve"})
    db.session.expire_all()
    new = db.session.scalar(db.select(Permit).where(Permit.id != old.id))
    assert (new.issued_on, db.session.get(Permit, old.id).revoked_reason) == (today, "renewal")


def test_an_early_renewal_is_not_made_and_the_day_it_opens_is_said(client, db, applicant):
    today = clock.today()
    holding(db, profile="shandong-2018", issued=today - timedelta(days=300), valid_until=today + timedelta(days=31))
    opened = client.get("/me/permit/apply?kind=renewal")
    assert opened.status_code == 302
    page = client.get(opened.location).get_data(as_text=True)
    assert f"You can renew your permit from {long_date(today + timedelta(days=1))}." in page
    assert "Renew my permit" not in page and applications(db) == []


def test_a_permit_without_an_end_date_is_endorsed_not_renewed(client, db, applicant):
    holding(db, issued=clock.today() - timedelta(days=100))
    page = client.get(client.get("/me/permit/apply?kind=renewal").location).get_data(as_text=True)
    assert "it needs no renewal. Endorse it once a year instead." in page


def test_an_expired_permit_is_renewed_not_replaced(client, db, applicant):
    today = clock.today()
    old = holding(db, profile="shandong-2018", issued=today - timedelta(days=400), valid_until=today - timedelta(1))
    card = client.get("/me/permit").get_data(as_text=True)
    assert "Expired" in card and "Renew my permit" in card and "replace it" not in card
    assert send(client, "replacement").status_code == 302
    [renewal] = applications(db)
    assert (renewal.kind, renewal.replaces_id) == ("renewal", old.id)


def test_a_replacement_is_a_new_card_of_the_same_permit(client, db, applicant, officer, sign_in, post_form):
    """Issued 400 days ago and its first endorsement missed: suspended. A lost card does not restart the permit: the
    new card has the old one's dates and endorsements (still suspended), and a new number; the lost card is revoked
    and its check shows no one."""
    today = clock.today()
    old = holding(db, issued=today - timedelta(days=400))
    db.session.add(Endorsement(permit=old, year=1, endorsed_on=today - timedelta(days=50)))
    db.session.commit()
    page = client.get("/me/permit/apply?kind=replacement").get_data(as_text=True)
    assert "<h1>Replace your lost permit card</h1>" in page and "the same dates" in page
    assert send(client, "replacement").status_code == 302
    [replacement] = applications(db)
    assert (replacement.kind, replacement.replaces_id, replacement.validity_months) == ("replacement", old.id, None)
    card = client.get("/me/permit").get_data(as_text=True)
    assert 'id="application"' in card and "Replacement of a lost card" in card
    assert "replace it" not in card  # not asked twice while it waits

    sign_in(officer)
    post_form(f"/officer/permits/{replacement.id}", {"decision": "approve"})
    db.session.expire_all()
    old = db.session.get(Permit, old.id)
    new = db.session.scalar(db.select(Permit).where(Permit.id != old.id))
    assert (new.issued_on, new.valid_until, new.profile_id) == (old.issued_on, old.valid_until, old.profile_id)
    assert [(e.year, e.endorsed_on) for e in new.endorsements] == [(1, today - timedelta(days=50))]
    assert new.number != old.number and (old.revoked_on, old.revoked_reason) == (today, "replacement")

    # The lost card: revoked, and nothing of its holder shown to whoever scans it.
    lost = sign(keyring_for(client.application.config), old.number, int(clock.instant().timestamp()))
    client.post("/signout", data={"csrf_token": token_from(client.get("/").get_data(as_text=True))})
    check = client.get(f"/verify/{lost}").get_data(as_text=True)
    assert "Revoked" in check and "This card is no longer valid" in check
    assert "王" not in check and "/photo" not in check
    assert client.get(f"/verify/{lost}/photo").status_code == 404


def test_a_lapsed_permit_stays_lapsed_on_its_new_card(client, db, applicant, officer, sign_in, post_form):
    today = clock.today()
    old = holding(db, issued=today - timedelta(days=400))  # year 1 not endorsed: suspended
    send(client, "replacement")
    [replacement] = applications(db)
    sign_in(officer)
    post_form(f"/officer/permits/{replacement.id}", {"decision": "approve"})
    sign_in(applicant)
    card = client.get("/me/permit").get_data(as_text=True)
    assert "Endorsement overdue" in card and "Endorse my permit" in card
    assert db.session.scalar(db.select(Permit).where(Permit.id != old.id)).issued_on == old.issued_on


def test_the_holder_is_told_of_documents_asked_for_a_renewal_and_of_its_refusal(
    client, db, applicant, officer, sign_in, post_form
):
    today = clock.today()
    holding(db, profile="shandong-2018", issued=today - timedelta(days=345), valid_until=today + timedelta(20))
    send(client, "renewal")
    [renewal] = applications(db)
    card = client.get("/me/permit").get_data(as_text=True)
    assert f"Target date for the answer: {long_date(renewal.target_date)}" in card
    assert "Renew my permit" not in card

    sign_in(officer)
    post_form(f"/officer/permits/{renewal.id}", {"decision": "missing", "missing": ["photo"], "reason": "照片不清楚"})
    sign_in(applicant)
    card = client.get("/me/permit").get_data(as_text=True)
    assert "Documents are missing:" in card and "照片不清楚" in card and 'href="/me/permit/apply"' in card
    # The link opens the renewal's own form, not a new application's.
    assert "<h1>Renew your residence permit</h1>" in client.get("/me/permit/apply").get_data(as_text=True)

    apply_for_permit(post_form, photo=jpeg())
    sign_in(officer)
    post_form(f"/officer/permits/{renewal.id}", {"decision": "refuse", "reason": "已离开本县"})
    sign_in(applicant)
    card = client.get("/me/permit").get_data(as_text=True)
    assert "Your residence permit application was refused: 已离开本县" in card and "Renewal" in card
    assert "Renew my permit" in card  # she may ask again


def test_the_holder_reads_it_in_chinese(client, db, applicant, create_account):
    applicant.locale = "zh"
    db.session.commit()
    today = clock.today()
    holding(db, profile="shandong-2018", issued=today - timedelta(days=345), valid_until=today + timedelta(20))
    assert "居住证续期" in client.get("/me/permit/apply?kind=renewal").get_data(as_text=True)
    send(client, "renewal")
    card = client.get("/me/permit").get_data(as_text=True)
    assert "续期" in card and "您已于2026年7月14日提交申请" in card
