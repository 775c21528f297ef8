"""Consultant queue benchmark: 10,000 interviews (and their roadmap versions) on SQLite and on
PostgreSQL, then the time to load the queue's first page with its counts by status.

    uv run --frozen python benchmarks/bench_queue.py [--interviews 10000] [--repeat 30]
        [--postgres URL | --no-postgres]

- SQLite: a fresh database file in a temporary folder.
- PostgreSQL: a fresh database (created, then dropped) on the server at --postgres, default
  $DATABASE_URL or postgresql+psycopg://postgres@127.0.0.1:5432/test. The server must let that
  user create databases; if it cannot be reached the PostgreSQL half is skipped with a note.

Each scenario runs what the queue page runs (`workspace.queue.load_queue`: counts by status, one
page of interviews newest first, the newest roadmap version of each): first page of everything,
first page of one status, a title search, the last page (deepest offset), and the counts alone.
Figures (milliseconds: the first, cold call, then median and p95 of the rest) go to stdout as
JSON. The target is under one second for the first page with its counts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from storage import InterviewStore, make_engine, migrate
from storage.db import safe_url
from storage.models import Interview, Roadmap
from storage.reviews import ReviewStore
from testkit.postgres import throwaway_database
from workspace.queue import QueueQuery, load_queue

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
STATUS_WEIGHTS = {
    "in_progress": 30,
    "confirming": 5,
    "awaiting_review": 25,
    "in_review": 15,
    "approved": 20,
    "returned": 5,
}
BUSINESSES = [
    "bakery",
    "plumbing firm",
    "accounting practice",
    "cafe",
    "physio clinic",
    "law firm",
    "builder",
    "florist",
    "dental practice",
    "freight company",
]
PLACES = ["Petone", "Hamilton", "Nelson", "Dunedin", "Whangārei", "Napier", "Tauranga"]
BATCH = 1000


def _state(i: int, business: str, place: str) -> dict[str, Any]:
    """An interview state of realistic size (~2-3 KB of JSON)."""
    workflows = []
    for k, name in enumerate(("orders", "quoting", "invoicing")[: 1 + i % 3], start=1):
        workflows.append(
            {
                "key": f"w{k}",
                "name": name,
                "description": f"{name} at the {business}",
                "first_turn": 2 * k,
                "origin_quote": f"The {name} take us hours every week and <PERSON_1> does them.",
                "slots": {
                    slot: {
                        "value": f"{slot} of {name}: captured in the prospect's words",
                        "status": "captured",
                        "turn": 2 * k + 2,
                        "quote": f"about {slot} of {name}",
                    }
                    for slot in ("process", "owner", "data_sources", "risk", "success_metric")
                },
                "data_sources": ["email", "spreadsheet"],
                "risks": ["customer details"],
                "signals": {"untrusted_data": 4},
                "asked": {"process": 1, "owner": 1},
            }
        )
    return {
        "interview_id": "",
        "phase": "drafted",
        "business": f"We're a {business} in {place} with {3 + i % 20} staff.",
        "workflows": workflows,
        "flags": [{"kind": "injection", "turn": 6, "detail": "possible prompt injection"}]
        if i % 50 == 0
        else [],
        "turns": 14,
        "user_turns": 7,
    }


def _roadmap(interview_id: str, summary: str) -> dict[str, Any]:
    item = {
        "text": "Agree one standard way of taking orders and one source of truth for its data.",
        "workflow": "orders",
        "phase": "now",
        "evidence": [{"turn": 4, "quote": "orders come in by email and phone"}],
        "guidance": [{"doc_id": "process-repair-signs", "title": "Signs a process needs repair"}],
    }
    return {
        "interview_id": interview_id,
        "overall_recommendation": "strategy_first",
        "summary": summary,
        "reasons": ["orders: the process is broken or its data untrusted."],
        "workflows": [
            {
                "name": "orders",
                "process": "Orders by email and phone, typed into a spreadsheet.",
                "owner": "front of house manager",
                "data_sources": ["email", "spreadsheet"],
                "risks": ["allergens"],
                "success_metric": "hours saved a week",
                "verdict": "fix_process_first",
                "rationale": "The data is not trusted today.",
                "evidence": item["evidence"],
                "guidance": item["guidance"],
                "approach": "process_repair",
                "priority": 1,
            }
        ],
        "quick_wins": [item],
        "risks": [item],
        "data_requirements": [item],
        "phases": [item, item],
        "avoid_ai_for_now": [],
        "open_questions": [item],
        "provenance": {
            "model": "guided-offline",
            "prompt_version": "prompts-bench",
            "knowledge_version": "kb-bench",
            "generated_at": "2026-01-01T00:00:00+00:00",
        },
    }


def seed(engine: Engine, n: int, rng: random.Random) -> dict[str, int]:
    """Insert `n` interviews (newest last) and 1-3 roadmap versions for every drafted one."""
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    start = datetime(2025, 1, 1, tzinfo=UTC)
    interviews: list[dict[str, Any]] = []
    roadmaps: list[dict[str, Any]] = []
    counts = {"interviews": 0, "roadmap_versions": 0}

    def flush() -> None:
        with engine.begin() as conn:
            if interviews:
                conn.execute(insert(Interview), interviews)
            if roadmaps:
                conn.execute(insert(Roadmap), roadmaps)
        counts["interviews"] += len(interviews)
        counts["roadmap_versions"] += len(roadmaps)
        interviews.clear()
        roadmaps.clear()

    for i in range(n):
        interview_id = uuid.uuid4().hex
        status = rng.choices(statuses, weights)[0]
        business, place = rng.choice(BUSINESSES), rng.choice(PLACES)
        created = start + timedelta(minutes=7 * i, seconds=rng.randint(0, 59))
        state = _state(i, business, place)
        state["interview_id"] = interview_id
        interviews.append(
            {
                "id": interview_id,
                "resume_code_hash": hashlib.sha256(secrets.token_bytes(16)).hexdigest(),
                "status": status,
                "created_at": created,
                "updated_at": created + timedelta(minutes=30),
                "state_json": state,
                "state_version": 15,
                "consent_version": "consent-2026-11",
                "knowledge_version": "kb-bench",
                "prompt_version": "prompts-bench",
                "model": "guided-offline",
                "title": f"{business.title()} in {place} #{i}",
                "flags": {"injection": 1} if i % 50 == 0 else {},
            }
        )
        if status not in ("in_progress", "confirming"):
            versions = 1 if status == "awaiting_review" else rng.randint(2, 3)
            for version in range(1, versions + 1):
                final = version == versions
                roadmaps.append(
                    {
                        "interview_id": interview_id,
                        "version": version,
                        "content": _roadmap(interview_id, f"{business} in {place}, v{version}"),
                        "author": "agent" if version == 1 else "alice",
                        "status": status
                        if final and version > 1
                        else ("draft" if version == 1 else "in_review"),
                        "created_at": created + timedelta(hours=version),
                        "model": "guided-offline",
                        "prompt_version": "prompts-bench",
                        "knowledge_version": "kb-bench",
                    }
                )
        if len(interviews) >= BATCH:
            flush()
    flush()
    return counts


def timed(fn: Callable[[], Any], repeat: int) -> dict[str, float]:
    samples = []
    for _ in range(repeat + 1):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    cold, warm = samples[0], sorted(samples[1:])
    return {
        "cold_ms": round(cold, 2),
        "median_ms": round(statistics.median(warm), 2),
        "p95_ms": round(warm[min(len(warm) - 1, round(0.95 * (len(warm) - 1)))], 2),
    }


def run_backend(name: str, engine: Engine, n: int, repeat: int) -> dict[str, Any]:
    migrate(engine)
    t0 = time.perf_counter()
    counts = seed(engine, n, random.Random(7))
    seeded_s = time.perf_counter() - t0
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
    store = InterviewStore(engine)
    reviews = ReviewStore(engine)
    first = load_queue(store, reviews, QueueQuery())
    assert len(first.rows) == 25 and first.total == n, (len(first.rows), first.total)
    pages = first.pages
    scenarios: dict[str, Callable[[], Any]] = {
        "first_page_with_counts": lambda: load_queue(store, reviews, QueueQuery()),
        "first_page_awaiting_review": lambda: load_queue(
            store, reviews, QueueQuery(status="awaiting_review")
        ),
        "title_search_first_page": lambda: load_queue(
            store, reviews, QueueQuery(search="bakery in petone")
        ),
        "last_page": lambda: load_queue(store, reviews, QueueQuery(page=pages)),
        "counts_by_status_only": lambda: reviews.count_by_status(),
    }
    results = {label: timed(fn, repeat) for label, fn in scenarios.items()}
    return {
        "backend": name,
        "url": safe_url(engine.url),
        "seeded": counts,
        "seed_seconds": round(seeded_s, 1),
        "counts_by_status": first.counts,
        "pages_of_25": pages,
        "timings": results,
        "target_met": results["first_page_with_counts"]["cold_ms"] < 1000
        and results["first_page_with_counts"]["p95_ms"] < 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--postgres", default=os.environ.get("DATABASE_URL") or PG_DEFAULT)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    report: dict[str, Any] = {"interviews": args.interviews, "page_size": 25, "backends": []}

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        try:
            report["backends"].append(run_backend("sqlite", engine, args.interviews, args.repeat))
        finally:
            engine.dispose()

    if not args.no_postgres:
        try:
            with throwaway_database(args.postgres, "discovery_bench") as url:
                engine = make_engine(url)
                try:
                    report["backends"].append(
                        run_backend("postgresql", engine, args.interviews, args.repeat)
                    )
                finally:
                    engine.dispose()
        except Exception as exc:  # no server: report it, keep the SQLite figures
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            report["postgresql_skipped"] = f"{safe_url(args.postgres)}: {first_line}"

    print(json.dumps(report, indent=2))
    return 0 if all(b["target_met"] for b in report["backends"]) else 1


if __name__ == "__main__":
    sys.exit(main())
