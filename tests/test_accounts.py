"""Consultant accounts, sessions and the audit log, against SQLite and PostgreSQL alike.

Like tests/test_storage.py: every test runs once per backend; PostgreSQL comes from
DISCOVERY_TEST_POSTGRES_URL (default: the local trust-auth server), in a throwaway database
created for the session, with an empty schema per test. argon2 runs with tiny cost parameters so
the whole file stays fast; the clock is a fake one the tests move by hand.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from argon2 import PasswordHasher
from postgres_support import fresh_database, reset_schema
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine

from discovery.cli import main
from discovery.settings import Settings
from storage import (
    AccountService,
    StorageUnavailable,
    UserNotFound,
    make_engine,
    migrate,
)
from storage.accounts import WRONG_CREDENTIALS
from storage.db import alembic_config
from storage.models import Base, UserSession

PASSWORD = "correct horse battery"
ACCOUNT_TABLES = {"users", "sessions", "audit_log"}


def fast_hasher(time_cost: int = 1) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=8, parallelism=1)


class CountingHasher(PasswordHasher):
    """A cheap hasher that counts verifications (to show unknown users cost one too)."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.verified += 1
        return super().verify(hash, password)


class FakeClock:
    """UTC time that only moves when told to."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="session")
def pg_accounts_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this module's tests, dropped afterwards."""
    with fresh_database() as url:
        yield url


@pytest.fixture
def empty_database_url(backend, request, monkeypatch) -> str:
    """A database with no tables at all; DATABASE_URL points at it (for Settings and the CLI)."""
    if backend == "sqlite":
        return Settings(_env_file=None).resolved_database_url
    url = request.getfixturevalue("pg_accounts_database")
    reset_schema(url)
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def database_url(backend, request, monkeypatch) -> str:
    """A database at the newest schema with no rows (PostgreSQL: truncated, which is quicker
    than rebuilding the schema for every test)."""
    if backend == "sqlite":
        url = Settings(_env_file=None).resolved_database_url
    else:
        url = request.getfixturevalue("pg_accounts_database")
        monkeypatch.setenv("DATABASE_URL", url)
    engine = make_engine(url)
    try:
        migrate(engine)
        if backend == "postgres":
            tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
            with engine.begin() as conn:
                conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    finally:
        engine.dispose()
    return url


@pytest.fixture
def engine(database_url) -> Iterator[Engine]:
    made = make_engine(database_url)
    yield made
    made.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def accounts(engine, clock) -> AccountService:
    return AccountService(
        engine,
        clock,
        max_failures=3,
        lockout_minutes=15,
        session_hours=8,
        idle_minutes=60,
        hasher=fast_hasher(),
    )


def _sessions(engine: Engine) -> list[dict]:
    """The sessions table as stored (read with the table's column types)."""
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(select(UserSession.__table__))]


# -- schema ---------------------------------------------------------------------------------


def test_migration_0001_to_0002_keeps_interviews_and_matches_the_models(empty_database_url):
    engine = make_engine(empty_database_url)
    try:
        _migrate_from_0001(engine)
    finally:
        engine.dispose()


def _migrate_from_0001(engine: Engine) -> None:
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    with engine.begin() as conn:
        assert not ACCOUNT_TABLES & set(inspect(conn).get_table_names())
        conn.execute(
            text(
                "INSERT INTO interviews (id, resume_code_hash, status, created_at, updated_at,"
                " state_json, state_version, consent_version, knowledge_version, prompt_version,"
                " model, flags) VALUES ('i1', 'h1', 'in_progress', :ts, :ts, '{}', 1, 'c', 'k',"
                " 'p', 'm', '{}')"
            ),
            {"ts": datetime(2025, 1, 1, tzinfo=UTC)},
        )

    migrate(engine)  # 0001 -> head
    migrate(engine)  # idempotent
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) >= ACCOUNT_TABLES
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0002"
        assert conn.execute(text("SELECT id FROM interviews")).scalar_one() == "i1"
        drift = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert drift == [], "the models and the migrations disagree"

    # And back down: the account tables go, the interviews stay.
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
    with engine.connect() as conn:
        assert not ACCOUNT_TABLES & set(inspect(conn).get_table_names())
        assert conn.execute(text("SELECT id FROM interviews")).scalar_one() == "i1"


def test_missing_tables_are_a_clear_storage_error(empty_database_url, clock):
    engine = make_engine(empty_database_url)
    try:
        service = AccountService(engine, clock, hasher=fast_hasher())
        with pytest.raises(StorageUnavailable, match="run the migrations"):
            service.list_users()
    finally:
        engine.dispose()


# -- accounts -------------------------------------------------------------------------------


def test_default_hasher_is_argon2id_with_the_library_parameters(engine):
    hasher = AccountService(engine)._hasher
    reference = PasswordHasher()
    assert (hasher.type, hasher.time_cost, hasher.memory_cost) == (
        reference.type,
        reference.time_cost,
        reference.memory_cost,
    )


def test_add_user_stores_a_lower_cased_name_and_only_an_argon2_hash(accounts, engine, clock):
    user = accounts.add_user("  Alice.Smith ", PASSWORD, display_name="Alice Smith")
    assert user.username == "alice.smith"
    assert user.display_name == "Alice Smith"
    assert user.role == "consultant" and not user.is_admin
    assert user.failed_attempts == 0 and user.locked_until is None and not user.disabled
    assert user.created_at == clock.now
    assert accounts.get_user("ALICE.SMITH") == user
    assert accounts.get_user("nobody") is None

    admin = accounts.add_user("Bob", PASSWORD + "!", role="admin")
    assert admin.is_admin and admin.display_name == "Bob"
    assert [u.username for u in accounts.list_users()] == ["alice.smith", "bob"]

    with engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users ORDER BY id")).scalars().all()
    assert all(h.startswith("$argon2id$") for h in stored)
    assert PASSWORD not in "".join(stored)
    assert "argon2" not in repr(user) and PASSWORD not in repr(user)


def test_add_user_rejects_duplicates_weak_passwords_and_bad_roles(accounts):
    accounts.add_user("carol", PASSWORD)
    with pytest.raises(ValueError, match="already exists"):
        accounts.add_user("CAROL", PASSWORD)
    with pytest.raises(ValueError, match="at least 10 characters"):
        accounts.add_user("dave", "short")
    with pytest.raises(ValueError, match="at least 10 characters"):
        accounts.add_user("dave", "123456789")
    with pytest.raises(ValueError, match="role must be one of consultant, admin"):
        accounts.add_user("dave", PASSWORD, role="root")
    with pytest.raises(ValueError, match="username"):
        accounts.add_user("d", PASSWORD)
    with pytest.raises(ValueError, match="reserved"):
        accounts.add_user("Agent", PASSWORD)
    with pytest.raises(ValueError, match="not be the username"):
        accounts.add_user("dave.longname", "Dave.Longname")
    assert [u.username for u in accounts.list_users()] == ["carol"]


def test_set_password_revokes_sessions_and_unlocks(accounts):
    accounts.add_user("erin", PASSWORD)
    token = accounts.login("erin", PASSWORD).token
    with pytest.raises(ValueError, match="at least 10"):
        accounts.set_password("erin", "tiny")
    with pytest.raises(UserNotFound):
        accounts.set_password("nobody", "a fine new password")
    accounts.set_password("Erin", "a fine new password", actor="bob")
    assert accounts.authenticate(token) is None
    assert not accounts.login("erin", PASSWORD).ok
    assert accounts.login("erin", "a fine new password").ok
    assert accounts.audit_entries(action="password_set")[0].actor == "bob"


# -- signing in -----------------------------------------------------------------------------


def test_login_returns_a_token_once_and_stores_only_its_hash(accounts, engine, clock):
    accounts.add_user("frank", PASSWORD, display_name="Frank")
    result = accounts.login("FRANK ", PASSWORD)
    assert result.ok and result.message == "Signed in."
    assert result.user is not None and result.user.username == "frank"
    assert result.token and len(result.token) >= 40
    assert result.token not in repr(result)

    rows = _sessions(engine)
    assert len(rows) == 1
    row = rows[0]
    assert row["token_hash"] == hashlib.sha256(result.token.encode()).hexdigest()
    assert result.token not in {str(value) for value in row.values()}
    assert not row["revoked"]

    user = accounts.authenticate(result.token)
    assert user is not None and user.username == "frank"
    assert accounts.authenticate(row["token_hash"]) is None  # the stored hash is not a token
    assert accounts.authenticate("not-a-token") is None
    assert accounts.authenticate("") is None
    assert accounts.authenticate(None) is None

    second = accounts.login("frank", PASSWORD)
    assert second.ok and second.token != result.token
    assert accounts.authenticate(result.token) == accounts.authenticate(second.token)


def test_wrong_password_counts_failures_with_a_generic_message(accounts):
    accounts.add_user("grace", PASSWORD)
    first = accounts.login("grace", "wrong password 1")
    assert not first.ok and first.token is None and first.user is None
    assert first.message == WRONG_CREDENTIALS == "Wrong username or password."
    assert accounts.get_user("grace").failed_attempts == 1
    accounts.login("grace", "wrong password 2")
    assert accounts.get_user("grace").failed_attempts == 2

    # Success resets the count.
    assert accounts.login("grace", PASSWORD).ok
    assert accounts.get_user("grace").failed_attempts == 0


def test_unknown_user_gets_the_same_message_and_the_same_work(engine, clock):
    hasher = CountingHasher()
    service = AccountService(engine, clock, hasher=hasher)
    service.add_user("heidi", PASSWORD)

    hasher.verified = 0
    unknown = service.login("nobody", PASSWORD)
    assert hasher.verified == 1  # verified against the dummy hash
    hasher.verified = 0
    known = service.login("heidi", "wrong password!")
    assert hasher.verified == 1
    assert (unknown.ok, unknown.token, unknown.user, unknown.message) == (
        known.ok,
        known.token,
        known.user,
        known.message,
    )
    assert service.login("", PASSWORD).message == WRONG_CREDENTIALS
    assert service.login("no such name at all!", PASSWORD).message == WRONG_CREDENTIALS

    # Many failures for an unknown name lock nothing and never say "locked".
    for _ in range(10):
        assert service.login("nobody", PASSWORD).message == WRONG_CREDENTIALS
    entries = service.audit_entries(action="login_failed")
    assert entries[0].actor == "(unknown)" and entries[0].detail == {"reason": "unknown_user"}


def test_lockout_after_max_failures_then_unlocks_when_time_passes(accounts, clock):
    accounts.add_user("ivan", PASSWORD)
    assert accounts.login("ivan", "wrong password 1").message == WRONG_CREDENTIALS
    assert accounts.login("ivan", "wrong password 2").message == WRONG_CREDENTIALS
    third = accounts.login("ivan", "wrong password 3")  # max_failures=3
    assert not third.ok
    assert "locked" in third.message and "15 minutes" in third.message
    assert third.locked_until == clock.now + timedelta(minutes=15)
    assert accounts.get_user("ivan").locked_until == third.locked_until

    # Still locked, even with the right password; the message says for how long.
    clock.advance(minutes=10)
    locked = accounts.login("ivan", PASSWORD)
    assert not locked.ok and locked.token is None
    assert "locked" in locked.message and "5 minutes" in locked.message

    clock.advance(minutes=5, seconds=1)
    unlocked = accounts.login("ivan", PASSWORD)
    assert unlocked.ok, unlocked.message
    user = accounts.get_user("ivan")
    assert user.failed_attempts == 0

    # After an expired lock the count starts afresh: one wrong password does not re-lock.
    accounts.login("ivan", "wrong again!!")
    assert accounts.get_user("ivan").failed_attempts == 1
    assert accounts.get_user("ivan").locked_until is None


def test_rehash_on_login_when_the_parameters_change(engine, clock):
    old = AccountService(engine, clock, hasher=fast_hasher(time_cost=1))
    old.add_user("judy", PASSWORD)
    new = AccountService(engine, clock, hasher=fast_hasher(time_cost=2))

    def stored() -> str:
        with engine.connect() as conn:
            return conn.execute(text("SELECT password_hash FROM users")).scalar_one()

    assert ",t=1," in stored()
    assert not new.login("judy", "not the password").ok
    assert ",t=1," in stored()  # a wrong password changes nothing
    assert new.login("judy", PASSWORD).ok
    assert ",t=2," in stored()
    assert new.audit_entries(action="login")[0].detail == {"rehashed": True}
    assert old.login("judy", PASSWORD).ok  # the new hash still verifies


def test_disabled_accounts_cannot_sign_in_and_lose_their_sessions(accounts):
    accounts.add_user("ken", PASSWORD)
    token = accounts.login("ken", PASSWORD).token
    accounts.set_disabled("ken", True, actor="bob")
    assert accounts.authenticate(token) is None
    assert accounts.login("ken", "wrong password!").message == WRONG_CREDENTIALS
    disabled = accounts.login("ken", PASSWORD)
    assert not disabled.ok and "disabled" in disabled.message
    accounts.set_disabled("ken", False)
    assert accounts.login("ken", PASSWORD).ok
    with pytest.raises(UserNotFound):
        accounts.set_disabled("nobody", True)


# -- sessions -------------------------------------------------------------------------------


def test_session_ends_after_its_absolute_lifetime(accounts, clock):
    accounts.add_user("liam", PASSWORD)
    token = accounts.login("liam", PASSWORD).token
    for _ in range(15):  # busy all day: never idle
        clock.advance(minutes=30)
        assert accounts.authenticate(token) is not None  # 7 h 30 min after sign-in
    clock.advance(minutes=29, seconds=59)
    assert accounts.authenticate(token) is not None
    clock.advance(seconds=1)  # exactly 8 hours
    assert accounts.authenticate(token) is None


def test_session_ends_when_idle_and_use_keeps_it_alive(accounts, engine, clock):
    accounts.add_user("mia", PASSWORD)
    token = accounts.login("mia", PASSWORD).token
    signed_in = clock.now

    clock.advance(minutes=59)
    assert accounts.authenticate(token) is not None
    assert _sessions(engine)[0]["last_seen_at"] == clock.now
    assert clock.now - signed_in == timedelta(minutes=59)

    clock.advance(minutes=60)  # 60 minutes since the last use: still fine
    assert accounts.authenticate(token) is not None
    clock.advance(minutes=60, seconds=1)  # idle for longer than 60 minutes
    assert accounts.authenticate(token) is None
    clock.advance(minutes=1)
    assert accounts.authenticate(token) is None  # and it stays ended


def test_logout_revokes_the_session(accounts, engine):
    accounts.add_user("nina", PASSWORD)
    token = accounts.login("nina", PASSWORD).token
    other = accounts.login("nina", PASSWORD).token
    assert accounts.logout(token) is True
    assert accounts.authenticate(token) is None
    assert accounts.authenticate(other) is not None  # other sessions stay open
    assert accounts.logout(token) is False
    assert accounts.logout("unknown") is False
    assert sorted(bool(row["revoked"]) for row in _sessions(engine)) == [False, True]


# -- audit log ------------------------------------------------------------------------------


def test_every_login_event_is_audited(accounts, clock):
    accounts.add_user("olga", PASSWORD)
    accounts.login("olga", PASSWORD)
    clock.advance(seconds=1)
    accounts.login("olga", "wrong password 1")
    accounts.login("olga", "wrong password 2")
    clock.advance(seconds=1)
    accounts.login("olga", "wrong password 3")  # locks
    clock.advance(seconds=1)
    accounts.login("olga", PASSWORD)  # refused: locked
    accounts.login("ghost", PASSWORD)

    entries = accounts.audit_entries()
    assert [(e.actor, e.action) for e in entries] == [
        ("(unknown)", "login_failed"),
        ("olga", "login_failed"),
        ("olga", "locked"),
        ("olga", "login_failed"),
        ("olga", "login_failed"),
        ("olga", "login_failed"),
        ("olga", "login"),
        ("system", "user_added"),
    ]
    assert entries[1].detail["reason"] == "locked"
    assert entries[2].detail["failed_attempts"] == 3
    assert entries[3].detail == {"reason": "wrong_password", "failed_attempts": 3}
    assert entries[0].at >= entries[-1].at
    text_of_log = repr([(e.actor, e.action, e.detail) for e in entries])
    assert PASSWORD not in text_of_log and "wrong password" not in text_of_log

    assert [e.action for e in accounts.audit_entries(limit=2)] == ["login_failed", "login_failed"]
    assert len(accounts.audit_entries(actor="olga", action="login_failed")) == 4


def test_audit_entries_for_an_interview_newest_first(accounts, clock):
    first = accounts.audit(
        "agent",
        "redraft",
        interview_id="a" * 32,
        detail={"section": "risks"},
        model="gpt-4o-mini",
        prompt_version="prompt-3",
        knowledge_version="kb-7",
    )
    assert first.at == clock.now and first.detail == {"section": "risks"}
    clock.advance(minutes=1)
    accounts.audit("paul", "approve", interview_id="a" * 32)
    accounts.audit("paul", "export", interview_id="b" * 32, detail={"format": "pdf"})
    accounts.audit("paul", "view_contact", interview_id="a" * 32)

    entries = accounts.audit_entries(interview_id="a" * 32)
    assert [e.action for e in entries] == ["view_contact", "approve", "redraft"]
    assert entries[-1] == first
    assert (entries[-1].model, entries[-1].prompt_version, entries[-1].knowledge_version) == (
        "gpt-4o-mini",
        "prompt-3",
        "kb-7",
    )
    assert entries[0].detail == {} and entries[0].model is None
    assert len(accounts.audit_entries()) == 4

    with pytest.raises(ValueError, match="JSON"):
        accounts.audit("paul", "export", detail={"when": datetime.now(UTC)})
    with pytest.raises(ValueError, match="action"):
        accounts.audit("paul", "")
    with pytest.raises(ValueError, match="limit"):
        accounts.audit_entries(limit=0)


# -- command line ---------------------------------------------------------------------------


@pytest.fixture
def cheap_default_hasher(monkeypatch) -> None:
    """The CLI builds its service with the default (deliberately slow) hasher; make it cheap."""
    monkeypatch.setattr("storage.accounts.PasswordHasher", fast_hasher)


def test_cli_users_add_and_list(empty_database_url, cheap_default_hasher, monkeypatch, capsys):
    monkeypatch.setenv("DISCOVERY_NEW_PASSWORD", PASSWORD)
    assert main(["users", "list"]) == 0
    assert "No users yet" in capsys.readouterr().out

    assert main(["users", "add", "Quinn", "--role", "admin", "--display-name", "Quinn Q"]) == 0
    out = capsys.readouterr().out
    assert "Added admin 'quinn' (Quinn Q)." in out
    assert PASSWORD not in out

    assert main(["users", "add", "quinn"]) == 2
    assert "already exists" in capsys.readouterr().err

    monkeypatch.setenv("DISCOVERY_NEW_PASSWORD", "short")
    assert main(["users", "add", "rita"]) == 2
    assert "at least 10 characters" in capsys.readouterr().err

    assert main(["users", "list"]) == 0
    listing = capsys.readouterr().out
    assert "quinn" in listing and "admin" in listing and "active" in listing
    assert "Quinn Q" in listing and "rita" not in listing

    # The account works.
    engine = make_engine(empty_database_url)
    try:
        service = AccountService(engine, hasher=fast_hasher())
        assert service.login("QUINN", PASSWORD).ok
        assert service.audit_entries(action="user_added")[0].actor == "cli"
    finally:
        engine.dispose()


def test_cli_users_add_prompts_twice_without_echo(
    database_url, cheap_default_hasher, monkeypatch, capsys
):
    monkeypatch.delenv("DISCOVERY_NEW_PASSWORD", raising=False)
    typed = iter([PASSWORD, "something else!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    assert main(["users", "add", "sam"]) == 2
    assert "differ" in capsys.readouterr().err

    typed = iter([PASSWORD, PASSWORD])
    assert main(["users", "add", "sam"]) == 0
    assert "Added consultant 'sam'" in capsys.readouterr().out
