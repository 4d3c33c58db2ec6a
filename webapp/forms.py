"""Form pieces shared by every feature: trimmed text, a length limit, a date not too long ago, checkbox groups, and
the base form that refuses what no field should hold (control characters, NUL bytes that PostgreSQL cannot store,
text-direction overrides that disguise a name) and text longer than a field can sensibly be."""

import re
import unicodedata
from datetime import date, timedelta

from flask import current_app, has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.form import SUBMIT_METHODS
from flask_wtf.i18n import translations as wtforms_translations
from werkzeug.datastructures import ImmutableMultiDict
from wtforms import DateField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice, SelectFieldBase
from wtforms.validators import Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from webapp import clock

#: Characters no field may hold: C0 and C1 controls (a text area keeps its line breaks and tabs), and the
#: bidirectional overrides and isolates that make "gpj.exe" read "exe.jpg" (U+202A–U+202E, U+2066–U+2069).
_BIDI = "\u202a-\u202e\u2066-\u2069"
REFUSED_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
REFUSED_IN_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")
#: Emoji and pictographs, which no name, address or job on a record holds (a text area, where people write in
#: their own words, takes them): the emoji and pictograph blocks, miscellaneous symbols and dingbats, and the
#: variation selector that asks for an emoji's picture.
PICTURES_IN_LINE = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f]")
PICTURES_REFUSED = _l("Use only letters, numbers and punctuation: emoji and symbols cannot go on a record")
#: The longest text a field takes when it declares no Length of its own.
DEFAULT_MAX_LINE = 200
DEFAULT_MAX_TEXT = 2000
#: Every date a person can mean is in this range (a form's own checks narrow it); a job "starting in year 1" is not.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2099, 12, 31)


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


def not_too_old(form, field):
    if field.data and field.data < clock.today() - timedelta(days=366 * 20):
        raise ValidationError(_l("The date must be within the last 20 years"))


def refused_characters(field) -> re.Pattern:
    return REFUSED_IN_TEXT if isinstance(field, TextAreaField) else REFUSED_IN_LINE


def default_limit(field) -> int | None:
    """The longest text a field takes when it has no Length(max=…) of its own (that one speaks for itself); None
    for fields that are not text, or that have their own."""
    if not isinstance(field, StringField):
        return None
    if any(isinstance(v, Length) and v.max is not None and v.max >= 0 for v in field.validators):
        return None
    return DEFAULT_MAX_TEXT if isinstance(field, TextAreaField) else DEFAULT_MAX_LINE


#: WTForms' own messages for a value it cannot read, in our words (they name the value, or read like a program's).
#: A date from a browser without a date picker, a number with a decimal point, a choice the page no longer offers
#: (a document deleted since the page was loaded, a value changed by hand).
OUR_WORDS = {
    "Not a valid date value.": _l("Enter a real date, as year, month and day (for example 2026-03-27)"),
    "Not a valid datetime value.": _l("Enter a real date and time"),
    "Not a valid time value.": _l("Enter a real time, as hours and minutes"),
    "Not a valid integer value.": _l("Enter a whole number, in figures"),
    "Not a valid decimal value.": _l("Enter a number, in figures"),
    "Not a valid float value.": _l("Enter a number, in figures"),
    "Not a valid choice.": _l("Choose one of the options shown"),
    "Invalid Choice: could not coerce.": _l("Choose one of the options shown"),
    "Invalid choice(s): one or more data inputs could not be coerced.": _l("Choose only from the options shown"),
    "'%(value)s' is not a valid choice for this field.": _l("Choose only from the options shown"),
    "'%(value)s' are not valid choices for this field.": _l("Choose only from the options shown"),
}


class OurMessages:
    """WTForms' translations (Flask-WTF's, in the page's language), with OUR_WORDS for the messages above."""

    def gettext(self, string):
        mine = OUR_WORDS.get(string)
        return str(mine) if mine is not None else wtforms_translations.gettext(string)

    def ngettext(self, singular, plural, n):
        mine = OUR_WORDS.get(singular if n == 1 else plural)
        # Ours name no value: WTForms formats them with one (`% dict`), which leaves them as they are.
        return str(mine) if mine is not None else wtforms_translations.ngettext(singular, plural, n)


OUR_MESSAGES = OurMessages()


class Form(FlaskForm):
    """Base form: errors are shown by templates/components/forms.html.

    Every field's sent values are checked as soon as they are read (before any view or validator can take them to
    the database): a refused character is taken out of the field's data, so nothing downstream sees it, and the
    field says why the form was not accepted.
    """

    #: The fields in the order the page shows them, where that differs from the order of declaration (a mixin's
    #: fields come first): the error summary lists its errors so. Fields not named keep their order among
    #: themselves, where `...` stands (before the named ones when there is none).
    PAGE_ORDER: tuple = ()
    #: Built on a page with what the person typed when it could not be taken (accounts/kept_forms.py): a view that
    #: fills the form from the record on a GET leaves it as typed.
    restored = False

    class Meta:
        def get_translations(self, form):
            return OUR_MESSAGES

        def wrap_formdata(self, form, formdata):
            """Flask-WTF reads a JSON body as the form's data (a MultiDict of whatever the JSON holds): a list, a
            number or a body nested 10,000 deep was a 500, and nested objects reached the fields. No form of this
            app is sent as JSON: such a body is read as the empty form it is, which says what is missing."""
            if formdata is not None and not hasattr(formdata, "getlist") and has_request_context() and request.is_json:
                return ImmutableMultiDict() if request.method in SUBMIT_METHODS else None
            if has_request_context() and request.method == "GET":
                # What the person typed in this form when it could not be taken (accounts/kept_forms.py): before a
                # draft the page would show (the report form's), since it is newer.
                keeper = current_app.extensions.get("xinju.kept_formdata")
                if keeper is not None and (kept := keeper(form)) is not None:
                    form.restored = True
                    return kept
            return super().wrap_formdata(form, formdata)

    def in_page_order(self) -> list:
        order = list(self.PAGE_ORDER)
        rest = order.index(...) if ... in order else -1
        rank = {name: i for i, name in enumerate(order) if name is not ...}
        return sorted(self, key=lambda field: rank.get(field.name, rest))  # stable: the others keep their order

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        super().process(formdata, obj, data=data, extra_filters=extra_filters, **kwargs)
        self._refused = {}
        if formdata is None:
            return
        for field in self:
            if isinstance(field, DateField) and field.data is None and field.raw_data:
                _read_wide_date(field)
        for field in self:
            if field.short_name == "csrf_token":
                continue
            message = self._refusal(field)
            if message is not None:
                # By the name the field is sent under: a form with a prefix sends "reject-reason" for its "reason".
                self._refused[field.name] = message
                field.data = self._cleaned(field, field.data)
                # The page shows what was typed again: without the refused characters.
                field.raw_data = self._cleaned(field, list(field.raw_data or []))

    def _refusal(self, field):
        raw = [v for v in (field.raw_data or []) if isinstance(v, str)]
        if any(refused_characters(field).search(v) for v in raw):
            return _l("Use only letters, numbers and punctuation: this has a control character or a hidden mark")
        limit = default_limit(field)
        if limit is not None and any(len(v.strip()) > limit for v in raw):
            return _l("Use %(max)d characters or fewer", max=limit)
        return None

    @staticmethod
    def _cleaned(field, value):
        pattern = refused_characters(field)
        if isinstance(value, str):
            cleaned = pattern.sub("", value)
            limit = default_limit(field)
            return cleaned[:limit] if limit is not None else cleaned
        if isinstance(value, list):
            return [pattern.sub("", v) if isinstance(v, str) else v for v in value]
        return value

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        by_name = {field.name: field for field in self}  # the names sent, prefixed (self[…] takes the short ones)
        for field in self:
            # Emoji in a line: the field's own check speaks first (a room list names the room, a name of nothing but
            # a variation selector is "enter your name"); then this. Shown again without them either way.
            if isinstance(field, StringField) and not isinstance(field, TextAreaField):
                if any(isinstance(v, str) and PICTURES_IN_LINE.search(v) for v in field.raw_data or []):
                    field.raw_data = [PICTURES_IN_LINE.sub("", v) if isinstance(v, str) else v for v in field.raw_data]
                    if isinstance(field.data, str):
                        field.data = PICTURES_IN_LINE.sub("", field.data)
                    if not field.errors:
                        field.errors = [PICTURES_REFUSED]
                    valid = False
        for name, message in getattr(self, "_refused", {}).items():
            field = by_name[name]
            field.errors = [message, *(e for e in field.errors if e != message)]
        for field in self:
            if _choice_skipped(field):
                try:
                    field.pre_validate(self)
                except ValidationError as error:
                    field.errors = [str(error)]
                    valid = False
            if isinstance(field, DateField) and field.data and not EARLIEST_DATE <= field.data <= LATEST_DATE:
                # One message: the field's own bound (the last 20 years, not in the future) when it has one.
                field.errors = list(field.errors) or [_l("Enter a date between 1900 and 2099")]
                valid = False
        return valid and not getattr(self, "_refused", None)


#: A date as people write it, year first (after NFKC, full-width figures and separators are ordinary ones):
#: 1990-03-16, 1990/3/16, 1990.03.16, 19900316, 1990年3月16日 (or 号). Day-first dates (16/03/1990) are ambiguous
#: (16/03 or 03/16?) and stay refused.
_TYPED_DATES = (
    re.compile(r"(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def read_date(text) -> date | None:
    """The date a person typed, in any of the common ways (see _TYPED_DATES; full-width figures too), or None when
    it is not one (or not a real day: 1990-02-30)."""
    if not isinstance(text, str):
        return None
    plain = unicodedata.normalize("NFKC", text).strip()
    for pattern in _TYPED_DATES:
        match = pattern.fullmatch(plain)
        if match:
            year, month, day = (int(part) for part in match.groups() if part.isdigit())
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None


def _read_wide_date(field) -> None:
    """A date typed other than as the browser's picker sends it ("２０２６－０７－１４" on a Chinese keyboard, where the
    browser shows no picker; "2026/7/14", "2026年7月14日") read as the same date (read_date)."""
    found = read_date(" ".join(v for v in field.raw_data if isinstance(v, str)))
    if found is None:
        return  # not a date in any common way: the field's own message stands
    field.data = found
    field.raw_data = [found.isoformat()]  # shown again as the date input reads it, if another field has an error
    field.process_errors = []


def _choice_skipped(field) -> bool:
    """A choice field whose check of its options Optional() skipped, though something was sent: Optional() stops every
    check (and clears their errors) when the first value sent is blank, so "   " was kept as a department, and
    ["", "anything"] as the documents an officer asks for."""
    raw = field.raw_data or []
    return (
        isinstance(field, SelectFieldBase)
        and not field.errors
        and getattr(field, "validate_choice", False)
        and field.choices is not None
        and bool(raw)
        and isinstance(raw[0], str)
        and not raw[0].strip()
        and any(isinstance(value, str) and value != "" for value in raw)
    )


def sent(form, formdata) -> bool:
    """Was this form (one of several on a page, each with its prefix) the one sent? Any of its fields counts, so a
    form sent with nothing chosen is still validated and shows its errors instead of reloading without a word."""
    return any(key.startswith(form._prefix) for key in formdata)


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3 wants them."""
    return [SelectChoice(value, label) for value, label in pairs]
