import re
from pathlib import Path

from triage.labels import ACTIONS, LABELS

ROOT = Path(__file__).resolve().parents[2]
# "support" is also the metrics word for "rows of the class" (the evaluate JSON contract).
METRIC_SUPPORT = {("triage/model/evaluation.py", '"support"'), ("triage/cli/main.py", "'support'"),
                  ("triage/model/evaluation_report.py", "'support'")}


def test_contract_ids():
    assert LABELS == ("support", "info_request", "complaint", "attack", "fake_account", "other")
    assert ACTIONS == ("like", "reply", "move_to_dm", "pin_clarification", "no_response")


def test_no_other_module_spells_a_label_or_action_id():
    ids = "|".join(LABELS + ACTIONS)
    quoted = re.compile(rf"""["']({ids})["']""")
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for folder in ("triage", "api")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "labels.py"
        for match in quoted.finditer(path.read_text())
        if (str(path.relative_to(ROOT)), match.group(0)) not in METRIC_SUPPORT
    ]
    assert offenders == []
