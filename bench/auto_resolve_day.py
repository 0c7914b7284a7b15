"""Benchmark: a day of comments replayed through the import, before and after auto-resolution.

The demo set (demo/, 389 comments from five platforms with its mix of labels) is scaled up to a
day's volume: copy k of it is the same comments under other ids, on other posts, by other
people (account fields kept, so bots stay bots), at the same time of day. Each copy is imported
through the path `triage import` takes into a fresh SQLite file, once with no auto-resolution
(every comment waits for a person: before) and once with the model card's thresholds (after).
Prints the share of comments left for people and the admin-hours they take at a stated number
of seconds per decision.

    .venv/bin/python bench/auto_resolve_day.py --comments 20000 --seconds-per-decision 20
    .venv/bin/python bench/auto_resolve_day.py --card other/card.json   # another card's thresholds
"""

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import func, select  # noqa: E402

from triage.cli.desk import DEMO_FILES  # noqa: E402
from triage.importers.base import ImportedComment  # noqa: E402
from triage.importers.registry import parse_file  # noqa: E402
from triage.model import artifact  # noqa: E402
from triage.model.classifier import TextClassifier  # noqa: E402
from triage.settings import get_settings  # noqa: E402
from triage.store.db import make_engine, session_scope, upgrade  # noqa: E402
from triage.store.ingest import import_records  # noqa: E402
from triage.store.models import Comment  # noqa: E402
from triage.store.queue import AUTO, OWN, PENDING  # noqa: E402

DAY = datetime(2026, 12, 1, tzinfo=UTC)


def demo_comments() -> list[ImportedComment]:
    records = []
    for name, platform in DEMO_FILES.items():
        records += [r for r in parse_file(ROOT / "demo" / name, platform) if isinstance(r, ImportedComment)]
    return records


def copy_of(record: ImportedComment, k: int) -> ImportedComment:
    """The comment as another facility's account would receive it: other ids, post and people."""
    moment = record.created_at or DAY
    created = DAY.replace(hour=moment.hour, minute=moment.minute, second=moment.second)
    author = record.author
    ours = author is not None and (author.username or "").lower() in get_settings().own_accounts
    if author is not None and k and not ours:  # the agency's own replies stay its own
        author = replace(author, username=f"{author.username}_{k}" if author.username else None,
                         external_id=f"{author.external_id}-{k}" if author.external_id else None)
    post, parent = record.post_external_id, record.parent_external_id
    return replace(record, external_id=f"{record.external_id}-d{k}", created_at=created, author=author,
                   post_external_id=f"{post}-{k}" if post else None,
                   parent_external_id=f"{parent}-d{k}" if parent else None)


def a_day(count: int) -> list[ImportedComment]:
    demo = demo_comments()
    return [copy_of(demo[i % len(demo)], i // len(demo)) for i in range(count)]


def replay(comments: list[ImportedComment], model: artifact.LoadedModel, folder: Path, name: str) -> dict:
    url = f"sqlite:///{folder / name}.db"
    upgrade(url)
    engine = make_engine(url)
    started = time.perf_counter()
    summary = import_records(engine, comments, model.classifier, model.version, get_settings().own_accounts,
                             account_model=model.accounts)
    seconds = time.perf_counter() - started
    with session_scope(engine) as session:
        by_status = dict(session.exec(select(Comment.status, func.count()).group_by(Comment.status)).all())
        auto_labels = Counter(dict(session.exec(select(Comment.suggested_label, func.count())
                                                .where(Comment.status == AUTO)
                                                .group_by(Comment.suggested_label)).all()))
        labels = Counter(dict(session.exec(select(Comment.suggested_label, func.count())
                                           .where(Comment.status != OWN)
                                           .group_by(Comment.suggested_label)).all()))
    engine.dispose()
    return {"public": summary.new - summary.own, "people": by_status.get(PENDING, 0),
            "auto": by_status.get(AUTO, 0), "auto_by_label": auto_labels, "labels": labels,
            "swarms": summary.swarms, "seconds": seconds}


def with_thresholds(model: artifact.LoadedModel, thresholds: dict) -> artifact.LoadedModel:
    classifier = TextClassifier(model.classifier.pipeline, model.classifier.review_below, thresholds,
                                model.card)
    return model.replacing("text", classifier)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=20_000, help="comments in the replayed day")
    parser.add_argument("--seconds-per-decision", type=float, default=20.0)
    parser.add_argument("--card", type=Path, help="take the auto-resolve thresholds from this card.json")
    args = parser.parse_args()
    settings = get_settings()
    model = artifact.load(settings.model_path, settings.account_model_path)
    card = json.loads(args.card.read_text()) if args.card else model.card
    thresholds = card.get("thresholds", {}).get("auto_resolve_from", {})
    comments = a_day(args.comments)
    print(f"model {model.version}; TRIAGE_ACTIONS={settings.actions}; {len(comments):,} comments "
          f"(the demo set x{len(comments) / len(demo_comments()):.1f}); "
          f"{args.seconds_per_decision:g} s a decision")
    print("thresholds: " + ", ".join(f"{label} {'never' if t is None else f'>= {t}'}"
                                     for label, t in thresholds.items()))
    with tempfile.TemporaryDirectory() as folder:
        before = replay(comments, with_thresholds(model, {}), Path(folder), "before")
        after = replay(comments, with_thresholds(model, thresholds), Path(folder), "after")
    print("suggested labels: " + ", ".join(f"{label} {count / before['public']:.1%}"
                                           for label, count in before["labels"].most_common()))
    for name, run in (("before", before), ("after", after)):
        hours = run["people"] * args.seconds_per_decision / 3600
        print(f"{name:6}: {run['public']:,} from the public, {run['people']:,} left for people "
              f"({run['people'] / run['public']:.1%}), {run['auto']:,} resolved by the model "
              f"({dict(run['auto_by_label'])}); {hours:.1f} admin-hours; swarms {run['swarms']}; "
              f"import {run['seconds']:.1f} s")


if __name__ == "__main__":
    main()
