"""One interview service shared by the terminal chat, the Streamlit app and the eval replays.

It loads and saves the interview state around each turn of the graph, streams the reply, keeps
each interview's pseudonym map in memory (never stored), and turns bad input into clear
messages. A prospect message is committed before any model is called, so a restart mid-turn
loses nothing: the next `send` or `resume` continues from what was stored.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from agents.graph import Deps, build_graph
from agents.guided import SLOT_LABELS, question_text
from agents.planner import mark_asked
from agents.prompts import load_prompt, load_question_bank
from agents.state import SLOTS, Interview, Question, SlotValue
from privacy import PseudonymMap
from storage import InterviewStore, TurnRecord

HARD_MAX_MESSAGE_CHARS = 250_000
CONSENT_VERSION = "consent-2026-11"
current_interview: ContextVar[str | None] = ContextVar("current_interview", default=None)


class InputProblem(ValueError):
    """The prospect's input cannot be used as it is; the message says why and what to do."""


def check_message(text: object) -> None:
    """Raise InputProblem for a message that cannot be taken as it is (nothing is stored)."""
    if not isinstance(text, str) or not text.strip():
        raise InputProblem('Your message was empty. Type your answer, or "not sure" to skip.')
    if len(text) > HARD_MAX_MESSAGE_CHARS:
        raise InputProblem(
            f"That message is {len(text):,} characters, more than the "
            f"{HARD_MAX_MESSAGE_CHARS:,} I can take. Please paste a shorter part; nothing has "
            "been saved."
        )


@dataclass
class TurnResult:
    interview_id: str
    reply: str
    phase: str
    progress: dict[str, Any]
    notices: list[str] = field(default_factory=list)
    policy: str = "guided"
    flagged: bool = False
    roadmap: dict[str, Any] | None = None
    turn: int = 0


@dataclass
class Started:
    interview_id: str
    resume_code: str
    greeting: str


class InterviewService:
    def __init__(self, deps: Deps, store: InterviewStore, *, history_turns: int = 40) -> None:
        self.deps = deps
        self.store = store
        self._graph = build_graph(deps)
        self._history_turns = history_turns
        self._maps: OrderedDict[str, PseudonymMap] = OrderedDict()
        self._lock = threading.Lock()

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> Started:
        record, code = self.store.create_interview(
            consent_version=CONSENT_VERSION,
            knowledge_version=self.deps.knowledge_version,
            prompt_version=self.deps.prompt_version,
            model=self.deps.model_name,
            state={},
        )
        interview = Interview(
            interview_id=record.id,
            prompt_version=self.deps.prompt_version,
            knowledge_version=self.deps.knowledge_version,
        )
        opening = Question(kind="opening", turn=1)
        opening.text = question_text(interview, opening)
        mark_asked(interview, opening)
        greeting = load_prompt("greeting").render(opening=opening.text)
        turn = self.store.append_turn(
            record.id,
            "assistant",
            greeting,
            meta={"policy": "guided", "question": {"kind": "opening"}},
        )
        interview.turns = turn.seq
        self.store.save_state(
            record.id, interview.model_dump(mode="json"), expected_version=record.state_version
        )
        return Started(record.id, code, greeting)

    def resume(self, code: str) -> str | None:
        record = self.store.find_by_resume_code(code)
        return record.id if record else None

    def load(self, interview_id: str) -> tuple[Interview, int]:
        record = self.store.get(interview_id)
        if record is None:
            raise InputProblem("That interview could not be found. Check the link or code.")
        return Interview.model_validate(record.state), record.state_version

    def transcript(self, interview_id: str) -> list[TurnRecord]:
        return self.store.turns(interview_id)

    def _pseudonyms(self, interview_id: str, turns: list[TurnRecord]) -> PseudonymMap:
        with self._lock:
            found = self._maps.get(interview_id)
            if found is None:
                found = PseudonymMap.continuing(t.text for t in turns if t.role == "user")
                self._maps[interview_id] = found
            self._maps.move_to_end(interview_id)
            while len(self._maps) > 512:
                self._maps.popitem(last=False)
            return found

    # -- turns ----------------------------------------------------------------------------------

    def send(
        self,
        interview_id: str,
        text: str,
        *,
        client_key: str | None = None,
        allow_confirm: bool = True,
    ) -> Iterator[dict[str, Any]]:
        """Run one prospect turn; yields {"delta": str}, {"reset": True}, then {"done": TurnResult}."""
        if not isinstance(text, str) or not text.strip():
            raise InputProblem('Your message was empty. Type your answer, or "not sure" to skip.')
        if len(text) > HARD_MAX_MESSAGE_CHARS:
            raise InputProblem(
                f"That message is {len(text):,} characters, more than the {HARD_MAX_MESSAGE_CHARS:,} "
                "I can take. Please paste a shorter part; nothing has been saved."
            )
        interview, version = self.load(interview_id)
        turns = self.transcript(interview_id)
        if client_key is not None:
            replay = self._already_answered(interview, turns, client_key)
            if replay is not None:
                yield {"done": replay}
                return
        if interview.phase == "drafted":
            raise InputProblem("This interview is finished: your roadmap is with a consultant.")
        state: dict[str, Any] = {
            "interview": interview,
            "command": "message",
            "raw_message": text,
            "client_key": client_key,
            "allow_confirm": allow_confirm,
            "pseudonyms": self._pseudonyms(interview_id, turns),
            "history": [{"role": t.role, "text": t.text} for t in turns[-self._history_turns :]],
            "notices": [],
            "started_at": time.perf_counter(),
        }
        yield from self._run(state, interview_id, version)

    def confirm(
        self, interview_id: str, edits: dict[tuple[str, str], str] | None = None
    ) -> TurnResult:
        """The prospect confirmed the summary, with any edits (redacted) applied as corrections."""
        interview, version = self.load(interview_id)
        if edits:
            turns = self.transcript(interview_id)
            pseudonyms = self._pseudonyms(interview_id, turns)
            lines = []
            for (key, slot), value in edits.items():
                workflow = interview.workflow(key)
                if workflow is None or slot not in SLOTS or not value.strip():
                    continue
                lines.append(f"{workflow.name} — {SLOT_LABELS[slot]}: {value.strip()}")
            if lines:
                message = self.deps.redactor.redact(
                    "Corrections:\n" + "\n".join(lines), pseudonyms
                ).redacted
                turn = self.store.append_turn(
                    interview_id, "user", message, meta={"kind": "confirmation_edit"}
                )
                for line in message.splitlines()[1:]:
                    label_part, _, value = line.partition(": ")
                    for (key, slot), _raw in edits.items():
                        workflow = interview.workflow(key)
                        if workflow and label_part == f"{workflow.name} — {SLOT_LABELS[slot]}":
                            workflow.slots[slot] = SlotValue(value=value, turn=turn.seq, quote=line)
                interview.turns = turn.seq
        result: TurnResult | None = None
        for event in self._run(
            {"interview": interview, "command": "confirm", "notices": []}, interview_id, version
        ):
            if "done" in event:
                result = event["done"]
        assert result is not None
        return result

    def draft(self, interview_id: str) -> TurnResult:
        """End now (terminal `/done`, end of input): draft from whatever was captured."""
        return self.confirm(interview_id)

    def _run(
        self, state: dict[str, Any], interview_id: str, version: int
    ) -> Iterator[dict[str, Any]]:
        token = current_interview.set(interview_id)
        try:
            final: dict[str, Any] = {}
            for mode, payload in self._graph.stream(state, stream_mode=["custom", "values"]):
                if mode == "custom":
                    yield payload
                else:
                    final = payload
        finally:
            current_interview.reset(token)
        interview: Interview = final["interview"]
        roadmap = final.get("roadmap")
        reply = final.get("reply", "")
        if roadmap is not None:
            reply = str(load_question_bank()["closing"])
            turn = self.store.append_turn(
                interview_id,
                "assistant",
                reply,
                meta={"policy": "guided", "question": {"kind": "closing"}},
            )
            interview.turns = turn.seq
            yield {"delta": reply}
        status = (
            "awaiting_review"
            if roadmap is not None
            else ("confirming" if interview.phase == "confirm" else "in_progress")
        )
        self.store.save_state(
            interview_id, interview.model_dump(mode="json"), status=status, expected_version=version
        )
        if roadmap is not None:
            names = ", ".join(w.name for w in interview.workflows[:3])
            title = (interview.business or "Interview")[:80] + (f" ({names})" if names else "")
            self.store.set_title(interview_id, title[:200])
            self.store.save_roadmap(
                interview_id,
                roadmap,
                author="agent",
                status="draft",
                model=self.deps.model_name,
                prompt_version=self.deps.prompt_version,
                knowledge_version=self.deps.knowledge_version,
            )
        yield {
            "done": TurnResult(
                interview_id=interview_id,
                reply=reply,
                phase=interview.phase,
                progress=interview.progress(),
                notices=list(final.get("notices", [])),
                policy=final.get("policy_used", "guided"),
                flagged=bool(final.get("injection")),
                roadmap=roadmap,
                turn=interview.turns,
            )
        }

    def _already_answered(
        self, interview: Interview, turns: list[TurnRecord], client_key: str
    ) -> TurnResult | None:
        """A double submit: return the reply already given instead of running the turn again."""
        for index, turn in enumerate(turns):
            if turn.client_key == client_key:
                answer = next((t for t in turns[index + 1 :] if t.role == "assistant"), None)
                if answer is None:
                    return None  # stored, but the reply was lost (e.g. a restart): answer it now
                return TurnResult(
                    interview_id=interview.interview_id,
                    reply=answer.text,
                    phase=interview.phase,
                    progress=interview.progress(),
                    turn=answer.seq,
                )
        return None

    def save_contact(self, interview_id: str, **details: str | None) -> None:
        """Contact details go to their own table, never into the transcript or any prompt."""
        cleaned = {
            k: (v.strip()[:300] if isinstance(v, str) and v.strip() else None)
            for k, v in details.items()
        }
        self.store.save_contact(interview_id, **cleaned)

    def recover(self, interview_id: str) -> TurnResult | None:
        """After a restart mid-turn: answer a stored prospect message that never got a reply."""
        interview, version = self.load(interview_id)
        turns = self.transcript(interview_id)
        if not turns or turns[-1].role != "user" or interview.phase == "drafted":
            return None
        last = turns[-1]
        interview.turns, interview.user_turns = last.seq, interview.user_turns + 1
        state: dict[str, Any] = {
            "interview": interview,
            "command": "continue",
            "message": last.text,
            "message_turn": last.seq,
            "injection": bool(last.flags.get("injection")),
            "history": [{"role": t.role, "text": t.text} for t in turns[-self._history_turns : -1]],
            "notices": [],
            "started_at": time.perf_counter(),
        }
        result = None
        for event in self._run(state, interview_id, version):
            result = event.get("done", result)
        return result
