"""QA (account deletion): a landlord whose rentals have current tenants cannot delete their account, which would
leave the tenants with nobody to answer for them; the page says what to do first (tell us on the rentals page when
they moved out), in both languages. Once no tenant is current there, the account can be deleted."""

from webapp import clock
from webapp.accounts.models import Account
from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import Tenancy

LANDLORD_DUTY = "Tenants are registered as living at your rentals"


def test_a_landlord_with_a_current_tenant_cannot_delete_until_saying_they_moved_out(
    client, db, migrant, landlord, rental, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="101"))
    tenancy = db.session.scalar(db.select(Tenancy))

    sign_in(landlord)
    page = client.get("/account/delete").get_data(as_text=True)
    assert "You cannot delete your account yet" in page and LANDLORD_DUTY in page
    assert "tell us when they moved out" in page and 'href="/landlord"' in page  # where to say it
    assert 'action="/account/delete"' not in page
    refused = post_form("/account/delete", {"understood": "y"}, page="/account")
    assert refused.status_code == 200 and LANDLORD_DUTY in refused.get_data(as_text=True)
    assert db.session.get(Account, landlord.id).deactivated_at is None

    zh = client.get("/account/delete", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "有租户登记住在您的出租房屋" in zh and "何时搬走" in zh and "我的出租房屋" in zh

    left = post_form(f"/landlord/tenancies/{tenancy.id}", {"left-left_on": clock.today().isoformat()})
    assert left.status_code == 302
    page = client.get("/account/delete").get_data(as_text=True)
    assert LANDLORD_DUTY not in page and 'action="/account/delete"' in page
    assert post_form("/account/delete", {"understood": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Account, landlord.id).deactivated_at is not None


def test_a_tenant_the_landlord_said_never_lived_there_does_not_hold_the_account(
    client, db, migrant, landlord, rental, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="101"))
    tenancy = db.session.scalar(db.select(Tenancy))
    sign_in(landlord)
    assert LANDLORD_DUTY in client.get("/account/delete").get_data(as_text=True)
    denied = post_form(
        f"/landlord/tenancies/{tenancy.id}", {"answer-answer": "deny", "answer-reason": "我不认识这个人"}
    )
    assert denied.status_code == 302
    assert LANDLORD_DUTY not in client.get("/account/delete").get_data(as_text=True)


def test_a_tenancy_whose_report_is_no_longer_current_does_not_hold_the_account(
    client, db, migrant, landlord, rental, sign_in, report_data, submit_report
):
    """A report rejected (or otherwise finished) leaves nobody living there for the landlord to answer for."""
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="101"))
    report = db.session.scalar(db.select(ResidenceReport))
    report.status = "rejected"
    db.session.commit()
    sign_in(landlord)
    assert LANDLORD_DUTY not in client.get("/account/delete").get_data(as_text=True)


def test_a_landlord_without_tenants_is_not_held(client, db, landlord, rental, sign_in):
    sign_in(landlord)
    page = client.get("/account/delete").get_data(as_text=True)
    assert LANDLORD_DUTY not in page and 'action="/account/delete"' in page
