"""Who sees what of a report (/reports/<receipt>): the person and the staff who may see it, all of it; a landlord only
the rental's rows and their own answer; an employer only the workplace and their own answer. Neither sees the
decisions written for the person, nor a rule id."""

from datetime import timedelta

import pytest

from webapp import clock
from webapp.accounts.models import RoleGrant
from webapp.employers.models import EmployerMember
from webapp.registrations.models import ResidenceReport

#: What the report says of the home (the rental's address and the room) and of the work.
ROOM = "阁楼甲"
ADDRESS = "人民路 18号"  # the rental's road and number, in its address
EMPLOYER = "淄博新居纺织有限公司"
USCC = "91370303MA3C5QW1PF"
DECISIONS = ("What this means for you", "What the rules say", 'id="decisions-title"')


@pytest.fixture
def report(
    db,
    migrant,
    landlord,
    community,
    create_rental,
    create_employer,
    create_account,
    sign_in,
    submit_report,
    report_data,
):
    """王芳's report, a month late: she rents 李强's room and works for the employer (member 陈静)."""
    rental = create_rental(landlord, community, rooms=(ROOM,))
    create_employer(create_account("employer", display_name="陈静"), name=EMPLOYER, uscc=USCC)
    sign_in(migrant)
    arrived = (clock.today() - timedelta(days=30)).isoformat()
    data = report_data(housing_type="rental", landlord=rental.code, room=ROOM, arrival_date=arrived)
    submit_report(data | {"employer_name": EMPLOYER, "employer_uscc": USCC})
    report = db.session.scalar(db.select(ResidenceReport))
    assert report.late and report.employment.employer is not None
    return report


def page(client, sign_in, account, report) -> str:
    sign_in(account)
    response = client.get(f"/reports/{report.receipt}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def rule_ids(report) -> list[str]:
    return [d["rule"] for d in report.decisions]


def no_decisions(html: str, report) -> None:
    assert not [words for words in DECISIONS if words in html], "the decisions written for the person"
    assert not [rule for rule in rule_ids(report) if rule in html], "a rule id"
    assert "<details" not in html and report.profile_id not in html
    assert "reported late" not in html  # the person's lateness is theirs and the staff's


def test_a_landlord_sees_the_rental_and_their_answer_not_the_work(client, db, report, landlord, sign_in):
    html = page(client, sign_in, landlord, report)
    assert ADDRESS in html and ROOM in html and "Planned stay" in html and "Arrived" in html
    assert "Landlord's answer" in html
    assert EMPLOYER not in html and "Workplace" not in html and "Employer's answer" not in html
    no_decisions(html, report)


def test_an_employer_sees_the_workplace_and_their_answer_not_the_home(client, db, report, sign_in):
    boss = report.employment.employer.members[0].account
    html = page(client, sign_in, boss, report)
    assert EMPLOYER in html and "Workplace" in html and "Employer's answer" in html
    assert ADDRESS not in html and ROOM not in html and "Building 3" not in html
    assert "Arrived" not in html and "Planned stay" not in html and "Landlord's answer" not in html
    no_decisions(html, report)


def test_someone_both_landlord_and_employer_sees_both_parts(client, db, report, landlord, sign_in):
    report.employment.employer.members.append(EmployerMember(account=landlord))
    db.session.commit()
    html = page(client, sign_in, landlord, report)
    assert ADDRESS in html and ROOM in html and EMPLOYER in html
    no_decisions(html, report)


def test_the_person_still_sees_everything(client, db, report, migrant, sign_in):
    html = page(client, sign_in, migrant, report)
    assert ADDRESS in html and ROOM in html and EMPLOYER in html and "reported late" in html
    assert "What this means for you" in html
    assert not [rule for rule in rule_ids(report) if rule in html]  # never a rule id for the person


@pytest.mark.parametrize("who", ["coordinator", "landlord_coordinator"])
def test_the_coordinator_still_sees_everything(client, db, report, community, landlord, create_account, sign_in, who):
    """A landlord who is also the community's coordinator reads the report as its coordinator."""
    if who == "coordinator":
        account = create_account("coordinator", place=community)
    else:
        account = landlord
        account.grants.append(RoleGrant(role="coordinator", place=community))
        db.session.commit()
    html = page(client, sign_in, account, report)
    assert ADDRESS in html and ROOM in html and EMPLOYER in html and "reported late" in html
    assert "What the rules say" in html and rule_ids(report)[0] in html
