from playwright.sync_api import expect

from tests.browser.test_queue_browser import decide_one, sign_in


def test_supervisor_sees_the_charts_drawn(server, page):
    sign_in(page, server, "sari")
    decide_one(page)
    page.goto(f"{server}/reports?period=day")
    charts = page.locator("canvas.chart")
    expect(charts.first).to_be_visible()
    drawn = page.evaluate("""() => Array.from(document.querySelectorAll('canvas.chart')).map(c => {
        const chart = window.Chart.getChart(c);
        const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        return Boolean(chart) && pixels.some(v => v !== 0);
    })""")
    assert len(drawn) >= 4 and all(drawn)
    assert page.problems == []
