"""The LLM interviewer: ChatOpenAI against any OpenAI-compatible endpoint.

Slot extraction goes through a forced tool call validated by the `Extraction` contract; replies
are streamed through the output guard. Token usage is read from the API's usage fields (no
tokenizer), and the history sent is kept within a token budget.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
)
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import SecretStr, ValidationError

from agents.contracts import Extraction
from agents.guard import GuardedStream, OutputBlocked, leaks, make_canary
from agents.policy import ModelOutputError
from agents.prompts import load_prompt
from agents.state import SLOTS, Interview, Question
from agents.verdicts import SLOT_WORDS

TOOL_NAME = "record_interview_facts"
CHARS_PER_TOKEN = 4  # a deliberate over-estimate for English; no tokenizer is downloaded
_FENCE_TAG = re.compile(r"<\s*/?\s*prospect_message\b[^>]*>", re.IGNORECASE)

UsageSink = Callable[
    [str, int, int, str], None
]  # (model, prompt_tokens, completion_tokens, purpose)


def defuse(text: str) -> str:
    """Prospect text with any fence tags removed, so it cannot close its data fence early."""
    return _FENCE_TAG.sub("[tag removed]", text)


def fence(text: str) -> str:
    return f"<prospect_message>\n{defuse(text)}\n</prospect_message>"


def estimate_tokens(text: str) -> int:
    return len(text) // CHARS_PER_TOKEN + 1


def trim_history(history: list[dict[str, str]], budget_tokens: int) -> list[dict[str, str]]:
    """The most recent turns that fit the budget (older ones live on in the captured summary)."""
    kept: list[dict[str, str]] = []
    used = 0
    for turn in reversed(history):
        cost = estimate_tokens(turn["text"]) + 4
        if used + cost > budget_tokens:
            break
        kept.append(turn)
        used += cost
    return list(reversed(kept))


def captured_summary(interview: Interview) -> str:
    if not interview.workflows:
        return f"Business: {interview.business or 'not described yet'}. No workflows yet."
    lines = [f"Business: {interview.business or 'not described yet'}."]
    for w in interview.workflows:
        lines.append(f"Workflow '{w.name}' ({w.key}):")
        for slot in SLOTS:
            value = w.slots.get(slot)
            shown = f"{value.value} [{value.status}]" if value else "not asked yet"
            lines.append(f"  - {slot}: {shown}")
    return "\n".join(lines)


def plan_instruction(interview: Interview, plan: Question) -> str:
    workflow = interview.workflow(plan.workflow)
    name = workflow.name if workflow else ""
    if plan.kind == "new_workflow":
        goal = "Ask which piece of work takes the most time or goes wrong most often."
    elif plan.kind == "example":
        goal = f"Ask for a concrete recent example of '{name}', step by step, with volume and time."
    elif plan.kind == "probe":
        goal = f"The last answer about {SLOT_WORDS.get(plan.slot or '', '')} of '{name}' was vague: ask once more, more simply."
    else:
        goal = f"Ask about {SLOT_WORDS.get(plan.slot or '', 'the next topic')} of '{name}'."
    return f"{goal}\nA suitable wording (adapt it to the prospect's words): {plan.text}"


class LLMPolicy:
    name = "llm"

    def __init__(
        self,
        chat_model: Any,
        *,
        model_name: str,
        history_budget_tokens: int,
        on_usage: UsageSink | None = None,
    ) -> None:
        self._chat = chat_model
        self.model_name = model_name
        self._budget = history_budget_tokens
        self._on_usage = on_usage
        tool = convert_to_openai_tool(Extraction)
        tool["function"]["name"] = TOOL_NAME
        tool["function"]["description"] = (
            "Record the readiness facts found in the prospect's message."
        )
        self._extractor = chat_model.bind_tools([tool], tool_choice=TOOL_NAME)

    def _record(self, message: BaseMessage, purpose: str) -> None:
        usage = getattr(message, "usage_metadata", None)
        if usage and self._on_usage:
            self._on_usage(
                self.model_name,
                int(usage.get("input_tokens", 0)),
                int(usage.get("output_tokens", 0)),
                purpose,
            )

    def extract(self, interview: Interview, message: str) -> Extraction:
        canary = make_canary()
        pending = interview.pending
        prompt = load_prompt("extract_slots").render(
            canary=canary,
            workflows=", ".join(f"{w.name} ({w.key})" for w in interview.workflows) or "none yet",
            question=(pending.text or pending.kind) if pending else "opening question",
            message=defuse(message),
        )
        result = self._extractor.invoke([SystemMessage(prompt)])
        self._record(result, "extract")
        calls = [c for c in getattr(result, "tool_calls", None) or [] if c["name"] == TOOL_NAME]
        if not calls:
            raise ModelOutputError("the model did not call the extraction tool")
        args = calls[0].get("args")
        if isinstance(args, str):
            try:
                args = json.loads(args)
            except json.JSONDecodeError as exc:
                raise ModelOutputError(f"tool arguments are not JSON: {exc.msg}") from exc
        try:
            return Extraction.model_validate(args)
        except ValidationError as exc:
            raise ModelOutputError(
                f"tool arguments do not fit the contract: {exc.error_count()} error(s)"
            ) from exc

    def reply(
        self,
        interview: Interview,
        plan: Question,
        message: str,
        guidance: list[dict[str, Any]],
        history: list[dict[str, str]],
        emit: Callable[[str], None],
    ) -> str:
        canary = make_canary()
        system = load_prompt("interviewer_system").render(
            canary=canary,
            plan=plan_instruction(interview, plan),
            captured=captured_summary(interview),
            guidance=guidance[:4],
        )
        messages: list[BaseMessage] = [SystemMessage(system)]
        for turn in trim_history(history, self._budget):
            if turn["role"] == "user":
                messages.append(HumanMessage(fence(turn["text"])))
            else:
                messages.append(AIMessage(turn["text"]))
        messages.append(HumanMessage(fence(message)))
        stream = GuardedStream(canary, emit, system)
        final: AIMessageChunk | None = None
        for chunk in self._chat.stream(messages):
            final = chunk if final is None else final + chunk
            if isinstance(chunk.content, str) and chunk.content:
                stream.feed(chunk.content)
        if final is not None:
            self._record(final, "reply")
        text = stream.text.strip()
        if not text:
            raise ModelOutputError("the model returned an empty reply")
        if leaks(text, canary, system):
            raise OutputBlocked("the reply repeated part of the system prompt")
        stream.flush()
        return text


def build_chat_model(settings: Any) -> Any:
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=settings.chat_model,
        base_url=settings.openai_base_url,
        api_key=SecretStr(settings.openai_api_key or "not-needed"),
        timeout=settings.model_timeout_s,
        max_retries=0,  # ResilientPolicy retries with backoff, then falls back
        temperature=0.3,
        stream_usage=True,
    )
