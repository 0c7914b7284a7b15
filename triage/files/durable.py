"""Files that are either wholly the old version or wholly the new one, even if the process is
killed or the power fails while writing: the new content goes to a temporary file beside the
target, is synced, and then renamed over it (a rename within a folder is atomic)."""

import os
from collections.abc import Callable
from pathlib import Path

PARTIAL = ".partial"


def replace_file(path: Path, write: Callable[[Path], None]) -> None:
    """Call `write(temporary_path)`, then put the result at `path` in one step."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}{PARTIAL}")
    try:
        write(temporary)
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    _sync_folder(path.parent)


def replace_text(path: Path, text: str) -> None:
    replace_file(path, lambda temporary: temporary.write_text(text))


def remove_leftovers(folder: Path) -> None:
    """Delete what writers killed mid-way left behind in `folder` (their names start with a dot)."""
    for leftover in folder.glob(f".*{PARTIAL}"):
        leftover.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    # The rename itself is recorded in the folder: sync it so it survives a power cut too.
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
