"""Settings for a runtime that is offline and embedded whatever the environment says."""

from __future__ import annotations

from pathlib import Path

from discovery.settings import Settings


def offline_settings(data_dir: Path) -> Settings:
    """SQLite and local Chroma under `data_dir`, the hashing embedder, no model, no servers."""
    return Settings(  # type: ignore[call-arg]
        DISCOVERY_DATA_DIR=str(data_dir),
        DISCOVERY_OFFLINE_EMBEDDER="hashing",
        OPENAI_API_KEY=None,
        OPENAI_BASE_URL=None,
        DATABASE_URL=None,
        CHROMA_HOST=None,
    )
