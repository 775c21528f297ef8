"""Apply an `Extraction` (from rules or a model) to the interview state, with evidence."""

from __future__ import annotations

import re

from agents.contracts import Extraction
from agents.extract import clip, sentences
from agents.state import SLOTS, Interview, SlotValue, Workflow

MAX_WORKFLOWS = 6
MAX_QUOTE_CHARS = 240
_WORD = re.compile(r"[\w<>']+")


def best_quote(message: str, value: str) -> str:
    """The sentence of the message that best supports a captured value (evidence must be exact)."""
    parts = sentences(message) or [message]
    wanted = {w.lower() for w in _WORD.findall(value)}
    best = max(parts, key=lambda s: len(wanted & {w.lower() for w in _WORD.findall(s)}))
    if len(best) > MAX_QUOTE_CHARS:
        best = best[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0]
    return best.strip()


def _find(interview: Interview, name: str) -> Workflow | None:
    wanted = name.strip().lower()
    for workflow in interview.workflows:
        if workflow.name.lower() == wanted or workflow.key == name:
            return workflow
    for workflow in interview.workflows:  # a model may shorten or lengthen the name
        if wanted and (wanted in workflow.name.lower() or workflow.name.lower() in wanted):
            return workflow
    return None


def apply_extraction(interview: Interview, extraction: Extraction, message: str, turn: int) -> None:
    if extraction.business and not interview.business:
        interview.business = extraction.business
    introduced: list[str] = []
    for new in extraction.new_workflows:
        if _find(interview, new.name) is None and len(interview.workflows) < MAX_WORKFLOWS:
            key = f"w{len(interview.workflows) + 1}"
            introduced.append(key)
            interview.workflows.append(
                Workflow(
                    key=key,
                    name=new.name,
                    family=new.family,
                    description=new.description or clip(message, 400),
                    first_turn=turn,
                    origin_quote=best_quote(message, f"{new.name} {new.description}"),
                )
            )
    for update in extraction.updates:
        workflow = _find(interview, update.workflow)
        if workflow is None or update.slot not in SLOTS:
            continue
        previous = workflow.slots.get(update.slot)
        if (
            previous is not None
            and previous.status == "captured"
            and update.status != "captured"
            and not update.correction
        ):
            continue  # a vague aside never erases a clear answer
        workflow.slots[update.slot] = SlotValue(
            value=update.value,
            status=update.status,
            turn=turn,
            quote=best_quote(message, update.value),
        )
        if update.slot == "process" and update.status == "captured":
            addition = workflow.slots[update.slot].quote
            if (
                addition
                and addition not in workflow.description
                and len(workflow.description) < 600
            ):
                workflow.description = f"{workflow.description} {addition}".strip()
        if update.slot == "risk" and update.status == "captured":
            risk = clip(update.value, 200)
            if risk not in workflow.risks:
                workflow.risks.append(risk)
    for name, found in extraction.data_sources.items():
        workflow = _find(interview, name)
        if workflow is not None:
            for source in found:
                if source.lower() not in (s.lower() for s in workflow.data_sources):
                    workflow.data_sources.append(source)
    for name, said in extraction.specifics.items():
        workflow = _find(interview, name)
        if workflow is not None and said not in workflow.description:
            workflow.description = clip(f"{workflow.description} {said}".strip(), 800)
    for signal in extraction.signals:
        workflow = _find(interview, signal.workflow)
        if workflow is not None:
            workflow.signals.setdefault(signal.signal, turn)
    if extraction.change_agreed and not interview.change_agreed:
        interview.change_agreed, interview.agreed_turn = True, turn
    if introduced:
        # Follow the prospect to the work they just raised; earlier work's gaps come after.
        interview.current = introduced[0]
    elif interview.current is None and interview.workflows:
        interview.current = interview.workflows[0].key
