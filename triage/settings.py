"""The one settings object. Every value can come from the environment."""

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = PROJECT_ROOT / "models"
RESPONSES_DIR = PROJECT_ROOT / "responses"  # the playbook, replies, knowledge base, crisis rules: data
DEFAULT_MODEL_NAME = "triage-text"
ACCOUNT_MODEL_NAME = "triage-accounts"
PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "secret", "development"}
DEV_SECRET_FILE = Path(".triage-secret")


def shipped_model_path() -> Path:
    """The text model's artifact that CURRENT names (`triage.model.registry` owns that layout)."""
    from triage.model.registry import in_use_path

    path = in_use_path(MODELS_DIR / DEFAULT_MODEL_NAME)
    if path is None:
        raise FileNotFoundError(MODELS_DIR / DEFAULT_MODEL_NAME / "CURRENT")
    return path


def shipped_account_model_path() -> Path | None:
    """The shipped fake-account model, or None if the repository has none."""
    from triage.model.registry import in_use_path

    return in_use_path(MODELS_DIR / ACCOUNT_MODEL_NAME)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TRIAGE_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///triage.db",
        validation_alias=AliasChoices("DATABASE_URL", "TRIAGE_DATABASE_URL"),
        description="SQLAlchemy URL of the store; a SQLite file in the working directory by default.",
    )
    model: Path | None = Field(
        default=None,
        description="Path to a model.joblib with its card.json beside it; default: the shipped model.",
    )
    account_model: Path | None = Field(
        default=None,
        description="Path to the fake-account model.joblib (card.json beside it); default: the shipped one.",
    )
    api_max_comments: int = Field(
        default=10_000, description="Most comments one POST /api/v1/score request may carry."
    )
    api_rate_limit: str = Field(
        default="600/minute",
        description="Requests one API key may make, e.g. '600/minute' (the `limits` notation).")
    api_max_upload_mb: int = Field(
        default=2_048, description="Largest CSV/JSONL body /api/v1/score.csv and .jsonl accept, in MB.")
    auto_precision: float = Field(
        default=0.98, gt=0.5, lt=1.0,
        description="Share of comments resolved without a person that must be right, per label: "
                    "`triage model thresholds` chooses each label's confidence threshold for it.")
    environment: Literal["development", "production"] = Field(
        default="development",
        description="In production a real secret key is required and cookies are sent over HTTPS only.",
    )
    secret_key: str | None = Field(
        default=None,
        description="Signs session and CSRF cookies. Required in production; in development a "
                    "random key is kept in ./.triage-secret.",
    )
    own_accounts: set[str] = Field(
        default={"ditjenpas", "ditjen_pas"},
        description="Usernames of the agency's own accounts (any case): their comments are kept "
                    "for context but never queued.",
    )
    claim_minutes: int = Field(default=10, ge=1, le=240,
                               description="How long an admin's claim on a comment lasts.")
    session_hours: int = Field(default=12, ge=1, le=72,
                               description="How long a sign-in lasts (one duty shift).")
    actions: Literal["off", "dry-run", "live"] = Field(
        default="dry-run",
        description="What the desk does on the platform when a decision is made: off (nothing), "
                    "dry-run (recorded as it would be sent), live (sent).")
    meta_verify_token: str | None = Field(
        default=None, description="The verify token typed into Meta's webhook set-up; "
                                  "GET /webhooks/meta answers the subscription check only with it.")
    meta_app_secret: str | None = Field(
        default=None, description="The Meta app's secret: POST /webhooks/meta accepts only bodies "
                                  "signed with it (X-Hub-Signature-256).")
    webhook_max_kb: int = Field(default=1024, ge=16,
                                description="Largest webhook body accepted, in KB (Meta batches changes).")
    live_worker: bool = Field(
        default=True, description="Whether `triage serve` also polls connections, processes webhook "
                                  "events and sends platform actions in the background.")
    graph_api_url: str = Field(default="https://graph.facebook.com/v21.0",
                               description="Base URL of the Facebook/Instagram Graph API.")
    youtube_api_url: str = Field(default="https://www.googleapis.com/youtube/v3",
                                 description="Base URL of the YouTube Data API.")
    x_api_url: str = Field(default="https://api.x.com/2", description="Base URL of the X API v2.")
    metrics_token: str | None = Field(
        default=None, min_length=16,
        description="Bearer token that may read GET /metrics (`Authorization: Bearer ...`); an API key "
                    "from `triage apikeys create` may too. Without one of them /metrics answers 401.")
    log_format: Literal["text", "json"] = Field(
        default="text",
        description="'json': one JSON object per log line, with the id of the request it belongs to "
                    "(X-Request-ID, taken from the request or made up).")
    retention_days: int = Field(
        default=365, ge=1,
        description="Days after its last decision that a comment's text and author details are kept; "
                    "then `triage retention run` erases them, keeping what reports and the audit need.")
    retention_daily: bool = Field(
        default=True, description="Run the retention job once a day inside `triage serve`.")
    corrections_file: Path = Field(
        default=PROJECT_ROOT / "data" / "desk" / "corrections.csv",
        description="The desk's corrections kept for training (`triage train --with-decisions` writes "
                    "them); `triage people forget` erases a person's rows there too.")
    webhook_retake_seconds: int = Field(
        default=300, ge=1, description="A webhook delivery taken for processing by a process that died "
                                       "(killed, restarted) is processed again after this many seconds.")
    require_2fa: bool = Field(
        default=False, description="Supervisors must set up a second factor (TOTP) before using the "
                                   "desk; admins may set one up too.")
    language: Literal["id", "en"] = Field(
        default="id",
        description="The desk's language until a user picks another in the page (kept in their session).")
    timezone: str = Field(
        default="Asia/Jakarta",
        description="Time zone the pages show times in: Asia/Jakarta (WIB), Asia/Makassar (WITA) or "
                    "Asia/Jayapura (WIT) for the agency's offices.")

    @model_validator(mode="after")
    def refuse_placeholder_secret(self) -> "Settings":
        if self.environment == "production" and (self.secret_key or "").lower() in PLACEHOLDER_SECRETS:
            raise ValueError("TRIAGE_SECRET_KEY must be set to a long random value in production")
        return self

    def signing_key(self) -> str:
        """The secret for signed cookies (in development, created once and kept in a file)."""
        if self.secret_key:
            return self.secret_key
        if not DEV_SECRET_FILE.exists():
            DEV_SECRET_FILE.write_text(secrets.token_urlsafe(48))
            DEV_SECRET_FILE.chmod(0o600)
        return DEV_SECRET_FILE.read_text().strip()

    @property
    def model_path(self) -> Path:
        return self.model or shipped_model_path()

    @property
    def account_model_path(self) -> Path | None:
        return self.account_model or shipped_account_model_path()


@lru_cache
def get_settings() -> Settings:
    return Settings()
