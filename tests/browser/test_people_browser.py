"""A supervisor answers an access request and an erasure request on /people, in Chromium."""

from playwright.sync_api import expect

from tests.browser.test_queue_browser import sign_in


def test_supervisor_shows_then_erases_an_account(server, page):
    sign_in(page, server, "sari")
    page.select_option("#language-pick", "id")  # the supervisor reads the desk in Indonesian
    page.click("form.language button")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.click("nav >> text=Data pribadi")
    expect(page).to_have_url(f"{server}/people")
    show = page.locator("#people-show")
    show.locator("select[name=platform]").select_option("instagram")
    show.locator("input[name=username]").fill("<b>evil</b>")  # a hostile username, shown as text
    show.locator("button[type=submit]").click()
    expect(page.locator("#found h2")).to_contain_text("@<b>evil</b>")
    expect(page.locator("#found .text")).to_have_count(1)

    erase = page.locator("#people-forget")
    erase.locator("select[name=platform]").select_option("instagram")
    erase.locator("input[name=username]").fill("warga_1")
    erase.locator("input[name=confirm]").check()
    erase.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{server}/people")
    expect(page.locator(".flash")).to_contain_text("Data dihapus: 1 akun, 4 komentar")
    expect(page.locator("#privacy-events tbody tr")).to_have_count(2)
    expect(page.locator("#privacy-events")).to_contain_text("penghapusan")
    assert page.evaluate("window.pwned") is None
    assert page.problems == []
