"""The playbook's and the model's words, stored in English with each suggestion, shown in the
page's language. A stored reason is translated when it is shown (old rows follow too): the
playbook's rule reasons by their `reason_id` in responses/playbook.toml, the model's reasons by
the patterns below, whose msgids are in the catalogue. Text that matches nothing is shown as
stored."""

import re
from functools import cache

from api import i18n
from api.i18n import N_
from triage.playbook.rules import playbook

# The model's reasons (triage/model/classifier.py _describe, model/fake_accounts.py, model/decision.py).
MODEL_REASONS = [
    (r'the words "(?P<words>.*)" point to (?P<label>\w+)', N_('the words "%(words)s" point to %(label)s')),
    (r'the letters "(?P<letters>.*)" point to (?P<label>\w+)',
     N_('the letters "%(letters)s" point to %(label)s')),
    (r"the account follows (?P<following>[\d,]+) but has (?P<followers>[\d,]+) followers",
     N_("the account follows %(following)s but has %(followers)s followers")),
    (r"the account is less than (?P<days>\d+) days old", N_("the account is less than %(days)s days old")),
    (r"the same text came from (?P<count>\d+) accounts", N_("the same text came from %(count)s accounts")),
    (r"the account posted (?P<count>\d+) comments within (?P<minutes>\d+) minutes",
     N_("the account posted %(count)s comments within %(minutes)s minutes")),
    (r"(?P<cue>.+) points to (?P<label>\w+)", N_("%(cue)s points to %(label)s")),
]

# triage/model/cues.py DESCRIPTIONS and describe_cue's lengths: the parts of "<cue> points to <label>".
CUE_WORDS = [
    N_("a question word"), N_("asking for information"), N_("a request"),
    N_("the writer speaking of themselves"),
    N_("a family member"), N_("a negation"), N_("time passing"), N_("a problem word"), N_("praise or thanks"),
    N_("a greeting"), N_("laughter or mockery"), N_("an insult"), N_("promotion language"),
    N_("asking after a service's hours, costs or steps"), N_("words addressed to the account"), N_("a 'you'"),
    N_("opening with a question word"), N_("a question mark"), N_("ending with a question mark"),
    N_("a short text"), N_("a long text"), N_("the text's length"),
    N_("the account has no posts"), N_("the account has no profile picture"), N_("the account has no bio"),
    N_("the username is mostly digits"), N_("the username looks like random letters"),
    N_(" with "),
]


@cache
def _rule_patterns() -> list[tuple[re.Pattern, str]]:
    patterns = []
    for rule in playbook().rules:
        if rule.reason_id:
            pattern = re.escape(rule.reason).replace(r"\{topic\}", "(?P<topic>.*?)")
            pattern = pattern.replace(r"\{personal_data\}", "(?P<personal_data>.*?)")
            patterns.append((re.compile(pattern), rule.reason_id))
    return patterns


def _cue(words: str) -> str:
    return i18n.gettext(" with ").join(i18n.gettext(part) for part in words.split(" with "))


def translate(text: str | None) -> str:
    if not text:
        return ""
    if i18n.current.get().language == "en":
        return text
    for pattern, indonesian in _rule_patterns():
        if found := pattern.fullmatch(text):
            return indonesian.format_map(found.groupdict())
    for pattern, msgid in MODEL_REASONS:
        if found := re.fullmatch(pattern, text):
            parts = found.groupdict()
            if "cue" in parts:
                parts["cue"] = _cue(parts["cue"])
            return i18n.gettext(msgid) % parts
    return i18n.gettext(text)


def knowledge_title(source: str | None) -> str:
    # The knowledge base is Indonesian (its titles and legal sources): shown as written.
    return source or ""
