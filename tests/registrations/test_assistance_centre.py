"""An assistance centre (救助管理站) is a kind of place a report offers: Shandong's rules exempt the people staying
there from the residence permit (DOMAIN §1 [ZB]: "people in an assistance centre"), and the person is told so."""

from datetime import datetime

from webapp import clock
from webapp.policy.profiles import HOUSING_TYPES
from webapp.registrations.choices import HOUSING_TYPES as OFFERED
from webapp.registrations.models import ResidenceReport

EXEMPT = "You do not need a residence permit while you are staying at an assistance centre."


def test_every_kind_of_housing_the_rules_know_is_offered():
    assert {code for code, _ in OFFERED} == set(HOUSING_TYPES)


def test_a_report_from_an_assistance_centre_in_zibo_in_2015_is_told_no_permit_is_needed(
    client, db, migrant, sign_in, report_data, submit_report
):
    with clock.pinned_at(datetime(2015, 3, 10, 10, 0)):
        sign_in(migrant)
        form = client.get("/reports/new").get_data(as_text=True)
        assert 'value="assistance_centre"' in form and "In an assistance centre" in form
        receipt = submit_report(report_data(housing_type="assistance_centre", arrival_date="2015-03-09"))
        html = receipt.get_data(as_text=True)
        assert EXEMPT in html and "permit.exempt_assistance_centre" not in html
        report = db.session.scalar(db.select(ResidenceReport))
        assert report.profile_id == "shandong-2012" and report.housing_type == "assistance_centre"
        assert [d["rule"] for d in report.decisions if d["topic"] == "permit"] == ["permit.exempt_assistance_centre"]
        # The centre exempts from the permit, not from registration.
        assert [d["rule"] for d in report.decisions if d["topic"] == "registration"] == ["registration.required"]

        client.set_cookie("lang", "zh")
        html = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
        assert "您在救助管理站期间，无需办理居住证。" in html and "在救助管理站" in html
