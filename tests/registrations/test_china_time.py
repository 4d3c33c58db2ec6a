"""At 23:30 UTC it is already 07:30 the next morning in China: a report sent then is judged on China's day.

Before the app had one clock, a server in UTC was a day behind between 00:00 and 08:00 Beijing time: an arrival
dated today was "in the future", deadlines were counted from the day before and people were a day younger.
"""

from datetime import UTC, date, datetime

from flask_babel import force_locale, format_date

from webapp import clock
from webapp.people.models import Person
from webapp.policy import engine
from webapp.policy.profiles import profile_for
from webapp.registrations.models import ResidenceReport

#: 23:30 UTC on Monday 9 March 2026: 07:30 on Tuesday 10 March in China.
LATE_EVENING_UTC = datetime(2026, 3, 9, 23, 30, tzinfo=UTC)
CHINA_TODAY = date(2026, 3, 10)


def test_a_report_at_23_30_utc_is_judged_on_chinas_day(app, client, db, migrant, sign_in, report_data, post_form):
    person = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    person.birth_date = date(2010, 3, 10)  # 16 today in China, still 15 on the UTC day
    db.session.commit()
    sign_in(migrant)
    with clock.pinned_at(LATE_EVENING_UTC):
        assert clock.today() == CHINA_TODAY
        # Arrived this morning, China's today: not "in the future".
        response = post_form("/reports/new", report_data(arrival_date=CHINA_TODAY.isoformat()))
        assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
        post_form("/reports/new/more", {})
        check = client.get("/reports/new/check").get_data(as_text=True)
        receipt = post_form("/reports/new/check", page="/reports/new/check", follow_redirects=True)
    assert receipt.status_code == 200

    report = db.session.scalar(db.select(ResidenceReport))
    assert report.arrival_date == CHINA_TODAY and not report.late
    assert clock.local(report.created_at).date() == CHINA_TODAY  # stored as UTC: 9 March 23:30

    # The registration deadline is counted from China's day, and shown before the report is sent.
    profile = profile_for(report.place.code, CHINA_TODAY)
    due = engine.registration_deadline(profile, CHINA_TODAY)
    registration = next(d for d in report.decisions if d["topic"] == "registration")
    assert registration["due"] == due.isoformat()
    assert due != engine.registration_deadline(profile, date(2026, 3, 9))
    with app.test_request_context(), force_locale("en"):
        shown, sent = format_date(due, "long"), format_date(CHINA_TODAY, "long")
    assert f"You need to register your residence by {shown}" in check
    assert f"You reported your residence on {sent}" in receipt.get_data(as_text=True)

    # Sixteen today in China: applies for the permit herself, not through a guardian (under the national rules,
    # once she has lived here six months with a stable home).
    assert engine.age_on(person.birth_date, CHINA_TODAY) == 16
    facts = engine.StayFacts(
        report.place.code, date(2025, 9, 1), "work", "own_home", stable_residence=True, stay_ends_on=None
    )
    permit = engine.decide(engine.PersonFacts(person.birth_date, "411525"), facts, profile, CHINA_TODAY)[1]
    assert permit.rule == "permit.eligible_endorsed", permit
    day_before = engine.decide(engine.PersonFacts(person.birth_date, "411525"), facts, profile, date(2026, 3, 9))[1]
    assert day_before.rule == "permit.eligible_via_guardian"
