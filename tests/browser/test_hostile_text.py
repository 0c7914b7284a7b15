"""Comments, usernames and display names full of XSS payloads, shown on every page: nothing
runs, and the text shows exactly as typed."""

import pytest

from tests.browser.conftest import desk_engine, serve
from tests.browser.test_queue_browser import decide_one, sign_in
from tests.factories import START
from triage.importers.base import Author, ImportedComment

PAYLOADS = [
    "<script>window.pwned=1</script>",
    "<img src=x onerror=\"window.pwned=2\">",
    "<svg onload=window.pwned=3>",
    "<svg><script>window.pwned=4</script></svg>",
    "<iframe srcdoc=\"<script>parent.pwned=5</script>\"></iframe>",
    "<body onload=window.pwned=6>",
    "\"><script>window.pwned=7</script>",
    "'><img src=x onerror=window.pwned=8>",
    "</textarea><script>window.pwned=9</script>",
    "</title><script>window.pwned=10</script>",
    "<a href=\"javascript:window.pwned=11\">klik</a>",
    "<details open ontoggle=window.pwned=12>",
    "<input autofocus onfocus=window.pwned=13>",
    "<video><source onerror=window.pwned=14></video>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.pwned=15>",
    "<object data=\"javascript:window.pwned=16\"></object>",
    "<embed src=\"javascript:window.pwned=17\">",
    "<base href=\"javascript:window.pwned=18//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.pwned=19\">",
    "<marquee onstart=window.pwned=20>x</marquee>",
    "<svg><animate onbegin=window.pwned=21 attributeName=x dur=1s>",
    "<scr<script>ipt>window.pwned=22</scr</script>ipt>",
    "<img src=x onerror=window.pwned=23//",
    "<!--<script>window.pwned=24</script>-->",
    "{{ 7*7 }} {% for x in range(3) %}loop{% endfor %}",
    "${window.pwned=26}",
    "=HYPERLINK(\"http://evil.example\",\"remisi\")",
    "<style>body{display:none}</style>",
    "<form action=\"http://evil.example\"><button>kirim</button></form>",
    "javascript:window.pwned=30",
    "<img src=\"x\" onerror=\"&#119;indow.pwned=31\">",
    "\u003cscript\u003ewindow.pwned=32\u003c/script\u003e",
]


def hostile_comments() -> list[ImportedComment]:
    return [ImportedComment("instagram", f"h{n}", f"tolong min {payload}", created_at=START,
                            post_external_id="p",
                            author=Author(username=f"u{n}<b>x</b>", display_name=payload))
            for n, payload in enumerate(PAYLOADS)]


@pytest.fixture
def hostile_server(shipped_model, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    yield from serve(desk_engine(tmp_path, shipped_model, hostile_comments()))


def test_no_page_runs_a_payload_and_text_shows_as_typed(hostile_server, page):
    sign_in(page, hostile_server, "sari")
    decide_one(page)
    shown = set(page.locator(".card .text").all_inner_texts())
    typed = {f"tolong min {payload}" for payload in PAYLOADS}
    assert len(shown & typed) >= 20  # a full page of them, each exactly as typed
    assert not {text for text in shown if text.startswith("tolong min")} - typed
    for path in ("/queue", "/audit", "/audit?sample=5", "/reports", "/platforms", "/crisis"):
        page.goto(f"{hostile_server}{path}")
        assert page.evaluate("typeof window.pwned") == "undefined", path
        injected = "main script, main iframe, main img, main svg, main object, main embed"
        assert page.locator(injected).count() == 0
    assert page.problems == []
