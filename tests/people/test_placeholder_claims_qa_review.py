"""QA review: only a record its holder deleted is claimable by whoever registers its number again; a staff member's
own record, kept while an administrator has deactivated their account, is not anybody's to claim."""

from tests.people.test_placeholder_claims import NUMBER, profile
from webapp.admin import service as admin_service
from webapp.people.models import IdentityClaim, Person


def test_a_deactivated_staff_members_own_record_is_not_claimable(
    client, db, community, create_account, sign_in, post_form, report_data, submit_report
):
    staff = sign_in(create_account("migrant", "coordinator", place=community))
    assert post_form("/me/profile", profile(NUMBER)).status_code == 302
    submit_report(report_data())
    admin_service.deactivate(staff, None)  # no longer trusted: can no longer sign in, and deleted nothing
    assert staff.deactivated_at is not None

    sign_in(create_account("migrant"))
    refused = post_form("/me/profile", profile(NUMBER))
    assert refused.status_code != 302
    db.session.expire_all()
    assert db.session.scalar(db.select(IdentityClaim)) is None
    kept = db.session.scalar(db.select(Person).where(Person.account_id == staff.id))
    assert kept.id_number == NUMBER  # the number stays on the staff member's own record
