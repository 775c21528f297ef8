"""Choose the next question: deterministic, shared by both interviewer policies.

One question at a time; a concrete example before generalisations; a vague answer is probed
once and then left for the consultant; nothing already answered is asked again; the interview
asks whether there is other work once each newly raised piece of work is covered; the interview
moves to confirmation when every workflow's slots are settled or the turn budget is spent.
"""

from __future__ import annotations

from agents.state import SLOTS, Interview, Question, Workflow

MAX_WORKFLOWS_EXPLORED = 4
MAX_ASKS_FOR_WORK = 3  # the question bank's variants: a wording is never repeated


def _next_slot(workflow: Workflow) -> str | None:
    return next((slot for slot in SLOTS if not workflow.settled(slot)), None)


def _slot_question(workflow: Workflow, slot: str, turn: int) -> Question:
    asked = workflow.asked.get(slot, 0)
    value = workflow.slots.get(slot)
    if asked >= 1 and value is not None and value.status in {"vague", "disputed"}:
        kind = "probe"
    elif slot == "process" and asked == 0 and workflow.asked.get("example", 0) == 0:
        kind = "example"
    elif asked >= 1:
        kind = "probe"
    else:
        kind = "slot"
    return Question(kind=kind, workflow=workflow.key, slot=slot, turn=turn)  # type: ignore[arg-type]


def plan_next(interview: Interview, *, turn: int, max_user_turns: int) -> Question:
    """The question to ask at transcript position `turn`."""
    if interview.user_turns >= max_user_turns and interview.workflows:
        return Question(kind="confirm", turn=turn)
    if not interview.workflows:
        if interview.asks_for_work >= MAX_ASKS_FOR_WORK:
            return Question(kind="confirm", turn=turn)
        return Question(kind="new_workflow", turn=turn)
    ordered = sorted(interview.workflows, key=lambda w: w.key != interview.current)
    for workflow in ordered[:MAX_WORKFLOWS_EXPLORED]:
        slot = _next_slot(workflow)
        if slot is not None:
            return _slot_question(workflow, slot, turn)
    # Ask about other work once after each piece of work is covered, as an interviewer would:
    # a prospect with three pains names the next one only when asked for it.
    newest = max(w.first_turn for w in interview.workflows)
    asked_since = interview.asked_for_work_turn is not None and (
        interview.asked_for_work_turn >= newest
    )
    if (
        not asked_since
        and interview.asks_for_work < MAX_ASKS_FOR_WORK
        and len(interview.workflows) < MAX_WORKFLOWS_EXPLORED
    ):
        return Question(kind="new_workflow", turn=turn)
    return Question(kind="confirm", turn=turn)


def mark_asked(interview: Interview, question: Question) -> None:
    """Record the question so it is never repeated and a vague answer is probed only once."""
    interview.pending = question
    workflow = interview.workflow(question.workflow)
    if workflow is not None:
        interview.current = workflow.key
        if question.kind == "example":
            workflow.asked["example"] = workflow.asked.get("example", 0) + 1
        if question.slot:
            workflow.asked[question.slot] = workflow.asked.get(question.slot, 0) + 1
    if question.kind == "new_workflow":
        interview.asked_for_work_turn = question.turn
    if question.kind == "confirm":
        interview.phase = "confirm"
    elif interview.phase == "confirm":
        interview.phase = "interview"  # new work raised at the summary: the interview goes on
