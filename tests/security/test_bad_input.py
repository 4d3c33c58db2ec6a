"""No input gives a 500 (issue 13, point 5): ids past the database's integers, dates no profile covers, NUL bytes and
other control characters in form fields, dates in year 1."""

from datetime import date

import pytest

from webapp import clock
from webapp.registrations.models import ResidenceReport


def current(db):
    return db.session.scalar(db.select(ResidenceReport).where(ResidenceReport.ended_on.is_(None)))


def test_an_arrival_no_profile_covers_is_judged_by_todays_rules(
    client, db, migrant, sign_in, report_data, submit_report
):
    # Zibo's profiles start on 10 January 2013; the form accepts the last 20 years (so the day is pinned: in 2028,
    # 2007 is too far back). No 500: the duty to register is judged by today's rules (registrations.rules.profiles_for).
    with clock.pinned_at(date(2026, 7, 14)):
        sign_in(migrant)
        receipt = submit_report(report_data(arrival_date="2007-01-01", arrival_confirmed="y"))
        assert receipt.status_code == 200
        assert current(db).arrival_date == date(2007, 1, 1)


def test_a_move_no_profile_covers_is_judged_by_todays_rules(
    client, db, migrant, sign_in, report_data, submit_report, post_form
):
    with clock.pinned_at(date(2026, 7, 14)):  # the form accepts the last 20 years
        sign_in(migrant)
        submit_report(report_data(arrival_date="2007-01-01", arrival_confirmed="y"))
        first = current(db)
        data = {**report_data(road="新华路"), "moved_on": "2007-02-01"}
        response = post_form(f"/reports/{first.receipt}/move", data, follow_redirects=True)
        assert response.status_code == 200
        db.session.expire_all()
        assert (current(db).road, current(db).arrival_date) == ("新华路", date(2007, 2, 1))


#: Forms whose constructor needs more than the request's data (what the view passes first), by module and name (two
#: forms are called AskForm). A correction request is checked against the person; without one the form still
#: refuses what it must.
ARGUMENTS = {
    "webapp.services.forms.HandleForm": ("submitted",),
    "webapp.privacy.correction.AskForm": (None,),
    "webapp.rentals.forms.RemoveRoomForm": ((),),  # the rooms no tenant named: none here
}


def make(cls, formdata):
    return cls(*ARGUMENTS.get(f"{cls.__module__}.{cls.__name__}", ()), formdata=formdata, meta={"csrf": False})


def every_form_class():
    from webapp.forms import Form

    found, queue = [], list(Form.__subclasses__())
    while queue:
        cls = queue.pop()
        found.append(cls)
        queue.extend(cls.__subclasses__())
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__name__}")


@pytest.mark.parametrize("value", ["a\x00b", "a\u202eb", "a\x1bb", "a\x85b"])
def test_every_field_of_every_form_refuses_control_characters(app, db, value):
    from werkzeug.datastructures import MultiDict

    classes = every_form_class()
    assert len(classes) > 20
    for cls in classes:
        with app.test_request_context("/", method="POST", headers={"Accept-Language": "en"}):
            form = make(cls, MultiDict())
            # A string in a file field is not a file: the field ignores it.
            names = [field.name for field in form if field.type != "FileField"]
            for name in names:
                form = make(cls, MultiDict({name: value}))
                for other in form:  # the views give each select its choices
                    if getattr(other, "choices", ()) is None:
                        other.choices = []
                assert not form.validate(), (cls.__name__, name)
                field = form[name]
                assert any("control character" in str(e) for e in field.errors), (cls.__name__, name, field.errors)
                assert not isinstance(field.data, str) or value not in field.data
                assert value not in "".join(str(v) for v in field.raw_data or [])


def test_text_areas_keep_their_line_breaks(app, db):
    from werkzeug.datastructures import MultiDict

    from webapp.services.forms import MessageForm

    with app.test_request_context("/", method="POST", headers={"Accept-Language": "en"}):
        form = MessageForm(formdata=MultiDict({"body": "line one\r\n\tline two"}), meta={"csrf": False})
        form.validate()
        assert not form.body.errors


def test_text_without_a_length_of_its_own_has_one(app, db):
    from werkzeug.datastructures import MultiDict

    from webapp.people.forms import ProfileForm

    with app.test_request_context("/", method="POST", headers={"Accept-Language": "en"}):
        form = ProfileForm(formdata=MultiDict({"phone": "1" * 201}), meta={"csrf": False})
        form.ethnicity.choices = form.hukou_province.choices = form.hukou_city.choices = []
        form.hukou_county.choices = []
        assert not form.validate()
        assert "Use 200 characters or fewer" in [str(e) for e in form.phone.errors]


@pytest.mark.parametrize("field", ["name", "id_number", "phone", "hukou_province", "ethnicity", "birth_date", "sex"])
def test_a_nul_byte_in_the_profile_is_refused_next_to_its_field(client, db, migrant, sign_in, post_form, field):
    sign_in(migrant)
    data = {
        "name": "王芳",
        "sex": "female",
        "ethnicity": "01",
        "birth_date": "1990-03-07",
        "id_number": "",
        "phone": "13800000000",
    }
    data[field] = "1\x00"
    response = post_form("/me/profile", data)
    assert response.status_code == 200
    assert 'id="' + field in response.get_data(as_text=True)
    assert "control character" in response.get_data(as_text=True)


def test_a_nul_byte_in_a_report_is_refused(client, db, migrant, sign_in, report_data, post_form):
    sign_in(migrant)
    for field in ("road", "landlord", "community", "employer_uscc", "arrival_date", "stay_count"):
        response = post_form("/reports/new", report_data(**{field: "7\x00"}))
        assert response.status_code == 200, field
    assert db.session.scalar(db.select(db.func.count()).select_from(ResidenceReport)) == 0


def test_a_nul_byte_in_a_request_for_a_service_is_refused(
    client, db, migrant, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data())
    response = post_form("/me/services/job_referral/ask", {"details": "想找\x00工作"})
    assert response.status_code == 200
    assert "control character" in response.get_data(as_text=True)


def test_a_right_to_left_override_in_a_name_is_refused(client, db, migrant, sign_in, post_form):
    sign_in(migrant)
    response = post_form("/me/profile", {"name": "王\u202e芳", "sex": "female", "birth_date": "1990-03-07"})
    assert response.status_code == 200
    assert "control character" in response.get_data(as_text=True)


def test_a_job_starting_in_year_one_is_refused(client, db, create_account, create_employer, sign_in, post_form):
    from tests.support.factories import id_number
    from webapp.employers.models import Employment

    boss = create_account("employer")
    create_employer(boss)
    sign_in(boss)
    number = id_number(date(1990, 3, 4))
    response = post_form("/employer/hires/new", {"name": "刘洋", "id_number": number, "started_on": "0001-01-01"})
    assert response.status_code == 200
    assert "The date must be within the last 20 years" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Employment)) == 0


def test_every_date_of_every_form_has_bounds(app, db):
    from werkzeug.datastructures import MultiDict
    from wtforms import DateField

    checked = 0
    for cls in every_form_class():
        with app.test_request_context("/", method="POST", headers={"Accept-Language": "en"}):
            names = [f.name for f in make(cls, MultiDict()) if isinstance(f, DateField)]
            for name in names:
                for day in ("0001-01-01", "1899-12-31", "9999-12-31"):
                    form = make(cls, MultiDict({name: day}))
                    for other in form:
                        if getattr(other, "choices", ()) is None:
                            other.choices = []
                    assert not form.validate()
                    assert form[name].errors, (cls.__name__, name, day)
                    checked += 1
    assert checked >= 30
