"""Which model version the desk uses: list the versions, compare a candidate with the current
one on the fixed evaluation split, promote (only when it is not worse), roll back.

`<model dir>/CURRENT` names the version in use and `HISTORY` lists every version promoted
before it, newest last, so a rollback knows where to go back to.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from triage.errors import TriageError
from triage.files import durable
from triage.model import artifact, evaluation
from triage.training import dataset

TOLERANCE = 0.002  # macro-F1 differences below this are noise on a split of ~5,000 rows


class PromotionRefused(TriageError):
    """The candidate is worse on the fixed evaluation split, or cannot be loaded."""


@dataclass(frozen=True)
class Comparison:
    candidate: str
    current: str | None
    candidate_f1: float
    current_f1: float | None
    rows: int

    @property
    def not_worse(self) -> bool:
        return self.current_f1 is None or self.candidate_f1 >= self.current_f1 - TOLERANCE

    def as_dict(self) -> dict:
        return {"candidate": self.candidate, "current": self.current, "candidate_macro_f1": self.candidate_f1,
                "current_macro_f1": self.current_f1, "rows": self.rows, "tolerance": TOLERANCE}


def current(model_dir: Path) -> str | None:
    path = model_dir / "CURRENT"
    return path.read_text().strip() if path.exists() else None


def history(model_dir: Path) -> list[str]:
    path = model_dir / "HISTORY"
    return path.read_text().split() if path.exists() else []


def versions(model_dir: Path) -> list[tuple[str, dict]]:
    """Every version with its card, oldest first."""
    found = []
    for card in sorted(model_dir.glob("*/card.json")):
        found.append((card.parent.name, json.loads(card.read_text())))
    return found


def _macro_f1(model_dir: Path, version: str, split: pd.DataFrame) -> float:
    """Judged as `triage evaluate` judges: each row on the labels its source annotates."""
    loaded = artifact.load(model_dir / version / artifact.ARTIFACT)
    labels, *_ = loaded.classifier.top(split["text"].tolist())
    judged = evaluation.masked(labels, split["annotates"].tolist())
    return evaluation.metrics(split["label"].tolist(), judged)["macro_f1"]


def compare(model_dir: Path, candidate: str, split_file: Path) -> Comparison:
    split = dataset.read_split(split_file)
    in_use = current(model_dir)
    try:
        candidate_f1 = _macro_f1(model_dir, candidate, split)
        current_f1 = _macro_f1(model_dir, in_use, split) if in_use and in_use != candidate else None
    except (TriageError, FileNotFoundError) as error:
        raise PromotionRefused(str(error)) from None
    return Comparison(candidate, in_use, candidate_f1, current_f1, len(split))


def promote(model_dir: Path, candidate: str, split_file: Path, force: bool = False) -> Comparison:
    """Make `candidate` the version in use if it is not worse than the current one."""
    comparison = compare(model_dir, candidate, split_file)
    if not comparison.not_worse and not force:
        raise PromotionRefused(
            f"{candidate} scores macro-F1 {comparison.candidate_f1:.4f} on the fixed split, "
            f"below {comparison.current} ({comparison.current_f1:.4f}); not promoted")
    earlier = history(model_dir)
    # A promotion killed between these two writes and run again must not list a version twice.
    if comparison.current and comparison.current != candidate and earlier[-1:] != [comparison.current]:
        durable.replace_text(model_dir / "HISTORY", "".join(f"{v}\n" for v in [*earlier, comparison.current]))
    durable.replace_text(model_dir / "CURRENT", candidate + "\n")
    return comparison


def rollback(model_dir: Path) -> tuple[str, str]:
    """Go back to the version in use before the last promotion; returns (from, to)."""
    earlier = history(model_dir)
    if not earlier:
        raise PromotionRefused("no earlier version to roll back to")
    now, previous = current(model_dir), earlier[-1]
    artifact.load(model_dir / previous / artifact.ARTIFACT)  # refuse to roll back to a broken one
    durable.replace_text(model_dir / "CURRENT", previous + "\n")
    durable.replace_text(model_dir / "HISTORY", "".join(f"{v}\n" for v in earlier[:-1]))
    return now or "", previous


def load_in_use(model_dir: Path, account_model_path: Path | None = None,
                on_fallback=None) -> artifact.LoadedModel:
    """The model the desk uses: CURRENT, or, if that artifact fails its checks (tampered,
    missing, other library versions), the newest earlier promoted version that passes them.
    `on_fallback(version, error)` is told when that happens. Raises if none loads."""
    candidates = [v for v in [current(model_dir), *reversed(history(model_dir))] if v]
    errors = []
    for version in dict.fromkeys(candidates):
        try:
            loaded = artifact.load(model_dir / version / artifact.ARTIFACT, account_model_path)
        except TriageError as error:
            errors.append(f"{version}: {error}")
            continue
        if errors and on_fallback:
            on_fallback(version, "; ".join(errors))
        return loaded
    raise artifact.ModelArtifactError("no model version passes its checks: " + "; ".join(errors))
