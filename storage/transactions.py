"""Short transactions on one engine, shared by the interview store, the account service and the
review store."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.db import SQLITE_BEGIN, translate_errors

log = logging.getLogger(__name__)
T = TypeVar("T")


def utc_now() -> datetime:
    return datetime.now(UTC)


class Transactional:
    """Reads run on the engine as it is; writes on SQLite take the write lock at BEGIN
    (IMMEDIATE), so concurrent writers queue on the busy timeout instead of failing."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utc_now) -> None:
        self._engine = engine
        self._write_engine = engine.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
        self._clock = clock

    def _now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError(f"{type(self).__name__}'s clock must return timezone-aware datetimes")
        return now.astimezone(UTC)

    def _run(
        self,
        work: Callable[[Session], T],
        *,
        write: bool,
        passthrough: tuple[type[BaseException], ...] = (),
        retries: int = 0,
    ) -> T:
        """Run `work` in one transaction. Errors come back as storage errors, except those in
        `passthrough`; a unique-constraint race is retried up to `retries` times."""
        bind = self._write_engine if write else self._engine
        attempt = 0
        while True:
            retrying: tuple[type[BaseException], ...] = (
                (IntegrityError,) if attempt < retries else ()
            )
            try:
                with (
                    translate_errors(self._engine.url, passthrough=passthrough + retrying),
                    Session(bind, expire_on_commit=False) as session,
                    session.begin(),
                ):
                    return work(session)
            except IntegrityError:
                if not retrying:
                    raise
                attempt += 1
                log.info("write conflict, retrying (attempt %d of %d)", attempt, retries)
