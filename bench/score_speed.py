"""Benchmark: `triage score` end to end versus the bare model on the same rows.

Prints comments/s for both and the peak memory of the `triage score` process.
Run with `make bench` (not part of `make test`).
"""

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from triage.model import artifact  # noqa: E402
from triage.settings import shipped_model_path  # noqa: E402


def sample_texts(rows: int) -> list[str]:
    with (ROOT / "data/splits/test.csv").open(newline="", encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    return [texts[i % len(texts)] for i in range(rows)]


def write_input(path: Path, texts: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerows((str(i), text) for i, text in enumerate(texts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--model", type=Path, default=None, help="model.joblib; default: the shipped one")
    args = parser.parse_args()
    model_path = args.model or shipped_model_path()
    texts = sample_texts(args.rows)
    triage = Path(sys.executable).parent / "triage"
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.csv", Path(folder) / "out.csv"
        write_input(source, texts)
        started = time.perf_counter()
        subprocess.run([str(triage), "score", str(source), "-o", str(target), "--model", str(model_path)],
                       check=True)
        end_to_end = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    model = artifact.load(model_path)
    started = time.perf_counter()
    model.classifier.pipeline.predict(texts)
    bare = time.perf_counter() - started
    mean_chars = sum(map(len, texts)) / len(texts)
    print(f"rows: {args.rows:,}  (texts from data/splits/test.csv, mean {mean_chars:.0f} chars)")
    print(f"triage score end-to-end: {end_to_end:.1f} s = {args.rows / end_to_end:,.0f} comments/s "
          "(includes start-up and model load)")
    print(f"bare pipeline.predict:   {bare:.1f} s = {args.rows / bare:,.0f} comments/s")
    print(f"end-to-end / bare: {end_to_end / bare:.2f}x")
    print(f"peak memory of triage score: {peak_mb:,.0f} MB")
    print(f"artifact: {model_path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
