"""`triage model`: list the versions, promote, roll back, choose the auto-resolve thresholds.
Every kind of model is promoted here the same way (`triage.model.promotion`)."""

from pathlib import Path
from typing import Annotated

import typer

from triage.settings import DEFAULT_MODEL_NAME, MODELS_DIR, get_settings
from triage.training import SPLITS_DIR

model_app = typer.Typer(help="Model versions: list, promote, rollback.", no_args_is_help=True)
MODEL_DIR = MODELS_DIR / DEFAULT_MODEL_NAME
ModelDirOption = Annotated[Path, typer.Option(help="model folder")]


def promote_and_report(model_dir: Path, version: str, evidence: Path | None, force: bool) -> None:
    """Promote `version` if it is not worse on the fixed evidence (recorded in the audit)."""
    from triage.cli.common import database
    from triage.model import promotion

    comparison = promotion.promote(database(), model_dir, version, evidence, force=force)
    before = ("none" if comparison.current_f1 is None
              else f"{comparison.current_f1:.4f} ({comparison.current})")
    rows = f" ({comparison.rows} rows)" if comparison.rows else ""
    score = "nothing" if comparison.candidate_f1 is None else f"{comparison.candidate_f1:.4f}"
    typer.echo(f"promoted {version}: {comparison.judged_by} {score} on the fixed split{rows}, "
               f"before {before}; restart the app to use it")


@model_app.command("list")
def model_list(out: ModelDirOption = MODEL_DIR) -> None:
    """Versions with their held-out macro-F1; the one in use is marked *."""
    from triage.model import registry

    in_use = registry.current(out)
    for version, card in registry.versions(out):
        test = card.get("metrics", {}).get("test", {})
        mark = "*" if version == in_use else " "
        desk = card.get("data", {}).get("desk", {}).get("rows")
        typer.echo(f"{mark} {version}\ttest macro-F1 {test.get('macro_f1', 0):.4f}\t"
                   f"created {card.get('created', '?')}" + (f"\t+{desk} desk corrections" if desk else ""))


@model_app.command("promote")
def model_promote(
    version: str, out: ModelDirOption = MODEL_DIR,
    force: Annotated[bool, typer.Option(help="promote even if worse (recorded)")] = False,
) -> None:
    """Make VERSION the desk's model if it is not worse on the fixed evaluation split."""
    promote_and_report(out, version, None, force)


@model_app.command("thresholds")
def model_thresholds(
    model: Annotated[Path | None, typer.Option(help="model.joblib (default: the model in use)")] = None,
    data_dir: Annotated[Path, typer.Option("--data", help="folder with train/valid/test.csv")] = SPLITS_DIR,
    precision: Annotated[float | None, typer.Option(
        help="share of auto-resolved comments that must be right (default TRIAGE_AUTO_PRECISION)")] = None,
    leave_one_out: Annotated[bool, typer.Option(help="also judge them with each corpus left out")] = True,
) -> None:
    """Choose each label's auto-resolve threshold on the validation split for a target precision,
    judge it on test (and leave-one-source-out), and write both into the model card."""
    from triage.training.text_model import set_auto_thresholds

    settings = get_settings()
    target = precision if precision is not None else settings.auto_precision
    card = set_auto_thresholds(model or settings.model_path, data_dir, target, leave_one_out)
    for label, threshold in card["thresholds"]["auto_resolve_from"].items():
        typer.echo(f"{label:13} " + _threshold_line(card, label, threshold))


@model_app.command("rollback")
def model_rollback(out: ModelDirOption = MODEL_DIR) -> None:
    """Go back to the model in use before the last promotion."""
    from triage.cli.common import database
    from triage.model import promotion

    left, back = promotion.rollback(database(), out)
    typer.echo(f"rolled back from {left} to {back}; restart the app to use it")


def _threshold_line(card: dict, label: str, threshold: float | None) -> str:
    figures = card["metrics"]["auto_resolve"]
    pooled = figures.get("leave_one_source_out", {}).get("pooled", {})
    test, out = figures["test"].get(label, {}), pooled.get(label, {})
    refused = card["thresholds"].get("auto_resolve_refused", {}).get(label)
    if refused:
        return f"never: {refused}"
    if threshold is None:
        return "never: the target is not met on validation"
    return (f"from {threshold}: test precision {test.get('precision')} "
            f"coverage {test.get('coverage')} ({test.get('resolved')} rows); "
            f"left out precision {out.get('precision')} "
            f"coverage {out.get('coverage')} ({out.get('resolved')} rows)")
