"""The playbook: which action each label calls for, and the reply draft to start from.

The one place that maps label to action (PRODUCT.md, "The playbook").
"""

import tomllib
from functools import lru_cache
from pathlib import Path

from triage.labels import Action, Label

DRAFTS_FILE = Path(__file__).resolve().parent.parent / "responses" / "drafts.toml"

ACTION_FOR_LABEL: dict[Label, Action] = {
    Label.SUPPORT: Action.LIKE,
    Label.INFO_REQUEST: Action.REPLY,
    Label.COMPLAINT: Action.MOVE_TO_DM,
    Label.ATTACK: Action.NO_RESPONSE,
    Label.FAKE_ACCOUNT: Action.NO_RESPONSE,
    Label.OTHER: Action.NO_RESPONSE,
}


def action_for(label: str) -> Action:
    return ACTION_FOR_LABEL[Label(label)]


@lru_cache
def _drafts(path: Path = DRAFTS_FILE) -> dict[str, str]:
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = set(table) - {label.value for label in Label}
    if unknown:
        raise ValueError(f"{path}: drafts for unknown labels {sorted(unknown)}")
    return {label: entry["text"] for label, entry in table.items()}


def reply_draft(label: str, action: str) -> str | None:
    """The draft for actions that put words in public; None where the desk stays silent."""
    if action in (Action.LIKE, Action.NO_RESPONSE):
        return None
    return _drafts().get(label)
