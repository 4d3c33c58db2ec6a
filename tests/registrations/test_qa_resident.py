"""A resident's report: odd input is answered next to its field, never with a server error; the check page says
who will be asked to confirm the report, and only those."""

import pytest


def test_a_number_of_days_without_its_unit_is_explained_not_a_server_error(
    client, db, migrant, sign_in, report_data, post_form
):
    """A planned stay of "3" sent with an empty unit (a request made by hand): asked again on the page."""
    sign_in(migrant)
    response = post_form("/reports/new", report_data(stay_open=None, stay_count="3", stay_unit=""))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="stay_count-error"' in html and "Choose one of the options shown" in html
    with client.session_transaction() as session:
        assert "report_draft" not in session  # nothing kept to send


@pytest.mark.parametrize(
    ("changes", "shown", "not_shown"),
    [
        ({}, None, ("landlord", "employer will be asked")),  # her own home, no employer: nobody else is asked
        ({"employer_name": "温州鞋业"}, "Your employer will be asked to confirm it.", ("landlord",)),
        (
            {"housing_type": "rental", "landlord": "139 1234 5678", "landlord_name": "李强"},
            "Your landlord will be asked to confirm it.",
            ("employer will be asked",),
        ),
    ],
)
def test_the_check_page_names_only_who_will_be_asked_to_confirm(
    client, migrant, sign_in, report_data, post_form, changes, shown, not_shown
):
    sign_in(migrant)
    response = post_form("/reports/new", report_data(**changes))
    assert response.status_code == 302
    if response.location.endswith("/more"):
        post_form("/reports/new/more", {"insurance_months": "0", "work_proof": "none"})
    html = client.get("/reports/new/check").get_data(as_text=True)
    sentence = html.split("By sending this report you confirm that it is true.", 1)[1].split("</p>", 1)[0]
    if shown:
        assert shown in sentence
    for words in not_shown:
        assert words not in sentence


def test_the_check_page_in_chinese_says_who_will_be_asked(client, migrant, sign_in, report_data, post_form):
    sign_in(migrant)
    client.set_cookie("lang", "zh")
    response = post_form("/reports/new", report_data(employer_name="温州鞋业"))
    if response.location.endswith("/more"):
        post_form("/reports/new/more", {"insurance_months": "0", "work_proof": "none"})
    html = client.get("/reports/new/check").get_data(as_text=True)
    sentence = html.split("提交即表示您确认以上信息真实。", 1)[1].split("</p>", 1)[0]
    assert "我们会请您的用人单位确认。" in sentence and "房东" not in sentence
