"""What the commands share: the database and its session, the models, a progress bar, a
password prompt."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from triage.cli.app import fail
from triage.settings import get_settings

if TYPE_CHECKING:  # the database and the models are imported when a command needs them
    from sqlalchemy import Engine
    from sqlmodel import Session

    from triage.model.artifact import LoadedModel

ModelOption = Annotated[Path | None, typer.Option(
    "--model", help="model.joblib to use (card.json beside it); default: TRIAGE_MODEL or the shipped model")]

__all__ = ["ModelOption", "database", "desk_session", "fail", "load_models", "progress", "read_password"]


def database(bulk: bool = False) -> "Engine":
    """The store at DATABASE_URL, migrated to the newest schema (`bulk`: for imports, see
    `make_engine`)."""
    from triage.store.db import engine_for, upgrade

    url = get_settings().database_url
    upgrade(url)
    return engine_for(url, bulk)


@contextmanager
def desk_session() -> Iterator["Session"]:
    """One transaction on the desk's database: committed when the block ends, rolled back if
    it raises."""
    from triage.store.db import session_scope

    with session_scope(database()) as session:
        yield session


def load_models(model: Path | None = None) -> "LoadedModel":
    """Every model the desk uses, as the app loads them (`registry.load_models`): `model` (or
    TRIAGE_MODEL) exactly, else the version in use with the last-good fallback."""
    from triage.model import registry

    return registry.load_models(get_settings(), text_model=model, on_fallback=_note_fallback)


def _note_fallback(version: str, error: str) -> None:
    typer.echo(f"note: model refused ({error}); using the last good version {version}", err=True)


def read_password(confirm: bool = True, prompt: str = "Password") -> str:
    """From a prompt on a terminal, else the first line of stdin (for scripts)."""
    if sys.stdin.isatty():
        return typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm)
    return sys.stdin.readline().rstrip("\r\n")


class progress:
    """A progress bar on a terminal; silent when stderr is a file or pipe."""

    def __enter__(self):
        if not sys.stderr.isatty():
            return lambda n: None
        from rich.progress import Progress

        self.bar = Progress(transient=True)
        self.bar.start()
        task = self.bar.add_task("scoring", total=None)
        return lambda n: self.bar.advance(task, n)

    def __exit__(self, *exc) -> None:
        if hasattr(self, "bar"):
            self.bar.stop()
