"""What every kind of model offers the rest of the desk, and how a kind is described to the
registry.

A kind of model is one module: a class with `predict_proba`, `explain` and `card` (`Model`)
and a `ModelKind` saying how to build it from its fitted artifact, where its versions live and
how a candidate is judged before promotion. `triage.model.kinds` lists the kinds the desk loads.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Model(Protocol):
    """A fitted model as the desk uses it (a text classifier, the account model, ...)."""

    card: dict  # the model card written beside the artifact: version, data, metrics, thresholds

    def predict_proba(self, inputs: Sequence) -> np.ndarray:
        """One row per input: the text model's six label probabilities, the account model's
        probability that the account is fake."""

    def explain(self, inputs: Sequence) -> list[list[str]]:
        """Per input, the reasons in plain words that pushed its score."""


@dataclass(frozen=True)
class ModelKind:
    """How the registry loads, judges and promotes one kind of model.

    name: the key in `LoadedModel.models` ("text", "accounts").
    folder: its versions live in `models/<folder>/<version>/` with `CURRENT` and `HISTORY`.
    build: the fitted object of an artifact and its card -> the `Model`.
    judge: a loaded model and the fixed evidence it is judged on (a split file, a corpora
      folder) -> a score where higher is better, or None if the model cannot be judged on it.
    evidence: what `judge` reads unless told otherwise (the fixed evaluation split).
    setting: the `Settings` attribute, if any, naming an exact artifact to use instead (TRIAGE_MODEL).
    required: the desk does not start without it (the text model); otherwise it is optional.
    """

    name: str
    folder: str
    build: Callable[[object, dict], Model]
    judge: Callable[[Model, Path], float | None]
    evidence: Path
    setting: str | None = None
    required: bool = False
    judged_by: str = "macro-F1"  # what `judge` returns, for messages and the audit
