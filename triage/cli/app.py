"""The root `triage` Typer app and the one place the command line answers a domain error."""

import typer
from typer.core import TyperGroup

from triage.errors import TriageError


def fail(message: str) -> None:
    """Print `error: message` on stderr and end the command with exit code 2."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


class HandledGroup(TyperGroup):
    """Every command runs inside this group's `invoke`: a TriageError from any of them (its
    message says what to do) becomes one line on stderr and exit code 2, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except TriageError as error:
            fail(str(error))


app = typer.Typer(help="Comment triage for a public agency's social-media desk.", cls=HandledGroup,
                  no_args_is_help=True, pretty_exceptions_enable=False)
