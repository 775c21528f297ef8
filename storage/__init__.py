"""Interview storage: SQLAlchemy models, Alembic migrations and the `InterviewStore` repository.

Only redacted text is ever stored; see `storage.repository` for the contract.
"""

from storage.db import make_engine, migrate
from storage.errors import InterviewNotFound, StaleStateError, StorageError, StorageUnavailable
from storage.models import INTERVIEW_STATUSES, TURN_ROLES
from storage.records import (
    ContactRecord,
    InterviewRecord,
    RoadmapRecord,
    TurnRecord,
    UsageTotals,
)
from storage.repository import InterviewStore, utc_now

__all__ = [
    "INTERVIEW_STATUSES",
    "TURN_ROLES",
    "ContactRecord",
    "InterviewNotFound",
    "InterviewRecord",
    "InterviewStore",
    "RoadmapRecord",
    "StaleStateError",
    "StorageError",
    "StorageUnavailable",
    "TurnRecord",
    "UsageTotals",
    "make_engine",
    "migrate",
    "utc_now",
]
