"""The review of one interview: its redacted transcript with flags, its roadmap versions, and
every consultant action on them — edit a section, redraft a section, approve, return, export,
view the prospect's contact details. Each action is audited with the model, prompt version and
knowledge version from the roadmap's provenance.

Versions are never overwritten. Each save names the version it was based on; the review store
refuses it (`storage.reviews.RoadmapConflict`, nothing written) when someone saved a newer one
meanwhile. The agent's draft (version 1, author "agent") stays beside every later version.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from pydantic import ValidationError

from agents.contracts import Roadmap
from agents.redraft import Redrafter, check_request
from agents.state import Interview
from exports.service import check_format, export_roadmap
from privacy import PseudonymMap, Redactor
from storage import (
    AccountService,
    AuditRecord,
    ContactRecord,
    InterviewRecord,
    InterviewStore,
    RoadmapRecord,
    StorageError,
    UserRecord,
)
from storage.reviews import ReviewStore
from workspace.auth import REVIEW, can_open
from workspace.editor import (
    SECTION_LABELS,
    EditProblem,
    SectionEdit,
    apply_edit,
    changed_sections,
    clean_text,
    diff_text,
    validate,
)
from workspace.queue import derive_title

log = logging.getLogger(__name__)

INTERVIEW_ID = re.compile(r"^[0-9a-f]{32}$")
NOT_FOUND = (
    "Interview not found. The link may be mistyped or out of date; open the interview from the "
    "queue."
)
MAX_REASON_CHARS = 1000
FLAG_LABELS: dict[str, str] = {
    "injection": "possible prompt injection",
    "model_fallback": "model fallback (offline interviewer answered)",
    "output_blocked": "model output blocked",
    "low_confidence": "low confidence",
    "truncated": "message shortened for the model",
}
MIME_TYPES: dict[str, str] = {
    "md": "text/markdown",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
IN_REVIEW = "in_review"
APPROVED = "approved"
RETURNED = "returned"


class ReviewNotFound(LookupError):
    """No interview with that id (or the id is not an interview id at all)."""

    def __init__(self) -> None:
        super().__init__(NOT_FOUND)


class ReviewProblem(ValueError):
    """The action cannot be done as asked; the message says why."""


class NotAllowed(PermissionError):
    """The user may not review interviews."""


@dataclass(frozen=True, slots=True)
class FlagView:
    kind: str
    detail: str = ""

    @property
    def label(self) -> str:
        return FLAG_LABELS.get(self.kind, self.kind.replace("_", " "))


@dataclass(frozen=True, slots=True)
class TurnView:
    seq: int
    role: str
    text: str
    flags: tuple[FlagView, ...]
    note: str = ""  # e.g. "confirmation edits", the reply's policy


@dataclass(frozen=True, slots=True)
class ReviewContext:
    interview: InterviewRecord
    title: str
    turns: tuple[TurnView, ...]
    versions: tuple[RoadmapRecord, ...]

    @property
    def latest(self) -> RoadmapRecord | None:
        return self.versions[-1] if self.versions else None

    def version(self, number: int) -> RoadmapRecord | None:
        return next((v for v in self.versions if v.version == number), None)

    @property
    def flag_count(self) -> int:
        return sum(len(t.flags) for t in self.turns)


@dataclass(frozen=True, slots=True)
class SaveResult:
    record: RoadmapRecord
    notices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ExportedFile:
    data: bytes
    file_name: str
    mime: str
    version: int
    approved: bool


def check_interview_id(value: object) -> str:
    """The id if it could be an interview id; `ReviewNotFound` for anything else (a tampered
    query parameter, a resume code, a path...)."""
    if not isinstance(value, str) or not INTERVIEW_ID.match(value.strip()):
        raise ReviewNotFound()
    return value.strip()


def _provenance(content: dict[str, Any]) -> dict[str, str | None]:
    p = content.get("provenance") or {}
    return {
        "model": p.get("model"),
        "prompt_version": p.get("prompt_version"),
        "knowledge_version": p.get("knowledge_version"),
    }


def _turn_views(record: InterviewRecord, turns: list[Any]) -> tuple[TurnView, ...]:
    state_flags: dict[int, list[FlagView]] = {}
    for flag in (record.state or {}).get("flags") or []:
        if isinstance(flag, dict) and isinstance(flag.get("turn"), int):
            state_flags.setdefault(flag["turn"], []).append(
                FlagView(str(flag.get("kind", "")), str(flag.get("detail", "")))
            )
    views = []
    for turn in turns:
        flags = list(state_flags.get(turn.seq, []))
        kinds = {f.kind for f in flags}
        for name, value in sorted((turn.flags or {}).items()):
            if value and name not in kinds:
                flags.append(FlagView(str(name)))
        meta = turn.meta or {}
        note = ""
        if meta.get("kind") == "confirmation_edit":
            note = "corrections at the summary"
        elif turn.role == "assistant" and meta.get("policy"):
            note = f"interviewer: {meta['policy']}"
        views.append(TurnView(turn.seq, turn.role, turn.text, tuple(flags), note))
    return tuple(views)


class ReviewService:
    """Consultant actions on one interview's roadmap, each checked, versioned and audited."""

    def __init__(
        self,
        store: InterviewStore,
        reviews: ReviewStore,
        accounts: AccountService,
        *,
        redrafter: Redrafter,
        export_dir: Path,
        redactor: Redactor | None = None,
    ) -> None:
        self.store = store
        self.reviews = reviews
        self.accounts = accounts
        self.redrafter = redrafter
        self.export_dir = export_dir
        self.redactor = redactor

    # -- reading --------------------------------------------------------------------------------

    @staticmethod
    def _require(user: UserRecord | None) -> UserRecord:
        if user is None or not can_open(user, REVIEW):
            raise NotAllowed("Only signed-in consultants can review interviews.")
        return user

    def open(self, user: UserRecord | None, interview_id: object) -> ReviewContext:
        self._require(user)
        interview_id = check_interview_id(interview_id)
        record = self.store.get(interview_id)
        if record is None:
            raise ReviewNotFound()
        title = record.title or derive_title(record.state)
        if record.title is None and title:
            try:  # the queue's title search finds it from now on
                self.store.set_title(interview_id, title)
            except StorageError as exc:
                log.warning("could not store the title of %s: %s", interview_id, exc)
        turns = self.store.turns(interview_id)
        versions = self.store.roadmap_versions(interview_id)
        return ReviewContext(
            interview=record,
            title=title or f"Interview {interview_id[:8]}",
            turns=_turn_views(record, turns),
            versions=tuple(versions),
        )

    def diff(self, context: ReviewContext, old: int, new: int) -> str:
        a, b = context.version(old), context.version(new)
        if a is None or b is None:
            raise ReviewProblem("Choose two versions that exist.")
        return diff_text(
            a.content,
            b.content,
            old_label=f"version {a.version} ({a.author}, {a.status})",
            new_label=f"version {b.version} ({b.author}, {b.status})",
        )

    def return_reasons(self, interview_id: str) -> list[AuditRecord]:
        return self.accounts.audit_entries(interview_id=interview_id, action="return", limit=20)

    def _base(self, interview_id: str, base_version: int) -> RoadmapRecord:
        interview_id = check_interview_id(interview_id)
        if self.store.get(interview_id) is None:
            raise ReviewNotFound()
        base = self.reviews.roadmap_version(interview_id, base_version)
        if base is None:
            raise ReviewProblem(
                "This interview has no drafted roadmap yet; there is nothing to edit."
            )
        return base

    def _save(
        self,
        user: UserRecord,
        base: RoadmapRecord,
        content: dict[str, Any],
        *,
        status: str,
        action: str,
        detail: dict[str, Any],
    ) -> RoadmapRecord:
        return self.reviews.save_version(
            base.interview_id,
            content,
            base_version=base.version,
            author=user.username,
            status=status,
            interview_status=status,
            audit_action=action,
            audit_detail=detail,
            **_provenance(content),
        )

    # -- writing --------------------------------------------------------------------------------

    def save_section(
        self,
        user: UserRecord | None,
        interview_id: str,
        base_version: int,
        section: str,
        edit: SectionEdit,
    ) -> SaveResult:
        """Save one edited section as a new version (status in_review)."""
        user = self._require(user)
        base = self._base(interview_id, base_version)
        try:
            roadmap, notices = apply_edit(base.content, section, edit)
        except ValidationError as exc:
            raise ReviewProblem(
                f"Version {base.version} is not a valid roadmap ({exc.error_count()} problems)."
            ) from None
        content = cast(dict[str, Any], roadmap.model_dump(mode="json"))
        if section not in changed_sections(base.content, content):
            raise ReviewProblem(
                f"Nothing changed in {SECTION_LABELS[section]}; there is nothing to save."
            )
        record = self._save(
            user,
            base,
            content,
            status=IN_REVIEW,
            action="roadmap_edit",
            detail={"section": section},
        )
        return SaveResult(record, tuple(notices))

    def redraft(
        self,
        user: UserRecord | None,
        interview_id: str,
        base_version: int,
        section: str,
        instruction: str,
    ) -> RoadmapRecord:
        """Ask the redrafter to rewrite one section; saved as a new version (status in_review).
        The instruction is redacted first, like anything else that may reach a model."""
        user = self._require(user)
        instruction = check_request(section, instruction)
        base = self._base(interview_id, base_version)
        record = self.store.get(base.interview_id)
        assert record is not None
        try:
            interview = Interview.model_validate(record.state)
            roadmap = Roadmap.model_validate(base.content)
        except ValidationError as exc:
            raise ReviewProblem(
                f"The stored interview or roadmap cannot be redrafted ({exc.error_count()} "
                "problems)."
            ) from None
        if self.redactor is not None:
            turns = self.store.turns(base.interview_id)
            seen = PseudonymMap.continuing(t.text for t in turns if t.role == "user")
            instruction = self.redactor.redact(instruction, seen).redacted
        redrafted = self.redrafter.redraft(interview, roadmap, section, instruction)
        content = cast(dict[str, Any], redrafted.model_dump(mode="json"))
        return self._save(
            user,
            base,
            content,
            status=IN_REVIEW,
            action="redraft",
            detail={
                "section": section,
                "redrafter": self.redrafter.name,
                "instruction_chars": len(instruction),
            },
        )

    def approve(
        self, user: UserRecord | None, interview_id: str, base_version: int
    ) -> RoadmapRecord:
        """Approve the version the consultant has in front of them: a new version, same content,
        status approved (exports are then no longer marked DRAFT)."""
        user = self._require(user)
        base = self._base(interview_id, base_version)
        if base.status == APPROVED:
            raise ReviewProblem(f"Version {base.version} is already approved.")
        try:
            validate(base.content)
        except EditProblem as exc:
            raise ReviewProblem(f"Version {base.version} cannot be approved: {exc}") from None
        return self._save(user, base, base.content, status=APPROVED, action="approve", detail={})

    def return_roadmap(
        self, user: UserRecord | None, interview_id: str, base_version: int, reason: str
    ) -> RoadmapRecord:
        """Send it back (status returned), with the reason kept in the audit log."""
        user = self._require(user)
        try:
            cleaned = clean_text(reason, "The reason for returning it", required=True)
        except EditProblem:
            raise ReviewProblem(
                "Say why you are returning it; the reason is kept with the review."
            ) from None
        if len(cleaned) > MAX_REASON_CHARS:
            raise ReviewProblem(f"Keep the reason under {MAX_REASON_CHARS} characters.")
        base = self._base(interview_id, base_version)
        return self._save(
            user, base, base.content, status=RETURNED, action="return", detail={"reason": cleaned}
        )

    def export(self, user: UserRecord | None, interview_id: str, fmt: str) -> ExportedFile:
        """The latest version as a client document (DRAFT on every page unless approved)."""
        user = self._require(user)
        interview_id = check_interview_id(interview_id)
        fmt = check_format(fmt)
        if self.store.get(interview_id) is None:
            raise ReviewNotFound()
        latest = self.store.latest_roadmap(interview_id)
        if latest is None:
            raise ReviewProblem("This interview has no roadmap to export yet.")
        path = self.export_dir / interview_id / f"roadmap-v{latest.version}.{fmt}"
        written = export_roadmap(self.store, interview_id, fmt, path)
        data = written.read_bytes()
        approved = latest.status == APPROVED
        self.accounts.audit(
            user.username,
            "export",
            interview_id=interview_id,
            detail={
                "format": fmt,
                "version": latest.version,
                "approved": approved,
                "bytes": len(data),
            },
            **_provenance(latest.content),
        )
        suffix = "" if approved else "-DRAFT"
        return ExportedFile(
            data=data,
            file_name=f"roadmap-{interview_id[:8]}-v{latest.version}{suffix}.{fmt}",
            mime=MIME_TYPES[fmt],
            version=latest.version,
            approved=approved,
        )

    def view_contact(self, user: UserRecord | None, interview_id: str) -> ContactRecord | None:
        """The prospect's contact details (kept apart from the transcript); every view audited."""
        user = self._require(user)
        interview_id = check_interview_id(interview_id)
        if self.store.get(interview_id) is None:
            raise ReviewNotFound()
        contact = self.store.get_contact(interview_id)
        latest = self.store.latest_roadmap(interview_id)
        self.accounts.audit(
            user.username,
            "view_contact",
            interview_id=interview_id,
            detail={"found": contact is not None},
            **(_provenance(latest.content) if latest else {}),
        )
        return contact


__all__ = [
    "FLAG_LABELS",
    "NOT_FOUND",
    "ExportedFile",
    "FlagView",
    "NotAllowed",
    "ReviewContext",
    "ReviewNotFound",
    "ReviewProblem",
    "ReviewService",
    "SaveResult",
    "TurnView",
    "check_interview_id",
]
