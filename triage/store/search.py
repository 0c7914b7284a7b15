"""Text search over comments: its index, which differs by database, and the condition the
queue filters with. A LIKE '%word%' scan read every pending comment (bench/README.md);
the index reads only the comments that hold the text.

The index statements are part of migrations 0008 and 0010: change them only together with a
new migration."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import String, column, func, literal_column, table, text
from sqlmodel import Session

from triage.store.models import Comment

SEARCH_INDEX = "comment_search"
# SQLite: an FTS5 table over comment.text with the trigram tokenizer (substring matching,
# case-insensitive), kept up to date by triggers. A batch migration that rebuilds the comment
# table must create the triggers again.
# Merge the index's segments 8 at a time, not 4: less work per imported comment
# (bench/README.md), and searches take as long (migration 0009).
SQLITE_INDEX_SETTINGS = ["INSERT INTO comment_search(comment_search, rank) VALUES ('automerge', 8)"]
SQLITE_INDEX = [
    "CREATE VIRTUAL TABLE comment_search USING fts5(text, content='comment', content_rowid='id', "
    "tokenize='trigram')",
    "CREATE TRIGGER comment_search_insert AFTER INSERT ON comment BEGIN "
    "INSERT INTO comment_search(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER comment_search_delete AFTER DELETE ON comment BEGIN "
    "INSERT INTO comment_search(comment_search, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER comment_search_update AFTER UPDATE OF text ON comment BEGIN "
    "INSERT INTO comment_search(comment_search, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO comment_search(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO comment_search(comment_search) VALUES ('rebuild')",
    *SQLITE_INDEX_SETTINGS,
]
# PostgreSQL: a trigram GIN index, which ILIKE '%word%' uses by itself (migration 0008)...
POSTGRES_INDEX = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX comment_search ON comment USING gin (text gin_trgm_ops)",
]
# ...since 0010 over a stored lower-case copy of the text, which a plain LIKE searches. The index
# only proposes rows; each is checked against its text, and ILIKE lower-cased that text again for
# every check: at a million comments, half the time of a search (bench/README.md). The copy
# costs the table some bytes a comment (ibid.).
FOLDED_TEXT = "comment_search_text"
POSTGRES_FOLDED_INDEX = [
    f"ALTER TABLE comment ADD COLUMN {FOLDED_TEXT} text GENERATED ALWAYS AS (lower(text)) STORED",
    "DROP INDEX comment_search",
    f"CREATE INDEX comment_search ON comment USING gin ({FOLDED_TEXT} gin_trgm_ops)",
]
TRIGRAM = 3  # shorter searches cannot use a trigram index and scan instead


def create_index(connection) -> None:
    """The search index as the newest migration leaves it (for tables made from the models)."""
    postgres = connection.dialect.name == "postgresql"
    for statement in POSTGRES_INDEX + POSTGRES_FOLDED_INDEX if postgres else SQLITE_INDEX:
        connection.exec_driver_sql(statement)


def where_text_holds(query, search: str, dialect: str):
    """`query` (over Comment) cut to the comments whose text holds `search`, in any case, found
    through the text index. On SQLite the index is joined, not asked for a list of ids: SQLite
    then reads its matches one by one and stops at a LIMIT (counting 1,000 comments holding
    "yang" at a million: far faster joined than through `id IN (...)`, bench/README.md)."""
    if dialect == "sqlite" and len(search) >= TRIGRAM:
        phrase = '"' + search.replace('"', '""') + '"'  # a quoted FTS5 string: no query syntax
        index = table(SEARCH_INDEX, column("rowid"))
        return (query.join(index, index.c.rowid == Comment.id)
                .where(text(f"{SEARCH_INDEX} MATCH :phrase").bindparams(phrase=phrase)))
    return query.where(text_holds(searchable_text(dialect), search, dialect))


def searchable_text(dialect: str):
    """The column a search checks row by row: PostgreSQL's lower-case copy of Comment.text (a
    generated column, not in the models), SQLite's Comment.text."""
    if dialect == "postgresql":
        return literal_column(f"{Comment.__tablename__}.{FOLDED_TEXT}", String)
    return Comment.text


def text_holds(searchable, search: str, dialect: str):
    """A condition checked on each row: `searchable` (from `searchable_text`) holds `search` in
    any case, as the text index would find it."""
    if dialect == "postgresql":  # lower-cased by the database, as the stored copy was
        return searchable.like(func.lower(f"%{_escaped(search)}%"), escape="\\")
    return func.triage_text_holds(searchable, search)


def register_functions(dbapi_connection, _record=None) -> None:
    """SQLite: the functions searches use on a connection. SQLite's own lower() and LIKE fold
    ASCII letters only; FTS5's trigram index folds any alphabet, as Python's lower() does."""
    dbapi_connection.create_function("triage_text_holds", 2, _text_holds, deterministic=True)


def _text_holds(text_value: str | None, search: str) -> bool:
    return text_value is not None and search.lower() in text_value.lower()


@contextmanager
def through_text_index(session: Session, search: str | None) -> Iterator[None]:
    """PostgreSQL: plan the block's queries to find the comments holding `search` through the
    text index, whatever the planner guesses of how many there are. Its guess comes from a sample
    of texts: after one import it took "lapas" (0.5% of a million comments) for 2%, scanned the
    table to count to 1,000 and walked the queue in order for a page (several times slower
    than through the index: bench/README.md)."""
    if not search or session.get_bind().dialect.name != "postgresql" or len(search) < TRIGRAM:
        yield
        return
    for setting in ("enable_seqscan", "enable_indexscan"):
        session.exec(text(f"SET LOCAL {setting} = off"))
    yield  # after an error the transaction is rolled back, and SET LOCAL with it
    for setting in ("enable_seqscan", "enable_indexscan"):
        session.exec(text(f"SET LOCAL {setting} TO DEFAULT"))


def _escaped(search: str) -> str:
    """`search` with LIKE's wildcards taken literally."""
    return search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
