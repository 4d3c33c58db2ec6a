"""Nothing personal in the server's logs, whatever level an operator turns them up to.

The database engine, at DEBUG, logs every row it reads: names, ID numbers and phones. The statements' values are
already hidden (`hide_parameters` in config.py); this filter drops the rows and their column headers. The app's own
log lines name records by id or code, never by a person's details (tests/privacy/test_no_leaks.py runs a whole
journey at DEBUG and greps the logs for them). A database error's message can quote the values it refused
(PostgreSQL: `Key (id_number)=(…)`): the app's log keeps its traceback and kind, not its message."""

import logging
import traceback

from sqlalchemy.exc import DBAPIError

#: The engine's messages for a row read and the columns it had (sqlalchemy.engine.base / cursor).
ROW_MESSAGES = frozenset({"Row %r", "Col %r"})


class DropResultRows(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg not in ROW_MESSAGES


class HideDatabaseErrorValues(logging.Filter):
    """A database error logged with its traceback (errors.handle_unexpected) keeps the traceback and the error's
    kind and constraint, not its message: PostgreSQL's says `DETAIL: Key (id_number)=(…) already exists`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], DBAPIError):
            error = record.exc_info[1]
            original = error.orig
            diagnosis = getattr(original, "diag", None)
            constraint = getattr(diagnosis, "constraint_name", None) or ""
            frames = "".join(traceback.format_tb(record.exc_info[2]))
            record.exc_text = (
                f"Traceback (most recent call last):\n{frames}{type(error).__name__}: "
                f"{type(original).__name__}{f' on {constraint}' if constraint else ''} (values hidden)"
            )
            record.exc_info = None
        return True


def install() -> None:
    """Idempotent: called by the app factory, however many apps a process makes."""
    for name, kind in (
        ("sqlalchemy.engine.Engine", DropResultRows),
        ("sqlalchemy.engine", DropResultRows),
        ("webapp", HideDatabaseErrorValues),
    ):
        logger = logging.getLogger(name)
        if not any(isinstance(existing, kind) for existing in logger.filters):
            logger.addFilter(kind())
