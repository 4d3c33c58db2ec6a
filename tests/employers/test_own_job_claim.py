"""An HR person who is also a resident names their own organisation in their report: the claim is a colleague's
to answer (or a coordinator's), never their own - nobody vouches for themselves."""

from webapp.accounts.models import RoleGrant
from webapp.employers.models import Employment


def test_the_hr_person_cannot_confirm_their_own_job(
    client, db, migrant, create_employer, sign_in, post_form, report_data, submit_report
):
    migrant.grants.append(RoleGrant(role="employer"))
    employer = create_employer(migrant)
    db.session.commit()
    sign_in(migrant)
    submit_report(report_data(employer_name=employer.name, employer_uscc=employer.uscc))
    claim = db.session.scalar(db.select(Employment))
    assert claim.status == "pending"

    page = client.get(f"/employer/employments/{claim.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'name="answer-answer"' not in page and "This is your own job: a colleague answers for it." in page
    post_form(f"/employer/employments/{claim.id}", {"answer-answer": "confirm"})
    db.session.refresh(claim)
    assert claim.status == "pending"
