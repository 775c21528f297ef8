"""The interview store, against SQLite and PostgreSQL alike.

Every test runs once per backend. PostgreSQL comes from DISCOVERY_TEST_POSTGRES_URL (default: the
local trust-auth server); a throwaway database is created for the session and dropped at the end,
and each test starts from an empty schema. When the server cannot be reached the postgres
variants skip, saying why.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from postgres_support import fresh_database, reset_schema
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from discovery.settings import Settings
from storage import (
    InterviewNotFound,
    InterviewRecord,
    InterviewStore,
    StaleStateError,
    StorageError,
    StorageUnavailable,
    make_engine,
    migrate,
)
from storage.models import Base
from storage.repository import generate_resume_code

TABLES = {"interviews", "turns", "usage", "contacts", "roadmaps"}
CODE_PATTERN = re.compile(r"^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")


class TickingClock:
    """A deterministic UTC clock: one second later on every call (thread-safe)."""

    def __init__(self) -> None:
        self._ticks = itertools.count()
        self._lock = threading.Lock()
        self.start = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        with self._lock:
            return self.start + timedelta(seconds=next(self._ticks))


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped afterwards."""
    with fresh_database() as url:
        yield url


@pytest.fixture
def database_url(backend, request) -> str:
    if backend == "sqlite":
        # The product default: a file under the (test-isolated) DISCOVERY_DATA_DIR.
        return Settings(_env_file=None).resolved_database_url
    url = request.getfixturevalue("pg_database")
    reset_schema(url)
    return url


@pytest.fixture
def clock() -> TickingClock:
    return TickingClock()


@pytest.fixture
def store(database_url, clock, monkeypatch) -> Iterator[InterviewStore]:
    if not database_url.startswith("sqlite"):
        monkeypatch.setenv("DATABASE_URL", database_url)
    settings = Settings(_env_file=None)
    assert settings.resolved_database_url == database_url
    opened = InterviewStore.from_settings(settings, clock=clock)
    yield opened
    opened.close()


def _new(store: InterviewStore, **state) -> tuple[InterviewRecord, str]:
    return store.create_interview(
        consent_version="consent-2025-01",
        knowledge_version="kb-7",
        prompt_version="prompt-3",
        model="gpt-4o-mini",
        state=state or {"phase": "intro"},
    )


# -- schema ---------------------------------------------------------------------------------


def test_migrate_is_idempotent_and_matches_the_models(store):
    migrate(store.engine)
    migrate(store.engine)
    with store.engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) >= TABLES
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0002"
        drift = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert drift == [], "the models and the migrations disagree"


# -- interviews and resume codes ------------------------------------------------------------


def test_create_and_resume_by_code(store, clock):
    record, code = _new(store, phase="intro", workflows=[{"name": "orders"}])
    assert CODE_PATTERN.match(code), code
    assert record.status == "in_progress"
    assert record.state_version == 1
    assert record.state == {"phase": "intro", "workflows": [{"name": "orders"}]}
    assert record.created_at == clock.start
    assert record.created_at.tzinfo is not None
    assert store.get(record.id) == record

    plain = code.replace("-", "")
    for typed in (code, code.lower(), plain, f"  {plain[:4]} {plain[4:8]} - {plain[8:]} "):
        assert store.find_by_resume_code(typed) == record, typed
    assert store.find_by_resume_code(generate_resume_code()) is None
    assert store.find_by_resume_code("not a code") is None
    assert store.find_by_resume_code("") is None
    assert store.get("0" * 32) is None

    # Only the hash of the code is stored.
    with store.engine.connect() as conn:
        stored = conn.execute(text("SELECT resume_code_hash FROM interviews")).scalar_one()
    assert stored == hashlib.sha256(plain.encode()).hexdigest()
    assert plain not in stored and code not in stored


# -- turns ----------------------------------------------------------------------------------


def test_append_turns_assigns_seq_one_to_n(store):
    interview, _ = _new(store)
    texts = [
        "Hi, I run <ORGANIZATION_1>.",
        "What takes most time?",
        "Orders by email.",
        "How many?",
    ]
    stored = [
        store.append_turn(interview.id, "user" if i % 2 == 0 else "assistant", t, meta={"i": i})
        for i, t in enumerate(texts)
    ]
    assert [t.seq for t in stored] == [1, 2, 3, 4]
    transcript = store.turns(interview.id)
    assert transcript == stored
    assert [t.text for t in transcript] == texts
    assert [t.role for t in transcript] == ["user", "assistant", "user", "assistant"]
    assert store.get(interview.id).updated_at == stored[-1].created_at > interview.created_at

    with pytest.raises(ValueError):
        store.append_turn(interview.id, "system", "nope")
    with pytest.raises(InterviewNotFound):
        store.append_turn("f" * 32, "user", "hello")
    assert store.turns("f" * 32) == []


def test_double_submit_with_same_client_key_stores_once(store):
    interview, _ = _new(store)
    first = store.append_turn(interview.id, "user", "We take orders by phone.", client_key="k-1")
    again = store.append_turn(interview.id, "user", "We take orders by phone.", client_key="k-1")
    assert again == first
    other = store.append_turn(interview.id, "user", "And by email.", client_key="k-2")
    unkeyed = store.append_turn(interview.id, "assistant", "Thanks.")
    assert (first.seq, other.seq, unkeyed.seq) == (1, 2, 3)
    assert [t.client_key for t in store.turns(interview.id)] == ["k-1", "k-2", None]
    # The same key in another interview is a different turn.
    elsewhere, _ = _new(store)
    assert store.append_turn(elsewhere.id, "user", "Hello", client_key="k-1").seq == 1


def test_concurrent_appends_get_unique_consecutive_seqs(store):
    interview, _ = _new(store)
    per_thread = 12
    start = threading.Barrier(2)

    def writer(name: str) -> list[int]:
        start.wait()
        return [
            store.append_turn(interview.id, "user", f"{name} {i}", client_key=f"{name}-{i}").seq
            for i in range(per_thread)
        ]

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = [f.result(timeout=30) for f in [pool.submit(writer, n) for n in ("a", "b")]]

    assert sorted(results[0] + results[1]) == list(range(1, 2 * per_thread + 1))
    assert all(seqs == sorted(seqs) for seqs in results)
    transcript = store.turns(interview.id)
    assert [t.seq for t in transcript] == list(range(1, 2 * per_thread + 1))
    for name in ("a", "b"):  # each writer's turns are in its own order
        mine = [t.text for t in transcript if t.text.startswith(name)]
        assert mine == [f"{name} {i}" for i in range(per_thread)]


# -- state ----------------------------------------------------------------------------------


def test_save_state_optimistic_locking(store):
    interview, _ = _new(store, phase="intro")
    v2 = store.save_state(interview.id, {"phase": "workflows"}, expected_version=1)
    assert v2 == 2

    # A second writer still holding version 1 loses, and changes nothing.
    with pytest.raises(StaleStateError) as stale:
        store.save_state(interview.id, {"phase": "stale"}, expected_version=1)
    assert isinstance(stale.value, StorageError)
    current = store.get(interview.id)
    assert (current.state, current.state_version) == ({"phase": "workflows"}, 2)

    v3 = store.save_state(
        interview.id, {"phase": "confirm"}, status="confirming", expected_version=2
    )
    current = store.get(interview.id)
    assert (v3, current.state_version, current.status) == (3, 3, "confirming")

    with pytest.raises(InterviewNotFound):
        store.save_state("e" * 32, {}, expected_version=1)
    with pytest.raises(ValueError):
        store.save_state(interview.id, {}, status="done", expected_version=3)


def test_status_title_and_flags(store):
    interview, _ = _new(store)
    store.set_status(interview.id, "awaiting_review")
    store.set_title(interview.id, "Catering orders at a bakery")
    assert store.add_flag(interview.id, "injection") == 1
    assert store.add_flag(interview.id, "injection") == 2
    assert store.add_flag(interview.id, "low_confidence") == 1
    current = store.get(interview.id)
    assert current.status == "awaiting_review"
    assert current.title == "Catering orders at a bakery"
    assert current.flags == {"injection": 2, "low_confidence": 1}
    with pytest.raises(ValueError):
        store.set_status(interview.id, "finished")
    with pytest.raises(InterviewNotFound):
        store.set_status("d" * 32, "approved")


# -- privacy contract -----------------------------------------------------------------------


def _dump(store: InterviewStore, tables: set[str]) -> str:
    with store.engine.connect() as conn:
        return "\n".join(
            repr(row)
            for table in sorted(tables)
            for row in conn.execute(text(f"SELECT * FROM {table}"))
        )


def test_only_redacted_text_is_stored_and_contacts_stay_apart(store, caplog):
    """The caller redacts; the store keeps exactly the text it is given, span types and offsets
    but never span values, and keeps contact details out of transcripts, records' reprs and logs."""
    caplog.set_level(logging.DEBUG, logger="storage")
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # SQL is logged; parameters not
    raw_name, raw_email = "Grace Tupou", "grace@example.co.nz"
    redacted = "Kia ora, I'm <PERSON_1>; email me at <EMAIL_ADDRESS_1>."
    interview, _ = _new(store)
    turn = store.append_turn(
        interview.id,
        "user",
        redacted,
        flags={"injection": False},
        # A careless caller passing detector output with values: the values are dropped.
        entities=[
            {"type": "PERSON", "start": 13, "end": 24, "score": 0.85, "text": raw_name},
            {
                "entity_type": "EMAIL_ADDRESS",
                "start": 40,
                "end": 59,
                "score": 1,
                "value": raw_email,
            },
        ],
        meta={"policy": "redact-v1", "latency_ms": 12},
    )
    assert turn.text == redacted
    assert turn.entities == [
        {"type": "PERSON", "start": 13, "end": 24, "score": 0.85},
        {"type": "EMAIL_ADDRESS", "start": 40, "end": 59, "score": 1.0},
    ]
    contact = store.save_contact(interview.id, name=raw_name, email=raw_email, phone="021 555 0199")
    assert store.get_contact(interview.id) == contact
    assert (contact.name, contact.email) == (raw_name, raw_email)
    assert raw_name not in repr(contact) and raw_email not in repr(contact)
    assert redacted not in repr(turn)
    # Upsert: saving again replaces the details, keeping one row.
    updated = store.save_contact(interview.id, name=raw_name, organisation="Tupou Bakery")
    assert (updated.email, updated.organisation) == (None, "Tupou Bakery")
    assert updated.created_at == contact.created_at < updated.updated_at
    store.record_usage(
        interview.id, model="m", prompt_tokens=1, completion_tokens=1, cost_usd=0.0, purpose="reply"
    )
    store.save_roadmap(
        interview.id, {"summary": "<PERSON_1> runs orders"}, author="agent", status="draft",
        model="m", prompt_version="p", knowledge_version="k",
    )  # fmt: skip

    assert [t.text for t in store.turns(interview.id)] == [redacted]
    everything_but_contacts = _dump(store, TABLES - {"contacts"})
    assert redacted in everything_but_contacts
    for value in (raw_name, raw_email, "Tupou Bakery", "555 0199"):
        assert value not in everything_but_contacts
    assert raw_name in _dump(store, {"contacts"})
    for value in (raw_name, raw_email, redacted):
        assert value not in caplog.text
    assert "parameters hidden" in caplog.text


# -- usage and roadmaps ---------------------------------------------------------------------


def test_usage_totals_sum(store):
    interview, _ = _new(store)
    other, _ = _new(store)
    assert store.usage_totals(interview.id).calls == 0
    store.record_usage(
        interview.id,
        model="m1",
        prompt_tokens=120,
        completion_tokens=30,
        cost_usd=0.0012,
        purpose="reply",
    )
    store.record_usage(
        interview.id,
        model="m1",
        prompt_tokens=800,
        completion_tokens=400,
        cost_usd=0.0101,
        purpose="extract",
    )
    store.record_usage(
        other.id, model="m1", prompt_tokens=5, completion_tokens=5, cost_usd=1.0, purpose="reply"
    )
    totals = store.usage_totals(interview.id)
    assert (totals.prompt_tokens, totals.completion_tokens, totals.calls) == (920, 430, 2)
    assert totals.cost_usd == pytest.approx(0.0113)
    with pytest.raises(InterviewNotFound):
        store.record_usage(
            "c" * 32, model="m", prompt_tokens=1, completion_tokens=1, cost_usd=0, purpose="reply"
        )


def test_roadmap_versions_increment(store):
    interview, _ = _new(store)
    assert store.latest_roadmap(interview.id) is None
    provenance = {"model": "gpt-4o-mini", "prompt_version": "p3", "knowledge_version": "kb7"}
    drafts = [
        ({"summary": "first draft", "workflows": []}, "agent", "draft"),
        ({"summary": "edited", "workflows": [{"name": "orders"}]}, "consultant.ana", "draft"),
        ({"summary": "final", "workflows": [{"name": "orders"}]}, "consultant.ana", "approved"),
    ]
    versions = [
        store.save_roadmap(interview.id, content, author=author, status=status, **provenance)
        for content, author, status in drafts
    ]
    assert versions == [1, 2, 3]
    latest = store.latest_roadmap(interview.id)
    assert (latest.version, latest.author, latest.status) == (3, "consultant.ana", "approved")
    assert latest.content == drafts[-1][0]
    history = store.roadmap_versions(interview.id)
    assert [(r.version, r.author) for r in history] == [
        (1, "agent"),
        (2, "consultant.ana"),
        (3, "consultant.ana"),
    ]
    assert history[0].model == "gpt-4o-mini"
    other, _ = _new(store)
    assert store.save_roadmap(other.id, {}, author="agent", status="draft", **provenance) == 1
    with pytest.raises(InterviewNotFound):
        store.save_roadmap("b" * 32, {}, author="agent", status="draft", **provenance)


# -- the consultant queue -------------------------------------------------------------------


def test_list_interviews_filters_by_status_newest_first(store):
    created = [_new(store)[0] for _ in range(5)]
    for record in created[1::2]:
        store.set_status(record.id, "awaiting_review")
    newest_first = [r.id for r in reversed(created)]

    assert [r.id for r in store.list_interviews()] == newest_first
    assert [r.id for r in store.list_interviews(status="awaiting_review")] == [
        created[3].id,
        created[1].id,
    ]
    assert [r.id for r in store.list_interviews(status="in_progress")] == [
        created[4].id,
        created[2].id,
        created[0].id,
    ]
    assert store.list_interviews(status="approved") == []
    assert [r.id for r in store.list_interviews(limit=2, offset=1)] == newest_first[1:3]
    with pytest.raises(ValueError):
        store.list_interviews(status="done")
    with pytest.raises(ValueError):
        store.list_interviews(limit=0)


# 10,000 interviews, 1 in 50 awaiting review, one minute apart; generated inside the database.
_BULK_COLUMNS = (
    "id, resume_code_hash, status, created_at, updated_at, state_json, state_version, "
    "consent_version, knowledge_version, prompt_version, model, flags"
)
_BULK_SQLITE = f"""
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9999)
INSERT INTO interviews ({_BULK_COLUMNS})
SELECT printf('%032x', i), printf('%064x', i),
       CASE WHEN i % 50 = 0 THEN 'awaiting_review' ELSE 'in_progress' END,
       strftime('%Y-%m-%d %H:%M:%f', '2024-01-01', '+' || i || ' minutes'),
       strftime('%Y-%m-%d %H:%M:%f', '2024-01-01', '+' || i || ' minutes'),
       '{{}}', 1, 'c', 'k', 'p', 'm', '{{}}'
FROM n
"""
_BULK_POSTGRES = f"""
INSERT INTO interviews ({_BULK_COLUMNS})
SELECT lpad(to_hex(i), 32, '0'), lpad(to_hex(i), 64, '0'),
       CASE WHEN mod(i, 50) = 0 THEN 'awaiting_review' ELSE 'in_progress' END,
       timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute',
       timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute',
       '{{}}'::jsonb, 1, 'c', 'k', 'p', 'm', '{{}}'::jsonb
FROM generate_series(0, 9999) AS i
"""


def test_list_interviews_uses_an_index_with_10000_rows(store, backend):
    with store.engine.begin() as conn:
        conn.exec_driver_sql(_BULK_SQLITE if backend == "sqlite" else _BULK_POSTGRES)
        if backend == "postgres":
            conn.exec_driver_sql("ANALYZE interviews")
    assert len(store.list_interviews(limit=500)) == 500

    began = time.perf_counter()
    page = store.list_interviews(status="awaiting_review", limit=50)
    elapsed = time.perf_counter() - began
    assert [r.id for r in page] == [f"{i:032x}" for i in range(9_950, -1, -50)][:50]
    assert page[0].created_at == datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=9_950)
    assert elapsed < 0.5

    query = (
        "SELECT * FROM interviews WHERE status = 'awaiting_review' "
        "ORDER BY created_at DESC, id DESC LIMIT 50"
    )
    with store.engine.connect() as conn:
        if backend == "sqlite":
            plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {query}"))
            assert "ix_interviews_status_created_at" in plan and "TEMP B-TREE" not in plan, plan
        else:
            plan = " ".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {query}"))
            assert "Scan Backward using ix_interviews_status_created_at" in plan, plan
            assert "Sort" not in plan, plan


# -- failures people can act on -------------------------------------------------------------


@contextmanager
def _hold_write_lock(backend: str, database_url: str, interview_id: str) -> Iterator[None]:
    """Another client holding a lock that blocks writes to this interview."""
    if backend == "sqlite":
        other = sqlite3.connect(make_url(database_url).database, isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")
            yield
            other.execute("ROLLBACK")
        finally:
            other.close()
    else:
        engine = create_engine(database_url, poolclass=NullPool)
        try:
            with engine.connect() as conn, conn.begin():
                conn.execute(
                    text("SELECT id FROM interviews WHERE id = :id FOR UPDATE"),
                    {"id": interview_id},
                )
                yield
        finally:
            engine.dispose()


def test_locked_database_raises_storage_unavailable_then_recovers(store, backend, database_url):
    interview, _ = _new(store)
    impatient = InterviewStore(make_engine(database_url, timeout=0.3))
    try:
        with _hold_write_lock(backend, database_url, interview.id):
            began = time.perf_counter()
            with pytest.raises(StorageUnavailable) as locked:
                impatient.append_turn(interview.id, "user", "Are you there?")
            assert time.perf_counter() - began < 3
            assert str(locked.value) == (
                "The interview database is busy (locked); nothing was lost — please try again."
            )
            assert impatient.get(interview.id) is not None  # readers are not blocked
        assert impatient.append_turn(interview.id, "user", "Are you there?").seq == 1
        assert [t.seq for t in store.turns(interview.id)] == [1]
    finally:
        impatient.close()


def test_unavailable_database_gives_a_clear_message(backend, tmp_path, monkeypatch):
    if backend == "sqlite":
        # A read-only database file: reads work, writes say why they cannot.
        path = tmp_path / "ro" / "discovery.db"
        with InterviewStore.from_settings(
            Settings(_env_file=None, DATABASE_URL=f"sqlite:///{path}")
        ) as rw:
            interview, _ = _new(rw)
            readonly = InterviewStore(make_engine(f"sqlite:///file:{path}?mode=ro&uri=true"))
            try:
                assert readonly.get(interview.id) is not None
                with pytest.raises(StorageUnavailable, match="is read-only; nothing was saved"):
                    readonly.append_turn(interview.id, "user", "hello")
            finally:
                readonly.close()
        # A data folder that cannot be created.
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("")
        with pytest.raises(StorageUnavailable, match="Cannot create the folder"):
            make_engine(f"sqlite:///{blocker / 'discovery.db'}")
        return

    password = "S3cret-Passw0rd"
    url = f"postgresql+psycopg://discovery:{password}@127.0.0.1:1/discovery"
    monkeypatch.setenv("DATABASE_URL", url)
    began = time.perf_counter()
    with pytest.raises(StorageUnavailable) as unreachable:
        InterviewStore.from_settings(Settings(_env_file=None))
    assert time.perf_counter() - began < 5
    message = str(unreachable.value)
    assert message.startswith(
        "Cannot reach the database at postgresql+psycopg://discovery:***@127.0.0.1:1/discovery"
        " (password hidden): "
    ), message
    assert password not in message
    assert password not in str(unreachable.value.__cause__)

    # An already-built store reports the same on each call.
    lazy = InterviewStore(make_engine(url, timeout=1))
    try:
        with pytest.raises(StorageUnavailable, match="password hidden"):
            lazy.get("a" * 32)
    finally:
        lazy.close()


def test_store_records_are_detached_and_immutable(store):
    interview, _ = _new(store, nested={"list": [1, 2]})
    interview.state["nested"]["list"].append(3)  # mutating a record changes nothing stored
    assert store.get(interview.id).state == {"nested": {"list": [1, 2]}}
    with pytest.raises(AttributeError):
        interview.status = "approved"  # type: ignore[misc]
