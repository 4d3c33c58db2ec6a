"""Permit forms: the application's photo and proofs, and an officer's decision."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from webapp import labels
from webapp.forms import CheckboxesField, Form, choices
from webapp.permits import labels as _permit_words  # noqa: F401 - registers the application's documents for staff
from webapp.permits import rules

DOCUMENTS = labels.labels("document")

DOCUMENT_HINTS = {
    "photo": _l("A clear photo of your face, looking at the camera, on a plain background."),
    "residence_proof": _l(
        "A photo of your lease, property certificate, or a letter from your employer or school "
        "about your accommodation."
    ),
    "employment_proof": _l("A photo of your labour contract, business licence or a letter from your employer."),
    "study_proof": _l("A photo of your school or college enrolment certificate."),
}

ASKED_AGAIN = _l("The officer asked for this document again: choose a photo of it.")
ASKED_ONE_OF = _l("The officer asked for proof of your work or your studies: choose a photo of one of them.")
NEEDED_ONE_OF = _l("Choose a photo of proof of your work or of your studies: one of the two is needed.")
#: Under the proof of work and the proof of study when one of them is needed: either will do, not both.
ONE_OF_HINTS = {
    "employment_proof": _l("Or, if you study, the proof of study below instead: one of the two is enough."),
    "study_proof": _l("Instead of the proof of work above, if you study: one of the two is enough."),
}


def needed(document: str) -> str:
    """A missing document, named: the list of problems at the top of the page then says which one each is."""
    return _(
        "Choose a photo for “%(document)s”: the application is sent once every document is here.", document=document
    )


class ApplyForm(Form):
    photo = FileField(DOCUMENTS["photo"], description=DOCUMENT_HINTS["photo"])
    residence_proof = FileField(DOCUMENTS["residence_proof"], description=DOCUMENT_HINTS["residence_proof"])
    employment_proof = FileField(DOCUMENTS["employment_proof"], description=DOCUMENT_HINTS["employment_proof"])
    study_proof = FileField(DOCUMENTS["study_proof"], description=DOCUMENT_HINTS["study_proof"])

    UPLOADS = ("photo", "residence_proof", "employment_proof", "study_proof")

    def __init__(self, *args, asked=(), one_of_field="employment_proof", **kwargs):
        """`asked`: the documents an officer asked for (service.asked_documents): each must be uploaded again.
        `one_of_field`: where a message about "proof of work or of study" is said (rules.one_of_field)."""
        super().__init__(*args, **kwargs)
        self.asked = list(asked)
        self.one_of_field = one_of_field
        #: The fields that answer the officer's request: a new photo is needed in (one of) these.
        self.asked_fields = {field for kind in self.asked for field in rules.answered_by(kind)}

    def chosen(self) -> list[str]:
        """The kinds of document with a file chosen on this submission (what store_uploads would store)."""
        return [kind for kind in self.UPLOADS if self[kind].data and getattr(self[kind].data, "filename", "")]

    def said_on(self, fields: tuple[str, ...]) -> str:
        """The one field that says a message about these fields: the field itself, or for "one of the two" the
        one_of_field (so the list of problems at the top says it once)."""
        return self.one_of_field if len(fields) > 1 and self.one_of_field in fields else fields[0]

    def still_needed(self, missing: list[str]) -> None:
        """Each document still missing after this submission, said on the field that gives it (one of the two)."""
        for kind in missing:
            fields = rules.answered_by(kind)
            name = self.said_on(fields)
            if not self[name].errors:
                self[name].errors = [needed(self[name].label.text) if len(fields) == 1 else NEEDED_ONE_OF]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for kind in rules.not_given_again(self.asked, self.chosen()):
            fields = rules.answered_by(kind)
            message = ASKED_AGAIN if len(fields) == 1 else ASKED_ONE_OF
            name = self.said_on(fields)
            self[name].errors = [*self[name].errors, message]
            valid = False
        return valid


class DecisionForm(Form):
    decision = RadioField(
        _l("Your decision"),
        choices=choices(
            [
                ("approve", _l("Approve and issue the permit")),
                ("missing", _l("Ask for documents")),
                ("refuse", _l("Refuse")),
            ]
        ),
        validators=[InputRequired(_l("Select a decision"))],
    )
    missing = CheckboxesField(
        _l("Documents to ask for"),
        choices=choices(labels.choices("application_document", ApplyForm.UPLOADS)),
        validators=[Optional()],
    )
    reason = TextAreaField(
        _l("Reason (the person sees it)"),
        validators=[Optional(), Length(max=500, message=_l("Use 500 characters or fewer"))],
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.decision.data == "refuse" and not (self.reason.data or "").strip():
            self.reason.errors = [*self.reason.errors, _l("Give the reason for refusing")]
            return False
        if self.decision.data == "missing" and not self.missing.data:
            self.missing.errors = [*self.missing.errors, _l("Select the documents you need")]
            return False
        return valid
