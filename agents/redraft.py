"""Redraft one section of a roadmap at a consultant's request.

`Redrafter` is the interface; `TemplateRedrafter` works offline: it drafts the roadmap afresh from
the stored interview state (`agents.roadmap.draft_roadmap`, deterministic), takes the requested
section from that draft and appends the consultant's instruction as a visible consultant note.
Every other section is left exactly as the consultant last saved it. An LLM redrafter can
implement the same interface; it must only ever see redacted text (the workspace redacts the
instruction before calling any redrafter).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from agents.contracts import ROADMAP_SECTIONS, Provenance, Roadmap, RoadmapItem
from agents.roadmap import Search, draft_roadmap
from agents.state import Interview

# Sections a consultant can ask to redraft (the roadmap JSON's keys; "summary" also carries the
# overall recommendation and its reasons).
REDRAFT_SECTIONS: tuple[str, ...] = tuple(key for key, _ in ROADMAP_SECTIONS)
MAX_INSTRUCTION_CHARS = 500
NOTE_PREFIX = "Consultant note: "


class RedraftProblem(ValueError):
    """The redraft cannot be made as asked; the message says why."""


class Redrafter(Protocol):
    """Rewrites one section of `roadmap`; returns the whole roadmap with only that section new."""

    name: str
    model: str
    prompt_version: str
    knowledge_version: str

    def redraft(
        self, interview: Interview, roadmap: Roadmap, section: str, instruction: str
    ) -> Roadmap: ...


def check_request(section: str, instruction: str) -> str:
    """The cleaned instruction; `RedraftProblem` for an unknown section or empty instruction."""
    if section not in REDRAFT_SECTIONS:
        raise RedraftProblem(f"There is no roadmap section called {section!r}.")
    cleaned = " ".join((instruction or "").split())
    if not cleaned:
        raise RedraftProblem(
            "Write an instruction for the redraft, e.g. 'focus on the quoting workflow'."
        )
    if len(cleaned) > MAX_INSTRUCTION_CHARS:
        raise RedraftProblem(
            f"The instruction is {len(cleaned):,} characters; keep it under "
            f"{MAX_INSTRUCTION_CHARS} characters."
        )
    return cleaned


class TemplateRedrafter:
    """Offline redraft: the section regenerated from the interview, plus a consultant note."""

    name = "template"

    def __init__(
        self,
        *,
        search: Search,
        model: str,
        prompt_version: str,
        knowledge_version: str,
        clock: Callable[[], datetime],
    ) -> None:
        self._search = search
        self.model = model
        self.prompt_version = prompt_version
        self.knowledge_version = knowledge_version
        self._clock = clock

    def redraft(
        self, interview: Interview, roadmap: Roadmap, section: str, instruction: str
    ) -> Roadmap:
        instruction = check_request(section, instruction)
        now = self._clock()
        fresh = draft_roadmap(
            interview,
            search=self._search,
            model=self.model,
            prompt_version=self.prompt_version,
            knowledge_version=self.knowledge_version,
            now=now,
        )
        note = NOTE_PREFIX + instruction
        update: dict[str, object] = {}
        if section == "summary":
            update = {
                "summary": f"{fresh.summary} {note}",
                "overall_recommendation": fresh.overall_recommendation,
                "reasons": list(fresh.reasons),
            }
        elif section == "workflows":
            update = {
                "workflows": [
                    w.model_copy(update={"rationale": f"{w.rationale} {note}".strip()})
                    for w in fresh.workflows
                ]
            }
        else:
            items: list[RoadmapItem] = list(getattr(fresh, section))
            items.append(RoadmapItem(text=note))
            update = {section: items}
        update["provenance"] = Provenance(
            model=self.model,
            prompt_version=self.prompt_version,
            knowledge_version=self.knowledge_version,
            generated_at=now.isoformat(timespec="seconds"),
        )
        redrafted = roadmap.model_copy(update=update, deep=True)
        # Validate the result as a whole (model_copy does not validate).
        return Roadmap.model_validate(redrafted.model_dump(mode="json"))


__all__ = [
    "MAX_INSTRUCTION_CHARS",
    "NOTE_PREFIX",
    "REDRAFT_SECTIONS",
    "RedraftProblem",
    "Redrafter",
    "TemplateRedrafter",
    "check_request",
]
