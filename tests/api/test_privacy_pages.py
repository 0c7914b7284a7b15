"""Personal data on the pages and in the API: masked on the queue except for the claim holder and
supervisors (each unmasked view logged), masked in exports and API answers, and a supervisor's
page to show and erase what the desk holds on an account."""

import csv
import io

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from api.main import create_app
from tests.api.conftest import csrf, sign_in, speak
from tests.api.test_pages import comment_id
from tests.factories import comment, load, store_engine
from triage.settings import Settings
from triage.store import apikeys
from triage.store.db import session_scope
from triage.store.models import Account, Comment, PersonalDataView, PrivacyEvent

PHONE = "081234567890"
TEXT = f"tolong hubungi saya wa {PHONE} soal kunjungan ayah di lapas"
PERSON = "pemilik_nomor"


@pytest.fixture
def with_phone(desk, shipped_model):
    load(desk.state.test_engine, shipped_model, [comment("ig-9", TEXT, minutes=9, username=PERSON)])
    return comment_id(desk, "ig-9")


@pytest.fixture
def supervisor(desk):
    with TestClient(desk) as client:
        yield sign_in(client, "sari")


@pytest.fixture
def other_admin(desk):
    with TestClient(desk) as client:
        yield sign_in(client, "budi")


def views(desk) -> list[tuple[str, int, str]]:
    with session_scope(desk.state.test_engine) as session:
        rows = session.exec(select(PersonalDataView)).all()
        return [(row.user_id, row.comment_id, row.place) for row in rows]


def test_the_queue_masks_personal_data_except_for_the_claim_holder_and_logs_each_unmasked_view(
        desk, admin, other_admin, supervisor, with_phone):
    assert PHONE not in admin.get("/queue").text and "[phone number]" in admin.get("/queue").text
    assert views(desk) == []
    admin.post(f"/queue/{with_phone}/claim", data={"csrftoken": csrf(admin)})
    assert PHONE in admin.get("/queue").text
    assert PHONE not in other_admin.get("/queue").text
    assert PHONE in supervisor.get("/queue").text
    # ani twice (the queue after the claim's redirect, then the page again), sari once; budi never.
    ani, sari = (1, with_phone, "queue"), (3, with_phone, "queue")
    assert sorted(views(desk)) == [ani, ani, sari]
    page = supervisor.get("/people").text
    assert page.count(f"<td>#{with_phone}</td>") == 3  # the access log on the supervisor's page


def test_audit_export_masks_personal_data(desk, admin, supervisor, with_phone):
    admin.post(f"/queue/{with_phone}/claim", data={"csrftoken": csrf(admin)})
    admin.post(f"/queue/{with_phone}/decide", data={"csrftoken": csrf(admin), "label": "complaint",
                                                    "action": "move_to_dm", "note": f"ditelepon {PHONE}"})
    export = supervisor.get("/audit/export.csv").text
    rows = list(csv.DictReader(io.StringIO(export.lstrip("\ufeff"))))
    assert PHONE not in export
    assert TEXT.replace(PHONE, "[phone number]") in {r["comment"] for r in rows}
    assert PHONE in supervisor.get("/audit").text  # the page itself is the supervisor's own view


def test_supervisor_shows_and_erases_an_account_from_the_page(desk, admin, supervisor, with_phone):
    assert admin.get("/people").status_code == 403
    speak(supervisor, "id")
    shown = supervisor.post("/people/show", data={"csrftoken": csrf(supervisor), "platform": "instagram",
                                                  "username": "@" + PERSON})
    assert TEXT in shown.text and PERSON in shown.text
    refused = supervisor.post("/people/forget", data={"csrftoken": csrf(supervisor), "platform": "instagram",
                                                      "username": PERSON})
    assert "centang konfirmasi" in refused.text
    done = supervisor.post("/people/forget", data={"csrftoken": csrf(supervisor), "platform": "instagram",
                                                   "username": PERSON, "confirm": "true"})
    assert "Data dihapus: 1 akun, 1 komentar" in done.text
    with session_scope(desk.state.test_engine) as session:
        assert session.get(Comment, with_phone).text == "[dihapus]"
        assert session.exec(select(Account).where(Account.username == PERSON)).first() is None
        kinds = [(e.kind, e.actor) for e in session.exec(select(PrivacyEvent).order_by(PrivacyEvent.id))]
    assert kinds == [("access", "sari"), ("forget", "sari")]
    assert PERSON not in supervisor.get("/people").text


def test_forms_without_the_csrf_token_are_refused(supervisor, with_phone):
    answer = supervisor.post("/people/forget", data={"platform": "instagram", "username": PERSON,
                                                     "confirm": "true"})
    assert answer.status_code == 403


@pytest.fixture(scope="module")
def api():
    engine = store_engine()
    with session_scope(engine) as session:
        key = apikeys.create(session, "partner")
    with TestClient(create_app(Settings(secret_key="test-secret-" + "x" * 32), engine=engine)) as client:
        client.headers["X-API-Key"] = key
        yield client


def test_the_api_masks_texts_it_returns_unless_asked(api):
    body = f"id,text\n1,{TEXT}\n2,min jam besuk kapan?\n"
    masked = api.post("/api/v1/score.csv", content=body.encode()).text
    assert PHONE not in masked and "[phone number]" in masked and "min jam besuk kapan?" in masked
    unmasked = api.post("/api/v1/score.csv", content=body.encode(), headers={"X-Unmasked": "true"}).text
    assert PHONE in unmasked


def test_the_api_json_answer_holds_no_personal_data(api):
    answer = api.post("/api/v1/score", json={"comments": [{"id": "1", "text": TEXT}]}).json()
    result = answer["results"][0]
    assert result["label"] and PHONE not in str(result)
