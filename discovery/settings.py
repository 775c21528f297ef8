"""One settings object for the whole product, read from the environment (and `.env`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Everything configurable, with embedded defaults that run offline."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    data_dir: Path = Field(
        default=Path(".discovery"),
        validation_alias="DISCOVERY_DATA_DIR",
        description="Every file the product writes lives under this folder.",
    )
    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")

    # Model access: the LLM path is used only when a key or base URL is set.
    openai_api_key: str | None = Field(default=None, validation_alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, validation_alias="OPENAI_BASE_URL")
    chat_model: str = Field(default="gpt-4o-mini", validation_alias="DISCOVERY_CHAT_MODEL")
    embedding_model: str | None = Field(
        default=None,
        validation_alias="DISCOVERY_EMBEDDING_MODEL",
        description="OpenAI-compatible embedding model; unset means the offline embedder.",
    )
    model_timeout_s: float = Field(default=30.0, validation_alias="DISCOVERY_MODEL_TIMEOUT")
    model_max_retries: int = Field(default=2, validation_alias="DISCOVERY_MODEL_RETRIES")
    model_backoff_s: float = Field(
        default=0.5, validation_alias="DISCOVERY_MODEL_BACKOFF", description="First retry delay."
    )
    price_input_per_mtok: float = Field(
        default=0.15, validation_alias="DISCOVERY_PRICE_INPUT_PER_MTOK", description="USD."
    )
    price_output_per_mtok: float = Field(
        default=0.60, validation_alias="DISCOVERY_PRICE_OUTPUT_PER_MTOK", description="USD."
    )
    history_budget_tokens: int = Field(
        default=3000,
        validation_alias="DISCOVERY_HISTORY_TOKENS",
        description="Earlier turns sent to the model are trimmed to this many (estimated) tokens.",
    )
    max_user_turns: int = Field(
        default=14,
        validation_alias="DISCOVERY_MAX_USER_TURNS",
        description="Turn budget: after this many answers the interview moves to confirmation.",
    )

    # Knowledge base.
    offline_embedder: str = Field(
        default="minilm",
        validation_alias="DISCOVERY_OFFLINE_EMBEDDER",
        description="minilm (all-MiniLM-L6-v2 run in NumPy) or hashing (feature-hashed n-grams).",
    )
    chroma_host: str | None = Field(default=None, validation_alias="CHROMA_HOST")
    chroma_port: int = Field(default=8000, validation_alias="CHROMA_PORT")
    knowledge_dir: Path = Field(
        default=PROJECT_ROOT / "knowledge" / "notes", validation_alias="DISCOVERY_KNOWLEDGE_DIR"
    )

    # Privacy.
    spacy_model: str | None = Field(
        default=None,
        validation_alias="DISCOVERY_SPACY_MODEL",
        description="An installed en_core_web_* pipeline to use alongside the offline detector; "
        "unset means use one if installed, never download.",
    )
    redaction_threshold: float = Field(
        default=0.5, validation_alias="DISCOVERY_REDACTION_THRESHOLD"
    )
    max_message_chars: int = Field(default=20_000, validation_alias="DISCOVERY_MAX_MESSAGE_CHARS")

    # Consultant accounts (storage.accounts.AccountService).
    session_hours: float = Field(
        default=8,
        gt=0,
        validation_alias="DISCOVERY_SESSION_HOURS",
        description="A consultant session ends this long after sign-in, however busy.",
    )
    idle_minutes: float = Field(
        default=60,
        gt=0,
        validation_alias="DISCOVERY_IDLE_MINUTES",
        description="A consultant session ends after this long without use.",
    )
    max_login_failures: int = Field(
        default=5,
        ge=1,
        validation_alias="DISCOVERY_MAX_LOGIN_FAILURES",
        description="Wrong passwords in a row before the account is locked.",
    )
    lockout_minutes: float = Field(
        default=15,
        gt=0,
        validation_alias="DISCOVERY_LOCKOUT_MINUTES",
        description="How long a locked account stays locked.",
    )

    @property
    def llm_configured(self) -> bool:
        return bool(self.openai_api_key or self.openai_base_url)

    @property
    def resolved_data_dir(self) -> Path:
        path = self.data_dir.expanduser()
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.resolved_data_dir / 'discovery.db').as_posix()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
