"""A throwaway PostgreSQL database per test module (the server from DISCOVERY_TEST_POSTGRES_URL,
default the local one); tests skip when no server answers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import pytest
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from storage.db import safe_url
from testkit.postgres import admin_engine, psycopg_url, throwaway_database

PG_DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def server_url() -> URL:
    return psycopg_url(os.environ.get("DISCOVERY_TEST_POSTGRES_URL", PG_DEFAULT_URL))


@contextmanager
def fresh_database(prefix: str = "discovery_test") -> Iterator[str]:
    """Create an empty database, yield its URL, drop it afterwards (skip if unreachable)."""
    server = server_url()
    with ExitStack() as stack:
        try:
            url = stack.enter_context(throwaway_database(server, prefix))
        except DBAPIError as err:
            reason = str(err.orig).strip().splitlines()[0] if err.orig else str(err)
            pytest.skip(f"PostgreSQL not reachable at {safe_url(server)}: {reason}")
        yield url


def reset_schema(url: str) -> None:
    """Drop every table (and anything else) in the database's public schema."""
    admin = admin_engine(url)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    finally:
        admin.dispose()
