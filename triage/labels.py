"""The one list of label and action ids. These ids are a public contract (PRODUCT.md)."""

from enum import StrEnum


class Label(StrEnum):
    SUPPORT = "support"
    INFO_REQUEST = "info_request"
    COMPLAINT = "complaint"
    ATTACK = "attack"
    FAKE_ACCOUNT = "fake_account"
    OTHER = "other"


class Action(StrEnum):
    LIKE = "like"
    REPLY = "reply"
    MOVE_TO_DM = "move_to_dm"
    PIN_CLARIFICATION = "pin_clarification"
    NO_RESPONSE = "no_response"


LABELS: tuple[str, ...] = tuple(label.value for label in Label)
ACTIONS: tuple[str, ...] = tuple(action.value for action in Action)
