"""Wire the real parts together from settings: the one place dependencies are built.

The CLI, the Streamlit app and the eval replays all call `build_service`; tests build `Deps`
by hand with fakes where they need to.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from agents.graph import Deps
from agents.guided import GuidedPolicy
from agents.injection import InjectionDetector
from agents.llm import LLMPolicy, build_chat_model
from agents.policy import ResilientPolicy
from agents.prompts import prompt_set_version
from agents.service import InterviewService, current_interview
from discovery.settings import Settings, get_settings
from knowledge.service import KnowledgeBase, open_knowledge_base
from privacy import get_redactor
from storage import InterviewStore, utc_now

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    service: InterviewService
    knowledge: KnowledgeBase
    store: InterviewStore
    settings: Settings

    @property
    def warnings(self) -> list[str]:
        return self.knowledge.warnings

    def close(self) -> None:
        self.store.close()


def build_policy(settings: Settings, store: InterviewStore) -> ResilientPolicy:
    guided = GuidedPolicy()
    if not settings.llm_configured:
        return ResilientPolicy(guided, guided, retries=0)

    def record_usage(model: str, prompt_tokens: int, completion_tokens: int, purpose: str) -> None:
        interview_id = current_interview.get()
        if interview_id is None:
            return
        cost = (
            prompt_tokens * settings.price_input_per_mtok
            + completion_tokens * settings.price_output_per_mtok
        ) / 1_000_000
        try:
            store.record_usage(
                interview_id,
                model=model,
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
                cost_usd=cost,
                purpose=purpose,
            )
        except Exception as exc:  # accounting must never cost the prospect a turn
            log.warning("could not record token usage: %s", exc)

    llm = LLMPolicy(
        build_chat_model(settings),
        model_name=settings.chat_model,
        history_budget_tokens=settings.history_budget_tokens,
        on_usage=record_usage,
    )
    return ResilientPolicy(
        llm, guided, retries=settings.model_max_retries, backoff_s=settings.model_backoff_s
    )


def build_runtime(settings: Settings | None = None) -> Runtime:
    settings = settings or get_settings()
    store = InterviewStore.from_settings(settings)
    knowledge = open_knowledge_base(settings)
    deps = Deps(
        redactor=get_redactor(),
        detector=InjectionDetector(),
        search=knowledge.search,
        store=store,
        policy=build_policy(settings, store),
        clock=utc_now,
        model_name=settings.chat_model if settings.llm_configured else "guided-offline",
        prompt_version=prompt_set_version(),
        knowledge_version=knowledge.version,
        max_model_chars=settings.max_message_chars,
        max_user_turns=settings.max_user_turns,
    )
    if settings.llm_configured:
        from agents.prose import LLMProse

        deps.prose = LLMProse(build_chat_model(settings), settings.chat_model)
    return Runtime(InterviewService(deps, store), knowledge, store, settings)
