"""Dashboards on a read replica (XINJU_REPLICA_DATABASE_URL): their counts come from the replica, writes never go there.

The "replica" here is a database of its own holding other numbers than the primary (a real replica holds the
primary's, seconds late): the dashboard's answer says which one it read. Both are SQLite files of this test's own,
built by the migrations, so the test does not depend on the suite's database."""

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from tests.support.factories import create_place, create_reports
from webapp import clock, replica
from webapp.admin import indicators
from webapp.config import ProductionConfig, replica_from_environment
from webapp.extensions import db
from webapp.places.models import Place
from webapp.registrations.models import ResidenceReport


def database(make_app, path, reports: int) -> str:
    """A migrated database with 张店区 and one community (the same ids in each, as on a replica) and `reports`."""
    url = f"sqlite:///{path}"
    with make_app("test", SQLALCHEMY_DATABASE_URI=url).app_context():
        upgrade()
        create_reports(create_place("370303001001", "甲社区"), reports)
        db.session.remove()
    return url


@pytest.fixture
def primary_and_replica(app, make_app, tmp_path):
    return database(make_app, tmp_path / "primary.sqlite3", 3), database(make_app, tmp_path / "replica.sqlite3", 7)


def registered(app) -> int:
    with app.app_context():
        county = db.session.scalar(select(Place).where(Place.code == "370303"))  # the view finds it on the primary
        return indicators.dashboard(county, clock.today()).total.registered


def test_the_dashboard_reads_the_replica_when_one_is_set(primary_and_replica, make_app):
    primary, copy = primary_and_replica
    assert registered(make_app("test", SQLALCHEMY_DATABASE_URI=primary)) == 3  # no replica: the primary
    with_replica = make_app("test", SQLALCHEMY_DATABASE_URI=primary, REPLICA_DATABASE_URI=copy)
    assert registered(with_replica) == 7
    with with_replica.app_context():
        assert replica.configured() and replica.session() is not db.session
        assert replica.session().get_bind().url.database.endswith("replica.sqlite3")


def test_writes_go_to_the_primary_never_to_the_replica(primary_and_replica, make_app):
    primary, copy = primary_and_replica
    with_replica = make_app("test", SQLALCHEMY_DATABASE_URI=primary, REPLICA_DATABASE_URI=copy)
    with with_replica.app_context():
        create_reports(db.session.scalar(select(Place).where(Place.code == "370303001001")), 2)  # through db.session
        assert db.session.scalar(select(func.count()).select_from(ResidenceReport)) == 5
        reads = replica.session()
        assert reads.scalar(select(func.count()).select_from(ResidenceReport)) == 7
        reads.add(Place(code="370303001099", name="新社区", level="community"))
        with pytest.raises(replica.ReplicaWriteError):
            reads.flush()
        reads.rollback()
        assert reads.scalar(select(func.count()).select_from(Place).where(Place.code == "370303001099")) == 0
    assert registered(with_replica) == 7
    with with_replica.app_context():
        for engine in db.engines.values():  # both binds' pools (make_app closes the primary's only)
            engine.dispose()


def test_production_reads_the_replica_url_from_the_environment():
    assert replica_from_environment({}, ProductionConfig.engine_options) == {}
    url = "postgresql+psycopg://reader@replica.internal/xinju"
    settings = replica_from_environment({"XINJU_REPLICA_DATABASE_URL": url}, ProductionConfig.engine_options)
    assert settings["REPLICA_DATABASE_URI"] == url
    bind = settings["SQLALCHEMY_BINDS"]["replica"]
    assert bind["url"] == url and bind["connect_args"]["connect_timeout"] == 5


def test_a_postgresql_replica_reads_in_read_only_transactions(make_app):
    other = make_app("test", REPLICA_DATABASE_URI="postgresql+psycopg://reader@replica.internal/xinju")
    options = other.config["SQLALCHEMY_BINDS"]["replica"]["connect_args"]["options"]
    assert "default_transaction_read_only=on" in options
