"""Imports every model so that SQLAlchemy's metadata (and Alembic's autogenerate) knows all tables."""

from webapp.accounts.models import Account, AccountSession, KeptForm, Passkey, RoleGrant, WebAuthnChallenge
from webapp.assessment.models import AreaSnapshot, RequestMonth, WorkRecord
from webapp.audit.models import AuditEvent
from webapp.documents.models import Document
from webapp.employers.models import Employer, EmployerMember, Employment
from webapp.enrolment.models import OneTimeLink
from webapp.notifications.models import Notification
from webapp.people.models import IdentityClaim, Person
from webapp.permits.models import Endorsement, Permit, PermitApplication
from webapp.places.models import Place
from webapp.privacy.correction import CorrectionRequest
from webapp.privacy.models import PrivacyConsent
from webapp.registrations import lifecycle  # noqa: F401 - the partial indexes of residence_report
from webapp.registrations.models import ReportEvent, ResidenceReport
from webapp.rentals.models import RentalProperty, Room, Tenancy
from webapp.services.models import RequestMessage, ServiceRequest
from webapp.summaries.models import CommunityMonth, CommunityStats, CountyMonth, EmployerStats
from webapp.vacancies.models import Referral, Vacancy
from webapp.visits.models import Consent, Visit

__all__ = [
    "Account",
    "AccountSession",
    "AreaSnapshot",
    "AuditEvent",
    "CommunityMonth",
    "CommunityStats",
    "Consent",
    "CorrectionRequest",
    "CountyMonth",
    "Document",
    "Endorsement",
    "Employer",
    "EmployerStats",
    "EmployerMember",
    "Employment",
    "IdentityClaim",
    "KeptForm",
    "Notification",
    "OneTimeLink",
    "Passkey",
    "Permit",
    "PermitApplication",
    "Person",
    "Referral",
    "Vacancy",
    "Place",
    "PrivacyConsent",
    "RentalProperty",
    "ReportEvent",
    "RequestMessage",
    "RequestMonth",
    "ResidenceReport",
    "RoleGrant",
    "ServiceRequest",
    "Room",
    "Tenancy",
    "Visit",
    "WorkRecord",
    "WebAuthnChallenge",
]
