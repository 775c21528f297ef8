"""Exceptions raised by the storage layer.

Messages are written for a person (a prospect seeing "please try again", an operator reading a
log) and never contain message text, contact details or database passwords.
"""

from __future__ import annotations


class StorageError(RuntimeError):
    """Base class for every error the interview store raises on purpose."""


class StorageUnavailable(StorageError):
    """The database cannot be reached, is locked beyond the timeout, or is read-only."""


class StaleStateError(StorageError):
    """`save_state` was given a version that is no longer current (someone saved first)."""

    def __init__(self, interview_id: str, expected_version: int) -> None:
        super().__init__(
            f"Interview {interview_id} was changed by someone else "
            f"(expected state version {expected_version}); reload it and try again."
        )
        self.interview_id = interview_id
        self.expected_version = expected_version


class InterviewNotFound(StorageError, LookupError):
    """No interview has this id."""

    def __init__(self, interview_id: str) -> None:
        super().__init__(f"No interview with id {interview_id!r}.")
        self.interview_id = interview_id
