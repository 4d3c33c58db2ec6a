"""The SQL statements a block of a test sends to the database."""

from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def statements_sent(engine):
    """with statements_sent(db.engine) as statements: … — every statement sent inside the block, in order."""
    statements: list[str] = []

    def seen(_connection, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", seen)
