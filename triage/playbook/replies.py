"""Reply drafts from `responses/replies.toml` and the checker every public reply must pass.

Templates render in Jinja2's sandbox with strict undefined variables: a template staff edit
can neither reach Python internals nor silently drop a value. The checker refuses a draft or
an edited reply that breaks the desk's rules: no greeting, too long for the platform, banned
words, personal data, unknown links, or an unfilled placeholder.
"""

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ConfigDict, Field

from triage.errors import DataFileError
from triage.model.normalise import normalise
from triage.playbook.data_files import problem, read_data_file
from triage.privacy import personal_data
from triage.settings import RESPONSES_DIR

REPLIES_FILE = RESPONSES_DIR / "replies.toml"
_PLACEHOLDER = re.compile(r"\[isi[^\]]*\]", re.IGNORECASE)
_LINK = re.compile(r"(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?:/\S*)?", re.IGNORECASE)
# Every variable a template may use: empty by default, sample values to check templates with.
EMPTY_CONTEXT = {"answer": "", "topic": "", "narrative": ""}
SAMPLE_CONTEXT = {"answer": "contoh jawaban.", "topic": "pungutan liar", "narrative": "kabar kerusuhan"}
_RENDERED_LIMIT = 2_000  # remembered renderings (template, values): bounds memory in a long-running app


class ReplyRulesError(DataFileError):
    """responses/replies.toml is malformed or one of its templates breaks the rules."""


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RulesTable(_Table):
    greeting: str = Field(min_length=1)
    banned: list[str]
    allowed_domains: list[str]


class PlatformTable(_Table):
    max_chars: int = Field(gt=0)
    hashtags: list[str] = Field(default_factory=list)


class TemplateTable(_Table):
    variants: list[str] = Field(min_length=1)


class RepliesFile(_Table):
    """responses/replies.toml: the rules every reply passes, each platform's limits, the templates."""

    rules: RulesTable
    platform: dict[str, PlatformTable] = Field(min_length=1)
    template: dict[str, TemplateTable] = Field(default_factory=dict)


@dataclass(frozen=True)
class Platform:
    max_chars: int
    hashtags: tuple[str, ...] = ()


@dataclass
class ReplyBook:
    greeting: str
    banned: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    platforms: dict[str, Platform]
    templates: dict[str, list] = field(default_factory=dict)  # name -> compiled variants
    _rendered: dict[tuple, list[str]] = field(default_factory=dict, repr=False, compare=False)

    def render(self, name: str, platform: str | None, seed: str, **context) -> str:
        """A draft from template `name`: the variant picked by `seed`, the platform's hashtags
        added where they fit; on a short platform the longest variant that fits is used."""
        limit = self.limit(platform)
        texts = self._variants(name, context)
        start = int(hashlib.sha256(seed.encode()).hexdigest(), 16) % len(texts)
        ordered = texts[start:] + texts[:start]
        text = next((t for t in ordered if len(t) <= limit), min(texts, key=len))
        return self._with_hashtags(text, platform)

    def _variants(self, name: str, context: dict[str, str]) -> list[str]:
        """Every variant of `name` rendered with `context`. Remembered: few topics and answers
        recur, and rendering every variant was most of an import's draft time (bench/README.md)."""
        key = (name, *sorted(context.items()))
        texts = self._rendered.get(key)
        if texts is None:
            if len(self._rendered) >= _RENDERED_LIMIT:
                self._rendered.clear()
            values = {"greeting": self.greeting, **EMPTY_CONTEXT, **context}
            texts = [variant.render(**values).strip() for variant in self.templates[name]]
            self._rendered[key] = texts
        return texts

    def limit(self, platform: str | None) -> int:
        known = self.platforms.get(platform or "")
        return known.max_chars if known else min(p.max_chars for p in self.platforms.values())

    def _with_hashtags(self, text: str, platform: str | None) -> str:
        tags = " ".join(self.platforms[platform].hashtags) if platform in self.platforms else ""
        return f"{text}\n\n{tags}" if tags and len(text) + len(tags) + 2 <= self.limit(platform) else text

    def problems(self, text: str, platform: str | None, allow_placeholder: bool = False) -> list[str]:
        """What is wrong with `text` as a public reply (empty when it may be sent)."""
        found = []
        if self.greeting.lower() not in text.lower():
            found.append(f'the greeting "{self.greeting}" is missing')
        if len(text) > self.limit(platform):
            found.append(f"{len(text):,} characters: {platform or 'the shortest platform'} allows "
                         f"{self.limit(platform):,}")
        found += [f'"{word}" must not appear in a reply' for word in self.banned if _says(text, word)]
        found += [f"contains personal data ({kind}): never in a public reply"
                  for kind in personal_data.kinds(text)]
        found += [f"links only to {', '.join(self.allowed_domains)} (not {domain})"
                  for domain in _domains(text) if not domain.endswith(self.allowed_domains)]
        if not allow_placeholder and _PLACEHOLDER.search(text):
            found.append("fill in the placeholder in [brackets] before sending")
        if "{{" in text or "{%" in text:
            found.append("template syntax left in the text")
        return found


def _says(text: str, phrase: str) -> bool:
    """Whole-word match after normalisation (case, elongation, look-alikes); phrases with
    digits or symbols ("100%") are matched as typed, since normalisation turns numbers into a token."""
    if phrase.replace(" ", "").isalpha():
        return f" {normalise(phrase)} " in f" {normalise(text)} "
    return phrase.lower() in text.lower()


def _sentence(text: str) -> str:
    """Upper-case the first letter only (Jinja's `capitalize` would lower-case "PPID")."""
    return text[:1].upper() + text[1:]


def _domains(text: str) -> list[str]:
    return [m.group(1).lower() for m in _LINK.finditer(text) if "." in m.group(1) and "@" not in m.group(0)]


def _compile(environment: SandboxedEnvironment, name: str, variants: list[str], path: Path) -> list:
    try:
        return [environment.from_string(variant) for variant in variants]
    except TemplateError as error:
        raise problem(path, f"template {name!r}", str(error), ReplyRulesError) from None


def read_reply_book(path: Path) -> ReplyBook:
    raw = read_data_file(path, RepliesFile, ReplyRulesError)
    book = ReplyBook(
        greeting=raw.rules.greeting, banned=tuple(raw.rules.banned),
        allowed_domains=tuple(raw.rules.allowed_domains),
        platforms={name: Platform(p.max_chars, tuple(p.hashtags)) for name, p in raw.platform.items()})
    # Plain text for the platforms: escaping is the job of whatever shows it (pages escape).
    environment = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)  # noqa: S701
    environment.filters["sentence"] = _sentence
    book.templates = {name: _compile(environment, name, entry.variants, path)
                      for name, entry in raw.template.items()}
    _check_templates(book, path)
    return book


def _check_templates(book: ReplyBook, path: Path) -> None:
    """Every variant must render and pass the checker on the longest platform it will meet."""
    environment_values = {"greeting": book.greeting, **SAMPLE_CONTEXT}
    for name, variants in book.templates.items():
        for number, variant in enumerate(variants, start=1):
            entry = f"template {name!r} variant {number}"
            try:
                text = variant.render(**environment_values)
            except TemplateError as error:
                raise problem(path, entry, str(error), ReplyRulesError) from None
            problems = book.problems(text, "facebook", allow_placeholder=True)
            if problems:
                raise problem(path, entry, "; ".join(problems), ReplyRulesError)


@lru_cache
def reply_book(path: Path = REPLIES_FILE) -> ReplyBook:
    return read_reply_book(path)
