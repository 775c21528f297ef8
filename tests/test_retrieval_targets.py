"""Retrieval quality gate over both labelled query sets (the dev set and the untuned held-out set).

The issue's target is recall@5 >= 0.90; this gate sits just under what the pipeline measures
(see the README), so a regression fails CI while the figure itself is reported, not hidden.
"""

from __future__ import annotations

import json

import pytest

from discovery.settings import PROJECT_ROOT, Settings
from evals.retrieval_eval import evaluate
from knowledge import open_knowledge_base

# (query set, recall@5 floor): floors sit just under what was measured (README); heldout2 was
# written after the tuning and measured once.
SETS = [
    ("queries.jsonl", 0.93),
    ("heldout.jsonl", 0.90),
    ("heldout2.jsonl", 0.85),
]


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    return open_knowledge_base(Settings(DISCOVERY_DATA_DIR=tmp_path_factory.mktemp("kb")))


@pytest.mark.parametrize(("name", "floor"), SETS, ids=[name for name, _ in SETS])
def test_recall_at_5_and_mrr(kb, name: str, floor: float) -> None:
    path = PROJECT_ROOT / "evals" / "retrieval" / name
    queries = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    result = evaluate(kb, queries)
    assert kb.warnings == []
    assert result["recall@5"] >= floor, result["failures"]
    assert result["mrr"] >= 0.75
