"""The interview state: what has been captured so far, and the per-turn state the graph passes on.

`Interview` is persisted (as JSON, in the store) after every turn; `TurnState` lives only while
one turn runs. Only redacted text ever enters either of them, except `TurnState.raw_message`,
which the first node of the graph redacts and blanks.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from pydantic import BaseModel, Field

SLOTS: tuple[str, ...] = ("process", "owner", "data_sources", "risk", "success_metric")
SlotName = Literal["process", "owner", "data_sources", "risk", "success_metric"]
SlotStatus = Literal["captured", "vague", "unknown", "disputed"]
Phase = Literal["interview", "confirm", "drafted"]
Verdict = Literal["implementation_ready", "strategy_first", "fix_process_first", "avoid_ai_for_now"]
VERDICTS: tuple[str, ...] = (
    "implementation_ready",
    "strategy_first",
    "fix_process_first",
    "avoid_ai_for_now",
)

# Facts about a workflow that decide its verdict beyond "are the slots filled".
Signal = Literal[
    "broken_process",  # rework, double entry, no standard way: repair before automating
    "untrusted_data",  # the people who use the data do not trust it
    "sensitive_data",  # health, children, financial hardship, biometric, ethnicity ...
    "no_human_review",  # nobody could check the output before it reaches a customer
    "human_review",  # someone does or will check the output
    "legal_effect",  # hiring, credit, tenancy, insurance or disciplinary decisions
    "no_value",  # rare or trivial work: not worth changing
    "too_risky",  # the prospect judges AI too risky here (lives, legal effect, "stays human")
    "disputed",  # the people involved disagree on how it runs
    "proposed_for_ai",  # raised as an idea for AI ("someone said AI could write them")
    "high_stakes",  # liability, a legal judgement, a registered person's call, nobody to check
    "low_effort",  # a minute or two, a couple a month: little to gain
]


class SlotValue(BaseModel):
    """One readiness fact, with the transcript turn it came from (its evidence)."""

    value: str = Field(description="Redacted, in the prospect's own words where possible.")
    status: SlotStatus = "captured"
    turn: int = Field(ge=1, description="1-based position in the transcript's turns.")
    quote: str = Field(default="", description="Exact redacted excerpt of that turn.")


class Workflow(BaseModel):
    """A piece of work the prospect described, and its five readiness slots."""

    key: str = Field(description="Stable id within the interview: w1, w2, ...")
    name: str
    family: str | None = Field(default=None, description="Kind of work (agents/cues.py).")
    description: str = ""
    first_turn: int = Field(ge=1)
    origin_quote: str = Field(default="", description="Exact excerpt of the turn that named it.")
    slots: dict[str, SlotValue] = Field(default_factory=dict)
    data_sources: list[str] = Field(default_factory=list, description="Normalised source names.")
    risks: list[str] = Field(default_factory=list)
    signals: dict[str, int] = Field(
        default_factory=dict, description="Signal name -> the turn that raised it."
    )
    asked: dict[str, int] = Field(
        default_factory=dict, description="Slot (or 'example') -> times the prospect was asked."
    )

    def filled(self, slot: str) -> bool:
        value = self.slots.get(slot)
        return value is not None and value.status == "captured"

    def settled(self, slot: str) -> bool:
        """Captured, or asked about and probed once without a clear answer: move on."""
        return self.filled(slot) or self.asked.get(slot, 0) >= 2

    @property
    def complete(self) -> bool:
        return all(self.settled(slot) for slot in SLOTS)


class Question(BaseModel):
    """The question the interviewer asked last, so the next answer can be attributed to it."""

    kind: Literal["opening", "slot", "example", "probe", "new_workflow", "confirm", "closing"]
    workflow: str | None = None
    slot: str | None = None
    turn: int = 0
    text: str = Field(default="", description="The question bank's wording for it.")
    moved_on: bool = Field(
        default=False, description="The previous question stayed unanswered after a probe."
    )


class Flag(BaseModel):
    """Something the consultant should see: an injection attempt, a leaked canary, a fallback."""

    kind: Literal["injection", "low_confidence", "model_fallback", "output_blocked", "truncated"]
    turn: int
    detail: str = ""


class Interview(BaseModel):
    """Everything captured in one interview; persisted after every turn."""

    interview_id: str
    phase: Phase = "interview"
    business: str = Field(default="", description="The prospect's description of the business.")
    workflows: list[Workflow] = Field(default_factory=list)
    current: str | None = Field(default=None, description="Key of the workflow being explored.")
    pending: Question | None = Field(default=None, description="The last question asked.")
    asked_texts: list[str] = Field(default_factory=list, description="Questions already asked.")
    asked_for_work_turn: int | None = Field(
        default=None, description="When the prospect was last asked whether there is other work."
    )
    change_agreed: bool = Field(
        default=False, description="The prospect said what should change and who agrees."
    )
    agreed_turn: int | None = None
    open_questions: list[str] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    turns: int = Field(default=0, description="Transcript turns so far (both roles).")
    user_turns: int = 0
    prompt_version: str = ""
    knowledge_version: str = ""

    @property
    def asks_for_work(self) -> int:
        """How many times the prospect has been asked which (other) work to talk about."""
        return sum(q.startswith("new_workflow:") for q in self.asked_texts)

    def workflow(self, key: str | None) -> Workflow | None:
        return next((w for w in self.workflows if w.key == key), None)

    def progress(self) -> dict[str, Any]:
        """Topics covered so far, for the progress display."""
        return {
            "workflows": [
                {"name": w.name, "slots": {slot: w.filled(slot) for slot in SLOTS}}
                for w in self.workflows
            ],
            "filled": sum(w.filled(s) for w in self.workflows for s in SLOTS),
            "total": len(SLOTS) * len(self.workflows),
            "phase": self.phase,
        }


class TurnState(TypedDict, total=False):
    """What flows through the graph during one turn."""

    interview: Interview  # the persisted state, updated by the nodes
    command: Literal["message", "continue", "confirm", "draft"]  # what happens this turn
    raw_message: str  # the prospect's text as typed; blanked by the redact node
    client_key: str | None  # idempotency key from the UI (rapid double submits)
    allow_confirm: bool  # a "yes" at the summary confirms (off for eval replays, which end it)
    message: str  # the redacted message
    message_turn: int  # its transcript position
    entities: list[dict[str, Any]]  # types and offsets of what was redacted
    injection: bool  # the detector flagged this message
    guidance: list[dict[str, Any]]  # retrieved guidance chunks for this turn
    plan: Question  # what to ask next
    reply: str  # the interviewer's reply (redacted world only)
    policy_used: str  # "llm" or "guided", after any fallback
    roadmap: dict[str, Any]  # the drafted roadmap JSON, on the draft command
    notices: list[str]  # short messages for the prospect (e.g. "your message was shortened")
    pseudonyms: Any  # the interview's PseudonymMap: same value, same placeholder (never stored)
    history: list[dict[str, str]]  # earlier redacted turns, oldest first, for the model
    started_at: float  # perf_counter at the start of the turn, for the pipeline timing
