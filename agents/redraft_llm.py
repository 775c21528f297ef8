"""Redraft a roadmap section with the model; any failure falls back to the template redraft.

Only the summary and the list sections are rewritten by the model; workflows (verdicts and
evidence) stay rule-made. The consultant's instruction was redacted before it arrives here.
"""

from __future__ import annotations

import logging
from typing import Any

from langchain_core.messages import SystemMessage

from agents.contracts import Provenance, Roadmap, RoadmapItem
from agents.guard import leaks, make_canary
from agents.prompts import load_prompt
from agents.redraft import Redrafter, check_request
from agents.state import Interview

log = logging.getLogger(__name__)
MAX_ITEMS = 8


class LLMRedrafter:
    name = "llm"

    def __init__(self, chat_model: Any, *, model: str, fallback: Redrafter, clock: Any) -> None:
        self._chat = chat_model
        self._fallback = fallback
        self._clock = clock
        self.model = model
        self.prompt_version = fallback.prompt_version
        self.knowledge_version = fallback.knowledge_version

    def redraft(
        self, interview: Interview, roadmap: Roadmap, section: str, instruction: str
    ) -> Roadmap:
        instruction = check_request(section, instruction)
        if section == "workflows":
            return self._fallback.redraft(interview, roadmap, section, instruction)
        as_list = section != "summary"
        current = getattr(roadmap, section)
        canary = make_canary()
        prompt = load_prompt("redraft_section").render(
            canary=canary,
            as_list=as_list,
            section=section.replace("_", " "),
            instruction=instruction,
            current="\n".join(i.text for i in current) if as_list else current,
            workflows=[w.model_dump() for w in roadmap.workflows],
        )
        try:
            text = self._chat.invoke([SystemMessage(prompt)]).content
        except Exception as exc:
            log.warning("redraft: model failed (%s); using the template", exc)
            return self._fallback.redraft(interview, roadmap, section, instruction)
        if not isinstance(text, str) or not text.strip() or leaks(text, canary, prompt):
            return self._fallback.redraft(interview, roadmap, section, instruction)
        value: Any
        if as_list:
            lines = [line.strip(" -*•\t") for line in text.splitlines() if line.strip(" -*•\t")]
            value = [RoadmapItem(text=line[:500]) for line in lines[:MAX_ITEMS]]
        else:
            value = " ".join(text.split())[:1500]
        now = self._clock()
        provenance = Provenance(
            model=self.model,
            prompt_version=self.prompt_version,
            knowledge_version=self.knowledge_version,
            generated_at=now.isoformat(timespec="seconds"),
        )
        redrafted = roadmap.model_copy(update={section: value, "provenance": provenance}, deep=True)
        return Roadmap.model_validate(redrafted.model_dump(mode="json"))
