"""The kinds of model the desk loads: their registration.

A new kind of model is one new module (a class with `predict_proba`, `explain` and `card`, see
`triage.model.interface`) plus one `ModelKind` entry here; the registry then loads it (with the
last-good fallback), promotes it (history, audit event, not-worse check) and hands it to every
process as `LoadedModel.models[name]`.
"""

from pathlib import Path

from triage.model.classifier import TextClassifier, macro_f1_on_split
from triage.model.fake_accounts import AccountModel
from triage.model.interface import ModelKind
from triage.settings import ACCOUNT_MODEL_NAME, DEFAULT_MODEL_NAME
from triage.training import CORPORA_DIR, SPLITS_DIR


def _account_f1(model: AccountModel, corpora: Path) -> float | None:
    from triage.training.fake_accounts import f1_on_test_split

    return f1_on_test_split(model, corpora)


TEXT = ModelKind(name="text", folder=DEFAULT_MODEL_NAME, build=TextClassifier.from_card,
                 judge=macro_f1_on_split, evidence=SPLITS_DIR / "test.csv", setting="model", required=True)
ACCOUNTS = ModelKind(name="accounts", folder=ACCOUNT_MODEL_NAME, build=AccountModel.from_card,
                     judge=_account_f1, evidence=CORPORA_DIR, setting="account_model",
                     judged_by="F1 of the fake class")

KINDS: dict[str, ModelKind] = {kind.name: kind for kind in (TEXT, ACCOUNTS)}


def kind_of_folder(model_dir: Path) -> ModelKind:
    """The kind whose versions live in `model_dir` (by its folder name); the text model's for a
    folder of another name (`triage train --out` may point anywhere)."""
    return next((kind for kind in KINDS.values() if kind.folder == model_dir.name), TEXT)
