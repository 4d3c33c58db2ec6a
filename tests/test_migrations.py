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


def test_the_caseload_migration_fills_the_masked_id_numbers_of_existing_people(app, db):
    """0020 adds person.id_number_masked and fills it from the encrypted numbers already stored."""
    from datetime import date

    import sqlalchemy as sa

    from webapp.people.models import Person
    from webapp.people.reference import mask_id_number
    from webapp.security.crypto import ID_NUMBER, blind_index

    number = "110101199003071234"
    downgrade(revision="0019_corrections_identity")  # the revision before the caseload migration
    try:
        with _db.engine.begin() as connection:  # a Core insert encrypts through the column's type, as in 0017
            connection.execute(
                sa.insert(Person.__table__).values(
                    name="Li Lei",
                    sex="male",
                    ethnicity="01",
                    birth_date=date(1990, 3, 7),
                    id_number=number,
                    id_number_index=blind_index(ID_NUMBER, number),
                )
            )
    finally:
        upgrade()
    with _db.engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT id_number, id_number_masked FROM person")).one()
    assert stored.id_number != number and stored.id_number_masked == mask_id_number(number) == "1101**********1234"
