"""Who may open which consultant page, and what a page says when the session is not valid.

Every consultant page calls `check_session` with the token kept in the browser session; the
account service re-checks it (revoked, idle, past its absolute expiry, account disabled) on every
page view. A prospect never has a token: their `?resume=CODE` link only opens their own interview
in the chat, and no consultant page reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage import AccountService, LoginResult, UserRecord

QUEUE = "queue"
REVIEW = "review"
AUDIT = "audit"
CONSULTANT_PAGES: tuple[str, ...] = (QUEUE, REVIEW, AUDIT)
PAGE_ROLES: dict[str, frozenset[str]] = {
    QUEUE: frozenset({"consultant", "admin"}),
    REVIEW: frozenset({"consultant", "admin"}),
    AUDIT: frozenset({"admin"}),
}

SIGN_IN_PROMPT = "Please sign in to use the consultant workspace."
SESSION_EXPIRED = "Your session has expired or was signed out. Please sign in again."
ADMIN_ONLY = "Only administrators can see the audit log."
MISSING_CREDENTIALS = "Enter your username and password."


@dataclass(frozen=True, slots=True)
class SessionCheck:
    """The signed-in user, or None and the message the sign-in page should show."""

    user: UserRecord | None
    message: str | None = None


def can_open(user: UserRecord | None, page: str) -> bool:
    """True when `user` may open the consultant page `page` (unknown pages: nobody)."""
    if user is None or user.disabled:
        return False
    return user.role in PAGE_ROLES.get(page, frozenset())


def check_session(accounts: AccountService, token: object) -> SessionCheck:
    """Re-check a session token on a page view."""
    if not isinstance(token, str) or not token:
        return SessionCheck(None, SIGN_IN_PROMPT)
    user = accounts.authenticate(token)
    if user is None:
        return SessionCheck(None, SESSION_EXPIRED)
    return SessionCheck(user)


def sign_in(accounts: AccountService, username: str, password: str) -> LoginResult:
    """Sign in (hashed passwords, lockout and auditing are the account service's)."""
    if not isinstance(username, str) or not username.strip() or not password:
        return LoginResult(False, None, None, MISSING_CREDENTIALS)
    return accounts.login(username, password)


def sign_out(accounts: AccountService, token: object) -> bool:
    return isinstance(token, str) and accounts.logout(token)


__all__ = [
    "ADMIN_ONLY",
    "AUDIT",
    "CONSULTANT_PAGES",
    "QUEUE",
    "REVIEW",
    "SESSION_EXPIRED",
    "SIGN_IN_PROMPT",
    "SessionCheck",
    "can_open",
    "check_session",
    "sign_in",
    "sign_out",
]
