"""Permits: the migrant applies and carries the digital card; an officer reviews; anyone checks a card's QR."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from webapp import clock, labels
from webapp.accounts.roles import Role
from webapp.audit import log as audit
from webapp.documents.models import Document, document_by_token, document_response, tokens_for
from webapp.documents.uploads import store_uploads
from webapp.extensions import db, limiter
from webapp.paging import paged
from webapp.people.access import own_person
from webapp.people.models import Person
from webapp.permits import labels as _permit_words  # noqa: F401 - registers the permit kinds of labels
from webapp.permits import rules, service
from webapp.permits.forms import ONE_OF_HINTS, ApplyForm, DecisionForm
from webapp.permits.keys import keyring_for
from webapp.permits.models import Permit, PermitApplication
from webapp.permits.tokens import InvalidToken, sign, verify
from webapp.privacy import consent as privacy_consent
from webapp.privacy import retention
from webapp.privacy.masking import mask_name
from webapp.qr import qr_svg
from webapp.registrations import access as report_access
from webapp.registrations.service import current_report
from webapp.security.access import PUBLIC, SIGNED_IN, allow

bp = Blueprint("permits", __name__)


def latest_documents(person) -> dict:
    """The newest document of each kind the person has given: reused instead of asking again."""
    kinds = {}
    for document in db.session.scalars(
        select(Document).where(Document.person_id == person.id).order_by(Document.created_at)
    ):
        kinds[document.kind] = document
    if "photo" in kinds and not photo_reusable(person, kinds["photo"].id):
        del kinds["photo"]  # an earlier request's photo: asked again unless the person agreed to its reuse
    return kinds


def photo_reusable(person, photo_id: int) -> bool:
    """A photo of the face given for an earlier application (now decided or withdrawn, or on an issued permit) is used
    again for a later one only with the person's consent (webapp/privacy); a photo given for the open application is
    its own."""
    if privacy_consent.has(person.account_id, "photo_reuse"):
        return True
    decided = db.session.scalars(
        select(PermitApplication.documents).where(
            PermitApplication.person_id == person.id, PermitApplication.status.in_(service.CLOSED)
        )
    ).all()
    on_permit = db.session.scalars(select(Permit.photo_id).where(Permit.person_id == person.id)).all()
    return photo_id not in {documents.get("photo") for documents in decided} | set(on_permit)


@bp.route("/me/permit", methods=["GET"])
@allow(Role.MIGRANT)
def card():
    person = own_person()
    if person is None:
        return redirect(url_for("people.profile"))
    permit, report = service.current_permit(person), current_report(person)
    # The latest application, when it was refused (and why) or withdrawn (and when): said above the rest.
    latest = service.latest_application(person)
    closed = {
        "refused": latest if latest is not None and latest.status == "refused" else None,
        "withdrawn": latest if latest is not None and latest.status == "withdrawn" else None,
    }
    if permit is None:
        return render_template(
            "permits/none.html",
            report=report,
            decision=report and service.permit_decision(report),
            application=service.open_application(person),
            person=person,
            **closed,
        )
    today = clock.today()
    state = rules.state_on(permit, today)
    token = sign(keyring_for(current_app.config), permit.number, int(clock.instant().timestamp()))
    url = url_for("permits.check", token=token, _external=True)
    qr = qr_svg(url, _("QR code to check this permit"))
    return render_template(
        "permits/card.html",
        permit=permit,
        state=state,
        person=person,
        report=report,
        qr=qr,
        check_url=url,
        can_endorse=rules.can_endorse(permit, today),
        can_renew=rules.can_renew(permit, today),
        # A renewal or a replacement the holder asked for: waiting, documents asked for, refused (and why), or
        # withdrawn.
        application=service.open_application(person),
        **closed,
    )


@bp.route("/me/permit/apply", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def apply():
    person = own_person()
    report = current_report(person) if person else None
    if person is None or report is None or service.permit_decision(report) is None:
        flash(_("You cannot apply for a residence permit yet. Your residence page says why."), "info")
        return redirect(url_for("registrations.home"))
    application = service.open_application(person)
    if application is not None and not application.missing:  # with the officer: nothing to add, nothing to resend
        flash(
            _(
                "Your application is with a public security officer, who will answer by %(date)s.",
                date=format_date(application.target_date, "long"),
            ),
            "info",
        )
        return redirect(url_for("permits.card"))
    # What is applied for is decided here, from the button pressed (kept in the form across its errors): a permit
    # holder renews or replaces their permit, never applies for a second one.
    holding = service.current_permit(person)
    kind = rules.application_kind(request.values.get("kind", ""), holding, clock.today())
    if application is None and kind is None:
        flash(not_applicable(request.values.get("kind", ""), holding), "info")
        return redirect(url_for("permits.card"))
    given = latest_documents(person)
    # Documents an officer asked for must each be uploaded again: until they all are, nothing is stored.
    form = ApplyForm(asked=service.asked_documents(application), one_of_field=rules.one_of_field(report))
    missing = (
        application.missing if application else rules.missing_documents({k: d.id for k, d in given.items()}, report)
    )
    if form.validate_on_submit():
        # Good photos are kept even when another is refused: a browser cannot fill a file field again.
        stored = store_uploads({kind: form[kind] for kind in form.UPLOADS}, person, current_user, keep_good=True)
        refused = any(form[kind].errors for kind in form.UPLOADS)
        if application is not None:
            if stored:
                service.add_documents(application, stored)  # only what was uploaded now answers the officer
            missing = application.missing
        else:
            documents = {kind: doc.id for kind, doc in given.items() if kind in form.UPLOADS} | stored
            missing = rules.missing_documents(documents, report)
            if not missing and not refused:
                replaces = holding if kind in ("renewal", "replacement") else None
                application = service.apply(
                    person, report, documents, kind=kind, replaces=replaces, today=clock.today()
                )
        db.session.commit()  # what was given is kept and reused, even while something is still missing
        if not missing and not refused:
            flash(
                _(
                    "Your application has been sent. A public security officer will answer by %(date)s.",
                    date=format_date(application.target_date, "long"),
                ),
                "success",
            )
            return redirect(url_for("permits.card"))
        form.still_needed(missing)
        given = latest_documents(person)
    found_by_kind = rules.evidence_for(report).items()
    evidence = {kind: [labels.label("evidence", e) for e in found] for kind, found in found_by_kind}
    return render_template(
        "permits/apply.html",
        form=form,
        application=application,
        given=given,
        missing=missing,
        evidence=evidence,
        kind=application.kind if application is not None else kind,
        # Proof of work or of study: the form says either will do (and neither, when the report needs no job).
        one_of_hints=ONE_OF_HINTS
        if rules.needs_work_or_study_proof(report) or form.asked_fields & set(rules.ONE_OF)
        else {},
    )


def not_applicable(asked: str, permit) -> str:
    """Why a permit holder cannot make the application asked for (rules.application_kind said None)."""
    opens = rules.renewal_opens(permit)
    if asked == "renewal" and opens is None:
        return _("Your permit has no end date: it needs no renewal. Endorse it once a year instead.")
    if asked == "renewal":
        return _("You can renew your permit from %(date)s.", date=format_date(opens, "long"))
    return _("You already have a residence permit. If you lost the card, ask for a new card on this page.")


@bp.route("/me/permit/<int:application_id>/withdraw", methods=["GET", "POST"])
@allow(Role.MIGRANT)
def withdraw(application_id: int):
    """The person withdraws their own waiting application. The permit page's button (a POST) leads here to ask first
    (a page of its own, GET, without JavaScript); the POST that says yes withdraws it. Another's application, or none,
    is a 404; one decided or withdrawn already (a page left open, a double send) is said so, and nothing changes."""
    person = own_person()
    application = db.session.get(PermitApplication, application_id)
    if person is None or application is None or application.person_id != person.id:
        abort(404)
    if application.status not in service.WAITING:
        return no_longer_waiting(application)
    if request.method == "GET":
        return render_template("permits/withdraw.html", application=application)
    if request.form.get("confirm") != "yes":  # the permit page's button: ask first
        return redirect(url_for("permits.withdraw", application_id=application.id), code=303)
    if not service.withdraw(application, current_user):  # decided, or withdrawn, at the same moment
        return no_longer_waiting(application)
    flash(
        _("You withdrew your application. The officer will not decide it. You can apply again whenever you wish."),
        "success",
    )
    return redirect(url_for("permits.card"))


def no_longer_waiting(application: PermitApplication):
    """An application that cannot be withdrawn (a page left open, a double send): the permit page, saying why."""
    if application.status == "withdrawn":
        flash(_("You withdrew this application already. You can apply again whenever you wish."), "info")
    else:
        flash(_("This application has been decided already: it can no longer be withdrawn."), "info")
    return redirect(url_for("permits.card"))


@bp.post("/me/permit/endorse")
@allow(Role.MIGRANT)
def endorse():
    person = own_person()
    permit = service.current_permit(person) if person else None
    today = clock.today()
    if permit is None or not rules.can_endorse(permit, today):
        # Sent twice, or from a page left open: nothing to endorse today. The permit page says what is next.
        flash(_("There is nothing to endorse today. Your permit page says when the next endorsement is due."), "info")
        return redirect(url_for("permits.card"))
    lapsed = rules.state_on(permit, today).status == "lapsed"
    service.endorse(permit, today)
    if lapsed:
        flash(_("Your permit is endorsed and works again."), "success")
    else:
        flash(_("Your permit is endorsed for another year."), "success")
    return redirect(url_for("permits.card"))


@bp.get("/documents/<string(length=32):token>")
@allow(SIGNED_IN)
def document(token: str):
    """A person's own document. Officers open documents only through a case that holds them (below, services)."""
    found = document_by_token(token)
    if found is None or found.person.account_id != current_user.id:
        abort(404)
    return document_response(found)


def officer_counties() -> list[int]:
    return [
        g.place_id for g in current_user.grants_for(Role.OFFICER) if g.department == "public_security" and g.place_id
    ]


def application_in_scope_or_404(application_id: int) -> PermitApplication:
    application = db.session.get(PermitApplication, application_id)
    if application is None or application.county_id not in officer_counties():
        abort(404)
    return application


@bp.get("/officer/permits/<int:application_id>/documents/<string(length=32):token>")
@allow(Role.OFFICER)
def application_document(application_id: int, token: str):
    """A document of a permit application, for a public-security officer of its county: only those it holds."""
    application = application_in_scope_or_404(application_id)
    found = document_by_token(token, among=application.documents.values())
    if found is None or not retention.application_documents_open(application, clock.utcnow()):
        abort(404)  # decided (past the grace period): the officer's need for the documents is over
    audit.viewed(
        application.person.account,
        actor=current_user,
        what="document",
        why="permit application",
        as_role="officer",
        person=application.person,
        application=application.id,
        document=found.id,
    )
    return document_response(found)


#: Applications on one page of the queue; the counts at the top are over all of them.
QUEUE_PAGE_SIZE = 50


def applicants_seen(rows) -> None:
    """An officer's list showed these applicants' names: one INSERT … SELECT for all of them (after rendering, as the
    caseload does), committed."""
    audit.viewed_in_list(
        [a.person_id for a in rows],
        actor=current_user,
        as_role="officer",
        what="permit_application",
        why="permit application",
    )
    db.session.commit()


@bp.get("/officer/permits")
@allow(Role.OFFICER)
def queue():
    today = clock.today()
    waiting = (
        PermitApplication.county_id.in_(officer_counties()),
        PermitApplication.status.in_(service.WAITING),  # not those decided, nor those withdrawn
    )
    # The counts at the top, in one statement; the first is the pager's total.
    waiting_now, overdue, missing = db.session.execute(
        select(
            func.count(),
            func.count().filter(PermitApplication.target_date < today),
            func.count().filter(PermitApplication.status == "missing"),
        ).where(*waiting)
    ).one()
    counts = {"waiting": waiting_now, "overdue": overdue, "missing": missing}
    page = paged(
        # Light rows: the columns the list shows, with the applicant's name joined (not the ID and mobile numbers,
        # each decrypted); no application or person loaded as an object, then expired and let go of.
        select(
            PermitApplication.id,
            PermitApplication.person_id,
            PermitApplication.submitted_at,
            PermitApplication.target_date,
            PermitApplication.status,
            Person.name,
        )
        .join(Person, Person.id == PermitApplication.person_id)
        .where(*waiting)
        .order_by(PermitApplication.target_date, PermitApplication.id),
        request.args.get("page", 1, type=int),
        QUEUE_PAGE_SIZE,
        total=waiting_now,
        rows=True,
    )
    # Who moved, left the county or has no current report since applying: said beside the name (one statement).
    moves = service.moves_since_applying([a.id for a in page.items])
    shown = render_template("permits/queue.html", page=page, counts=counts, today=today, moves=moves)
    applicants_seen(page.items)  # the queue shows each applicant's name
    return shown


@bp.get("/officer/permits/decided")
@allow(Role.OFFICER)
def decided():
    """Applications decided (or withdrawn) in the officer's counties, the latest first: to find one again when the
    applicant asks about it (the queue holds only those waiting)."""
    page = paged(
        select(
            PermitApplication.id,
            PermitApplication.person_id,
            PermitApplication.decided_at,
            PermitApplication.status,
            Person.name,
        )
        .join(Person, Person.id == PermitApplication.person_id)
        .where(PermitApplication.county_id.in_(officer_counties()), PermitApplication.status.in_(service.CLOSED))
        .order_by(PermitApplication.decided_at.desc(), PermitApplication.id.desc()),
        request.args.get("page", 1, type=int),
        QUEUE_PAGE_SIZE,
        rows=True,
    )
    shown = render_template("permits/decided.html", page=page)
    applicants_seen(page.items)
    return shown


@bp.route("/officer/permits/<int:application_id>", methods=["GET", "POST"])
@allow(Role.OFFICER)
def review(application_id: int):
    application = application_in_scope_or_404(application_id)
    form = DecisionForm()
    if request.method == "POST":
        # Locked and read again: the person withdrawing it at the same moment waits, or is waited for.
        db.session.refresh(application, with_for_update=True)
    if request.method == "POST" and application.status == "withdrawn":
        # Withdrawn by the applicant while the page was open: nothing to decide.
        flash(_("The applicant withdrew this application: there is nothing to decide."), "info")
        return redirect(url_for("permits.review", application_id=application.id))
    if request.method == "POST" and application.status not in service.WAITING:
        # The page offers a decision only while the application waits: this came from a page left open.
        flash(_("This application has been decided already."), "info")
        return redirect(url_for("permits.review", application_id=application.id))
    if request.method == "POST" and form.validate_on_submit():
        reason = (form.reason.data or "").strip()
        if form.decision.data == "approve" and application.missing:
            form.decision.errors = [_("Documents are missing: ask for them first")]
        elif form.decision.data == "approve" and not service.lives_in_county(application):
            form.decision.errors = [
                _(
                    "This person no longer has a current residence report in this county (they moved away or left "
                    "since applying): a permit cannot be issued. Refuse the application and say why."
                )
            ]
        else:
            if form.decision.data == "approve":
                permit = service.approve(application, current_user, clock.today())
                flash(_("Permit %(number)s issued.", number=permit.number), "success")
            elif form.decision.data == "missing":
                service.ask_for_documents(application, current_user, form.missing.data, reason)
                flash(_("The person has been asked for the documents."), "success")
            else:
                service.refuse(application, current_user, reason)
                flash(_("The application has been refused."), "success")
            return redirect(url_for("permits.queue"))
    # The page shows the applicant, with their residence reports while the officer may open them: on a GET, and on
    # a decision sent back with its errors, the look is logged (one event, naming the reports shown).
    residence = service.residence_of(application)
    shown = shown_reports(residence)
    reports = [r.receipt for r in (residence.current, residence.applied_on) if r is not None and r.id in shown]
    audit.viewed(
        application.person.account,
        actor=current_user,
        what="permit_application",
        why="permit application",
        as_role="officer",
        person=application.person,
        application=application.id,
        **({"reports": list(dict.fromkeys(reports))} if reports else {}),
    )
    return render_template(
        "permits/review.html",
        application=application,
        residence=residence,
        shown=shown,
        report_days=retention.OFFICER_REPORT_DAYS.days,
        form=form,
        today=clock.today(),
        tokens=tokens_for(application.documents.values())
        if retention.application_documents_open(application, clock.utcnow())
        else {},
    )


def shown_reports(residence: service.Residence) -> set[int]:
    """The ids of the residence reports the officer's page may show (link and details): those the officer may open,
    by the rule of the report itself (registrations/access.py: while the case is open, and for the days after its
    decision that retention.toml [access] officer_report_days allows)."""
    reports = (residence.applied_on, residence.current)
    return {r.id for r in reports if r is not None and report_access.officer_may_see(r, current_user)}


def checked_permit(token: str):
    try:
        claims = verify(keyring_for(current_app.config), token)
    except InvalidToken:
        return None
    return db.session.scalar(select(Permit).where(Permit.number == claims.permit_number))


@bp.get("/verify/<token>")
@allow(PUBLIC)
@limiter.limit("60 per minute")
def check(token: str):
    """What a school or clinic sees when it scans a card: only what a checker needs (the photo, a masked name,
    validity), never the ID number, the whole name or the permit number."""
    permit = checked_permit(token)
    state = rules.state_on(permit, clock.today()) if permit else None
    shown = permit is not None and state.status != "revoked"  # a revoked card: that it is, and nothing of its holder
    response = current_app.make_response(
        render_template(
            "permits/check.html",
            permit=permit,
            shown=shown,
            holder=mask_name(permit.person.name) if shown else "",
            state=state,
            token=token,
            anonymous=True,
        )
    )
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/verify/<token>/photo")
@allow(PUBLIC)
@limiter.limit("60 per minute")
def check_photo(token: str):
    permit = checked_permit(token)
    if permit is None or rules.state_on(permit, clock.today()).status == "revoked":
        abort(404)  # a revoked card (a lost one replaced, a holder who left) shows no one's photo
    response = current_app.response_class(permit.photo.content(), mimetype=permit.photo.content_type)
    response.headers["Cache-Control"] = "no-store"
    return response
