"""TRIAGE_LOG_FORMAT=json on a real `triage serve`: every line on stderr is one JSON object, and
the lines a request writes carry its id (the caller's X-Request-ID, or one made up)."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.fakes.serving import free_port


@pytest.fixture
def json_logging_server(tmp_path):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'triage.db'}", "TRIAGE_LOG_FORMAT": "json"}
    log = (tmp_path / "stderr.log").open("w")
    triage = Path(sys.executable).parent / "triage"
    server = subprocess.Popen([str(triage), "serve", "--port", str(port)], cwd=tmp_path, env=env,
                              stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.25)
        else:
            pytest.fail("the server did not start: " + (tmp_path / "stderr.log").read_text()[-2000:])
        yield base, tmp_path / "stderr.log"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_every_log_line_is_json_and_a_request_carries_its_id(json_logging_server):
    base, log = json_logging_server
    given = httpx.get(f"{base}/api/v1/health", headers={"X-Request-ID": "lb-7f3a.42"})
    made_up = httpx.get(f"{base}/no/such/page?q=%0Aforged")
    assert given.headers["X-Request-ID"] == "lb-7f3a.42"
    time.sleep(0.5)  # the access line is written as the answer goes out
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    assert lines and all({"time", "level", "logger", "message", "request_id"} <= set(line) for line in lines)
    by_id = {line["request_id"]: line["message"] for line in lines if line["logger"] == "uvicorn.access"}
    assert "GET /api/v1/health" in by_id["lb-7f3a.42"]
    assert "/no/such/page" in by_id[made_up.headers["X-Request-ID"]]
