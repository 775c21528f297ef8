"""`InterviewStore`: the only way the product reads and writes interviews.

Contract: every text handed to the store is already redacted (the caller runs `privacy` first);
the store never sees raw text and never logs content — log lines carry ids, sequence numbers and
counts only. Contact details are stored apart and are never part of a transcript read.

Each method is one short transaction in its own session and returns plain frozen records.
Writers to one interview are serialised by locking its row (`SELECT ... FOR UPDATE` on
PostgreSQL; `BEGIN IMMEDIATE` on SQLite), so sequence and version numbers stay consecutive under
concurrent requests; a unique-constraint race is retried as a backstop.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import secrets
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from sqlalchemy import Select, func, select, update
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.orm import Session

from storage.db import make_engine, migrate
from storage.errors import InterviewNotFound, StaleStateError
from storage.models import (
    INTERVIEW_STATUSES,
    TURN_ROLES,
    Contact,
    Interview,
    Roadmap,
    Turn,
    Usage,
)
from storage.records import (
    ContactRecord,
    InterviewRecord,
    RoadmapRecord,
    TurnRecord,
    UsageTotals,
)
from storage.transactions import Transactional, utc_now

if TYPE_CHECKING:
    from discovery.settings import Settings

log = logging.getLogger(__name__)


# Resume codes: 12 symbols from a 32-letter alphabet without 0/O or 1/I = 60 bits, shown as
# "K7QM-3XPA-9RTD". Only the SHA-256 of the normalised code is stored.
RESUME_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RESUME_CODE_LENGTH = 12
RESUME_GROUP = 4

_ENTITY_KEYS = ("type", "start", "end", "score")
_CONFLICT_RETRIES = 5
MAX_LIST_LIMIT = 500
MAX_SEARCH_CHARS = 200
SelectT = TypeVar("SelectT", bound=Select)


def generate_resume_code() -> str:
    """A fresh human-friendly resume code, e.g. "K7QM-3XPA-9RTD" (60 random bits)."""
    symbols = "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_CODE_LENGTH))
    return "-".join(
        symbols[i : i + RESUME_GROUP] for i in range(0, RESUME_CODE_LENGTH, RESUME_GROUP)
    )


def normalise_resume_code(code: str) -> str | None:
    """Upper-case, without spaces or dashes; None when it cannot be a resume code."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(cleaned) != RESUME_CODE_LENGTH or any(ch not in RESUME_ALPHABET for ch in cleaned):
        return None
    return cleaned


def hash_resume_code(code: str) -> str:
    """SHA-256 hex of the normalised code (raises ValueError for a malformed code)."""
    normalised = normalise_resume_code(code)
    if normalised is None:
        raise ValueError("not a resume code")
    return hashlib.sha256(normalised.encode("ascii")).hexdigest()


def sanitise_entities(entities: Iterable[Any] | None) -> list[dict[str, Any]]:
    """Keep only the type and offsets (and score) of each redacted span — never its value.

    Accepts mappings ({"type"|"entity_type", "start", "end", "score"}) or objects with those
    attributes (e.g. Presidio results); any other key, such as the original text, is dropped.
    """
    cleaned: list[dict[str, Any]] = []
    for item in entities or ():
        if isinstance(item, Mapping):
            data: dict[str, Any] = dict(item)
        else:
            fields = ("type", "entity_type", "start", "end", "score")
            data = {key: getattr(item, key, None) for key in fields}
        kind = data.get("type") or data.get("entity_type")
        if kind is None:
            raise ValueError("each entity needs a type")
        score = data.get("score")
        cleaned.append(
            {
                "type": str(kind),
                "start": int(data["start"]),
                "end": int(data["end"]),
                "score": None if score is None else float(score),
            }
        )
    return cleaned


def _check_status(status: str) -> str:
    if status not in INTERVIEW_STATUSES:
        raise ValueError(
            f"unknown interview status {status!r}; expected one of {INTERVIEW_STATUSES}"
        )
    return status


def _json_copy(value: Any) -> Any:
    return copy.deepcopy(value)


def _interview_record(row: Interview) -> InterviewRecord:
    return InterviewRecord(
        id=row.id,
        status=row.status,
        created_at=row.created_at,
        updated_at=row.updated_at,
        state=_json_copy(row.state_json),
        state_version=row.state_version,
        consent_version=row.consent_version,
        knowledge_version=row.knowledge_version,
        prompt_version=row.prompt_version,
        model=row.model,
        title=row.title,
        flags=_json_copy(row.flags or {}),
    )


def _turn_record(row: Turn) -> TurnRecord:
    return TurnRecord(
        id=row.id,
        interview_id=row.interview_id,
        seq=row.seq,
        role=row.role,
        text=row.text,
        created_at=row.created_at,
        client_key=row.client_key,
        flags=_json_copy(row.flags or {}),
        entities=_json_copy(row.entities or []),
        meta=_json_copy(row.meta or {}),
    )


def _contact_record(row: Contact) -> ContactRecord:
    return ContactRecord(
        interview_id=row.interview_id,
        name=row.name,
        email=row.email,
        phone=row.phone,
        organisation=row.organisation,
        note=row.note,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _roadmap_record(row: Roadmap) -> RoadmapRecord:
    return RoadmapRecord(
        id=row.id,
        interview_id=row.interview_id,
        version=row.version,
        content=_json_copy(row.content),
        author=row.author,
        status=row.status,
        created_at=row.created_at,
        model=row.model,
        prompt_version=row.prompt_version,
        knowledge_version=row.knowledge_version,
    )


def interview_page(
    run: Callable[..., Any],
    *,
    status: str | None,
    search: str | None,
    limit: int,
    offset: int,
) -> list[InterviewRecord]:
    """One page of the queue, newest first (served by the (status, created_at, id) index)."""
    if not 1 <= limit <= MAX_LIST_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIST_LIMIT}")
    if offset < 0:
        raise ValueError("offset must not be negative")
    query = title_filter(select(Interview), search)
    if status is not None:
        query = query.where(Interview.status == _check_status(status))
    query = (
        query.order_by(Interview.created_at.desc(), Interview.id.desc()).limit(limit).offset(offset)
    )

    def work(session: Session) -> list[InterviewRecord]:
        return [_interview_record(row) for row in session.execute(query).scalars()]

    result: list[InterviewRecord] = run(work, write=False)
    return result


def title_filter(query: SelectT, search: str | None) -> SelectT:
    text = (search or "").strip()[:MAX_SEARCH_CHARS]
    if not text:
        return query
    # `icontains` escapes % and _ (autoescape), so what is typed is matched literally; it is
    # ILIKE on PostgreSQL and lower(...) LIKE lower(...) on SQLite.
    return query.where(Interview.title.icontains(text, autoescape=True))


class InterviewStore(Transactional):
    """Interviews, turns, usage, contacts and roadmap versions in one SQL database."""

    @classmethod
    def from_settings(cls, settings: Settings, *, clock: Callable[[], datetime] = utc_now) -> Self:
        """Connect to `settings.resolved_database_url` and bring its schema up to date."""
        engine = make_engine(settings.resolved_database_url)
        try:
            migrate(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, clock=clock)

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        """Close every pooled connection."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -----------------------------------------------------------------------------

    @staticmethod
    def _lock_interview(session: Session, interview_id: str) -> None:
        """Lock the interview row for this transaction (PostgreSQL); fail if it does not exist."""
        found = session.execute(
            select(Interview.id).where(Interview.id == interview_id).with_for_update()
        ).scalar_one_or_none()
        if found is None:
            raise InterviewNotFound(interview_id)

    # -- interviews -----------------------------------------------------------------------------

    def create_interview(
        self,
        *,
        consent_version: str,
        knowledge_version: str,
        prompt_version: str,
        model: str,
        state: dict[str, Any],
    ) -> tuple[InterviewRecord, str]:
        """A new `in_progress` interview and its plain resume code (shown once, stored hashed)."""
        codes: list[str] = []

        def work(session: Session) -> InterviewRecord:
            code = generate_resume_code()
            codes.append(code)
            now = self._now()
            row = Interview(
                id=uuid.uuid4().hex,
                resume_code_hash=hash_resume_code(code),
                status="in_progress",
                created_at=now,
                updated_at=now,
                state_json=_json_copy(state),
                state_version=1,
                consent_version=consent_version,
                knowledge_version=knowledge_version,
                prompt_version=prompt_version,
                model=model,
                title=None,
                flags={},
            )
            session.add(row)
            session.flush()
            return _interview_record(row)

        record = self._run(work, write=True, retries=_CONFLICT_RETRIES)
        log.info("created interview %s", record.id)
        return record, codes[-1]

    def find_by_resume_code(self, code: str) -> InterviewRecord | None:
        """The interview this resume code belongs to (case, spaces and dashes ignored)."""
        if normalise_resume_code(code) is None:
            return None
        digest = hash_resume_code(code)

        def work(session: Session) -> InterviewRecord | None:
            row = session.execute(
                select(Interview).where(Interview.resume_code_hash == digest)
            ).scalar_one_or_none()
            return None if row is None else _interview_record(row)

        return self._run(work, write=False)

    def get(self, interview_id: str) -> InterviewRecord | None:
        def work(session: Session) -> InterviewRecord | None:
            row = session.get(Interview, interview_id)
            return None if row is None else _interview_record(row)

        return self._run(work, write=False)

    def save_state(
        self,
        interview_id: str,
        state: dict[str, Any],
        *,
        status: str | None = None,
        expected_version: int,
    ) -> int:
        """Replace the agent state if it is still at `expected_version`; returns the new version.

        Raises `StaleStateError` when someone saved first, `InterviewNotFound` for an unknown id.
        """
        values: dict[str, Any] = {
            "state_json": _json_copy(state),
            "state_version": Interview.state_version + 1,
            "updated_at": self._now(),
        }
        if status is not None:
            values["status"] = _check_status(status)

        def work(session: Session) -> int:
            result = cast(
                CursorResult[Any],
                session.execute(
                    update(Interview)
                    .where(
                        Interview.id == interview_id,
                        Interview.state_version == expected_version,
                    )
                    .values(**values)
                    .execution_options(synchronize_session=False)
                ),
            )
            if result.rowcount == 0:
                exists = session.execute(
                    select(Interview.id).where(Interview.id == interview_id)
                ).scalar_one_or_none()
                if exists is None:
                    raise InterviewNotFound(interview_id)
                raise StaleStateError(interview_id, expected_version)
            return expected_version + 1

        version = self._run(work, write=True)
        log.debug("saved state of interview %s (version %d)", interview_id, version)
        return version

    def _update_interview(self, interview_id: str, **values: Any) -> None:
        def work(session: Session) -> None:
            result = cast(
                CursorResult[Any],
                session.execute(
                    update(Interview)
                    .where(Interview.id == interview_id)
                    .values(**values)
                    .execution_options(synchronize_session=False)
                ),
            )
            if result.rowcount == 0:
                raise InterviewNotFound(interview_id)

        self._run(work, write=True)

    def set_status(self, interview_id: str, status: str) -> None:
        self._update_interview(interview_id, status=_check_status(status), updated_at=self._now())
        log.info("interview %s is now %s", interview_id, status)

    def set_title(self, interview_id: str, title: str | None) -> None:
        """The one-line title shown in the consultant queue (redacted text only)."""
        self._update_interview(interview_id, title=title, updated_at=self._now())

    def add_flag(self, interview_id: str, name: str) -> int:
        """Increment the counter `name` in the interview's flags; returns the new count."""

        def work(session: Session) -> int:
            row = session.execute(
                select(Interview).where(Interview.id == interview_id).with_for_update()
            ).scalar_one_or_none()
            if row is None:
                raise InterviewNotFound(interview_id)
            flags = dict(row.flags or {})
            count = int(flags.get(name, 0)) + 1
            flags[name] = count
            row.flags = flags
            return count

        count = self._run(work, write=True)
        log.info("interview %s flagged %s (%d)", interview_id, name, count)
        return count

    def list_interviews(
        self,
        *,
        status: str | None = None,
        search: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[InterviewRecord]:
        """Interviews newest first, optionally only those with `status` and whose title contains
        `search` (case-insensitive, taken literally)."""
        return interview_page(self._run, status=status, search=search, limit=limit, offset=offset)

    # -- turns --------------------------------------------------------------------------------

    def append_turn(
        self,
        interview_id: str,
        role: str,
        text: str,
        *,
        flags: dict[str, Any] | None = None,
        entities: Iterable[Any] | None = None,
        meta: dict[str, Any] | None = None,
        client_key: str | None = None,
    ) -> TurnRecord:
        """Store one (already redacted) turn with the next sequence number.

        With a `client_key` already used in this interview, the turn stored then is returned and
        nothing new is written (a double submit).
        """
        if role not in TURN_ROLES:
            raise ValueError(f"role must be one of {TURN_ROLES}, not {role!r}")
        clean_entities = sanitise_entities(entities)

        def work(session: Session) -> TurnRecord:
            self._lock_interview(session, interview_id)
            if client_key is not None:
                existing = session.execute(
                    select(Turn).where(
                        Turn.interview_id == interview_id, Turn.client_key == client_key
                    )
                ).scalar_one_or_none()
                if existing is not None:
                    log.info(
                        "interview %s: duplicate submit, returning turn %d",
                        interview_id,
                        existing.seq,
                    )
                    return _turn_record(existing)
            last = session.execute(
                select(func.max(Turn.seq)).where(Turn.interview_id == interview_id)
            ).scalar_one()
            now = self._now()
            row = Turn(
                interview_id=interview_id,
                seq=(last or 0) + 1,
                role=role,
                text=text,
                created_at=now,
                client_key=client_key,
                flags=_json_copy(flags or {}),
                entities=clean_entities,
                meta=_json_copy(meta or {}),
            )
            session.add(row)
            session.execute(
                update(Interview)
                .where(Interview.id == interview_id)
                .values(updated_at=now)
                .execution_options(synchronize_session=False)
            )
            session.flush()
            return _turn_record(row)

        record = self._run(work, write=True, retries=_CONFLICT_RETRIES)
        log.debug("interview %s: stored %s turn %d", interview_id, role, record.seq)
        return record

    def turns(self, interview_id: str) -> list[TurnRecord]:
        """The redacted transcript, in order. Contact details are never part of it."""

        def work(session: Session) -> list[TurnRecord]:
            rows = session.execute(
                select(Turn).where(Turn.interview_id == interview_id).order_by(Turn.seq)
            ).scalars()
            return [_turn_record(row) for row in rows]

        return self._run(work, write=False)

    # -- usage --------------------------------------------------------------------------------

    def record_usage(
        self,
        interview_id: str,
        *,
        model: str,
        prompt_tokens: int,
        completion_tokens: int,
        cost_usd: float,
        purpose: str,
    ) -> None:
        def work(session: Session) -> None:
            self._lock_interview(session, interview_id)
            session.add(
                Usage(
                    interview_id=interview_id,
                    created_at=self._now(),
                    model=model,
                    prompt_tokens=int(prompt_tokens),
                    completion_tokens=int(completion_tokens),
                    cost_usd=float(cost_usd),
                    purpose=purpose,
                )
            )

        self._run(work, write=True)

    def usage_totals(self, interview_id: str) -> UsageTotals:
        def work(session: Session) -> UsageTotals:
            prompt, completion, cost, calls = session.execute(
                select(
                    func.coalesce(func.sum(Usage.prompt_tokens), 0),
                    func.coalesce(func.sum(Usage.completion_tokens), 0),
                    func.coalesce(func.sum(Usage.cost_usd), 0.0),
                    func.count(Usage.id),
                ).where(Usage.interview_id == interview_id)
            ).one()
            return UsageTotals(
                prompt_tokens=int(prompt),
                completion_tokens=int(completion),
                cost_usd=float(cost),
                calls=int(calls),
            )

        return self._run(work, write=False)

    # -- contacts (kept apart from transcripts) -----------------------------------------------

    def save_contact(
        self,
        interview_id: str,
        *,
        name: str | None = None,
        email: str | None = None,
        phone: str | None = None,
        organisation: str | None = None,
        note: str | None = None,
    ) -> ContactRecord:
        """Store the contact details the prospect chose to leave, replacing earlier ones."""

        def work(session: Session) -> ContactRecord:
            self._lock_interview(session, interview_id)
            now = self._now()
            row = session.get(Contact, interview_id)
            if row is None:
                row = Contact(interview_id=interview_id, created_at=now)
                session.add(row)
            row.name, row.email, row.phone = name, email, phone
            row.organisation, row.note = organisation, note
            row.updated_at = now
            session.flush()
            return _contact_record(row)

        record = self._run(work, write=True, retries=_CONFLICT_RETRIES)
        log.info("interview %s: contact details saved", interview_id)
        return record

    def get_contact(self, interview_id: str) -> ContactRecord | None:
        def work(session: Session) -> ContactRecord | None:
            row = session.get(Contact, interview_id)
            return None if row is None else _contact_record(row)

        return self._run(work, write=False)

    # -- roadmaps -----------------------------------------------------------------------------

    def save_roadmap(
        self,
        interview_id: str,
        content: dict[str, Any],
        *,
        author: str,
        status: str,
        model: str | None,
        prompt_version: str | None,
        knowledge_version: str | None,
    ) -> int:
        """Store a new roadmap version (1, 2, ...) and return its number."""

        def work(session: Session) -> int:
            self._lock_interview(session, interview_id)
            last = session.execute(
                select(func.max(Roadmap.version)).where(Roadmap.interview_id == interview_id)
            ).scalar_one()
            version = (last or 0) + 1
            session.add(
                Roadmap(
                    interview_id=interview_id,
                    version=version,
                    content=_json_copy(content),
                    author=author,
                    status=status,
                    created_at=self._now(),
                    model=model,
                    prompt_version=prompt_version,
                    knowledge_version=knowledge_version,
                )
            )
            session.flush()
            return version

        version = self._run(work, write=True, retries=_CONFLICT_RETRIES)
        log.info("interview %s: roadmap version %d saved", interview_id, version)
        return version

    def latest_roadmap(self, interview_id: str) -> RoadmapRecord | None:
        def work(session: Session) -> RoadmapRecord | None:
            row = session.execute(
                select(Roadmap)
                .where(Roadmap.interview_id == interview_id)
                .order_by(Roadmap.version.desc())
                .limit(1)
            ).scalar_one_or_none()
            return None if row is None else _roadmap_record(row)

        return self._run(work, write=False)

    def roadmap_versions(self, interview_id: str) -> list[RoadmapRecord]:
        """Every version, oldest first."""

        def work(session: Session) -> list[RoadmapRecord]:
            rows = session.execute(
                select(Roadmap)
                .where(Roadmap.interview_id == interview_id)
                .order_by(Roadmap.version)
            ).scalars()
            return [_roadmap_record(row) for row in rows]

        return self._run(work, write=False)


__all__ = [
    "InterviewStore",
    "generate_resume_code",
    "hash_resume_code",
    "normalise_resume_code",
    "sanitise_entities",
    "utc_now",
]
