"""A correction answered without a note: the person's inbox says so plainly, with no stray mark for the missing
note."""

import pytest

from webapp.privacy.correction import CorrectionRequest
from webapp.registrations.models import ResidenceReport


@pytest.fixture
def coordinator(create_account, community):
    return create_account("coordinator", place=community, display_name="赵磊")


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "Your residence report was corrected as you asked."), ("zh", "您的居住申报已按您的申请更正。")],
)
def test_a_correction_made_without_a_note(
    client, db, migrant, coordinator, sign_in, report_data, submit_report, post_form, lang, words
):
    sign_in(migrant)
    submit_report(report_data(room="101"))
    report = db.session.scalar(db.select(ResidenceReport))
    post_form(f"/reports/{report.receipt}/correction", {"field": "room", "proposed": "102"})
    found = db.session.scalar(db.select(CorrectionRequest))
    sign_in(coordinator)
    assert post_form(f"/coordinator/corrections/{found.reference}", {"decision": "corrected"}).status_code == 302
    sign_in(migrant)
    client.set_cookie("lang", lang)
    inbox = client.get("/me/inbox").get_data(as_text=True)
    assert words in inbox
    assert "—" not in inbox.split("<main", 1)[1]
