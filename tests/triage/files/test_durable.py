"""A file rewritten by `durable.replace_text` is, after a SIGKILL at any moment, wholly one
version: never cut short, never a mix (what keeps CURRENT, HISTORY and model cards loadable)."""

import signal
import subprocess
import sys
import time

from triage.files import durable

VERSION_BYTES = 4_000_000
WRITER = f"""
import sys
from pathlib import Path
from triage.files import durable
target = Path(sys.argv[1])
n = 0
while True:
    n += 1
    durable.replace_text(target, str(n % 10) * {VERSION_BYTES})
"""


def test_a_writer_killed_at_any_moment_leaves_one_whole_version(tmp_path):
    target = tmp_path / "CURRENT"
    durable.replace_text(target, "0" * VERSION_BYTES)
    for pause in (0.05, 0.11, 0.17, 0.23, 0.31):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(target)])
        time.sleep(pause)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        content = target.read_text()
        assert len(content) == VERSION_BYTES and len(set(content)) == 1
    durable.replace_text(target, "v2\n")  # the next write succeeds and tidies nothing up wrongly
    durable.remove_leftovers(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["CURRENT"] and target.read_text() == "v2\n"
