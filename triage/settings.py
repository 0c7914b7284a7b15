"""The one settings object. Every value can come from the environment."""

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = PROJECT_ROOT / "models"
DEFAULT_MODEL_NAME = "triage-text"


def shipped_model_path() -> Path:
    """The artifact the repository ships: `models/<name>/CURRENT` names its version."""
    model_dir = MODELS_DIR / DEFAULT_MODEL_NAME
    version = (model_dir / "CURRENT").read_text().strip()
    return model_dir / version / "model.joblib"


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
    api_max_comments: int = Field(
        default=1_000, description="Most comments one POST /api/v1/score request may carry."
    )

    @property
    def model_path(self) -> Path:
        return self.model or shipped_model_path()


@lru_cache
def get_settings() -> Settings:
    return Settings()
