"""Words for permit codes (see webapp/labels.py): permit types and states, application statuses and kinds, the
documents of a person's own case named on the application form, and an application's documents in staff's words."""

from flask_babel import lazy_gettext as _l

from webapp import labels

labels.register(
    "permit_type",
    {
        "standard": _l("Residence permit"),
        "temporary": _l("Temporary residence permit"),
        "full": _l("Residence permit (full)"),
    },
)
labels.register(
    "permit_state",
    {
        "valid": _l("Valid"),
        "lapsed": _l("Endorsement overdue: suspended"),
        "revoked": _l("Revoked"),
        "expired": _l("Expired"),
    },
)
labels.register(
    "application_status",
    {
        "submitted": _l("Waiting for review"),
        "missing": _l("Documents asked for"),
        "approved": _l("Approved"),
        "refused": _l("Refused"),
        # Not "Withdrawn" alone: that word is already a column heading of the privacy choices ("when withdrawn").
        "withdrawn": _l("Withdrawn by the applicant before a decision"),
    },
)
#: The documents of a person's own case, named on the application form (see permits.rules.evidence_for).
labels.register(
    "evidence",
    {
        "lease": _l("your lease (tenancy agreement)"),
        "property_certificate": _l("your property certificate"),
        "dormitory_letter": _l("a letter from your employer about the dormitory"),
        "host_certificate": _l("the property certificate of the relatives or friends you live with"),
        "residence_other": _l("a document that shows where you live"),
        "labour_contract": _l("your labour contract"),
        "business_licence": _l("your business licence"),
        "insurance_record": _l("your social insurance record"),
        "employer_letter": _l("a letter from your employer"),
        "enrolment_certificate": _l("your enrolment certificate"),
    },
)
labels.register(
    "application_kind",
    {
        "new": _l("First application"),
        "renewal": _l("Renewal"),
        "replacement": _l("Replacement of a lost card"),
    },
)
#: The application's documents as staff read them (the "document" kind speaks to the person: "Your photo").
labels.register(
    "application_document",
    {
        "photo": _l("Photo of the applicant"),
        "residence_proof": _l("Proof of residence"),
        "employment_proof": _l("Proof of employment"),
        "study_proof": _l("Proof of study"),
        "employment_or_study_proof": _l("Proof of employment or study"),
    },
)
