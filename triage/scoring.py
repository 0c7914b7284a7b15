"""Scoring comments: `suggest`, the one function imports, scored files, live intake and the API all call."""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from triage.files.encodings import broken_text
from triage.importers.base import Author, ImportedComment
from triage.model.classifier import Prediction, TextClassifier
from triage.model.decision import AccountEvidence, decide
from triage.model.fake_accounts import (
    AccountModel,
    Behaviour,
    SeenComment,
    account_reasons,
    behaviour,
    has_account_fields,
    is_new,
)
from triage.model.normalise import phrase_forms
from triage.playbook.rules import AutoCheck, Facts, Verdict, playbook
from triage.settings import get_settings

MAX_TEXT_CHARS = 10_000


# Neither dataclass is frozen: `triage score` builds one of each for every row of a file, and
# a frozen dataclass's __init__ took three times as long (as long as the playbook's decision).
@dataclass
class Comment:
    id: str
    text: str
    platform: str | None = None
    author: dict = field(default_factory=dict)
    behaviour: Behaviour | None = None  # what the store saw around it (duplicates, bursts)


@dataclass
class Suggestion:
    id: str
    label: str
    confidence: float
    probabilities: dict[str, float]
    action: str
    reply_draft: str | None
    reasons: list[str]  # what pushed the model to the label
    needs_review: bool = False
    action_reason: str = ""  # why the playbook picked the action
    rule: str = ""
    priority: int = 9
    hide: bool = False
    follow_up: bool = False
    personal_data: tuple[str, ...] = ()
    draft_source: str | None = None  # what a knowledge-base answer rests on
    # Whether the desk would resolve it without a person (a swarm, known only to the store,
    # can still hold it back), under which auto rule of the playbook and from which confidence.
    auto_resolve: bool = False
    auto_rule: str | None = None
    auto_threshold: float | None = None


def text_problem(text: object) -> str | None:
    """Why a text cannot be scored, or None if it can."""
    if not isinstance(text, str) or not text.strip():
        return "text is empty"
    if len(text) > MAX_TEXT_CHARS:
        return f"text is {len(text):,} characters, over the limit of {MAX_TEXT_CHARS:,}"
    if broken_text(text):
        return "text holds bytes that are not valid in the file's encoding (or broken characters)"
    return None


def suggest(classifier: TextClassifier, comments: Sequence[Comment], with_reasons: bool = True,
            accounts: AccountModel | None = None, with_drafts: bool = True,
            normalised: list[str] | None = None, with_details: bool = True) -> list[Suggestion]:
    """The model's label and the playbook's action for each comment. With an account model,
    comments that carry author fields are decided from text and account together. Drafts and
    reasons can be left out where nobody reads them; `with_details=False` (batch scoring files)
    keeps only the decision: label, confidence, review flag and the playbook's verdict, without
    probabilities, reasons, drafts or auto-resolution. `normalised`: the texts as
    `classifier.normalise` returned them, when the caller has them already."""
    texts = [c.text for c in comments]
    if not with_details and accounts is None and all(c.behaviour is None for c in comments):
        return _decided_by_text(classifier, comments, texts)
    with_reasons = with_reasons and with_details
    predictions, normalised = classifier.predict_and_normalise(texts, with_reasons=with_reasons,
                                                               normalised=normalised)
    if accounts is not None:
        predictions = _with_accounts(predictions, comments, accounts, with_reasons)
    predictions = _with_behaviour(predictions, comments, accounts is not None)
    book = playbook()
    verdicts = _verdicts(book, book.facts_all([p.label for p in predictions], texts, normalised))
    if not with_details:
        return [_decision(c.id, p.label, p.confidence, p.needs_review, v)
                for c, p, v in zip(comments, predictions, verdicts, strict=True)]
    drafts = (book.drafts(verdicts, texts, [c.platform for c in comments], [c.id for c in comments])
              if with_drafts else [None] * len(comments))
    actions = get_settings().actions
    return [_suggestion(classifier, book, actions, *one)
            for one in zip(comments, predictions, verdicts, drafts, strict=True)]


def _suggestion(classifier: TextClassifier, book, actions: str, comment: Comment, prediction: Prediction,
                verdict: Verdict, draft) -> Suggestion:
    check = AutoCheck(prediction.label, verdict.action.value, verdict.rule, prediction.confidence,
                      prediction.needs_review, verdict.personal_data, prediction.account_signal)
    auto = book.auto_resolve(check, classifier.auto_from, actions)
    return Suggestion(
        id=comment.id, label=prediction.label, confidence=prediction.confidence,
        probabilities=prediction.probabilities, action=verdict.action.value,
        reply_draft=draft.text if draft else None, reasons=prediction.reasons,
        needs_review=prediction.needs_review, action_reason=verdict.reason, rule=verdict.rule,
        priority=verdict.priority, hide=verdict.hide, follow_up=verdict.follow_up,
        personal_data=verdict.personal_data, draft_source=draft.source if draft else None,
        auto_resolve=auto is not None, auto_rule=auto[0].name if auto else None,
        auto_threshold=auto[1] if auto else None)


def _decided_by_text(classifier: TextClassifier, comments: Sequence[Comment],
                     texts: list[str]) -> list[Suggestion]:
    """The decisions alone when the text alone decides (the bulk path of `triage score`): no
    per-row prediction objects, which cost as much as the model there."""
    labels, confidences, review, normalised = classifier.top(texts)
    book = playbook()
    verdicts = _verdicts(book, book.facts_all(labels, texts, normalised))
    return [_decision(*one) for one in zip([c.id for c in comments], labels, confidences, review, verdicts,
                                           strict=True)]


def _decision(comment_id: str, label: str, confidence: float, needs_review: bool,
              verdict: Verdict) -> Suggestion:
    return Suggestion(id=comment_id, label=label, confidence=confidence, probabilities={},
                      action=verdict.action.value, reply_draft=None, reasons=[], needs_review=needs_review,
                      action_reason=verdict.reason, rule=verdict.rule, priority=verdict.priority,
                      hide=verdict.hide, follow_up=verdict.follow_up, personal_data=verdict.personal_data)


def suggest_imported(classifier: TextClassifier, fresh: Sequence[ImportedComment],
                     accounts: AccountModel | None = None) -> list[Suggestion]:
    """`suggest` for a batch of imported comments, with the behaviour seen within the batch
    (duplicates and bursts among one post's comments)."""
    if not fresh:
        return []
    # Normalised once: the near-duplicate check reads the texts as the model does (work saved per
    # comment, and "sl0t g4c0r" now counts as a copy of "slot gacor").
    texts = [r.text for r in fresh]
    normalised = classifier.normalise(texts)
    forms = phrase_forms(texts, normalised) if classifier.reads_like_playbook else None
    seen = behaviour([_seen(r) for r in fresh], forms=forms)
    comments = [Comment(r.external_id, r.text, r.platform, author_values(r.author), b)
                for r, b in zip(fresh, seen, strict=True)]
    return suggest(classifier, comments, accounts=accounts, normalised=normalised)


def author_key(author: Author) -> str | None:
    """What an author is known by on their platform: the platform's id, else @username."""
    if author.external_id:
        return author.external_id
    return f"@{author.username}" if author.username else None


def author_values(author: Author | None) -> dict:
    return dict(vars(author)) if author else {}  # shallow: asdict's deep copy cost more than scoring


def _seen(record: ImportedComment) -> SeenComment:
    key = author_key(record.author) if record.author else None
    return SeenComment(key or f"comment:{record.external_id}", record.text, record.created_at,
                       record.author.created_at if record.author else None)


def _verdicts(book, facts: list[Facts]) -> list[Verdict]:
    """The playbook's verdict for each comment's facts. Few combinations of facts occur, so
    each is decided once per batch (deciding every row cost as much as the model, in bulk)."""
    decided: dict[Facts, Verdict] = {}
    return [decided.get(one) or decided.setdefault(one, book.decide(one)) for one in facts]


def _with_accounts(predictions: list[Prediction], comments: Sequence[Comment], accounts: AccountModel,
                   with_reasons: bool) -> list[Prediction]:
    known = [i for i, c in enumerate(comments) if has_account_fields(c.author)]
    if not known:
        return predictions
    decided = list(predictions)
    scores = accounts.score([comments[i].author for i in known])
    for i, score in zip(known, scores, strict=True):
        author = comments[i].author
        reasons = tuple(account_reasons(author, score)) if with_reasons else ()
        # Account age has no training data: it is shown as a reason, never decisive alone.
        seen = comments[i].behaviour or Behaviour()
        behaviour = replace(seen, new_account=is_new(author.get("created_at")))
        evidence = AccountEvidence(score=score, behaviour=behaviour, reasons=reasons)
        decided[i] = decide(predictions[i], evidence)
    return decided


def _with_behaviour(predictions: list[Prediction], comments: Sequence[Comment],
                    accounts_done: bool) -> list[Prediction]:
    """Behaviour alone (the same text from many accounts) for comments the account model did
    not already judge with it."""
    decided = list(predictions)
    for i, comment in enumerate(comments):
        if comment.behaviour is None or (accounts_done and has_account_fields(comment.author)):
            continue
        decided[i] = decide(predictions[i], AccountEvidence(behaviour=comment.behaviour))
    return decided
