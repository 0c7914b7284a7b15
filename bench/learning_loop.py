"""Evaluation of the learning loop: the desk corrects the model on the demo comments (the
label each demo comment was written as, demo/intended_labels.csv), the model is retrained with
those corrections, and both models are compared on the fixed evaluation split.

Slow (two model fits); run by hand: `.venv/bin/python bench/learning_loop.py`.
"""

import argparse
import csv
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
from sqlmodel import select  # noqa: E402

from triage.cli.desk import DEMO_FILES  # noqa: E402
from triage.importers.registry import parse_file  # noqa: E402
from triage.labels import LABELS  # noqa: E402
from triage.model import artifact, registry  # noqa: E402
from triage.settings import shipped_model_path  # noqa: E402
from triage.store import queue  # noqa: E402
from triage.store.corrections import desk_examples  # noqa: E402
from triage.store.db import make_engine, session_scope, upgrade  # noqa: E402
from triage.store.ingest import import_records  # noqa: E402
from triage.store.models import Comment, Suggestion  # noqa: E402
from triage.store.users import Role, add_user  # noqa: E402
from triage.training.text_model import train  # noqa: E402


def intended() -> dict[tuple[str, str], str]:
    with (ROOT / "demo/intended_labels.csv").open(newline="") as handle:
        return {(r["platform"], r["id"]): r["intended_class"] for r in csv.DictReader(handle)}


def correct_the_demo(engine, model) -> int:
    for name, platform in DEMO_FILES.items():
        import_records(engine, parse_file(ROOT / "demo" / name, platform), model.classifier, model.version)
    labels, corrected = intended(), 0
    with session_scope(engine) as session:
        admin = add_user(session, "desk", "benchmark password", Role.ADMIN)
        rows = session.exec(select(Comment, Suggestion).join(Suggestion, Suggestion.comment_id == Comment.id)
                            .where(Comment.status == queue.PENDING)).all()
        for comment, suggestion in rows:
            wanted = labels.get((comment.platform, comment.external_id))
            if wanted in LABELS and wanted != suggestion.label:  # "own" marks the agency's replies
                queue.claim(session, comment.id, admin, 10)
                queue.decide(session, comment.id, admin, wanted, "no_response", note="benchmark")
                corrected += 1
    return corrected


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    model = artifact.load(shipped_model_path())
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/desk.db"
        upgrade(url)
        engine = make_engine(url)
        corrected = correct_the_demo(engine, model)
        with session_scope(engine) as session:
            rows = desk_examples(session)
        desk_file = Path(folder) / "corrections.csv"
        pd.DataFrame(rows).to_csv(desk_file, index=False)
        print(f"{corrected} demo comments corrected at the desk -> {len(rows)} training rows")
        model_dir = Path(folder) / "models" / "triage-text"
        (model_dir / "current").mkdir(parents=True)
        for item in shipped_model_path().parent.iterdir():
            (model_dir / "current" / item.name).write_bytes(item.read_bytes())
        registry.promote(model_dir, "current", ROOT / "data/splits/test.csv")  # the shipped one, in use
        train(ROOT / "data/splits", model_dir, "with-desk", leave_one_out=False, desk_file=desk_file)
        comparison = registry.compare(model_dir, "with-desk", ROOT / "data/splits/test.csv")
        print(f"fixed split ({comparison.rows} rows): macro-F1 before {comparison.current_f1:.4f}, "
              f"after {comparison.candidate_f1:.4f}; promotable: {comparison.not_worse}")


if __name__ == "__main__":
    main()
