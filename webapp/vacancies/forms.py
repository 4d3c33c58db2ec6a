"""Forms of the jobs board: a posting (with the discrimination check next to each field), the public filters, a
referral request, an officer's review."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, ValidationError

from webapp import clock, labels
from webapp.forms import Form, TrimmedStringField, choices, short
from webapp.places.forms import CommunityFields
from webapp.vacancies import rules

YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]
#: The highest wage a posting may give, in yuan a month (a typing mistake above it).
HIGHEST_WAGE = 100_000


def fair(form, field):
    """No requirement the law forbids: every reason found, in plain words, next to the field. All of them at once:
    "women only, under 35, local hukou" is put right in one round, not refused three times in turn."""
    found = rules.refusals(field.data or "")
    if found:
        said = str(labels.label("vacancy_refusal", found[0]))
        for reason in found[1:]:
            # Two sentences one after the other: a space between them in English, none in Chinese.
            said = _("%(said)s %(more)s", said=said, more=labels.label("vacancy_refusal", reason))
        raise ValidationError(said)


def closing_date(form, field):
    if field.data and not rules.closing_date_ok(field.data, clock.today()):
        raise ValidationError(
            _l("Choose a closing date from today to %(days)s days from now", days=rules.LONGEST_OPEN_DAYS)
        )


def wage(message):
    return [InputRequired(message), NumberRange(1, HIGHEST_WAGE, _l("Enter a monthly wage in yuan, such as 4500"))]


class VacancyForm(CommunityFields):
    title = TrimmedStringField(
        _l("Job title"),
        description=_l("For example: sewing machine operator."),
        validators=[DataRequired(_l("Enter the job title")), short(100), fair],
    )
    kind = SelectField(_l("Kind of work"), validators=[DataRequired(_l("Choose the kind of work"))])
    wage_min = IntegerField(_l("Lowest monthly wage (yuan)"), validators=wage(_l("Enter the lowest monthly wage")))
    wage_max = IntegerField(_l("Highest monthly wage (yuan)"), validators=wage(_l("Enter the highest monthly wage")))
    hours = TrimmedStringField(
        _l("Working hours"),
        description=_l("For example: 8 hours a day, 6 days a week."),
        validators=[DataRequired(_l("Enter the working hours")), short(100), fair],
    )
    housing = RadioField(
        _l("Do you offer housing?"),
        choices=choices(YES_NO),
        validators=[InputRequired(_l("Say whether you offer housing"))],
    )
    min_age = RadioField(
        _l("Youngest age you hire"),
        description=_l("Nobody under 16 may be hired. Choose 18 for heavy, night or dangerous work."),
        choices=choices([("16", "16"), ("18", "18")]),
        default="16",
        validators=[InputRequired(_l("Choose 16 or 18"))],
    )
    requirements = TextAreaField(
        _l("What the work needs (optional)"),
        description=_l(
            "Skills, experience, certificates. Not hukou, sex, ethnic group or an upper age: the law forbids it."
        ),
        validators=[Optional(), short(1000), fair],
    )
    how_to_apply = TextAreaField(
        _l("How to apply"),
        description=_l(
            "Where to go or whom to call. Job seekers can also ask the job-services office for a free referral."
        ),
        validators=[DataRequired(_l("Say how to apply")), short(1000), fair],
    )
    closes_on = DateField(
        _l("Closing date"),
        format="%Y-%m-%d",
        description=_l("The posting is taken off the board after this day."),
        validators=[InputRequired(_l("Enter the closing date")), closing_date],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices([("", _l("Choose…")), *labels.choices("work_kind")])

    def validate_wage_max(self, field):
        # Compared only when both are wages: a lowest one of -5 is wrong on its own field, not "higher" than 6500.
        low, high = self.wage_min.data, field.data
        if low and high and low > 0 and high > 0 and not rules.wage_range_ok(low, high):
            raise ValidationError(_l("The highest wage cannot be lower than the lowest"))

    def values(self) -> dict:
        return {
            "title": self.title.data,
            "kind": self.kind.data,
            "wage_min": self.wage_min.data,
            "wage_max": self.wage_max.data,
            "hours": self.hours.data,
            "housing": self.housing.data == "yes",
            "min_age": int(self.min_age.data),
            "requirements": (self.requirements.data or "").strip(),
            "how_to_apply": (self.how_to_apply.data or "").strip(),
            "closes_on": self.closes_on.data,
        }


class ReferralForm(Form):
    kind = RadioField(
        _l("What would you like?"),
        choices=choices(
            [
                ("referral", _l("A free referral to this job")),
                ("training", _l("A place on a training course for this kind of work")),
            ]
        ),
        default="referral",
        validators=[InputRequired(_l("Choose a referral or a training place"))],
    )
    share = RadioField(
        _l("Share your name and mobile number with the employer?"),
        description=_l("If you say no, only the job-services office sees your request; the employer does not."),
        choices=choices(
            [("yes", _l("Yes, the employer may see them")), ("no", _l("No, only the job-services office"))]
        ),
        validators=[InputRequired(_l("Say whether the employer may see your name and number"))],
    )
    note = TextAreaField(
        _l("Anything the office should know (optional)"),
        description=_l("For example: when you can start, or work you have done."),
        validators=[Optional(), short(500)],
    )


class ReviewForm(Form):
    decision = RadioField(
        _l("Your decision"),
        choices=choices(
            [("approve", _l("Show it on the jobs board")), ("take_down", _l("Do not show it, or take it down"))]
        ),
        validators=[InputRequired(_l("Choose what happens to the posting"))],
    )
    reason = TextAreaField(
        _l("Why (the employer reads this)"),
        validators=[short(500)],
    )

    def validate_reason(self, field):
        if self.decision.data == "take_down" and not (field.data or "").strip():
            raise ValidationError(_l("Say why the posting is not shown, so the employer can correct it"))


class SharingForm(Form):
    """After the ask: the person withdraws, or gives, the sharing of their name and number with the employer."""

    share = RadioField(
        _l("May the employer see your name and mobile number?"),
        description=_l("You can change this at any time. If you say no, the employer stops seeing them at once."),
        choices=choices(
            [("yes", _l("Yes, the employer may see them")), ("no", _l("No, only the job-services office"))]
        ),
        validators=[InputRequired(_l("Say whether the employer may see your name and number"))],
    )
