"""The personal-data guard: precision and recall on the labelled cases in
data/eval/personal_data_cases.csv (written here: true cases of each kind in many writings, and
ordinary numbers, dates, prices and names that must not be flagged), per kind and overall;
then what `kinds_all` costs per comment on a realistic batch (the texts of
data/splits/test.csv in chunks of 4,096, as `triage score` hands them to the playbook).

Run with `make bench` (not part of `make test`); `--rows` sets the size of the timed batch.
"""

import argparse
import csv
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from triage.privacy import personal_data  # noqa: E402

CASES = ROOT / "data" / "eval" / "personal_data_cases.csv"
CHUNK = 4096  # rows per chunk of `triage score`


def read_cases(path: Path = CASES) -> list[tuple[str, set[str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [(row["text"], set(filter(None, row["kinds"].split(",")))) for row in csv.DictReader(handle)]


def scores(cases: list[tuple[str, set[str]]], find: Callable = personal_data.find) -> dict[str, dict]:
    """{kind or "all": {precision, recall, tp, fp, fn}}; a case counts once per kind."""
    counts: Counter = Counter()
    for text, expected in cases:
        found = {f.kind for f in find(text)}
        for kind in expected | found:
            key = "tp" if kind in expected and kind in found else "fn" if kind in expected else "fp"
            counts[(kind, key)] += 1
            counts[("all", key)] += 1
    kinds = sorted({kind for kind, _ in counts} - {"all"}, key=list(personal_data.KIND_NAMES).index)
    result = {}
    for kind in [*kinds, "all"]:
        tp, fp, fn = (counts[(kind, key)] for key in ("tp", "fp", "fn"))
        result[kind] = {"precision": tp / (tp + fp) if tp + fp else 1.0,
                        "recall": tp / (tp + fn) if tp + fn else 1.0, "tp": tp, "fp": fp, "fn": fn}
    return result


def mistakes(cases: list[tuple[str, set[str]]], find: Callable = personal_data.find) -> list[str]:
    lines = []
    for text, expected in cases:
        found = find(text)
        if expected != {f.kind for f in found}:
            pieces = ", ".join(f"{f.kind} {text[f.start:f.end]!r}" for f in found) or "nothing"
            lines.append(f"  expected {sorted(expected) or 'nothing'}, found {pieces}: {text}")
    return lines


def test_texts() -> list[str]:
    with (ROOT / "data/splits/test.csv").open(newline="", encoding="utf-8") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def cost_per_comment(texts: list[str], kinds_all: Callable = personal_data.kinds_all,
                     repeats: int = 7) -> list[float]:
    """Microseconds per comment of `kinds_all` over `texts` in chunks, once per repeat."""
    chunks = [texts[i:i + CHUNK] for i in range(0, len(texts), CHUNK)]
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        for chunk in chunks:
            kinds_all(chunk)
        runs.append((time.perf_counter() - started) / len(texts) * 1e6)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000, help="comments in the timed batch")
    args = parser.parse_args()
    cases = read_cases()
    print(f"{len(cases)} cases ({sum(1 for _, expected in cases if not expected)} without personal data)")
    for kind, score in scores(cases).items():
        print(f"  {kind:<9} precision {score['precision']:.3f}  recall {score['recall']:.3f}  "
              f"(tp {score['tp']}, fp {score['fp']}, fn {score['fn']})")
    found = mistakes(cases)
    print("mistakes:" if found else "no mistakes", *found, sep="\n")
    sample = test_texts()
    runs = cost_per_comment([sample[i % len(sample)] for i in range(args.rows)])
    flagged = sum(1 for kinds in personal_data.kinds_all(sample) if kinds)
    print(f"kinds_all on {args.rows:,} comments (data/splits/test.csv repeated) in chunks of {CHUNK:,}: "
          f"median {statistics.median(runs):.2f} µs per comment "
          f"(runs: {', '.join(f'{run:.2f}' for run in runs)})")
    print(f"flagged: {flagged:,} of the {len(sample):,} comments of data/splits/test.csv")


if __name__ == "__main__":
    main()
