"""`flask jobs run` started on two machines at once: one run does the work, the other says so and exits 0.

Two runs at once, in two threads with connections of their own: the first holds the lock (PostgreSQL: an advisory
lock; SQLite: a file lock beside the database) while the second starts."""

import threading

import pytest

from webapp import clock
from webapp.jobs import cli as jobs
from webapp.jobs import lock


def test_two_runs_at_once_do_one_run(app, db, runner, monkeypatch):
    inside, release, ran = threading.Event(), threading.Event(), []

    real_run = jobs.run

    def slow_run(today):
        ran.append(today)
        inside.set()
        assert release.wait(10)
        return real_run(today or clock.today())

    monkeypatch.setattr(jobs, "run", slow_run)
    first: dict = {}

    def first_machine():
        with app.app_context():
            first["counts"] = jobs.run_once(None)
            db.session.remove()

    thread = threading.Thread(target=first_machine)
    thread.start()
    try:
        assert inside.wait(10)
        second = runner.invoke(args=["jobs", "run"])  # the second machine's timer fires meanwhile
        assert second.exit_code == 0, second.output
        assert "holds the lock" in second.output and "reminders sent" not in second.output
        assert len(ran) == 1
    finally:
        release.set()
        thread.join(10)
    assert first["counts"]["permits"] == 0
    again = runner.invoke(args=["jobs", "run"])  # the lock is free again once the first run ended
    assert again.exit_code == 0 and "reminders sent: 0" in again.output and len(ran) == 2


def test_the_lock_is_postgresql_advisory_lock_there_and_a_file_lock_on_sqlite(app, db):
    with lock.single_run() as held:
        expected = "advisory lock" if db.engine.dialect.name == "postgresql" else "file lock"
        assert held == expected
        with lock.single_run() as again:  # a second connection (a second machine) is refused
            assert again is None
    with lock.single_run() as held:  # released on the way out
        assert held == expected


@pytest.mark.postgresql_only
def test_a_run_that_dies_frees_the_lock_with_its_connection(app, db):
    from sqlalchemy import text

    connection = db.engine.connect()
    assert connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": lock.ADVISORY_KEY}).scalar()
    with lock.single_run() as held:
        assert held is None
    connection.invalidate()  # the process holding it died: its session ends
    connection.close()
    with lock.single_run() as held:
        assert held == "advisory lock"
