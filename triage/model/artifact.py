"""Saving and loading model artifacts with their model card.

A joblib file is a pickle: loading one runs code. We only load a file whose sha256 matches
the card written beside it, built with the scikit-learn version we run. Which version of each
kind the desk uses (CURRENT, the last-good fallback) is `triage.model.registry`'s business.
"""

import hashlib
import io
import json
import platform
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import joblib
import sklearn

from triage.errors import ModelArtifactError
from triage.files import durable
from triage.model.classifier import TextClassifier
from triage.model.fake_accounts import AccountModel
from triage.model.interface import Model, ModelKind
from triage.model.kinds import ACCOUNTS, KINDS, TEXT

ARTIFACT = "model.joblib"
CARD = "card.json"


@dataclass(frozen=True)
class LoadedModel:
    """Every model the desk uses, by kind name (`triage.model.kinds`: "text" always, "accounts"
    when one is shipped), and the artifact each came from, so that worker processes load the
    very same versions (`registry.load_paths`)."""

    models: Mapping[str, Model]
    paths: Mapping[str, Path] = field(default_factory=dict)

    @property
    def classifier(self) -> TextClassifier:
        return self.models[TEXT.name]

    @property
    def accounts(self) -> AccountModel | None:
        return self.models.get(ACCOUNTS.name)

    @property
    def card(self) -> dict:
        """The text model's card."""
        return self.classifier.card

    @property
    def version(self) -> str:
        return self.card["version"]

    def replacing(self, name: str, model: Model) -> "LoadedModel":
        """The same models with `name`'s replaced (tests and benches try other thresholds)."""
        return LoadedModel({**self.models, name: model}, self.paths)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def git_commit(cwd: Path) -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True,  # noqa: S607
                             text=True, check=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def runtime_versions() -> dict:
    import numpy

    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "joblib": joblib.__version__, "numpy": numpy.__version__}


def save(classifier: TextClassifier, directory: Path, card: dict) -> dict:
    """Write model.joblib and card.json (with the joblib's sha256) into `directory`."""
    return save_object(classifier.pipeline, directory, card)


def save_object(obj: object, directory: Path, card: dict) -> dict:
    """Write any fitted object as model.joblib with its card.json (sha256, versions)."""
    directory.mkdir(parents=True, exist_ok=True)
    durable.remove_leftovers(directory)
    path = directory / ARTIFACT
    # The model first, its card last: a kill between the two leaves a card that does not match
    # (or none), which the loader refuses, never a model that loads half-written.
    durable.replace_file(path, lambda temporary: joblib.dump(obj, temporary, compress=3))
    card = {
        **card,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": runtime_versions(),
        "artifact": {"file": ARTIFACT, "sha256": file_sha256(path), "bytes": path.stat().st_size},
    }
    durable.replace_text(directory / CARD, json.dumps(card, indent=2, ensure_ascii=False) + "\n")
    return card


def read_card(model_path: Path) -> dict:
    card_path = model_path.parent / CARD
    try:
        return json.loads(card_path.read_text())
    except FileNotFoundError:
        raise ModelArtifactError(f"no model card at {card_path}: refusing to load {model_path}") from None
    except json.JSONDecodeError as error:
        raise ModelArtifactError(f"model card {card_path} is not valid JSON: {error}") from None


def verify(model_path: Path, card: dict) -> None:
    if not model_path.is_file():
        raise ModelArtifactError(f"model file {model_path} does not exist")
    _verify_digest(str(model_path), file_sha256(model_path), card)


def _verify_digest(name: str, actual: str, card: dict) -> None:
    expected = card.get("artifact", {}).get("sha256")
    if expected != actual:
        raise ModelArtifactError(
            f"checksum mismatch for {name}: card says {expected}, file is {actual}; "
            "the file was changed or belongs to another card. Refusing to load it.")
    built_with = card.get("versions", {}).get("scikit-learn")
    if built_with != sklearn.__version__:
        raise ModelArtifactError(
            f"{name} was built with scikit-learn {built_with}, this is {sklearn.__version__}; "
            "retrain with `triage train` or install the matching scikit-learn.")


def load_object(model_path: Path) -> tuple[object, dict]:
    """The object in an artifact and its card, after checking the one against the other."""
    card = read_card(model_path)
    verify(model_path, card)
    return joblib.load(model_path), card  # noqa: S301 - checksum verified against the card above


def load_kind(kind: ModelKind, model_path: Path) -> Model:
    """The model of `kind` at `model_path`, after checking it against its card."""
    fitted, card = load_object(model_path)
    return kind.build(fitted, card)


def load(model_path: Path, account_model_path: Path | None = None) -> LoadedModel:
    """Exactly these files: a text model (and optionally the account model), each checked
    against its card; raise ModelArtifactError if either does not match."""
    paths = {TEXT.name: model_path, **({ACCOUNTS.name: account_model_path} if account_model_path else {})}
    return load_all(paths)


def load_all(paths: Mapping[str, Path]) -> LoadedModel:
    """Exactly these files, by kind name."""
    return LoadedModel({name: load_kind(KINDS[name], path) for name, path in paths.items()}, dict(paths))


def load_accounts(model_path: Path) -> AccountModel:
    return load_kind(ACCOUNTS, model_path)


@dataclass(frozen=True)
class Packed:
    """An artifact's bytes with its card, to be loaded in another process or on another machine
    (a Dask worker), which checks the one against the other before loading."""
    data: bytes
    card: dict

    @property
    def sha256(self) -> str:
        return self.card["artifact"]["sha256"]


def pack(model_path: Path) -> Packed:
    """The checked artifact at `model_path`, as bytes with its card."""
    card = read_card(model_path)
    verify(model_path, card)
    return Packed(model_path.read_bytes(), card)


def unpack(packed: Packed) -> object:
    """The object in packed bytes, after checking their sha256 and scikit-learn version."""
    _verify_digest(f"model {packed.card.get('version', '?')}", hashlib.sha256(packed.data).hexdigest(),
                   packed.card)
    return joblib.load(io.BytesIO(packed.data))  # noqa: S301 - checksum verified against the card above


def load_packed(text: Packed, accounts: Packed | None = None) -> LoadedModel:
    """`load`, from packed artifacts."""
    return load_packed_all({TEXT.name: text, **({ACCOUNTS.name: accounts} if accounts else {})})


def pack_all(paths: Mapping[str, Path]) -> dict[str, Packed]:
    """Each checked artifact of `LoadedModel.paths`, as bytes with its card, by kind name."""
    return {name: pack(path) for name, path in paths.items()}


def load_packed_all(packed: Mapping[str, Packed]) -> LoadedModel:
    """`load_all`, from packed artifacts (in a Dask worker)."""
    return LoadedModel({name: KINDS[name].build(unpack(one), one.card) for name, one in packed.items()})
