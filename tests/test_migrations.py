"""Alembic migrations build exactly the models' schema, and go down and up again, on each database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from webapp.extensions import db as _db


def test_migrations_match_the_models(app, db):
    with _db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), _db.metadata)
    assert diff == []


def test_downgrade_to_nothing_and_upgrade_again(app, db):
    downgrade(revision="base")
    assert _db.inspect(_db.engine).get_table_names() in ([], ["alembic_version"])
    upgrade()
    assert "account" in _db.inspect(_db.engine).get_table_names()


def test_sqlite_uses_wal_and_a_busy_timeout(app, db):
    if _db.engine.dialect.name != "sqlite":
        assert _db.engine.dialect.name == "postgresql"
        return
    with _db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
