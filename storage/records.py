"""Plain, frozen records returned by `InterviewStore` (never ORM objects).

Fields that may hold interview content or contact details are left out of `repr`, so an
accidental log line or traceback shows ids and versions, not what someone said.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class InterviewRecord:
    id: str
    status: str
    created_at: datetime
    updated_at: datetime
    state: dict[str, Any] = field(repr=False)
    state_version: int
    consent_version: str
    knowledge_version: str
    prompt_version: str
    model: str
    title: str | None = field(repr=False)
    flags: dict[str, Any]


@dataclass(frozen=True, slots=True)
class TurnRecord:
    id: int
    interview_id: str
    seq: int
    role: str
    text: str = field(repr=False)  # redacted text
    created_at: datetime
    client_key: str | None
    flags: dict[str, Any]
    entities: list[dict[str, Any]]  # {"type", "start", "end", "score"}: no values
    meta: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ContactRecord:
    interview_id: str
    name: str | None = field(repr=False)
    email: str | None = field(repr=False)
    phone: str | None = field(repr=False)
    organisation: str | None = field(repr=False)
    note: str | None = field(repr=False)
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class RoadmapRecord:
    id: int
    interview_id: str
    version: int
    content: dict[str, Any] = field(repr=False)
    author: str
    status: str
    created_at: datetime
    model: str | None
    prompt_version: str | None
    knowledge_version: str | None


@dataclass(frozen=True, slots=True)
class UsageTotals:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    calls: int = 0
