"""A date typed in full-width figures (a Chinese keyboard, in a browser without a date picker) is read as the same
date; what is not a date either way keeps the field's message (webapp/forms.py, for every date field of the app)."""

from datetime import date

from werkzeug.datastructures import MultiDict
from wtforms import DateField

from webapp.forms import Form


class DayForm(Form):
    class Meta:
        csrf = False

    day = DateField("Day", format="%Y-%m-%d")


def test_full_width_figures_are_read_as_the_date(app):
    with app.test_request_context(method="POST"):
        form = DayForm(formdata=MultiDict({"day": "２０２６－０７－１４"}))
        assert form.validate(), form.errors
        assert form.day.data == date(2026, 7, 14)


def test_what_is_no_date_in_either_width_keeps_its_message(app):
    with app.test_request_context(method="POST"):
        form = DayForm(formdata=MultiDict({"day": "２０２６－１３－４０"}))
        assert not form.validate() and form.day.errors
        plain = DayForm(formdata=MultiDict({"day": "2026-07-14"}))
        assert plain.validate() and plain.day.data == date(2026, 7, 14)
