"""The playbook: which action a comment calls for, why, and the reply draft to start from.

The rules are data (`responses/playbook.toml`, with the phrases they look for in
`responses/signals.toml`); this module is the one engine that reads and applies them, so it
is the one place that maps label (and context) to action.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from triage import personal_data
from triage.knowledge import Entry, knowledge_base
from triage.labels import Action, Label
from triage.replies import reply_book
from triage.text import normalise, normalise_all

RESPONSES = Path(__file__).resolve().parent.parent / "responses"
RULES_FILE = RESPONSES / "playbook.toml"
SIGNALS_FILE = RESPONSES / "signals.toml"
SHORT_PLATFORM_CHARS = 500  # below this limit, knowledge answers use their short form
_LOOK_UP = object()  # draft(): no knowledge-base match given, find one
_PHRASE_FACTS = frozenset({"specific_case", "topic", "misinformation", "excessive"})


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


class Phrases(BaseModel):
    phrases: list[str] = Field(min_length=1)
    _pattern: re.Pattern[str] = PrivateAttr()

    def model_post_init(self, _context) -> None:
        # One regex of whole normalised phrases, built once: matching runs for every comment.
        escaped = sorted((re.escape(normalise(p)) for p in self.phrases), key=len, reverse=True)
        alternatives = "|".join(escaped)
        self._pattern = re.compile(rf"(?<!\S)(?:{alternatives})(?!\S)")

    def found_in(self, normalised: str) -> bool:
        return self._pattern.search(normalised) is not None


class Topic(Phrases):
    name: str


class Signals(BaseModel):
    model_config = ConfigDict(extra="forbid")
    topic: dict[str, Topic]
    specific_case: Phrases
    misinformation: Phrases
    excessive: Phrases


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
    def __init__(self, rules: list[Rule], signals: Signals):
        self.rules, self.signals = rules, signals
        # Which conditions any rule for a label looks at: only those are worked out per comment
        # (a spam comment needs no phrase search at all), which keeps bulk scoring fast.
        self._rules_for = {label.value: [r for r in rules if r.when.label is None or label in r.when.label]
                           for label in Label}
        self._needed = {label: {name for r in candidates for name, value in r.when
                                if value is not None and name != "label"}
                        for label, candidates in self._rules_for.items()}
        self._chosen: dict[tuple, Rule] = {}

    def facts(self, label: str, text: str, in_swarm: bool = False, words: str | None = None) -> Facts:
        """What the rules need to know about one comment; `words` is its normalised text when
        the caller already has it."""
        label = Label(label).value
        needed = self._needed[label]
        if words is None:
            words = normalise(text) if needed & _PHRASE_FACTS else ""
        topic = (next((key for key, t in self.signals.topic.items() if t.found_in(words)), None)
                 if "topic" in needed else None)
        return Facts(
            label=label,
            personal_data=tuple(personal_data.kinds(text)) if "personal_data" in needed else (),
            specific_case="specific_case" in needed and self.signals.specific_case.found_in(words),
            topic=topic,
            misinformation="misinformation" in needed and self.signals.misinformation.found_in(words),
            excessive="excessive" in needed and self.signals.excessive.found_in(words),
            in_swarm=in_swarm)

    def facts_all(self, labels: list[str], texts: list[str]) -> list[Facts]:
        """Facts for a batch. The texts whose label needs a phrase search are normalised in one
        call, which is several times faster than one by one."""
        labels = [Label(label).value for label in labels]
        searched = [i for i, label in enumerate(labels) if self._needed[label] & _PHRASE_FACTS]
        words = [""] * len(texts)
        for i, normalised in zip(searched, normalise_all([texts[i] for i in searched]), strict=True):
            words[i] = normalised
        return [self.facts(label, text, words=w) for label, text, w in zip(labels, texts, words, strict=True)]

    def actions(self, labels: list[str], texts: list[str]) -> list[str]:
        """Only the action ids, for a batch (the bulk path of `triage score`)."""
        return [self._rule(facts).action.value for facts in self.facts_all(labels, texts)]

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
    rules = []
    for number, raw in enumerate(_load(rules_file).get("rule", []), start=1):
        try:
            rules.append(Rule.model_validate(raw))
        except ValidationError as error:
            name = raw.get("name", f"rule {number}") if isinstance(raw, dict) else f"rule {number}"
            raise PlaybookError(f"{rules_file}: {name!r}: {error}") from None
    _check(rules, signals, rules_file)
    return Playbook(rules, signals)


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


@lru_cache
def playbook() -> Playbook:
    return read_playbook()


def action_for(label: str) -> Action:
    """The action for a label when nothing else is known about the comment."""
    return playbook().decide(Facts(label=Label(label).value)).action

