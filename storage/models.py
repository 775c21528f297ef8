"""SQLAlchemy 2 ORM models for interviews, their turns, usage, contacts and roadmaps, and for
consultant accounts (users, sign-in sessions, the audit log).

Only redacted text is ever stored here: callers redact before writing (see `privacy`), and
`turns.entities` keeps the types and offsets of redacted spans, never their values. Contact
details live in their own table and are never joined into transcript reads.

The schema itself is created by the Alembic migrations in `storage/migrations` (`storage.db.migrate`);
keep these models and the newest migration in step.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Interview lifecycle, in order. `returned` means a consultant sent it back for more input.
INTERVIEW_STATUSES: tuple[str, ...] = (
    "in_progress",
    "confirming",
    "awaiting_review",
    "in_review",
    "approved",
    "returned",
)
TURN_ROLES: tuple[str, ...] = ("user", "assistant")
# Consultant account roles. Admins may also manage accounts.
USER_ROLES: tuple[str, ...] = ("consultant", "admin")

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# JSON everywhere; JSONB on PostgreSQL (indexable, compact, no duplicate keys).
JSONType = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend.

    PostgreSQL stores `timestamptz`; SQLite has no time zones, so values are stored as naive UTC
    (which also sorts correctly as text) and come back tagged as UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("timestamps must be timezone-aware (use UTC)")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Interview(Base):
    __tablename__ = "interviews"
    __table_args__ = (
        # The consultant queue: filter by status, newest first (id breaks ties), read straight
        # off an index with no sort, however many interviews there are.
        Index("ix_interviews_status_created_at", "status", "created_at", "id"),
        Index("ix_interviews_created_at", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    resume_code_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    status: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state_json: Mapped[dict[str, Any]] = mapped_column(JSONType)
    state_version: Mapped[int] = mapped_column(Integer)
    consent_version: Mapped[str] = mapped_column(String())
    knowledge_version: Mapped[str] = mapped_column(String())
    prompt_version: Mapped[str] = mapped_column(String())
    model: Mapped[str] = mapped_column(String())
    title: Mapped[str | None] = mapped_column(String())
    flags: Mapped[dict[str, Any]] = mapped_column(JSONType)


class Turn(Base):
    __tablename__ = "turns"
    __table_args__ = (
        UniqueConstraint("interview_id", "seq"),
        UniqueConstraint("interview_id", "client_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interview_id: Mapped[str] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)  # redacted text only
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    client_key: Mapped[str | None] = mapped_column(String())
    flags: Mapped[dict[str, Any]] = mapped_column(JSONType)
    entities: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)  # types + offsets only
    meta: Mapped[dict[str, Any]] = mapped_column(JSONType)


class Usage(Base):
    __tablename__ = "usage"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interview_id: Mapped[str] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    model: Mapped[str] = mapped_column(String())
    prompt_tokens: Mapped[int] = mapped_column(Integer)
    completion_tokens: Mapped[int] = mapped_column(Integer)
    cost_usd: Mapped[float] = mapped_column(Float)
    purpose: Mapped[str] = mapped_column(String())


class Contact(Base):
    """Contact details the prospect chose to leave. Never joined into transcript reads."""

    __tablename__ = "contacts"

    interview_id: Mapped[str] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str | None] = mapped_column(String())
    email: Mapped[str | None] = mapped_column(String())
    phone: Mapped[str | None] = mapped_column(String())
    organisation: Mapped[str | None] = mapped_column(String())
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Roadmap(Base):
    __tablename__ = "roadmaps"
    __table_args__ = (UniqueConstraint("interview_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interview_id: Mapped[str] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSONType)
    author: Mapped[str] = mapped_column(String())  # "agent" or a consultant's username
    status: Mapped[str] = mapped_column(String())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    model: Mapped[str | None] = mapped_column(String())
    prompt_version: Mapped[str | None] = mapped_column(String())
    knowledge_version: Mapped[str | None] = mapped_column(String())


class User(Base):
    """A consultant (or admin) account. `username` is stored lower-cased; only an argon2 hash of
    the password is kept."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('consultant', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)


class UserSession(Base):
    """A signed-in browser session. Only the SHA-256 of its random token is stored."""

    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEntry(Base):
    """Who did what, when: sign-ins, roadmap edits, approvals, exports, contact views...

    `actor` is a username, "agent" or "prospect". Deliberately no foreign key to interviews, so
    the trail outlives what it describes.
    """

    __tablename__ = "audit_log"
    __table_args__ = (
        # Newest first, overall and per interview, straight off an index.
        Index("ix_audit_log_at", "at", "id"),
        Index("ix_audit_log_interview_id_at", "interview_id", "at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64))
    interview_id: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[dict[str, Any]] = mapped_column(JSONType)
    model: Mapped[str | None] = mapped_column(String())
    prompt_version: Mapped[str | None] = mapped_column(String())
    knowledge_version: Mapped[str | None] = mapped_column(String())
