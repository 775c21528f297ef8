"""The interview turn as a LangGraph graph over one `TurnState`.

message: redact → screen → record → extract → plan → retrieve → reply → finish
confirm / draft: draft → END

Every dependency (redactor, detector, retriever, store, policy, clock) is passed in through
`Deps`, so tests hand in fakes. The prospect's raw text is blanked by the first node; the
message is committed to the store before any model is called.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from langgraph.config import get_stream_writer
from langgraph.graph import END, START, StateGraph

from agents import cues
from agents.guided import question_text
from agents.planner import mark_asked, plan_next
from agents.policy import ResilientPolicy
from agents.prompts import load_question_bank
from agents.roadmap import draft_roadmap
from agents.state import Flag, Question, TurnState
from agents.update import apply_extraction
from privacy import PseudonymMap, Redactor

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TurnStore(Protocol):
    """What the graph needs from storage (storage.InterviewStore provides it)."""

    def append_turn(
        self,
        interview_id: str,
        role: str,
        text: str,
        *,
        flags: dict[str, Any] | None = None,
        entities: Any = None,
        meta: dict[str, Any] | None = None,
        client_key: str | None = None,
    ) -> Any: ...
    def add_flag(self, interview_id: str, name: str) -> Any: ...


class Detector(Protocol):
    def check(self, text: str) -> Any: ...


@dataclass
class Deps:
    redactor: Redactor
    detector: Detector
    search: Callable[[str, int], Sequence[Any]]
    store: TurnStore
    policy: ResilientPolicy
    clock: Callable[[], datetime]
    model_name: str
    prompt_version: str
    knowledge_version: str
    max_model_chars: int = 20_000
    max_user_turns: int = 14
    prose: Any = None  # agents.prose.LLMProse when a model is configured


class _WriterEmitter:
    def __init__(self) -> None:
        self._write = get_stream_writer()

    def delta(self, text: str) -> None:
        self._write({"delta": text})

    def reset(self) -> None:
        self._write({"reset": True})


def build_graph(deps: Deps) -> Any:
    def redact(state: TurnState) -> dict[str, Any]:
        raw = _CONTROL.sub("", state.get("raw_message", ""))
        pseudonyms: PseudonymMap = state["pseudonyms"]
        result = deps.redactor.redact(raw, pseudonyms)
        return {
            "raw_message": "",  # raw text lives only as long as redaction takes
            "message": result.redacted,
            "entities": [e.as_json() for e in result.entities],
        }

    def screen(state: TurnState) -> dict[str, Any]:
        verdict = deps.detector.check(state["message"])
        return {"injection": bool(verdict.flagged)}

    def record(state: TurnState) -> dict[str, Any]:
        interview = state["interview"]
        flags = {"injection": True} if state.get("injection") else {}
        turn = deps.store.append_turn(
            interview.interview_id,
            "user",
            state["message"],
            flags=flags,
            entities=state.get("entities", []),
            client_key=state.get("client_key"),
        )
        interview.turns = turn.seq
        interview.user_turns += 1
        if state.get("injection"):
            interview.flags.append(
                Flag(kind="injection", turn=turn.seq, detail="possible prompt injection")
            )
            deps.store.add_flag(interview.interview_id, "injection")
        return {"interview": interview, "message_turn": turn.seq}

    def extract(state: TurnState) -> dict[str, Any]:
        interview = state["interview"]
        message = state["message"][: deps.max_model_chars]
        notices = list(state.get("notices", []))
        if len(state["message"]) > deps.max_model_chars:
            notices.append(
                "Your message was long: all of it is saved, and I've read the first part closely."
            )
        agreed = cues.AGREE.search(message) or cues.FINISHED.search(message)
        confirming = interview.phase == "confirm" and state.get("allow_confirm", True)
        if confirming and agreed and len(message) < 80:
            return {"command": "confirm", "notices": notices}
        outcome = deps.policy.extract(interview, message)
        extraction = outcome.value
        if interview.phase == "confirm":
            for update in extraction.updates:
                update.correction = True
        apply_extraction(interview, extraction, message, state["message_turn"])
        _note_fallback(interview, outcome, state["message_turn"])
        return {"interview": interview, "notices": notices}

    def plan(state: TurnState) -> dict[str, Any]:
        interview = state["interview"]
        turn = interview.turns + 1
        question = plan_next(interview, turn=turn, max_user_turns=deps.max_user_turns)
        previous = interview.pending
        asked_before = interview.workflow(previous.workflow) if previous else None
        if previous and previous.slot and asked_before is not None:
            slot = previous.slot
            question.moved_on = asked_before.settled(slot) and not asked_before.filled(slot)
        if question.kind not in {"confirm", "closing"}:
            question.text = question_text(interview, question)
        mark_asked(interview, question)
        return {"interview": interview, "plan": question}

    def retrieve(state: TurnState) -> dict[str, Any]:
        interview, question = state["interview"], state["plan"]
        workflow = interview.workflow(question.workflow)
        # Guidance for a question depends on the work and the topic, not on every word of the
        # answer: a stable query lets the knowledge base answer repeats from its cache.
        if workflow is not None:
            query = f"{workflow.name} {(question.slot or 'process').replace('_', ' ')}"
        else:
            query = state["message"][:200]
        try:
            hits = deps.search(query, 4)
        except Exception:  # retrieval degrades, the interview carries on
            hits = []
        return {"guidance": [h.as_json() for h in hits]}

    def reply(state: TurnState) -> dict[str, Any]:
        interview, question = state["interview"], state["plan"]
        emitter = _WriterEmitter()
        history = state.get("history", [])
        outcome = deps.policy.reply(
            interview,
            question,
            state["message"][: deps.max_model_chars],
            state.get("guidance", []),
            history,
            emitter,
        )
        text = outcome.value
        if state.get("injection"):
            notice = str(load_question_bank().get("injection_notice", ""))
            if notice and notice not in text:
                emitter.delta(" " + notice if text else notice)
                text = f"{text} {notice}".strip()
        _note_fallback(interview, outcome, interview.turns + 1)
        return {"reply": text, "policy_used": outcome.policy, "interview": interview}

    def finish(state: TurnState) -> dict[str, Any]:
        interview = state["interview"]
        started = state.get("started_at", time.perf_counter())
        turn = deps.store.append_turn(
            interview.interview_id,
            "assistant",
            state["reply"],
            meta={
                "policy": state.get("policy_used", "guided"),
                "model": deps.model_name if state.get("policy_used") == "llm" else "guided",
                "prompt_version": deps.prompt_version,
                "knowledge_version": deps.knowledge_version,
                "guidance": [g["doc_id"] for g in state.get("guidance", [])],
                "question": state["plan"].model_dump(exclude={"text"}),
                "pipeline_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        interview.turns = turn.seq
        return {"interview": interview}

    def draft(state: TurnState) -> dict[str, Any]:
        interview = state["interview"]
        interview.phase = "drafted"
        interview.pending = Question(kind="closing", turn=interview.turns + 1)
        roadmap = draft_roadmap(
            interview,
            search=deps.search,
            model=deps.model_name,
            prompt_version=deps.prompt_version,
            knowledge_version=deps.knowledge_version,
            now=deps.clock(),
        )
        drafted = roadmap.model_dump(mode="json")
        if deps.prose is not None:
            written = deps.prose.summary(drafted, interview.business)
            if written:
                drafted["summary"] = written
                drafted["provenance"]["model"] = deps.prose.model_name
        return {"interview": interview, "roadmap": drafted}

    def after_extract(state: TurnState) -> str:
        return "draft" if state.get("command") == "confirm" else "plan"

    def route(state: TurnState) -> str:
        command = state.get("command", "message")
        return {"message": "redact", "continue": "extract"}.get(command, "draft")

    graph = StateGraph(TurnState)
    for name, node in (
        ("redact", redact),
        ("screen", screen),
        ("record", record),
        ("extract", extract),
        ("plan", plan),
        ("retrieve", retrieve),
        ("reply", reply),
        ("finish", finish),
        ("draft", draft),
    ):
        graph.add_node(name, node)
    graph.add_conditional_edges(
        START, route, {"redact": "redact", "extract": "extract", "draft": "draft"}
    )
    graph.add_edge("redact", "screen")
    graph.add_edge("screen", "record")
    graph.add_edge("record", "extract")
    graph.add_conditional_edges("extract", after_extract, {"plan": "plan", "draft": "draft"})
    graph.add_edge("plan", "retrieve")
    graph.add_edge("retrieve", "reply")
    graph.add_edge("reply", "finish")
    graph.add_edge("finish", END)
    graph.add_edge("draft", END)
    return graph.compile()


def _note_fallback(interview: Any, outcome: Any, turn: int) -> None:
    if outcome.failure:
        blocked = outcome.failure.startswith("output blocked")
        interview.flags.append(
            Flag(
                kind="output_blocked" if blocked else "model_fallback",
                turn=turn,
                detail=outcome.failure[:200],
            )
        )
