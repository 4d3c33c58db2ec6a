"""A person has one current report: no second first report; a leave date not ahead, and what leaving ends; a move to
a new address only; a change judged by the rules of its day; an address stored alike however it is typed; the
permit decision as the person's permit stands."""

from datetime import date, timedelta

from tests.support.factories import create_permit
from tests.support.forms import errors_shown
from webapp import clock
from webapp.permits.models import PermitApplication
from webapp.registrations.models import ResidenceReport


def current(db):
    return db.session.scalar(db.select(ResidenceReport).where(ResidenceReport.ended_on.is_(None)))


def reports(db) -> int:
    return len(db.session.scalars(db.select(ResidenceReport)).all())


def an_application(db, report) -> PermitApplication:
    """An application for a permit on the report, waiting for the officer (as the form makes it)."""
    application = PermitApplication(
        person=report.person,
        report=report,
        county=report.place.parent.parent,
        permit_type="standard",
        profile_id=report.profile_id,
        target_date=clock.today(),
    )
    db.session.add(application)
    db.session.commit()
    return application


def days_ago(n: int) -> str:
    return (clock.today() - timedelta(days=n)).isoformat()


# 1. No second first report.


def test_a_person_with_a_current_report_cannot_open_the_first_report_form(
    client, db, migrant, sign_in, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data())
    first = current(db)
    response = client.get("/reports/new")
    assert response.status_code == 302 and response.location.endswith(f"/reports/{first.receipt}")
    html = client.get(response.location).get_data(as_text=True)
    assert "You already have a residence registration" in html
    assert f'href="/reports/{first.receipt}/move"' in html and "I moved to a new address" in html
    client.set_cookie("lang", "zh")
    client.get("/reports/new")
    html = client.get(f"/reports/{first.receipt}").get_data(as_text=True)
    assert "您已经有居住登记" in html and "我搬到了新地址" in html


def test_a_person_with_a_current_report_cannot_send_a_first_report_again(
    client, db, migrant, sign_in, report_data, submit_report, post_form
):
    """Every step refuses, the check page's sending too (Back after sending, or a draft in a second tab): nothing is
    saved."""
    sign_in(migrant)
    submit_report(report_data())
    first = current(db)
    again = report_data(road="新华路")
    for url in ("/reports/new", "/reports/new/more", "/reports/new/check"):
        with client.session_transaction() as session:
            session["report_draft"] = {k: [v] for k, v in again.items()}
        response = post_form(url, again, page=f"/reports/{first.receipt}/move")
        assert response.status_code == 302 and response.location.endswith(f"/reports/{first.receipt}"), url
    response = post_form("/reports/new/check", page=f"/reports/{first.receipt}/move")  # Back, no draft left
    assert response.location.endswith(f"/reports/{first.receipt}")
    db.session.expire_all()
    assert reports(db) == 1 and current(db).id == first.id


def test_after_leaving_a_first_report_can_be_sent_again(
    client, db, migrant, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data(arrival_date=days_ago(10)))
    post_form(f"/reports/{current(db).receipt}/leave", {"left_on": days_ago(1), "confirm": "y"})
    assert client.get("/reports/new").status_code == 200
    submit_report(report_data(road="新华路"))
    db.session.expire_all()
    assert reports(db) == 2 and current(db).road == "新华路"


# 2. Leaving: not ahead; what it ends.


def test_a_leave_date_in_the_future_is_refused(client, db, migrant, sign_in, report_data, submit_report, post_form):
    sign_in(migrant)
    submit_report(report_data(arrival_date=days_ago(10)))
    report = current(db)
    permit = create_permit(report)
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    html = post_form(f"/reports/{report.receipt}/leave", {"left_on": tomorrow, "confirm": "y"}).get_data(as_text=True)
    assert errors_shown(html, "left_on", "the date cannot be in the future")
    client.set_cookie("lang", "zh")
    html = post_form(f"/reports/{report.receipt}/leave", {"left_on": tomorrow, "confirm": "y"}).get_data(as_text=True)
    assert errors_shown(html, "left_on", "日期不能晚于今天")
    db.session.expire_all()
    assert current(db).id == report.id and db.session.get(type(permit), permit.id).revoked_on is None
    today = clock.today().isoformat()
    assert post_form(f"/reports/{report.receipt}/leave", {"left_on": today, "confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert current(db) is None


def test_the_leave_page_says_it_ends_a_permit_in_force(client, db, migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data(arrival_date=days_ago(10)))
    report = current(db)
    url = f"/reports/{report.receipt}/leave"
    sentence = "It also ends your residence permit"
    assert sentence not in client.get(url).get_data(as_text=True)  # no permit
    create_permit(report, number="370300000009", revoked=clock.today() - timedelta(days=1))
    assert sentence not in client.get(url).get_data(as_text=True)  # none in force
    create_permit(report)
    html = client.get(url).get_data(as_text=True)
    assert sentence in html and 'href="/me/permit"' in html
    client.set_cookie("lang", "zh")
    assert "这也将终止您的居住证" in client.get(url).get_data(as_text=True)


# 3. A move goes somewhere else.


def test_a_move_to_the_same_address_is_refused(client, db, migrant, sign_in, report_data, submit_report, post_form):
    sign_in(migrant)
    submit_report(report_data(arrival_date=days_ago(10), number="18号", building="3", unit="2", room="101"))
    first = current(db)
    url = f"/reports/{first.receipt}/move"
    same = {**report_data(number="18", building="3栋", unit="2单元", room="101室"), "moved_on": days_ago(1)}
    html = post_form(url, same).get_data(as_text=True)
    assert errors_shown(html, "road", "This is the address you already reported")
    client.set_cookie("lang", "zh")
    assert errors_shown(post_form(url, same).get_data(as_text=True), "road", "这是您已经申报过的地址")
    db.session.expire_all()
    assert reports(db) == 1 and current(db).id == first.id
    assert post_form(url, {**same, "room": "102"}).status_code == 302  # another room is another address
    db.session.expire_all()
    assert reports(db) == 2 and current(db).room == "102"


# 4. A change is judged by the rules in force on its day.


def zibo_report_in_2017(client, db, sign_in, migrant, report_data, submit_report):
    """A report in Zibo (张店区) sent on 1 December 2017, under shandong-2012."""
    with clock.pinned_at(date(2017, 12, 1)):
        sign_in(migrant)
        submit_report(report_data(arrival_date="2017-11-30"))
    return current(db)


def test_a_move_is_judged_by_the_rules_of_the_day_it_happened(
    client, db, migrant, sign_in, report_data, submit_report, post_form
):
    """Moved on Friday 29 December 2017 in the same county, reported on 5 January 2018: shandong-2012, in force that
    day, gave 3 working days (to 4 January, after the New Year holiday): late, though today's national rules would
    give 10 days."""
    first = zibo_report_in_2017(client, db, sign_in, migrant, report_data, submit_report)
    with clock.pinned_at(date(2018, 1, 5)):
        sign_in(migrant)
        data = {**report_data(road="新华路", arrival_date=None), "moved_on": "2017-12-29"}
        assert post_form(f"/reports/{first.receipt}/move", data).status_code == 302
    db.session.expire_all()
    assert (current(db).kind, current(db).late) == ("move", True)


def test_a_new_job_is_judged_by_the_rules_of_the_day_it_started(
    client, db, migrant, sign_in, report_data, submit_report, post_form
):
    first = zibo_report_in_2017(client, db, sign_in, migrant, report_data, submit_report)
    with clock.pinned_at(date(2018, 1, 5)):
        sign_in(migrant)
        data = {"employer_name": "淄博新居纺织有限公司", "started_on": "2017-12-29"}
        assert post_form(f"/reports/{first.receipt}/new-job", data).status_code == 302
    db.session.expire_all()
    assert (current(db).kind, current(db).late) == ("new_job", True)


def test_a_move_within_the_deadline_of_its_day_is_on_time(
    client, db, migrant, sign_in, report_data, submit_report, post_form
):
    first = zibo_report_in_2017(client, db, sign_in, migrant, report_data, submit_report)
    with clock.pinned_at(date(2018, 1, 4)):
        sign_in(migrant)
        data = {**report_data(road="新华路", arrival_date=None), "moved_on": "2017-12-29"}
        assert post_form(f"/reports/{first.receipt}/move", data).status_code == 302
    db.session.expire_all()
    assert current(db).late is False


# 5. One address typed two ways is stored alike.


def test_an_address_typed_two_ways_is_stored_alike(
    client, db, migrant, sign_in, report_data, submit_report, create_account, create_person
):
    sign_in(migrant)
    submit_report(report_data(number="18", building="3", unit="2", room="101"))
    other = create_account("migrant", display_name="李明")
    create_person(other, name="李明")
    sign_in(other)
    submit_report(report_data(number="18号", building="3栋", unit="2单元", room="101室"))
    stored = {
        (r.road, r.number, r.building, r.unit, r.room) for r in db.session.scalars(db.select(ResidenceReport)).all()
    }
    assert stored == {("人民路", "18号", "3", "2", "101")}
    own = db.session.scalars(db.select(ResidenceReport).order_by(ResidenceReport.id.desc())).first()
    html = client.get(f"/reports/{own.receipt}").get_data(as_text=True)
    assert "人民路 18号, Building 3, Unit 2<" in html  # read as before (the room has its own row)
    client.set_cookie("lang", "zh")
    assert "人民路 18号 3栋 2单元<" in client.get(f"/reports/{own.receipt}").get_data(as_text=True)


# 6. The permit decision as the person's permit stands.


def test_a_permit_holder_is_not_told_to_apply(client, db, migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data(arrival_date=days_ago(200)))  # own home, over 6 months: may apply now
    report = current(db)
    receipt = f"/reports/{report.receipt}"
    for url in ("/me", receipt):
        assert "You can apply for a residence permit now" in client.get(url).get_data(as_text=True)
    create_permit(report)
    for url in ("/me", receipt):
        html = client.get(url).get_data(as_text=True)
        assert "You can apply for a residence permit now" not in html, url
        assert "You have a residence permit." in html and 'href="/me/permit"' in html, url
    client.set_cookie("lang", "zh")
    for url in ("/me", receipt):
        html = client.get(url).get_data(as_text=True)
        assert "您现在可以申领居住证" not in html and "您已有居住证" in html, url


def test_an_applicant_is_told_the_application_is_being_reviewed(
    client, db, migrant, sign_in, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data(arrival_date=days_ago(200)))
    report = current(db)
    an_application(db, report)
    for url in ("/me", f"/reports/{report.receipt}"):
        html = client.get(url).get_data(as_text=True)
        assert "You can apply for a residence permit now" not in html, url
        assert "your application is being reviewed" in html and 'href="/me/permit"' in html, url


def test_a_coordinator_reading_the_report_is_told_of_the_permit_or_the_application(
    client, db, migrant, community, create_account, sign_in, report_data, submit_report
):
    """Staff read the rules' words about a permit as the person's permit stands, by name and without the holder's
    own links: not 'a permit can be asked for' of someone who has applied, or holds one."""
    coordinator = create_account("coordinator", place=community)
    sign_in(migrant)
    submit_report(report_data(arrival_date=days_ago(200)))
    report = current(db)
    receipt = f"/reports/{report.receipt}"
    sign_in(coordinator)
    before = client.get(receipt).get_data(as_text=True)
    assert "A residence permit can be asked for 王芳 now" in before and "has applied" not in before
    assert "/me/permit" not in before  # the apply link is the person's own
    application = an_application(db, report)
    html = client.get(receipt).get_data(as_text=True)
    assert "王芳 has applied for a residence permit: the application is being reviewed." in html
    assert "can be asked for 王芳" not in html and 'href="/me/permit"' not in html and "/me/permit" not in html
    zh = client.get(receipt, headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "王芳已申领居住证，申请正在审核中。" in zh

    application.status = "missing"
    db.session.commit()
    assert "the officer has asked for more documents" in client.get(receipt).get_data(as_text=True)

    db.session.delete(application)
    create_permit(report)
    html = client.get(receipt).get_data(as_text=True)
    assert "王芳 has a residence permit." in html and "can be asked for 王芳" not in html
    assert "王芳已有居住证。" in client.get(receipt, headers={"Accept-Language": "zh"}).get_data(as_text=True)
