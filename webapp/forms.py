"""Form pieces shared by every feature: trimmed text, a length limit, checkbox groups."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget


def strip(value):
    return value.strip() if isinstance(value, str) else value


class TrimmedStringField(StringField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("filters", []).append(strip)
        super().__init__(*args, **kwargs)


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def short(limit: int):
    return Length(max=limit, message=_l("Use %(max)d characters or fewer", max=limit))


class Form(FlaskForm):
    """Base form: errors are shown by templates/components/forms.html."""


def sent(form, formdata) -> bool:
    """Was this form (one of several on a page, each with its prefix) the one sent? Any of its fields counts, so a
    form sent with nothing chosen is still validated and shows its errors instead of reloading without a word."""
    return any(key.startswith(form._prefix) for key in formdata)


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3 wants them."""
    return [SelectChoice(value, label) for value, label in pairs]
