"""One `flask jobs run` at a time, however many machines start it: every app server may carry the same timer.

PostgreSQL: a session-level advisory lock (pg_try_advisory_lock) on a connection of its own, held for the whole run.
The first run takes it; a run that starts while it is held does nothing and says so. The lock goes with the
connection: a run killed midway frees it for the next day's run.
SQLite (one machine by nature): an exclusive file lock (flock) on a file beside the database; an in-memory database
has no lock (only one process can see it).
"""

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from webapp.extensions import db

#: The advisory lock's key: any 64-bit number no other part of the app uses ("xinjujob" in ASCII).
ADVISORY_KEY = int.from_bytes(b"xinjujob", "big") & 0x7FFF_FFFF_FFFF_FFFF


@contextmanager
def single_run() -> Iterator[str | None]:
    """Yields how the run holds its lock ("advisory lock", "file lock", "no lock"), or None: another run holds it."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine) as held:
            yield held
    elif engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        with _file_lock(f"{engine.url.database}.jobs-lock") as held:
            yield held
    else:
        yield "no lock"


@contextmanager
def _advisory_lock(engine) -> Iterator[str | None]:
    connection = engine.connect()
    try:
        taken = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}).scalar()
        connection.commit()  # the lock outlives the transaction: the connection is not left "idle in transaction"
        if not taken:
            yield None
            return
        try:
            yield "advisory lock"
        finally:
            try:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
                connection.commit()
            except Exception:
                # Unsure whether the lock is still held: never give this connection back to the pool with it.
                connection.invalidate()
                raise
    finally:
        connection.close()


@contextmanager
def _file_lock(path: str) -> Iterator[str | None]:
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield None
            return
        try:
            yield "file lock"
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)
