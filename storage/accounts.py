"""Consultant accounts: users, sign-in sessions and the audit log (`AccountService`).

Passwords are hashed with argon2id (`argon2-cffi`); a hash made with older cost parameters is
replaced on the next successful sign-in. Sign-in answers "Wrong username or password." whether or
not the username exists, and an unknown username costs the same password verification (against a
dummy hash) as a known one. After `max_failures` wrong passwords in a row the account is locked
for `lockout_minutes`. A successful sign-in returns a random session token once; only its
SHA-256 is stored. Sessions end after `session_hours`, after `idle_minutes` without use, or at
sign-out. Every sign-in success, failure and lockout is written to the audit log, in the same
transaction as the change it describes.

Records are plain frozen dataclasses; none of them carries a password hash or a session token
hash. Database failures surface as `storage.errors.StorageError`s with a human message.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Self, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.db import make_engine, migrate
from storage.errors import StorageError
from storage.models import USER_ROLES, AuditEntry, User, UserSession
from storage.repository import utc_now
from storage.transactions import Transactional

if TYPE_CHECKING:
    from discovery.settings import Settings

log = logging.getLogger(__name__)


MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # argon2 copes with more; this only bounds the work per attempt
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
# Actor names the product itself writes into the audit log; no account may take them.
RESERVED_USERNAMES = frozenset({"agent", "prospect", "system", "cli", "unknown"})
UNKNOWN_ACTOR = "(unknown)"  # audit actor for a sign-in attempt with no such account
MAX_DISPLAY_NAME = 200
MAX_AUDIT_LIMIT = 1000

WRONG_CREDENTIALS = "Wrong username or password."
DISABLED_MESSAGE = "This account is disabled; ask an administrator to enable it."
SIGNED_IN = "Signed in."
# `authenticate` writes last_seen_at at most this often (one row write per page view is wasteful);
# idle expiry is therefore measured from a time up to this much earlier than the last request.
SESSION_TOUCH_INTERVAL = timedelta(seconds=30)


class UserNotFound(StorageError, LookupError):
    """No account has this username."""

    def __init__(self, username: str) -> None:
        super().__init__(f"No user named {username!r}.")
        self.username = username


@dataclass(frozen=True, slots=True)
class UserRecord:
    """An account as callers see it: never the password hash."""

    id: int
    username: str
    display_name: str
    role: str
    failed_attempts: int
    locked_until: datetime | None
    created_at: datetime
    disabled: bool

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True, slots=True)
class LoginResult:
    """The outcome of `AccountService.login`. `token` (set only when `ok`) is shown this once."""

    ok: bool
    token: str | None = field(repr=False)
    user: UserRecord | None
    message: str
    locked_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class AuditRecord:
    id: int
    at: datetime
    actor: str
    action: str
    interview_id: str | None
    detail: dict[str, Any] = field(repr=False)
    model: str | None
    prompt_version: str | None
    knowledge_version: str | None


def normalise_username(username: str) -> str:
    """Usernames are case-insensitive: stored and compared lower-cased, without outer spaces."""
    return username.strip().lower()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_password_strength(password: str, *, username: str | None = None) -> None:
    """Raise ValueError, saying why, for a password that may not be used."""
    if not isinstance(password, str):
        raise ValueError("the password must be text")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters long")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValueError(f"the password must be at most {MAX_PASSWORD_LENGTH} characters long")
    if not password.strip():
        raise ValueError("the password must not be only spaces")
    if username is not None and normalise_username(password) == normalise_username(username):
        raise ValueError("the password must not be the username")


def _check_username(username: str) -> str:
    if not isinstance(username, str):
        raise ValueError("the username must be text")
    name = normalise_username(username)
    if not USERNAME_PATTERN.match(name):
        raise ValueError(
            "the username must be 2 to 64 characters: letters, digits, '.', '_', '-' or '@', "
            "starting with a letter or digit"
        )
    if name in RESERVED_USERNAMES:
        raise ValueError(f"the username {name!r} is reserved")
    return name


def _check_role(role: str) -> str:
    if role not in USER_ROLES:
        raise ValueError(f"the role must be one of {', '.join(USER_ROLES)}, not {role!r}")
    return role


def _check_label(value: str, what: str, max_len: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"the audit {what} must be a non-empty string")
    if len(value) > max_len:
        raise ValueError(f"the audit {what} must be at most {max_len} characters")
    return value


def _json_detail(detail: dict[str, Any] | None) -> dict[str, Any]:
    if detail is None:
        return {}
    if not isinstance(detail, dict):
        raise ValueError("the audit detail must be a dict")
    try:
        result = json.loads(json.dumps(detail, allow_nan=False))
    except (TypeError, ValueError) as err:
        raise ValueError(f"the audit detail must be JSON-serialisable: {err}") from None
    return cast(dict[str, Any], result)


def _minutes_left(until: datetime, now: datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds() / 60))


def _locked_message(until: datetime, now: datetime) -> str:
    minutes = _minutes_left(until, now)
    unit = "minute" if minutes == 1 else "minutes"
    return (
        "This account is locked after too many failed sign-ins; "
        f"try again in {minutes} {unit} (at {until:%H:%M} UTC)."
    )


def _user_record(row: User) -> UserRecord:
    return UserRecord(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=row.role,
        failed_attempts=row.failed_attempts,
        locked_until=row.locked_until,
        created_at=row.created_at,
        disabled=bool(row.disabled),
    )


def _audit_record(row: AuditEntry) -> AuditRecord:
    return AuditRecord(
        id=row.id,
        at=row.at,
        actor=row.actor,
        action=row.action,
        interview_id=row.interview_id,
        detail=json.loads(json.dumps(row.detail or {})),
        model=row.model,
        prompt_version=row.prompt_version,
        knowledge_version=row.knowledge_version,
    )


@dataclass(frozen=True, slots=True)
class _Candidate:
    """What sign-in reads before verifying the password (outside any transaction)."""

    id: int
    password_hash: str
    locked_until: datetime | None


class AccountService(Transactional):
    """Consultant accounts, sessions and the audit log, in the interview database.

    The schema comes from the Alembic migrations (`storage.migrate`); `from_settings` runs them.
    `hasher` defaults to argon2-cffi's recommended parameters; tests pass a cheap one.
    """

    def __init__(
        self,
        engine: Engine,
        clock: Callable[[], datetime] = utc_now,
        *,
        max_failures: int = 5,
        lockout_minutes: float = 15,
        session_hours: float = 8,
        idle_minutes: float = 60,
        hasher: PasswordHasher | None = None,
    ) -> None:
        if max_failures < 1:
            raise ValueError("max_failures must be at least 1")
        for name, value in (
            ("lockout_minutes", lockout_minutes),
            ("session_hours", session_hours),
            ("idle_minutes", idle_minutes),
        ):
            if not value > 0:
                raise ValueError(f"{name} must be positive")
        super().__init__(engine, clock)
        self._hasher = hasher if hasher is not None else PasswordHasher()
        self.max_failures = int(max_failures)
        self.lockout = timedelta(minutes=lockout_minutes)
        self.session_lifetime = timedelta(hours=session_hours)
        self.idle_timeout = timedelta(minutes=idle_minutes)
        self._dummy: str | None = None
        self._dummy_lock = threading.Lock()
        self._owns_engine = False

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        clock: Callable[[], datetime] = utc_now,
        hasher: PasswordHasher | None = None,
    ) -> Self:
        """Connect to `settings.resolved_database_url`, bring its schema up to date, and use the
        session and lockout limits from `settings`. `close()` disposes the engine."""
        engine = make_engine(settings.resolved_database_url)
        try:
            migrate(engine)
            service = cls(
                engine,
                clock,
                max_failures=settings.max_login_failures,
                lockout_minutes=settings.lockout_minutes,
                session_hours=settings.session_hours,
                idle_minutes=settings.idle_minutes,
                hasher=hasher,
            )
        except BaseException:
            engine.dispose()
            raise
        service._owns_engine = True
        return service

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        """Dispose the engine if this service created it (`from_settings`)."""
        if self._owns_engine:
            self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -----------------------------------------------------------------------------

    def _dummy_hash(self) -> str:
        """A hash of a random password, made with this service's hasher, so that an unknown
        username costs the same verification as a known one."""
        if self._dummy is None:
            with self._dummy_lock:
                if self._dummy is None:
                    self._dummy = self._hasher.hash(secrets.token_urlsafe(24))
        return self._dummy

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return bool(self._hasher.verify(password_hash, password))
        except InvalidHashError:
            log.warning("a stored password hash is not a valid argon2 hash")
            return False
        except VerificationError:  # includes VerifyMismatchError
            return False

    @staticmethod
    def _add_audit(
        session: Session,
        at: datetime,
        actor: str,
        action: str,
        *,
        interview_id: str | None = None,
        detail: dict[str, Any] | None = None,
        model: str | None = None,
        prompt_version: str | None = None,
        knowledge_version: str | None = None,
    ) -> AuditEntry:
        row = AuditEntry(
            at=at,
            actor=actor,
            action=action,
            interview_id=interview_id,
            detail=detail or {},
            model=model,
            prompt_version=prompt_version,
            knowledge_version=knowledge_version,
        )
        session.add(row)
        return row

    @staticmethod
    def _user_by_name(session: Session, name: str, *, lock: bool = False) -> User | None:
        query = select(User).where(User.username == name)
        if lock:
            query = query.with_for_update()
        return session.execute(query).scalar_one_or_none()

    @staticmethod
    def _revoke_sessions(session: Session, user_id: int) -> int:
        result = cast(
            CursorResult[Any],
            session.execute(
                update(UserSession)
                .where(UserSession.user_id == user_id, UserSession.revoked.is_(False))
                .values(revoked=True)
                .execution_options(synchronize_session=False)
            ),
        )
        return int(result.rowcount or 0)

    # -- accounts -----------------------------------------------------------------------------

    def add_user(
        self,
        username: str,
        password: str,
        *,
        role: str = "consultant",
        display_name: str | None = None,
        actor: str = "system",
    ) -> UserRecord:
        """Create an account. ValueError (saying why) for a bad username or role, a weak
        password, or a username that is taken (in any letter case)."""
        name = _check_username(username)
        _check_role(role)
        check_password_strength(password, username=name)
        shown = (display_name if display_name is not None else username).strip() or name
        if len(shown) > MAX_DISPLAY_NAME:
            raise ValueError(f"the display name must be at most {MAX_DISPLAY_NAME} characters")
        taken = ValueError(f"a user named {name!r} already exists")
        # Cheap check first: hashing is deliberately slow, and is done outside the transaction.
        if self.get_user(name) is not None:
            raise taken
        password_hash = self._hasher.hash(password)

        def work(session: Session) -> UserRecord:
            if self._user_by_name(session, name) is not None:
                raise taken
            now = self._now()
            row = User(
                username=name,
                display_name=shown,
                role=role,
                password_hash=password_hash,
                failed_attempts=0,
                locked_until=None,
                created_at=now,
                disabled=False,
            )
            session.add(row)
            session.flush()
            self._add_audit(
                session, now, actor, "user_added", detail={"username": name, "role": role}
            )
            return _user_record(row)

        try:
            record = self._run(work, write=True, passthrough=(IntegrityError,))
        except IntegrityError:  # another writer took the name between our check and insert
            raise taken from None
        log.info("added %s account %s", role, name)
        return record

    def set_password(self, username: str, password: str, *, actor: str | None = None) -> None:
        """Replace the password, clear any lockout and sign the account out everywhere.

        ValueError for a weak password; `UserNotFound` for an unknown username."""
        name = normalise_username(username)
        check_password_strength(password, username=name)
        password_hash = self._hasher.hash(password)

        def work(session: Session) -> int:
            row = self._user_by_name(session, name, lock=True)
            if row is None:
                raise UserNotFound(name)
            row.password_hash = password_hash
            row.failed_attempts = 0
            row.locked_until = None
            revoked = self._revoke_sessions(session, row.id)
            self._add_audit(
                session,
                self._now(),
                actor or name,
                "password_set",
                detail={"username": name, "sessions_revoked": revoked},
            )
            return revoked

        revoked = self._run(work, write=True)
        log.info("password of %s changed; %d session(s) revoked", name, revoked)

    def set_disabled(self, username: str, disabled: bool, *, actor: str = "system") -> UserRecord:
        """Disable (and sign out everywhere) or re-enable an account. `UserNotFound` if unknown."""
        name = normalise_username(username)

        def work(session: Session) -> UserRecord:
            row = self._user_by_name(session, name, lock=True)
            if row is None:
                raise UserNotFound(name)
            row.disabled = bool(disabled)
            if disabled:
                self._revoke_sessions(session, row.id)
            else:
                row.failed_attempts = 0
                row.locked_until = None
            self._add_audit(
                session,
                self._now(),
                actor,
                "user_disabled" if disabled else "user_enabled",
                detail={"username": name},
            )
            session.flush()
            return _user_record(row)

        return self._run(work, write=True)

    def get_user(self, username: str) -> UserRecord | None:
        name = normalise_username(username)

        def work(session: Session) -> UserRecord | None:
            row = self._user_by_name(session, name)
            return None if row is None else _user_record(row)

        return self._run(work, write=False)

    def list_users(self) -> list[UserRecord]:
        """Every account, by username."""

        def work(session: Session) -> list[UserRecord]:
            rows = session.execute(select(User).order_by(User.username)).scalars()
            return [_user_record(row) for row in rows]

        return self._run(work, write=False)

    # -- signing in and out -------------------------------------------------------------------

    def login(self, username: str, password: str) -> LoginResult:
        """Check a username and password; on success open a session and return its token.

        Failures say "Wrong username or password." whether or not the account exists; a locked
        account says so and for how long. Every outcome is audited.
        """
        dummy = self._dummy_hash()  # made before anything else, so every path pays the same
        name = normalise_username(username) if isinstance(username, str) else ""
        if not isinstance(password, str):
            password = ""
        now = self._now()

        def read(session: Session) -> _Candidate | None:
            row = self._user_by_name(session, name) if name else None
            if row is None:
                return None
            return _Candidate(row.id, row.password_hash, row.locked_until)

        candidate = self._run(read, write=False)
        if candidate is None:
            self._verify(dummy, password)
            self._record_unknown(now)
            return LoginResult(False, None, None, WRONG_CREDENTIALS)
        if candidate.locked_until is not None and candidate.locked_until > now:
            # No verification: a locked account cannot sign in whatever the password.
            return self._record_locked_attempt(candidate.id, now)

        verified = self._verify(candidate.password_hash, password)
        new_hash: str | None = None
        if verified and self._needs_rehash(candidate.password_hash):
            new_hash = self._hasher.hash(password)
        token = secrets.token_urlsafe(32)

        def write(session: Session) -> LoginResult:
            row = session.execute(
                select(User).where(User.id == candidate.id).with_for_update()
            ).scalar_one_or_none()
            if row is None:  # deleted meanwhile
                return LoginResult(False, None, None, WRONG_CREDENTIALS)
            if row.locked_until is not None and row.locked_until > now:  # locked meanwhile
                return self._locked_attempt(session, row, now)
            if row.locked_until is not None:  # an old lock has run out: start afresh
                row.locked_until = None
                row.failed_attempts = 0
            # A password changed since we read the hash was not the one we verified against.
            ok = verified and row.password_hash == candidate.password_hash
            if not ok:
                return self._failed_attempt(session, row, now)
            if row.disabled:
                self._add_audit(
                    session, now, row.username, "login_failed", detail={"reason": "disabled"}
                )
                return LoginResult(False, None, None, DISABLED_MESSAGE)
            if new_hash is not None:
                row.password_hash = new_hash
            row.failed_attempts = 0
            session.add(
                UserSession(
                    token_hash=hash_token(token),
                    user_id=row.id,
                    created_at=now,
                    expires_at=now + self.session_lifetime,
                    last_seen_at=now,
                    revoked=False,
                )
            )
            self._add_audit(
                session, now, row.username, "login", detail={"rehashed": new_hash is not None}
            )
            session.flush()
            return LoginResult(True, token, _user_record(row), SIGNED_IN)

        result = self._run(write, write=True)
        if result.ok and result.user is not None:
            log.info("%s signed in", result.user.username)
        return result

    def _needs_rehash(self, password_hash: str) -> bool:
        try:
            return bool(self._hasher.check_needs_rehash(password_hash))
        except (InvalidHashError, ValueError):
            return True

    def _record_unknown(self, now: datetime) -> None:
        def work(session: Session) -> None:
            self._add_audit(
                session, now, UNKNOWN_ACTOR, "login_failed", detail={"reason": "unknown_user"}
            )

        self._run(work, write=True)
        log.info("sign-in failed: no such user")

    def _record_locked_attempt(self, user_id: int, now: datetime) -> LoginResult:
        def work(session: Session) -> LoginResult:
            row = session.get(User, user_id)
            if row is None:
                return LoginResult(False, None, None, WRONG_CREDENTIALS)
            return self._locked_attempt(session, row, now)

        return self._run(work, write=True)

    def _locked_attempt(self, session: Session, row: User, now: datetime) -> LoginResult:
        until = row.locked_until or now
        self._add_audit(
            session,
            now,
            row.username,
            "login_failed",
            detail={"reason": "locked", "locked_until": until.isoformat()},
        )
        log.info("sign-in refused: %s is locked", row.username)
        return LoginResult(False, None, None, _locked_message(until, now), locked_until=until)

    def _failed_attempt(self, session: Session, row: User, now: datetime) -> LoginResult:
        row.failed_attempts = (row.failed_attempts or 0) + 1
        self._add_audit(
            session,
            now,
            row.username,
            "login_failed",
            detail={"reason": "wrong_password", "failed_attempts": row.failed_attempts},
        )
        if row.failed_attempts < self.max_failures:
            log.info("sign-in failed for %s (%d in a row)", row.username, row.failed_attempts)
            return LoginResult(False, None, None, WRONG_CREDENTIALS)
        until = now + self.lockout
        row.locked_until = until
        self._add_audit(
            session,
            now,
            row.username,
            "locked",
            detail={
                "failed_attempts": row.failed_attempts,
                "locked_until": until.isoformat(),
                "minutes": round(self.lockout.total_seconds() / 60, 2),
            },
        )
        log.warning("%s locked after %d failed sign-ins", row.username, row.failed_attempts)
        return LoginResult(False, None, None, _locked_message(until, now), locked_until=until)

    def authenticate(self, token: str | None) -> UserRecord | None:
        """The user a session token belongs to, or None when the token is unknown, revoked, past
        its absolute expiry, idle for longer than `idle_minutes`, or its account is disabled.
        Marks the session as used."""
        if not token or not isinstance(token, str):
            return None
        digest = hash_token(token)
        now = self._now()

        def read(session: Session) -> tuple[UserRecord, datetime] | None:
            found = session.execute(
                select(UserSession, User)
                .join(User, User.id == UserSession.user_id)
                .where(UserSession.token_hash == digest)
            ).one_or_none()
            if found is None:
                return None
            sess, user = found
            if (
                sess.revoked
                or user.disabled
                or now >= sess.expires_at
                or now - sess.last_seen_at > self.idle_timeout
            ):
                return None
            return _user_record(user), sess.last_seen_at

        found = self._run(read, write=False)
        if found is None:
            return None
        record, last_seen = found
        if now - last_seen >= SESSION_TOUCH_INTERVAL:

            def touch(session: Session) -> None:
                session.execute(
                    update(UserSession)
                    .where(UserSession.token_hash == digest, UserSession.last_seen_at < now)
                    .values(last_seen_at=now)
                    .execution_options(synchronize_session=False)
                )

            self._run(touch, write=True)
        return record

    def logout(self, token: str | None) -> bool:
        """Revoke the session; True if it was open. Unknown tokens are ignored."""
        if not token or not isinstance(token, str):
            return False
        digest = hash_token(token)

        def work(session: Session) -> bool:
            found = session.execute(
                select(UserSession, User.username)
                .join(User, User.id == UserSession.user_id)
                .where(UserSession.token_hash == digest)
                .with_for_update(of=UserSession)
            ).one_or_none()
            if found is None or found[0].revoked:
                return False
            sess, username = found
            sess.revoked = True
            self._add_audit(session, self._now(), username, "logout")
            return True

        return self._run(work, write=True)

    # -- audit log ----------------------------------------------------------------------------

    def audit(
        self,
        actor: str,
        action: str,
        *,
        interview_id: str | None = None,
        detail: dict[str, Any] | None = None,
        model: str | None = None,
        prompt_version: str | None = None,
        knowledge_version: str | None = None,
    ) -> AuditRecord:
        """Append one entry (e.g. "roadmap_edit", "approve", "export", "view_contact").

        `actor` is a username, "agent" or "prospect"; `detail` must be JSON-serialisable and
        should hold ids and counts, not interview content or contact details."""
        _check_label(actor, "actor", 128)
        _check_label(action, "action", 64)
        if interview_id is not None and (
            not isinstance(interview_id, str) or len(interview_id) > 32
        ):
            raise ValueError("interview_id must be an interview id (at most 32 characters)")
        clean = _json_detail(detail)

        def work(session: Session) -> AuditRecord:
            row = self._add_audit(
                session,
                self._now(),
                actor,
                action,
                interview_id=interview_id,
                detail=clean,
                model=model,
                prompt_version=prompt_version,
                knowledge_version=knowledge_version,
            )
            session.flush()
            return _audit_record(row)

        return self._run(work, write=True)

    def audit_entries(
        self,
        *,
        interview_id: str | None = None,
        actor: str | None = None,
        action: str | None = None,
        limit: int = 200,
    ) -> list[AuditRecord]:
        """Entries newest first, optionally only those for one interview, actor or action."""
        if not 1 <= limit <= MAX_AUDIT_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_AUDIT_LIMIT}")
        query = select(AuditEntry)
        if interview_id is not None:
            query = query.where(AuditEntry.interview_id == interview_id)
        if actor is not None:
            query = query.where(AuditEntry.actor == actor)
        if action is not None:
            query = query.where(AuditEntry.action == action)
        query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)

        def work(session: Session) -> list[AuditRecord]:
            return [_audit_record(row) for row in session.execute(query).scalars()]

        return self._run(work, write=False)


__all__ = [
    "MIN_PASSWORD_LENGTH",
    "WRONG_CREDENTIALS",
    "AccountService",
    "AuditRecord",
    "LoginResult",
    "UserNotFound",
    "UserRecord",
    "check_password_strength",
    "hash_token",
    "normalise_username",
]
