"""Shared fixtures. Network is blocked for every test by pytest-socket (see pyproject)."""

from __future__ import annotations

import pytest

from privacy import Redactor, get_redactor


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    return get_redactor()


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def backend(request) -> str:
    """Run a storage test on the embedded default and on PostgreSQL (postgres_support.py)."""
    return request.param


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """Every test writes under its own DISCOVERY_DATA_DIR, never the developer's."""
    monkeypatch.setenv("DISCOVERY_DATA_DIR", str(tmp_path / "data"))
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "DATABASE_URL", "CHROMA_HOST"):
        monkeypatch.delenv(var, raising=False)
    from discovery.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
