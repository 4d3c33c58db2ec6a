"""Nothing personal in the server's logs, whatever level an operator turns them up to.

The database engine, at DEBUG, logs every row it reads: names, ID numbers and phones. The statements' values are
already hidden (`hide_parameters` in config.py); this filter drops the rows and their column headers. The app's own
log lines name records by id or code, never by a person's details (tests/privacy/test_no_leaks.py runs a whole
journey at DEBUG and greps the logs for them)."""

import logging

#: The engine's messages for a row read and the columns it had (sqlalchemy.engine.base / cursor).
ROW_MESSAGES = frozenset({"Row %r", "Col %r"})


class DropResultRows(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg not in ROW_MESSAGES


def install() -> None:
    """Idempotent: called by the app factory, however many apps a process makes."""
    for name in ("sqlalchemy.engine.Engine", "sqlalchemy.engine"):
        logger = logging.getLogger(name)
        if not any(isinstance(existing, DropResultRows) for existing in logger.filters):
            logger.addFilter(DropResultRows())
