"""Scoring comments: the one function the CLI, the importers and the API all call."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from triage.classifier import TextClassifier
from triage.playbook import action_for, reply_draft

MAX_TEXT_CHARS = 10_000


@dataclass(frozen=True)
class Comment:
    id: str
    text: str
    platform: str | None = None
    author: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    id: str
    label: str
    confidence: float
    probabilities: dict[str, float]
    action: str
    reply_draft: str | None
    reasons: list[str]


def text_problem(text: object) -> str | None:
    """Why a text cannot be scored, or None if it can."""
    if not isinstance(text, str) or not text.strip():
        return "text is empty"
    if len(text) > MAX_TEXT_CHARS:
        return f"text is {len(text):,} characters, over the limit of {MAX_TEXT_CHARS:,}"
    return None


def suggest(classifier: TextClassifier, comments: Sequence[Comment],
            with_reasons: bool = True) -> list[Suggestion]:
    predictions = classifier.predict([c.text for c in comments], with_reasons=with_reasons)
    suggestions = []
    for comment, prediction in zip(comments, predictions, strict=True):
        action = action_for(prediction.label)
        suggestions.append(Suggestion(
            id=comment.id, label=prediction.label, confidence=prediction.confidence,
            probabilities=prediction.probabilities, action=action.value,
            reply_draft=reply_draft(prediction.label, action), reasons=prediction.reasons))
    return suggestions
