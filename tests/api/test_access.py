"""Every route of the app, walked as a stranger, an admin and a supervisor, checked against
one table of who may do what. A new route that is not in the table fails this test."""

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from tests.api.conftest import csrf, sign_in

PUBLIC, DESK, SUPERVISOR, API_KEY, OPEN_API = "public", "desk", "supervisor", "api key", "open api"
META = "meta"  # Meta's webhook: its verify token (GET) or its signature of the body (POST)
GOOGLE_KEY = "api key, refused as Google does (403)"  # the Perspective-compatible endpoint
# (method, path) -> who may use it. "desk" is any signed-in user (admins and supervisors).
ACCESS = {
    ("GET", "/login"): PUBLIC, ("POST", "/login"): PUBLIC, ("POST", "/logout"): PUBLIC,
    ("GET", "/login/code"): PUBLIC, ("POST", "/login/code"): PUBLIC,  # after the password only
    ("GET", "/account/2fa"): DESK, ("POST", "/account/2fa"): DESK,
    ("POST", "/language"): PUBLIC,
    ("GET", "/api/v1/health"): OPEN_API,
    ("GET", "/api/v1/model"): API_KEY, ("POST", "/api/v1/score"): API_KEY,
    ("POST", "/api/v1/score.{kind}"): API_KEY,
    ("GET", "/"): DESK, ("GET", "/queue"): DESK, ("POST", "/queue/claim-next"): DESK,
    ("POST", "/queue/{comment_id}/claim"): DESK, ("POST", "/queue/{comment_id}/release"): DESK,
    ("POST", "/queue/{comment_id}/decide"): DESK, ("POST", "/requests/{request_id}/extend"): DESK,
    ("POST", "/queue/batch"): DESK, ("GET", "/queue/auto"): DESK,
    ("POST", "/queue/auto/{comment_id}/undo"): DESK,
    ("POST", "/requests/{request_id}/answered"): DESK, ("POST", "/duty/start"): DESK,
    ("POST", "/duty/end"): DESK,
    ("GET", "/crisis"): SUPERVISOR, ("GET", "/crisis/{swarm_id}"): SUPERVISOR,
    ("POST", "/crisis/narratives/{narrative_id}/approve"): SUPERVISOR,
    ("POST", "/crisis/{swarm_id}/close"): SUPERVISOR,
    ("GET", "/audit"): SUPERVISOR, ("POST", "/audit/{decision_id}/review"): SUPERVISOR,
    ("POST", "/audit/{decision_id}/correct"): SUPERVISOR, ("GET", "/audit/export.{kind}"): SUPERVISOR,
    ("GET", "/reports"): SUPERVISOR, ("GET", "/reports/export.csv"): SUPERVISOR,
    ("GET", "/reports/export.xlsx"): SUPERVISOR,
    ("GET", "/platforms"): SUPERVISOR, ("POST", "/platforms/assign"): SUPERVISOR,
    ("POST", "/platforms/unassign"): SUPERVISOR,
    ("GET", "/connections"): SUPERVISOR, ("POST", "/connections/calls/{action_id}/retry"): SUPERVISOR,
    ("GET", "/webhooks/meta"): META, ("POST", "/webhooks/meta"): META,
    ("POST", "/v1alpha1/comments:analyze"): GOOGLE_KEY, ("GET", "/metrics"): API_KEY,
    ("GET", "/people"): SUPERVISOR, ("POST", "/people/show"): SUPERVISOR,
    ("POST", "/people/forget"): SUPERVISOR,
}
EXAMPLE_VALUES = {"kind": "csv"}


def app_routes(app) -> set[tuple[str, str]]:
    found = set()
    for route in app.routes:
        routes = route.original_router.routes if hasattr(route, "original_router") else [route]
        for inner in routes:
            if isinstance(inner, APIRoute):
                found |= {(method, inner.path) for method in inner.methods}
    return found


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: EXAMPLE_VALUES.get(m.group(1), "1"), path)


def test_every_route_is_in_the_access_table(desk):
    assert app_routes(desk) == set(ACCESS)


@pytest.mark.parametrize(("method", "path"), sorted(ACCESS))
def test_a_stranger_gets_only_public_routes(desk, method, path):
    with TestClient(desk) as client:
        client.get("/login")  # a CSRF cookie, so that only the missing sign-in can refuse
        data = {"csrftoken": csrf(client)} if method == "POST" else None
        answer = client.request(method, concrete(path), data=data, follow_redirects=False)
    who = ACCESS[(method, path)]
    if who in (DESK, SUPERVISOR):
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
    elif who == API_KEY:
        assert answer.status_code == 401
    elif who == META:
        assert answer.status_code == (403 if method == "GET" else 401)
    elif who == GOOGLE_KEY:
        assert answer.status_code == 403 and answer.json()["error"]["status"] == "PERMISSION_DENIED"
    else:
        assert answer.status_code not in (401, 403) and answer.status_code < 500


@pytest.mark.parametrize(("method", "path"), sorted(k for k, v in ACCESS.items() if v in (DESK, SUPERVISOR)))
@pytest.mark.parametrize("role_user", ["ani", "sari"])
def test_signed_in_users_get_what_their_role_allows(desk, method, path, role_user):
    with TestClient(desk) as client:
        sign_in(client, role_user)
        data = {"csrftoken": csrf(client)} if method == "POST" else None
        answer = client.request(method, concrete(path), data=data, follow_redirects=False)
    if ACCESS[(method, path)] == SUPERVISOR and role_user == "ani":
        assert answer.status_code == 403
    else:
        assert answer.status_code not in (401, 403), (answer.status_code, answer.text[:200])
        assert answer.status_code < 500


FORMS = sorted(k for k in ACCESS if k[0] == "POST" and ACCESS[k] not in (API_KEY, META))


@pytest.mark.parametrize(("method", "path"), FORMS)
def test_every_form_refuses_a_post_without_the_csrf_token(desk, method, path):
    with TestClient(desk) as client:
        sign_in(client, "sari")
        answer = client.post(concrete(path), data={"username": "ani"}, follow_redirects=False)
    assert answer.status_code == 403
