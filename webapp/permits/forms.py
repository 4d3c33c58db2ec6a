"""Permit forms: the application's photo and proofs, and an officer's decision."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from webapp import labels
from webapp.forms import CheckboxesField, Form, choices

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


class ApplyForm(Form):
    photo = FileField(DOCUMENTS["photo"], description=DOCUMENT_HINTS["photo"])
    residence_proof = FileField(DOCUMENTS["residence_proof"], description=DOCUMENT_HINTS["residence_proof"])
    employment_proof = FileField(DOCUMENTS["employment_proof"], description=DOCUMENT_HINTS["employment_proof"])
    study_proof = FileField(DOCUMENTS["study_proof"], description=DOCUMENT_HINTS["study_proof"])

    UPLOADS = ("photo", "residence_proof", "employment_proof", "study_proof")


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
        choices=choices(labels.choices("document", ApplyForm.UPLOADS)),
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
