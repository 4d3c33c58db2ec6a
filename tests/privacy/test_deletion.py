"""An account with no registration duty left can be deleted by its holder, who is told plainly what goes and what
the law keeps; with a duty left, the page says which and deletes nothing."""

from datetime import timedelta

from webapp import clock
from webapp.accounts.models import Account, AccountSession, Passkey
from webapp.audit.models import AuditEvent
from webapp.notifications.models import Notification
from webapp.people.models import Person
from webapp.privacy import retention
from webapp.privacy.correction import CorrectionRequest
from webapp.registrations.models import ResidenceReport


def test_with_a_current_report_the_account_cannot_be_deleted(
    client, db, migrant, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data())
    page = client.get("/account/delete").get_data(as_text=True)
    assert "You cannot delete your account yet" in page and "Report that you have left it first" in page
    assert 'action="/account/delete"' not in page
    refused = post_form("/account/delete", {"understood": "y"}, page="/account")
    assert refused.status_code == 200 and "You cannot delete your account yet" in refused.get_data(as_text=True)
    assert db.session.get(Account, migrant.id).deactivated_at is None


def test_staff_cannot_delete_their_account_here(client, db, create_account, community, sign_in):
    sign_in(create_account("coordinator", place=community))
    assert "Ask an administrator" in client.get("/account/delete").get_data(as_text=True)


def test_without_a_duty_the_holder_deletes_their_account_and_is_told_what_is_kept(
    client, db, runner, migrant, sign_in, post_form, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data())
    report = db.session.scalar(db.select(ResidenceReport))
    report.ended_on, report.status = clock.today(), "ended"  # moved away and said so
    db.session.commit()
    person = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    number = person.id_number
    assert "Delete your account" in client.get("/account").get_data(as_text=True)
    post_form(f"/reports/{report.receipt}/correction", {"field": "name", "proposed": "王芳芳"})
    assert db.session.scalar(db.select(db.func.count(CorrectionRequest.id))) == 1

    page = client.get("/account/delete").get_data(as_text=True)
    assert "records the law asks us to keep" in page and "cannot sign in again" in page
    unticked = post_form("/account/delete", {})
    assert unticked.status_code == 400 and 'id="understood-error"' in unticked.get_data(as_text=True)

    done = post_form("/account/delete", {"understood": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    account = db.session.get(Account, migrant.id)
    assert account.deactivated_at is not None and account.display_name == ""
    assert db.session.scalar(db.select(db.func.count(CorrectionRequest.id))) == 0  # nobody to answer to
    assert db.session.scalar(db.select(db.func.count(Passkey.id)).where(Passkey.account_id == migrant.id)) == 0
    assert (
        db.session.scalar(db.select(db.func.count(AccountSession.id)).where(AccountSession.account_id == migrant.id))
        == 0
    )
    assert (
        db.session.scalar(db.select(db.func.count(Notification.id)).where(Notification.account_id == migrant.id)) == 0
    )
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "account.deleted"))
    # Signed out; the report the law keeps is still there, with the name and number, until the period has passed.
    assert client.get("/me").status_code == 302
    person = db.session.get(Person, person.id)
    assert (person.phone, person.id_number, person.name) == (None, number, "王芳")
    assert db.session.get(ResidenceReport, report.id) is not None

    years = retention.RULES["deleted_account"].period
    runner.invoke(args=["jobs", "run", "--today", (clock.today() + timedelta(days=365 * years - 2)).isoformat()])
    db.session.expire_all()
    assert db.session.get(Person, person.id).id_number == number
    runner.invoke(args=["jobs", "run", "--today", (clock.today() + timedelta(days=365 * years + 2)).isoformat()])
    db.session.expire_all()
    person = db.session.get(Person, person.id)
    assert (person.name, person.id_number, person.phone) == ("", None, None)
    assert db.session.get(ResidenceReport, report.id) is not None  # the counts still count it


def test_someone_with_no_records_kept_by_law_is_anonymised_at_once(client, db, migrant, sign_in, post_form):
    sign_in(migrant)
    assert "your name and ID number are deleted now too" in client.get("/account/delete").get_data(as_text=True)
    post_form("/account/delete", {"understood": "y"})
    db.session.expire_all()
    person = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    assert (person.name, person.id_number, person.phone) == ("", None, None)


def test_deleting_needs_a_fresh_passkey_check(client, db, migrant, sign_in):
    sign_in(migrant, verified=False)
    response = client.get("/account/delete")
    assert response.status_code == 302 and response.headers["Location"].startswith("/account/verify")


def test_an_open_request_or_application_holding_the_account_is_linked(client, db, migrant, sign_in, community):
    """The reasons the page gives lead to where each is settled (a reviewer found 'A service request of yours is
    still open' with nowhere to go)."""
    from webapp.people.models import Person
    from webapp.services.models import ServiceRequest

    person = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    db.session.add(
        ServiceRequest(
            person_id=person.id,
            service_code="legal_aid",
            department="justice",
            county=community.parent.parent,
            details="工资",
            status="submitted",
            target_date=clock.today(),
        )
    )
    db.session.commit()
    sign_in(migrant)
    page = client.get("/account/delete").get_data(as_text=True)
    assert "A service request of yours is still open." in page and 'href="/me/services">Your requests</a>' in page
