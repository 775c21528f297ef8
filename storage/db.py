"""Engines, migrations and database-error translation for the interview store.

SQLite (a file under `DISCOVERY_DATA_DIR`) is the default; PostgreSQL is used when `DATABASE_URL`
points at a server. Errors that mean "the database is not usable right now" surface as
`StorageUnavailable` with a message a person can act on; passwords never appear in messages, and
SQL parameters (which may hold redacted message text or contact details) are hidden from
SQLAlchemy's logs and exception strings.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import (
    DBAPIError,
    InterfaceError,
    InternalError,
    OperationalError,
    ProgrammingError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from storage.errors import StorageError, StorageUnavailable

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "MIGRATIONS_DIR",
    "StorageError",
    "StorageUnavailable",
    "alembic_config",
    "make_engine",
    "migrate",
    "safe_url",
    "translate_errors",
]

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
DEFAULT_TIMEOUT_S = 5.0

# Execution option read by the SQLite "begin" hook: "DEFERRED" (reads) or "IMMEDIATE" (writes:
# take the write lock up front, so two writers queue on the busy timeout instead of failing).
SQLITE_BEGIN = "discovery_sqlite_begin"
# Any constant: serialises concurrent `migrate` calls on one PostgreSQL database.
_PG_MIGRATION_LOCK = 0x44_49_53_43  # "DISC"

BUSY_MESSAGE = "The interview database is busy (locked); nothing was lost — please try again."


def make_engine(url: str | URL, *, timeout: float = DEFAULT_TIMEOUT_S) -> Engine:
    """An engine for `url`, configured for this product.

    SQLite: the parent folder is created; writers wait up to `timeout` seconds for a lock (busy
    timeout), WAL journal mode (readers never block the writer), foreign keys enforced.
    PostgreSQL: `postgresql://` uses psycopg 3; connecting gives up after `timeout` seconds
    (`connect_timeout`, unless the URL sets one), a row lock is waited on for at most `timeout`
    seconds (`lock_timeout`), and pooled connections are pinged before use.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed, timeout)
    if backend in ("postgresql", "postgres"):
        return _postgres_engine(parsed, timeout)
    return create_engine(parsed, hide_parameters=True, pool_pre_ping=True)


def _sqlite_file(url: URL) -> Path | None:
    """The database file of a plain SQLite URL (None for in-memory or `uri=true` URLs)."""
    database = url.database or ""
    if database in ("", ":memory:") or str(url.query.get("uri", "")).lower() in ("true", "1"):
        return None
    return Path(database).expanduser()


def _sqlite_engine(url: URL, timeout: float) -> Engine:
    path = _sqlite_file(url)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StorageUnavailable(
                f"Cannot create the folder for the interview database at {path.parent}: "
                f"{err.strerror or err}"
            ) from err
    engine = create_engine(url, hide_parameters=True, connect_args={"timeout": timeout})
    busy_ms = max(1, int(timeout * 1000))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when a transaction begins (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
            cursor.execute("PRAGMA foreign_keys = ON")
            mode = str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower()
            if mode not in ("wal", "memory"):
                cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _postgres_engine(url: URL, timeout: float) -> Engine:
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")  # psycopg 3 is the installed driver
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = max(1, math.ceil(timeout))
    engine = create_engine(url, hide_parameters=True, pool_pre_ping=True, connect_args=connect_args)
    lock_ms = max(1, int(timeout * 1000))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"SET lock_timeout = {lock_ms}")
        finally:
            cursor.close()
        dbapi_connection.commit()

    return engine


def safe_url(url: str | URL) -> str:
    """The URL with its password replaced by ***, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def _first_line(err: BaseException) -> str:
    orig = getattr(err, "orig", None)
    text = str(orig if orig is not None else err).strip()
    return text.splitlines()[0].strip() if text else type(err).__name__


def _sqlstate(err: DBAPIError) -> str:
    orig = err.orig
    return str(getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None) or "")


def storage_error_from(err: BaseException, url: str | URL) -> StorageError:
    """Translate a SQLAlchemy/DBAPI error into a `StorageError` with a human message."""
    parsed = make_url(url)
    where = safe_url(parsed)
    detail = _first_line(err)
    if parsed.password:
        detail = detail.replace(str(parsed.password), "***")
    lowered = detail.lower()

    if isinstance(err, PoolTimeoutError):
        return StorageUnavailable(BUSY_MESSAGE)
    if not isinstance(err, DBAPIError):
        return StorageError(f"The interview database failed: {detail}")

    state = _sqlstate(err)
    if (
        "database is locked" in lowered
        or "table is locked" in lowered
        or "schema is locked" in lowered
        or state in ("55P03", "40P01", "40001", "57014")
        or state.startswith("53")
    ):
        return StorageUnavailable(BUSY_MESSAGE)
    if "readonly" in lowered or "read-only" in lowered or state == "25006":
        return StorageUnavailable(
            f"The interview database at {where} is read-only; nothing was saved. "
            "Check the file permissions or the server's read-only mode."
        )
    if "no such table" in lowered or state == "42P01":
        return StorageUnavailable(
            f"The interview database at {where} has no tables yet; run the migrations "
            f"(storage.migrate): {detail}"
        )
    if parsed.get_backend_name() == "sqlite" and (
        "unable to open" in lowered or "disk i/o" in lowered or "not a database" in lowered
    ):
        return StorageUnavailable(f"Cannot open the interview database at {where}: {detail}")
    if "disk is full" in lowered or state == "53100":
        return StorageUnavailable(f"The interview database at {where} is out of disk space.")
    if (
        err.connection_invalidated
        or state.startswith("08")
        or (isinstance(err, OperationalError) and not state)
        or isinstance(err, InterfaceError)
    ):
        return StorageUnavailable(
            f"Cannot reach the database at {where} (password hidden): {detail}"
        )
    if isinstance(err, OperationalError | InternalError | ProgrammingError):
        return StorageUnavailable(f"The interview database at {where} failed: {detail}")
    return StorageError(f"The interview database rejected the change: {detail}")


@contextmanager
def translate_errors(
    url: str | URL, *, passthrough: tuple[type[BaseException], ...] = ()
) -> Iterator[None]:
    """Re-raise database errors as `StorageError`s (except the `passthrough` types)."""
    try:
        yield
    except StorageError:
        raise
    except (DBAPIError, PoolTimeoutError) as err:
        if passthrough and isinstance(err, passthrough):
            raise
        translated = storage_error_from(err, url)
        log.warning("database error: %s", translated)
        raise translated from err


def alembic_config(url: str | URL | None = None) -> Config:
    """An Alembic `Config` built in code (no alembic.ini), pointing at `storage/migrations`.

    `url` is only needed for running Alembic commands without a connection (offline SQL,
    `command.revision(..., autogenerate=True)`); `migrate` passes its own connection.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    if url is not None:
        rendered = make_url(url).render_as_string(hide_password=False)
        config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    return config


def migrate(engine: Engine) -> None:
    """Upgrade the database to the newest schema (Alembic `upgrade head`). Idempotent.

    Runs in one transaction; concurrent callers are serialised (SQLite write lock, PostgreSQL
    advisory lock), so several processes may call it at start-up.
    """
    config = alembic_config()
    backend = engine.dialect.name
    with translate_errors(engine.url), engine.connect() as connection:
        if backend == "sqlite":
            connection.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
        with connection.begin():
            if backend == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    log.info("database schema is up to date (%s)", safe_url(engine.url))
