"""Precision and recall of the personal-data guard on the labelled cases in
data/eval/personal_data_cases.csv (written here: true cases of each kind and ordinary
numbers, dates and names that must not be flagged). Prints per kind and overall."""

import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from triage.personal_data import find  # noqa: E402

CASES = ROOT / "data" / "eval" / "personal_data_cases.csv"


def main() -> None:
    counts: Counter = Counter()
    misses = []
    with CASES.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        expected = set(filter(None, row["kinds"].split(",")))
        found = {f.kind for f in find(row["text"])}
        for kind in expected | found:
            key = "tp" if kind in expected and kind in found else "fn" if kind in expected else "fp"
            counts[(kind, key)] += 1
            counts[("all", key)] += 1
        if expected != found:
            misses.append(f"  expected {sorted(expected)}, found {sorted(found)}: {row['text']}")
    print(f"{len(rows)} cases ({sum(1 for r in rows if not r['kinds'])} without personal data)")
    for kind in ("nik", "phone", "email", "register", "address", "all"):
        tp, fp, fn = counts[(kind, "tp")], counts[(kind, "fp")], counts[(kind, "fn")]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"  {kind:<9} precision {precision:.3f}  recall {recall:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    print("mistakes:" if misses else "no mistakes", *misses, sep="\n")


if __name__ == "__main__":
    main()
