"""A throwaway PostgreSQL server of the test's own, which the test may stop and start again
(the server .ci/run starts is shared by the suite and must stay up). Built by
scripts/postgres-for-tests on a free port in a new folder; needs Debian's postgresql package."""

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.fakes.serving import free_port

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "postgres-for-tests"


def server_binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


class ThrowawayPostgres:
    def __init__(self):
        self.bin = server_binaries()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="triage-pg-"))
        environment = {**os.environ, "TRIAGE_PG_PORT": str(self.port), "TRIAGE_PG_DIR": str(self.folder)}
        self.url = subprocess.run([str(SCRIPT)], env=environment, capture_output=True, text=True,
                                  check=True).stdout.strip()

    def _pg_ctl(self, *arguments: str) -> None:
        command = [str(self.bin / "pg_ctl"), "-D", str(self.folder), *arguments]
        if os.getuid() == 0:  # the server refuses to run as root (the script made it postgres's)
            command = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{part}'" for part in command)]
        subprocess.run(command, check=True, capture_output=True)

    def stop(self) -> None:
        """Shut the server down now, dropping every open connection (as a crash or restart would)."""
        self._pg_ctl("-m", "fast", "-w", "stop")

    def start(self) -> None:
        self._pg_ctl("-o", f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off",
                     "-l", str(self.folder / "server.log"), "-w", "start")

    def remove(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def own_postgres():
    """A PostgreSQL server for this test alone (skipped where PostgreSQL is not installed)."""
    if server_binaries() is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    server = ThrowawayPostgres()
    yield server
    server.remove()
