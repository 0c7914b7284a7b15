"""The `triage` command line."""

from triage.cli.main import app

__all__ = ["app"]
