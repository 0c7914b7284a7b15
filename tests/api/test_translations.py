"""Every page in Bahasa Indonesia: the catalogue is complete and current, and rendering each page
with a pseudo-locale (every translation wrapped in ⟦ ⟧) leaves no visible English behind. A
failure names the page and the strings that were not translated."""

import re
from html.parser import HTMLParser

import pyotp
import pytest
from babel.dates import get_month_names
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from babel.support import Translations
from fastapi.testclient import TestClient

from api import i18n
from tests.api.conftest import csrf, sign_in, speak
from tests.api.test_crisis_pages import with_swarm
from tests.api.test_pages import comment_id
from tests.factories import PASSWORD
from triage.importers.registry import PLATFORMS
from triage.labels import ACTIONS, LABELS
from triage.playbook.rules import playbook

PO = i18n.LOCALE_DIR / "id" / "LC_MESSAGES" / "messages.po"
ROOT = i18n.LOCALE_DIR.parents[1]
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2),
            "TriageError": None, "QueueError": None, "UserError": None}
OPEN, CLOSE = "⟦", "⟧"


def catalogue():
    with PO.open("rb") as f:
        return read_po(f)


def extracted_msgids() -> set[str]:
    """What `make messages` would extract now, with the same babel.cfg."""
    from babel.messages.frontend import parse_mapping_cfg
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    return {msg[2] if isinstance(msg[2], str) else msg[2][0]
            for msg in extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS)
            if msg[2]}


def test_the_indonesian_catalogue_is_current_and_complete():
    po = {m.id for m in catalogue() if m.id}
    missing = sorted(extracted_msgids() - po)
    assert not missing, f"run `make messages` and translate: {missing}"
    untranslated = sorted(m.id for m in catalogue() if m.id and (not m.string or m.fuzzy))
    assert not untranslated, f"no Indonesian for: {untranslated}"


def test_translations_keep_every_placeholder():
    for m in catalogue():
        if m.id:
            assert sorted(re.findall(r"%\(\w+\)s", m.id)) == sorted(re.findall(r"%\(\w+\)s", m.string)), m.id


@pytest.fixture
def pseudo(tmp_path, monkeypatch):
    """`id` answers with the pseudo-locale: the msgid wrapped in markers, so anything shown
    without markers never went through the catalogue."""
    from babel.messages.mofile import write_mo
    marked = catalogue()
    for m in marked:
        if m.id:
            m.string = OPEN + m.id + CLOSE
    with (tmp_path / "pseudo.mo").open("wb") as f:
        write_mo(f, marked)
    with (tmp_path / "pseudo.mo").open("rb") as f:
        fake = Translations(f)
    monkeypatch.setattr(i18n, "translations", lambda language: fake if language == "id"
                        else i18n.NullTranslations())


# Shown as they are in every language: data (labels, actions, platforms, names, ids) and names.
DATA_WORDS = {*LABELS, *ACTIONS, *PLATFORMS, "ani", "budi", "sari", "triage", "WIB", "HTTP", "CSV",
              "Excel", "JSON", "Bahasa", "Indonesia", "English", "x", "ig", "yt", "UTC"}
MONTHS = {name for lang in ("id", "en") for name in get_month_names("abbreviated", locale=lang).values()}
SKIPPED_TAGS = {"script", "style", "pre", "code", "q", "blockquote", "textarea", "kbd", "dt"}
DATA_CLASSES = {"text", "reply", "note", "handle", "author", "json", "who", "ref"}
SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}


class VisibleText(HTMLParser):
    """Text a person sees or hears: text nodes and labelling attributes, outside comment texts."""

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []  # True where the element holds data (comment texts, code)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        data = tag in SKIPPED_TAGS or bool(classes & DATA_CLASSES) or any(self.stack[-1:])
        if tag not in {"meta", "link", "input", "br", "img"}:
            self.stack.append(data)
        if not data:
            self.found += [attrs[a] for a in SHOWN_ATTRIBUTES if attrs.get(a)]

    def handle_endtag(self, tag):
        if tag not in {"meta", "link", "input", "br", "img"} and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not any(self.stack[-1:]) and data.strip():
            self.found.append(data.strip())


def indonesian_rule_reasons() -> list[re.Pattern]:
    """The playbook's reasons come in Indonesian from its own file (reason_id), not the catalogue."""
    return [re.compile(re.sub(r"\\\{\w+\\\}", ".*?", re.escape(rule.reason_id)))
            for rule in playbook().rules if rule.reason_id]


def untranslated(html: str) -> list[str]:
    # Marked messages go first, whole: one with markup inside (<kbd>, <strong>) spans elements.
    parser = VisibleText()
    while (unmarked := re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", html)) != html:  # inner ones first
        html = unmarked
    parser.feed(html)
    left, reasons = [], indonesian_rule_reasons()
    for text in dict.fromkeys(parser.found):
        if any(reason.fullmatch(text) for reason in reasons):
            continue
        rest = text
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z'_]+", rest)
                 if w not in DATA_WORDS and w not in MONTHS]
        if words:
            left.append(text)
    return left


def pages_in_pseudo_id(desk, model) -> dict[str, str]:
    """Every page, with data in it, as a supervisor and an admin see it, plus the flash messages."""
    with_swarm(desk, model)
    pages = {}
    with TestClient(desk) as anonymous:
        anonymous.get("/login")
        pages["/login"] = speak(anonymous, "id").get("/login").text
        pages["/login failed"] = anonymous.post("/login", data={"username": "ani", "password": "no",
                                                                "csrftoken": csrf(anonymous)}).text
    with TestClient(desk) as client:
        speak(sign_in(client, "sari"), "id")
        pages["start duty"] = client.post("/duty/start", data={"csrftoken": csrf(client)}).text
        target = comment_id(desk, "ig-3")
        pages["claim"] = client.post(f"/queue/{target}/claim", data={"csrftoken": csrf(client)}).text
        pages["decide"] = client.post(f"/queue/{target}/decide", data={
            "csrftoken": csrf(client), "label": "info_request", "action": "reply",
            "reply": "Sahabat Pemasyarakatan, jam besuk ada di laman kami.",
            "formal": "true"}).text
        pages["claim next"] = client.post("/queue/claim-next", data={"csrftoken": csrf(client)}).text
        for path in ("/queue", "/queue/auto", "/audit", "/audit?sample=3", "/reports",
                     "/reports?period=month",
                     "/platforms", "/connections", "/people", "/crisis", "/crisis/999999"):
            pages[path] = client.get(path).text
        swarm = re.search(r'href="(/crisis/\d+)"', pages["/crisis"]).group(1)
        pages[swarm] = client.get(swarm).text
        pages["/people/show"] = client.post("/people/show", data={
            "csrftoken": csrf(client), "platform": "instagram", "username": "x"}).text
        pages["skip"] = client.post(f"/queue/{comment_id(desk, 'ig-4')}/claim",
                                    data={"csrftoken": csrf(client)}).text
        pages["/account/2fa"] = client.get("/account/2fa").text
        pages["2fa wrong code"] = client.post("/account/2fa",
                                              data={"csrftoken": csrf(client), "code": "1"}).text
        pages["end duty"] = client.post("/duty/end", data={"csrftoken": csrf(client)}).text
        pages["sign out"] = client.post("/logout", data={"csrftoken": csrf(client)}).text
    with TestClient(desk) as admin:
        speak(sign_in(admin, "ani"), "id")
        pages["/audit as admin (403)"] = admin.get("/audit").text
        secret = re.search(r'class="totp-secret">([A-Z2-7]+)<', admin.get("/account/2fa").text).group(1)
        pages["2fa on"] = admin.post("/account/2fa", data={"csrftoken": csrf(admin),
                                                            "code": pyotp.TOTP(secret).now()}).text
        pages["/account/2fa (on)"] = admin.get("/account/2fa").text
        admin.post("/logout", data={"csrftoken": csrf(admin)})
        admin.post("/login", data={"username": "ani", "password": PASSWORD, "csrftoken": csrf(admin)})
        pages["/login/code"] = admin.get("/login/code").text
        pages["/login/code wrong"] = admin.post("/login/code",
                                                data={"csrftoken": csrf(admin), "code": "1"}).text
    return pages


def test_every_page_in_indonesian_goes_through_the_catalogue(desk, shipped_model, pseudo):
    pages = pages_in_pseudo_id(desk, shipped_model)
    for path, html in pages.items():
        assert '<html lang="id">' in html, path
    missing = {path: found for path, html in pages.items() if (found := untranslated(html))}
    assert not missing, "shown without translation (wrap in _() and run `make messages`):\n" + "\n".join(
        f"  {path}: {found}" for path, found in missing.items())


def test_the_check_finds_a_string_left_in_english(desk, shipped_model, pseudo):
    html = "<p>⟦Queue⟧ 12</p><button>Claim everything</button><p class='text'>hadir</p>"
    assert untranslated(html) == ["Claim everything"]
    assert untranslated("<p>⟦Press <kbd>a</kbd> when ⟦done⟧⟧</p><p>Skip</p>") == ["Skip"]


def test_the_language_switch_is_kept_per_user_and_says_so_in_html_lang(desk):
    with TestClient(desk) as client:
        sign_in(client, "ani")
        english = client.get("/queue").text
        assert '<html lang="en">' in english and ">Queue <span" in english
        speak(client, "id")
        page = client.get("/queue").text
        assert '<html lang="id">' in page and ">Antrean <span" in page and "Ambil 10 berikutnya" in page
        client.post("/logout", data={"csrftoken": csrf(client)})
        assert '<html lang="id">' in client.get("/login").text  # kept after signing out
        sign_in(client, "ani")
        assert "Ambil 10 berikutnya" in client.get("/queue").text
        back = client.post("/language", data={"language": "en", "csrftoken": csrf(client), "back": "/audit"},
                           follow_redirects=False)
        assert back.headers["location"] == "/audit"
        assert '<html lang="en">' in client.get("/queue").text
        client.post("/language", data={"language": "xx", "csrftoken": csrf(client)})
        assert '<html lang="en">' in client.get("/queue").text
    with TestClient(desk) as other:
        assert '<html lang="en">' in sign_in(other, "budi").get("/queue").text  # another user: the default


def test_times_dates_and_numbers_follow_the_language_and_the_offices_time_zone():
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo
    moment = datetime(2026, 12, 1, 3, 5, tzinfo=UTC)
    for zone, shown in (("Asia/Jakarta", "1 Des 10.05 WIB"), ("Asia/Makassar", "1 Des 11.05 WITA"),
                        ("Asia/Jayapura", "1 Des 12.05 WIT")):
        token = i18n.current.set(i18n.Locale("id", ZoneInfo(zone)))
        try:
            assert i18n.desk_time(moment).replace(":", ".") == shown
            assert i18n.number(12345.5, 1) == "12.345,5" and i18n.percent(0.125, 1) == "12,5%"
        finally:
            i18n.current.reset(token)
    token = i18n.current.set(i18n.Locale("en", ZoneInfo("Asia/Makassar")))
    try:
        assert i18n.desk_time(moment) == "1 Dec 11:05 WITA" and i18n.number(12345.5, 1) == "12,345.5"
    finally:
        i18n.current.reset(token)


def test_the_default_language_comes_from_the_settings(shipped_model, tmp_path, monkeypatch):
    from api.main import create_app
    from tests.factories import make_user, store_engine
    from triage.settings import Settings
    monkeypatch.chdir(tmp_path)
    engine = store_engine()
    make_user(engine, "ani")
    for language, word in (("id", "Antrean"), ("en", "Queue")):
        app = create_app(Settings(secret_key="test-secret-" + "x" * 32, language=language,
                                  timezone="Asia/Jayapura"), engine=engine)
        with TestClient(app) as client:
            page = sign_in(client, "ani").get("/queue").text
            assert f'<html lang="{language}">' in page and f">{word} <span" in page
