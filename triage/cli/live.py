"""The live desk from the command line: `triage connect` (the platforms' APIs) and `triage poll`."""

from typing import Annotated

import typer

from triage.cli.app import fail
from triage.cli.common import database, desk_session, load_models, read_password
from triage.settings import get_settings

connect_app = typer.Typer(help="Connections to the platforms' APIs: add, list, remove.", no_args_is_help=True)


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

    token = read_password(confirm=False, prompt="Token")
    with desk_session() as session:
        added = connections.add(session, get_settings(), name, kind, target, token, interval, act)
    typer.echo(f"added {added.name}: {added.platform} {added.kind} {added.target}, "
               f"every {added.interval_seconds} s" + (", acts on the platform" if added.act else ""))


@connect_app.command("list")
def connect_list() -> None:
    """Each connection and its state (never its token)."""
    from triage.store import live

    with desk_session() as session:
        for c in live.connections(session):
            typer.echo("\t".join([
                c.name, c.platform, c.kind, c.target, f"every {c.interval_seconds} s",
                "acts" if c.act else "reads", f"last success {c.last_success_at or 'never'}",
                f"today {c.count_today}", f"last error {c.last_error!r}" if c.last_error else "no error"]))


@connect_app.command("remove")
def connect_remove(name: str) -> None:
    """Remove a connection (its token goes with it)."""
    from triage.store import live

    with desk_session() as session:
        if not live.remove_connection(session, name):
            fail(f"no connection named '{name}'")
    typer.echo(f"removed {name}")


def poll(once: Annotated[bool, typer.Option(help="one round, then stop (for cron)")] = False,
         every: Annotated[float, typer.Option(help="seconds between rounds")] = 5.0) -> None:
    """Without the web server: poll the connections that are due, process waiting webhook deliveries
    and send the platform calls that are due (`triage serve` does this by itself)."""
    import time
    from datetime import timedelta

    from triage.live.intake import Intake
    from triage.live.worker import run_once

    settings = get_settings()
    intake = Intake(database(), load_models(), frozenset(settings.own_accounts),
                    timedelta(seconds=settings.webhook_retake_seconds))
    while True:
        run_once(intake, settings)
        if once:
            return
        time.sleep(every)
