"""The engine, the one session helper, and migrations (Alembic, upgraded at start-up)."""

from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache, partial
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, Table, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

from triage.store import models  # noqa: F401 - registers the tables on SQLModel.metadata
from triage.store.search import SEARCH_INDEX, create_index, register_functions

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Below SQLite's limit on parameters in one statement (32,766).
_PARAMETERS_PER_STATEMENT = 30_000


def in_the_models(_object, name: str | None, _type, _reflected, _compare_to) -> bool:
    """Alembic's include_object: everything but the text-search index (an FTS5 table and its
    shadow tables on SQLite, a trigram index on PostgreSQL) is described by the models."""
    return not (name or "").startswith(SEARCH_INDEX)


def make_engine(url: str, bulk: bool = False) -> Engine:
    """The engine for `url`. `bulk`: for an import process. On SQLite its commits are then not
    each synced to disk (synchronous=NORMAL, safe under WAL): a power cut may undo the last
    batches, which running the import again restores. Everything else keeps FULL, so that a
    recorded decision survives a power cut (a synced commit also syncs the batches before it)."""
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        engine = create_engine(url, connect_args={"check_same_thread": False},
                               poolclass=StaticPool if memory else None)
        event.listen(engine, "connect", partial(_sqlite_pragmas, synchronous="NORMAL" if bulk else "FULL"))
        event.listen(engine, "connect", register_functions)
        return engine
    # Statements are not prepared, so each is planned for its own values. After five runs psycopg
    # prepared one, and PostgreSQL may then keep one plan for any value: the queue's labels are
    # skewed (1% to 43% of comments), and the plan fitting an average label scanned the whole
    # table to count a rare one (many times slower at a million comments: bench/README.md). This also
    # suits a pooler such as PgBouncer, which may hand each transaction another server session.
    return create_engine(url, pool_pre_ping=True, connect_args={"prepare_threshold": None})


def _sqlite_pragmas(connection, _record, synchronous: str) -> None:
    # WAL lets the queue page read while an import writes; foreign keys are off by default.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute(f"PRAGMA synchronous={synchronous}")
    # A 64 MiB page cache (the default is 2 MiB): the queue indexes of a million comments
    # are read again on every import batch.
    cursor.execute("PRAGMA cache_size=-65536")
    # Copy the WAL into the database every 10,000 pages (40 MB), not 1,000: the copies
    # cost an import a tenth of its storing time (desk_speed.py --store-only, bench/README.md).
    cursor.execute("PRAGMA wal_autocheckpoint=10000")
    cursor.close()


@lru_cache
def engine_for(url: str, bulk: bool = False) -> Engine:
    return make_engine(url, bulk)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits when the block ends cleanly and rolls back otherwise."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def reachable(engine: Engine) -> bool:
    """Whether the database answers a trivial query now (for health checks)."""
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except DBAPIError:
        return False
    return True


def refresh_statistics(engine: Engine) -> None:
    """Let the planner see the table sizes after a bulk import. Without statistics SQLite walks
    the whole queue index to count a rare label, and PostgreSQL (whose autovacuum comes later)
    joined the whole rest of the queue for a deep page (bench/README.md)."""
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    """Bring the database at `url` to the newest schema."""
    command.upgrade(alembic_config(url), "head")


def create_all(engine: Engine) -> None:
    """Tables straight from the models, and the search index: for tests only (the app migrates)."""
    SQLModel.metadata.create_all(engine)
    with engine.begin() as connection:
        create_index(connection)


def insert_rows(session: Session, table: Table, rows: list[dict], returning: Sequence[str] = (),
                encoded: Collection[str] = ()) -> list[tuple]:
    """INSERT `rows` (dicts with the same keys) in bulk, each value converted by its column
    type's own bind processor (except the `encoded` columns, whose values the caller already
    put in the database's form, such as JSON text). Returns the `returning` columns (given ones
    and "id") of each inserted row, in no promised order.

    For bulk imports: PostgreSQL gets COPY (see `_copy_in`), and on both databases a value that
    repeats down the rows (a batch's one import time) is converted once, which SQLAlchemy's
    insert() does per row."""
    if not rows:
        return []
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    processors = [(i, _once_per_value(p)) for i, name in enumerate(names) if name not in encoded
                  and (p := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))]
    values = []
    for row in rows:
        row_values = [row[name] for name in names]
        for i, process in processors:
            row_values[i] = process(row_values[i])
        values.append(row_values)
    if dialect.name == "postgresql":
        return _copy_in(connection, table, names, values, returning)
    return _insert_values(connection, table, names, values, returning)


def _insert_values(connection, table: Table, names: list[str], values: list[list],
                   returning: Sequence[str]) -> list[tuple]:
    """Multi-row VALUES statements, as many rows in each as the parameter limit allows."""
    preparer = connection.dialect.identifier_preparer
    row_marker = "(" + ", ".join(["?"] * len(names)) + ")"
    # Only the table's own names, quoted by the dialect, go into the SQL; values are parameters.
    columns = ", ".join(map(preparer.quote, names))
    head = f"INSERT INTO {preparer.format_table(table)} ({columns}) VALUES "  # noqa: S608
    tail = f" RETURNING {', '.join(map(preparer.quote, returning))}" if returning else ""
    per_statement = max(1, _PARAMETERS_PER_STATEMENT // len(names))
    found: list[tuple] = []
    for start in range(0, len(values), per_statement):
        chunk = values[start:start + per_statement]
        parameters = tuple(value for row in chunk for value in row)
        result = connection.exec_driver_sql(head + ", ".join([row_marker] * len(chunk)) + tail, parameters)
        if returning:
            found.extend(tuple(r) for r in result)
    return found


def _copy_in(connection, table: Table, names: list[str], values: list[list],
             returning: Sequence[str]) -> list[tuple]:
    """PostgreSQL's COPY. Multi-row VALUES cost psycopg much time a statement to parse its thousands
    of placeholders (in Python: it caches only short statements). New ids are drawn from the
    table's sequence first, since COPY cannot return them."""
    preparer = connection.dialect.identifier_preparer
    if "id" in returning and "id" not in names:
        ids = connection.exec_driver_sql(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            (preparer.format_table(table), len(values))).scalars().all()
        names = [*names, "id"]
        for row, new_id in zip(values, ids, strict=True):
            row.append(new_id)
    columns = ", ".join(map(preparer.quote, names))
    with connection.connection.driver_connection.cursor() as cursor, cursor.copy(
            f"COPY {preparer.format_table(table)} ({columns}) FROM STDIN") as copy:
        for row in values:
            copy.write_row(row)
    positions = [names.index(name) for name in returning]
    return [tuple(row[i] for i in positions) for row in values]


def _once_per_value(process: Callable) -> Callable:
    """`process`, run once for a value that comes again in a row (an import batch's one
    import time: converting each copy showed in an import's time)."""
    last_value, last_result = object(), None

    def remembered(value):
        nonlocal last_value, last_result
        if value is not last_value:
            last_value, last_result = value, process(value)
        return last_result
    return remembered
