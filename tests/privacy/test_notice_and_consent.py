"""The privacy notice (every item with its purpose, legal basis, who sees it and how long it is kept, in both
languages, from every page's footer and before a profile is first saved), and separate consents: given and withdrawn
on the account page, recorded with the notice's version and the time, a parent's consent for a child under 14."""

from datetime import date

import pytest
from markupsafe import escape

from webapp.audit.models import AuditEvent
from webapp.people.models import Person
from webapp.privacy.models import PrivacyConsent
from webapp.privacy.notice import CONSENTS, ITEMS, NOTICE_VERSION


def words(client, lazy, lang="en") -> str:
    """A lazy string in that language, as a page shows it (a lazy string is markup already, see flask_babel)."""
    with client.application.test_request_context(headers={"Accept-Language": lang}):
        return str(escape(lazy))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_notice_says_for_each_item_why_on_which_basis_who_sees_it_and_how_long(client, db, lang):
    html = client.get("/privacy", headers={"Accept-Language": lang}).get_data(as_text=True)
    for item in ITEMS:
        for text in (item.what, item.purpose, item.basis_text, item.who_sees, item.kept):
            assert words(client, text, lang) in html, text
    for consent in CONSENTS.values():
        assert words(client, consent.title, lang) in html and words(client, consent.consequence, lang) in html
    assert ("法律义务" if lang == "zh" else "legal obligation") in html.lower()
    assert NOTICE_VERSION in html


def test_every_page_links_the_notice_in_its_footer(client, db, migrant, sign_in):
    assert 'href="/privacy"' in client.get("/").get_data(as_text=True).split('class="footer"', 1)[1]
    sign_in(migrant)
    assert 'href="/privacy"' in client.get("/account").get_data(as_text=True).split('class="footer"', 1)[1]


def test_the_notice_is_summarised_before_the_profile_is_first_saved_only(client, db, create_account, sign_in, migrant):
    newcomer = create_account("migrant")
    sign_in(newcomer)
    page = client.get("/me/profile").get_data(as_text=True)
    form_at = page.index('action="/me/profile')
    assert 'id="privacy-summary"' in page and page.index('id="privacy-summary"') < form_at
    assert 'href="/privacy"' in page[:form_at]
    sign_in(migrant)  # has a profile: not again
    assert 'id="privacy-summary"' not in client.get("/me/profile").get_data(as_text=True)


def test_a_migrant_gives_and_withdraws_consent_with_the_consequence_said(client, db, migrant, sign_in, post_form):
    sign_in(migrant)
    page = client.get("/account").get_data(as_text=True)
    assert "/account/consents/phone_contact" in page and "/account/consents/photo_reuse" in page
    assert "/account/consents/visit_location" not in page  # a coordinator's, not theirs

    assert post_form("/account/consents/phone_contact", page="/account").status_code == 302
    given = db.session.scalar(db.select(PrivacyConsent))
    assert (given.account_id, given.item, given.notice_version, given.person_id) == (
        migrant.id,
        "phone_contact",
        NOTICE_VERSION,
        None,
    )
    assert given.given_at is not None and given.withdrawn_at is None
    page = client.get("/account").get_data(as_text=True)
    assert f"/account/consents/{given.id}/withdraw" in page
    assert words(client, CONSENTS["phone_contact"].consequence) in page
    assert "You gave a separate consent" in page  # in their own list

    assert post_form(f"/account/consents/{given.id}/withdraw", page="/account").status_code == 302
    db.session.refresh(given)
    assert given.withdrawn_at is not None
    withdrawn_at = given.withdrawn_at
    # Sent twice (a double tap): withdrawn, as asked; nothing written again.
    again = post_form(f"/account/consents/{given.id}/withdraw", page="/account", follow_redirects=True)
    assert again.status_code == 200 and "Your consent is withdrawn." in again.get_data(as_text=True)
    db.session.refresh(given)
    assert given.withdrawn_at == withdrawn_at
    assert (
        db.session.scalar(
            db.select(db.func.count(AuditEvent.id)).where(AuditEvent.action == "privacy.consent_withdrawn")
        )
        == 1
    )
    assert {e.action for e in db.session.scalars(db.select(AuditEvent))} >= {
        "privacy.consent_given",
        "privacy.consent_withdrawn",
    }
    # Given again: a new row, the old one kept as the record of the first.
    post_form("/account/consents/phone_contact", page="/account")
    assert db.session.scalar(db.select(db.func.count(PrivacyConsent.id))) == 2


def test_consents_are_refused_for_others_and_for_items_not_offered(
    client, db, migrant, create_account, sign_in, post_form
):
    sign_in(migrant)
    post_form("/account/consents/phone_contact", page="/account")
    theirs = db.session.scalar(db.select(PrivacyConsent))
    assert post_form("/account/consents/visit_location", page="/account").status_code == 404
    assert post_form("/account/consents/nonsense", page="/account").status_code == 404
    other = create_account("migrant")
    sign_in(other)
    assert post_form(f"/account/consents/{theirs.id}/withdraw", page="/account").status_code == 404
    db.session.refresh(theirs)
    assert theirs.withdrawn_at is None
    client.post("/signout", data={})
    with client.session_transaction() as session:
        session.clear()
    assert client.post(f"/account/consents/{theirs.id}/withdraw").status_code in (302, 400, 401, 403)
    db.session.refresh(theirs)
    assert theirs.withdrawn_at is None


def child(**changes):
    return {
        "relation": "child",
        "name": "王小明",
        "sex": "male",
        "ethnicity": "01",
        "birth_date": "2020-03-01",
        "id_number": "",
        **changes,
    }


def test_a_child_under_14_needs_the_parents_consent_which_is_recorded(client, db, migrant, sign_in, post_form):
    sign_in(migrant)
    html = post_form("/me/household/new", child()).get_data(as_text=True)
    assert "needs your consent as their parent or guardian" in html
    assert db.session.scalar(db.select(Person).where(Person.name == "王小明")) is None

    assert post_form("/me/household/new", child(guardian_consent="y")).status_code == 302
    kid = db.session.scalar(db.select(Person).where(Person.name == "王小明"))
    consent = db.session.scalar(db.select(PrivacyConsent))
    assert (consent.item, consent.person_id, consent.account_id) == ("child_data", kid.id, migrant.id)
    # A teenager of 15 needs none.
    response = post_form("/me/household/new", child(name="王大明", birth_date="2011-01-01"))
    assert response.status_code == 302
    assert db.session.scalar(db.select(db.func.count(PrivacyConsent.id))) == 1


def test_withdrawing_a_childs_consent_takes_the_child_off_the_list_unless_the_law_keeps_them(
    client, db, migrant, sign_in, post_form
):
    sign_in(migrant)
    post_form("/me/household/new", child(guardian_consent="y"))
    post_form("/me/household/new", child(name="王小红", sex="female", guardian_consent="y"))
    first, second = db.session.scalars(db.select(PrivacyConsent).order_by(PrivacyConsent.id)).all()
    page = client.get("/account").get_data(as_text=True)
    assert "王小明" in page and words(client, CONSENTS["child_data"].consequence) in page

    post_form(f"/account/consents/{first.id}/withdraw", page="/account")
    assert db.session.scalar(db.select(Person).where(Person.name == "王小明")) is None
    db.session.refresh(first)
    assert first.withdrawn_at is not None and first.person_id is None

    # A child an officer has looked at (an access-log entry, kept by law) stays, with the reason said.
    from webapp.audit import log as audit

    kid = db.session.scalar(db.select(Person).where(Person.name == "王小红"))
    audit.record("record.viewed", actor=migrant, person=kid, what="account")
    db.session.commit()
    page = post_form(f"/account/consents/{second.id}/withdraw", page="/account", follow_redirects=True)
    assert "cannot be withdrawn" in page.get_data(as_text=True)
    db.session.refresh(second)
    assert second.withdrawn_at is None and db.session.get(Person, kid.id) is not None


def test_is_child_counts_whole_years():
    from webapp.privacy.consent import is_child

    today = date(2026, 7, 14)
    assert is_child(date(2012, 7, 15), today)
    assert not is_child(date(2012, 7, 14), today)
    assert not is_child(None, today)


def test_an_earlier_permits_photo_is_reused_only_with_consent(
    client, db, migrant, sign_in, post_form, report_data, submit_report
):
    from dateutil.relativedelta import relativedelta

    from tests.support.factories import create_permit
    from webapp import clock
    from webapp.registrations.models import ResidenceReport

    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - relativedelta(months=7)).isoformat()))
    create_permit(db.session.scalar(db.select(ResidenceReport)), valid_until=clock.today() + relativedelta(days=20))
    reused = "Choose a new photo only to replace it"
    # A holder's renewal (the permit page's button): a holder makes no first application.
    assert reused not in client.get("/me/permit/apply?kind=renewal").get_data(as_text=True)
    post_form("/account/consents/photo_reuse", page="/account")
    assert reused in client.get("/me/permit/apply?kind=renewal").get_data(as_text=True)
