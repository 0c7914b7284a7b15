"""Running the desk: `triage serve`, `triage demo`, `triage users`, `triage apikeys`,
`triage backup` and `triage restore`."""

from pathlib import Path
from typing import Annotated

import typer

from triage.cli.app import fail
from triage.cli.common import database, desk_session, load_models, read_password
from triage.cli.scoring import import_file
from triage.settings import PROJECT_ROOT, get_settings

users_app = typer.Typer(help="Desk users: add, list, disable, enable, set a password.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys for other systems: create, list, revoke.", no_args_is_help=True)

DEMO_FILES = {"instagram_comments.json": "instagram", "x_replies.json": "x",
              "facebook_comments.json": "facebook", "youtube_comment_threads.json": "youtube",
              "tiktok_comments.csv": "tiktok", "x_swarm.json": "x"}
DEMO_USERS = {"admin": "admin", "supervisor": "supervisor"}


def serve(host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="TCP port")] = 8000) -> None:
    """Serve the web pages and the HTTP API."""
    import uvicorn

    uvicorn.run("api.main:create_app", factory=True, host=host, port=port)


def demo(folder: Annotated[Path, typer.Option(help="demo exports")] = PROJECT_ROOT / "demo") -> None:
    """Set up a demo desk: migrate, import the demo comments, create a demo admin and supervisor
    (their passwords are printed once). Safe to run again: nothing is added twice."""
    engine, loaded = database(), load_models()
    for name, platform in DEMO_FILES.items():
        import_file(engine, loaded, folder / name, platform)
    _add_demo_users()
    from triage.demo import load_history  # a few weeks of invented past work for audit, reports, crisis

    typer.echo(load_history(engine, loaded).line())


def _add_demo_users() -> None:
    import secrets

    from triage.store.users import Role, add_user, find_user

    with desk_session() as session:
        for username, role in DEMO_USERS.items():
            if find_user(session, username):
                typer.echo(f"demo {role} '{username}' exists (to reset: triage users password {username})")
                continue
            password = f"{secrets.token_urlsafe(12)}-{secrets.randbelow(90) + 10}"  # meets the policy
            add_user(session, username, password, Role(role))
            typer.echo(f"demo {role}: username '{username}', password '{password}' (shown once)")


@users_app.command("add")
def users_add(username: str, role: Annotated[str, typer.Option(help="admin or supervisor")]) -> None:
    """Add a user; the password is read from stdin."""
    from triage.store.users import Role, add_user

    if role not in {r.value for r in Role}:
        fail("role must be admin or supervisor")
    with desk_session() as session:
        add_user(session, username, read_password(), Role(role))
    typer.echo(f"added {role} {username}")


@users_app.command("list")
def users_list() -> None:
    """List users with their role and whether they may sign in."""
    from triage.store.users import list_users

    with desk_session() as session:
        for user in list_users(session):
            typer.echo(f"{user.username}\t{user.role}\t{'active' if user.active else 'disabled'}")


def _set_active(username: str, active: bool) -> None:
    from triage.store.users import set_active

    with desk_session() as session:
        set_active(session, username, active)
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
    from triage.store.users import set_password

    with desk_session() as session:
        set_password(session, username, read_password())
    typer.echo(f"password of {username} changed")


@users_app.command("reset-2fa")
def users_reset_2fa(username: str) -> None:
    """Turn off a user's second factor (a lost phone); they set it up again after signing in."""
    from triage.store.users import disable_totp

    with desk_session() as session:
        disable_totp(session, username)
    typer.echo(f"second factor of {username} turned off")


@keys_app.command("create")
def apikeys_create(name: str) -> None:
    """Create an API key; it is printed once, as the last word (only its hash is kept)."""
    from triage.store import apikeys

    with desk_session() as session:
        key = apikeys.create(session, name)
    typer.echo(f"API key {name!r} (shown once, store it now): {key}")


@keys_app.command("list")
def apikeys_list() -> None:
    """List keys: name, first characters, created, last used, revoked."""
    from triage.store import apikeys

    with desk_session() as session:
        for key in apikeys.list_keys(session):
            state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "live"
            used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
            created = f"{key.created_at:%Y-%m-%d}"
            typer.echo(f"{key.name}\t{key.prefix}...\tcreated {created}\tused {used}\t{state}")


@keys_app.command("revoke")
def apikeys_revoke(name: str) -> None:
    """Revoke a key: it stops working at once."""
    from triage.store import apikeys

    with desk_session() as session:
        apikeys.revoke(session, name)
    typer.echo(f"revoked {name}")


def backup_command(target: Annotated[Path, typer.Argument(help="new file for the copy")]) -> None:
    """Make a consistent copy of the database (SQLite, or PostgreSQL with pg_dump), safe while the
    app runs."""
    from triage.store.backup import backup

    size = backup(get_settings().database_url, target)
    typer.echo(f"backed up to {target} ({size / 1e6:.1f} MB), integrity checked")


def restore_command(source: Annotated[Path, typer.Argument(help="a file made by `triage backup`")]) -> None:
    """Check a backup and restore it over the database (PostgreSQL: pg_restore; stop the app first)."""
    from triage.store.backup import restore

    if not source.is_file():
        fail(f"{source} does not exist")
    restore(get_settings().database_url, source)
    typer.echo(f"restored from {source}")
