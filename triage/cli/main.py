"""The `triage` command line: the root app with every command group registered.

One module per group: `training` (data build, train, train-accounts, evaluate), `models`
(model list/promote/rollback/thresholds), `scoring` (score, import), `desk` (serve, demo,
users, apikeys, backup, restore), `live` (connect, poll), `privacy` (people, retention).
Shared helpers are in `common`; the one error handler is `app.HandledGroup`.
"""

from triage.cli import desk, live, scoring, training
from triage.cli.app import app
from triage.cli.desk import DEMO_FILES, keys_app, users_app
from triage.cli.live import connect_app
from triage.cli.models import model_app
from triage.cli.privacy import people_app, retention_app
from triage.cli.training import data_app

__all__ = ["DEMO_FILES", "app", "main"]

# Every command of the root, in the order `triage --help` lists them.
app.command()(desk.serve)
app.command()(training.train)
app.command("train-accounts")(training.train_accounts)
app.command()(training.evaluate)
app.command()(scoring.score)
app.command("import")(scoring.import_comments)
app.command()(desk.demo)
app.command()(live.poll)
app.command("backup")(desk.backup_command)
app.command("restore")(desk.restore_command)

app.add_typer(data_app, name="data")
app.add_typer(users_app, name="users")
app.add_typer(keys_app, name="apikeys")
app.add_typer(model_app, name="model")
app.add_typer(connect_app, name="connect")
app.add_typer(people_app, name="people")
app.add_typer(retention_app, name="retention")


def main() -> None:  # pragma: no cover - console entry point
    app()
