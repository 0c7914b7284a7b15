"""A supervisor's first look at a demo desk: its invented history fills Audit, Reports, Crisis
and the queue's information-request clock."""

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.api.conftest import sign_in
from tests.factories import make_user, store_engine
from triage.demo import load_history
from triage.settings import Settings
from triage.store.users import Role


@pytest.fixture(scope="module")
def supervisor(shipped_model, tmp_path_factory):
    engine = store_engine()
    make_user(engine, "sari", Role.SUPERVISOR)
    load_history(engine, shipped_model)
    app = create_app(Settings(secret_key="test-secret-" + "x" * 32, language="en"), engine=engine)
    with pytest.MonkeyPatch.context() as patch, TestClient(app) as client:
        patch.chdir(tmp_path_factory.mktemp("desk"))  # the development secret file lands here
        yield sign_in(client, "sari")


def test_audit_lists_past_decisions_with_their_reviews(supervisor):
    page = supervisor.get("/audit").text
    assert "piket.wulan" in page and "piket.rizal" in page
    assert 'class="review review-right"' in page and 'class="review review-wrong"' in page
    assert "spv.humas" in page


def test_the_month_report_has_response_times_per_admin(supervisor):
    page = supervisor.get("/reports", params={"period": "month"}).text
    times = page.split("Response time per admin and label (minutes)", 1)[1].split("How often the desk", 1)[0]
    assert "piket.wulan" in times and "piket.rizal" in times


def test_crisis_lists_the_swarm_and_shows_its_answered_stories(supervisor):
    listing = supervisor.get("/crisis").text
    assert "hist-ig-post-karangsari" in listing
    swarm = listing.split('href="/crisis/', 1)[1].split('"', 1)[0]
    page = supervisor.get(f"/crisis/{swarm}").text
    assert "Approved" in page and "Rutan Karangsari" in page


def test_the_queue_shows_open_and_overdue_information_requests(supervisor):
    page = supervisor.get("/queue").text
    assert "overdue by" in page and "working day(s) left" in page
