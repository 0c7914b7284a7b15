from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from triage.importers.base import BadRecord, ImportedComment

FIXTURES = Path(__file__).parents[2] / "fixtures" / "import"


@dataclass(frozen=True)
class Imported:
    comments: dict[str, ImportedComment]  # by external id, in the order the parser yielded them
    bad: list[BadRecord]


def sort_out(results: Iterable[ImportedComment | BadRecord]) -> Imported:
    results = list(results)
    assert all(isinstance(result, ImportedComment | BadRecord) for result in results)
    comments = {r.external_id: r for r in results if isinstance(r, ImportedComment)}
    assert len(comments) == sum(isinstance(r, ImportedComment) for r in results), "external ids repeat"
    return Imported(comments, [r for r in results if isinstance(r, BadRecord)])


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def imported():
    """Run a parser over a fixture (by name) or any file (by path), sorting out what it yields."""
    def run(parse, file: str | Path, *args) -> Imported:
        return sort_out(parse(file if isinstance(file, Path) else FIXTURES / file, *args))
    return run
