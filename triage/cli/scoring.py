"""`triage score` (files and folders, on this machine or a Dask cluster) and `triage import`
(platform exports into the desk's queue)."""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import typer

from triage.cli.app import fail
from triage.cli.common import ModelOption, database, load_models, progress
from triage.errors import TriageError
from triage.settings import get_settings

ALL_CORES = os.cpu_count() or 1
SHOWN_REJECTS = 20  # rejected rows printed one by one; the rest are in the .rejects file
JobsOption = Annotated[int, typer.Option(help="files scored at once, for a folder")]


def score(
    source: Annotated[Path, typer.Argument(
        help="input .csv/.jsonl/.parquet (id,text + author fields), or a folder")],
    output: Annotated[Path, typer.Option("-o", "--output", help="output .csv/.jsonl/.parquet, or a folder")],
    model: ModelOption = None,
    jobs: JobsOption = ALL_CORES,
    cluster: Annotated[str | None, typer.Option(
        help="score a folder on Dask: 'local' (a LocalCluster of --jobs worker processes) or a "
             "scheduler address tcp://HOST:8786 (the folders must be reachable by every worker)")] = None,
) -> None:
    """Add label, confidence and action to every row; bad rows go to OUTPUT.rejects."""
    if cluster and not source.is_dir():
        fail("--cluster scores a folder of partitions: give a folder as SOURCE and OUTPUT")
    if source.is_dir():
        return _score_folder(source, output, model, jobs, cluster)
    _score_one_file(source, output, model)


def _score_one_file(source: Path, output: Path, model: Path | None) -> None:
    from triage.files.batch import file_format, score_file

    file_format(source), file_format(output)
    if not source.is_file():
        fail(f"{source} does not exist")
    loaded = load_models(model)
    shown = 0

    def report(reject) -> None:
        nonlocal shown
        shown += 1
        if shown <= SHOWN_REJECTS:
            typer.echo(f"row {reject.row}: rejected: {reject.reason}", err=True)

    with progress() as advance:
        summary = score_file(loaded.classifier, source, output, on_progress=advance,
                             on_reject=report, accounts=loaded.accounts)
    if summary.encoding not in ("utf-8", "utf-8-sig"):
        typer.echo(f"note: {source} is not UTF-8; read as {summary.encoding}", err=True)
    _write_rejects(output, summary.rejects)
    typer.echo(f"scored {summary.scored} of {summary.read} rows -> {output}", err=True)


def _write_rejects(output: Path, rejects: list) -> None:
    from triage.files.batch import write_rejects

    rejects_path = output.with_name(output.name + ".rejects")
    if not rejects:
        rejects_path.unlink(missing_ok=True)
        return
    write_rejects(rejects_path, rejects)
    more = f" ({len(rejects) - SHOWN_REJECTS} more not shown)" if len(rejects) > SHOWN_REJECTS else ""
    typer.echo(f"{len(rejects)} rows rejected{more}: see {rejects_path}", err=True)


def _score_folder(source: Path, output: Path, model: Path | None, jobs: int, cluster: str | None) -> None:
    from triage.files.batch import score_folder

    # Checked here, before any worker starts; the workers load the very versions chosen here.
    paths = load_models(model).paths

    def done(path: Path, summary) -> None:
        rejected = f", {len(summary.rejects)} rejected (see .rejects)" if summary.rejects else ""
        typer.echo(f"{path.name}: scored {summary.scored} of {summary.read}{rejected}", err=True)

    if cluster:
        summaries = _score_on_cluster(cluster, paths, source, output, max(jobs, 1), done)
    else:
        summaries = score_folder(paths, source, output, max(jobs, 1), on_done=done)
    typer.echo(f"scored {sum(s.scored for s in summaries)} rows in {len(summaries)} files -> {output}",
               err=True)


def _score_on_cluster(address: str, paths: Mapping[str, Path], source: Path, output: Path, jobs: int, done):
    from triage.files.cluster import connect, score_folder_on_cluster

    with connect(address, jobs) as client:
        return score_folder_on_cluster(client, paths, source, output, on_done=done)


def import_comments(
    files: Annotated[list[Path], typer.Argument(help="platform export files (.json, .csv, .jsonl)")],
    platform: Annotated[str, typer.Option(help="instagram, x, facebook, youtube or tiktok")],
    model: ModelOption = None,
    jobs: Annotated[int, typer.Option(
        help="processes scoring a big import (over 5,000 comments) while this one stores",
    )] = ALL_CORES,
) -> None:
    """Import comments: new ones are scored and queued; ones already stored are skipped."""
    engine, loaded = database(bulk=True), load_models(model)
    for path in files:
        import_file(engine, loaded, path, platform, jobs)


def import_file(engine, loaded, path: Path, platform: str, jobs: int = 1) -> None:
    """Score and queue one platform export; one line of figures, the first rejected rows on stderr."""
    from triage.importers.registry import parse_file
    from triage.store.ingest import import_records

    if not path.is_file():
        fail(f"{path} does not exist")
    with progress() as advance:
        try:
            summary = import_records(engine, parse_file(path, platform), loaded.classifier,
                                     loaded.version, get_settings().own_accounts, on_progress=advance,
                                     account_model=loaded.accounts, jobs=max(jobs, 1))
        except TriageError as error:
            raise TriageError(f"{path}: {error}") from error  # which of the files, for the one handler
    for bad in summary.rejected[:SHOWN_REJECTS]:
        typer.echo(f"{path.name} {bad.position}: rejected: {bad.reason}", err=True)
    typer.echo(f"{path.name}: read {summary.read}, new {summary.new}, duplicates {summary.duplicates}, "
               f"rejected {len(summary.rejected)}, by our own accounts {summary.own}, "
               f"swarms {summary.swarms}, resolved without a person {summary.auto_resolved}")
