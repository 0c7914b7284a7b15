"""The playbook's and the model's words, stored in English with each suggestion, shown in the
page's language (a stored reason is translated when it is shown, so old rows follow too)."""

from api import i18n


def translate(text: str | None) -> str:
    if not text:
        return ""
    return i18n.gettext(text)


def knowledge_title(source: str | None) -> str:
    return source or ""
