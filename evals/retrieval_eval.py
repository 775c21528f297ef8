"""Retrieval eval: recall@5 and MRR over evals/retrieval/queries.jsonl (prospect-style queries).

recall@k: the share of a query's relevant notes found in the top k, averaged over queries.
MRR: the mean of 1/rank of the first relevant note (0 if none in the top 10).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from discovery.settings import PROJECT_ROOT
from knowledge import KnowledgeBase, open_knowledge_base

QUERIES = PROJECT_ROOT / "evals" / "retrieval" / "queries.jsonl"


def evaluate(kb: KnowledgeBase, queries: list[dict], k: int = 5) -> dict:
    recalls, reciprocal, failures = [], [], []
    for q in queries:
        ranked = [h.doc_id for h in kb.search(q["query"], k=10)]
        relevant = set(q["relevant"])
        recalls.append(len(relevant.intersection(ranked[:k])) / len(relevant))
        first = next((i for i, d in enumerate(ranked) if d in relevant), None)
        reciprocal.append(0.0 if first is None else 1.0 / (first + 1))
        if recalls[-1] < 1.0:
            failures.append(
                {"id": q["id"], "query": q["query"], "relevant": q["relevant"], "got": ranked[:k]}
            )
    return {
        "queries": len(queries),
        f"recall@{k}": sum(recalls) / len(recalls),
        "mrr": sum(reciprocal) / len(reciprocal),
        "failures": failures,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--show-failures", action="store_true")
    args = parser.parse_args(argv)
    queries = [
        json.loads(line)
        for line in args.queries.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    kb = open_knowledge_base()
    result = evaluate(kb, queries)
    print(
        f"queries: {result['queries']}  recall@5: {result['recall@5']:.3f}  MRR: {result['mrr']:.3f}  (knowledge {kb.version})"
    )
    if kb.warnings:
        print("warnings:", *kb.warnings, sep="\n  ")
    if args.show_failures:
        for f in result["failures"]:
            print(f"  {f['id']} {f['query']!r}\n     want {f['relevant']} got {f['got']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
