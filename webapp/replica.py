"""Reads that may go to a read replica: a second database bind ("replica"), set by XINJU_REPLICA_DATABASE_URL.

The dashboards' grouped counts are the heaviest reads the app makes and can be a few seconds stale; at a province's
scale they belong on a streaming replica (docs/deployment.md), so that the officers' counting never slows the
residents' writes. Without a replica, `session()` is the app's own session and nothing changes.

A module that only reads imports `reads` in place of `db` (webapp/admin/indicators.py does): `reads.session` is the
replica's session when one is configured. That session refuses to flush anything, and on PostgreSQL its connections
are read-only transactions as well, so a write can never land on the replica (a hot standby would refuse it anyway).
"""

from flask import Flask, current_app, g
from sqlalchemy import event
from sqlalchemy.orm import Session

from webapp.extensions import db

BIND = "replica"
_SLOT = "_xinju_replica_session"


class ReplicaWriteError(RuntimeError):
    """Something tried to write through the replica's session: writes go to the primary (db.session)."""


def _refuse_writes(session, flush_context, instances) -> None:
    if session.new or session.dirty or session.deleted:
        raise ReplicaWriteError("the replica's session only reads: write through db.session")


def configured() -> bool:
    return BIND in (current_app.config.get("SQLALCHEMY_BINDS") or {})


def session() -> Session:
    """The session dashboards read with: the replica's when one is configured (one per app context), else db.session."""
    if not configured():
        return db.session
    found = g.get(_SLOT)
    if found is None:
        found = Session(bind=db.engines[BIND], autoflush=False)
        event.listen(found, "before_flush", _refuse_writes)
        setattr(g, _SLOT, found)
    return found


class _Reads:
    """Stands in for `db` in a module that only reads: `.session` is session(); anything else is db's."""

    @property
    def session(self) -> Session:
        return session()

    def __getattr__(self, name):
        return getattr(db, name)


reads = _Reads()


def engine_options(url: str) -> dict:
    return {"pool_pre_ping": True, "hide_parameters": True}


def init_app(app: Flask) -> None:
    """Before db.init_app: REPLICA_DATABASE_URI becomes the "replica" bind (production's engine options, with
    read-only transactions on PostgreSQL, come from webapp/config.py); the replica's session closes with the app
    context."""
    url = app.config.get("REPLICA_DATABASE_URI")
    binds = dict(app.config.get("SQLALCHEMY_BINDS") or {})
    if url and BIND not in binds:
        binds[BIND] = {"url": url, **engine_options(url)}
    if BIND in binds:
        bind = dict(binds[BIND])
        if str(bind["url"]).startswith("postgresql"):
            connect_args = dict(bind.get("connect_args") or {})
            options = connect_args.get("options", "")
            if "default_transaction_read_only" not in options:
                connect_args["options"] = f"{options} -c default_transaction_read_only=on".strip()
            bind["connect_args"] = connect_args
        binds[BIND] = bind
        app.config["SQLALCHEMY_BINDS"] = binds

    @app.teardown_appcontext
    def _close(_error=None) -> None:
        found = g.pop(_SLOT, None)
        if found is not None:
            found.close()
