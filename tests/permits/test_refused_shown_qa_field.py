"""A refused permit application: the person's permit page says so, with the officer's reason, in their language
(before, it only said "You can apply for a residence permit now", as if nothing had been decided)."""

from tests.permits.test_permits_http import apply_with_every_document

REASON = "您在本地居住未满半年，暂不符合申领条件。"


def test_the_refusal_and_its_reason_are_on_the_permit_page(client, db, applicant, officer, sign_in, post_form):  # noqa: F811
    application = apply_with_every_document(db, post_form)
    sign_in(officer)
    post_form(f"/officer/permits/{application.id}", {"decision": "refuse", "reason": REASON})
    db.session.refresh(application)
    assert application.status == "refused"

    sign_in(applicant)
    html = client.get("/me/permit").get_data(as_text=True)
    assert f"Your residence permit application was refused: {REASON}" in html
    client.set_cookie("lang", "zh")
    html = client.get("/me/permit").get_data(as_text=True)
    assert f"您的居住证申请不予办理，原因：{REASON}" in html
    assert "Your residence permit application was refused" not in html


def test_a_new_application_after_a_refusal_is_shown_instead(client, db, applicant, officer, sign_in, post_form):  # noqa: F811
    application = apply_with_every_document(db, post_form)
    sign_in(officer)
    post_form(f"/officer/permits/{application.id}", {"decision": "refuse", "reason": REASON})
    sign_in(applicant)
    apply_with_every_document(db, post_form)
    html = client.get("/me/permit").get_data(as_text=True)
    assert "Your application was sent on" in html
    assert REASON not in html
