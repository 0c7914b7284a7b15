"""The desk for keyboard and screen-reader users, in Indonesian: axe-core (vendored from npm,
MPL-2.0, tests/browser/vendor) finds no serious or critical violation on the queue, audit,
reports and crisis pages; claim -> decide -> next works from the keyboard with visible focus.
The same run saves the screenshots docs/panduan.md shows, so they never go stale."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.api.conftest import DESK_COMMENTS
from tests.browser.conftest import desk_engine, serve
from tests.browser.test_queue_browser import keyboard_ready, press, sign_in
from tests.triage.store.test_swarms import REPLAY
from triage.importers.registry import parse_file
from triage.store.ingest import import_records

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "img"
BLOCKING = ("serious", "critical")


@pytest.fixture
def indonesian_desk(shipped_model, tmp_path, monkeypatch):
    """The desk in its default language with the demo's swarm on x, so the crisis page has one."""
    monkeypatch.chdir(tmp_path)
    engine = desk_engine(tmp_path, shipped_model, DESK_COMMENTS)
    import_records(engine, parse_file(REPLAY, "x"), shipped_model.classifier, shipped_model.version)
    yield from serve(engine, language="id")


@pytest.fixture
def axe_page(browser):
    # The desk's CSP forbids injected scripts (as it should); this context lets axe in.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def violations(page) -> list[str]:
    page.add_script_tag(content=AXE.read_text())
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
        .violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                               where: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
    return [f"{v['impact']} {v['id']}: {v['help']} at {v['where']}" for v in found if v["impact"] in BLOCKING]


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")


def test_queue_audit_reports_and_crisis_have_no_serious_axe_violation(indonesian_desk, axe_page):
    page, base = axe_page, indonesian_desk
    sign_in(page, base, "sari")
    shoot(page, "antrean")
    press(page, "n")  # a claimed card shows the decision form
    expect(page.locator(".flash")).to_contain_text("komentar diambil")
    shoot(page, "antrean-diambil")
    found = {"/queue": violations(page)}
    press(page, "?")
    expect(page.locator("#help")).to_be_visible()
    shoot(page, "bantuan-papan-ketik")
    for path, name in (("/audit", "audit"), ("/reports", "laporan"), ("/crisis", "krisis")):
        page.goto(base + path)
        found[path] = violations(page)
        shoot(page, name)
    page.goto(base + "/crisis")
    page.locator(".swarms a").first.click()
    found["/crisis/<swarm>"] = violations(page)
    shoot(page, "krisis-serangan")
    assert all(not v for v in found.values()), "\n".join(f"{path}: {v}" for path, v in found.items() if v)


def test_claim_decide_next_from_the_keyboard_with_visible_focus(indonesian_desk, axe_page):
    page, base = axe_page, indonesian_desk
    sign_in(page, base, "ani")
    press(page, "n")
    expect(page.locator(".flash")).to_contain_text("komentar diambil")
    keyboard_ready(page)
    first = page.locator("li.card.mine").first
    first_id = first.get_attribute("data-id")
    press(page, "a")
    expect(page.locator(".flash")).to_contain_text("Selesai:")
    expect(page.locator(f"#c{first_id}")).to_have_count(0)
    press(page, "j")  # the next claimed comment takes the focus, and it shows
    focused = page.evaluate("""() => { const e = document.activeElement;
        const s = getComputedStyle(e); return {card: e.classList.contains('card'),
        outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")
    assert focused["card"] and focused["outline"] != "none" and focused["width"] >= 2, focused
    page.keyboard.press("Tab")  # and Tab from there reaches the card's controls, visibly
    tabbed = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return {tag: document.activeElement.tagName, outline: s.outlineStyle}; }""")
    assert tabbed["outline"] != "none", tabbed


def test_each_chart_has_its_figures_in_a_table_beside_it(indonesian_desk, axe_page):
    page, base = axe_page, indonesian_desk
    sign_in(page, base, "sari")
    page.goto(base + "/reports")
    for canvas in page.locator("canvas.chart").all():
        table = page.locator("#" + canvas.get_attribute("aria-describedby"))
        expect(table).to_be_visible()
        assert table.evaluate("t => t.tagName") == "TABLE"
