"""A date of birth to correct is read however it is commonly typed (year first): full-width figures, slashes, dots,
年月日; what is no date gets the message beside the field (webapp/forms.py: read_date, shared with every date field)."""

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import DateField

from webapp.forms import Form, read_date
from webapp.people.models import Person
from webapp.privacy.correction import CorrectionRequest
from webapp.registrations.models import ResidenceReport


@pytest.fixture
def report(migrant, sign_in, report_data, submit_report, db):
    sign_in(migrant)
    submit_report(report_data(room="101"))
    report = db.session.scalar(db.select(ResidenceReport))
    person = db.session.get(Person, report.person_id)
    person.birth_date = date(1995, 5, 18)  # a slip on the record: the ID number says 1995-05-17
    db.session.commit()
    return report


@pytest.mark.parametrize(
    "typed",
    [
        "1995-05-17",
        "１９９５－０５－１７",
        "１９９５－５－１７",
        "1995/5/17",
        "1995/05/17",
        "1995.05.17",
        "1995.5.17",
        "1995年5月17日",
        "１９９５年５月１７日",
        "1995年05月17号",
        "19950517",
        " 1995 / 5 / 17 ",
    ],
)
def test_a_date_of_birth_typed_in_a_common_way_is_asked_for(client, db, report, post_form, typed):
    response = post_form(f"/reports/{report.receipt}/correction", {"field": "birth_date", "proposed": typed})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    found = db.session.scalar(db.select(CorrectionRequest))
    assert found.field == "birth_date" and found.proposed == "1995-05-17"


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        ("en", "17/05/1995", "Enter the date as year-month-day, e.g. 1990-05-17"),
        ("en", "1995-02-30", "Enter the date as year-month-day, e.g. 1990-05-17"),
        ("en", "1995/05-17", "Enter the date as year-month-day, e.g. 1990-05-17"),
        ("zh", "五月十七日", "请按“年-月-日”输入日期，例如 1990-05-17"),
        ("zh", "１９９５－１３－０１", "请按“年-月-日”输入日期，例如 1990-05-17"),
        ("en", "2999/1/1", "Enter a date of birth between 1900 and today"),
        ("zh", "1996年5月17日", "您的身份证号码中的出生日期"),
    ],
)
def test_what_is_no_date_of_birth_is_refused_beside_the_field(client, db, report, post_form, language, typed, message):
    client.set_cookie("lang", language)
    response = post_form(f"/reports/{report.receipt}/correction", {"field": "birth_date", "proposed": typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="proposed-error"' in html
    error = html.split('id="proposed-error"', 1)[1].split("</p>", 1)[0]
    assert message in error.replace("&#34;", '"').replace("&#39;", "'"), error
    assert not db.session.scalar(db.select(CorrectionRequest))


def test_read_date_reads_year_first_dates_only():
    assert read_date("2026年7月14日") == date(2026, 7, 14)
    assert read_date("２０２６．７．１４") == date(2026, 7, 14)
    for no_date in ("14/07/2026", "2026-7", "2026-02-29", "", None, "2026-07-14T10:00", "202671"):
        assert read_date(no_date) is None, no_date


class DayForm(Form):
    class Meta:
        csrf = False

    day = DateField("Day", format="%Y-%m-%d")


def test_every_date_field_reads_them_too(app):
    with app.test_request_context(method="POST"):
        form = DayForm(formdata=MultiDict({"day": "2026/7/14"}))
        assert form.validate(), form.errors
        assert form.day.data == date(2026, 7, 14) and form.day._value() == "2026-07-14"
        assert not DayForm(formdata=MultiDict({"day": "14/07/2026"})).validate()
