"""The interviewer policy interface, and the wrapper that makes a model policy safe to use.

Two policies sit behind one interface: `LLMPolicy` (any OpenAI-compatible endpoint) and
`GuidedPolicy` (offline rules and the question bank). `ResilientPolicy` retries a failing model
with backoff and then answers with the guided policy, so no turn is ever lost.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from agents.contracts import Extraction
from agents.guard import OutputBlocked
from agents.state import Interview, Question

log = logging.getLogger(__name__)


class ModelOutputError(RuntimeError):
    """The model answered, but not with something usable (garbage, wrong shape, empty)."""


class Emitter(Protocol):
    """Where streamed reply text goes; `reset` discards what was shown of a failed attempt."""

    def delta(self, text: str) -> None: ...
    def reset(self) -> None: ...


@dataclass
class CollectingEmitter:
    """An emitter that only collects (CLI without streaming, evals, tests)."""

    parts: list[str] = field(default_factory=list)

    def delta(self, text: str) -> None:
        self.parts.append(text)

    def reset(self) -> None:
        self.parts.clear()

    @property
    def text(self) -> str:
        return "".join(self.parts)


class InterviewerPolicy(Protocol):
    name: str

    def extract(self, interview: Interview, message: str) -> Extraction: ...

    def reply(
        self,
        interview: Interview,
        plan: Question,
        message: str,
        guidance: list[dict[str, Any]],
        history: list[dict[str, str]],
        emit: Callable[[str], None],
    ) -> str: ...


@dataclass
class Outcome:
    value: Any
    policy: str
    failure: str | None = None


def _is_retryable(exc: Exception) -> bool:
    import openai

    if isinstance(exc, openai.APIStatusError):
        return exc.status_code == 429 or exc.status_code >= 500
    return isinstance(
        exc,
        openai.APITimeoutError | openai.APIConnectionError | ModelOutputError | ValueError,
    )


class ResilientPolicy:
    """Primary (model) policy with retries and backoff, then the fallback (guided) policy."""

    def __init__(
        self,
        primary: InterviewerPolicy,
        fallback: InterviewerPolicy,
        *,
        retries: int = 2,
        backoff_s: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.primary, self.fallback = primary, fallback
        self.name = primary.name
        self._retries, self._backoff, self._sleep = retries, backoff_s, sleep

    def _attempt(
        self, call: Callable[[InterviewerPolicy], Any], on_retry: Callable[[], None]
    ) -> Outcome:
        failure = None
        for attempt in range(self._retries + 1):
            try:
                return Outcome(call(self.primary), self.primary.name)
            except OutputBlocked as exc:
                failure = f"output blocked: {exc}"
                break  # never retry a leak: answer from the guided policy at once
            except Exception as exc:
                failure = f"{type(exc).__name__}: {str(exc)[:200]}"
                if not _is_retryable(exc) or attempt == self._retries:
                    break
                log.warning("model call failed (%s); retrying", failure)
                on_retry()
                self._sleep(self._backoff * (2**attempt))
        log.warning("model unavailable (%s); the guided interviewer answers this turn", failure)
        on_retry()
        return Outcome(call(self.fallback), self.fallback.name, failure)

    def extract(self, interview: Interview, message: str) -> Outcome:
        snapshot = interview.model_copy(deep=True)
        return self._attempt(lambda p: p.extract(snapshot, message), lambda: None)

    def reply(
        self,
        interview: Interview,
        plan: Question,
        message: str,
        guidance: list[dict[str, Any]],
        history: list[dict[str, str]],
        emitter: Emitter,
    ) -> Outcome:
        return self._attempt(
            lambda p: p.reply(interview, plan, message, guidance, history, emitter.delta),
            emitter.reset,
        )
