"""Draft the roadmap (the brief's roadmap JSON) from the confirmed interview state.

Verdicts come from `agents.verdicts`; every recommendation carries evidence (transcript turn and
an exact quote) and citations of guidance notes found by retrieval. Prose is templated here, so
the draft is deterministic offline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from agents.contracts import Citation, Evidence, Provenance, Roadmap, RoadmapItem, RoadmapWorkflow
from agents.state import SLOTS, Interview, Workflow
from agents.verdicts import SLOT_WORDS, decide, overall

Search = Callable[[str, int], Sequence[Any]]  # (query, k) -> hits with doc_id and title

APPROACH = {
    "implementation_ready": "ai",
    "fix_process_first": "process_repair",
    "avoid_ai_for_now": "not_yet",
    "strategy_first": "decide_in_strategy",
}
VERDICT_TOPIC = {
    "implementation_ready": "pilot design human review rollback",
    "fix_process_first": "process repair plain automation data quality",
    "avoid_ai_for_now": "where not to use ai sensitive legal effect",
    "strategy_first": "strategy first readiness slots",
}
READINESS_RANK = {
    "implementation_ready": 0,
    "fix_process_first": 1,
    "strategy_first": 2,
    "avoid_ai_for_now": 3,
}


def _cite(search: Search, query: str, k: int = 3) -> list[Citation]:
    seen: dict[str, Citation] = {}
    for hit in search(query, k * 2):
        if hit.doc_id not in seen:
            seen[hit.doc_id] = Citation(doc_id=hit.doc_id, title=hit.title)
        if len(seen) == k:
            break
    return list(seen.values())


def _evidence(workflow: Workflow) -> list[Evidence]:
    items = []
    if workflow.origin_quote:
        items.append(Evidence(turn=workflow.first_turn, quote=workflow.origin_quote))
    for slot in SLOTS:
        value = workflow.slots.get(slot)
        if value is not None and value.quote:
            items.append(Evidence(turn=value.turn, quote=value.quote))
    unique: dict[tuple[int, str], Evidence] = {(e.turn, e.quote): e for e in items}
    return list(unique.values())


def _slot(workflow: Workflow, slot: str) -> str:
    value = workflow.slots.get(slot)
    if value is None:
        return "not yet known"
    return value.value if value.status == "captured" else f"unclear ({value.value})"


def _value_score(workflow: Workflow) -> int:
    text = " ".join(v.value for v in workflow.slots.values()).lower()
    return sum(word in text for word in ("hour", "day", "week", "every", "error", "customer", "$"))


def draft_roadmap(
    interview: Interview,
    *,
    search: Search,
    model: str,
    prompt_version: str,
    knowledge_version: str,
    now: datetime,
) -> Roadmap:
    recommendation, reasons = overall(interview)
    ranked = sorted(
        interview.workflows,
        key=lambda w: (
            READINESS_RANK[decide(w, interview.change_agreed).verdict],
            -_value_score(w),
            w.key,
        ),
    )
    workflows: list[RoadmapWorkflow] = []
    quick_wins: list[RoadmapItem] = []
    risks: list[RoadmapItem] = []
    data: list[RoadmapItem] = []
    phases: list[RoadmapItem] = []
    avoid: list[RoadmapItem] = []
    questions: list[RoadmapItem] = []
    for priority, workflow in enumerate(ranked, start=1):
        decision = decide(workflow, interview.change_agreed)
        citations = _cite(search, f"{workflow.name} {VERDICT_TOPIC[decision.verdict]}")
        evidence = _evidence(workflow)
        owner, metric = _slot(workflow, "owner"), _slot(workflow, "success_metric")
        workflows.append(
            RoadmapWorkflow(
                name=workflow.name,
                process=_slot(workflow, "process"),
                owner=owner,
                data_sources=list(workflow.data_sources) or ["not yet known"],
                risks=list(workflow.risks) or ["not yet discussed"],
                success_metric=metric,
                verdict=decision.verdict,  # type: ignore[arg-type]
                rationale=decision.rationale,
                evidence=evidence,
                guidance=citations,
                approach=APPROACH[decision.verdict],  # type: ignore[arg-type]
                priority=priority,
            )
        )
        common: dict[str, Any] = {
            "workflow": workflow.name,
            "evidence": evidence[:2],
            "guidance": citations[:2],
        }
        items = _items_for(workflow, decision.verdict, owner, metric, common, search)
        quick_wins += items["quick_wins"]
        risks += items["risks"]
        data += items["data"]
        phases += items["phases"]
        avoid += items["avoid"]
        questions += [
            RoadmapItem(text=f"{workflow.name}: confirm {SLOT_WORDS[slot]}.", **common)
            for slot in SLOTS
            if not workflow.filled(slot)
        ]
    questions += [
        RoadmapItem(text=f"Turn {flag.turn} was flagged ({flag.kind}): {flag.detail}".strip())
        for flag in interview.flags
        if flag.kind in {"injection", "output_blocked"}
    ]
    names = ", ".join(w.name for w in interview.workflows) or "no specific workflow"
    summary = (
        f"{interview.business or 'The business'} — we discussed {names}. "
        f"Recommendation: {recommendation.replace('_', ' ')}. {reasons[0]}"
    )
    return Roadmap(
        interview_id=interview.interview_id,
        overall_recommendation=recommendation,  # type: ignore[arg-type]
        summary=summary,
        reasons=reasons,
        workflows=workflows,
        quick_wins=quick_wins,
        risks=risks,
        data_requirements=data,
        phases=phases,
        avoid_ai_for_now=avoid,
        open_questions=questions,
        provenance=Provenance(
            model=model,
            prompt_version=prompt_version,
            knowledge_version=knowledge_version,
            generated_at=now.isoformat(timespec="seconds"),
        ),
    )


def _items_for(
    workflow: Workflow,
    verdict: str,
    owner: str,
    metric: str,
    common: dict[str, Any],
    search: Search,
) -> dict[str, list[RoadmapItem]]:
    name = workflow.name
    out: dict[str, list[RoadmapItem]] = {
        k: [] for k in ("quick_wins", "risks", "data", "phases", "avoid")
    }
    owned: dict[str, Any] = {"owner": owner, "success_metric": metric}
    if verdict == "implementation_ready":
        out["quick_wins"].append(
            RoadmapItem(
                text=f"Pilot {name} for two weeks with a person reviewing every output before it goes out.",
                phase="now",
                **owned,
                **common,
            )
        )
        out["phases"] += [
            RoadmapItem(
                text=f"Now (2-week sprint): build a narrow {name} pilot; measure against today's baseline.",
                phase="now",
                **owned,
                **common,
            ),
            RoadmapItem(
                text=f"Next (4 weeks): roll {name} out to the whole team if the pilot met its metric.",
                phase="next",
                **owned,
                **common,
            ),
        ]
    elif verdict == "fix_process_first":
        out["quick_wins"].append(
            RoadmapItem(
                text=f"Agree one standard way of doing {name} and one source of truth for its data.",
                phase="now",
                **owned,
                **common,
            )
        )
        out["phases"] += [
            RoadmapItem(
                text=f"Now (2 weeks): map and repair the {name} process; use plain automation where rules suffice.",
                phase="now",
                **owned,
                **common,
            ),
            RoadmapItem(
                text=f"Later: reassess {name} for AI once the process is stable and the data trusted.",
                phase="later",
                **owned,
                **common,
            ),
        ]
    elif verdict == "strategy_first":
        out["phases"].append(
            RoadmapItem(
                text=f"Now (one session): settle {name}'s open readiness questions in a strategy session.",
                phase="now",
                **owned,
                **common,
            )
        )
        out["phases"].append(
            RoadmapItem(
                text=f"Next: decide between AI, plain automation or process repair for {name}.",
                phase="next",
                **owned,
                **common,
            )
        )
    else:
        out["avoid"].append(
            RoadmapItem(text=f"{name}: {decide(workflow, False).rationale}", **common)
        )
    privacy = _cite(search, f"{name} privacy personal information human review", 2)
    guard = (
        "human review: a person checks every output before it reaches a customer; rollback: the "
        "current manual way stays ready to switch back to; privacy: only the personal "
        "information the task needs goes to any tool"
    )
    if "sensitive_data" in workflow.signals:
        guard = (
            "sensitive information stays out of AI tools unless the provider and a privacy "
            "assessment allow it; " + guard
        )
    out["risks"].append(
        RoadmapItem(
            text=f"{name}: {guard}.", workflow=name, evidence=common["evidence"], guidance=privacy
        )
    )
    sources = ", ".join(workflow.data_sources) or "sources not yet identified"
    cleanup = (
        " Clean up and de-duplicate before use; the data is not trusted today."
        if "untrusted_data" in workflow.signals
        else ""
    )
    out["data"].append(RoadmapItem(text=f"{name}: {sources}; owned by {owner}.{cleanup}", **common))
    return out
