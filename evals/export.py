"""Export stored (redacted) interviews into the transcript format, so real interviews become eval
data. Where a consultant edited the agent's roadmap, each changed section is kept as a
consultant version (AI draft beside final) for the edit-distance metric."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from agents.contracts import ROADMAP_SECTIONS
from storage import InterviewStore

SECTIONS = tuple(key for key, _ in ROADMAP_SECTIONS)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, indent=1)


def interview_as_transcript(store: InterviewStore, interview_id: str) -> dict[str, Any]:
    record = store.get(interview_id)
    if record is None:
        raise LookupError(f"no interview {interview_id!r}")
    turns = [{"role": t.role, "text": t.text} for t in store.turns(interview_id)]
    versions = store.roadmap_versions(interview_id)
    draft = next((v for v in versions if v.author == "agent"), None)
    final = versions[-1] if versions else None
    consultant: list[dict[str, str]] = []
    if draft is not None and final is not None and final.author != "agent":
        for section in SECTIONS:
            before, after = (
                _text(draft.content.get(section, "")),
                _text(final.content.get(section, "")),
            )
            if before != after:
                consultant.append({"section": section, "draft": before, "final": after})
    transcript: dict[str, Any] = {
        "id": f"interview-{interview_id[:12]}",
        "title": record.title or f"Stored interview {interview_id[:12]} ({record.status})",
        "locale": "en-NZ",
        "turns": turns,
    }
    if consultant:
        transcript["consultant_versions"] = consultant
    return transcript


def export_transcripts(
    store: InterviewStore,
    out: Path,
    interview_ids: list[str] | None = None,
    status: str | None = None,
) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    ids = interview_ids or [r.id for r in store.list_interviews(status=status, limit=500)]
    written = []
    for interview_id in ids:
        transcript = interview_as_transcript(store, interview_id)
        path = out / f"{transcript['id']}.json"
        path.write_text(json.dumps(transcript, indent=2, ensure_ascii=False), encoding="utf-8")
        written.append(path)
    return written
