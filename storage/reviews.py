"""Consultant review operations the interview repository does not have: the queue's title
search and counts by status, a summary of each interview's latest roadmap, and saving a roadmap
version with optimistic locking.

`ReviewStore.save_version` is the only way the consultant workspace writes a roadmap: it stores
the new version only if the newest stored version is still the one the consultant loaded
(`base_version`), and sets the interview's status in the same transaction, so a version and the
status it implies are never out of step. Two consultants saving at once are serialised by the
interview row lock (`SELECT ... FOR UPDATE` on PostgreSQL, `BEGIN IMMEDIATE` on SQLite); the
second one gets `RoadmapConflict` and nothing is overwritten.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.errors import InterviewNotFound, StorageError
from storage.models import INTERVIEW_STATUSES, AuditEntry, Interview, Roadmap
from storage.records import InterviewRecord, RoadmapRecord
from storage.repository import (
    _check_status,
    _json_copy,
    _roadmap_record,
    interview_page,
    title_filter,
)
from storage.transactions import Transactional

log = logging.getLogger(__name__)


class RoadmapConflict(StorageError):
    """Someone saved a roadmap version after the one this save was based on."""

    def __init__(
        self, interview_id: str, base_version: int, current_version: int, author: str | None
    ) -> None:
        super().__init__(
            f"Someone else saved version {current_version} meanwhile"
            + (f" (by {author})" if author else "")
            + f" — reload to see it; your edit to version {base_version} was not saved."
        )
        self.interview_id = interview_id
        self.base_version = base_version
        self.current_version = current_version
        self.author = author


@dataclass(frozen=True, slots=True)
class LatestRoadmap:
    """The newest roadmap version of one interview, without its content (for the queue)."""

    interview_id: str
    version: int
    status: str
    author: str
    created_at: datetime


class ReviewStore(Transactional):
    """Queue queries and optimistic roadmap versions, on the interview store's engine."""

    # -- the queue ------------------------------------------------------------------------------

    def search_interviews(
        self,
        *,
        search: str | None,
        status: str | None = None,
        limit: int = 25,
        offset: int = 0,
    ) -> list[InterviewRecord]:
        """`InterviewStore.list_interviews` with a title search."""
        return interview_page(self._run, status=status, search=search, limit=limit, offset=offset)

    def count_by_status(self, *, search: str | None = None) -> dict[str, int]:
        """How many interviews have each status (every status present, zero if none)."""
        query = title_filter(
            select(Interview.status, func.count(Interview.id)).group_by(Interview.status), search
        )

        def work(session: Session) -> dict[str, int]:
            counts = dict.fromkeys(INTERVIEW_STATUSES, 0)
            for status, count in session.execute(query).all():
                counts[str(status)] = int(count)
            return counts

        return self._run(work, write=False)

    def latest_roadmaps(self, interview_ids: Sequence[str]) -> dict[str, LatestRoadmap]:
        """The newest roadmap version of each of these interviews (one query, no content)."""
        ids = list(dict.fromkeys(interview_ids))
        if not ids:
            return {}
        newest = (
            select(Roadmap.interview_id, func.max(Roadmap.version).label("version"))
            .where(Roadmap.interview_id.in_(ids))
            .group_by(Roadmap.interview_id)
            .subquery()
        )
        query = select(
            Roadmap.interview_id,
            Roadmap.version,
            Roadmap.status,
            Roadmap.author,
            Roadmap.created_at,
        ).join(
            newest,
            and_(
                Roadmap.interview_id == newest.c.interview_id,
                Roadmap.version == newest.c.version,
            ),
        )

        def work(session: Session) -> dict[str, LatestRoadmap]:
            return {
                row.interview_id: LatestRoadmap(
                    row.interview_id, row.version, row.status, row.author, row.created_at
                )
                for row in session.execute(query).all()
            }

        return self._run(work, write=False)

    # -- roadmap versions -----------------------------------------------------------------------

    def roadmap_version(self, interview_id: str, version: int) -> RoadmapRecord | None:
        def work(session: Session) -> RoadmapRecord | None:
            row = session.execute(
                select(Roadmap).where(
                    Roadmap.interview_id == interview_id, Roadmap.version == version
                )
            ).scalar_one_or_none()
            return None if row is None else _roadmap_record(row)

        return self._run(work, write=False)

    def save_version(
        self,
        interview_id: str,
        content: dict[str, Any],
        *,
        base_version: int,
        author: str,
        status: str,
        model: str | None,
        prompt_version: str | None,
        knowledge_version: str | None,
        interview_status: str | None = None,
        audit_action: str | None = None,
        audit_detail: dict[str, Any] | None = None,
    ) -> RoadmapRecord:
        """Store `content` as version `base_version + 1`, if `base_version` is still the newest
        version; set the interview's status to `interview_status` and append an audit entry
        (`audit_action` by `author`, with the version's model, prompt and knowledge versions and
        `audit_detail` plus the version numbers) in the same transaction.

        Raises `RoadmapConflict` (nothing written) when another version was saved meanwhile, and
        `InterviewNotFound` for an unknown interview.
        """
        if interview_status is not None:
            _check_status(interview_status)
        if not author or not isinstance(author, str):
            raise ValueError("a roadmap version needs an author")
        detail = json.loads(json.dumps(audit_detail or {}, allow_nan=False))

        def work(session: Session) -> RoadmapRecord:
            row = session.execute(
                select(Interview).where(Interview.id == interview_id).with_for_update()
            ).scalar_one_or_none()
            if row is None:
                raise InterviewNotFound(interview_id)
            current, latest_author = _newest_version(session, interview_id)
            if current != base_version:
                raise RoadmapConflict(interview_id, base_version, current, latest_author or None)
            now = self._now()
            version = Roadmap(
                interview_id=interview_id,
                version=current + 1,
                content=_json_copy(content),
                author=author,
                status=status,
                created_at=now,
                model=model,
                prompt_version=prompt_version,
                knowledge_version=knowledge_version,
            )
            session.add(version)
            if interview_status is not None:
                row.status = interview_status
                row.updated_at = now
            if audit_action is not None:
                session.add(
                    AuditEntry(
                        at=now,
                        actor=author,
                        action=audit_action,
                        interview_id=interview_id,
                        detail={
                            **detail,
                            "version": current + 1,
                            "base_version": base_version,
                            "status": status,
                        },
                        model=model,
                        prompt_version=prompt_version,
                        knowledge_version=knowledge_version,
                    )
                )
            session.flush()
            return _roadmap_record(version)

        try:
            record = self._run(work, write=True, passthrough=(IntegrityError,))
        except IntegrityError:
            # Backstop: another writer inserted the same version number first.
            newest = self._newest(interview_id)
            raise RoadmapConflict(
                interview_id, base_version, newest[0], newest[1] or None
            ) from None
        log.info(
            "interview %s: roadmap version %d saved (%s)", interview_id, record.version, status
        )
        return record

    def _newest(self, interview_id: str) -> tuple[int, str]:
        return self._run(lambda session: _newest_version(session, interview_id), write=False)


def _newest_version(session: Session, interview_id: str) -> tuple[int, str]:
    """The newest roadmap version number and its author; (0, "") before the first draft."""
    found = session.execute(
        select(Roadmap.version, Roadmap.author)
        .where(Roadmap.interview_id == interview_id)
        .order_by(Roadmap.version.desc())
        .limit(1)
    ).one_or_none()
    return (0, "") if found is None else (int(found.version), str(found.author))


__all__ = ["LatestRoadmap", "ReviewStore", "RoadmapConflict"]
