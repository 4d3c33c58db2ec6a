"""The counties' assessment (an administrator's areas ranked) and the coordinators' work record; their CSVs."""

import csv
import io
from types import SimpleNamespace

from babel.dates import format_skeleton
from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import format_number, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp import clock
from webapp.accounts.roles import Role
from webapp.accounts.sessions import fresh_passkey
from webapp.admin import service as admin_service
from webapp.admin.scope import lineage_in_scope, node_in_scope_or_404, scopes
from webapp.assessment import figures, periods, record, scoring
from webapp.places.models import Place
from webapp.security.access import allow

bp = Blueprint("assessment", __name__)

#: Rows of coordinators on one page of the administrator's work record (the CSV has them all).
PAGE_SIZE = 50

INDICATOR_NAMES = {
    "verified": _l("Registered migrants verified by a visit"),
    "changes_on_time": _l("Changes reported on time"),
    "coordinators": _l("Coordinators at one per %(num)s migrants"),
    "stations": _l("Service stations where required"),
    "requests_on_time": _l("Service requests answered by their target date"),
    "permits": _l("Residence permits kept in force (endorsed on time)"),
}
INDICATOR_MEANING = {
    "verified": _l("Of the migrants registered, the share whose report a coordinator has checked at a visit."),
    "changes_on_time": _l(
        "Of the moves and new jobs reported in the period, the share reported within the time allowed."
    ),
    "coordinators": _l(
        "Each village or community needs one coordinator per %(num)s migrants (rounded up); the share of the "
        "coordinators needed that it has. A surplus in one community does not make up for a shortfall in another."
    ),
    "stations": _l(
        "A village or community with more than 200 migrants, or an employer with more than 100, sets up a service "
        "station. Xinju does not record the stations yet, so this indicator has no figures and is left out."
    ),
    "requests_on_time": _l(
        "Of the service requests completed or refused in the period, the share answered by their target date. "
        "Requests go to the county's departments, so only counties are compared on this."
    ),
    "permits": _l("Of the permits that should be in force, the share that is (not lapsed for want of endorsement)."),
}


def with_ratio(texts: dict, ratio: int) -> dict:
    """The indicators' texts, the coordinators' naming the staffing ratio the ranking counted with (the [staffing]
    migrants_per_coordinator of the profile in force, figures.coordinator_ratio) rather than a fixed 500."""
    return {
        key: str(text) % {"num": format_number(ratio)} if key == "coordinators" else text for key, text in texts.items()
    }


#: The seeds an indicator's source (weights.toml) cites, by the name it gives them.
SEED_NAMES = {"Zibo": _l("Zibo"), "Wenzhou": _l("Wenzhou")}


def source_in_words(source: str) -> str:
    """weights.toml's "Zibo §二(一); Wenzhou §十九" with the seeds' names in the page's language (the section
    numbers are the seeds' own)."""
    for name, words in SEED_NAMES.items():
        source = source.replace(name, str(words))
    return source


def month_in_words(period: periods.Period) -> str:
    """A month as the page's language says it ("July 2026", "2026年7月"); its key ("2026-07") stays in the
    addresses and the CSVs."""
    return format_skeleton("yMMMM", period.first_day, locale=get_locale() or "en")


def chosen_period(default_month: bool = False) -> periods.Period:
    """?period=…, else the current year (or month: default_month)."""
    return periods.parse(request.args.get("period"), clock.today(), default_month=default_month)


def area_and_period(code: str, default_month: bool = False) -> tuple[Place, periods.Period]:
    """The area the URL names (within the administrator's, else 404) and the period the query asks for."""
    return node_in_scope_or_404(code), chosen_period(default_month=default_month)


def ranking_of(node: Place, period: periods.Period):
    children = figures.children_of(node)
    today = clock.today()
    indicators = scoring.load_indicators()
    current = figures.area_counts(node, children, period, today)
    before = figures.area_counts(node, children, period.previous(), today)
    rows = scoring.ranking(current, before, indicators, order=lambda place: place.code)
    return rows, indicators


def _cell(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_download(filename: str, header: list[str], lines: list[list], **audit_details):
    """As the admin exports: in the audit log before it is sent, with a BOM, formulas defused."""
    admin_service.exported(current_user, **audit_details)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([_cell(c) for c in row] for row in lines)
    response = current_app.response_class("\ufeff" + out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/admin/assessment")
@allow(Role.ADMIN)
def assessment_home():
    mine = scopes()
    if not mine:
        abort(403)
    return redirect(url_for("assessment.ranking", code=mine[0].code))


@bp.get("/admin/assessment/<code>")
@allow(Role.ADMIN)
def ranking(code: str):
    node, period = area_and_period(code)
    rows, indicators = ranking_of(node, period)
    ratio = figures.coordinator_ratio(node, period, clock.today())
    lineage = lineage_in_scope(node)
    return render_template(
        "assessment/ranking.html",
        node=node,
        lineage=lineage,
        rows=rows,
        indicators=indicators,
        names=with_ratio(INDICATOR_NAMES, ratio),
        meanings=with_ratio(INDICATOR_MEANING, ratio),
        sources={i.key: source_in_words(i.source) for i in indicators},
        period=period,
        choices=periods.choices(clock.today()),
        month_in_words=month_in_words,
        running=period.contains(clock.today()),
    )


def _pct(value):
    return "" if value is None else round(100 * value, 1)


@bp.get("/admin/assessment/<code>/ranking.csv")
@allow(Role.ADMIN)
@fresh_passkey  # exports need a fresh passkey check (issue 13)
def ranking_export(code: str):
    node, period = area_and_period(code)
    rows, indicators = ranking_of(node, period)
    keys = [i.key for i in indicators]
    header = ["rank", "code", "name", "score", "previous_rank", "previous_score", "change"]
    header += [f"{k}_percent" for k in keys] + ["registered", "permits_issued"]
    lines = [
        [
            "" if r.rank is None else r.rank,
            r.key.code,
            r.key.name,
            "" if r.score is None else r.score,
            "" if r.previous_rank is None else r.previous_rank,
            "" if r.previous_score is None else r.previous_score,
            "" if r.change is None else r.change,
            *(_pct(r.shares.get(k)) for k in keys),
            r.counts.registered,
            r.counts.permits_issued,
        ]
        for r in rows
    ]
    weights = [["weight", i.key, i.weight, i.source] for i in indicators]
    return csv_download(
        f"xinju-assessment-{node.code}-{period.key}.csv",
        header,
        lines + [[]] + weights,
        reason="assessment",
        place=node.code,
        period=period.key,
        rows=len(lines),
    )


@bp.get("/admin/work-record")
@allow(Role.ADMIN)
def work_home():
    mine = scopes()
    if not mine:
        abort(403)
    return redirect(url_for("assessment.work", code=mine[0].code))


@bp.get("/admin/work-record/<code>")
@allow(Role.ADMIN)
def work(code: str):
    node, period = area_and_period(code, default_month=True)
    children = figures.children_of(node)
    total = record.count_in_area(node, period)
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(request.args.get("page", 1, type=int), 1), pages)
    lines = record.lines(record.in_area(node, period).limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE))
    page = SimpleNamespace(page=number, pages=pages, total=total)
    lineage = lineage_in_scope(node)
    return render_template(
        "assessment/work.html",
        node=node,
        lineage=lineage,
        areas=record.by_child(node, children, period),
        lines=lines,
        page=page,
        period=period,
        choices=periods.choices(clock.today()),
        month_in_words=month_in_words,
        counted_at=record.counted_at(period),
    )


WORK_HEADER = [
    "coordinator_reference",
    "coordinator",
    "community_code",
    "community",
    "visits",
    "visits_confirmed",
    "visits_corrected",
    "visits_not_found",
    "visits_moved_out",
    "visits_declined",
    "reports_verified",
    "assisted_registrations",
    "first_visits",
    "median_days_to_first_visit",
    "community_rentals_registered",
]


def work_csv_rows(lines: list[record.Line]) -> list[list]:
    return [
        [
            line.reference,
            line.coordinator,
            line.code,
            line.community,
            line.visits,
            *(line.figures[k] for k in record.OUTCOMES),
            line.figures["reports_verified"],
            line.figures["assisted"],
            line.figures["first_visits"],
            "" if line.figures["median_days_to_visit"] is None else line.figures["median_days_to_visit"],
            line.figures["community_rentals"],
        ]
        for line in lines
    ]


@bp.get("/admin/work-record/<code>/work-record.csv")
@allow(Role.ADMIN)
@fresh_passkey  # exports need a fresh passkey check (issue 13)
def work_export(code: str):
    node, period = area_and_period(code, default_month=True)
    rows = work_csv_rows(record.lines(record.in_area(node, period)))
    return csv_download(
        f"xinju-work-record-{node.code}-{period.key}.csv",
        WORK_HEADER,
        rows,
        reason="work_record",
        place=node.code,
        period=period.key,
        rows=len(rows),
    )


@bp.get("/coordinator/work-record")
@allow(Role.COORDINATOR)
def my_work():
    """A coordinator's own record, and nobody else's (the page takes no one's id)."""
    period = chosen_period(default_month=True)
    lines = record.of_coordinator(current_user.id, period)
    totals = {k: sum(line.figures[k] for line in lines) for k in record.SUMMED}
    return render_template(
        "assessment/mine.html",
        lines=lines,
        totals=totals,
        visits=sum(line.visits for line in lines),
        period=period,
        choices=periods.choices(clock.today()),
        month_in_words=month_in_words,
        counted_at=record.counted_at(period),
    )
