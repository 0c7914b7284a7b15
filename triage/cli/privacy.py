"""`triage people` (a person's access and erasure requests) and `triage retention`."""

import getpass
import json
from typing import Annotated

import typer

from triage.cli.app import fail
from triage.cli.common import database
from triage.importers.registry import PLATFORMS
from triage.settings import get_settings

people_app = typer.Typer(help="A person's data (UU 27/2022 PDP): show everything held, or erase it.",
                         no_args_is_help=True)
retention_app = typer.Typer(help="Erase text and author details past TRIAGE_RETENTION_DAYS.",
                            no_args_is_help=True)

PlatformOption = Annotated[str, typer.Option(help=f"one of {', '.join(PLATFORMS)}")]
UsernameOption = Annotated[str, typer.Option(help="the account's username on that platform")]
ActorOption = Annotated[str | None, typer.Option("--by", help="who answers the request (default: you)")]


def _checked(platform: str) -> str:
    if platform not in PLATFORMS:
        fail(f"platform is one of {', '.join(PLATFORMS)}")
    return platform


@people_app.command("show")
def people_show(platform: PlatformOption, username: UsernameOption, by: ActorOption = None) -> None:
    """Print as JSON everything the desk holds on the account (comments, decisions, account)."""
    from triage.privacy import people

    found = people.show(database(), _checked(platform), username, by or getpass.getuser())
    typer.echo(json.dumps(found, ensure_ascii=False, indent=2))


@people_app.command("forget")
def people_forget(platform: PlatformOption, username: UsernameOption, by: ActorOption = None,
                  yes: Annotated[bool, typer.Option("--yes", help="do not ask to confirm")] = False) -> None:
    """Erase the account's data everywhere the desk keeps it; the audit records that it was done."""
    from triage.privacy import people

    _checked(platform)
    if not yes and not typer.confirm(f"Erase everything held on {platform} @{username}?"):
        raise typer.Exit(code=1)
    counts = people.forget(database(), platform, username, by or getpass.getuser(),
                           get_settings().corrections_file)
    typer.echo(f"erased: {counts['accounts']} account(s), {counts['comments']} comment(s), "
               f"{counts['mentions']} other text(s) naming them, {counts['training_rows']} training row(s)")


@retention_app.command("run")
def retention_run(
    days: Annotated[int | None, typer.Option(help="default: TRIAGE_RETENTION_DAYS")] = None,
    compact: Annotated[bool, typer.Option(help="also rebuild the database files (VACUUM)")] = False,
) -> None:
    """Erase the text and author details of comments decided more than the retention period ago."""
    from triage.privacy import people

    days = days or get_settings().retention_days
    result = people.run_retention(database(), days, getpass.getuser(), compact=compact)
    typer.echo(f"retention {days} days: {result.comments} comment(s) and {result.accounts} account(s) "
               f"erased (decided before {result.cutoff:%Y-%m-%d})")
