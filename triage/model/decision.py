"""The one decision that joins the text model and the account model.

Rule (PRODUCT.md: fake_account is decided mainly from the account and its behaviour):

1. The text model's label stands when nothing is known about the author.
2. The label becomes `fake_account` when the account model's probability reaches its
   threshold (chosen on validation), or the same text comes from 3 or more accounts, or the
   text itself reads as gambling/porn promotion (the text model already says fake_account).
3. Exception: a complaint or an information request keeps its label, flagged for review
   with the account signal as a reason: a real complaint from a thin or new account (people
   often make one just to complain) costs more to miss than a bot costs to answer. Only
   coordination (rule 2's duplicate text) overrides them.

Probabilities stay a distribution: fake_account gets the larger of the text's and the
account's probability and the other labels share the rest in their text-model proportions.
"""

from dataclasses import dataclass, replace

from triage.labels import Label
from triage.model.classifier import Prediction
from triage.model.fake_accounts import BURST_WINDOW, AccountScore, Behaviour
from triage.playbook.crisis import new_account_days

KEPT_FOR_REVIEW = frozenset({Label.COMPLAINT.value, Label.INFO_REQUEST.value})
DUPLICATE_ACCOUNTS = 3  # the same text from this many accounts is coordinated


@dataclass(frozen=True)
class AccountEvidence:
    score: AccountScore | None = None
    behaviour: Behaviour | None = None
    reasons: tuple[str, ...] = ()


def decide(text: Prediction, evidence: AccountEvidence | None) -> Prediction:
    """The final suggestion from the text prediction and what is known of the account."""
    if evidence is None or not _inauthentic(evidence):
        return text
    reasons = list(evidence.reasons) + _behaviour_reasons(evidence.behaviour)
    if text.label in KEPT_FOR_REVIEW and not _coordinated(evidence):
        return replace(text, reasons=text.reasons + reasons, needs_review=True, account_signal=True)
    account_probability = evidence.score.probability if evidence.score else 1.0
    probabilities = _with_fake(text.probabilities, account_probability)
    # The text's own reasons point to the text's label; say so instead of listing them.
    text_note = f"the text alone reads as {text.label} ({text.confidence:.0%})"
    return replace(text, label=Label.FAKE_ACCOUNT.value, probabilities=probabilities,
                   confidence=probabilities[Label.FAKE_ACCOUNT.value], account_signal=True,
                   reasons=reasons + ([] if text.label == Label.FAKE_ACCOUNT.value else [text_note]))


def _coordinated(evidence: AccountEvidence) -> bool:
    return bool(evidence.behaviour and evidence.behaviour.duplicate_accounts >= DUPLICATE_ACCOUNTS)


def _inauthentic(evidence: AccountEvidence) -> bool:
    return _coordinated(evidence) or bool(evidence.score and evidence.score.suspicious)


def _behaviour_reasons(behaviour: Behaviour | None) -> list[str]:
    if behaviour is None:
        return []
    reasons = []
    if behaviour.duplicate_accounts >= DUPLICATE_ACCOUNTS:
        reasons.append(f"the same text came from {behaviour.duplicate_accounts} accounts")
    if behaviour.burst >= 5:
        minutes = int(BURST_WINDOW.total_seconds() // 60)
        reasons.append(f"the account posted {behaviour.burst} comments within {minutes} minutes")
    if behaviour.new_account:
        reasons.append(f"the account is less than {new_account_days()} days old")
    return reasons


def _with_fake(probabilities: dict[str, float], fake: float) -> dict[str, float]:
    fake_label = Label.FAKE_ACCOUNT.value
    fake = max(fake, probabilities[fake_label])
    rest = 1.0 - probabilities[fake_label]
    scale = (1.0 - fake) / rest if rest > 0 else 0.0
    return {label: round(fake if label == fake_label else p * scale, 4)
            for label, p in probabilities.items()}
