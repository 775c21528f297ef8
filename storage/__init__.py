"""Interview storage: SQLAlchemy models, Alembic migrations and the `InterviewStore` repository;
consultant accounts, sessions and the audit log in `AccountService`.

Only redacted text is ever stored; see `storage.repository` for the contract.
"""

from storage.accounts import (
    MIN_PASSWORD_LENGTH,
    AccountService,
    AuditRecord,
    LoginResult,
    UserNotFound,
    UserRecord,
)
from storage.db import make_engine, migrate
from storage.errors import InterviewNotFound, StaleStateError, StorageError, StorageUnavailable
from storage.models import INTERVIEW_STATUSES, TURN_ROLES, USER_ROLES
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
    "MIN_PASSWORD_LENGTH",
    "TURN_ROLES",
    "USER_ROLES",
    "AccountService",
    "AuditRecord",
    "ContactRecord",
    "InterviewNotFound",
    "InterviewRecord",
    "InterviewStore",
    "LoginResult",
    "RoadmapRecord",
    "StaleStateError",
    "StorageError",
    "StorageUnavailable",
    "TurnRecord",
    "UsageTotals",
    "UserNotFound",
    "UserRecord",
    "make_engine",
    "migrate",
    "utc_now",
]
