"""Knowledge-base speed: cold ingest of every note, re-ingest with nothing changed, query latency.

Each phase runs in a fresh DISCOVERY_DATA_DIR under a temporary folder (nothing of yours is
touched). Query latency is measured over the retrieval eval's prospect-style queries, repeated.

    uv run python benchmarks/bench_retrieval.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        os.environ["DISCOVERY_DATA_DIR"] = data_dir
        from discovery.settings import get_settings
        from knowledge import open_knowledge_base

        started = time.perf_counter()
        kb = open_knowledge_base(get_settings(), auto_ingest=False)
        load_s = time.perf_counter() - started
        cold = kb.ingest()
        warm = open_knowledge_base(get_settings(), auto_ingest=False).ingest()
        queries = [
            json.loads(line)["query"] for line in (ROOT / "evals/retrieval/queries.jsonl").open()
        ]
        for q in queries[:10]:
            kb.search(q)
        timings = []
        for _ in range(args.rounds):
            for q in queries:
                t = time.perf_counter()
                kb.search(q)
                timings.append((time.perf_counter() - t) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"notes: {len(kb.corpus.notes)}, chunks: {len(kb.corpus.chunks)}, embedder: {kb.embedder.name}"
        )
        print(f"open (parse notes + load embedder): {load_s:.2f} s")
        print(f"cold ingest: {cold.seconds:.2f} s ({cold.added} chunks embedded)")
        print(f"re-ingest, nothing changed: {warm.seconds:.3f} s ({warm.unchanged} unchanged)")
        print(
            f"query ({len(timings)} searches): p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms"
        )
        print(
            f"peak memory (RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )


if __name__ == "__main__":
    main()
