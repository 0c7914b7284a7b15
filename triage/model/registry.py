"""Which version of each kind of model the desk uses, and the one way to load them.

`models/<kind folder>/CURRENT` names the version in use and `HISTORY` lists every version
promoted before it, newest last, so a rollback knows where to go back to. This module is the
only one that knows that layout. Loading (`load_models`) falls back to the newest earlier
version that passes its checks when the current one does not; promotion (`promote`) happens
only when the candidate is not worse on its kind's fixed evidence (`ModelKind.judge`).
Recording who promoted what is `triage.model.promotion`'s.
"""

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from triage.errors import ModelArtifactError, TriageError
from triage.files import durable
from triage.model import artifact
from triage.model.interface import Model, ModelKind
from triage.model.kinds import KINDS, TEXT, kind_of_folder
from triage.settings import MODELS_DIR, Settings, get_settings

TOLERANCE = 0.002  # score differences below this are noise on a split of ~5,000 rows
logger = logging.getLogger("triage")


class PromotionRefused(TriageError):
    """The candidate is worse on the fixed evaluation split, or cannot be loaded."""


@dataclass(frozen=True)
class Comparison:
    candidate: str
    current: str | None
    candidate_f1: float | None
    current_f1: float | None
    rows: int | None = None
    judged_by: str = TEXT.judged_by

    @property
    def not_worse(self) -> bool:
        if self.current_f1 is None:
            return True
        return self.candidate_f1 is not None and self.candidate_f1 >= self.current_f1 - TOLERANCE

    def as_dict(self) -> dict:
        return {"candidate": self.candidate, "current": self.current, "candidate_macro_f1": self.candidate_f1,
                "current_macro_f1": self.current_f1, "rows": self.rows, "tolerance": TOLERANCE}


# The layout: CURRENT, HISTORY and one folder per version.

def current(model_dir: Path) -> str | None:
    path = model_dir / "CURRENT"
    return path.read_text().strip() if path.exists() else None


def history(model_dir: Path) -> list[str]:
    path = model_dir / "HISTORY"
    return path.read_text().split() if path.exists() else []


def artifact_path(model_dir: Path, version: str) -> Path:
    return model_dir / version / artifact.ARTIFACT


def in_use_path(model_dir: Path) -> Path | None:
    """The artifact CURRENT names, without loading it; None if the folder has no CURRENT."""
    version = current(model_dir)
    return artifact_path(model_dir, version) if version else None


def versions(model_dir: Path) -> list[tuple[str, dict]]:
    """Every version with its card, oldest first."""
    found = []
    for card in sorted(model_dir.glob(f"*/{artifact.CARD}")):
        found.append((card.parent.name, json.loads(card.read_text())))
    return found


def _write_history(model_dir: Path, earlier: list[str]) -> None:
    durable.replace_text(model_dir / "HISTORY", "".join(f"{v}\n" for v in earlier))


def _write_current(model_dir: Path, version: str) -> None:
    durable.replace_text(model_dir / "CURRENT", version + "\n")


# Loading: the one way, used by the CLI, the API and the worker processes.

def report_fallback(version: str, error: str) -> None:
    logger.error("model refused (%s); serving the last good version %s", error, version)


def load_newest_good(kind: ModelKind, model_dir: Path,
                     on_fallback: Callable[[str, str], None] | None = report_fallback) -> tuple[Model, Path]:
    """The model CURRENT names, or, if that artifact fails its checks (tampered, missing, other
    library versions), the newest earlier promoted version that passes them; `on_fallback(version,
    error)` is told when that happens. Raises ModelArtifactError if none loads."""
    candidates = [v for v in [current(model_dir), *reversed(history(model_dir))] if v]
    errors = []
    for version in dict.fromkeys(candidates):
        path = artifact_path(model_dir, version)
        try:
            model = artifact.load_kind(kind, path)
        except TriageError as error:
            errors.append(f"{version}: {error}")
            continue
        if errors and on_fallback:
            on_fallback(version, "; ".join(errors))
        return model, path
    raise ModelArtifactError("no model version passes its checks: " + "; ".join(errors))


def load_in_use(model_dir: Path, account_model_path: Path | None = None,
                on_fallback: Callable[[str, str], None] | None = None) -> artifact.LoadedModel:
    """The text model in use in `model_dir` (with the fallback), and the account model file given."""
    model, path = load_newest_good(TEXT, model_dir, on_fallback)
    others = artifact.load_all({"accounts": account_model_path} if account_model_path else {})
    return artifact.LoadedModel({TEXT.name: model, **others.models}, {TEXT.name: path, **others.paths})


def load_models(settings: Settings | None = None, text_model: Path | None = None,
                on_fallback: Callable[[str, str], None] | None = report_fallback) -> artifact.LoadedModel:
    """Every registered kind of model the desk uses. A kind whose setting names a file
    (TRIAGE_MODEL, TRIAGE_ACCOUNT_MODEL; `text_model` for the text kind, from `--model`) gets
    exactly that file; otherwise the version in use under `models/`, falling back to the last
    good one. A kind that is not required and has no versions is left out."""
    settings = settings or get_settings()
    models, paths = {}, {}
    for kind in KINDS.values():
        exact = text_model if kind is TEXT and text_model else getattr(settings, kind.setting or "", None)
        model_dir = MODELS_DIR / kind.folder
        if exact is not None:
            models[kind.name], paths[kind.name] = artifact.load_kind(kind, exact), exact
        elif kind.required or current(model_dir):
            models[kind.name], paths[kind.name] = load_newest_good(kind, model_dir, on_fallback)
    return artifact.LoadedModel(models, paths)


def load_paths(paths: Mapping[str, Path]) -> artifact.LoadedModel:
    """Exactly the artifacts of `LoadedModel.paths`: how a worker process loads the versions
    its parent chose (the parent has checked them and applied the fallback)."""
    return artifact.load_all(paths)


# Promotion: history and the not-worse check.

def _judge(kind: ModelKind, model_dir: Path, version: str, evidence: Path) -> float | None:
    return kind.judge(artifact.load_kind(kind, artifact_path(model_dir, version)), evidence)


def compare(model_dir: Path, candidate: str, evidence: Path, kind: ModelKind | None = None) -> Comparison:
    """Judge the candidate and the version in use on the kind's fixed evidence (for the text
    model, the fixed evaluation split)."""
    kind = kind or kind_of_folder(model_dir)
    in_use = current(model_dir)
    try:
        candidate_f1 = _judge(kind, model_dir, candidate, evidence)
        current_f1 = _judge(kind, model_dir, in_use, evidence) if in_use and in_use != candidate else None
    except (TriageError, FileNotFoundError) as error:
        raise PromotionRefused(str(error)) from None
    return Comparison(candidate, in_use, candidate_f1, current_f1, _rows(evidence), kind.judged_by)


def _rows(evidence: Path) -> int | None:
    """The rows of an evaluation split file (for the message); None for a folder."""
    if not evidence.is_file():
        return None
    from triage.training.dataset import read_split

    return len(read_split(evidence))


def promote(model_dir: Path, candidate: str, evidence: Path, force: bool = False,
            kind: ModelKind | None = None) -> Comparison:
    """Make `candidate` the version in use if it is not worse than the current one."""
    comparison = compare(model_dir, candidate, evidence, kind)
    if not comparison.not_worse and not force:
        raise PromotionRefused(
            f"{candidate} scores {comparison.judged_by} {_shown(comparison.candidate_f1)} on the fixed "
            f"split, below {comparison.current} ({comparison.current_f1:.4f}); not promoted")
    earlier = history(model_dir)
    # A promotion killed between these two writes and run again must not list a version twice.
    if comparison.current and comparison.current != candidate and earlier[-1:] != [comparison.current]:
        _write_history(model_dir, [*earlier, comparison.current])
    _write_current(model_dir, candidate)
    return comparison


def _shown(score: float | None) -> str:
    return "nothing" if score is None else f"{score:.4f}"


def rollback(model_dir: Path) -> tuple[str, str]:
    """Go back to the version in use before the last promotion; returns (from, to)."""
    earlier = history(model_dir)
    if not earlier:
        raise PromotionRefused("no earlier version to roll back to")
    now, previous = current(model_dir), earlier[-1]
    artifact.load_kind(kind_of_folder(model_dir), artifact_path(model_dir, previous))  # refuse a broken one
    # CURRENT first: killed before HISTORY is trimmed, a second rollback lands on the same version.
    _write_current(model_dir, previous)
    _write_history(model_dir, earlier[:-1])
    return now or "", previous
