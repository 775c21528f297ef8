"""A throwaway PostgreSQL database on a given server, for tests and benchmarks."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import NullPool


def psycopg_url(url: URL | str) -> URL:
    """The URL with the psycopg 3 driver ("postgresql://" alone would pick psycopg2)."""
    url = make_url(url)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def admin_engine(url: URL | str) -> Engine:
    return create_engine(
        url, isolation_level="AUTOCOMMIT", poolclass=NullPool, connect_args={"connect_timeout": 3}
    )


@contextmanager
def throwaway_database(server: URL | str, prefix: str) -> Iterator[str]:
    """Create an empty database on the server, yield its URL, drop it afterwards. Raises the
    driver's error when the server does not answer."""
    server = psycopg_url(server)
    admin = admin_engine(server)
    name = f"{prefix}_{secrets.token_hex(5)}"
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except BaseException:
        admin.dispose()
        raise
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
