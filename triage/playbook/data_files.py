"""The one way the desk reads its data files (responses/*.toml): TOML parsed, then checked
against a pydantic model of the file; whatever is wrong becomes a `DataFileError` naming the
file, the entry (a rule, a template, a knowledge-base entry, a day) and the problem.

Checks a model cannot express (a rule naming a template that does not exist, two entries with
one id) raise `problem(path, entry, text)` the same way.
"""

import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from triage.errors import DataFileError

Schema = TypeVar("Schema", bound=BaseModel)
_NAMING_KEYS = ("id", "name")  # the key an entry of a [[list]] is known by, if it has one


def read_data_file(path: Path, schema: type[Schema], error: type[DataFileError] = DataFileError) -> Schema:
    """`path` parsed and checked against `schema`; `error` (a DataFileError) says what is wrong."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as decode_error:
        raise error(f"{path}: {decode_error}") from None
    except (OSError, UnicodeDecodeError) as read_error:
        raise error(f"{path}: cannot be read ({read_error})") from None
    try:
        return schema.model_validate(raw)
    except ValidationError as invalid:
        problems = "; ".join(_problem(raw, item) for item in invalid.errors(include_url=False))
        raise error(f"{path}: {problems}") from None


def message(path: Path, entry: str | None, text: str) -> str:
    """How every data-file error reads: the file, the entry when there is one, the problem."""
    return f"{path}: {entry}: {text}" if entry else f"{path}: {text}"


def problem(path: Path, entry: str | None, text: str,
            error: type[DataFileError] = DataFileError) -> DataFileError:
    """A data-file error for a check a pydantic model cannot express."""
    return error(message(path, entry, text))


def _where(raw: dict, loc: tuple) -> tuple[str, str]:
    """The entry a pydantic error location points into, and the field inside it: ("rule", 3,
    "when", "mood") is rule 'serious complaint' (a [[list]] entry, by its id or name) and "when.mood";
    ("platform", "x", "max_chars") is platform 'x' and "max_chars"; ("auto", "review_rate") is
    [auto] and "review_rate"; a top-level key is itself."""
    node: Any = raw
    entry, field_at = None, 0
    for depth, key in enumerate(loc):
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            break
        if isinstance(node, dict) and isinstance(key, int):  # an entry of a [[list]]: the entry
            known = next((node[name] for name in _NAMING_KEYS if node.get(name)), None)
            parent = _dotted(loc[:depth])
            return (f"{parent} {known!r}" if known else f"{parent} {key + 1}"), _dotted(loc[depth + 1:])
        if isinstance(node, dict):  # a [table] or [table.key]: the entry, unless a deeper one is
            entry = f"{_dotted(loc[:depth])} {key!r}" if depth else f"[{key}]"
            field_at = depth + 1
    if entry is None:
        return str(loc[0]) if loc else "the file", _dotted(loc[1:])
    return entry, _dotted(loc[field_at:])


def _problem(raw: dict, item: dict) -> str:
    entry, field = _where(raw, item["loc"])
    text = item["msg"].removeprefix("Value error, ")  # a validator's own words need no prefix
    return f"{entry}: {field}: {text}" if field else f"{entry}: {text}"


def _dotted(parts: list) -> str:
    return ".".join(str(part) for part in parts)
