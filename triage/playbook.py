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
    # A StrEnum member hashes as its string: no Label(label) per comment on the hot path.
    try:
        return ACTION_FOR_LABEL[label]
    except KeyError:
        raise ValueError(f"{label!r} is not a label id") from None


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


# Queue order (lower first): what can hurt the agency or a person first, then questions, then
# the rest; spam and chatter last. Within a priority the oldest comment comes first.
PRIORITY_FOR_ACTION_AND_LABEL: dict[tuple[Action, Label], int] = {
    (Action.MOVE_TO_DM, Label.COMPLAINT): 0,
    (Action.PIN_CLARIFICATION, Label.ATTACK): 0,
    (Action.REPLY, Label.INFO_REQUEST): 1,
    (Action.MOVE_TO_DM, Label.INFO_REQUEST): 1,
    (Action.LIKE, Label.SUPPORT): 2,
    (Action.NO_RESPONSE, Label.ATTACK): 2,
    (Action.NO_RESPONSE, Label.FAKE_ACCOUNT): 3,
    (Action.NO_RESPONSE, Label.OTHER): 3,
}
LOWEST_PRIORITY = 3


def priority_for(label: str, action: str) -> int:
    return PRIORITY_FOR_ACTION_AND_LABEL.get((Action(action), Label(label)), LOWEST_PRIORITY)
