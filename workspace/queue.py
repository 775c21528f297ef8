"""The consultant queue: interviews newest first, filtered by status and a title search,
one page at a time, with counts by status.

A page costs three small indexed queries whatever the number of interviews: the counts (one
GROUP BY), the page itself (`InterviewStore.list_interviews` with limit/offset, or the review
store's title search), and the newest roadmap version of the interviews on that page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage import INTERVIEW_STATUSES, InterviewRecord, InterviewStore
from storage.reviews import ReviewStore

PAGE_SIZE = 25
MAX_PAGE_SIZE = 200
STATUS_LABELS: dict[str, str] = {
    "in_progress": "In progress",
    "confirming": "Confirming summary",
    "awaiting_review": "Awaiting review",
    "in_review": "In review",
    "approved": "Approved",
    "returned": "Returned",
}
TITLE_CHARS = 90


@dataclass(frozen=True, slots=True)
class QueueQuery:
    status: str | None = None  # None: every status
    search: str = ""
    page: int = 1  # 1-based
    page_size: int = PAGE_SIZE

    def normalised(self) -> QueueQuery:
        if self.status is not None and self.status not in INTERVIEW_STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        size = min(max(1, int(self.page_size)), MAX_PAGE_SIZE)
        return QueueQuery(self.status, (self.search or "").strip(), max(1, int(self.page)), size)


@dataclass(frozen=True, slots=True)
class QueueRow:
    interview_id: str
    title: str
    status: str
    created_at: datetime
    updated_at: datetime
    flags: tuple[str, ...]
    roadmap_version: int | None
    roadmap_status: str | None
    roadmap_author: str | None


@dataclass(frozen=True, slots=True)
class QueuePage:
    rows: tuple[QueueRow, ...]
    counts: dict[str, int]
    total: int  # interviews matching the status and search
    page: int
    pages: int
    query: QueueQuery

    @property
    def first(self) -> int:
        return 0 if not self.rows else (self.page - 1) * self.query.page_size + 1

    @property
    def last(self) -> int:
        return 0 if not self.rows else self.first + len(self.rows) - 1


def derive_title(state: dict[str, Any] | None) -> str | None:
    """A one-line title from the (redacted) interview state: the business, else its workflows."""
    if not state:
        return None
    business = " ".join(str(state.get("business") or "").split())
    if business:
        return business if len(business) <= TITLE_CHARS else business[: TITLE_CHARS - 1] + "…"
    names = [str(w.get("name", "")).strip() for w in state.get("workflows") or []]
    names = [n for n in names if n]
    if names:
        return ("Interview about " + ", ".join(names))[:TITLE_CHARS]
    return None


def display_title(record: InterviewRecord) -> str:
    return record.title or derive_title(record.state) or f"Interview {record.id[:8]}"


def flag_names(record: InterviewRecord) -> tuple[str, ...]:
    """Flags raised in the interview (counters on the row, and flags kept in the state)."""
    names = {str(name) for name, count in (record.flags or {}).items() if count}
    for flag in (record.state or {}).get("flags") or []:
        if isinstance(flag, dict) and flag.get("kind"):
            names.add(str(flag["kind"]))
    return tuple(sorted(names))


def load_queue(store: InterviewStore, reviews: ReviewStore, query: QueueQuery) -> QueuePage:
    query = query.normalised()
    counts = reviews.count_by_status(search=query.search or None)
    total = counts.get(query.status, 0) if query.status else sum(counts.values())
    pages = max(1, math.ceil(total / query.page_size))
    page = min(query.page, pages)
    offset = (page - 1) * query.page_size
    records = store.list_interviews(
        status=query.status, search=query.search or None, limit=query.page_size, offset=offset
    )
    latest = reviews.latest_roadmaps([r.id for r in records])
    rows = tuple(
        QueueRow(
            interview_id=r.id,
            title=display_title(r),
            status=r.status,
            created_at=r.created_at,
            updated_at=r.updated_at,
            flags=flag_names(r),
            roadmap_version=latest[r.id].version if r.id in latest else None,
            roadmap_status=latest[r.id].status if r.id in latest else None,
            roadmap_author=latest[r.id].author if r.id in latest else None,
        )
        for r in records
    )
    return QueuePage(
        rows=rows,
        counts=counts,
        total=total,
        page=page,
        pages=pages,
        query=QueueQuery(query.status, query.search, page, query.page_size),
    )


__all__ = [
    "PAGE_SIZE",
    "STATUS_LABELS",
    "QueuePage",
    "QueueQuery",
    "QueueRow",
    "derive_title",
    "display_title",
    "flag_names",
    "load_queue",
]
