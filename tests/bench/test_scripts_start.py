"""Every bench script still starts: its imports resolve and it answers --help. The scripts run by
hand (`make bench`, bench/README.md), so a moved module would otherwise break them unseen."""

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.mark.parametrize("script", sorted(p.name for p in BENCH.glob("*.py")))
def test_the_bench_script_starts(script):
    answer = subprocess.run([sys.executable, str(BENCH / script), "--help"], capture_output=True,
                            text=True, timeout=120)
    assert answer.returncode == 0, answer.stderr[-2000:]
    assert "usage:" in answer.stdout
