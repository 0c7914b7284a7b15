"""Benchmark: a folder of partitions scored by `triage score DIR --jobs N` (a process pool on
this machine) and by `--cluster local` (a Dask LocalCluster of N worker processes), end to end
(start-up, model load or shipping, reading and writing included). Prints rows/s for each and
checks that both wrote the same bytes.

    .venv/bin/python bench/cluster_speed.py --partitions 8 --rows 50000 --jobs 2
"""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.score_speed import sample_texts, write_input  # noqa: E402


def run(triage: Path, parts: Path, out: Path, extra: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([str(triage), "score", str(parts), "-o", str(out), *extra], check=True,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def same_output(left: Path, right: Path) -> bool:
    names = sorted(path.name for path in left.iterdir())
    return names == sorted(path.name for path in right.iterdir()) and all(
        (left / name).read_bytes() == (right / name).read_bytes() for name in names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--rows", type=int, default=50_000, help="rows per partition")
    parser.add_argument("--jobs", type=int, default=2, help="processes (pool) and workers (cluster)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best is reported")
    args = parser.parse_args()
    triage = Path(sys.executable).parent / "triage"
    total = args.partitions * args.rows
    with tempfile.TemporaryDirectory() as folder:
        parts = Path(folder) / "parts"
        parts.mkdir()
        texts = sample_texts(args.rows)
        for number in range(args.partitions):
            write_input(parts / f"part-{number:03d}.csv", texts)
        ways = {f"--jobs {args.jobs}": ["--jobs", str(args.jobs)],
                f"--cluster local (workers: {args.jobs})": ["--cluster", "local", "--jobs", str(args.jobs)]}
        best = {}
        for repeat in range(args.repeat):
            for number, (name, extra) in enumerate(ways.items()):
                seconds = run(triage, parts, Path(folder) / f"out-{number}-{repeat}", extra)
                best[name] = min(best.get(name, seconds), seconds)
        same = same_output(Path(folder) / "out-0-0", Path(folder) / "out-1-0")
    print(f"{args.partitions} partitions x {args.rows:,} rows = {total:,} rows (CSV, texts from "
          f"data/splits/test.csv); best of {args.repeat}")
    for name, seconds in best.items():
        print(f"{name:32s} {seconds:6.1f} s = {total / seconds:9,.0f} rows/s")
    print(f"same output: {same}")


if __name__ == "__main__":
    main()
