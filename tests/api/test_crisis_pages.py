import re

from fastapi.testclient import TestClient
from sqlmodel import select

from tests.api.conftest import csrf, sign_in
from tests.triage.store.test_swarms import FACTS, REPLAY
from triage.importers.registry import parse_file
from triage.store.db import session_scope
from triage.store.ingest import import_records
from triage.store.models import Decision


def with_swarm(desk, model):
    import_records(desk.state.test_engine, parse_file(REPLAY, "x"), model.classifier, model.version)


def test_admins_see_the_swarm_banner_but_not_the_crisis_pages(desk, admin, shipped_model):
    with_swarm(desk, shipped_model)
    page = admin.get("/queue").text
    assert "Swarm on x" in page and "a supervisor answers each narrative once" in page
    assert admin.get("/crisis").status_code == 403


def test_a_supervisor_answers_each_narrative_once(desk, shipped_model):
    with_swarm(desk, shipped_model)
    with TestClient(desk) as client:
        sign_in(client, "sari")
        listing = client.get("/crisis").text
        swarm_path = re.search(r'href="(/crisis/\d+)"', listing).group(1)
        page = client.get(swarm_path).text
        assert re.search(r"2\d attacks", page) and page.count('class="narrative card"') == 3
        narrative = re.search(r'action="/crisis/narratives/(\d+)/approve"', page).group(1)
        swarm_id = swarm_path.rsplit("/", 1)[1]
        refused = client.post(f"/crisis/narratives/{narrative}/approve",
                              data={"csrftoken": csrf(client), "swarm_id": swarm_id,
                                    "text": "Halo Sahabat Pemasyarakatan, faktanya: [isi fakta resmi]"})
        assert refused.status_code == 400 and "placeholder" in refused.text
        assert "faktanya: [isi fakta resmi]" in refused.text  # what was typed is kept
        approved = client.post(f"/crisis/narratives/{narrative}/approve",
                               data={"csrftoken": csrf(client), "swarm_id": swarm_id, "text": FACTS})
        assert "Clarification approved" in approved.text and "Approved" in approved.text
    with session_scope(desk.state.test_engine) as session:
        actions = sorted({d.action for d in session.exec(select(Decision))})
    assert actions == ["no_response", "pin_clarification"]
