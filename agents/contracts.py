"""Typed contracts for the structured steps: what slot extraction returns (from rules or from a
model's tool call), and the roadmap JSON the drafter produces (the brief's format)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from agents.state import Signal, SlotName, SlotStatus, Verdict


class NewWorkflow(BaseModel):
    """A piece of work the prospect mentioned for the first time."""

    name: str = Field(min_length=2, max_length=80, description="Short name, e.g. 'quoting'.")
    description: str = Field(default="", max_length=400, description="In the prospect's words.")
    family: str | None = Field(default=None, description="Kind of work, when recognised.")


class SlotUpdate(BaseModel):
    """One readiness fact heard in the latest message."""

    workflow: str = Field(max_length=80, description="Name of the workflow it belongs to.")
    slot: SlotName
    value: str = Field(max_length=500, description="What was said, close to the prospect's words.")
    status: SlotStatus = "captured"
    correction: bool = Field(default=False, description="Replaces what was captured before.")


class SignalUpdate(BaseModel):
    workflow: str = Field(max_length=80)
    signal: Signal


class Extraction(BaseModel):
    """Everything the latest prospect message adds to the interview state."""

    business: str | None = Field(default=None, max_length=400)
    new_workflows: list[NewWorkflow] = Field(default_factory=list, max_length=6)
    updates: list[SlotUpdate] = Field(default_factory=list, max_length=20)
    data_sources: dict[str, list[str]] = Field(
        default_factory=dict, description="Workflow name -> systems or places its data lives."
    )
    signals: list[SignalUpdate] = Field(default_factory=list, max_length=12)
    specifics: dict[str, Annotated[str, StringConstraints(max_length=400)]] = Field(
        default_factory=dict,
        description="Workflow name -> what the prospect said the work is, when they narrowed a "
        "general name down ('the paperwork' -> 'the council environment plan and nitrogen "
        "reporting').",
    )
    change_agreed: bool = False
    vague: bool = Field(default=False, description="The answer was too vague to use.")


class Evidence(BaseModel):
    turn: int = Field(ge=1)
    quote: str = Field(min_length=1)


class Citation(BaseModel):
    doc_id: str
    title: str


class RoadmapWorkflow(BaseModel):
    name: str
    process: str
    owner: str
    data_sources: list[str]
    risks: list[str]
    success_metric: str
    verdict: Verdict
    rationale: str
    evidence: list[Evidence]
    guidance: list[Citation]
    approach: Literal[
        "ai", "plain_automation", "process_repair", "decide_in_strategy", "not_yet"
    ] = "ai"
    priority: int = Field(default=0, ge=0)


class RoadmapItem(BaseModel):
    """A quick win, risk, data requirement, phase step or open question, with its grounds."""

    text: str
    workflow: str | None = None
    phase: Literal["now", "next", "later"] | None = None
    owner: str | None = None
    success_metric: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    guidance: list[Citation] = Field(default_factory=list)


class Provenance(BaseModel):
    model: str
    prompt_version: str
    knowledge_version: str
    generated_at: str


# The roadmap's sections in the brief's order, with the heading each is shown under. Every view
# of a roadmap (Markdown, documents, the consultant's editor, redrafts, evals) reads this list.
ROADMAP_SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Summary and recommendation"),
    ("workflows", "Priority workflows"),
    ("quick_wins", "Quick wins"),
    ("risks", "Risks and guardrails"),
    ("data_requirements", "Data requirements"),
    ("phases", "Phases"),
    ("avoid_ai_for_now", "Where not to use AI yet"),
    ("open_questions", "Open questions"),
)
# The sections that are lists of `RoadmapItem`s (after the summary and the workflows).
ITEM_SECTIONS: tuple[tuple[str, str], ...] = ROADMAP_SECTIONS[2:]


class Roadmap(BaseModel):
    interview_id: str
    overall_recommendation: Literal["implementation_ready", "strategy_first"]
    summary: str
    reasons: list[str] = Field(default_factory=list)
    workflows: list[RoadmapWorkflow]
    quick_wins: list[RoadmapItem] = Field(default_factory=list)
    risks: list[RoadmapItem] = Field(default_factory=list)
    data_requirements: list[RoadmapItem] = Field(default_factory=list)
    phases: list[RoadmapItem] = Field(default_factory=list)
    avoid_ai_for_now: list[RoadmapItem] = Field(default_factory=list)
    open_questions: list[RoadmapItem] = Field(default_factory=list)
    provenance: Provenance
