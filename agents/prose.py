"""Roadmap prose from the model when one is configured; the template text stays otherwise.

The model only rewrites the summary from facts already in the (redacted) roadmap; verdicts and
evidence never come from it. Any failure or a leaked canary keeps the template summary.
"""

from __future__ import annotations

import logging
from typing import Any

from langchain_core.messages import SystemMessage

from agents.guard import leaks, make_canary
from agents.prompts import load_prompt

log = logging.getLogger(__name__)
MAX_SUMMARY_CHARS = 1500


class LLMProse:
    def __init__(self, chat_model: Any, model_name: str) -> None:
        self._chat = chat_model
        self.model_name = model_name

    def summary(self, roadmap: dict[str, Any], business: str) -> str | None:
        canary = make_canary()
        prompt = load_prompt("roadmap_summary").render(
            canary=canary,
            recommendation=roadmap["overall_recommendation"],
            business=business or "not described",
            workflows=roadmap["workflows"],
            reasons=roadmap.get("reasons", []),
        )
        try:
            result = self._chat.invoke([SystemMessage(prompt)])
        except Exception as exc:  # the template summary stands
            log.warning("roadmap prose: model failed (%s); keeping the template", exc)
            return None
        text = result.content if isinstance(result.content, str) else ""
        text = " ".join(text.split())
        if not text or leaks(text, canary, prompt):
            return None
        return text[:MAX_SUMMARY_CHARS]
