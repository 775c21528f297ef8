"""An optional LLM judge: rubric-graded question quality and roadmap usefulness.

It runs only when asked (`discovery eval run --judge`) and a model is configured; no metric or
gate depends on it. It reads the redacted replay and the drafted roadmap, never the original
transcript, so planted personal information cannot reach the judge model. A judgement that
fails (timeout, HTTP error, no tool call, a score outside the rubric) is recorded with its
reason and the run goes on.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from statistics import mean
from typing import Any

from langchain_core.messages import SystemMessage
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import BaseModel, Field, ValidationError

from agents.guard import leaks, make_canary
from agents.prompts import load_prompt

TOOL_NAME = "record_judgement"
RUBRICS = {"question_quality": "judge_questions", "roadmap_usefulness": "judge_roadmap"}
MAX_ROADMAP_CHARS = 12_000  # a long roadmap is cut, not sent whole, to bound the judge's cost
ROADMAP_FIELDS = (
    "overall_recommendation",
    "summary",
    "workflows",
    "quick_wins",
    "risks",
    "data_requirements",
    "avoid_ai_for_now",
    "open_questions",
)
WORKFLOW_FIELDS = (
    "name",
    "process",
    "owner",
    "data_sources",
    "risks",
    "success_metric",
    "verdict",
    "rationale",
)


class Judgement(BaseModel):
    """One rubric's grade for one transcript."""

    score: int = Field(ge=1, le=5, description="The rubric's score, 1 (poor) to 5 (excellent).")
    reasons: str = Field(max_length=1000, description="At most three sentences, citing turns.")


def roadmap_view(roadmap: dict[str, Any]) -> str:
    """The parts of a roadmap a reader judges, as compact JSON (provenance and evidence left out)."""
    view = {k: roadmap.get(k) for k in ROADMAP_FIELDS if k in roadmap}
    view["workflows"] = [
        {k: w.get(k) for k in WORKFLOW_FIELDS} for w in roadmap.get("workflows", [])
    ]
    return json.dumps(view, ensure_ascii=False)[:MAX_ROADMAP_CHARS]


class Judge:
    """Grades replays with a chat model through a forced tool call."""

    def __init__(self, chat_model: Any, *, model: str, workers: int = 4) -> None:
        tool = convert_to_openai_tool(Judgement)
        tool["function"]["name"] = TOOL_NAME
        tool["function"]["description"] = "Record the rubric score and the reasons for it."
        self._bound = chat_model.bind_tools([tool], tool_choice=TOOL_NAME)
        self.model = model
        self.workers = workers
        self.prompt_version = "+".join(load_prompt(p).version for p in RUBRICS.values())

    def grade(self, rubric: str, replay: dict[str, Any]) -> dict[str, Any]:
        """`{"score", "reasons"}`, or `{"error"}` when the model gave no usable judgement."""
        canary = make_canary()
        prompt = load_prompt(RUBRICS[rubric]).render(
            canary=canary,
            tool=TOOL_NAME,
            turns=replay["transcript"]["turns"],
            roadmap=roadmap_view(replay["roadmap"]),
        )
        try:
            result = self._bound.invoke([SystemMessage(prompt)])
        except Exception as exc:  # a judge that times out or errors never stops the run
            return {"error": f"{type(exc).__name__}: {exc}"[:300]}
        calls = [c for c in getattr(result, "tool_calls", None) or [] if c["name"] == TOOL_NAME]
        if not calls:
            return {"error": "the judge did not call its tool"}
        try:
            judgement = Judgement.model_validate(calls[0].get("args") or {})
        except ValidationError as exc:
            return {"error": f"invalid judgement: {exc.errors()[0]['msg']}"}
        if leaks(judgement.reasons, canary, prompt):
            return {"error": "the judgement repeated the judge's instructions"}
        return judgement.model_dump()

    def judge_all(self, replays: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """Transcript id -> rubric -> judgement, graded in parallel threads."""
        jobs = [(tid, rubric) for tid in sorted(replays) for rubric in RUBRICS]
        with ThreadPoolExecutor(self.workers) as pool:
            results = list(pool.map(lambda job: self.grade(job[1], replays[job[0]]), jobs))
        graded: dict[str, dict[str, Any]] = {}
        for (tid, rubric), judgement in zip(jobs, results, strict=True):
            graded.setdefault(tid, {})[rubric] = judgement
        return graded


def judge_metrics(graded: dict[str, dict[str, Any]]) -> dict[str, float | int | None]:
    """Mean score per rubric (1-5) over the judgements that succeeded, and the failures."""
    out: dict[str, float | int | None] = {}
    for rubric in RUBRICS:
        scores = [g[rubric]["score"] for g in graded.values() if "score" in g.get(rubric, {})]
        out[f"judge.{rubric}"] = round(mean(scores), 3) if scores else None
    out["judge.failures"] = sum(
        "error" in judgement for g in graded.values() for judgement in g.values()
    )
    return out
