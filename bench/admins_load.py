"""Benchmark: sixteen signed-in admins work the queue at once while an import runs.

Each admin (an async httpx client with its own sign-in) loops: claim the next few comments,
decide each (support -> like), search the queue now and then. `triage import` of a generated
export runs beside them; `triage serve` runs in its own process on the database given.

Counted against the script's own log of decisions the server confirmed ("Done: ..."):
- comments handled twice (more than one decision for one comment): must be 0;
- decisions lost (confirmed to an admin, missing from the database): must be 0;
- answers 5xx: must be 0.
Measured: requests, p50/p95 of page loads (GET /queue and the pages after each post), and the
server's memory (RSS) after warm-up and at the end. Prints one JSON object.

    python bench/admins_load.py --database-url postgresql+psycopg://... --admins 16 --seconds 600

The database should be new and empty (it is migrated; users admin01.. are created).
"""

import argparse
import asyncio
import csv
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from triage.store.db import make_engine, session_scope, upgrade  # noqa: E402
from triage.store.users import Role, add_user, find_user  # noqa: E402

TRIAGE = [sys.executable, "-c", "from triage.cli.main import app; app()"]
PASSWORD = "load test passphrase 1"
MINE = re.compile(r'<li class="card mine" data-id="(\d+)"')
SEARCHES = ["besuk", "remisi", "pungli", "mantap", "lapas", "kunjungan"]
WORDS = ["min jam besuk lapas", "syarat remisi apa", "mantap semangat", "keluarga dimintai uang petugas",
         "kapan kunjungan dibuka", "slot gacor link di bio", "terima kasih infonya", "hadir"]


def export(path: Path, rows: int, prefix: str) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "platform", "created_at", "post_id", "author_username"])
        for i in range(rows):
            writer.writerow([f"{prefix}-{i}", f"{random.choice(WORDS)} {i}", "instagram",
                             "2026-11-20T08:00:00+07:00", f"post-{i % 40}", f"warga_{i % 5000}"])
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def prepare(url: str, admins: int, folder: Path, env: dict, initial: int) -> None:
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        for i in range(1, admins + 1):
            if not find_user(session, f"admin{i:02d}"):
                add_user(session, f"admin{i:02d}", PASSWORD, Role.ADMIN)
    engine.dispose()
    first = export(folder / "initial.csv", initial, "first")
    subprocess.run([*TRIAGE, "import", str(first), "--platform", "instagram", "--jobs", "1"], env=env,
                   cwd=folder, check=True, capture_output=True)


def start_server(env: dict, folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    # The script reads the desk's English confirmations ("Done: ..."), whatever the agency's default.
    env = {**env, "TRIAGE_LANGUAGE": "en"}
    server = subprocess.Popen([*TRIAGE, "serve", "--port", str(port)], env=env, cwd=folder,
                              stdout=subprocess.DEVNULL, stderr=(folder / "server.log").open("w"))
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{base}/api/v1/health").status_code == 200:
                return server, base
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


class Log:
    def __init__(self):
        self.page_ms: list[float] = []
        self.requests = 0
        self.errors_5xx: list[str] = []
        self.confirmed: list[tuple[str, int]] = []  # (admin, comment id) the server said was done

    def answer(self, response: httpx.Response, started: float) -> httpx.Response:
        self.requests += 1 + len(response.history)
        if response.status_code >= 500 or any(r.status_code >= 500 for r in response.history):
            request = response.request
            self.errors_5xx.append(f"{request.method} {request.url.path} {response.status_code}")
        self.page_ms.append((time.perf_counter() - started) * 1000)
        return response


async def timed(log: Log, call) -> httpx.Response:
    started = time.perf_counter()
    return log.answer(await call, started)


async def admin(name: str, base: str, until: float, log: Log) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60, follow_redirects=True) as client:
        await client.get("/login")
        await client.post("/login", data={"username": name, "password": PASSWORD,
                                          "csrftoken": client.cookies["csrftoken"]})
        while time.monotonic() < until:
            token = client.cookies["csrftoken"]
            page = await timed(log, client.post("/queue/claim-next", data={"csrftoken": token, "count": 3}))
            for comment_id in MINE.findall(page.text):
                done = await timed(log, client.post(f"/queue/{comment_id}/decide", data={
                    "csrftoken": token, "label": "support", "action": "like"}))
                if "Done: support / like" in done.text:
                    log.confirmed.append((name, int(comment_id)))
            if random.random() < 0.3:
                await timed(log, client.get("/queue", params={"q": random.choice(SEARCHES)}))
            if not MINE.findall(page.text):
                await asyncio.sleep(0.5)  # nothing left to claim: look again shortly


def check(url: str, log: Log) -> dict:
    engine = make_engine(url)
    with engine.connect() as connection:
        stored = {(row.username, row.comment_id) for row in connection.execute(text(
            'SELECT u.username, d.comment_id FROM decision d JOIN "user" u ON u.id = d.user_id'))}
        twice = connection.execute(text(
            "SELECT count(*) FROM (SELECT comment_id FROM decision GROUP BY comment_id "
            "HAVING count(*) > 1) AS t")).scalar()
        comments = connection.execute(text("SELECT count(*) FROM comment")).scalar()
    engine.dispose()
    return {"decisions_confirmed": len(log.confirmed), "decisions_stored": len(stored),
            "decisions_lost": len(set(log.confirmed) - stored), "comments_handled_twice": twice,
            "comments_stored": comments}


async def run_admins(admins: int, base: str, seconds: float, log: Log) -> None:
    until = time.monotonic() + seconds
    await asyncio.gather(*(admin(f"admin{i:02d}", base, until, log) for i in range(1, admins + 1)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True, help="a new, empty database (PostgreSQL)")
    parser.add_argument("--admins", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--initial", type=int, default=20_000, help="comments in the queue at the start")
    parser.add_argument("--import-rows", type=int, default=100_000, help="rows imported during the run")
    arguments = parser.parse_args()
    random.seed(22)
    folder = Path(tempfile.mkdtemp(prefix="triage-load-"))
    env = {**os.environ, "DATABASE_URL": arguments.database_url, "TRIAGE_LIVE_WORKER": "false",
           "TRIAGE_SECRET_KEY": "load-test-" + "x" * 40, "TRIAGE_ACTIONS": "dry-run"}
    prepare(arguments.database_url, arguments.admins, folder, env, arguments.initial)
    server, base = start_server(env, folder)
    log = Log()
    try:
        warm_up = Log()  # not timed; its decisions are checked with the others
        asyncio.run(run_admins(arguments.admins, base, 5, warm_up))
        rss_start = rss_mb(server.pid)
        importing = subprocess.Popen(
            [*TRIAGE, "import", str(export(folder / "during.csv", arguments.import_rows, "during")),
             "--platform", "instagram", "--jobs", "1"], env=env, cwd=folder,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        started = time.monotonic()
        asyncio.run(run_admins(arguments.admins, base, arguments.seconds, log))
        elapsed = time.monotonic() - started
        rss_end = rss_mb(server.pid)
        import_finished = importing.poll() is not None
        # Then let it end (a loaded machine is slower): every exported row must be stored.
        import_output = importing.communicate(timeout=600)[0].strip().splitlines()[-1:]
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    pages = sorted(log.page_ms)
    log.confirmed += warm_up.confirmed
    summary = {
        "admins": arguments.admins, "seconds": round(elapsed, 1), "requests": log.requests,
        "requests_per_second": round(log.requests / elapsed, 1),
        "page_p50_ms": round(statistics.median(pages), 1) if pages else None,
        "page_p95_ms": round(pages[int(len(pages) * 0.95) - 1], 1) if pages else None,
        "errors_5xx": len(log.errors_5xx), "errors_5xx_examples": log.errors_5xx[:5],
        "server_rss_mb_start": round(rss_start, 1), "server_rss_mb_end": round(rss_end, 1),
        "rss_growth_percent": round((rss_end - rss_start) / rss_start * 100, 1),
        "import_finished_during_run": import_finished, "import_output": import_output,
        **check(arguments.database_url, log),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
