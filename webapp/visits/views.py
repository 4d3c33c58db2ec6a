"""Coordinators: the caseload, a visit (online form, or offline with sync), conflicts to review, the field page."""

import json

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import selectinload

from webapp import clock, jsonbody, labels
from webapp.accounts.models import Account, RoleGrant
from webapp.accounts.roles import Role
from webapp.audit import log as audit
from webapp.clock import utcnow
from webapp.extensions import csrf, db
from webapp.paging import paged
from webapp.pwa.formats import short_datetime
from webapp.registrations import access, lifecycle
from webapp.registrations.models import ResidenceReport
from webapp.security.access import PUBLIC, allow
from webapp.visits import caseload as cases
from webapp.visits import changes, offline, schemas
from webapp.visits import record as recording
from webapp.visits.forms import OUTCOME_LABELS, RejectForm, UnmaskForm, VisitForm
from webapp.visits.models import Outcome, Visit
from webapp.visits.offline import SYNC_REFUSALS, sync_request_refused

bp = Blueprint("visits", __name__)
#: Why a report that has ended or was rejected cannot be changed by a visit (the lifecycle refuses it).
OVER = _l("This report has ended or was rejected, so a visit cannot change it.")


#: The visit's coordinator still covers the report's community and can still sign in.
AUTHOR_STILL_THERE = (
    select(RoleGrant.id)
    .join(Account, Account.id == RoleGrant.account_id)
    .where(
        RoleGrant.account_id == Visit.coordinator_id,
        RoleGrant.role == str(Role.COORDINATOR),
        RoleGrant.place_id == ResidenceReport.place_id,
        Account.deactivated_at.is_(None),
    )
    .exists()
)

#: A visit under review that is this coordinator's (bindparams "me" and "places", the communities they cover now)
#: to decide: in a community they cover, and their own, or left by a coordinator who has since been taken off the
#: community or deactivated (nobody else could decide it). Taken off a community, their own go to those who stay.
CONFLICTS_TO_DECIDE = and_(
    Visit.state == "conflict",
    ResidenceReport.place_id.in_(bindparam("places", expanding=True)),
    or_(Visit.coordinator_id == bindparam("me"), ~AUTHOR_STILL_THERE),
)


def to_decide(*columns):
    """SELECT these columns of the visits this coordinator may decide (CONFLICTS_TO_DECIDE; bindparams to give)."""
    return select(*columns).join(ResidenceReport, ResidenceReport.id == Visit.report_id).where(CONFLICTS_TO_DECIDE)


#: How many visits wait for this coordinator's review (built once: the caseload page asks on every view).
CONFLICTS_COUNT = to_decide(db.func.count(Visit.id))


def conflict_scope() -> dict:
    return {"me": current_user.id, "places": cases.community_ids(current_user)}


def conflicts_count() -> int:
    return db.session.scalar(CONFLICTS_COUNT, conflict_scope())


@bp.get("/coordinator")
@allow(Role.COORDINATOR)
def caseload():
    shown = cases.caseload_page(current_user, clock.today(), request.args.get("page", 1, type=int))
    groups = shown.load.groups
    conflicts = conflicts_count()
    page = render_template(
        "visits/caseload.html",
        groups=groups,
        page=shown.page,
        pages=shown.pages,
        counts=shown.counts,
        conflicts=conflicts,
        targets=shown.targets,
    )
    # Once a day, as each person's own event (viewed_in_list): a day's later looks write nothing.
    audit.record_once_today("caseload.viewed", actor=current_user, count=shown.total)
    audit.viewed_in_list(
        shown.people, actor=current_user, as_role="coordinator", what="residence_report", why="caseload"
    )
    db.session.commit()
    return page


@bp.get("/coordinator/rentals")
@allow(Role.COORDINATOR)
def rentals():
    """Rentals in the coordinator's communities to see to at a visit: addresses whose tenants named a landlord who
    is not on Xinju yet (help the landlord register the rental), and rentals nobody lives in now."""
    place_ids = cases.community_ids(current_user)
    # Two lists, each a page at a time: ?page= for the rentals to register, ?empty_page= for the empty rentals.
    return render_template(
        "visits/rentals.html",
        to_register=cases.rentals_to_register(place_ids, request.args.get("page", 1, type=int)),
        empty=cases.empty_rentals(place_ids, request.args.get("empty_page", 1, type=int)),
    )


@bp.get("/coordinator/permits")
@allow(Role.COORDINATOR)
def lapsing():
    """Every permit about to lapse in the coordinator's communities, the nearest deadline first, a page at a time."""
    found = cases.lapsing_permits(cases.community_ids(current_user), clock.today())
    size = cases.LAPSING_PAGE_SIZE
    pages = max(1, -(-len(found) // size))
    number = min(max(request.args.get("page", 1, type=int), 1), pages)
    shown = found[(number - 1) * size : number * size]
    page = render_template("visits/lapsing.html", lapsing=shown, total=len(found), page=number, pages=pages)
    record_people_seen([], [permit.person_id for permit, _state in shown], why="caseload")
    db.session.commit()
    return page


def record_people_seen(receipts: list[str], permit_holders: list[int], *, why: str) -> None:
    """Each person whose report (or lapsing permit) the coordinator was shown, for the person's "who has looked"
    list: one INSERT … SELECT each, whatever the number of people (at most one event a person a day)."""
    if receipts:
        people = select(ResidenceReport.person_id).where(ResidenceReport.receipt.in_(receipts))
        audit.viewed_in_list(people, actor=current_user, as_role="coordinator", what="residence_report", why=why)
    if permit_holders:
        audit.viewed_in_list(permit_holders, actor=current_user, as_role="coordinator", what="permit", why=why)


def report_in_area_or_404(receipt: str):
    """A report in the coordinator's area, which they may visit: never their own (403)."""
    report = access.report_or_404(receipt, current_user)
    if report.place_id not in cases.community_ids(current_user):
        abort(404)
    if recording.own_report(current_user, report):
        abort(403)
    return report


@bp.route("/coordinator/visits/<receipt>", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
def visit(receipt: str):
    report = report_in_area_or_404(receipt)
    form = VisitForm(obj=None)
    if request.method == "GET" and not form.restored:  # restored: as typed, with the version it was typed against
        form.seen_version.data = str(report.version)
        form.seen.data = json.dumps(recording.seen_of(report), ensure_ascii=False)
        for name, value in recording.snapshot(report).items():
            if hasattr(form, name) and name not in ("seen_version",):
                getattr(form, name).data = value
    elif form.validate_on_submit():
        corrections = form.corrections(report)
        if not lifecycle.may_visit(report) and form.seen_version.data == str(report.version):
            # Over already when the page was opened (a bookmark, a page kept open since): not a conflict to review,
            # the page says why and what to do instead.
            return visit_page(report, VisitForm(formdata=None)), 409
        shown = recording.read_seen(form.seen.data) or recording.snapshot(report)  # what the page showed
        edited = [name for name, value in corrections.items() if (value or "") != (shown.get(name) or "")]
        if form.outcome.data == Outcome.CORRECTED and not corrections:
            form.outcome.errors = [_("Change at least one detail below, or choose another answer")]
        elif form.outcome.data != Outcome.CORRECTED and edited:
            # Details changed under another answer were dropped without a word: say so, keep what was typed.
            form.outcome.errors = [
                _(
                    "You changed details below: choose “Corrected: some details are different”, or put them back as "
                    "they were"
                )
            ]
        else:
            seen = form.seen_version.data or "0"
            result = recording.record(
                current_user,
                {
                    "client_id": form.client_id.data,
                    "receipt": report.receipt,
                    "outcome": form.outcome.data,
                    "seen_version": int(seen) if seen.isascii() and seen.isdigit() else seen,  # the schema refuses
                    "corrections": corrections,
                    "seen": recording.read_seen(form.seen.data),
                    "notes": form.notes.data or "",
                    "recorded_at": utcnow().isoformat(),
                },
            )
            if result.status == "refused":  # never "Visit recorded": the reason, next to its field
                shown = result.field if result.field in (*schemas.CORRECTABLE, "notes") else "outcome"
                getattr(form, shown).errors = [str(result.as_json(None)["message"])]
            else:
                flash(
                    _("The report changed since you opened it. Your visit is kept for review with both versions.")
                    if result.status == "conflict"
                    else _("Visit recorded."),
                    "info" if result.status == "conflict" else "success",
                )
                return redirect(url_for("visits.caseload"))
    return visit_page(report, form)


def visit_page(report, form, reject=None, unmask=None, id_shown: bool = False):
    """The visit page, which shows the person's record: every time it is shown (a GET, or a form sent back with its
    errors) the look is logged (once a day: audit.viewed)."""
    audit.viewed(
        report.person.account,
        actor=current_user,
        what="residence_report",
        why="visit",
        as_role="coordinator",
        person=report.person,
        report=report.receipt,
    )
    return render_template(
        "visits/visit.html",
        report=report,
        form=form,
        reject=reject or RejectForm(prefix="reject"),
        unmask=unmask or UnmaskForm(prefix="unmask"),
        id_shown=id_shown,
        open_case=lifecycle.may_visit(report),
    )


@bp.post("/coordinator/visits/<receipt>/id-number")
@allow(Role.COORDINATOR)
def unmask(receipt: str):
    """The whole ID number, for one of the stated reasons: logged, and the person sees who looked and why."""
    report = report_in_area_or_404(receipt)
    form = UnmaskForm(prefix="unmask")
    if not form.validate_on_submit():
        return visit_page(report, VisitForm(), unmask=form), 400
    audit.viewed(
        report.person.account,
        actor=current_user,
        what="id_number",
        why=form.reason.data,
        as_role="coordinator",
        person=report.person,
        report=report.receipt,
    )
    response = current_app.make_response(visit_page(report, VisitForm(), id_shown=True))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/coordinator/visits/<receipt>/reject")
@allow(Role.COORDINATOR)
def reject(receipt: str):
    report = report_in_area_or_404(receipt)
    form = RejectForm(prefix="reject")
    valid = form.validate_on_submit()
    if valid and not lifecycle.may_visit(report):
        form.reason.errors = [str(OVER)]
    if not valid or form.reason.errors:
        return visit_page(report, VisitForm(), reject=form)
    recording.reject(report, current_user, form.reason.data.strip())
    flash(_("The report has been rejected. The person can see why."), "success")
    return redirect(url_for("visits.caseload"))


@bp.get("/coordinator/caseload.json")
@allow(Role.COORDINATOR)
def caseload_download():
    """The caseload for field mode: the whole of it, or with ?since=<cursor> what changed since that download (the
    reports changed or added, the receipts removed). A cursor that cannot be used gets the whole caseload."""
    place_ids = cases.community_ids(current_user)
    last, pruned = changes.numbers(db.session)  # read first: a change committed meanwhile is sent again next time
    today = clock.today()
    since = offline.read_cursor(request.args.get("since"), current_user, place_ids, last, pruned)
    touched = None
    if since is not None:
        touched = changes.touched_since(place_ids, since, limit=offline.MAX_CHANGES + 1)
        if len(touched) > offline.MAX_CHANGES:
            touched = None
    if touched is None:
        items, removed = cases.case_items(current_user, today, place_ids=place_ids), None
    else:
        items = cases.case_items(current_user, today, receipts=touched, place_ids=place_ids) if touched else []
        removed = set(touched) - {item.receipt for item in items}
    data = offline.caseload_json(
        items,
        current_user,
        keep_days=current_app.config["CASELOAD_KEEP_DAYS"],
        cursor=offline.make_cursor(last, current_user, place_ids),
        today=cases.workday_number(today),
        removed=removed,
    )
    response = current_app.response_class(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")), mimetype="application/json"
    )
    audit.record("caseload.downloaded", actor=current_user, count=len(items))
    record_people_seen([item.receipt for item in items], [], why="caseload download")
    db.session.commit()
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/coordinator/sync")
@allow(Role.COORDINATOR)
def sync_account():
    """Whose visits a sync would store now, and how many of them wait for review: field mode asks when it opens
    online (and the outbox before it sends). A session that has ended answers 401, another role 403 (access.py); the
    device then wipes its downloaded caseload, and keeps the visits it has not sent for their coordinator's next
    sign-in. Holds no personal data: the account's number and a count."""
    response = jsonify(coordinator=current_user.id, conflicts=conflicts_count())
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/coordinator/sync")
@allow(Role.COORDINATOR)
@csrf.exempt
def sync():
    """The outbox, sent from the device. CSRF is checked by design, not by the form token (see offline.py)."""
    refused = sync_request_refused(request, current_app.config["WEBAUTHN_ORIGINS"])
    if refused:
        return jsonify(error=refused, message=str(SYNC_REFUSALS[refused])), 400
    try:
        body = jsonbody.read(request, schemas.SYNC_ENVELOPE, max_bytes=schemas.SYNC_MAX_BYTES, labels=schemas.LABELS)
    except jsonbody.BodyError as error:
        return error.response()
    items = body["visits"]
    results = recording.record_batch(current_user, items)
    return jsonify(
        results=[
            result.as_json(item.get("client_id") if isinstance(item, dict) else None)
            for item, result in zip(items, results, strict=True)
        ]
    )


#: Conflicts shown on one page, oldest first (each is a card with its table of differences).
CONFLICTS_PAGE_SIZE = 20


@bp.get("/coordinator/conflicts")
@allow(Role.COORDINATOR)
def conflicts():
    # Only in the communities they cover now: taken off one, its reports are no longer theirs to see or change.
    found = paged(
        to_decide(Visit)
        .params(**conflict_scope())
        .options(selectinload(Visit.report).selectinload(ResidenceReport.person), selectinload(Visit.coordinator))
        .order_by(Visit.received_at, Visit.id),
        request.args.get("page", 1, type=int),
        CONFLICTS_PAGE_SIZE,
    )
    visits = found.items
    page = render_template(
        "visits/conflicts.html",
        visits=visits,
        page=found,
        may_visit=lifecycle.may_visit,
        visited_since=visits_since_download(visits),
    )
    people = sorted({v.report.person_id for v in visits})
    audit.viewed_in_list(people, actor=current_user, as_role="coordinator", what="residence_report", why="visit")
    db.session.commit()
    return page


def visits_since_download(conflicts: list[Visit]) -> dict[int, list[Visit]]:
    """For each conflict, the visits stored on its report after the coordinator's download and before it arrived
    (another coordinator's, or their own from another phone): often the only change, which the table of details
    cannot show (a visit that found nobody changes no detail, only the report's version)."""
    if not conflicts:
        return {}
    stored = db.session.scalars(
        select(Visit)
        .where(
            Visit.report_id.in_({v.report_id for v in conflicts}),
            Visit.state.in_(("applied", "applied_after_review")),
        )
        .options(selectinload(Visit.coordinator))
        .order_by(Visit.received_at, Visit.id)
    ).all()
    return {
        v.id: [
            other
            for other in stored
            if other.report_id == v.report_id
            and other.server_version >= v.seen_version
            and (other.received_at, other.id) < (v.received_at, v.id)
        ]
        for v in conflicts
    }


def resolved_already(visit_id: int) -> bool:
    """A visit on a report in the coordinator's communities whose conflict was decided (by a colleague, or from this
    page sent twice): they are told so, rather than "not found"."""
    return bool(
        db.session.scalar(
            select(Visit.id)
            .join(ResidenceReport, ResidenceReport.id == Visit.report_id)
            .where(
                Visit.id == visit_id,
                Visit.conflict.is_(True),
                Visit.state != "conflict",
                ResidenceReport.place_id.in_(cases.community_ids(current_user)),
            )
        )
    )


@bp.post("/coordinator/conflicts/<int:visit_id>")
@allow(Role.COORDINATOR)
def resolve(visit_id: int):
    found = db.session.scalar(to_decide(Visit).where(Visit.id == visit_id).params(**conflict_scope()))
    if found is None and resolved_already(visit_id):
        flash(_("This conflict has been resolved already."), "info")
        return redirect(url_for("visits.conflicts"))
    if found is None:
        abort(404)  # not theirs to decide, or a community they no longer cover (as report_in_area_or_404)
    if recording.own_report(current_user, found.report):
        abort(403)
    decision = request.form.get("decision")
    if decision not in ("apply", "keep"):
        abort(400)  # the page's two buttons: anything else decides nothing (never "keep" by default)
    try:
        recording.resolve(found, current_user, apply_visit=decision == "apply")
    except lifecycle.TransitionRefused:
        flash(OVER, "error")
    else:
        flash(_("Thank you. The conflict is resolved."), "success")
    return redirect(url_for("visits.conflicts"))


@bp.get("/field")
@allow(PUBLIC)
def field():
    """The offline field page. It holds no personal data: the caseload lives in the device's IndexedDB.

    Public, so that a coordinator whose session has ended still reaches the visits waiting on the device (and the
    service worker keeps one copy for everyone); but someone signed in without the coordinator's role is told it is
    not for them, rather than shown buttons that would all be refused."""
    if current_user.is_authenticated and not current_user.has_role(Role.COORDINATOR):
        abort(403)
    correctable = [(name, getattr(VisitForm, name).args[0], limit) for name, limit in schemas.CORRECTABLE.items()]
    response = current_app.make_response(
        render_template(
            "visits/field.html",
            anonymous=True,
            outcomes=OUTCOME_LABELS,
            correctable=correctable,
            case_reasons=labels.labels("case_reason"),  # the download's "why" codes, worded
            datetime_format=short_datetime(),
        )
    )
    response.headers["Cache-Control"] = "no-cache"
    return response
