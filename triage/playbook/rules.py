"""The playbook: which action a comment calls for, why, and the reply draft to start from.

The rules are data (`responses/playbook.toml`, with the phrases they look for in
`responses/signals.toml`); this module is the one engine that reads and applies them, so it
is the one place that maps label (and context) to action.
"""

import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from triage.labels import Action, Label
from triage.model.normalise import phrase_forms
from triage.playbook.knowledge import Entry, knowledge_base
from triage.playbook.replies import reply_book
from triage.privacy import personal_data
from triage.settings import RESPONSES_DIR

RESPONSES = RESPONSES_DIR
RULES_FILE = RESPONSES / "playbook.toml"
SIGNALS_FILE = RESPONSES / "signals.toml"
SHORT_PLATFORM_CHARS = 500  # below this limit, knowledge answers use their short form
_LOOK_UP = object()  # draft(): no knowledge-base match given, find one
_PHRASE_FACTS = frozenset({"specific_case", "topic", "misinformation", "excessive"})
_NOTHING: frozenset[str] = frozenset()


class PlaybookError(ValueError):
    """The rules or signals files are malformed; the message names the rule and the problem."""


@dataclass(frozen=True)
class Facts:
    """What the engine knows about a comment when it picks the action."""

    label: str
    personal_data: tuple[str, ...] = ()
    specific_case: bool = False
    topic: str | None = None
    misinformation: bool = False
    excessive: bool = False
    in_swarm: bool = False


class When(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: list[Label] | None = None
    personal_data: bool | None = None
    specific_case: bool | None = None
    topic: list[str] | None = None
    misinformation: bool | None = None
    excessive: bool | None = None
    in_swarm: bool | None = None

    @field_validator("label", "topic", mode="before")
    @classmethod
    def one_or_many(cls, value):
        return [value] if isinstance(value, str) else value

    def matches(self, facts: Facts) -> bool:
        flags = (("personal_data", bool(facts.personal_data)), ("specific_case", facts.specific_case),
                 ("misinformation", facts.misinformation), ("excessive", facts.excessive),
                 ("in_swarm", facts.in_swarm))
        return ((self.label is None or facts.label in self.label)
                and (self.topic is None or facts.topic in self.topic)
                and all(getattr(self, name) in (None, value) for name, value in flags))


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    when: When
    action: Action
    priority: int = Field(ge=0, le=9)
    template: str = ""
    hide: bool = False
    follow_up: bool = False
    reason: str
    reason_id: str = ""  # the same in Indonesian, with the same {placeholders}; the pages pick by language


# Comments that always wait for a person, whatever the playbook file says (the "never").
NEVER_AUTO = frozenset({Label.COMPLAINT, Label.INFO_REQUEST})


class AutoRule(BaseModel):
    """A label and action the desk may resolve without a person. The confidence it takes is
    the model card's threshold for the label (chosen for TRIAGE_AUTO_PRECISION), raised to
    `min_confidence` when that is higher; no threshold in the card means never."""

    model_config = ConfigDict(extra="forbid")
    name: str
    label: Label
    action: Action
    min_confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    account_signal: bool = False  # also needs the account model or coordinated copies to say so
    platform_action: bool = False  # done on the platform (a like): never while TRIAGE_ACTIONS=off

    @field_validator("label")
    @classmethod
    def not_for_people_only(cls, value: Label) -> Label:
        if value in NEVER_AUTO:
            raise ValueError(f"a {value} always waits for a person")
        return value


class Auto(BaseModel):
    model_config = ConfigDict(extra="forbid")
    review_rate: float = Field(default=0.05, ge=0.0, le=1.0)
    rule: list[AutoRule] = Field(default_factory=list)


@dataclass(frozen=True)
class AutoCheck:
    """What the auto-resolution gate looks at in one suggestion."""

    label: str
    action: str
    rule: str  # the playbook rule that chose the action
    confidence: float
    needs_review: bool
    personal_data: tuple[str, ...] = ()
    account_signal: bool = False
    in_swarm: bool = False


class Phrases(BaseModel):
    phrases: list[str] = Field(min_length=1)


class Topic(Phrases):
    name: str


class Signals(BaseModel):
    model_config = ConfigDict(extra="forbid")
    topic: dict[str, Topic]
    specific_case: Phrases
    misinformation: Phrases
    excessive: Phrases


class PhraseIndex:
    """Every phrase of the signals, in the form comments are read in, filed under its first
    word: a comment is searched by looking up its words (for most comments one set operation
    in C), where a regex of all phrases cost time per character per signal (bench/README.md)."""

    def __init__(self, signals: Signals):
        named = [(f"topic:{key}", topic) for key, topic in signals.topic.items()]
        named += [(name, getattr(signals, name)) for name in ("specific_case", "misinformation", "excessive")]
        self.by_first_word: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for name, phrases in named:
            for phrase in phrase_forms(phrases.phrases):
                if words := tuple(phrase.split()):
                    self.by_first_word.setdefault(words[0], []).append((words, name))

    def found_in(self, words: str) -> set[str]:
        """The signals ("specific_case", "topic:pungli", ...) with a whole phrase in `words`,
        a text in its `phrase_forms`."""
        tokens = words.split()
        by_first_word = self.by_first_word
        if by_first_word.keys().isdisjoint(tokens):
            return set()
        found = set()
        for i, token in enumerate(tokens):
            for phrase, name in by_first_word.get(token, ()):
                if tuple(tokens[i:i + len(phrase)]) == phrase:
                    found.add(name)
        return found


@dataclass(frozen=True)
class Verdict:
    action: Action
    priority: int
    reason: str
    rule: str
    hide: bool
    follow_up: bool
    template: str
    topic_name: str
    personal_data: tuple[str, ...]


@dataclass(frozen=True)
class Draft:
    text: str
    source: str | None = None  # what a knowledge-base answer rests on
    knowledge_id: str | None = None


class Playbook:
    def __init__(self, rules: list[Rule], signals: Signals, auto: Auto | None = None):
        self.rules, self.signals = rules, signals
        self.auto = auto or Auto()
        # Which conditions any rule for a label looks at: only those are worked out per comment
        # (a spam comment needs no phrase search at all), which keeps bulk scoring fast.
        self._rules_for = {label.value: [r for r in rules if r.when.label is None or label in r.when.label]
                           for label in Label}
        self._needed = {label: {name for r in candidates for name, value in r.when
                                if value is not None and name != "label"}
                        for label, candidates in self._rules_for.items()}
        self._chosen: dict[tuple, Rule] = {}
        self._phrases = PhraseIndex(signals)
        self._auto_for = {rule.label.value: rule for rule in self.auto.rule}
        self._plain_rule = {label.value: self._rule(Facts(label=label.value)).name for label in Label}

    def auto_resolve(self, check: AutoCheck, thresholds: dict[str, float | None],
                     actions: str) -> tuple[AutoRule, float] | None:
        """The auto rule and threshold under which the desk resolves this comment without a
        person, or None. Never for complaints or information requests, personal data, a
        comment in a swarm, anything flagged for review, or a comment a rule other than its
        label's plain one decided (a swarm's, a clarification's)."""
        auto = self._auto_for.get(check.label)
        threshold = thresholds.get(check.label)
        if (auto is None or threshold is None or check.label in NEVER_AUTO or check.needs_review
                or check.personal_data or check.in_swarm or check.action != auto.action.value
                or check.rule != self._plain_rule[check.label]
                or (auto.account_signal and not check.account_signal)
                or (auto.platform_action and actions == "off")):
            return None
        threshold = max(threshold, auto.min_confidence)
        return (auto, threshold) if check.confidence >= threshold else None

    def facts(self, label: str, text: str, in_swarm: bool = False) -> Facts:
        """What the rules need to know about one comment."""
        facts = self.facts_all([label], [text])[0]
        return replace(facts, in_swarm=in_swarm) if in_swarm else facts

    def facts_all(self, labels: list[str], texts: list[str],
                  normalised: list[str] | None = None) -> list[Facts]:
        """Facts for a batch. Only what some rule for a comment's label looks at is worked out
        (a spam comment needs no phrase search at all). `normalised` is the texts as a model
        that `reads_like_playbook` normalised them, which spares normalising them again."""
        labels = [Label(label).value for label in labels]
        needed = [self._needed[label] for label in labels]
        searched = [i for i, wanted in enumerate(needed) if wanted & _PHRASE_FACTS]
        words = phrase_forms([texts[i] for i in searched],
                             [normalised[i] for i in searched] if normalised is not None else None)
        found = {i: self._phrases.found_in(w) for i, w in zip(searched, words, strict=True)}
        checked = [i for i, wanted in enumerate(needed) if "personal_data" in wanted]
        personal = dict(zip(checked, personal_data.kinds_all([texts[i] for i in checked]), strict=True))
        return [self._facts(label, wanted, found.get(i, _NOTHING), personal.get(i, ()))
                for i, (label, wanted) in enumerate(zip(labels, needed, strict=True))]

    def _facts(self, label: str, wanted: set[str], found: set[str], personal: list[str]) -> Facts:
        topic = (next((key for key in self.signals.topic if f"topic:{key}" in found), None)
                 if "topic" in wanted and found else None)
        return Facts(label=label, personal_data=tuple(personal),
                     specific_case="specific_case" in wanted and "specific_case" in found, topic=topic,
                     misinformation="misinformation" in wanted and "misinformation" in found,
                     excessive="excessive" in wanted and "excessive" in found)

    def actions(self, labels: list[str], texts: list[str], normalised: list[str] | None = None) -> list[str]:
        """Only the action ids, for a batch (the bulk path of `triage score`)."""
        return [self._rule(facts).action.value for facts in self.facts_all(labels, texts, normalised)]

    def _rule(self, facts: Facts) -> Rule:
        # Few combinations of facts occur, so each one's rule is looked up once and remembered.
        key = (facts.label, bool(facts.personal_data), facts.specific_case, facts.topic,
               facts.misinformation, facts.excessive, facts.in_swarm)
        rule = self._chosen.get(key)
        if rule is None:
            rule = self._chosen[key] = next(r for r in self._rules_for[facts.label] if r.when.matches(facts))
        return rule

    def decide(self, facts: Facts) -> Verdict:
        rule = self._rule(facts)
        topic_name = self.signals.topic[facts.topic].name if facts.topic else ""
        reason = rule.reason.format_map({"topic": topic_name or "a problem",
                                         "personal_data": ", ".join(facts.personal_data)})
        return Verdict(rule.action, rule.priority, reason, rule.name, rule.hide, rule.follow_up,
                       rule.template, topic_name, facts.personal_data)

    def drafts(self, verdicts: list[Verdict], texts: list[str], platforms: list[str | None],
               seeds: list[str]) -> list[Draft | None]:
        """`draft` for a batch: the knowledge base is searched once for all its questions."""
        asking = [i for i, verdict in enumerate(verdicts) if verdict.template == "info_answer"]
        entries = dict(zip(asking, knowledge_base().match_all([texts[i] for i in asking]), strict=True))
        return [self.draft(verdict, text, platform, seed, entries.get(i, _LOOK_UP))
                for i, (verdict, text, platform, seed) in enumerate(zip(verdicts, texts, platforms, seeds,
                                                                        strict=True))]

    def draft(self, verdict: Verdict, text: str, platform: str | None, seed: str,
              entry: Entry | None | object = _LOOK_UP) -> Draft | None:
        """The reply to start from, or None for actions that say nothing in public. `entry` is
        the knowledge-base match (None: no answer) when the caller has already looked it up."""
        if not verdict.template:
            return None
        book = reply_book()
        if verdict.template != "info_answer":
            return Draft(book.render(verdict.template, platform, seed, topic=verdict.topic_name))
        if entry is _LOOK_UP:
            entry = knowledge_base().match(text)
        if entry is None:
            return Draft(book.render("info_unknown", platform, seed))
        answer = entry.short if book.limit(platform) < SHORT_PLATFORM_CHARS else entry.answer
        return Draft(book.render("info_answer", platform, seed, answer=answer),
                     source=entry.source, knowledge_id=entry.id)


def _load(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise PlaybookError(f"{path}: {error}") from None


def read_playbook(rules_file: Path = RULES_FILE, signals_file: Path = SIGNALS_FILE) -> Playbook:
    try:
        signals = Signals.model_validate(_load(signals_file))
    except ValidationError as error:
        raise PlaybookError(f"{signals_file}: {error}") from None
    rules, data = [], _load(rules_file)
    for number, raw in enumerate(data.get("rule", []), start=1):
        try:
            rules.append(Rule.model_validate(raw))
        except ValidationError as error:
            name = raw.get("name", f"rule {number}") if isinstance(raw, dict) else f"rule {number}"
            raise PlaybookError(f"{rules_file}: {name!r}: {error}") from None
    try:
        auto = Auto.model_validate(data.get("auto", {}))
    except ValidationError as error:
        raise PlaybookError(f"{rules_file}: [auto]: {error}") from None
    _check(rules, signals, rules_file)
    book = Playbook(rules, signals, auto)
    _check_auto(book, rules_file)
    return book


def _check(rules: list[Rule], signals: Signals, path: Path) -> None:
    templates = reply_book().templates
    for rule in rules:
        unknown = set(rule.when.topic or ()) - set(signals.topic)
        if unknown:
            raise PlaybookError(f"{path}: {rule.name!r}: unknown topic(s) {sorted(unknown)}")
        if rule.template and rule.template not in templates:
            raise PlaybookError(f"{path}: {rule.name!r}: no template {rule.template!r} in replies.toml")
        silent = rule.action in (Action.LIKE, Action.NO_RESPONSE)
        if silent == bool(rule.template):
            needs = "takes no" if silent else "needs a"
            raise PlaybookError(f"{path}: {rule.name!r}: '{rule.action}' {needs} template")
    for label in Label:  # every label must reach some rule even when nothing else is known
        if not any(r.when.matches(Facts(label=label.value)) for r in rules):
            raise PlaybookError(f"{path}: no rule matches a plain '{label}' comment")


def _check_auto(book: Playbook, path: Path) -> None:
    seen = set()
    for auto in book.auto.rule:
        if auto.label in seen:
            raise PlaybookError(f"{path}: auto rule {auto.name!r}: a second auto rule for '{auto.label}'")
        seen.add(auto.label)
        plain = book.decide(Facts(label=auto.label.value)).action
        if auto.action != plain:
            raise PlaybookError(f"{path}: auto rule {auto.name!r}: the playbook's action for a plain "
                                f"'{auto.label}' is '{plain}', not '{auto.action}'")


@lru_cache
def playbook() -> Playbook:
    return read_playbook()


def action_for(label: str) -> Action:
    """The action for a label when nothing else is known about the comment."""
    return playbook().decide(Facts(label=Label(label).value)).action

