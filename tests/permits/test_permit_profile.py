"""A permit is stamped with the profile of the decision that grants it (its type, validity and endorsements follow
those rules), not with the profile the residence report was sent under: through the permit service, with a report
sent in Wenzhou in 2016 (zhejiang-2009: a temporary permit, never endorsed) and an application in 2017, after
zhejiang-2017 (one permit on the national conditions, endorsed every year) came into force."""

from datetime import date

import pytest

from webapp import clock
from webapp.documents.models import Document
from webapp.permits import rules
from webapp.permits import service as permits
from webapp.registrations import service as reports

ARRIVED = date(2016, 6, 1)


@pytest.fixture
def wenzhou_report(db, create_account, create_person, other_community):
    """A report sent on arrival in 鹿城区, Wenzhou, on 1 June 2016: her own home, to work (zhejiang-2009)."""
    account = create_account("migrant", display_name="王芳")
    person = create_person(account, name="王芳", birth=date(1990, 1, 1), hukou="411525")
    answers = reports.ReportAnswers(
        place=other_community,
        road="人民路",
        number="1号",
        building="",
        unit="",
        room="",
        housing_type="own_home",
        arrival_date=ARRIVED,
        reason="work",
        commuter=False,
        resided_since=ARRIVED,
    )
    with clock.pinned_at(ARRIVED):
        report = reports.submit(person, answers, actor=account, today=ARRIVED)
    photo = Document(person=person, kind="photo", content_type="image/jpeg", size=1, width=1, height=1, sha256="x")
    db.session.add(photo)
    db.session.commit()
    return report, {"photo": photo.id, "residence_proof": photo.id, "employment_proof": photo.id}


@pytest.mark.summaries_out_of_date  # the permit is issued in 2017: the dashboards' summaries are not kept then
@pytest.mark.parametrize(
    ("applied", "target", "window", "lapsed_on"),
    [
        # The year is complete on 1 March 2018: window February 2018, to Wednesday 28 February.
        (date(2017, 3, 1), date(2017, 3, 16), (date(2018, 2, 1), date(2018, 2, 28)), date(2018, 3, 1)),
        # 15 days end on 5 October 2017, in the National Day holiday (1-8 October): Monday 9 October. The year is
        # complete on 20 September 2018: window to Wednesday 19 September.
        (date(2017, 9, 20), date(2017, 10, 9), (date(2018, 8, 20), date(2018, 9, 19)), date(2018, 9, 20)),
    ],
)
def test_a_permit_applied_for_under_new_rules_follows_them(
    db, wenzhou_report, create_account, applied, target, window, lapsed_on
):
    report, documents = wenzhou_report
    assert report.profile_id == "zhejiang-2009"
    officer = create_account("officer")
    with clock.pinned_at(applied):
        application = permits.apply(report.person, report, documents, today=applied)
        permit = permits.approve(application, officer, applied)
    assert application.profile_id == permit.profile_id == "zhejiang-2017"
    assert (permit.permit_type, permit.valid_until) == ("standard", None)
    assert application.target_date == target
    # Endorsed every year, as zhejiang-2017 says: the window opens, and a permit not endorsed in it lapses.
    assert rules.endorsement_due(permit) == (1, window)
    assert rules.state_on(permit, window[1]).status == "valid"
    assert rules.state_on(permit, lapsed_on).status == "lapsed"
    with clock.pinned_at(window[0]):
        permits.endorse(permit, window[0])
    db.session.refresh(permit)
    assert rules.state_on(permit, lapsed_on).status == "valid"
