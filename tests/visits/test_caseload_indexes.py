"""The caseload reads a community's open reports from a partial index, on SQLite and PostgreSQL alike (issue 15).

A partial index is used only when the query's condition is visibly the index's own: lifecycle writes its statuses
as literals for this reason, and defines the indexes' conditions from the same sets."""

import re

from sqlalchemy import select, text
from sqlalchemy.dialects import sqlite

from webapp.registrations import lifecycle
from webapp.registrations.lifecycle import CURRENT_SQL, OPEN_CASE_SQL
from webapp.registrations.models import ResidenceReport
from webapp.visits import caseload


def statuses_in(sql: str) -> tuple[str, ...]:
    return tuple(re.findall(r"'(\w+)'", sql))


def test_the_indexes_conditions_are_the_lifecycles_sets(app):
    # Open: awaiting a visit or corrected, or verified and said since to have left (left_reported).
    assert statuses_in(OPEN_CASE_SQL) == (*lifecycle.OPEN, lifecycle.ReportStatus.VERIFIED)
    assert statuses_in(CURRENT_SQL) == tuple(lifecycle.FINISHED)
    literal = str(
        select(ResidenceReport.id)
        .where(lifecycle.open_case(), lifecycle.current())
        .compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
    )
    assert (
        "(residence_report.status IN ('submitted', 'confirmed', 'corrected') OR residence_report.status = 'verified' "
        "AND residence_report.left_reported = 1)"
    ) in literal
    assert "status NOT IN ('ended', 'rejected')" in literal


def plan(db, statement) -> str:
    """The database's plan of a SELECT (PostgreSQL told not to read whole tables, which it
    would rather do with a test's few rows: the question is whether the index can serve the query)."""
    with db.engine.connect() as connection:
        sql = str(statement.compile(connection, compile_kwargs={"literal_binds": True}))
        if connection.dialect.name == "postgresql":
            connection.execute(text("SET LOCAL enable_seqscan = off"))
            rows = connection.execute(text("EXPLAIN " + sql))
        else:
            rows = connection.execute(text("EXPLAIN QUERY PLAN " + sql))
        return "\n".join(" ".join(str(part) for part in row) for row in rows)


def test_the_caseloads_buildings_come_from_the_open_reports_index(db, community, coordinator):
    from tests.support.factories import create_reports

    create_reports(community, 3, status="submitted")
    create_reports(community, 3, status="verified")
    statement = (
        caseload._open_cases(caseload.GROUP_COLUMNS[0])
        .group_by(*caseload.GROUP_COLUMNS)
        .params(place_ids=[community.id], me=coordinator.id)
    )
    assert "ix_residence_report_open" in plan(db, statement)


def test_permits_about_to_lapse_are_read_from_two_indexes(db, community):
    from datetime import date

    found = plan(db, caseload.lapsing_candidates([community.id], date(2026, 7, 14)))
    if db.engine.dialect.name == "sqlite":
        # The community's current reports from their index; each holder's permits by an index, which one following
        # the statistics a synthetic city's test on the same worker's file may have left (its ANALYZE): the holder's
        # permits in force, or all the holder's (a person has one or two). Never a table read whole.
        assert "USING INDEX ix_residence_report_current" in found, found
        assert re.search(r"SEARCH permit USING (COVERING )?INDEX ix_permit_(holder_in_force|person_id)", found), found
        assert "SCAN" not in found, found
    else:
        # PostgreSQL picks among the indexes that can serve by the statistics of a few rows, and those follow the
        # tests run before on the worker (autovacuum's last look, pages of deleted rows): CI failed on the names
        # three ways. What holds whatever they say: neither table is read whole.
        assert "Seq Scan" not in found, found


def test_rentals_to_register_read_a_communitys_current_tenancies_from_their_index(db, community):
    from tests.support.factories import create_reports

    create_reports(community, 3, status="verified")
    statement = caseload._rentals_to_register_statement().params(place_ids=[community.id])
    assert "ix_residence_report_current_tenancy" in plan(db, statement)


def test_the_pages_reports_are_read_by_their_ids(db, community, coordinator):
    from tests.support.factories import create_reports

    reports = create_reports(community, 3, status="submitted")
    create_reports(community, 3, status="verified")
    statement = caseload._page_items_statement().params(
        place_ids=[community.id], me=coordinator.id, ids=[report.id for report in reports]
    )
    found = plan(db, statement)
    if db.engine.dialect.name == "sqlite":  # each id looked up, without statistics too
        assert "rowid=?" in found
    else:  # by an index the statistics of a few rows choose (see the permits' test above): never the whole table
        assert "Seq Scan on residence_report" not in found, found
