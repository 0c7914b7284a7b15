"""The short version of bench/admins_load.py: four admins for thirty seconds on a PostgreSQL of the
test's own, with an import running beside them. Nothing handled twice, nothing lost, no 5xx."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "admins_load.py"


def test_four_admins_for_thirty_seconds_lose_nothing(own_postgres):
    finished = subprocess.run([sys.executable, str(SCRIPT), "--database-url", own_postgres.url,
                               "--admins", "4", "--seconds", "30", "--initial", "2000",
                               "--import-rows", "5000"], capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr[-3000:]
    figures = json.loads(finished.stdout.strip().splitlines()[-1])
    assert figures["decisions_confirmed"] > 100  # the admins really worked
    assert figures["comments_handled_twice"] == 0
    assert figures["decisions_lost"] == 0
    assert figures["decisions_stored"] == figures["decisions_confirmed"]
    assert figures["errors_5xx"] == 0, figures["errors_5xx_examples"]
    assert figures["comments_stored"] == 2000 + 5000  # the import beside them lost nothing either
