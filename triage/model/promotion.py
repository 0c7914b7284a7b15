"""Promoting and rolling back a model version, with its audit event: the one path every kind of
model is promoted through (`triage model promote`, `triage train`, `triage train-accounts`).

The registry (`triage.model.registry`) moves CURRENT and HISTORY after the not-worse check; this
module also records who did it in the database's model events, shown on the audit page.
"""

import getpass
from pathlib import Path

from sqlalchemy import Engine

from triage.model import registry
from triage.model.kinds import kind_of_folder
from triage.store.audit import record_model_event
from triage.store.db import session_scope


def promote(engine: Engine, model_dir: Path, version: str, evidence: Path | None = None,
            force: bool = False, actor: str | None = None) -> registry.Comparison:
    """Make `version` the one in use if it is not worse on its kind's fixed evidence (default:
    the kind's own, e.g. the fixed evaluation split); `force` promotes anyway, and is recorded."""
    kind = kind_of_folder(model_dir)
    comparison = registry.promote(model_dir, version, evidence or kind.evidence, force, kind)
    details = {**comparison.as_dict(), "model": model_dir.name, "judged_by": kind.judged_by,
               **({"forced": True} if force and not comparison.not_worse else {})}
    _record(engine, "promote", version, comparison.current, actor, details)
    return comparison


def rollback(engine: Engine, model_dir: Path, actor: str | None = None) -> tuple[str, str]:
    """Go back to the version in use before the last promotion; returns (from, to)."""
    left, back = registry.rollback(model_dir)
    _record(engine, "rollback", back, left, actor, {"model": model_dir.name})
    return left, back


def _record(engine: Engine, kind: str, version: str, previous: str | None, actor: str | None,
            details: dict) -> None:
    with session_scope(engine) as session:
        record_model_event(session, kind, version, previous, actor or getpass.getuser(), details)
