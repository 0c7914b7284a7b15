"""The `triage` command line: serve, train, evaluate, score, data build."""

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from triage.cli.privacy import people_app, retention_app
from triage.errors import TriageError
from triage.model import artifact
from triage.settings import ACCOUNT_MODEL_NAME, DEFAULT_MODEL_NAME, MODELS_DIR, PROJECT_ROOT, get_settings

app = typer.Typer(help="Comment triage for a public agency's social-media desk.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
data_app = typer.Typer(help="Build the training data from the public corpora.", no_args_is_help=True)
users_app = typer.Typer(help="Desk users: add, list, disable, enable, set a password.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys for other systems: create, list, revoke.", no_args_is_help=True)
model_app = typer.Typer(help="Model versions: list, promote, rollback.", no_args_is_help=True)
connect_app = typer.Typer(help="Connections to the platforms' APIs: add, list, remove.", no_args_is_help=True)
app.add_typer(data_app, name="data")
app.add_typer(users_app, name="users")
app.add_typer(keys_app, name="apikeys")
app.add_typer(model_app, name="model")
app.add_typer(connect_app, name="connect")
app.add_typer(people_app, name="people")
app.add_typer(retention_app, name="retention")

ModelOption = Annotated[Path | None, typer.Option(
    "--model", help="model.joblib to use (card.json beside it); default: TRIAGE_MODEL or the shipped model")]
DATA_DIR = PROJECT_ROOT / "data"
SPLITS_DIR = DATA_DIR / "splits"
SEED_FILE = DATA_DIR / "seed" / "written_here.csv"
SOURCES_FILE = DATA_DIR / "sources.csv"
LABELLED_DIR = DATA_DIR / "labelled_here"
CORPORA_DIR = PROJECT_ROOT.parent / "shared" / "corpora"
MODEL_DIR = MODELS_DIR / DEFAULT_MODEL_NAME
ACCOUNT_MODEL_DIR = MODELS_DIR / ACCOUNT_MODEL_NAME


def fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def load_model(path: Path | None):
    try:
        settings = get_settings()
        return artifact.load(path or settings.model_path, settings.account_model_path)
    except (TriageError, FileNotFoundError) as error:
        fail(str(error))


@app.command()
def serve(host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="TCP port")] = 8000) -> None:
    """Serve the web pages and the HTTP API."""
    import uvicorn

    uvicorn.run("api.main:create_app", factory=True, host=host, port=port)


@app.command()
def train(
    data_dir: Annotated[Path, typer.Option("--data", help="folder with train/valid/test.csv")] = SPLITS_DIR,
    out: Annotated[Path, typer.Option(help="model folder; versions go below it")] = MODEL_DIR,
    version: Annotated[str | None, typer.Option(help="version name; default: today's date")] = None,
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
        _promote(out, card["version"], data_dir / "test.csv", force=False)


def export_desk_examples(target: Path) -> Path:
    """Write the desk's corrections (with their provenance) to `target` for training."""
    import pandas as pd

    from triage.store.corrections import desk_examples
    from triage.store.db import session_scope

    with session_scope(database()) as session:
        rows = desk_examples(session)
    target.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows, columns=["text", "label", "source", "source_label"]).to_csv(target, index=False)
    typer.echo(f"{len(rows)} corrections from the desk -> {target}")
    return target


def _record_model_event(kind: str, version: str, previous: str | None, details: dict) -> None:
    import getpass

    from triage.store.db import session_scope
    from triage.store.models import ModelEvent

    with session_scope(database()) as session:
        session.add(ModelEvent(kind=kind, version=version, previous_version=previous,
                               actor=getpass.getuser(), details=details))


def _promote(model_dir: Path, version: str, split_file: Path, force: bool) -> None:
    from triage.model import registry

    try:
        comparison = registry.promote(model_dir, version, split_file, force=force)
    except TriageError as error:
        fail(str(error))
    before = ("none" if comparison.current_f1 is None
              else f"{comparison.current_f1:.4f} ({comparison.current})")
    typer.echo(f"promoted {version}: macro-F1 {comparison.candidate_f1:.4f} on the fixed split "
               f"({comparison.rows} rows), before {before}; restart the app to use it")
    _record_model_event("promote", version, comparison.current, comparison.as_dict())


@model_app.command("list")
def model_list(out: Annotated[Path, typer.Option(help="model folder")] = MODEL_DIR) -> None:
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
    version: str, out: Annotated[Path, typer.Option(help="model folder")] = MODEL_DIR,
    force: Annotated[bool, typer.Option(help="promote even if worse (recorded)")] = False,
) -> None:
    """Make VERSION the desk's model if it is not worse on the fixed evaluation split."""
    _promote(out, version, SPLITS_DIR / "test.csv", force)


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
    figures, chosen = card["metrics"]["auto_resolve"], card["thresholds"]
    pooled = figures.get("leave_one_source_out", {}).get("pooled", {})
    for label, threshold in chosen["auto_resolve_from"].items():
        test, out = figures["test"].get(label, {}), pooled.get(label, {})
        refused = chosen.get("auto_resolve_refused", {}).get(label)
        typer.echo(f"{label:13} " + (f"never: {refused}" if refused else
                                     "never: the target is not met on validation" if threshold is None else
                                     f"from {threshold}: test precision {test.get('precision')} "
                                     f"coverage {test.get('coverage')} ({test.get('resolved')} rows); "
                                     f"left out precision {out.get('precision')} "
                                     f"coverage {out.get('coverage')} ({out.get('resolved')} rows)"))


@model_app.command("rollback")
def model_rollback(out: Annotated[Path, typer.Option(help="model folder")] = MODEL_DIR) -> None:
    """Go back to the model in use before the last promotion."""
    from triage.model import registry

    try:
        left, back = registry.rollback(out)
    except TriageError as error:
        fail(str(error))
    typer.echo(f"rolled back from {left} to {back}; restart the app to use it")
    _record_model_event("rollback", back, left, {})


@app.command("train-accounts")
def train_accounts(
    corpora: Annotated[Path, typer.Option(help="folder of the public corpora")] = CORPORA_DIR,
    out: Annotated[Path, typer.Option(help="model folder; versions go below it")] = ACCOUNT_MODEL_DIR,
    version: Annotated[str | None, typer.Option(help="version name; default: today's date")] = None,
    promote: Annotated[bool, typer.Option(help="make this the account model the desk uses")] = True,
) -> None:
    """Fit the fake-account model on instafake, the Kaggle set and cresci-2015; write model.joblib +
    card.json (with leave-one-dataset-out figures)."""
    from triage.training.fake_accounts import summary
    from triage.training.fake_accounts import train_accounts as run_training

    if not corpora.is_dir():
        fail(f"corpora folder {corpora} not found (pass --corpora)")
    card = run_training(corpora, out, version)
    if promote:
        (out / "CURRENT").write_text(card["version"] + "\n")
    typer.echo(f"{summary(card)} -> {out / card['version']}")


@app.command()
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

    from triage.labels import LABELS
    from triage.training.dataset import read_split
    from triage.training.text_model import report

    frames = []
    for path in data:
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
        frames.append(rows)
    rows = pd.concat(frames, ignore_index=True)
    loaded = load_model(model)
    result = {**report(loaded.classifier, rows), "model_version": loaded.version}
    if as_json:
        typer.echo(json.dumps(result))
        return
    from triage.model.evaluation_report import evaluation_text

    typer.echo(evaluation_text(result, " + ".join(map(str, data)), loaded.card,
                               loaded.accounts.card if loaded.accounts else None))


@app.command()
def score(
    source: Annotated[Path, typer.Argument(
        help="input .csv/.jsonl/.parquet (id,text + author fields), or a folder")],
    output: Annotated[Path, typer.Option("-o", "--output", help="output .csv/.jsonl/.parquet, or a folder")],
    model: ModelOption = None,
    jobs: Annotated[int, typer.Option(help="files scored at once, for a folder")] = os.cpu_count() or 1,
    cluster: Annotated[str | None, typer.Option(
        help="score a folder on Dask: 'local' (a LocalCluster of --jobs worker processes) or a "
             "scheduler address tcp://HOST:8786 (the folders must be reachable by every worker)")] = None,
) -> None:
    """Add label, confidence and action to every row; bad rows go to OUTPUT.rejects."""
    if cluster and not source.is_dir():
        fail("--cluster scores a folder of partitions: give a folder as SOURCE and OUTPUT")
    if source.is_dir():
        return _score_folder(source, output, model, jobs, cluster)
    from triage.files.batch import file_format, score_file, write_rejects

    try:
        file_format(source), file_format(output)
    except TriageError as error:
        fail(str(error))
    if not source.is_file():
        fail(f"{source} does not exist")
    loaded = load_model(model)
    shown = 0

    def report(reject) -> None:
        nonlocal shown
        shown += 1
        if shown <= 20:
            typer.echo(f"row {reject.row}: rejected: {reject.reason}", err=True)

    with _progress() as advance:
        try:
            summary = score_file(loaded.classifier, source, output, on_progress=advance,
                                 on_reject=report, accounts=loaded.accounts)
        except TriageError as error:
            fail(str(error))
    if summary.encoding not in ("utf-8", "utf-8-sig"):
        typer.echo(f"note: {source} is not UTF-8; read as {summary.encoding}", err=True)
    rejects_path = output.with_name(output.name + ".rejects")
    if summary.rejects:
        write_rejects(rejects_path, summary.rejects)
        more = f" ({len(summary.rejects) - 20} more not shown)" if len(summary.rejects) > 20 else ""
        typer.echo(f"{len(summary.rejects)} rows rejected{more}: see {rejects_path}", err=True)
    else:
        rejects_path.unlink(missing_ok=True)
    typer.echo(f"scored {summary.scored} of {summary.read} rows -> {output}", err=True)


def _score_folder(source: Path, output: Path, model: Path | None, jobs: int, cluster: str | None) -> None:
    from triage.files.batch import score_folder

    model_path = model or get_settings().model_path
    load_model(model_path)  # refuse a bad artifact before starting the workers

    def done(path: Path, summary) -> None:
        rejected = f", {len(summary.rejects)} rejected (see .rejects)" if summary.rejects else ""
        typer.echo(f"{path.name}: scored {summary.scored} of {summary.read}{rejected}", err=True)

    try:
        if cluster:
            summaries = _score_on_cluster(cluster, model_path, source, output, max(jobs, 1), done)
        else:
            summaries = score_folder(model_path, get_settings().account_model_path, source, output,
                                     max(jobs, 1), on_done=done)
    except TriageError as error:
        fail(str(error))
    typer.echo(f"scored {sum(s.scored for s in summaries)} rows in {len(summaries)} files -> {output}",
               err=True)


def _score_on_cluster(address: str, model_path: Path, source: Path, output: Path, jobs: int, done):
    from triage.files.cluster import connect, score_folder_on_cluster

    with connect(address, jobs) as client:
        return score_folder_on_cluster(client, model_path, get_settings().account_model_path, source, output,
                                       on_done=done)


def database(bulk: bool = False):
    """The store at DATABASE_URL, migrated to the newest schema (`bulk`: for imports, see
    `make_engine`)."""
    from triage.store.db import engine_for, upgrade

    url = get_settings().database_url
    upgrade(url)
    return engine_for(url, bulk)


@app.command("import")
def import_comments(
    files: Annotated[list[Path], typer.Argument(help="platform export files (.json, .csv, .jsonl)")],
    platform: Annotated[str, typer.Option(help="instagram, x, facebook, youtube or tiktok")],
    model: ModelOption = None,
    jobs: Annotated[int, typer.Option(
        help="processes scoring a big import (over 5,000 comments) while this one stores",
    )] = os.cpu_count() or 1,
) -> None:
    """Import comments: new ones are scored and queued; ones already stored are skipped."""
    engine, loaded = database(bulk=True), load_model(model)
    for path in files:
        _import_file(engine, loaded, path, platform, jobs)


def _import_file(engine, loaded, path: Path, platform: str, jobs: int = 1) -> None:
    from triage.importers.registry import parse_file
    from triage.store.ingest import import_records

    if not path.is_file():
        fail(f"{path} does not exist")
    with _progress() as advance:
        try:
            summary = import_records(engine, parse_file(path, platform), loaded.classifier,
                                     loaded.version, get_settings().own_accounts, on_progress=advance,
                                     account_model=loaded.accounts, jobs=max(jobs, 1))
        except TriageError as error:
            fail(f"{path}: {error}")
    for bad in summary.rejected[:20]:
        typer.echo(f"{path.name} {bad.position}: rejected: {bad.reason}", err=True)
    typer.echo(f"{path.name}: read {summary.read}, new {summary.new}, duplicates {summary.duplicates}, "
               f"rejected {len(summary.rejected)}, by our own accounts {summary.own}, "
               f"swarms {summary.swarms}, resolved without a person {summary.auto_resolved}")


DEMO_FILES = {"instagram_comments.json": "instagram", "x_replies.json": "x",
              "facebook_comments.json": "facebook", "youtube_comment_threads.json": "youtube",
              "tiktok_comments.csv": "tiktok", "x_swarm.json": "x"}
DEMO_USERS = {"admin": "admin", "supervisor": "supervisor"}


@app.command()
def demo(folder: Annotated[Path, typer.Option(help="demo exports")] = PROJECT_ROOT / "demo") -> None:
    """Set up a demo desk: migrate, import the demo comments, create a demo admin and supervisor
    (their passwords are printed once). Safe to run again: nothing is added twice."""
    import secrets

    from triage.store.db import session_scope
    from triage.store.users import Role, add_user, find_user

    engine, loaded = database(), load_model(None)
    for name, platform in DEMO_FILES.items():
        _import_file(engine, loaded, folder / name, platform)
    with session_scope(engine) as session:
        for username, role in DEMO_USERS.items():
            if find_user(session, username):
                typer.echo(f"demo {role} '{username}' exists (to reset: triage users password {username})")
                continue
            password = f"{secrets.token_urlsafe(12)}-{secrets.randbelow(90) + 10}"  # meets the policy
            add_user(session, username, password, Role(role))
            typer.echo(f"demo {role}: username '{username}', password '{password}' (shown once)")
    from triage.demo import load_history

    typer.echo(load_history(engine, loaded).line())


def read_password(confirm: bool = True, prompt: str = "Password") -> str:
    """From a prompt on a terminal, else the first line of stdin (for scripts)."""
    if sys.stdin.isatty():
        return typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm)
    return sys.stdin.readline().rstrip("\r\n")


@connect_app.command("add")
def connect_add(
    name: Annotated[str, typer.Argument(help="a short name, e.g. yt-ditjenpas")],
    kind: Annotated[str, typer.Option(help="youtube_threads, x_mentions, x_search, instagram_media "
                                           "or facebook_post")],
    target: Annotated[str, typer.Option(help="video/channel id, X user id, search query, media or post id")],
    interval: Annotated[int, typer.Option(help="seconds between polls")] = 300,
    act: Annotated[bool, typer.Option(help="the desk's replies, hides and likes on this platform go "
                                           "through this connection (needs a token allowed to)")] = False,
) -> None:
    """Add a connection; its token (API key or access token) is read from stdin, never echoed, and
    stored encrypted with TRIAGE_SECRET_KEY."""
    from triage.live import connections
    from triage.store.db import session_scope

    token = read_password(confirm=False, prompt="Token")
    try:
        with session_scope(database()) as session:
            added = connections.add(session, get_settings(), name, kind, target, token, interval, act)
    except TriageError as error:
        fail(str(error))
    typer.echo(f"added {added.name}: {added.platform} {added.kind} {added.target}, "
               f"every {added.interval_seconds} s" + (", acts on the platform" if added.act else ""))


@connect_app.command("list")
def connect_list() -> None:
    """Each connection and its state (never its token)."""
    from triage.store import live
    from triage.store.db import session_scope

    with session_scope(database()) as session:
        for c in live.connections(session):
            typer.echo("\t".join([
                c.name, c.platform, c.kind, c.target, f"every {c.interval_seconds} s",
                "acts" if c.act else "reads", f"last success {c.last_success_at or 'never'}",
                f"today {c.count_today}", f"last error {c.last_error!r}" if c.last_error else "no error"]))


@connect_app.command("remove")
def connect_remove(name: str) -> None:
    """Remove a connection (its token goes with it)."""
    from triage.store import live
    from triage.store.db import session_scope

    with session_scope(database()) as session:
        if not live.remove_connection(session, name):
            fail(f"no connection named '{name}'")
    typer.echo(f"removed {name}")


@app.command()
def poll(once: Annotated[bool, typer.Option(help="one round, then stop (for cron)")] = False,
         every: Annotated[float, typer.Option(help="seconds between rounds")] = 5.0) -> None:
    """Without the web server: poll the connections that are due, process waiting webhook deliveries
    and send the platform calls that are due (`triage serve` does this by itself)."""
    import time
    from datetime import timedelta

    from triage.live.intake import Intake
    from triage.live.worker import run_once

    settings = get_settings()
    intake = Intake(database(), load_model(None), frozenset(settings.own_accounts),
                    timedelta(seconds=settings.webhook_retake_seconds))
    while True:
        run_once(intake, settings)
        if once:
            return
        time.sleep(every)


@users_app.command("add")
def users_add(username: str, role: Annotated[str, typer.Option(help="admin or supervisor")]) -> None:
    """Add a user; the password is read from stdin."""
    from triage.store.db import session_scope
    from triage.store.users import Role, add_user

    if role not in {r.value for r in Role}:
        fail("role must be admin or supervisor")
    try:
        with session_scope(database()) as session:
            add_user(session, username, read_password(), Role(role))
    except TriageError as error:
        fail(str(error))
    typer.echo(f"added {role} {username}")


@users_app.command("list")
def users_list() -> None:
    """List users with their role and whether they may sign in."""
    from triage.store.db import session_scope
    from triage.store.users import list_users

    with session_scope(database()) as session:
        for user in list_users(session):
            typer.echo(f"{user.username}\t{user.role}\t{'active' if user.active else 'disabled'}")


def _set_active(username: str, active: bool) -> None:
    from triage.store.db import session_scope
    from triage.store.users import set_active

    try:
        with session_scope(database()) as session:
            set_active(session, username, active)
    except TriageError as error:
        fail(str(error))
    typer.echo(f"{username} {'enabled' if active else 'disabled'}")


@users_app.command("disable")
def users_disable(username: str) -> None:
    """Stop a user from signing in (their decisions stay in the audit trail)."""
    _set_active(username, False)


@users_app.command("enable")
def users_enable(username: str) -> None:
    """Let a disabled user sign in again."""
    _set_active(username, True)


@users_app.command("password")
def users_password(username: str) -> None:
    """Set a new password (read from stdin)."""
    from triage.store.db import session_scope
    from triage.store.users import set_password

    try:
        with session_scope(database()) as session:
            set_password(session, username, read_password())
    except TriageError as error:
        fail(str(error))
    typer.echo(f"password of {username} changed")


@users_app.command("reset-2fa")
def users_reset_2fa(username: str) -> None:
    """Turn off a user's second factor (a lost phone); they set it up again after signing in."""
    from triage.store.db import session_scope
    from triage.store.users import disable_totp

    try:
        with session_scope(database()) as session:
            disable_totp(session, username)
    except TriageError as error:
        fail(str(error))
    typer.echo(f"second factor of {username} turned off")


@keys_app.command("create")
def apikeys_create(name: str) -> None:
    """Create an API key; it is printed once, as the last word (only its hash is kept)."""
    from triage.store import apikeys
    from triage.store.db import session_scope

    try:
        with session_scope(database()) as session:
            key = apikeys.create(session, name)
    except TriageError as error:
        fail(str(error))
    typer.echo(f"API key {name!r} (shown once, store it now): {key}")


@keys_app.command("list")
def apikeys_list() -> None:
    """List keys: name, first characters, created, last used, revoked."""
    from triage.store import apikeys
    from triage.store.db import session_scope

    with session_scope(database()) as session:
        for key in apikeys.list_keys(session):
            state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "live"
            used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
            created = f"{key.created_at:%Y-%m-%d}"
            typer.echo(f"{key.name}\t{key.prefix}...\tcreated {created}\tused {used}\t{state}")


@keys_app.command("revoke")
def apikeys_revoke(name: str) -> None:
    """Revoke a key: it stops working at once."""
    from triage.store import apikeys
    from triage.store.db import session_scope

    try:
        with session_scope(database()) as session:
            apikeys.revoke(session, name)
    except TriageError as error:
        fail(str(error))
    typer.echo(f"revoked {name}")


@app.command("backup")
def backup_command(target: Annotated[Path, typer.Argument(help="new file for the copy")]) -> None:
    """Make a consistent copy of the database (SQLite, or PostgreSQL with pg_dump), safe while the
    app runs."""
    from triage.store.backup import backup

    try:
        size = backup(get_settings().database_url, target)
    except TriageError as error:
        fail(str(error))
    typer.echo(f"backed up to {target} ({size / 1e6:.1f} MB), integrity checked")


@app.command("restore")
def restore_command(source: Annotated[Path, typer.Argument(help="a file made by `triage backup`")]) -> None:
    """Check a backup and restore it over the database (PostgreSQL: pg_restore; stop the app first)."""
    from triage.store.backup import restore

    if not source.is_file():
        fail(f"{source} does not exist")
    try:
        restore(get_settings().database_url, source)
    except TriageError as error:
        fail(str(error))
    typer.echo(f"restored from {source}")


class _progress:
    """A progress bar on a terminal; silent when stderr is a file or pipe."""

    def __enter__(self):
        if not sys.stderr.isatty():
            return lambda n: None
        from rich.progress import Progress

        self.bar = Progress(transient=True)
        self.bar.start()
        task = self.bar.add_task("scoring", total=None)
        return lambda n: self.bar.advance(task, n)

    def __exit__(self, *exc) -> None:
        if hasattr(self, "bar"):
            self.bar.stop()


@data_app.command("build")
def data_build(
    corpora: Annotated[Path, typer.Option(help="folder of the public corpora")] = CORPORA_DIR,
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
    from triage.training.corpora import read_slang_lexicons
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
    lexicon = DATA_DIR / "lexicon" / "slang.csv"
    lexicon.parent.mkdir(exist_ok=True)
    read_slang_lexicons(corpora).to_csv(lexicon, index=False, lineterminator="\n")
    (out.parent / "COUNTS.md").write_text(counts_markdown(report) + "\n")
    sizes = " ".join(f"{name}={len(frame)}+{len(restricted[name])}" for name, frame in shipped.items())
    where = f"{out}, {restricted_dir}" if report.restricted_sources else str(out)
    typer.echo(f"{sizes} (shipped+restricted) -> {where}")


def main() -> None:  # pragma: no cover - console entry point
    app()
