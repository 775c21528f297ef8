"""Section redraft with the model over HTTP (scripted server), and its template fallback."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from agents.contracts import Roadmap
from agents.redraft import RedraftProblem, TemplateRedrafter
from agents.redraft_llm import LLMRedrafter
from agents.state import Interview, SlotValue, Workflow
from testkit.scripted_openai import Error, Reply, ScriptedOpenAIServer

NOW = datetime(2026, 11, 20, tzinfo=UTC)


class _Hit:
    doc_id, title = "human-review", "Human review"


def _setup(server: ScriptedOpenAIServer) -> tuple[Interview, Roadmap, LLMRedrafter]:
    from agents.roadmap import draft_roadmap

    workflow = Workflow(key="w1", name="quoting", first_turn=2, origin_quote="Quoting is slow")
    workflow.slots["owner"] = SlotValue(value="office manager", turn=4, quote="office manager")
    interview = Interview(interview_id="i1", business="A plumbing firm", workflows=[workflow])
    search = lambda query, k: [_Hit()]  # noqa: E731
    roadmap = draft_roadmap(
        interview, search=search, model="m", prompt_version="p", knowledge_version="k", now=NOW
    )
    template = TemplateRedrafter(
        search=search,
        model="template",
        prompt_version="p",
        knowledge_version="k",
        clock=lambda: NOW,
    )
    chat = ChatOpenAI(
        model="scripted", base_url=server.base_url, api_key=SecretStr("t"), max_retries=0
    )
    return (
        interview,
        roadmap,
        LLMRedrafter(chat, model="scripted", fallback=template, clock=lambda: NOW),
    )


def test_the_model_rewrites_a_list_section_and_the_instruction_reaches_it():
    with ScriptedOpenAIServer() as server:
        interview, roadmap, redrafter = _setup(server)
        server.script(Reply("- Pilot quoting with review\n- Time each quote for a baseline\n"))
        result = redrafter.redraft(interview, roadmap, "quick_wins", "focus on a baseline")
        assert [i.text for i in result.quick_wins] == [
            "Pilot quoting with review",
            "Time each quote for a baseline",
        ]
        assert result.provenance.model == "scripted"
        assert result.workflows == roadmap.workflows  # verdicts stay rule-made
        assert "focus on a baseline" in server.requests[-1]["messages"][0]["content"]


@pytest.mark.parametrize("step", [Error(500), Reply("   ")])
def test_a_failing_model_falls_back_to_the_template(step):
    with ScriptedOpenAIServer() as server:
        interview, roadmap, redrafter = _setup(server)
        server.script(step)
        result = redrafter.redraft(interview, roadmap, "summary", "shorter please")
        assert result.summary.endswith("Consultant note: shorter please")
        assert result.provenance.model == "template"


def test_an_empty_instruction_is_refused():
    with ScriptedOpenAIServer() as server:
        interview, roadmap, redrafter = _setup(server)
        with pytest.raises(RedraftProblem):
            redrafter.redraft(interview, roadmap, "summary", "  ")
