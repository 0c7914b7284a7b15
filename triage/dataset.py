"""Build the training data: read the corpora, map labels, deduplicate, split, write.

Reproducible: the same corpora and seed file give byte-identical splits (every choice is
made from a hash of the text or group, never from a random generator).
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from triage.corpora import TEXT_READERS, read_seed
from triage.labels import LABELS
from triage.text import dedup_key

SPLITS = ("train", "valid", "test")
SPLIT_COLUMNS = ["text", "label", "source", "source_label"]


@dataclass(frozen=True)
class BuildReport:
    rows_read: int
    excluded_by_mapping: int
    duplicates_dropped: int
    conflicting_dropped: int
    capped: int
    counts: pd.DataFrame  # rows per (split, source, label)


def stable_hash(value: str) -> int:
    return int(hashlib.sha256(value.encode("utf-8")).hexdigest()[:12], 16)


def split_of(source: str, group: str) -> str:
    """70/15/15 by group: all rows of one group (e.g. one video) land in the same split."""
    bucket = stable_hash(f"{source}|{group}") % 100
    return "train" if bucket < 70 else "valid" if bucket < 85 else "test"


def read_mapping(path: Path) -> pd.DataFrame:
    mapping = pd.read_csv(path, keep_default_na=False)
    unknown = set(mapping["label"]) - set(LABELS) - {""}
    if unknown:
        raise ValueError(f"{path}: unknown label ids {sorted(unknown)}")
    return mapping


def apply_mapping(rows: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """Map source labels to ours; rows whose mapping is empty are excluded."""
    table = mapping.set_index(["source", "source_label"])["label"].to_dict()
    keys = zip(rows["source"], rows["source_label"], strict=True)
    rows = rows.assign(label=[table.get(key, "") for key in keys])
    seed = rows["source"] == "seed"
    rows.loc[seed, "label"] = rows.loc[seed, "source_label"]
    return rows[rows["label"].isin(LABELS)]


def deduplicate(rows: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """Keep one row per normalised text; drop texts that sources label differently."""
    rows = rows.assign(key=rows["text"].map(dedup_key))
    rows = rows[rows["key"] != ""]
    labels_per_key = rows.groupby("key")["label"].nunique()
    conflicting = rows["key"].isin(labels_per_key[labels_per_key > 1].index)
    kept = rows[~conflicting].drop_duplicates("key", keep="first")
    return kept, int(conflicting.sum()), len(rows) - int(conflicting.sum()) - len(kept)


def cap(rows: pd.DataFrame, mapping: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Keep at most `max_rows` per (source, label), chosen by hash so the choice is stable."""
    limited = mapping[mapping["max_rows"] != ""]
    triples = limited[["source", "label", "max_rows"]].itertuples(index=False)
    limits = {(source, label): int(n) for source, label, n in triples}
    rows = rows.assign(order=rows["key"].map(stable_hash)).sort_values("order", kind="stable")
    rank = rows.groupby(["source", "label"]).cumcount().to_numpy()
    limit = [limits.get(key, len(rows)) for key in zip(rows["source"], rows["label"], strict=True)]
    kept = rows[rank < limit]
    return kept.drop(columns="order"), len(rows) - len(kept)


def build(corpora: Path, seed_file: Path, mapping_file: Path) -> tuple[dict, BuildReport]:
    mapping = read_mapping(mapping_file)
    # Seed first: where a written example repeats a public one, the written label wins.
    frames = [read_seed(seed_file)] + [read(corpora) for read in TEXT_READERS.values()]
    raw = pd.concat(frames, ignore_index=True)
    mapped = apply_mapping(raw, mapping)
    unique, conflicting, duplicates = deduplicate(mapped)
    capped, capped_count = cap(unique, mapping)
    groups = zip(capped["source"], capped["group"].astype(str), strict=True)
    capped = capped.assign(split=[split_of(source, group) for source, group in groups])
    splits = {name: capped[capped["split"] == name].sort_values("key")[SPLIT_COLUMNS] for name in SPLITS}
    counts = capped.groupby(["split", "source", "label"]).size().rename("rows").reset_index()
    report = BuildReport(len(raw), len(raw) - len(mapped), duplicates, conflicting, capped_count, counts)
    return splits, report


def write(splits: dict, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, frame in splits.items():
        frame.to_csv(out_dir / f"{name}.csv", index=False, lineterminator="\n")


def counts_markdown(report: BuildReport) -> str:
    """The per split, source and label counts as Markdown tables (for data/COUNTS.md)."""
    lines = [
        "# Training data counts (written by `triage data build`; do not edit)",
        "",
        f"- rows read: {report.rows_read:,}",
        f"- excluded by the mapping table: {report.excluded_by_mapping:,}",
        f"- exact duplicates after normalisation dropped: {report.duplicates_dropped:,}",
        f"- rows dropped because sources disagree on the label: {report.conflicting_dropped:,}",
        f"- rows dropped by per-source caps: {report.capped:,}",
        "",
    ]
    for split in SPLITS:
        table = report.counts[report.counts.split == split].pivot_table(
            index="source", columns="label", values="rows", fill_value=0, aggfunc="sum")
        table = table.reindex(columns=[lab for lab in LABELS if lab in table.columns])
        table["total"] = table.sum(axis=1)
        table.loc["total"] = table.sum(axis=0)
        lines += [f"## {split}", "", _markdown_table(table), ""]
    return "\n".join(lines)


def _markdown_table(table: pd.DataFrame) -> str:
    header = "| source | " + " | ".join(table.columns) + " |"
    rule = "|---" * (len(table.columns) + 1) + "|"
    body = [f"| {idx} | " + " | ".join(f"{int(v):,}" for v in row) + " |"
            for idx, row in table.iterrows()]
    return "\n".join([header, rule, *body])


def data_hash(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()
