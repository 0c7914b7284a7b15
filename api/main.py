"""The FastAPI application: load the model once, migrate, mount the routes, map errors."""

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from api import errors, security
from api.routes import api_v1, auth, queue
from triage import artifact
from triage.settings import Settings, get_settings
from triage.store.db import engine_for, upgrade

STATIC = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """The app. Given an `engine` (tests), its schema is the caller's business; otherwise the
    database at DATABASE_URL is migrated to the newest schema at start-up."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if engine is None:
            upgrade(settings.database_url)
        app.state.engine = engine or engine_for(settings.database_url)
        # Loaded once per process; a bad artifact stops start-up with the loader's message.
        app.state.model = artifact.load(settings.model_path, settings.account_model_path)
        yield

    app = FastAPI(
        title="triage",
        summary="Comment triage and response suggestions for a public agency's social-media desk.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    errors.register(app)
    security.protect(app, settings)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api_v1.router)
    app.include_router(auth.router)
    app.include_router(queue.router)
    return app
