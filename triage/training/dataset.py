"""Build the training data: read the corpora, map labels, deduplicate, split, write.

Each source annotates only some labels (`data/sources.csv`, column `annotates`): a sentiment
corpus says whether a text praises or complains, not whether it asks; a hate-speech corpus
whether it attacks, nothing else. Every row keeps the labels its source annotates, and its
`label` is the one it has among them, or `other` for none of them. The model learns each
label only from rows whose source annotates it (`triage.model.detectors`).

Reproducible: the same corpora and data files give byte-identical splits (every choice is
made from a hash of the text or group, never from a random generator).

Licences: rows of sources whose licence lets us redistribute them go to `data/splits/`
(shipped); the others (no licence file: all rights stay with their authors) go to
`data/restricted/`, which is rebuilt from the corpora and never committed.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from triage.errors import DataFileError, TrainingDataError
from triage.labels import LABELS, Label
from triage.model.normalise import dedup_key
from triage.training.corpora import TEXT_READERS, read_labelled_here, read_seed

SPLITS = ("train", "valid", "test")
SPLIT_COLUMNS = ["text", "label", "source", "source_label", "annotates"]
# The five labels that carry an action; `other` is "none of them".
ACTIONABLE = tuple(label for label in LABELS if label != Label.OTHER.value)
ALL_ANNOTATED = " ".join(ACTIONABLE)
LICENCE_CHOICES = ("all", "permissive")
OWN_LABEL = "*"  # mapping rows whose label is the row's own (written or labelled here)


@dataclass(frozen=True)
class BuildReport:
    rows_read: int
    excluded_by_mapping: int
    duplicates_dropped: int
    conflicting_dropped: int
    capped: int
    counts: pd.DataFrame  # rows per (split, source, label)
    restricted_sources: tuple[str, ...] = ()


def stable_hash(value: str) -> int:
    return int(hashlib.sha256(value.encode("utf-8")).hexdigest()[:12], 16)


def split_of(source: str, group: str) -> str:
    """70/15/15 by group: all rows of one group (e.g. one video) land in the same split."""
    bucket = stable_hash(f"{source}|{group}") % 100
    return "train" if bucket < 70 else "valid" if bucket < 85 else "test"


def read_mapping(path: Path) -> pd.DataFrame:
    mapping = pd.read_csv(path, keep_default_na=False)
    unknown = set(mapping["label"]) - set(LABELS) - {"", OWN_LABEL}
    if unknown:
        raise DataFileError(f"{path}: unknown label ids {sorted(unknown)}")
    return mapping


def read_sources(path: Path) -> pd.DataFrame:
    """The sources table: licence, whether we may redistribute the text, what it annotates."""
    sources = pd.read_csv(path, keep_default_na=False, dtype=str)
    for row in sources.itertuples():
        labels = ACTIONABLE if row.annotates == "all" else tuple(row.annotates.split())
        if not labels or set(labels) - set(ACTIONABLE) or row.redistributable not in ("yes", "no"):
            raise DataFileError(f"{path}: source {row.source!r} has a bad annotates or redistributable field")
    sources["annotates"] = sources["annotates"].replace("all", ALL_ANNOTATED)
    return sources.set_index("source")


def _mapping_key(source: str) -> str:
    return "*_here" if source.endswith("_here") else source


def apply_mapping(rows: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """Map source labels to ours; rows whose mapping is empty are excluded. Sources mapped
    `*` -> `*` (written and labelled here) carry their own label."""
    table = mapping.set_index(["source", "source_label"])["label"].to_dict()
    own = {source for (source, source_label), label in table.items() if (source_label, label) == ("*", "*")}
    labels = [source_label if _mapping_key(source) in own else table.get((source, source_label), "")
              for source, source_label in zip(rows["source"], rows["source_label"], strict=True)]
    rows = rows.assign(label=labels)
    return rows[rows["label"].isin(LABELS)]


def is_curated(source: str) -> bool:
    """Labelled with all six labels in mind: written here (`seed`), the desk's corrections
    (`desk`, triage.store.corrections), labelled here (`*_here`)."""
    return source in ("seed", "desk") or source.endswith("_here")


def curated(sources: pd.Series) -> np.ndarray:
    return sources.map(is_curated).to_numpy(dtype=bool)


def restricted_dir_of(data_dir: Path) -> Path:
    """Where the rows of sources we may not redistribute live: beside the shipped splits."""
    return data_dir.parent / "restricted"


def _disagree(first: pd.Series, other: pd.Series) -> bool:
    """Whether two rows of one text say different things about a label both annotate."""
    shared = set(first["annotates"].split()) & set(other["annotates"].split())
    return any((first["label"] == label) != (other["label"] == label) for label in shared)


def deduplicate(rows: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """Keep one row per normalised text (the first: written and labelled-here rows come first
    and win). A text two public sources label differently, on a label both annotate, is dropped."""
    rows = rows.assign(key=rows["text"].map(dedup_key))
    rows = rows[rows["key"] != ""]
    repeated = rows[rows.duplicated("key", keep=False)]
    dropped_keys = set()
    for key, group in repeated.groupby("key", sort=False):
        first, others = group.iloc[0], group.iloc[1:]
        if not is_curated(first["source"]) and any(_disagree(first, other) for _, other in others.iterrows()):
            dropped_keys.add(key)
    conflicting = rows["key"].isin(dropped_keys)
    kept = rows[~conflicting].drop_duplicates("key", keep="first")
    return kept, int(conflicting.sum()), len(rows) - int(conflicting.sum()) - len(kept)


def cap(rows: pd.DataFrame, mapping: pd.DataFrame, per_group: dict[str, int] | None = None
        ) -> tuple[pd.DataFrame, int]:
    """Keep at most `max_rows` per (source, label), and at most `per_group[source]` rows of one
    group (a chatbot template), chosen by hash so the choice is stable."""
    limited = mapping[mapping["max_rows"] != ""]
    triples = limited[["source", "label", "max_rows"]].itertuples(index=False)
    limits = {(source, label): int(n) for source, label, n in triples}
    rows = rows.assign(order=rows["key"].map(stable_hash)).sort_values("order", kind="stable")
    before = len(rows)
    in_group = rows.groupby(["source", "group"]).cumcount().to_numpy()
    group_limit = [(per_group or {}).get(source, len(rows)) for source in rows["source"]]
    rows = rows[in_group < group_limit]
    rank = rows.groupby(["source", "label"]).cumcount().to_numpy()
    limit = [limits.get(key, len(rows)) for key in zip(rows["source"], rows["label"], strict=True)]
    kept = rows[rank < limit]
    return kept.drop(columns="order"), before - len(kept)


def build(corpora: Path, seed_file: Path, mapping_file: Path, sources_file: Path,
          labelled_dir: Path, licences: str = "all") -> tuple[dict, dict, BuildReport]:
    """The splits as (shipped, restricted): dicts of split name -> rows."""
    if licences not in LICENCE_CHOICES:
        raise TrainingDataError(f"licences must be one of {LICENCE_CHOICES}, not {licences!r}")
    mapping, sources = read_mapping(mapping_file), read_sources(sources_file)
    # Written and labelled-here rows first: where they repeat a public text, their label wins.
    frames = [read_seed(seed_file), read_labelled_here(corpora, labelled_dir)]
    frames += [read(corpora) for read in TEXT_READERS.values()]
    raw = pd.concat(frames, ignore_index=True)
    unknown = set(raw["source"]) - set(sources.index)
    if unknown:
        raise DataFileError(f"{sources_file}: no entry for sources {sorted(unknown)}")
    if licences == "permissive":
        raw = raw[raw["source"].map(sources["redistributable"]) == "yes"]
    mapped = apply_mapping(raw, mapping)
    mapped = mapped.assign(annotates=mapped["source"].map(sources["annotates"]))
    unique, conflicting, duplicates = deduplicate(mapped)
    per_group = {s: int(n) for s, n in sources["per_group"].items() if n}
    capped, capped_count = cap(unique, mapping, per_group)
    groups = zip(capped["source"], capped["group"].astype(str), strict=True)
    capped = capped.assign(split=[split_of(source, group) for source, group in groups])
    shipped = capped["source"].map(sources["redistributable"]) == "yes"
    parts = {}
    for kept, name in ((shipped, "shipped"), (~shipped, "restricted")):
        part = capped[kept]
        parts[name] = {s: part[part["split"] == s].sort_values("key")[SPLIT_COLUMNS] for s in SPLITS}
    counts = capped.groupby(["split", "source", "label"]).size().rename("rows").reset_index()
    restricted = tuple(sorted(set(capped.loc[~shipped, "source"])))
    report = BuildReport(len(raw), len(raw) - len(mapped), duplicates, conflicting, capped_count, counts,
                         restricted)
    return parts["shipped"], parts["restricted"], report


def write(splits: dict, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, frame in splits.items():
        frame.to_csv(out_dir / f"{name}.csv", index=False, lineterminator="\n")


def read_split(path: Path) -> pd.DataFrame:
    """A split (or any labelled) file; a row without `annotates` annotates all six labels."""
    rows = pd.read_csv(path, keep_default_na=False, dtype=str)
    rows["annotates"] = rows.get("annotates", pd.Series("", index=rows.index)).replace("", ALL_ANNOTATED)
    return rows


def read_splits(data_dir: Path, restricted_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """train/valid/test from `data_dir`, each joined with its restricted part when there is one."""
    splits = {}
    for name in SPLITS:
        parts = [read_split(data_dir / f"{name}.csv")]
        if restricted_dir is not None and (restricted_dir / f"{name}.csv").exists():
            parts.append(read_split(restricted_dir / f"{name}.csv"))
        splits[name] = pd.concat(parts, ignore_index=True)
    return splits


def counts_markdown(report: BuildReport) -> str:
    """The per split, source and label counts as Markdown tables (for data/COUNTS.md)."""
    lines = [
        "# Training data counts (written by `triage data build`; do not edit)",
        "",
        f"- rows read: {report.rows_read:,}",
        f"- excluded by the mapping table: {report.excluded_by_mapping:,}",
        f"- exact duplicates after normalisation dropped: {report.duplicates_dropped:,}",
        f"- rows dropped because sources disagree on the label: {report.conflicting_dropped:,}",
        f"- rows dropped by per-source and per-template caps: {report.capped:,}",
        f"- sources kept out of the shipped splits (no licence to redistribute; rebuilt into "
        f"`data/restricted/`): {', '.join(report.restricted_sources) or 'none'}",
        "",
        "`other` counts rows that are none of the labels their source annotates "
        "(`data/sources.csv`).",
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
