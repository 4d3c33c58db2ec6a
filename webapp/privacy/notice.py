"""The privacy notice as data: one row per item of personal information (what, for which duty or service, on
which legal basis, who sees it, how long it is kept), and the optional uses that need a separate consent.

The page (templates/privacy/notice.html), the summary shown before a profile is first saved, and the account page's
consents all read these tables. Change a row, and bump NOTICE_VERSION: every consent records the version it was
given under.
"""

from dataclasses import dataclass
from datetime import date

from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

#: The version of the notice a consent was given under (recorded with each consent): the year and month it took
#: effect, which is how a person reads it (notice_words): "the privacy notice of December 2026".
NOTICE_VERSION = "2026-12"

#: Legal bases (PIPL art. 13).
LEGAL_OBLIGATION = "legal_obligation"
SERVICE = "service"
CONSENT = "consent"

BASIS_TEXT = {
    LEGAL_OBLIGATION: _l("A legal obligation: the residence registration rules require it (PIPL art. 13(3))."),
    SERVICE: _l("Needed to give you a service you ask for (PIPL art. 13(2))."),
    CONSENT: _l("Your separate consent, which you can withdraw (PIPL arts. 14, 29)."),
}


@dataclass(frozen=True)
class Item:
    key: str
    what: object
    purpose: object
    basis: str
    who_sees: object
    kept: object

    @property
    def basis_text(self):
        return BASIS_TEXT[self.basis]


ITEMS = (
    Item(
        "identity",
        _l("Your name, sex, ethnic group, date of birth, resident ID number and household registration (hukou) county"),
        _l("Residence registration and the residence permit (居住证暂行条例 arts. 5–6)."),
        LEGAL_OBLIGATION,
        _l(
            "The coordinator of your community and the public-security officers of your county. Your ID number is "
            "shown masked."
        ),
        _l("While you are registered here, then for the period the law sets for registration records."),
    ),
    Item(
        "address",
        _l("Your address in this city, your housing, when you arrived and how long you plan to stay"),
        _l("The residence report the registration rules ask you to make within days of arriving."),
        LEGAL_OBLIGATION,
        _l("Your coordinator; your landlord sees only that you report living in their home, and confirms it."),
        _l("While you live here, then for the period the law sets for registration records."),
    ),
    Item(
        "work",
        _l("Your employer and since when you work or study here"),
        _l("The conditions of the residence permit (work, study or six months' residence)."),
        LEGAL_OBLIGATION,
        _l("Your coordinator and the officers handling your permit; your employer sees that you work for them."),
        _l("While you live here, then for the period the law sets for registration records."),
    ),
    Item(
        "household",
        _l("The people on your household list (spouse, children, other relatives)"),
        _l("Their registration with you, and services for the family (school places, vaccinations)."),
        LEGAL_OBLIGATION,
        _l("Your coordinator and the officers handling their registration."),
        _l("As long as they are on your list; their own reports like yours."),
    ),
    Item(
        "documents",
        _l("Photos of documents and your face for a permit application or a service"),
        _l("Checking a permit application or a service request."),
        LEGAL_OBLIGATION,
        _l("Only the officers handling your case, while it is open."),
        _l(
            "Until the decision is final, plus a short period for an appeal; your permit photo while the permit is "
            "valid."
        ),
    ),
    Item(
        "requests",
        _l("Your service requests and the messages about them"),
        _l("The services you ask for (schools, social insurance, housing, health)."),
        SERVICE,
        _l("The officers of the department that gives the service."),
        _l("Until the request is closed, then for the period the law sets for that department's records."),
    ),
    Item(
        "job_referral",
        _l("Your name and mobile number, when you share them with an employer on a request for a job referral"),
        _l("Letting the employer of a job on the jobs board contact you about it."),
        CONSENT,
        _l(
            "Only that employer, and only if you said yes on the request; each time they see them is logged. You can "
            "stop sharing them at any time, on the request's page: the employer no longer sees them from then on."
        ),
        _l("As long as the request is kept, like your other service requests."),
    ),
    Item(
        "phone",
        _l("Your mobile phone number"),
        _l("Contacting you by phone about a report or a request, if you agree to it."),
        CONSENT,
        _l("The officer handling your request, and only once you agree to be called; each look is logged."),
        _l("Until you remove it or your account is closed."),
    ),
    Item(
        "access_log",
        _l("Who looked at your information, when and why"),
        _l("Keeping your information safe, and showing you who looked (PIPL art. 51)."),
        LEGAL_OBLIGATION,
        _l("You, on your account page; administrators investigating misuse."),
        _l("As long as the records it speaks of, then for the period the law sets for security logs."),
    ),
)


@dataclass(frozen=True)
class ConsentItem:
    key: str
    #: Who is asked: the role of the person whose information it is ("migrant", "coordinator"), or "guardian".
    asked_of: str
    title: object
    explanation: object
    #: What happens if it is withdrawn (said before the button).
    consequence: object
    withdrawable: bool = True


#: The optional, sensitive uses that need a separate consent (PIPL arts. 28–31).
CONSENTS = {
    "visit_location": ConsentItem(
        "visit_location",
        "coordinator",
        _l("Your location when you record a visit"),
        _l(
            "Your phone's location at the moment you record a home visit is kept with the visit, to show that the "
            "visit happened. It is a location track, which the law counts as sensitive. Without your consent the "
            "location is not kept, even if your phone sends it."
        ),
        _l("From now on, visits you record keep no location. Visits recorded before keep theirs."),
    ),
    "photo_reuse": ConsentItem(
        "photo_reuse",
        "migrant",
        _l("Reusing your photo for a later request"),
        _l(
            "The photo of your face from a permit application is used again when you renew or replace your permit, "
            "so you need not take a new one."
        ),
        _l("You will be asked for a new photo for each application."),
    ),
    "phone_contact": ConsentItem(
        "phone_contact",
        "migrant",
        _l("Contact by phone"),
        _l(
            "An officer handling your report or request may see your mobile number and call you. Otherwise they "
            "write to you in the app."
        ),
        _l("Officers will no longer see your number: they write to you in the app instead."),
    ),
    "child_data": ConsentItem(
        "child_data",
        "guardian",
        _l("A child under 14 on your household list"),
        _l(
            "All information about a child under 14 is sensitive. As their parent or guardian, you agree that it is "
            "kept and used for their registration and family services."
        ),
        _l(
            "The child is taken off your household list. A child with residence reports, service requests or "
            "documents stays on it: those are kept by law, and this consent cannot be withdrawn then."
        ),
    ),
}

#: The age below which a parent or guardian consents for a child (PIPL art. 31).
CHILD_AGE = 14


# A version as people read it -------------------------------------------------------------------------------------


def notice_month(version: str | None) -> date | None:
    """The month a version names ("2026-12": 1 December 2026), or None for a version that names none."""
    try:
        year, month = (version or "").split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        return None


def notice_month_words(version: str | None) -> str:
    """The version as its month in words: "December 2026" / "2026年12月" (a version that names no month: as
    written)."""
    month = notice_month(version)
    if month is None:
        return version or ""
    return format_skeleton("yMMMM", month, locale=get_locale() or "en")


def notice_words(version: str | None) -> str:
    """ "the privacy notice of December 2026" / "2026年12月的隐私告知": the notice a consent was given under."""
    return _("the privacy notice of %(month)s", month=notice_month_words(version))


def notice_time(version: str | None) -> Markup:
    """The version's month in words, in a <time> element that keeps the version for machines
    (`<time datetime="2026-12">December 2026</time>`): for the pages."""
    words = notice_month_words(version)
    if notice_month(version) is None:
        return Markup("{}").format(words)
    return Markup('<time datetime="{}">{}</time>').format(version, words)
