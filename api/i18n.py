"""The pages' language: gettext catalogues (api/locale), the language of the current request, and
dates and numbers written the way that language writes them.

Source strings (msgids) are English; `id` is the Indonesian catalogue, `en` shows the msgids as
they are. The language is chosen per request (the user's pick in their session, else
TRIAGE_LANGUAGE) by LanguageMiddleware and kept in a context variable, so templates, flash
messages and error pages all read the same one."""

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from gettext import NullTranslations
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent
from babel.support import Translations

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DOMAIN = "messages"


@dataclass(frozen=True)
class Locale:
    language: str = "id"
    timezone: ZoneInfo = ZoneInfo("Asia/Jakarta")


current: ContextVar[Locale] = ContextVar("triage_locale", default=Locale())  # noqa: B039 - frozen


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalogue (`make compile-messages`); English is the msgids themselves."""
    if language == "en":
        return NullTranslations()
    return Translations.load(LOCALE_DIR, [language], DOMAIN)


def gettext(message: str) -> str:
    return translations(current.get().language).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current.get().language).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; it is translated where it is shown."""
    return message


def translated_table(table):
    """An export table with its name and header translated; rows are data (names, figures) except
    the formal-request clock's states."""
    from triage.files.exports import Table
    if table.name == "information requests":
        rows = [[gettext(row[0]), *row[1:]] for row in table.rows]
    elif table.name == "swarms":
        rows = [[*row[:-1], gettext(row[-1])] for row in table.rows]
    else:
        rows = table.rows
    return Table(gettext(table.name), [gettext(h) for h in table.header], rows)


def zone_abbreviation(moment: datetime, zone: ZoneInfo) -> str:
    # Indonesia's own names (WIB, WITA, WIT) in both languages: that is what the offices say.
    return format_datetime(moment, "z", tzinfo=zone, locale="id")


def desk_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    here = current.get()
    shown = format_datetime(moment, "d MMM HH:mm", tzinfo=here.timezone, locale=here.language)
    return f"{shown} {zone_abbreviation(moment, here.timezone)}"


def desk_date(day) -> str:
    return format_date(day, "d MMM y", locale=current.get().language) if day else ""


def number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, pattern, locale=current.get().language)


def percent(value: float | None, digits: int = 0) -> str:
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(value, pattern, locale=current.get().language)


class LanguageMiddleware:
    """Sets the request's language and time zone; must run inside the session middleware."""

    def __init__(self, app, default_language: str, timezone: str):
        self.app = app
        self.default_language = default_language
        self.timezone = ZoneInfo(timezone)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        chosen = (scope.get("session") or {}).get("language")
        language = chosen if chosen in LANGUAGES else self.default_language
        scope.setdefault("state", {})["language"] = language
        token = current.set(Locale(language, self.timezone))
        try:
            await self.app(scope, receive, send)
        finally:
            current.reset(token)
