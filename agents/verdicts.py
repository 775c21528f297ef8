"""Explicit, explainable verdict rules over the readiness slots (the brief's domain rules).

Each verdict comes with a rationale that names the slot or signal that decided it, so the
consultant can see why and overrule it.
"""

from __future__ import annotations

from dataclasses import dataclass

from agents.state import SLOTS, Interview, Workflow

SLOT_WORDS = {
    "process": "how the work runs",
    "owner": "who owns it",
    "data_sources": "where its information lives",
    "risk": "its risks and who checks",
    "success_metric": "how success would be measured",
}


@dataclass(frozen=True)
class Decision:
    verdict: str
    rationale: str
    deciding: tuple[str, ...]  # the slots or signals that decided it


def decide(workflow: Workflow, change_agreed: bool) -> Decision:
    signals = workflow.signals
    if "legal_effect" in signals:
        return Decision(
            "avoid_ai_for_now",
            "It feeds decisions with legal or similarly significant effect on people; AI should "
            "not make or shape those yet.",
            ("legal_effect",),
        )
    if "sensitive_data" in signals and "no_human_review" in signals:
        return Decision(
            "avoid_ai_for_now",
            "It handles sensitive personal information and nobody could review the output "
            "before it has an effect.",
            ("sensitive_data", "no_human_review"),
        )
    if "too_risky" in signals:
        return Decision(
            "avoid_ai_for_now",
            "The prospect judged the risk too high for AI here (harm to people or legal "
            "consequences if it is wrong); keep people doing it.",
            ("too_risky",),
        )
    if "no_value" in signals:
        return Decision(
            "avoid_ai_for_now",
            "The prospect described it as rare or quick; there is little value to gain.",
            ("no_value",),
        )
    reviewed = "human_review" in signals and "no_human_review" not in signals
    doubts = [s for s in ("high_stakes", "no_human_review", "low_effort") if s in signals]
    if "proposed_for_ai" in signals and doubts and not reviewed:
        return Decision(
            "avoid_ai_for_now",
            "It came up as an idea for AI, and the prospect's own account weighs against it "
            "(high stakes, nobody to check the output, or little effort to save).",
            ("proposed_for_ai", *doubts),
        )
    repair = [s for s in ("broken_process", "untrusted_data") if s in signals]
    if repair:
        reasons = {
            "broken_process": "the process itself is inconsistent (rework, double entry or no "
            "standard way of doing it)",
            "untrusted_data": "the people who use its data do not trust it",
        }
        return Decision(
            "fix_process_first",
            "Repair before automating: " + " and ".join(reasons[s] for s in repair) + ".",
            tuple(repair),
        )
    unclear = [slot for slot in SLOTS if not workflow.filled(slot)]
    if unclear or "disputed" in signals:
        named = [SLOT_WORDS[s] for s in unclear] + (
            ["how it runs is disputed"] if "disputed" in signals else []
        )
        return Decision(
            "strategy_first",
            "Still unclear: " + ", ".join(named) + ".",
            (*unclear, *(["disputed"] if "disputed" in signals else [])),
        )
    if not change_agreed:
        return Decision(
            "strategy_first",
            "All five readiness facts are clear, but the change has not been agreed yet.",
            ("change_agreed",),
        )
    return Decision(
        "implementation_ready",
        "All five readiness facts are clear and stable, and the change is agreed.",
        (),
    )


def overall(interview: Interview) -> tuple[str, list[str]]:
    decisions = {w.name: decide(w, interview.change_agreed) for w in interview.workflows}
    ready = [name for name, d in decisions.items() if d.verdict == "implementation_ready"]
    if ready and interview.change_agreed:
        return "implementation_ready", [
            f"{', '.join(ready)} can be built now: the five readiness facts are clear and the "
            "change is agreed."
        ]
    reasons = [f"{name}: {d.rationale}" for name, d in decisions.items()]
    if not decisions:
        reasons = ["No workflow was described in enough detail to build anything yet."]
    return "strategy_first", reasons
