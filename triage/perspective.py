"""Perspective API's `comments:analyze`, answered by our model.

Moderation tools written for Google's Perspective API (Coral Talk among them) send a comment
and a set of attribute names and read back one probability per attribute. Our model has no
separate toxicity, insult or threat heads: it has six labels. So every attack-like attribute
answers the probability of our `attack` label (insults, abuse, hate, threats, and untrue
claims pushed during a crisis), and SPAM answers the text model's probability of
`fake_account` (spam, bots, gambling and porn promos). The mapping is in `ATTRIBUTES`, each with
what it means here; the README repeats it for operators.
"""

import json
import re
from dataclasses import dataclass

from triage.errors import TriageError
from triage.labels import LABELS, Label
from triage.model.classifier import TextClassifier
from triage.scoring import MAX_TEXT_CHARS, text_problem

ATTACK_MEANING = ("probability of our `attack` label: insults, abuse, hate, threats, or untrue "
                  "claims pushed during a crisis. The model does not tell these apart, so {name} "
                  "answers the same number as the other attack attributes")
ATTRIBUTES: dict[str, tuple[Label, str]] = {
    name: (Label.ATTACK, ATTACK_MEANING.format(name=name))
    for name in ("TOXICITY", "SEVERE_TOXICITY", "INSULT", "PROFANITY", "THREAT", "IDENTITY_ATTACK")
} | {"SPAM": (Label.FAKE_ACCOUNT, "probability, from the text alone, of our `fake_account` label: "
                                  "spam, bot, online-gambling and porn promotion")}
# Indonesian is what the model reads. English is accepted too: Coral sends "en" for every
# locale it has no Perspective model for (Indonesian included), and the desk's comments mix
# English into Indonesian.
LANGUAGES = ("id", "en")
# Those two in ISO or BCP-47 form ("id", "in", "id-ID", "en_US"); the OpenAPI schema uses it too.
LANGUAGE_PATTERN = "^([iI][dDnN]|[eE][nN])([-_][A-Za-z0-9]+)*$"
DEFAULT_LANGUAGE = "id"
SCORE_TYPE = "PROBABILITY"
MAX_BODY_BYTES = 64 * 1024  # a comment is at most 10,000 characters; the rest is the envelope


class PerspectiveError(TriageError):
    """A request Perspective would refuse, with Google's code, status and error type."""

    def __init__(self, message: str, error_type: str = "INVALID_ARGUMENT", code: int = 400,
                 status: str = "INVALID_ARGUMENT"):
        super().__init__(message)
        self.error_type, self.code, self.status = error_type, code, status


@dataclass(frozen=True)
class AnalyzeRequest:
    text: str
    thresholds: dict[str, float | None]  # requested attribute -> scoreThreshold
    languages: list[str]
    span_annotations: bool = False
    client_token: str | None = None


# A JSON string (kept whole) or a bare object key: Perspective's own quick-start sends
# `{comment: {text: "..."}}`, which Google's parser accepts and strict JSON does not.
_STRING_OR_BARE_KEY = re.compile(r'"(?:[^"\\]|\\.)*"|([A-Za-z_][A-Za-z0-9_]*)(\s*:)')


def read_body(raw: bytes) -> dict:
    """The request object from a body in JSON, or in the relaxed JSON Google accepts."""
    if len(raw) > MAX_BODY_BYTES:
        raise PerspectiveError(f"Request body is larger than {MAX_BODY_BYTES} bytes.",
                               "COMMENT_TOO_LONG")
    try:
        text = raw.decode("utf-8")
        try:
            body = json.loads(text)
        except json.JSONDecodeError:
            body = json.loads(_STRING_OR_BARE_KEY.sub(_quote_bare_key, text))
    except (ValueError, RecursionError):  # not UTF-8 or JSON, an over-long integer, too deep
        raise PerspectiveError("Invalid JSON payload received.") from None
    if not isinstance(body, dict):
        raise PerspectiveError("Invalid JSON payload received: expected an object.")
    return body


def _quote_bare_key(match: re.Match) -> str:
    return match.group(0) if match.group(1) is None else f'"{match.group(1)}"{match.group(2)}'


def parse_request(body: dict) -> AnalyzeRequest:
    """Check an AnalyzeCommentRequest object the way Perspective does; raise PerspectiveError."""
    comment = body.get("comment")
    text = comment.get("text") if isinstance(comment, dict) else None
    if text_problem(text) is not None:
        raise _text_error(text)
    if comment.get("type", "PLAIN_TEXT") != "PLAIN_TEXT":
        raise PerspectiveError("Only comment.type PLAIN_TEXT is supported.")
    _optional(body, "doNotStore", bool)  # accepted either way: nothing sent here is stored
    return AnalyzeRequest(text=text, thresholds=_thresholds(body.get("requestedAttributes")),
                          languages=_languages(body.get("languages", [])),
                          span_annotations=_optional(body, "spanAnnotations", bool) is True,
                          client_token=_optional(body, "clientToken", str))


def _text_error(text: object) -> PerspectiveError:
    if not isinstance(text, str) or not text.strip():
        return PerspectiveError("Comment must be non-empty.", "COMMENT_EMPTY")
    kind = "COMMENT_TOO_LONG" if len(text) > MAX_TEXT_CHARS else "INVALID_ARGUMENT"
    return PerspectiveError(f"Comment text cannot be scored: {text_problem(text)}.", kind)


def _thresholds(requested: object) -> dict[str, float | None]:
    if not isinstance(requested, dict) or not requested:
        raise PerspectiveError("requestedAttributes must name at least one attribute.")
    thresholds = {}
    for name, options in requested.items():
        if name not in ATTRIBUTES:
            raise PerspectiveError(
                f"Attribute {str(name)[:50]} is not supported here; supported: {', '.join(ATTRIBUTES)}.",
                "ATTRIBUTE_NOT_SUPPORTED")
        if not isinstance(options, dict):
            raise PerspectiveError(f"requestedAttributes.{name} must be an object, e.g. {{}}.")
        if options.get("scoreType", SCORE_TYPE) != SCORE_TYPE:
            raise PerspectiveError(f"Only scoreType {SCORE_TYPE} is supported (attribute {name}).")
        threshold = options.get("scoreThreshold")
        number = isinstance(threshold, int | float) and not isinstance(threshold, bool)
        if "scoreThreshold" in options and not number:
            raise PerspectiveError(f"scoreThreshold of {name} must be a number.")
        thresholds[name] = threshold
    return thresholds


def _languages(requested: object) -> list[str]:
    if requested == []:
        return [DEFAULT_LANGUAGE]
    if not isinstance(requested, list) or not all(isinstance(code, str) for code in requested):
        raise PerspectiveError("languages must be a list of language codes.")
    unsupported = [code for code in requested if not re.fullmatch(LANGUAGE_PATTERN, code)]
    if unsupported:
        raise PerspectiveError(
            f"Language {unsupported[0][:20]} is not supported; supported: {', '.join(LANGUAGES)}.",
            "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE")
    # BCP-47 and ISO forms both come in ("id-ID", "en_US", "in", the old code for Indonesian).
    primary = [code.replace("_", "-").split("-")[0].lower() for code in requested]
    return list(dict.fromkeys("id" if code == "in" else code for code in primary))


def _optional(body: dict, name: str, kind: type):
    value = body.get(name)
    if name not in body or isinstance(value, kind):
        return value
    raise PerspectiveError(f"{name} must be a {'boolean' if kind is bool else 'string'}.")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(begin, end) character offsets of the sentences of `text`, as Perspective's spanScores."""
    return [(match.start(), match.end()) for match in re.finditer(r"[^.!?\n]+[.!?]*", text)
            if match.group(0).strip()]


def analyze(classifier: TextClassifier, request: AnalyzeRequest) -> dict:
    """An AnalyzeCommentResponse: each requested attribute's probability (and its sentences'
    when spanAnnotations is set); an attribute under its scoreThreshold is left out, as
    Perspective does."""
    spans = sentence_spans(request.text) if request.span_annotations else []
    texts = [request.text] + [request.text[begin:end] for begin, end in spans]
    probabilities = classifier.predict_proba(texts)
    scores = {}
    for name, threshold in request.thresholds.items():
        column = LABELS.index(ATTRIBUTES[name][0])
        value = float(probabilities[0, column])
        if threshold is not None and value < threshold:
            continue
        scores[name] = {"summaryScore": _score(value)}
        if request.span_annotations:
            scores[name]["spanScores"] = [
                {"begin": begin, "end": end, "score": _score(float(probabilities[row, column]))}
                for row, (begin, end) in enumerate(spans, start=1)
                if threshold is None or probabilities[row, column] >= threshold]
    answer = {"attributeScores": scores, "languages": request.languages}
    if request.client_token is not None:
        answer["clientToken"] = request.client_token
    return answer


def _score(value: float) -> dict:
    return {"value": round(value, 6), "type": SCORE_TYPE}
