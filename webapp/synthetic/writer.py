"""The bulk writer: ids given in Python, rows gathered per table and written with SQLAlchemy Core executemany.

Ids come from each table's max(id) + 1, so children point at parents without a round trip; one transaction per
batch. On SQLite the writes go with synchronous=OFF (restored afterwards); on PostgreSQL the sequences are moved past
the ids given here. Then ANALYZE, so the planner knows the tables' new sizes.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import Table, func, insert, select, text

from webapp.accounts.models import REFERENCE_ALPHABET, Account, RoleGrant
from webapp.documents.models import Document
from webapp.employers.models import Employer, EmployerMember, Employment
from webapp.people.models import Person
from webapp.permits.models import Endorsement, Permit, PermitApplication
from webapp.privacy.models import PrivacyConsent
from webapp.registrations.models import ReportEvent, ResidenceReport
from webapp.rentals.models import RentalProperty, Tenancy
from webapp.services.models import ServiceRequest
from webapp.vacancies.models import Referral, Vacancy
from webapp.visits.models import Visit

DIGITS = "0123456789"

#: The tables written, in FK order: parents before children.
TABLES: tuple[Table, ...] = tuple(
    model.__table__  # type: ignore[attr-defined]
    for model in (
        Account,
        RoleGrant,
        PrivacyConsent,
        Employer,
        EmployerMember,
        Person,
        RentalProperty,
        Tenancy,
        Employment,
        ResidenceReport,
        ReportEvent,
        Visit,
        Document,
        PermitApplication,
        Permit,
        Endorsement,
        ServiceRequest,
        Vacancy,
        Referral,
    )
)


class BulkWriter:
    """Rows gathered per table (a list of dicts each), written by flush() in one transaction."""

    def __init__(self, connection) -> None:
        self.conn = connection
        self.next_id = {t.name: (connection.scalar(select(func.max(t.c.id))) or 0) + 1 for t in TABLES}
        connection.commit()
        self.counts = {t.name: 0 for t in TABLES}
        self.rows: dict[str, list[dict]] = {t.name: [] for t in TABLES}

    def new_id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def take_rows(self) -> dict[str, list[dict]]:
        rows, self.rows = self.rows, {t.name: [] for t in TABLES}
        return rows

    def insert(self, rows: dict[str, list[dict]]) -> None:
        """One transaction: every table's rows, parents first. PostgreSQL takes them by COPY (several times faster
        than executemany at millions of rows), SQLite by executemany."""
        copy = self.conn.dialect.name == "postgresql"
        for table in TABLES:
            pending = rows[table.name]
            if pending:
                if copy:
                    copy_rows(self.conn, table, pending)
                else:
                    self.conn.execute(insert(table), pending)
                self.counts[table.name] += len(pending)
        self.conn.commit()

    def flush(self) -> None:
        self.insert(self.take_rows())


def copy_rows(connection, table: Table, rows: list[dict]) -> None:
    """PostgreSQL: the rows by COPY, as executemany would write them: a column missing from a row takes its Python
    default (scalar or callable) and every value goes through its type's bind processor (encryption, JSON). Columns
    that no row names and that have no Python default are left to the server."""
    dialect = connection.dialect
    named = set().union(*(row.keys() for row in rows))
    columns = [c for c in table.columns if c.name in named or c.default is not None]
    plan = []
    for column in columns:
        default = column.default
        if default is None:
            make = None
        elif default.is_callable:
            make = default.arg
        else:
            value = default.arg
            make = lambda _context, value=value: value  # noqa: E731
        plan.append((column.name, make, column.type._cached_bind_processor(dialect)))  # noqa: SLF001
    names = ", ".join(f'"{c.name}"' for c in columns)
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            values = []
            for name, make, process in plan:
                if name in row:
                    value = row[name]
                else:
                    value = make(None) if make is not None else None
                values.append(process(value) if process is not None and value is not None else value)
            copy.write_row(values)


@contextmanager
def fast_writes(connection) -> Iterator[None]:
    """SQLite: WAL and synchronous=OFF while generating (a crash loses only the data being made); restored after.
    Rolls back on failure."""
    sqlite = connection.dialect.name == "sqlite"
    synchronous = None
    if sqlite:
        synchronous = connection.exec_driver_sql("PRAGMA synchronous").scalar()
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")
        connection.exec_driver_sql("PRAGMA synchronous=OFF")
    elif connection.dialect.name == "postgresql":
        # This session only: a batch's commit does not wait for its WAL to reach the disk (a crash loses at most the
        # last batches, never consistency).
        connection.exec_driver_sql("SET synchronous_commit TO off")
        connection.commit()
    try:
        yield
    except BaseException:
        connection.rollback()
        raise
    finally:
        if sqlite:
            connection.exec_driver_sql(f"PRAGMA synchronous={int(synchronous)}")
            connection.commit()


def finish(connection, counts: dict[str, int], echo) -> None:
    """After the last batch: PostgreSQL's sequences past the ids given here, and the planner's statistics."""
    if connection.dialect.name == "postgresql":
        sync_sequences(connection, [name for name, count in counts.items() if count])
    # The planner's statistics must know the tables' new sizes before the first query (autovacuum comes later):
    # stale ones made PostgreSQL hash a whole table for a caseload's 500 rentals (130 ms instead of 4 ms).
    echo("updating the query planner's statistics")
    connection.exec_driver_sql("ANALYZE")
    connection.commit()


def sync_sequences(connection, tables: Iterable[str]) -> None:
    """PostgreSQL: ids were given here, so move each table's sequence past them."""
    for name in tables:
        connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT MAX(id) FROM {name}))"))
    connection.commit()


def scrambled(n: int, length: int, salt: int, alphabet: str = REFERENCE_ALPHABET) -> str:
    """A code of `length` characters that is a one-to-one function of n (for n below len(alphabet) ** length): an
    affine map modulo that size, written in the alphabet. Distinct ids give distinct codes, run after run."""
    base = len(alphabet)
    value = (n * 7_368_787 + salt) % base**length  # 7368787 is prime, so coprime with 31 ** k and 10 ** k
    chars = []
    for _ in range(length):
        value, digit = divmod(value, base)
        chars.append(alphabet[digit])
    return "".join(chars)
