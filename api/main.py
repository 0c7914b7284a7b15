"""The FastAPI application: load the model once, migrate, mount the routes, map errors."""

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from api import errors, security
from api.apikeys import RateLimiter
from api.routes import api_v1, audit, auth, crisis, platforms, queue, reports
from triage import artifact
from triage.playbook import playbook
from triage.settings import Settings, get_settings
from triage.store.db import engine_for, upgrade
from triage.workdays import WorkingCalendar

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
        # Loaded once per process; a bad artifact or rules file stops start-up with its message.
        app.state.model = artifact.load(settings.model_path, settings.account_model_path)
        playbook()
        app.state.calendar = WorkingCalendar()
        app.state.rate_limiter = RateLimiter(settings.api_rate_limit)
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
    app.include_router(crisis.router)
    app.include_router(audit.router)
    app.include_router(reports.router)
    app.include_router(platforms.router)
    return app
