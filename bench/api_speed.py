"""Benchmark: the HTTP API on loopback, served by `triage serve` in its own process.

- latency of one-comment POST /api/v1/score requests, one at a time (median, p95);
- throughput in comments/s of 1,000-comment batches from two concurrent clients;
- throughput of POST /api/v1/score.csv with 100,000 rows.
Bounded in time; run with `make bench` (not part of `make test`).
"""

import argparse
import csv
import io
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from admins_load import free_port

ROOT = Path(__file__).resolve().parent.parent
TRIAGE = Path(sys.executable).parent / "triage"


def texts(count: int) -> list[str]:
    with (ROOT / "data/splits/test.csv").open(newline="", encoding="utf-8") as handle:
        pool = [row["text"] for row in csv.DictReader(handle)]
    return [pool[i % len(pool)] for i in range(count)]


def start_server(folder: str) -> tuple[subprocess.Popen, str, str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/bench.db",
           "TRIAGE_API_RATE_LIMIT": "1000000/minute"}
    created = subprocess.run([str(TRIAGE), "apikeys", "create", "bench"], env=env, cwd=folder,
                             capture_output=True, text=True, check=True)
    key = created.stdout.split()[-1]
    port = free_port()
    server = subprocess.Popen([str(TRIAGE), "serve", "--port", str(port)], env=env, cwd=folder,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/api/v1/health").status_code == 200:
                return server, base, key
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def latency(base: str, key: str, requests: int) -> list[float]:
    samples = texts(requests)
    times = []
    with httpx.Client(headers={"X-API-Key": key}) as client:
        for i, text in enumerate(samples):
            started = time.perf_counter()
            body = {"comments": [{"id": str(i), "text": text}]}
            client.post(f"{base}/api/v1/score", json=body).raise_for_status()
            times.append((time.perf_counter() - started) * 1000)
    return times


def batch_throughput(base: str, key: str, batches: int, clients: int) -> float:
    body = {"comments": [{"id": str(i), "text": t} for i, t in enumerate(texts(1000))]}

    def work() -> None:
        with httpx.Client(headers={"X-API-Key": key}, timeout=120) as client:
            for _ in range(batches // clients):
                client.post(f"{base}/api/v1/score", json=body).raise_for_status()

    started = time.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return batches // clients * clients * 1000 / (time.perf_counter() - started)


def csv_throughput(base: str, key: str, rows: int) -> float:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "text"])
    writer.writerows((str(i), t) for i, t in enumerate(texts(rows)))
    started = time.perf_counter()
    answer = httpx.post(f"{base}/api/v1/score.csv", content=buffer.getvalue().encode(),
                        headers={"X-API-Key": key}, timeout=600)
    answer.raise_for_status()
    return rows / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--csv-rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server, base, key = start_server(folder)
        try:
            latency(base, key, 20)  # warm up
            times = latency(base, key, args.requests)
            p95 = statistics.quantiles(times, n=20)[18]
            print(f"one-comment POST /api/v1/score: median {statistics.median(times):.1f} ms, "
                  f"p95 {p95:.1f} ms ({args.requests} sequential requests)")
            rate = batch_throughput(base, key, args.batches, clients=2)
            print(f"1,000-comment batches, 2 clients: {rate:,.0f} comments/s ({args.batches} batches)")
            streamed = csv_throughput(base, key, args.csv_rows)
            print(f"POST /api/v1/score.csv, {args.csv_rows:,} rows: {streamed:,.0f} comments/s "
                  "(upload, score, download)")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
