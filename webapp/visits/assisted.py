"""Assisted registration: a coordinator registers someone without a smartphone (or who cannot use a passkey),
records their consent, and gives them a one-time link to take over the record later on their own phone."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import BooleanField, RadioField
from wtforms.validators import DataRequired, InputRequired, Optional

from webapp import clock
from webapp.accounts.roles import Role
from webapp.audit import log as audit
from webapp.enrolment import links
from webapp.extensions import db, limiter
from webapp.forms import TrimmedStringField, choices
from webapp.people import reference
from webapp.people.forms import HUKOU_FIELDS, ProfileForm, ethnic_choices, hukou_children, identity_valid
from webapp.people.models import Person
from webapp.places.chooser import chain_of, children_within, fill_chain, wants_next_list
from webapp.places.forms import PLACE_FIELDS
from webapp.privacy.consent import is_child
from webapp.qr import qr_svg
from webapp.registrations import service
from webapp.registrations.answers import report_answers
from webapp.registrations.forms import AssistedReportForm
from webapp.registrations.models import ResidenceReport
from webapp.security.access import allow
from webapp.security.limits import gives_id_number
from webapp.visits.assisted_words import about_the_resident
from webapp.visits.caseload import community_ids
from webapp.visits.models import Consent

bp = Blueprint("assisted", __name__)

CLAIM_LINK_HOURS = 24 * 30


class AssistedForm(ProfileForm):
    phone = TrimmedStringField(
        _l("Mobile phone number (optional)"),
        description=_l("The person's own, if they have one: used only to contact them about their requests."),
        validators=[Optional()],
    )
    consent_method = RadioField(
        _l("How did the person give consent?"),
        choices=choices([("spoken", _l("They said yes")), ("signed", _l("They signed the paper form"))]),
        validators=[InputRequired(_l("Select how the person gave consent"))],
    )
    consent = BooleanField(
        _l("I explained what is recorded and why, and the person agrees to be registered with my help"),
        validators=[DataRequired(_l("Confirm that the person agrees"))],
    )


def assisted_limit() -> str:
    return current_app.config["RATELIMIT_ASSISTED"]


def per_coordinator() -> str:
    """Counted per coordinator account, wherever it signs in from (not per address)."""
    return f"assisted:{current_user.id}"


#: A POST that gives an ID number: its answer says whether the number's holder is registered anywhere.
_gives_id_number = gives_id_number("id_number")


@bp.route("/coordinator/assisted", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
@limiter.limit(assisted_limit, key_func=per_coordinator, methods=["POST"], exempt_when=lambda: not _gives_id_number())
def start():
    form = AssistedForm()
    form.ethnicity.choices = ethnic_choices()
    county = fill_chain(form, HUKOU_FIELDS, hukou_children)
    if request.method == "POST" and not wants_next_list(request.form):
        unfinished = begun_by_me(holder_of(form.id_number.raw_data))
        details = valid_details(form, county, unfinished)
        if unfinished is not None and details is not None:
            # Step one was saved, the report never sent (a page closed, a phone out of battery): go on from there,
            # rather than refuse the number as someone else's; what was typed now is the coordinator's last word.
            changed = [name for name, value in details.items() if getattr(unfinished, name) != value]
            for name in changed:
                setattr(unfinished, name, details[name])
            if changed:
                audit.record("assisted.updated", actor=current_user, person=unfinished)
            db.session.commit()
            flash(RESUMED_UPDATED if changed else RESUMED, "info")
            return redirect(url_for("assisted.report", person_id=unfinished.id))
        if details is not None:
            person = Person(**details, relation="self")
            db.session.add(person)
            db.session.add(
                Consent(
                    person=person,
                    purpose="assisted_registration",
                    method=form.consent_method.data,
                    recorded_by_id=current_user.id,
                )
            )
            db.session.flush()
            audit.record("assisted.registered", actor=current_user, person=person, reason=form.consent_method.data)
            db.session.commit()
            return redirect(url_for("assisted.report", person_id=person.id))
    return render_template("visits/assisted.html", form=form)


RESUMED = _l("You began registering this person earlier: their details are kept. Now say where they live.")
RESUMED_UPDATED = _l(
    "You began registering this person earlier: their details are updated with what you typed now. Now say where "
    "they live."
)


def valid_details(form, county: str | None, unfinished: Person | None) -> dict | None:
    """The person's details from step one's form, or None with each error next to its field. `unfinished`: the
    person this coordinator began registering with this ID number (their own number is not someone else's)."""
    ok = identity_valid(form, unfinished, required=True)
    if ok and is_child(form.birth_date.data):
        ok = False  # the consent recorded here is the person's own: a child's is their parent's or guardian's
        form.birth_date.errors = [
            _(
                "A child under 14 cannot agree to be registered on their own. Their parent or guardian adds them "
                "to their own household on Xinju and gives consent for them."
            )
        ]
    if unfinished is None and (registered := registration_of_holder(form.id_number.raw_data)) is not None:
        ok = False  # never a second first report: the person is registered already
        form.id_number.errors = [already_registered_message(registered)]
    phone, error = reference.check_mobile(form.phone.data or "") if form.phone.data else (None, None)
    if error:
        form.phone.errors = [_("Enter a mobile number of 11 digits, like 138 0000 0000")]
    county_ok = bool(county) and reference.is_county(county)
    if not county_ok:
        form.hukou_county.errors = [_("Choose the county or district of the person's household registration")]
    if not ok or error or not county_ok:
        return None
    return {
        "name": form.name.data,
        "sex": form.sex.data,
        "ethnicity": form.ethnicity.data,
        "birth_date": form.birth_date.data,
        "id_number": form.id_number.data,
        "phone": phone,
        "hukou_county_code": county,
    }


def holder_of(raw: list[str] | None) -> Person | None:
    """The person who holds this ID number (as typed), if there is one."""
    number, error = reference.check_id_number((raw or [""])[0] or "", None)
    if error or not number:
        return None
    return db.session.scalar(select(Person).where(Person.id_number_is(number)))


def registration_of_holder(raw: list[str] | None) -> ResidenceReport | None:
    """The current report of the person who holds this ID number (as typed), if there is one."""
    holder = holder_of(raw)
    return service.current_report(holder) if holder is not None else None


def begun_by_me(person: Person | None) -> Person | None:
    """The person, when this coordinator registered them with help and has not sent their report yet (and they
    have not taken over their record): the registration to go on with."""
    if person is None or person.account_id is not None or service.current_report(person) is not None:
        return None
    consent = db.session.scalar(
        select(Consent.id).where(
            Consent.person_id == person.id,
            Consent.recorded_by_id == current_user.id,
            Consent.purpose == "assisted_registration",
        )
    )
    return person if consent is not None else None


def already_registered_message(report: ResidenceReport) -> str:
    """Where they are registered only when it is one of the coordinator's communities: an ID number typed here
    tells nobody where its holder lives elsewhere."""
    if report.place_id in community_ids(current_user):
        return _(
            "This person already has a current residence registration, in %(community)s. Do not register them "
            "again: record a visit to that registration, or, if they have moved, help them report the move.",
            community=report.place.name,
        )
    return _(
        "This person already has a current residence registration. Do not register them again: if they have moved "
        "here, help them report the move from their own account."
    )


def already_registered(person: Person):
    """The page that refuses a second first report for a person with a current one (a form sent twice, the back
    button): where they are registered, and what to do instead. None when they have no current report."""
    current = service.current_report(person)
    if current is None:
        return None
    visitable = current.place_id in community_ids(current_user)
    return render_template(
        "visits/assisted_registered.html",
        person=person,
        report=current,
        visit_url=url_for("visits.visit", receipt=current.receipt) if visitable else None,
    )


def assisted_person_or_404(person_id: int) -> Person:
    """Only a person this coordinator registered with help, who has not taken over their record yet."""
    person = db.session.get(Person, person_id)
    consent = db.session.scalar(
        select(Consent).where(Consent.person_id == person_id, Consent.recorded_by_id == current_user.id)
    )
    if person is None or consent is None or person.account_id is not None:
        abort(404)
    return person


@bp.route("/coordinator/assisted/<int:person_id>/report", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
def report(person_id: int):
    person = assisted_person_or_404(person_id)
    if (registered := already_registered(person)) is not None:
        return registered
    # The place lists hold only the coordinator's communities (and the places above them): only those are taken.
    # With one community, it is chosen already.
    communities = current_user.scopes(Role.COORDINATOR)
    form = AssistedReportForm(
        data=chain_of(communities[0]) if request.method == "GET" and len(communities) == 1 else None
    )
    community = fill_chain(form, PLACE_FIELDS, children_within(communities))
    if request.method == "POST" and not wants_next_list(request.form):
        valid = form.validate()  # and the database's checks in the same round: every error at once
        answers = report_answers(form, community, None)
        answers = service.with_facts(answers, form) if answers is not None and valid else None
        posted = request.form.get("community")
        if posted and posted not in {place.code for place in communities}:
            # The lists offer none other (fill_chain dropped it): a page kept open since, or a request made by hand.
            form.community.errors = [_("This is not one of your communities")]
            answers = None
        if answers is not None:
            submitted = service.submit(person, answers, actor=current_user, today=clock.today())
            _link, token = links.create_claim(issuer=current_user, person=person, hours=CLAIM_LINK_HOURS)
            url = url_for("enrolment.link", purpose="claim", token=token, _external=True)
            flash(_("Residence report %(receipt)s sent.", receipt=submitted.receipt_display), "success")
            return render_template(
                "enrolment/link_made.html",
                url=url,
                qr=qr_svg(url),
                purpose="claim",
                hours=CLAIM_LINK_HOURS,
                account=None,
                document=None,
            )
    about_the_resident(form)  # the coordinator fills it in for the person: "this person", not "you"
    return render_template(
        "visits/assisted_report.html", form=form, person=person, within=[place.code for place in communities]
    )
