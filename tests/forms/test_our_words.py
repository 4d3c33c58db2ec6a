"""WTForms' own messages for a value it cannot read are said in our words, in the page's language, next to the
field: never "'99999' is not a valid choice for this field." in English on a Chinese page."""

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import DateField, IntegerField, RadioField, SelectMultipleField
from wtforms.validators import InputRequired

from webapp.forms import Form, choices


class Example(Form):
    day = DateField("day", format="%Y-%m-%d")
    count = IntegerField("count")
    kind = RadioField("kind", choices=choices([("a", "A"), ("b", "B")]))
    documents = SelectMultipleField("documents", choices=choices([("1", "one"), ("2", "two")]))


@pytest.mark.parametrize(
    ("language", "day", "count", "kind", "documents"),
    [
        ("en", "Enter a real date", "Enter a whole number", "Choose one of the options", "Choose only from"),
        ("zh", "请输入真实的日期", "请用数字输入整数", "请从列出的选项中选择一项", "请只从列出的选项中选择"),
    ],
)
def test_values_a_field_cannot_read_are_explained_in_the_pages_language(app, language, day, count, kind, documents):
    data = MultiDict([("day", "2026-02-31"), ("count", "1.5"), ("kind", "c"), ("documents", "99999")])
    with app.test_request_context(headers={"Accept-Language": language}):
        form = Example(formdata=data, meta={"csrf": False})
        assert not form.validate()
        errors = {name: " ".join(map(str, messages)) for name, messages in form.errors.items()}
    assert day in errors["day"] and count in errors["count"], errors
    assert kind in errors["kind"] and documents in errors["documents"], errors
    assert "99999" not in errors["documents"]  # the value is not repeated back


def test_other_wtforms_messages_keep_wtforms_own_translations(app):
    class Required(Form):
        name = IntegerField("name", validators=[InputRequired()])

    with app.test_request_context(headers={"Accept-Language": "zh"}):
        form = Required(formdata=MultiDict([("name", "")]), meta={"csrf": False})
        form.validate()
        assert form.errors["name"] == ["该字段是必填字段。"]
