"""Replay one transcript's user turns through the real pipeline (whatever the interviewer asks).

Runs in worker processes: `init_worker` builds the runtime once per process (its own SQLite file
under the run folder, the shared knowledge index), `replay_file` replays one transcript and
returns everything the metrics need, with no raw text kept beyond the original transcript.
"""

from __future__ import annotations

import json
import os
import time
import traceback
from pathlib import Path
from typing import Any

from evals.transcript import TranscriptError, load_transcript

_RUNTIME: Any = None


def init_worker(work_dir: str) -> None:
    """Build the runtime for this process, writing interviews to a database of its own."""
    global _RUNTIME
    database = Path(work_dir) / f"replay-{os.getpid()}.db"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    from discovery.runtime import build_runtime
    from discovery.settings import get_settings

    get_settings.cache_clear()
    _RUNTIME = build_runtime()


def replay_file(path: str) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        transcript = load_transcript(Path(path))
    except TranscriptError as exc:
        return {"path": path, "error": str(exc)}
    try:
        result = replay(transcript)
    except Exception as exc:  # one broken replay never stops the run
        return {
            "path": path,
            "id": transcript.id,
            "error": f"replay failed: {type(exc).__name__}: {exc}",
            "trace": traceback.format_exc(limit=4),
        }
    result["path"] = path
    result["seconds"] = round(time.perf_counter() - started, 3)
    return result


def replay(transcript: Any) -> dict[str, Any]:
    from agents.service import InputProblem

    runtime = _RUNTIME
    service = runtime.service
    started = service.start()
    interview_id = started.interview_id
    problems: list[str] = []
    user_inputs: list[dict[str, Any]] = []  # original text and what was redacted in it
    for text in transcript.user_turns:
        try:
            events = list(service.send(interview_id, text, allow_confirm=False))
        except InputProblem as exc:
            problems.append(str(exc))
            continue
        done = events[-1]["done"]
        user_inputs.append({"text": text, "turn": done.turn - 1})
    result = service.draft(interview_id)
    turns = service.transcript(interview_id)
    by_seq = {t.seq: t for t in turns}
    for item in user_inputs:
        stored = by_seq.get(item["turn"])
        item["entities"] = stored.entities if stored is not None else []
    interview, _ = service.load(interview_id)
    return {
        "id": transcript.id,
        "interview_id": interview_id,
        "roadmap": result.roadmap,
        "transcript": {
            "id": transcript.id,
            "title": transcript.title,
            "locale": transcript.locale,
            "turns": [
                {"role": t.role, "text": t.text, **({"flags": t.flags} if t.flags else {})}
                for t in turns
            ],
        },
        "state": interview.model_dump(mode="json"),
        "user_inputs": user_inputs,
        "assistant_questions": [
            t.meta.get("question", {}) | {"text": t.text} for t in turns if t.role == "assistant"
        ],
        "stored_text": json.dumps(
            [t.text for t in turns] + [interview.model_dump(mode="json")], ensure_ascii=False
        ),
        "problems": problems,
        "knowledge_ids": sorted({c.doc_id for c in runtime.knowledge.corpus.chunks}),
    }
