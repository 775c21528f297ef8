"""A throwaway PostgreSQL database per test module (the server from DISCOVERY_TEST_POSTGRES_URL,
default the local one); tests skip when no server answers."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from storage.db import safe_url

PG_DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def server_url() -> URL:
    url = make_url(os.environ.get("DISCOVERY_TEST_POSTGRES_URL", PG_DEFAULT_URL))
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url


def admin_engine(url: URL | str) -> Engine:
    return create_engine(
        url, isolation_level="AUTOCOMMIT", poolclass=NullPool, connect_args={"connect_timeout": 3}
    )


@contextmanager
def fresh_database(prefix: str = "discovery_test") -> Iterator[str]:
    """Create an empty database, yield its URL, drop it afterwards (skip if unreachable)."""
    server = server_url()
    admin = admin_engine(server)
    name = f"{prefix}_{secrets.token_hex(5)}"
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except DBAPIError as err:
        admin.dispose()
        reason = str(err.orig).strip().splitlines()[0] if err.orig else str(err)
        pytest.skip(f"PostgreSQL not reachable at {safe_url(server)}: {reason}")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def reset_schema(url: str) -> None:
    """Drop every table (and anything else) in the database's public schema."""
    admin = admin_engine(url)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    finally:
        admin.dispose()
