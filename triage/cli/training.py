"""`triage data build`, `triage train`, `triage train-accounts`, `triage evaluate`: the training
data, fitting the models (each promoted through `triage.cli.models`) and judging one."""

import json
from pathlib import Path
from typing import Annotated

import typer

from triage.cli.app import fail
from triage.cli.common import ModelOption, desk_session, load_models
from triage.cli.models import MODEL_DIR, promote_and_report
from triage.settings import ACCOUNT_MODEL_NAME, MODELS_DIR, get_settings
from triage.training import CORPORA_DIR, DATA_DIR, SOURCES_FILE, SPLITS_DIR

data_app = typer.Typer(help="Build the training data from the public corpora.", no_args_is_help=True)
ACCOUNT_MODEL_DIR = MODELS_DIR / ACCOUNT_MODEL_NAME
SEED_FILE = DATA_DIR / "seed" / "written_here.csv"
LABELLED_DIR = DATA_DIR / "labelled_here"
CorporaOption = Annotated[Path, typer.Option(help="folder of the public corpora")]
VersionOption = Annotated[str | None, typer.Option(help="version name; default: today's date")]


def train(
    data_dir: Annotated[Path, typer.Option("--data", help="folder with train/valid/test.csv")] = SPLITS_DIR,
    out: Annotated[Path, typer.Option(help="model folder; versions go below it")] = MODEL_DIR,
    version: VersionOption = None,
    promote: Annotated[bool, typer.Option(help="make this the version the desk uses")] = True,
    c: Annotated[float | None, typer.Option(
        "--C", help="inverse regularisation of the detectors (default: the chosen value)")] = None,
    leave_one_out: Annotated[bool, typer.Option(
        help="also fit once per corpus without it and score it (for the card)")] = True,
    with_decisions: Annotated[bool, typer.Option(
        help="add the desk's corrections and reviews from the database (DATABASE_URL)")] = False,
    desk_out: Annotated[Path, typer.Option(help="where --with-decisions writes the corrections")] = (
        DATA_DIR / "desk" / "corrections.csv"),
) -> None:
    """Fit the classifier, score it on the held-out split, and write model.joblib + card.json;
    with --promote it becomes the desk's model only if it is not worse on the fixed split."""
    from triage.training.text_model import train as run_training

    desk_file = export_desk_examples(desk_out) if with_decisions else None
    card = run_training(data_dir, out, version, leave_one_out=leave_one_out, desk_file=desk_file,
                        auto_precision=get_settings().auto_precision, **({"C": c} if c is not None else {}))
    test = card["metrics"]["test"]
    typer.echo(f"model {card['version']}: test macro-F1 {test['macro_f1']:.4f}, "
               f"accuracy {test['accuracy']:.4f}, ECE {test['calibration']['ece']:.4f}, "
               f"{card['training_seconds']} s, {card['artifact']['bytes'] / 1e6:.1f} MB "
               f"-> {out / card['version']}")
    if promote:
        promote_and_report(out, card["version"], data_dir / "test.csv", force=False)


def export_desk_examples(target: Path) -> Path:
    """Write the desk's corrections (with their provenance) to `target` for training."""
    import pandas as pd

    from triage.store.corrections import desk_examples

    with desk_session() as session:
        rows = desk_examples(session)
    target.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows, columns=["text", "label", "source", "source_label"]).to_csv(target, index=False)
    typer.echo(f"{len(rows)} corrections from the desk -> {target}")
    return target


def train_accounts(
    corpora: CorporaOption = CORPORA_DIR,
    out: Annotated[Path, typer.Option(help="model folder; versions go below it")] = ACCOUNT_MODEL_DIR,
    version: VersionOption = None,
    promote: Annotated[bool, typer.Option(help="make this the account model the desk uses")] = True,
) -> None:
    """Fit the fake-account model on instafake, the Kaggle set and cresci-2015; write model.joblib +
    card.json (with leave-one-dataset-out figures)."""
    from triage.training.fake_accounts import summary
    from triage.training.fake_accounts import train_accounts as run_training

    if not corpora.is_dir():
        fail(f"corpora folder {corpora} not found (pass --corpora)")
    card = run_training(corpora, out, version)
    typer.echo(f"{summary(card)} -> {out / card['version']}")
    if promote:
        promote_and_report(out, card["version"], corpora, force=False)


def evaluate(
    data: Annotated[list[Path], typer.Option(
        help="CSV with columns text,label (and optionally source, and annotates: the labels a row's "
             "source speaks to, space-separated); give --data again to judge several files as one")],
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
    model: ModelOption = None,
) -> None:
    """Score the model against labelled rows: per class and per source precision/recall/F1, the
    desk's tasks, confusion matrix, calibration (and leave-one-source-out from the model card)."""
    import pandas as pd

    from triage.training.text_model import report

    rows = pd.concat([_labelled_rows(path) for path in data], ignore_index=True)
    loaded = load_models(model)
    result = {**report(loaded.classifier, rows), "model_version": loaded.version}
    if as_json:
        typer.echo(json.dumps(result))
        return
    from triage.model.evaluation_report import evaluation_text

    typer.echo(evaluation_text(result, " + ".join(map(str, data)), loaded.card,
                               loaded.accounts.card if loaded.accounts else None))


def _labelled_rows(path: Path):
    from triage.labels import LABELS
    from triage.training.dataset import read_split

    try:
        rows = read_split(path)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        fail(f"cannot read {path}: {error}")
    missing = {"text", "label"} - set(rows.columns)
    if missing:
        fail(f"{path} lacks the column(s) {', '.join(sorted(missing))}")
    unknown = sorted(set(rows["label"]) - set(LABELS))
    if unknown:
        fail(f"{path} has unknown labels {unknown[:5]}; label ids are {', '.join(LABELS)}")
    return rows


@data_app.command("build")
def data_build(
    corpora: CorporaOption = CORPORA_DIR,
    seed: Annotated[Path, typer.Option(help="examples written here")] = SEED_FILE,
    out: Annotated[Path | None, typer.Option(
        help="where train/valid/test.csv go (default: data/splits, or data/permissive/splits with "
             "--licences permissive)")] = None,
    licences: Annotated[str, typer.Option(help="all: every source (those without a licence to redistribute "
                                                "go to data/restricted/, never shipped); permissive: only "
                                                "sources whose licence allows redistribution")] = "all",
) -> None:
    """Read the corpora, map labels, deduplicate, split by group, write the splits and counts
    (and the slang lexicon the corpora carry, data/lexicon/slang.csv)."""
    from triage.training.dataset import LICENCE_CHOICES, build, counts_markdown, restricted_dir_of, write

    if not corpora.is_dir():
        fail(f"corpora folder {corpora} not found (pass --corpora)")
    if licences not in LICENCE_CHOICES:
        fail(f"--licences must be one of {', '.join(LICENCE_CHOICES)}")
    out = out or (SPLITS_DIR if licences == "all" else DATA_DIR / "permissive" / "splits")
    shipped, restricted, report = build(corpora, seed, DATA_DIR / "label_mapping.csv", SOURCES_FILE,
                                        LABELLED_DIR, licences)
    write(shipped, out)
    restricted_dir = restricted_dir_of(out)
    if any(len(frame) for frame in restricted.values()):
        write(restricted, restricted_dir)
    _write_lexicon(corpora)
    (out.parent / "COUNTS.md").write_text(counts_markdown(report) + "\n")
    sizes = " ".join(f"{name}={len(frame)}+{len(restricted[name])}" for name, frame in shipped.items())
    where = f"{out}, {restricted_dir}" if report.restricted_sources else str(out)
    typer.echo(f"{sizes} (shipped+restricted) -> {where}")


def _write_lexicon(corpora: Path) -> None:
    from triage.training.corpora import read_slang_lexicons

    lexicon = DATA_DIR / "lexicon" / "slang.csv"
    lexicon.parent.mkdir(exist_ok=True)
    read_slang_lexicons(corpora).to_csv(lexicon, index=False, lineterminator="\n")
