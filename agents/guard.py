"""Output guard: a canary in the system prompt, checked on every model output, so the system
prompt never leaks; and a streaming filter that holds text back until it is known to be clean."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable


class OutputBlocked(RuntimeError):
    """The model's output leaked the canary or the system prompt; it is never shown."""


def make_canary() -> str:
    return f"CANARY-{secrets.token_hex(6)}"


HOLD_BACK_CHARS = 80  # a leaked system-prompt line is recognised by its first 80 characters


def distinctive_lines(system_prompt: str) -> tuple[str, ...]:
    lines = [re.sub(r"\s+", " ", line.strip("-# ").strip()) for line in system_prompt.splitlines()]
    return tuple(line.lower()[:HOLD_BACK_CHARS] for line in lines if len(line) >= 60)


def leaks(output: str, canary: str, system_prompt: str = "", lines: tuple[str, ...] = ()) -> bool:
    text = re.sub(r"\s+", " ", output).lower()
    if canary.lower() in text or canary.split("-")[-1].lower() in text:
        return True
    return any(line in text for line in lines or distinctive_lines(system_prompt))


class GuardedStream:
    """Passes streamed text on, holding back enough to catch the canary or a system-prompt line
    before any of it is shown."""

    def __init__(self, canary: str, emit: Callable[[str], None], system_prompt: str = "") -> None:
        self._canary = canary
        self._emit = emit
        self._lines = distinctive_lines(system_prompt)
        self._hold = max(len(canary), HOLD_BACK_CHARS)
        self._text = ""
        self._sent = 0

    @property
    def text(self) -> str:
        return self._text

    def feed(self, chunk: str) -> None:
        self._text += chunk
        if leaks(self._text[-4 * self._hold - len(chunk) :], self._canary, lines=self._lines):
            raise OutputBlocked("the model's output repeated the system prompt or its canary")
        safe_until = max(self._sent, len(self._text) - self._hold)
        if safe_until > self._sent:
            self._emit(self._text[self._sent : safe_until])
            self._sent = safe_until

    def flush(self) -> None:
        if self._sent < len(self._text):
            self._emit(self._text[self._sent :])
            self._sent = len(self._text)
