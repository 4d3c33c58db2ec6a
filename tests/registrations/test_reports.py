"""A migrant reports where they live, sees what the rules mean for them, and follows the report."""

import re
from datetime import date, timedelta

import pytest

from webapp import clock
from webapp.audit.models import AuditEvent
from webapp.policy import engine
from webapp.policy.profiles import Period, profile_for
from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import Tenancy


def test_without_a_profile_the_person_is_asked_about_themselves_first(client, create_account, sign_in):
    sign_in(create_account("migrant"))
    assert client.get("/me").status_code == 200
    response = client.get("/reports/new")
    assert response.status_code == 302 and response.location.endswith("/me/profile?next=/reports/new")


def test_report_for_own_home_explains_the_rules(client, db, migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    receipt = submit_report(report_data())
    html = receipt.get_data(as_text=True)
    assert receipt.status_code == 200
    assert "Residence report" in html and "What this means for you" in html
    report = db.session.scalar(db.select(ResidenceReport))
    assert report.status == "submitted"
    assert report.profile_id == "national-2016"  # Shandong's rules since 2018 are not yet checked: the national ones
    topics = [d["topic"] for d in report.decisions]
    assert topics == ["registration", "permit", "changes"]
    registration = report.decisions[0]
    assert registration["outcome"] == "required" and registration["rule"]
    assert report.receipt_display in html
    assert "Interim Regulations on Residence Permits" in html  # the rules the decision came from, by their title
    assert registration["rule"] not in html  # never a rule id for the resident


def test_the_same_report_in_chinese(client, migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    client.set_cookie("lang", "zh")
    form = client.get("/reports/new").get_data(as_text=True)  # before sending: then the form is no longer offered
    assert '<label class="visually-hidden" for="stay_count">数量</label>' in form  # how many days…, not a serial number
    html = submit_report(report_data()).get_data(as_text=True)
    assert "这对您有什么影响" in html and "居住登记" in html


def test_rental_report_then_landlord_confirms(
    client, db, migrant, landlord, rental, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord=rental.code_display, room="102"))
    tenancy = db.session.scalar(db.select(Tenancy))
    assert (tenancy.status, tenancy.room.name) == ("pending", "102")
    assert tenancy.answer_due is not None

    sign_in(landlord)
    home = client.get("/landlord").get_data(as_text=True)
    assert "王芳" in home and "1 tenant is waiting" in home
    response = post_form(f"/landlord/tenancies/{tenancy.id}", {"answer-answer": "confirm"})
    assert response.status_code == 302
    report = db.session.scalar(db.select(ResidenceReport))
    db.session.refresh(report)
    assert report.status == "confirmed"
    receipt = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    assert "Confirmed" in receipt  # the landlord's column of the evidence


def test_landlord_denies_with_a_reason(
    client, db, migrant, landlord, rental, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="101"))
    tenancy = db.session.scalar(db.select(Tenancy))
    sign_in(landlord)
    missing = post_form(f"/landlord/tenancies/{tenancy.id}", {"answer-answer": "deny"})
    assert "Say what is wrong" in missing.get_data(as_text=True)
    post_form(f"/landlord/tenancies/{tenancy.id}", {"answer-answer": "deny", "answer-reason": "不住这里"})
    db.session.refresh(tenancy)
    assert (tenancy.status, tenancy.answer_reason) == ("denied", "不住这里")
    sign_in(migrant)
    report = db.session.scalar(db.select(ResidenceReport))
    html = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    assert "Denied: 不住这里" in html
    # What happens next follows the denial: no longer that the landlord is asked to confirm.
    assert "said part of your report is not right" in html and "is asked to confirm your report" not in html


def test_landlord_found_by_phone_at_the_address(client, db, migrant, rental, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord="139 1234 5678", room="101"))
    assert db.session.scalar(db.select(Tenancy)).property_id == rental.id


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"arrival_date": "TOMORROW"}, "arrival_date", "cannot be in the future"),
        ({"arrival_date": ""}, "arrival_date", "Enter the date you arrived"),
        ({"community": ""}, "community", "Choose the village or community"),
        ({"road": ""}, "road", "Enter the road"),
        ({"housing_type": "rental"}, "landlord", "rental code or mobile number"),
        ({"housing_type": "rental", "landlord": "ZZZZZZZZ"}, "landlord", "cannot find a rental"),
        ({"housing_type": "rental", "landlord": "RENTAL", "room": "999"}, "room", "Choose a room in your landlord"),
        ({"employer_name": "X", "employer_uscc": "91110000600037341A"}, "employer_uscc", "not a valid"),
        ({"employer_uscc": "91110000600037341L"}, "employer_name", "No employer with this code is on Xinju yet"),
        ({"stay_open": None, "stay_count": ""}, "stay_count", "Enter how long you plan to stay"),
        ({"stay_open": None, "stay_count": "0"}, "stay_count", "from 1 to 999"),
        ({"stay_open": None, "stay_count": "1000000000000000000000"}, "stay_count", "from 1 to 999"),
        ({"stay_open": None, "stay_count": "3", "stay_unit": "weeks"}, "stay_count", "Choose one of the options shown"),
        ({"stay_open": None, "stay_count": "500", "stay_unit": "years"}, "stay_count", "50 years or less"),
        ({"stay_open": None, "stay_count": "601", "stay_unit": "months"}, "stay_count", "for longer, tick"),
        ({"reason": ""}, "reason", "Select why you are here"),
    ],
)
def test_bad_input_is_explained_next_to_the_field(
    client, db, migrant, rental, sign_in, report_data, post_form, changes, field, message
):
    sign_in(migrant)
    if changes.get("landlord") == "RENTAL":
        changes = {**changes, "landlord": rental.code}
    if changes.get("arrival_date") == "TOMORROW":  # on the test's clock, not at collection
        changes = {**changes, "arrival_date": (clock.today() + timedelta(days=1)).isoformat()}
    response = post_form("/reports/new", report_data(**changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in html, html[-2000:]
    assert message in html
    assert db.session.scalar(db.select(ResidenceReport)) is None


def test_the_error_summary_lists_the_errors_in_the_pages_order(client, migrant, sign_in, report_data, post_form):
    """The address first, then the arrival date, then the work: as the page asks, not as the form's parts are
    declared (the work's fields come from a mixin)."""
    sign_in(migrant)
    data = report_data(road="", arrival_date="", employer_uscc="91110000600037341A")
    html = post_form("/reports/new", data).get_data(as_text=True)
    summary = html.split('class="error-summary__list"', 1)[1].split("</ul>", 1)[0]
    links = re.findall(r'href="#([a-z_]+)', summary)
    assert links == ["road", "arrival_date", "employer_uscc"], links


def test_choosing_the_place_keeps_what_was_typed(client, migrant, sign_in, report_data, post_form):
    sign_in(migrant)
    data = report_data(county="", township="", community="", road="幸福路")
    html = post_form("/reports/new", {**data, "choose": "1"}).get_data(as_text=True)
    assert 'value="幸福路"' in html
    assert "张店区" in html  # the next list
    assert "error-summary" not in html


def test_scanning_the_landlords_poster_fills_in_the_address(client, db, migrant, rental, sign_in, post_form):
    sign_in(migrant)
    response = client.get(f"/rentals/join/{rental.code}")
    assert response.location.endswith("/reports/new")
    html = client.get("/reports/new").get_data(as_text=True)
    assert "人民路" in html and "Your room" in html and 'id="county"' not in html
    data = {
        "room": "101",
        "housing_type": "rental",
        "arrival_date": clock.today().isoformat(),
        "stay_count": "3",
        "stay_unit": "months",
        "reason": "work",
    }
    response = post_form("/reports/new", data)
    assert response.location.endswith("/reports/new/check")  # 3 months: too short for a permit, nothing more asked
    post_form("/reports/new/check", page="/reports/new/check")
    report = db.session.scalar(db.select(ResidenceReport))
    assert (report.tenancy.property_id, report.room, report.place.code) == (rental.id, "101", "370303001001")


def test_poster_shows_a_qr_code(client, landlord, rental, sign_in):
    sign_in(landlord)
    html = client.get(f"/landlord/properties/{rental.id}/poster").get_data(as_text=True)
    assert "<svg" in html and rental.code_display in html


def test_a_migrant_cannot_see_anothers_report(
    client, db, migrant, create_account, create_person, sign_in, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data())
    report = db.session.scalar(db.select(ResidenceReport))
    stranger = create_account("migrant")
    create_person(stranger, name="张三")
    sign_in(stranger)
    assert client.get(f"/reports/{report.receipt}").status_code == 404
    assert client.get(f"/reports/{report.receipt}/move").status_code == 404


def test_a_landlord_cannot_see_another_landlords_tenants(
    client, db, migrant, rental, create_account, sign_in, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="101"))
    tenancy = db.session.scalar(db.select(Tenancy))
    report = db.session.scalar(db.select(ResidenceReport))
    sign_in(create_account("landlord"))
    assert client.get(f"/landlord/tenancies/{tenancy.id}").status_code == 404
    assert client.get(f"/landlord/properties/{rental.id}").status_code == 404
    assert client.get(f"/reports/{report.receipt}").status_code == 404
    assert "王芳" not in client.get("/landlord").get_data(as_text=True)


def test_coordinator_view_is_audited_and_limited_to_their_communities(
    client, db, migrant, community, other_community, create_account, sign_in, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data())
    report = db.session.scalar(db.select(ResidenceReport))
    sign_in(create_account("coordinator", place=other_community))
    assert client.get(f"/reports/{report.receipt}").status_code == 404
    coordinator = sign_in(create_account("coordinator", place=community, display_name="赵磊"))
    assert client.get(f"/reports/{report.receipt}").status_code == 200
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "record.viewed"))
    assert (event.actor_id, event.subject_person_id) == (coordinator.id, report.person_id)
    sign_in(migrant)
    assert "赵磊 looked at your residence report" in client.get("/account").get_data(as_text=True)


def test_id_numbers_are_masked_on_screen(client, db, migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data())
    number = db.session.scalar(db.select(ResidenceReport)).person.id_number
    for url in ("/me", "/me/profile"):
        html = client.get(url).get_data(as_text=True)
        assert number not in html
        assert number[:4] + "**********" + number[-4:] in html


@pytest.mark.parametrize(("days_ago", "late"), [(1, False), (3, False), (4, True), (30, True)])
def test_a_first_report_after_the_registration_deadline_is_marked_late(
    client, db, migrant, sign_in, report_data, submit_report, days_ago, late
):
    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - timedelta(days=days_ago)).isoformat()))
    assert db.session.scalar(db.select(ResidenceReport)).late is late


def test_an_employers_claim_is_due_by_the_employers_deadline(
    db, migrant, rental, create_employer, sign_in, report_data, submit_report, monkeypatch
):
    """A worker's claim waits for the employer by the employer's deadline (its own working days in the profile), a
    tenant's for the landlord by the landlord's: both counted from the day the report is sent."""
    employer = create_employer()
    asked = []

    def employer_deadline(profile, day, *args, **kwargs):
        asked.append(day)
        return date(2026, 8, 31)  # not what the landlord's rule gives

    monkeypatch.setattr(engine, "employer_report_deadline", employer_deadline)
    sign_in(migrant)
    submit_report(
        report_data(
            housing_type="rental",
            landlord=rental.code,
            room="101",
            employer_name=employer.name,
            employer_uscc=employer.uscc,
        )
    )
    report = db.session.scalar(db.select(ResidenceReport))
    profile = profile_for(report.place.code, report.arrival_date)
    assert (report.employment.employer, report.employment.answer_due) == (employer, date(2026, 8, 31))
    assert asked == [clock.today()]
    assert report.tenancy.answer_due == engine.landlord_report_deadline(profile, clock.today())


def test_an_employers_claim_is_due_after_the_employers_working_days(
    db, migrant, create_employer, sign_in, report_data, submit_report
):
    employer = create_employer()
    sign_in(migrant)
    submit_report(report_data(employer_name=employer.name, employer_uscc=employer.uscc))
    report = db.session.scalar(db.select(ResidenceReport))
    profile = profile_for(report.place.code, report.arrival_date)
    assert report.employment.answer_due == engine.employer_report_deadline(profile, clock.today())


def test_the_code_of_an_employer_on_xinju_is_enough(db, migrant, create_employer, sign_in, report_data, submit_report):
    employer = create_employer(name="淄博新居纺织有限公司", uscc="91370303MA3C5QW1PF")
    sign_in(migrant)
    html = submit_report(report_data(employer_uscc="91370303MA3C5QW1PF")).get_data(as_text=True)
    assert "淄博新居纺织有限公司" in html  # the workplace on the receipt, by the employer's name on Xinju
    job = db.session.scalar(db.select(ResidenceReport)).employment
    assert (job.employer, job.employer_name, job.status) == (employer, "淄博新居纺织有限公司", "pending")


@pytest.mark.parametrize(("count", "unit"), [("50", "years"), ("600", "months"), ("999", "days")])
def test_a_long_stay_within_fifty_years_is_taken(db, migrant, sign_in, report_data, submit_report, count, unit):
    sign_in(migrant)
    submit_report(report_data(stay_open=None, stay_count=count, stay_unit=unit))
    assert db.session.scalar(db.select(ResidenceReport)).stay == Period(int(count), unit)
