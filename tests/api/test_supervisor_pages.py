import csv
import io
import re

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import select

from tests.api.conftest import INJECTION, csrf, sign_in
from tests.api.test_pages import comment_id
from tests.factories import comment, load
from triage.store.db import session_scope
from triage.store.models import Decision, Review

EMOJI_REPLY = "Halo Sahabat Pemasyarakatan, terima kasih 🙏"
FORMULA = '=HYPERLINK("http://evil.example","klik untuk remisi")'


@pytest.fixture
def supervisor(desk):
    with TestClient(desk) as client:
        yield sign_in(client, "sari")


def decide(client, desk, external_id, label, action, reply=""):
    target = comment_id(desk, external_id)
    client.post(f"/queue/{target}/claim", data={"csrftoken": csrf(client)})
    answer = client.post(f"/queue/{target}/decide", data={"csrftoken": csrf(client), "label": label,
                                                           "action": action, "reply": reply})
    assert "Done:" in answer.text, answer.text[:500]


@pytest.mark.parametrize("path", ["/audit", "/reports", "/platforms", "/crisis", "/audit/export.csv",
                                  "/reports/export.xlsx"])
def test_supervisor_pages_are_refused_to_admins(admin, path):
    assert admin.get(path).status_code == 403


def test_audit_shows_the_decision_beside_the_suggestion_escaped(desk, admin, supervisor):
    decide(admin, desk, "ig-5", "other", "no_response")
    page = supervisor.get("/audit").text
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page and INJECTION not in page
    assert "by ani" in page and "model " in page


def test_review_and_correction_from_the_audit_page(desk, admin, supervisor):
    decide(admin, desk, "ig-1", "support", "like")
    decision_id = re.search(r'action="/audit/(\d+)/review"', supervisor.get("/audit").text).group(1)
    reviewed = supervisor.post(f"/audit/{decision_id}/review", data={
        "csrftoken": csrf(supervisor), "verdict": "wrong", "note": "it is attendance",
        "correct_label": "other"})
    assert "Review recorded" in reviewed.text and "should be other" in reviewed.text
    corrected = supervisor.post(f"/audit/{decision_id}/correct", data={
        "csrftoken": csrf(supervisor), "label": "other", "action": "no_response", "note": "hadir is other"})
    assert "stays as it was" in corrected.text and f"corrects #{decision_id}" in corrected.text
    with session_scope(desk.state.test_engine) as session:
        assert session.get(Decision, int(decision_id)).label == "support"
        assert len(session.exec(select(Review)).all()) == 1


def test_sampling_mode_draws_n_decisions(desk, admin, supervisor):
    for external_id in ("ig-1", "ig-2", "yt-1"):
        decide(admin, desk, external_id, "other", "no_response")
    page = supervisor.get("/audit", params={"sample": 2}).text
    assert "2 decisions drawn at random" in page
    assert page.count('action="/audit/') == 4  # a review and a correction form for each


def test_audit_export_neutralises_formulas_and_keeps_emoji(desk, admin, supervisor, shipped_model):
    load(desk.state.test_engine, shipped_model, [comment("ig-9", FORMULA, minutes=9)])
    decide(admin, desk, "ig-2", "support", "reply", reply=EMOJI_REPLY)
    decide(admin, desk, "ig-9", "other", "no_response")
    answer = supervisor.get("/audit/export.csv")
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text.lstrip("\ufeff"))))
    assert {r["reply sent"] for r in rows} >= {EMOJI_REPLY}
    assert "'" + FORMULA in {r["comment"] for r in rows}
    sheet = load_workbook(io.BytesIO(supervisor.get("/audit/export.xlsx").content))["audit"]
    comments = [row[4] for row in sheet.iter_rows(min_row=2)]
    assert "'" + FORMULA in [c.value for c in comments] and all(c.data_type == "s" for c in comments)


def test_reports_page_and_exports(desk, admin, supervisor):
    decide(admin, desk, "ig-4", "complaint", "move_to_dm")
    page = supervisor.get("/reports", params={"period": "week"}).text
    assert "Comments per platform" in page and 'class="chart"' in page and "per week" in page
    assert "/static/vendor/chart-4.6.1.umd.min.js" in page
    csv_text = supervisor.get("/reports/export.csv", params={"period": "week", "table": 2}).text
    assert "median minutes" in csv_text and "ani" in csv_text
    workbook = load_workbook(io.BytesIO(supervisor.get("/reports/export.xlsx").content))
    assert "response times" in workbook.sheetnames
    assert supervisor.get("/reports", params={"period": "year"}).status_code == 422


def test_platform_ownership_and_duty(desk, admin, supervisor):
    supervisor.post("/platforms/assign", data={"csrftoken": csrf(supervisor), "platform": "instagram",
                                               "username": "ani", "responsible": "true"})
    supervisor.post("/platforms/assign", data={"csrftoken": csrf(supervisor), "platform": "instagram",
                                               "username": "budi"})
    admin.post("/duty/start", data={"csrftoken": csrf(admin)})
    page = supervisor.get("/platforms").text
    row = re.search(r"<td>instagram</td>(.*?)</tr>", page, re.S).group(1)
    assert row.count("<td>ani</td>") == 2  # responsible manager, and on duty now
    assert "budi" in row
    assert "End duty" in admin.get("/queue").text
    admin.post("/duty/end", data={"csrftoken": csrf(admin)})
    assert "Start duty" in admin.get("/queue").text
