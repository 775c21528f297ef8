"""The offline guided interviewer: rule-based extraction and the question bank in `prompts/`.

Deterministic (variants rotate by turn, never repeating a wording), so a replayed interview gives
the same transcript every time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agents.contracts import Extraction
from agents.extract import RuleExtractor, clip, sentences
from agents.prompts import load_prompt, load_question_bank, render_text
from agents.state import SLOTS, Interview, Question

SLOT_LABELS = {
    "process": "How it runs",
    "owner": "Owner",
    "data_sources": "Where the information lives",
    "risk": "Risks and checks",
    "success_metric": "How success is measured",
}


def _pick(options: list[str], interview: Interview, key: str) -> str:
    """The first variant not yet used in this interview (else rotate by turn)."""
    for option in options:
        if f"{key}:{option}" not in interview.asked_texts:
            return option
    return options[interview.turns % len(options)]


def echo_phrase(message: str, max_words: int = 12) -> str:
    """A short phrase of the prospect's own words to reflect back."""
    first = next((s for s in sentences(message) if len(s.split()) >= 4), "")
    words = first.rstrip(".!?").split()
    if not words or "<" in first:
        return ""
    return " ".join(words[:max_words]) + ("…" if len(words) > max_words else "")


def question_text(interview: Interview, plan: Question) -> str:
    """The bank's wording for the planned question (recorded so it is never asked again)."""
    bank = load_question_bank()
    workflow = interview.workflow(plan.workflow)
    name = workflow.name if workflow else "that"
    if plan.kind in {"slot", "probe", "example"} and plan.slot:
        section = bank[plan.kind]
        options = section.get(plan.slot) or bank["slot"][plan.slot]
        key = f"{plan.kind}:{plan.slot}:{plan.workflow}"
    else:
        options, key = bank[plan.kind], f"{plan.kind}:"
    template = _pick(list(options), interview, key)
    interview.asked_texts.append(f"{key}:{template}")
    return render_text(template, workflow=name, echo="")


def confirmation_summary(interview: Interview) -> str:
    bank = load_question_bank()
    workflows = [
        {
            "name": w.name,
            "slots": [
                {
                    "label": SLOT_LABELS[slot],
                    "value": w.slots[slot].value if slot in w.slots else "not yet known",
                }
                for slot in SLOTS
            ],
        }
        for w in interview.workflows
    ]
    return load_prompt("confirm_summary").render(intro=bank["confirm_intro"], workflows=workflows)


class GuidedPolicy:
    """No model at all: good enough to run a useful interview."""

    name = "guided"

    def __init__(self) -> None:
        self._extractor = RuleExtractor()

    def extract(self, interview: Interview, message: str) -> Extraction:
        return self._extractor.extract(interview, message)

    def reply(
        self,
        interview: Interview,
        plan: Question,
        message: str,
        guidance: list[dict[str, Any]],
        history: list[dict[str, str]],
        emit: Callable[[str], None],
    ) -> str:
        text = compose_reply(interview, plan, message)
        emit(text)
        return text


def compose_reply(interview: Interview, plan: Question, message: str) -> str:
    bank = load_question_bank()
    if plan.kind == "confirm":
        return confirmation_summary(interview)
    if plan.kind == "closing":
        return str(bank["closing"])
    parts: list[str] = []
    if message:
        acknowledgements = list(bank["acknowledge"])
        parts.append(acknowledgements[interview.user_turns % len(acknowledgements)])
        if plan.moved_on:
            parts.append(str(bank["vague_answer_moved_on"]))
        echo = echo_phrase(message)
        if echo and interview.user_turns % 2 == 0:
            echoes = list(bank["echo"])
            parts.append(render_text(echoes[interview.user_turns // 2 % len(echoes)], echo=echo))
    question = plan.text or question_text(interview, plan)
    if plan.slot and plan.kind == "slot" and interview.user_turns <= 6:
        parts.append(str(bank.get("reason", {}).get(plan.slot, "")))
    parts.append(question)
    return clip(" ".join(p for p in parts if p), 1200)
