"""A worker who names their employer by its name alone: the organisation of that name is offered to them ("is it
your employer?") and sees nothing of them until they say yes - anyone can set up an organisation under a well-known
name. Two organisations of the same name: neither is offered. By its code, the claim goes to it at once."""

from webapp.employers.models import Employment
from webapp.notifications.models import Notification

NAME = "温州鞋业有限公司"


def test_named_by_name_the_organisation_is_offered_and_sees_nothing_until_accepted(
    client, db, migrant, create_account, create_employer, sign_in, post_form, report_data, submit_report
):
    hr = create_account("employer", display_name="陈静")
    employer = create_employer(hr, name=NAME)
    sign_in(migrant)
    submit_report(report_data(employer_name=NAME))
    claim = db.session.scalar(db.select(Employment))
    assert (claim.employer_id, claim.offered_employer_id, claim.status) == (None, employer.id, "unlinked")
    [told] = db.session.scalars(db.select(Notification).where(Notification.account_id == migrant.id)).all()
    assert told.kind == "employment.offered_by_name"
    home = client.get("/me", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f"/me/employer-offers/{claim.id}" in home
    offer = client.get(f"/me/employer-offers/{claim.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "has the name you gave for your employer" in offer and "unified social credit code" not in offer

    sign_in(hr)
    assert client.get(f"/employer/employments/{claim.id}").status_code == 404
    assert migrant.display_name not in client.get("/employer").get_data(as_text=True)


def test_two_organisations_of_one_name_neither_is_offered(
    db, migrant, create_account, create_employer, sign_in, report_data, submit_report
):
    create_employer(create_account("employer"), name=NAME, uscc="91110000600037341L")
    create_employer(create_account("employer"), name=NAME, uscc="91350100M000100Y43")
    sign_in(migrant)
    submit_report(report_data(employer_name=NAME))
    claim = db.session.scalar(db.select(Employment))
    assert (claim.employer_id, claim.offered_employer_id, claim.status) == (None, None, "unlinked")


def test_named_by_its_code_the_claim_goes_to_it(
    db, migrant, create_account, create_employer, sign_in, report_data, submit_report
):
    employer = create_employer(create_account("employer"), name=NAME)
    sign_in(migrant)
    submit_report(report_data(employer_name=NAME, employer_uscc=employer.uscc))
    claim = db.session.scalar(db.select(Employment))
    assert (claim.employer_id, claim.status) == (employer.id, "pending")


def test_named_by_name_the_home_page_says_so_and_saying_yes_gives_the_employer_a_deadline(
    client, db, migrant, create_account, create_employer, sign_in, post_form, report_data, submit_report, test_day
):
    """Reviewers found the home page saying the organisation 'joined Xinju with the code you gave' (no code was
    given), the receipt 'Employer not on Xinju yet', and a claim accepted this way with no deadline (never overdue)."""
    from datetime import date

    employer = create_employer(create_account("employer", display_name="陈静"), name=NAME)
    sign_in(migrant)
    submit_report(report_data(employer_name=NAME))
    claim = db.session.scalar(db.select(Employment))
    home = client.get("/me", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f"An organisation named {NAME} is on Xinju: the name you gave for your employer." in home
    assert "with the code you gave" not in home
    zh = client.get("/me", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert f"新居上有一家名为{NAME}的单位，与您填写的用人单位名称相同。" in zh
    from webapp.registrations.models import ResidenceReport

    receipt = db.session.scalar(db.select(ResidenceReport.receipt))
    page = client.get(f"/reports/{receipt}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    # The reader is the one to answer: the receipt says so and links to the question.
    assert "Found on Xinju: waiting for your answer" in page and f'href="/me/employer-offers/{claim.id}"' in page
    assert "waiting for the person" not in page
    zh_receipt = client.get(f"/reports/{receipt}", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "已在新居找到，等待您的答复" in zh_receipt and "这是您的用人单位吗？" in zh_receipt
    assert "Employer not on Xinju yet" not in page

    post_form(f"/me/employer-offers/{claim.id}", {"answer": "accept"})
    db.session.expire_all()
    claim = db.session.get(Employment, claim.id)
    # Accepted on Tuesday 14 July 2026: three working days, to Friday 17 July (as a report naming it by its code).
    assert (claim.status, claim.employer_id, claim.answer_due) == ("pending", employer.id, date(2026, 7, 17))
