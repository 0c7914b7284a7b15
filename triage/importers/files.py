"""Reading an export file (or a decoded webhook body) as a whole: the only place an importer turns a
failure into `InputFileError`. `origin` names the document in messages: its path, or "webhook"."""

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from triage.errors import InputFileError
from triage.files.encodings import FALLBACK
from triage.importers.fields import get


@contextmanager
def whole_file_errors(path: Path) -> Iterator[None]:
    """Turn the ways a file cannot be read at all into one sentence the user can act on."""
    try:
        yield
    except UnicodeDecodeError as error:
        raise InputFileError(f"{path} is not UTF-8 text (byte {error.start}): "
                             "save it as UTF-8 and try again") from None
    except json.JSONDecodeError as error:
        raise InputFileError(f"{path} is not valid JSON ({error.msg} at line {error.lineno}, "
                             f"column {error.colno}); was the download cut short?") from None
    except RecursionError:
        raise InputFileError(f"{path} is nested too deeply to be a platform export") from None
    except csv.Error as error:
        raise InputFileError(f"{path} is not a readable CSV file: {error}") from None
    except FileNotFoundError:
        raise InputFileError(f"{path} does not exist") from None
    except OSError as error:
        raise InputFileError(f"{path} cannot be read: {error.strerror or error}") from None


def load_json(path: Path) -> object:
    """A JSON file in UTF-8, -16 or -32 (json detects which), else read as Windows-1252."""
    with whole_file_errors(path):
        raw = path.read_bytes()
        try:
            return json.loads(raw)
        except UnicodeDecodeError:
            return json.loads(raw.decode(FALLBACK))


def records_at(document: object, key: str, origin: object, expected: str) -> list:
    """The list under `document[key]`; any other shape means this is not the export we expect."""
    if isinstance(document, dict) and isinstance(document.get(key), list):
        return document[key]
    refuse(document, origin, expected, f"a JSON object with a '{key}' list")


def refuse(document: object, origin: object, expected: str, shapes: str) -> NoReturn:
    """Raise for a document of no shape we know, quoting the API's own message if it is an error."""
    if message := api_error(document):
        raise InputFileError(f"{origin} holds an error response from the API, not comments: {message}")
    raise InputFileError(f"{origin} is not {expected}: expected {shapes}")


def api_error(document: object) -> str | None:
    """The message of a saved error response (Graph and YouTube: `error`, X: `errors`), if it is one."""
    if isinstance(get(document, "error"), dict):
        return str(get(document, "error", "message") or "no message")
    errors = get(document, "errors")
    if isinstance(errors, list) and errors:
        first = errors[0]
        return str(get(first, "detail") or get(first, "message") or get(first, "title") or "no message")
    return None
