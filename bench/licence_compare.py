"""The full model beside the permissive one (trained only on sources whose licence allows
redistribution: `triage data build --licences permissive`, then `triage train --data
data/permissive/splits --out models/triage-text-permissive`), so an agency can choose.

Prints, for each model: macro-F1 and the desk's tasks on the held-out test split (shipped and
restricted rows: the restricted sources were never seen by the permissive model), and per
source of the corpora without a licence to redistribute, scored on all their rows (for the
permissive model these are sources it never saw; for the full model the figure is its
leave-one-source-out one, from its card). Needs `data/restricted/` (`make data`).
"""

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from triage.model import evaluation  # noqa: E402
from triage.model.registry import load_in_use  # noqa: E402
from triage.training import dataset, text_model  # noqa: E402


def figures(result: dict) -> str:
    tasks = ", ".join(f"{name} {t.get('f1', t.get('macro_f1')):.3f}" for name, t in result["tasks"].items())
    return f"macro-F1 {result['macro_f1']:.3f} ({result['rows']} rows); {tasks}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", type=Path, default=ROOT / "models/triage-text")
    parser.add_argument("--permissive", type=Path, default=ROOT / "models/triage-text-permissive")
    args = parser.parse_args()
    restricted_dir = dataset.restricted_dir_of(ROOT / "data/splits")
    splits = dataset.read_splits(ROOT / "data/splits", restricted_dir)
    restricted = pd.concat([dataset.read_split(restricted_dir / f"{name}.csv") for name in dataset.SPLITS],
                           ignore_index=True)
    for name, model_dir in (("full", args.full), ("permissive", args.permissive)):
        loaded = load_in_use(model_dir)
        print(f"{name} model {loaded.version}")
        print(f"  held-out test split: {figures(text_model.report(loaded.classifier, splits['test']))}")
        if name == "full":
            out_of_source = loaded.card["metrics"].get("leave_one_source_out", {})
            scores = {s: m for s, m in out_of_source.items() if s in set(restricted["source"])}
            print("  unshipped sources, leave-one-source-out (card):")
        else:
            labels, *_ = loaded.classifier.top(restricted["text"].tolist())
            annotates = restricted["annotates"].tolist()
            scores = evaluation.per_source(restricted["label"].tolist(), evaluation.masked(labels, annotates),
                                           restricted["source"].tolist(), annotates)
            print("  unshipped sources, never seen by this model (all rows):")
        for source, m in sorted(scores.items()):
            tasks = ", ".join(f"{k} {t.get('f1', t.get('macro_f1')):.2f}" for k, t in m["tasks"].items())
            print(f"    {source:<16} macro-F1 {m['macro_f1']:.3f}  n={m['rows']:<6} {tasks}")


if __name__ == "__main__":
    main()
