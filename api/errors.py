"""Domain errors turned into HTTP answers, in one place."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from triage.errors import InputFileError, ModelArtifactError, TriageError


class TooManyComments(TriageError):
    """A request carries more comments than one call may score."""


STATUS = {InputFileError: 422, ModelArtifactError: 503, TooManyComments: 413}


async def triage_error(request: Request, error: TriageError) -> JSONResponse:
    status = next((code for kind, code in STATUS.items() if isinstance(error, kind)), 400)
    return JSONResponse({"detail": str(error)}, status_code=status)


def register(app: FastAPI) -> None:
    app.add_exception_handler(TriageError, triage_error)
