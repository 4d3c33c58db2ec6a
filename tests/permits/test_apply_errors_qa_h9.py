"""The permit application sent blank says "proof of work or of study: one of the two" once, beside one field and once
in the list of problems; the form says beside both fields that either will do. Through the HTTP client."""

import io
import re
from types import SimpleNamespace

import pytest
from dateutil.relativedelta import relativedelta

from tests.support.factories import jpeg
from webapp import clock
from webapp.permits import rules
from webapp.permits.models import PermitApplication

NEEDED = {
    "en": "Choose a photo of proof of your work or of your studies: one of the two is needed.",
    "zh": "请选择工作证明或就读证明的照片：两者需要其一。",
}
HINTS = {
    "en": (
        "Or, if you study, the proof of study below instead: one of the two is enough.",
        "Instead of the proof of work above, if you study: one of the two is enough.",
    ),
    "zh": (
        "如果您是在读学生，也可以改为提交下面的就读证明：两者提供其一即可。",
        "在读学生可以提交就读证明，代替上面的工作证明：两者提供其一即可。",
    ),
}


def summary_items(html: str) -> list[str]:
    summary = html.split('class="error-summary"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<li><a href=\"#([^\"]+)\">([^<]*)</a></li>", summary)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sent_blank_the_one_of_the_two_is_said_once(client, db, applicant, post_form, lang):
    client.set_cookie("lang", lang)
    response = post_form("/me/permit/apply", {}, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    items = summary_items(html)
    assert [text for _anchor, text in items].count(NEEDED[lang]) == 1, items
    assert ("employment_proof", NEEDED[lang]) in items  # she came to work: beside the proof of work
    assert [anchor for anchor, _text in items] == ["photo", "residence_proof", "employment_proof"]
    assert html.count(NEEDED[lang]) == 2  # in the list and beside the field
    assert 'id="employment_proof-error"' in html and 'id="study_proof-error"' not in html
    assert db.session.scalar(db.select(PermitApplication)) is None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_form_says_either_proof_will_do(client, db, applicant, lang):
    client.set_cookie("lang", lang)
    html = client.get("/me/permit/apply").get_data(as_text=True)
    work, study = HINTS[lang]
    assert f'<p class="hint" id="employment_proof-one-of">{work}</p>' in html
    assert f'<p class="hint" id="study_proof-one-of">{study}</p>' in html
    assert 'aria-describedby="employment_proof-hint employment_proof-one-of' in html
    assert 'aria-describedby="study_proof-hint study_proof-one-of' in html


def test_one_proof_is_enough(client, db, applicant, post_form):
    files = {kind: (io.BytesIO(jpeg()), f"{kind}.jpg") for kind in ("photo", "residence_proof", "study_proof")}
    sent = post_form("/me/permit/apply", files, content_type="multipart/form-data")
    assert sent.status_code == 302
    assert set(db.session.scalar(db.select(PermitApplication)).documents) == {"photo", "residence_proof", "study_proof"}


@pytest.fixture
def homemaker(migrant, sign_in, report_data, submit_report):
    """Living with family, neither working nor studying: no proof of either is asked."""
    sign_in(migrant)
    arrival = (clock.today() - relativedelta(months=7)).isoformat()
    submit_report(report_data(arrival_date=arrival, reason="family"))
    return migrant


def test_no_either_or_hint_when_neither_is_needed(client, db, homemaker, post_form):
    html = client.get("/me/permit/apply").get_data(as_text=True)
    assert "one-of" not in html and "one of the two" not in html
    html = post_form("/me/permit/apply", {}, content_type="multipart/form-data").get_data(as_text=True)
    assert NEEDED["en"] not in html


def report(reason="work", **fields):
    return SimpleNamespace(
        reason=reason,
        housing_type="rental",
        work_proof=fields.get("work_proof"),
        insurance_months=fields.get("insurance_months"),
        employment=fields.get("employment"),
        full_time_study=fields.get("full_time_study", False),
    )


def test_the_message_goes_beside_the_proof_of_the_case():
    assert rules.one_of_field(report()) == "employment_proof"
    assert rules.one_of_field(report("study")) == "study_proof"
    assert rules.one_of_field(report("family", full_time_study=True)) == "study_proof"
    assert rules.one_of_field(report("study", work_proof="labour_contract")) == "employment_proof"
    assert rules.one_of_field(None) == "employment_proof"
