"""scripts/audit-dependencies judges pip-audit's JSON report: a vulnerability with a fixed version
fails the build, one without a fix is reported, packages it could not audit are named."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit-dependencies"


def judge(tmp_path: Path, dependencies: list[dict]) -> subprocess.CompletedProcess:
    report = tmp_path / "audit.json"
    report.write_text(json.dumps({"dependencies": dependencies, "fixes": []}))
    return subprocess.run([sys.executable, str(SCRIPT), "--report", str(report)],
                          capture_output=True, text=True, check=False)


def test_a_vulnerability_with_a_fix_fails_the_audit(tmp_path):
    finished = judge(tmp_path, [
        {"name": "jinja2", "version": "3.1.2", "vulns": [
            {"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"], "aliases": []}]},
        {"name": "numpy", "version": "2.1.0", "vulns": []},
    ])
    assert finished.returncode == 1
    assert "VULNERABLE: jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)" in finished.stdout
    assert "2 packages audited" in finished.stdout


def test_a_vulnerability_without_a_fix_is_reported_but_passes(tmp_path):
    finished = judge(tmp_path, [
        {"name": "somelib", "version": "1.0", "vulns": [{"id": "PYSEC-0000-1", "fix_versions": []}]}])
    assert finished.returncode == 0
    assert "warning: somelib 1.0: PYSEC-0000-1 (no fixed version yet)" in finished.stdout


def test_packages_that_could_not_be_audited_are_named(tmp_path):
    finished = judge(tmp_path, [
        {"name": "alembic", "skip_reason": "Dependency not found on PyPI and could not be audited"},
        {"name": "numpy", "version": "2.1.0", "vulns": []}])
    assert finished.returncode == 0
    assert "1 packages audited, 1 not audited" in finished.stdout
    assert "alembic" in finished.stdout
