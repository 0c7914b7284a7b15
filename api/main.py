"""The FastAPI application: load the model once, mount the routes, map domain errors."""

from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import errors
from api.routes import api_v1
from triage import artifact
from triage.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Loaded once per process; a bad artifact stops start-up with the loader's message.
        app.state.model = artifact.load(settings.model_path)
        yield

    app = FastAPI(
        title="triage",
        summary="Comment triage and response suggestions for a public agency's social-media desk.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    errors.register(app)
    app.include_router(api_v1.router)
    return app
