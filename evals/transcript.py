"""The transcript file format (the brief's contract): load and validate, with errors that name the
file and the field, so one bad file never stops the others."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from agents.state import VERDICTS


class Turn(BaseModel):
    role: Literal["user", "assistant"]
    text: str


class ExpectedWorkflow(BaseModel):
    match: list[str] = Field(min_length=1)
    owner: list[str] = Field(default_factory=list)
    data_sources: list[str] = Field(default_factory=list)
    success_metric: list[str] = Field(default_factory=list)
    verdict: str | None = None


class ExpectedPII(BaseModel):
    text: str = Field(min_length=1)
    type: str


class Expected(BaseModel):
    overall_recommendation: str | None = None
    workflows: list[ExpectedWorkflow] = Field(default_factory=list)
    pii: list[ExpectedPII] = Field(default_factory=list)
    roadmap_mentions: list[str] = Field(default_factory=list)
    injection: bool | None = None


class ConsultantVersion(BaseModel):
    """An AI draft and the consultant's final text for one section (exported from the app)."""

    section: str
    draft: str
    final: str


class Transcript(BaseModel):
    id: str = Field(min_length=1, max_length=120, pattern=r"^[\w.-]+$")
    title: str = ""
    locale: str = "en-NZ"
    turns: list[Turn]
    expected: Expected | None = None
    consultant_versions: list[ConsultantVersion] = Field(default_factory=list)

    @property
    def user_turns(self) -> list[str]:
        return [t.text for t in self.turns if t.role == "user"]


class TranscriptError(ValueError):
    """A transcript file cannot be used; the message names the file and the field."""


def _check_labels(path: Path, transcript: Transcript) -> None:
    if not transcript.user_turns:
        raise TranscriptError(f"{path}: turns: there are no user turns to replay")
    expected = transcript.expected
    if expected is None:
        return
    if expected.overall_recommendation not in (None, "implementation_ready", "strategy_first"):
        raise TranscriptError(
            f"{path}: expected.overall_recommendation: unknown value "
            f"{expected.overall_recommendation!r} (implementation_ready or strategy_first)"
        )
    for index, workflow in enumerate(expected.workflows):
        if workflow.verdict is not None and workflow.verdict not in VERDICTS:
            raise TranscriptError(
                f"{path}: expected.workflows[{index}].verdict: unknown verdict "
                f"{workflow.verdict!r} (one of {', '.join(VERDICTS)})"
            )


def load_transcript(path: Path) -> Transcript:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise TranscriptError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise TranscriptError(f"{path}: not JSON: {exc.msg} at line {exc.lineno}") from None
    except OSError as exc:
        raise TranscriptError(f"{path}: cannot be read: {exc.strerror}") from None
    try:
        transcript = Transcript.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(file)"
        raise TranscriptError(f"{path}: {field}: {first['msg']}") from None
    _check_labels(path, transcript)
    return transcript


def find_transcripts(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Transcript files under the given files or folders, and problems with the paths."""
    found: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*.json") if p.is_file())
            if not files:
                problems.append(f"{path}: the folder has no .json transcripts")
            found.extend(files)
        elif path.is_file():
            found.append(path)
        else:
            problems.append(f"{path}: no such file or folder")
    return found, problems
