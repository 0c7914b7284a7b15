"""Connections to the platforms' APIs: adding one (its token sealed), and the API it speaks to."""

import re

import httpx
from sqlmodel import Session

from triage.errors import LiveError
from triage.live.feeds import KINDS
from triage.live.platform_api import PlatformApi
from triage.live.tokens import seal, unseal
from triage.settings import Settings
from triage.store import live
from triage.store.models import Connection

NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
# Targets go into URL paths: only the characters the platforms' ids use.
ID_TARGET = re.compile(r"[A-Za-z0-9_-]{1,200}")
MIN_INTERVAL, MAX_INTERVAL = 10, 86_400


def add(session: Session, settings: Settings, name: str, kind: str, target: str, token: str,
        interval_seconds: int = 300, act: bool = False) -> Connection:
    """A new connection; raises LiveError saying what is wrong with the request."""
    name, target, token = name.strip().lower(), target.strip(), token.strip()
    if not NAME.fullmatch(name):
        raise LiveError("a connection name is lower-case letters, digits, '.', '_' or '-' (at most 64)")
    if kind not in KINDS:
        raise LiveError(f"unknown kind '{kind}'; choose one of {', '.join(KINDS)}")
    if kind != "x_search" and not ID_TARGET.fullmatch(target):
        raise LiveError(f"the target of a {kind} connection is {KINDS[kind].target}")
    if not target or len(target) > 500:
        raise LiveError("the target is empty or longer than 500 characters")
    if not token:
        raise LiveError("the token is empty")
    if not MIN_INTERVAL <= interval_seconds <= MAX_INTERVAL:
        raise LiveError(f"the interval is {MIN_INTERVAL} to {MAX_INTERVAL:,} seconds")
    return live.add_connection(session, Connection(
        name=name, platform=KINDS[kind].platform, kind=kind, target=target,
        token_encrypted=seal(token, settings.signing_key()), interval_seconds=interval_seconds, act=act))


def api_for(connection: Connection, settings: Settings, client: httpx.Client | None = None) -> PlatformApi:
    """The platform API as this connection may use it (its token in the header the API reads)."""
    token = unseal(connection.token_encrypted, settings.signing_key())
    base = {"youtube": settings.youtube_api_url, "x": settings.x_api_url}.get(
        connection.platform, settings.graph_api_url)
    if connection.platform == "youtube" and not connection.act:
        headers = {"X-Goog-Api-Key": token}  # an API key reads public comments
    else:
        headers = {"Authorization": f"Bearer {token}"}  # OAuth (YouTube acting, X, Graph)
    return PlatformApi(base, headers, client)
