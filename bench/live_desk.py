"""Benchmark: Meta webhook deliveries to `triage serve` (its own process, a SQLite file, the live
worker on), as Meta sends them: signed, some redelivered, some malformed.

- how long `POST /webhooks/meta` takes to answer (Meta wants a 200 within seconds);
- how long from sending a comment to its being in the queue (the comment's `imported_at`);
- that every good comment is stored exactly once and every malformed delivery kept aside.
Run with `make bench` (not part of `make test`).
"""

import argparse
import hashlib
import hmac
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx
from admins_load import start_server
from api_speed import texts

SECRET = "bench-app-secret"


def deliveries(count: int, redelivered: float, malformed: float, seed: int = 1) -> tuple[list[bytes], set]:
    rng, bodies, good = random.Random(seed), [], set()
    pool = texts(count)
    for n in range(count):
        if rng.random() < malformed:
            bodies.append(b'{"object": "instagram", "entry": [{"id": "' + str(n).encode())  # cut short
            continue
        comment_id = f"1790{n:06d}"
        good.add(comment_id)
        value = {"id": comment_id, "text": pool[n], "media": {"id": "17955956875141196"},
                 "from": {"id": f"9{n}", "username": f"warga_{n}"}}
        entry = {"id": "17841400000000000", "time": 0, "changes": [{"field": "comments", "value": value}]}
        bodies.append(json.dumps({"object": "instagram", "entry": [entry]}).encode())
        if rng.random() < redelivered:
            bodies.append(bodies[-1])
    return bodies, good


def start(folder: str) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/bench.db", "TRIAGE_META_APP_SECRET": SECRET,
           "TRIAGE_META_VERIFY_TOKEN": "bench", "TRIAGE_SECRET_KEY": "bench-" + "x" * 40}
    return start_server(env, Path(folder))


def send(client: httpx.Client, base: str, body: bytes) -> tuple[float, float, int, int]:
    """(when first sent, seconds to the first answer, first status, resends): like Meta, a delivery
    not answered 200 is sent again (Meta retries for up to 36 hours; here every second, 5 times)."""
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    sent = datetime.now(UTC).timestamp()
    started = time.perf_counter()
    headers = {"X-Hub-Signature-256": signature}
    answer = client.post(f"{base}/webhooks/meta", content=body, headers=headers)
    seconds, status, resends = time.perf_counter() - started, answer.status_code, 0
    while answer.status_code != 200 and resends < 5:
        time.sleep(1)
        resends += 1
        answer = client.post(f"{base}/webhooks/meta", content=body, headers=headers)
    return sent, seconds, status, resends


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deliveries", type=int, default=1000)
    parser.add_argument("--senders", type=int, default=4, help="deliveries in flight at once")
    args = parser.parse_args()
    bodies, good = deliveries(args.deliveries, 0.10, 0.05)
    with tempfile.TemporaryDirectory() as folder:
        server, base = start(folder)
        try:
            with httpx.Client(timeout=30) as client, ThreadPoolExecutor(args.senders) as pool:
                results = list(pool.map(lambda body: send(client, base, body), bodies))
            time.sleep(3)  # let the last deliveries be processed
            database = sqlite3.connect(f"{folder}/bench.db")
            stored = database.execute("SELECT external_id, imported_at FROM comment").fetchall()
            statuses = dict(database.execute("SELECT status, count(*) FROM webhookevent GROUP BY status"))
        finally:
            server.terminate()
            server.wait(timeout=30)
            log = Path(folder, "server.log").read_text()
            if "Traceback" in log:
                print(log[-5000:], file=sys.stderr)
    first_sent = {}
    for body, (sent, *_) in zip(bodies, results, strict=True):
        if body.startswith(b'{"object": "instagram", "entry": [{"id": "17841400000000000"'):
            first_sent.setdefault(json.loads(body)["entry"][0]["changes"][0]["value"]["id"], sent)
    arrival = [datetime.fromisoformat(imported).replace(tzinfo=UTC).timestamp() - first_sent[external_id]
               for external_id, imported in stored]
    answers = [seconds for _, seconds, _, _ in results]
    ids = [external_id for external_id, _ in stored]
    print(f"deliveries {len(bodies)} ({len(bodies) - len(set(bodies))} redelivered, "
          f"{len(bodies) - len(good) - (len(bodies) - len(set(bodies)))} malformed), {args.senders} senders")
    statuses_sent = [status for _, _, status, _ in results]
    print(f"first answers: {dict(sorted(Counter(statuses_sent).items()))}, "
          f"resent {sum(r for *_, r in results)} times, "
          f"median {statistics.median(answers) * 1000:.1f} ms, "
          f"p95 {percentile(answers, 0.95) * 1000:.1f} ms")
    print(f"in the queue after sending: median {statistics.median(arrival):.3f} s, "
          f"p95 {percentile(arrival, 0.95):.3f} s, max {max(arrival):.3f} s")
    print(f"stored {len(ids)} comments for {len(good)} good ones; each once: {len(ids) == len(set(ids))}; "
          f"none lost: {set(ids) == good}; deliveries by status: {statuses}")


if __name__ == "__main__":
    main()
