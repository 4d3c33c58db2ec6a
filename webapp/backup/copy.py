"""Making and restoring a backup of the configured database, and counting its rows.

A backup is two files: the copy (PATH: an SQLite database, or a pg_dump archive in its custom format) and
PATH.counts.json, the number of rows in each table of the same snapshot. A restore goes only into an empty database
and fails unless every table then holds exactly the counted rows.
"""

import json
import os
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    pass


def counts_path(path: Path) -> Path:
    return path.with_name(path.name + ".counts.json")


def table_names(connection) -> list[str]:
    return sorted(inspect(connection).get_table_names())


def count_rows(connection) -> dict[str, int]:
    return {
        name: connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
        for name in table_names(connection)
    }


def _sqlite_file(url: str) -> str:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return database


def _libpq(url: str) -> tuple[str, dict]:
    """pg_dump and pg_restore take a libpq URL (no "+psycopg") and the password from the environment."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def create(url: str, path: Path) -> dict[str, int]:
    """Copy the database at `url` to `path` while it is in use; returns (and writes beside it) the rows per table."""
    path = Path(path)
    if make_url(url).get_backend_name() == "sqlite":
        source = sqlite3.connect(_sqlite_file(url))
        target = sqlite3.connect(path)
        try:
            with target:
                source.backup(target)  # the online backup API: a consistent copy while others write
        finally:
            source.close()
            target.close()
        engine = create_engine(f"sqlite:///{path}")
        with engine.connect() as connection:
            counts = count_rows(connection)
        engine.dispose()
    else:
        # pg_dump reads the snapshot in which the rows were counted (exported from a repeatable-read transaction
        # held open until the dump is done), so the counts are those of the archive even while others write.
        engine = create_engine(url)
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                counts = count_rows(connection)
                libpq, env = _libpq(url)
                done = subprocess.run(
                    ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}", f"--file={path}", libpq],
                    env=env,
                    capture_output=True,
                    text=True,
                )
        engine.dispose()
        if done.returncode:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    counts_path(path).write_text(json.dumps(counts, indent=1, sort_keys=True))
    return counts


def restore(path: Path, url: str) -> dict[str, int]:
    """Restore the backup at `path` into the empty database at `url`; returns the rows per table, checked against
    the backup's counts (BackupError when any differs)."""
    path = Path(path)
    expected = json.loads(counts_path(path).read_text())
    engine = create_engine(url)
    with engine.connect() as connection:
        occupied = bool(table_names(connection))
    if occupied:
        engine.dispose()
        raise BackupError("the database to restore into is not empty")
    if make_url(url).get_backend_name() == "sqlite":
        engine.dispose()
        source = sqlite3.connect(path)
        target = sqlite3.connect(_sqlite_file(url))
        try:
            with target:
                source.backup(target)
        finally:
            source.close()
            target.close()
    else:
        libpq, env = _libpq(url)
        done = subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", f"--dbname={libpq}", str(path)],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            engine.dispose()
            raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
    with engine.connect() as connection:
        restored = count_rows(connection)
    engine.dispose()
    differences = {
        t: (expected.get(t), restored.get(t))
        for t in set(expected) | set(restored)
        if expected.get(t) != restored.get(t)
    }
    if differences:
        raise BackupError(f"restored counts differ from the backup's: {differences}")
    return restored
