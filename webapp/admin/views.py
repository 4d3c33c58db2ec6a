"""Administrators: the dashboard of their node and everything below it, exports, staff, the audit log."""

import csv
import io
import re
from collections.abc import Iterable

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp import clock, labels
from webapp.accounts.models import Account, RoleGrant
from webapp.accounts.roles import Role
from webapp.accounts.sessions import fresh_passkey
from webapp.admin import charts, indicators, service, staff
from webapp.admin.forms import AssignForm
from webapp.admin.scope import lineage_in_scope, node_in_scope_or_404, scopes
from webapp.audit.log import staff_reason_label
from webapp.extensions import db
from webapp.forms import read_date
from webapp.i18n import colon, semicolon
from webapp.permits import rules as permit_rules
from webapp.places.forms import community_or_none
from webapp.places.models import Place
from webapp.security.access import allow

bp = Blueprint("admin", __name__)


PERIODS = {"3m": 91, "12m": 365, "24m": 730}
labels.register("period", {"3m": _l("Last 3 months"), "12m": _l("Last 12 months"), "24m": _l("Last 24 months")})
#: Bars in the chart of areas; the table below it has them all.
CHART_AREAS = 24
#: Communities listed on the page for the staffing and station rules (most migrants first); the CSV has them all.
LISTED = 50


def month_label(month: str, count: int) -> str:
    """ "2026-11" as "11", or as "26-11" when the months span more than a year."""
    return month[2:] if count > 12 else month[5:]


@bp.get("/admin")
@allow(Role.ADMIN)
def home():
    mine = scopes()
    if not mine:
        abort(403)
    return redirect(url_for("admin.place", code=mine[0].code))


def period_days() -> tuple[str, int]:
    period = request.args.get("period", "12m")
    return (period, PERIODS[period]) if period in PERIODS else ("12m", PERIODS["12m"])


@bp.get("/admin/places/<code>")
@allow(Role.ADMIN)
def place(code: str):
    node = node_in_scope_or_404(code)
    period, days = period_days()
    board = indicators.cached_dashboard(node, clock.today(), days, listed=LISTED)
    lineage = lineage_in_scope(node)
    months = board.months
    movement_chart = charts.bars(
        _("Arrivals and departures by month"),
        [month_label(m, len(months)) for m, _a, _d in months],
        [
            (_("Arrivals"), [a for _m, a, _d in months], "chart__bar"),
            (_("Departures"), [d for _m, _a, d in months], "chart__bar chart__bar--second"),
        ],
    )
    # Areas with migrants only (an empty area has no share); too many to read: those that need attention most.
    areas = [(child, c) for child, c in board.children if c.registered]
    if len(areas) > CHART_AREAS:
        lowest = sorted(areas, key=lambda pair: (pair[1].share_verified, pair[0].code))[:CHART_AREAS]
        areas = [pair for pair in areas if pair in lowest]
        title = _("Share verified: the %(n)s areas with the lowest (%%)", n=CHART_AREAS)
    else:
        title = _("Share verified, by area (%)")
    verified_chart = charts.hbars(
        title,
        [child.name for child, _c in areas],
        [round(100 * c.share_verified) for _child, c in areas],
        "chart__bar",
        peak=100,
        unit="%",
    )
    return render_template(
        "admin/place.html",
        board=board,
        lineage=lineage,
        period=period,
        periods=PERIODS,
        movement_chart=movement_chart,
        verified_chart=verified_chart,
        today=clock.today(),
        expiring_days=permit_rules.RENEWAL_NOTICE_DAYS,
    )


EXPORTS = ("summary", "areas", "staffing", "stations", "months", "requests")


def export_rows(board, table: str) -> tuple[list[str], list[list]]:
    if table == "summary":
        t = board.total
        figures = {
            "registered": t.registered,
            "verified": t.verified,
            "share_verified": _share(t.share_verified),
            "awaiting_verification": t.backlog,
            "mean_days_awaiting": round(t.mean_backlog_days, 1) if t.mean_backlog_days is not None else "",
            "oldest_days_awaiting": t.oldest_backlog_days,
            "changes": t.changes,
            "changes_on_time": t.changes_on_time,
            "coordinators": t.coordinators,
            "coordinators_needed": t.coordinators_needed,
            "coordinator_shortfall": t.coordinator_shortfall,
            **{f"permits_{state}": n for state, n in board.permits.items()},
            "requests_open_past_target": board.requests_overdue,
        }
        return ["indicator", "value"], [[name, value] for name, value in figures.items()]
    if table == "areas":
        return (
            [
                "code",
                "name",
                "registered",
                "verified",
                "share_verified",
                "backlog",
                "mean_backlog_days",
                "changes",
                "changes_on_time",
                "coordinators",
                "coordinators_needed",
                "shortfall",
            ],
            [
                [
                    p.code,
                    p.name,
                    c.registered,
                    c.verified,
                    _share(c.share_verified),
                    c.backlog,
                    round(c.mean_backlog_days, 1) if c.mean_backlog_days is not None else "",
                    c.changes,
                    c.changes_on_time,
                    c.coordinators,
                    c.coordinators_needed,
                    c.coordinator_shortfall,
                ]
                for p, c in board.children
            ],
        )
    if table == "staffing":
        return (
            ["code", "name", "migrants", "administrators"],
            [[p.code, p.name, n, a] for p, n, a in board.administrator_communities],
        )
    if table == "stations":
        return (
            ["kind", "name", "migrants"],
            [["community", f"{p.code} {p.name}", n] for p, n in board.station_communities]
            + [["employer", name, n] for name, n in board.station_employers],
        )
    if table == "requests":
        return (
            ["status", "requests"],
            [[status, n] for status, n in board.requests.items()] + [["open_past_target", board.requests_overdue]],
        )
    return (["month", "arrivals", "departures"], [list(m) for m in board.months])


def _share(value: float | None):
    """A share with 4 decimals; empty when there is nothing to share (no migrants is not 0 %)."""
    return round(value, 4) if value is not None else ""


def spreadsheet_safe(cell):
    """Text a spreadsheet would run as a formula (=, +, -, @, tab, return first) is written with a ' in front."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def csv_response(filename: str, header: list[str], chunks: Iterable[list[list]], **audit_details):
    """A CSV download (with a BOM so spreadsheet programs read the Chinese right), written to the audit log.

    `chunks` yields lists of rows; they are written as they come, so a long export (the audit log) is streamed."""
    service.exported(current_user, **audit_details)

    def lines():
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        yield "\ufeff" + out.getvalue()
        for rows in chunks:
            out.seek(0)
            out.truncate()
            writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
            yield out.getvalue()

    response = current_app.response_class(stream_with_context(lines()), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/admin/places/<code>/export/<table>.csv")
@allow(Role.ADMIN)
@fresh_passkey  # exports need a fresh passkey check (issue 13)
def export(code: str, table: str):
    node = node_in_scope_or_404(code)
    if table not in EXPORTS:
        abort(404)
    period, days = period_days()
    header, rows = export_rows(indicators.dashboard(node, clock.today(), days), table)
    return csv_response(
        f"xinju-{node.code}-{table}.csv", header, [rows], reason=table, place=node.code, period=period, rows=len(rows)
    )


def scope_codes() -> str:
    return " ".join(scope.code for scope in scopes())


def page_number() -> int:
    return request.args.get("page", 1, type=int)


def render_staff(form: AssignForm):
    page = staff.staff_page(scopes(), page_number())
    return render_template(
        "admin/staff.html",
        page=page,
        form=form,
    )


@bp.get("/admin/staff")
@allow(Role.ADMIN)
def staff_list():
    return render_staff(AssignForm(formdata=None))


@bp.get("/admin/staff.csv")
@allow(Role.ADMIN)
@fresh_passkey  # exports need a fresh passkey check (issue 13)
def staff_export():
    rows = [
        [
            account.reference_display,
            account.display_name,
            "; ".join(" ".join(filter(None, (g.role, g.place.code, g.place.name, g.department))) for g in grants),
            clock.local(account.deactivated_at).date().isoformat() if account.deactivated_at else "",
            semicolon().join(grant_in_words(g) for g in grants),
        ]
        for account, grants in staff.all_staff(scopes())
    ]
    # The codes for a program reading the file, and the same roles in words, in the administrator's language (as
    # the staff pages say them), for a person reading it in a spreadsheet.
    header = ["reference", "name", "roles", "deactivated_on", "roles_in_words"]
    return csv_response("xinju-staff.csv", header, [rows], reason="staff", places=scope_codes(), rows=len(rows))


def grant_in_words(grant: RoleGrant) -> str:
    """A staff role as the staff pages say it, in the page's language: "Service officer: 张店区 · Public security
    (police)"."""
    words = f"{labels.label('role', grant.role)}{colon()}{grant.place.name}"
    return f"{words} · {labels.label('department', grant.department)}" if grant.department else words


def staff_member_or_404(account_id: int) -> tuple[Account, list[RoleGrant]]:
    """Someone with a staff role in the administrator's area (or 404)."""
    account = db.session.get(Account, account_id)
    grants = staff.grants_inside(account, scopes()) if account is not None else []
    if not grants:
        abort(404)
    return account, grants


@bp.get("/admin/staff/<int:account_id>")
@allow(Role.ADMIN)
def staff_member(account_id: int):
    account, grants = staff_member_or_404(account_id)
    return render_template(
        "admin/staff_member.html",
        account=account,
        grants=grants,
        may_manage=account.deactivated_at is None and staff.manageable(account, current_user, scopes()),
        coordinator_grants=len(account.grants_for(Role.COORDINATOR)),
    )


@bp.route("/admin/staff/<int:account_id>/deactivate", methods=["GET", "POST"])
@allow(Role.ADMIN)
def deactivate(account_id: int):
    """A GET asks first (it cannot be undone here); the page's button sends the POST that deactivates."""
    account = db.session.get(Account, account_id)
    if account is None or not staff.manageable(account, current_user, scopes()):
        abort(404)
    if request.method == "GET":
        if account.deactivated_at is not None:
            return redirect(url_for("admin.staff_member", account_id=account.id))
        return render_template("admin/deactivate.html", account=account)
    if account.deactivated_at is not None:
        # Sent twice, or from a page left open: the day they were deactivated stays the first one.
        flash(_("This account is deactivated already."), "info")
        return redirect(url_for("admin.staff_member", account_id=account.id))
    service.deactivate(account, current_user)
    flash(_("%(name)s can no longer sign in.", name=account.display_name), "success")
    return redirect(url_for("admin.staff_member", account_id=account.id))


@bp.post("/admin/staff/<int:account_id>/grants/<int:grant_id>/remove")
@allow(Role.ADMIN)
def unassign(account_id: int, grant_id: int):
    """Take a coordinator off one community (they keep their others); the last one is not taken: deactivate."""
    account = db.session.get(Account, account_id)
    if account is None or not staff.manageable(account, current_user, scopes()):
        abort(404)
    grant = next((g for g in account.grants if g.id == grant_id and g.role == Role.COORDINATOR), None)
    if grant is None:
        abort(404)
    if account.deactivated_at is not None:  # the page offers nothing to change on a deactivated account
        flash(_("This account is deactivated already."), "info")
        return redirect(url_for("admin.staff_member", account_id=account.id))
    place = grant.place
    if service.unassign(account, grant, current_user):
        flash(_("%(name)s no longer covers %(place)s.", name=account.display_name, place=place.name), "success")
    else:
        flash(_("This is their only community. To stop their work, deactivate the account."), "error")
    return redirect(url_for("admin.staff_member", account_id=account.id))


@bp.post("/admin/staff/assign")
@allow(Role.ADMIN)
def assign():
    form = AssignForm()
    if not form.validate_on_submit():
        return render_staff(form)
    account = staff.manageable_coordinator(form.reference.data, current_user, scopes())
    community = community_or_none(form.community.data)
    if account is None:
        form.reference.errors = [_("There is no coordinator with this reference in your area.")]
    if community is None or not any(s.contains(community) for s in scopes()):
        form.community.errors = [_("Enter the 12-digit code of a village or community in your area.")]
    if form.reference.errors or form.community.errors:
        return render_staff(form)
    service.assign(account, community, current_user)
    flash(_("%(name)s now covers %(place)s.", name=account.display_name, place=community.name), "success")
    return redirect(url_for("admin.staff_list"))


def audit_filter() -> tuple[staff.AuditFilter, dict[str, str], dict[str, str], Account | None]:
    """The log's filter from the address (?action=…&since=…&until=…&staff=…: codes, days and a staff account's
    number, never a resident): the filter, what was typed (to show it again), an error per field for what could not
    be read (that part not applied), and the staff member whose actions are shown (from their page's link)."""
    typed = {name: (request.args.get(name) or "").strip()[:40] for name in ("action", "since", "until", "staff")}
    errors = {}
    action = typed["action"] or None
    if action and action not in dict(labels.choices("audit_action")):
        errors["action"], action = _("Choose an action from the list"), None
    days = {}
    for name in ("since", "until"):
        days[name] = read_date(typed[name]) if typed[name] else None
        if typed[name] and days[name] is None:
            errors[name] = _("Enter a date, like 2026-07-14")
    if days["since"] and days["until"] and days["since"] > days["until"]:
        errors["until"], days["until"] = _("The last day must be on or after the first day"), None
    who = None
    if typed["staff"]:
        number = int(typed["staff"]) if re.fullmatch(r"[0-9]{1,10}", typed["staff"]) else 0
        who = db.session.get(Account, number) if 0 < number < 2**31 else None
        if who is not None and who.id != current_user.id and not staff.grants_inside(who, scopes()):
            who = None
        if who is None:
            errors["staff"] = _("Choose a staff member of your area from the staff list")
    only = staff.AuditFilter(action=action, since=days["since"], until=days["until"], actor_id=who and who.id)
    return only, typed, errors, who


@bp.get("/admin/audit")
@allow(Role.ADMIN)
def audit_log():
    only, typed, errors, who = audit_filter()
    args = {name: value for name, value in typed.items() if value and name not in errors}
    page = staff.audit_page(scopes(), current_user, page_number(), only=only)
    places = staff.place_names(page.items)
    actions = sorted(labels.choices("audit_action"), key=lambda choice: str(choice[1]))
    return render_template(
        "admin/audit.html",
        page=page,
        names=staff.account_names(page.items, scopes(), current_user),
        where={e.id: staff.where(e, places) for e in page.items},
        actions=actions,
        typed=typed,
        errors=errors,
        who=who,
        args=args,
        everyone={name: value for name, value in args.items() if name != "staff"},
    )


@bp.get("/admin/audit.csv")
@allow(Role.ADMIN)
@fresh_passkey  # exports need a fresh passkey check (issue 13)
def audit_export():
    """Streamed: a city's log can hold millions of events, read a thousand at a time.

    The body is written after the view has returned and its database session has been closed: the generator
    (run by stream_with_context in a fresh session) loads the administrator and their areas again by id, since
    the objects of the view's session are detached by then."""
    scope_ids, my_id = [scope.id for scope in scopes()], current_user.id
    only = audit_filter()[0]  # the list as filtered on the page (what could not be read is not applied)
    get_locale()  # the language of the words columns, settled while the administrator's account is still loaded

    def chunks():
        mine, me = [db.session.get(Place, i) for i in scope_ids], db.session.get(Account, my_id)
        query = staff.audit_query(mine, me, only).execution_options(yield_per=1000)
        for events in db.session.scalars(query).partitions():
            names = staff.account_names(events, mine, me)
            yield [
                [
                    e.at.isoformat(timespec="seconds"),
                    names.get(e.actor_id, ""),
                    e.action,
                    labels.label("audit_action", e.action),
                    names.get(e.subject_account_id)
                    or ("person" if e.subject_account_id or e.subject_person_id else ""),
                    e.reason,
                    staff_reason_label(e.reason),
                ]
                for e in events
            ]

    # The codes for a program reading the file, and beside each the words the audit page shows, in the
    # administrator's language, for a person reading it in a spreadsheet.
    header = ["at_utc", "who", "what", "what_in_words", "whom", "why", "why_in_words"]
    return csv_response("xinju-audit.csv", header, chunks(), reason="audit", places=scope_codes())
