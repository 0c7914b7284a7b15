from playwright.sync_api import expect

from tests.api.conftest import INJECTION
from tests.factories import PASSWORD


def sign_in(page, base: str, username: str = "ani") -> None:
    page.goto(f"{base}/queue")
    expect(page).to_have_url(f"{base}/login?next=/queue")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    expect(page).to_have_url(f"{base}/queue")
    keyboard_ready(page)


def keyboard_ready(page) -> None:
    """Wait until the queue's script has wired the shortcuts (after a load or an update)."""
    expect(page.locator("body")).to_have_attribute("data-keyboard", "ready")


def press(page, key: str) -> None:
    keyboard_ready(page)
    page.keyboard.press(key)


def decide_one(page) -> None:
    """Claim the next comments and accept the suggestion for the first, with the keyboard."""
    press(page, "n")
    expect(page.locator(".flash")).to_contain_text("Claimed")
    press(page, "a")
    expect(page.locator(".flash")).to_contain_text("Done:")


def test_admin_claims_and_accepts_with_the_keyboard(server, page):
    sign_in(page, server)
    expect(page.locator("#pending-count")).to_have_text("6")
    press(page, "n")  # claim the next 10
    expect(page.locator(".flash")).to_contain_text("Claimed 6 comment(s)")
    first = page.locator(".card.selected")
    expect(first).to_contain_text("dimintai uang")
    press(page, "a")  # accept the suggestion
    expect(page.locator(".flash")).to_contain_text("Done: complaint / move_to_dm.")
    expect(page.locator("#pending-count")).to_have_text("5")
    expect(page.locator(".cards")).not_to_contain_text("dimintai uang")
    expect(page.locator(".card.selected")).to_contain_text("jam besuk")  # the next one, in place
    press(page, "a")
    expect(page.locator("#pending-count")).to_have_text("4")
    assert page.problems == []


def test_number_keys_change_the_label_and_the_action_follows_the_playbook(server, page):
    sign_in(page, server)
    press(page, "n")
    expect(page.locator(".flash")).to_contain_text("Claimed")
    card = page.locator(f"#{page.locator('.card.selected').get_attribute('id')}")
    press(page, "2")
    expect(card.locator(".pick-label")).to_have_value("info_request")
    expect(card.locator(".pick-action")).to_have_value("reply")
    press(page, "j")
    expect(card).not_to_have_class("card mine selected")
    expect(page.locator(".card.selected")).to_have_count(1)
    press(page, "?")
    expect(page.locator("#help")).to_be_visible()


def test_injection_payload_shows_as_text_and_never_runs(server, page):
    sign_in(page, server)
    card = page.locator(".card", has_text="window.pwned=1")
    expect(card.locator(".text")).to_have_text(INJECTION)
    expect(card.locator(".author")).to_contain_text("<b>evil</b>")
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert card.locator("img, script").count() == 0
    assert page.problems == []
