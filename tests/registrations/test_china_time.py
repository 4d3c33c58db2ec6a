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


def test_a_report_at_23_30_utc_is_judged_on_chinas_day(app, client, db, migrant, sign_in, report_data, submit_report):
    person = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    person.birth_date = date(2010, 3, 10)  # 16 today in China, still 15 on the UTC day
    db.session.commit()
    sign_in(migrant)
    with clock.pinned_at(LATE_EVENING_UTC):
        assert clock.today() == CHINA_TODAY
        # Arrived this morning, China's today: not "in the future".
        receipt = submit_report(report_data(arrival_date=CHINA_TODAY.isoformat()))
        html = receipt.get_data(as_text=True)
    assert receipt.status_code == 200

    report = db.session.scalar(db.select(ResidenceReport))
    assert report.arrival_date == CHINA_TODAY and not report.late
    assert clock.local(report.created_at).date() == CHINA_TODAY  # stored as UTC: 9 March 23:30

    # The registration deadline is counted from China's day, and shown.
    profile = profile_for(report.place.code, CHINA_TODAY)
    due = engine.registration_deadline(profile, CHINA_TODAY)
    registration = next(d for d in report.decisions if d["topic"] == "registration")
    assert registration["due"] == due.isoformat()
    assert due != engine.registration_deadline(profile, date(2026, 3, 9))
    with app.test_request_context(), force_locale("en"):
        shown = format_date(due, "long")
    assert shown in html

    # Sixteen today in China: old enough for a permit, not "from 10 March, when you turn 16".
    assert engine.age_on(person.birth_date, CHINA_TODAY) == 16
    permit = next(d for d in report.decisions if d["topic"] == "permit")
    assert permit["outcome"] == "eligible", permit
