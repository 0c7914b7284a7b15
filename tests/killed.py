"""Helpers for tests that kill a real `triage` process with SIGKILL mid-work: start the command,
wait for a sign that it is in the middle of its job, kill it."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from tests.fakes.serving import free_port

TRIAGE = [sys.executable, "-c", "from triage.cli.main import app; app()"]
SECRET = "kill-test-secret-" + "x" * 32


def environment(database_url: str, **extra: str) -> dict[str, str]:
    # English pages: the tests read the desk's confirmations ("Done: ...").
    return {**os.environ, "DATABASE_URL": database_url, "TRIAGE_SECRET_KEY": SECRET,
            "TRIAGE_TEST_DATABASE_URL": "", "TRIAGE_LANGUAGE": "en", **extra}


def start(arguments: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen:
    """The command, its output going to a file (a server's access log would fill a pipe); read it
    with `output(process)`."""
    log = (cwd / f"{arguments[0]}-{time.monotonic_ns()}.log").open("w+")
    process = subprocess.Popen([*TRIAGE, *arguments], env=env, cwd=cwd, stdout=log,
                               stderr=subprocess.STDOUT, text=True)
    process.log = log
    return process


def output(process: subprocess.Popen) -> str:
    process.log.seek(0)
    return process.log.read()


def kill_when(process: subprocess.Popen, ready: Callable[[], bool], timeout: float = 120,
              every: float = 0.005) -> None:
    """SIGKILL `process` as soon as `ready()` is true; fail if it ended first."""
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None:
            raise AssertionError(f"the process ended before it could be killed:\n{output(process)}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("the process never reached the point to kill it at")
        time.sleep(every)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def serve(env: dict[str, str], cwd: Path) -> tuple[subprocess.Popen, str]:
    """`triage serve` on a free port, once it answers its health check."""
    port = free_port()
    process = start(["serve", "--port", str(port)], env, cwd)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"triage serve stopped:\n{output(process)}")
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                return process, base
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    process.kill()
    raise AssertionError("triage serve did not answer")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=30)


def wait_until(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the condition never came true")
        time.sleep(0.2)
