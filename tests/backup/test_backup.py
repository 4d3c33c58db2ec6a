"""The backup and restore drill (issue 13, point 10): `flask backup create` copies the database in use (SQLite's
online backup API, or pg_dump), `flask backup restore` puts it into an empty database, and every table's count
matches the live database's."""

import json

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from webapp.backup.copy import count_rows


@pytest.fixture
def empty_database(app, tmp_path):
    """An empty database of the same kind as the test's: an SQLite file, or a PostgreSQL database made for it."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{url.database}_restore"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def some_data(db, create_place, migrant, landlord, rental):
    from tests.support.factories import create_reports

    create_reports(create_place("370303001001"), 25)


def test_backup_and_restore_into_an_empty_database_keeps_every_row(
    app, db, runner, some_data, tmp_path, empty_database
):
    live = count_rows(db.session.connection())
    db.session.commit()
    backup = tmp_path / "xinju.backup"
    made = runner.invoke(args=["backup", "create", str(backup)])
    assert made.exit_code == 0, made.output
    assert f"{len(live)} tables, {sum(live.values())} rows" in made.output
    assert json.loads((tmp_path / "xinju.backup.counts.json").read_text()) == live
    assert live["residence_report"] == 25 and live["alembic_version"] == 1

    restored = runner.invoke(args=["backup", "restore", str(backup), "--into", empty_database])
    assert restored.exit_code == 0, restored.output
    assert "every count matches the backup" in restored.output
    engine = create_engine(empty_database)
    with engine.connect() as connection:
        assert count_rows(connection) == live
        names = set(connection.execute(text("SELECT name FROM person")).scalars())
    engine.dispose()
    assert "王芳" in names


def test_a_restore_into_a_database_that_is_not_empty_is_refused(app, db, runner, some_data, tmp_path):
    backup = tmp_path / "xinju.backup"
    assert runner.invoke(args=["backup", "create", str(backup)]).exit_code == 0
    refused = runner.invoke(args=["backup", "restore", str(backup), "--into", app.config["SQLALCHEMY_DATABASE_URI"]])
    assert refused.exit_code != 0
    assert "not empty" in refused.output


def test_a_backup_never_overwrites_a_file(app, db, runner, tmp_path):
    existing = tmp_path / "old.backup"
    existing.write_text("keep me")
    refused = runner.invoke(args=["backup", "create", str(existing)])
    assert refused.exit_code != 0
    assert existing.read_text() == "keep me"
