"""Auto-resolved comments in the pages: their own tab with undo, the supervisor's review
sample, and the measured error beside the promised one on the reports page."""

import pytest
from playwright.sync_api import expect

from tests.api.conftest import DESK_COMMENTS
from tests.browser.conftest import desk_engine, serve
from tests.browser.test_queue_browser import keyboard_ready, sign_in
from tests.factories import with_auto_thresholds
from triage.playbook.rules import playbook

PRAISE = "mantap min semangat terus 👍"


@pytest.fixture
def auto_server(shipped_model, tmp_path, monkeypatch):
    """The desk after an import where praise and chatter were resolved by the model, every one
    of them drawn for review."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(playbook().auto, "review_rate", 1.0)
    model = with_auto_thresholds(shipped_model, {"support": 0.5, "other": 0.5}, review_below=0.0)
    yield from serve(desk_engine(tmp_path, model, DESK_COMMENTS, auto=True), language="id")


def test_admin_sees_the_auto_tab_and_undoes_one_back_to_the_queue(auto_server, page):
    sign_in(page, auto_server)
    expect(page.locator(".cards .text", has_text=PRAISE)).to_have_count(0)  # not in the queue
    page.click("#tab-auto")
    expect(page).to_have_url(f"{auto_server}/queue/auto")
    card = page.locator("#auto-cards .card", has_text=PRAISE)
    expect(card).to_contain_text("aturan: plain praise")
    count = int(page.locator("#auto-count").inner_text())
    card.get_by_role("button", name="Batalkan").click()
    expect(page.locator(".flash")).to_contain_text("kembali ke antrean")
    expect(page.locator("#auto-cards .card", has_text=PRAISE)).to_have_count(0)
    expect(page.locator("#auto-count")).to_have_text(str(count - 1))
    page.locator("nav.tabs").get_by_role("link", name="Antrean").click()
    keyboard_ready(page)
    expect(page.locator(".cards .text", has_text=PRAISE)).to_have_count(1)
    assert page.problems == []


def test_supervisor_reviews_the_sample_and_reads_the_measured_error(auto_server, page):
    sign_in(page, auto_server, "sari")
    page.goto(f"{auto_server}/reports?period=day")
    expect(page.locator("#promised-error")).to_have_text("2%")
    expect(page.locator("#measured-error")).to_have_text("belum ada tinjauan")
    page.click("#auto-error a[href='/audit?auto=drawn']")
    rows = page.locator("table.audit tbody tr")
    expect(rows.first).to_contain_text("sampel tinjauan")
    drawn = rows.count()
    assert drawn >= 2
    rows.nth(0).get_by_role("button", name="Salah").click()
    expect(page.locator(".flash")).to_contain_text("Tinjauan dicatat")
    page.locator("table.audit tbody tr").nth(1).get_by_role("button", name="Benar").click()
    expect(page.locator(".flash")).to_contain_text("Tinjauan dicatat")
    page.goto(f"{auto_server}/reports?period=day")
    expect(page.locator("#measured-error")).to_have_text("50,0%")
    expect(page.locator("#auto-error")).to_contain_text("1 keliru dari 2 ditinjau")
    assert page.problems == []
