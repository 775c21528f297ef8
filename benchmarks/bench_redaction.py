"""Redaction speed and memory: one-off load time, ms per chat message (p50/p95), peak RSS.

Messages are 20-200 words, built deterministically from the NZ conversational eval set (so
they carry realistic PII density). Load time is measured in a fresh interpreter.

    uv run python benchmarks/bench_redaction.py [--messages 500]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LOAD_SNIPPET = (
    "import time; t=time.perf_counter(); from privacy import get_redactor; r=get_redactor(); "
    "r.redact('warm up Aroha 021 555 0199'); print(time.perf_counter()-t)"
)


def messages(count: int, seed: int = 7) -> list[str]:
    rows = [
        json.loads(line)["text"] for line in (ROOT / "evals/pii/nz_conversational.jsonl").open()
    ]
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        target = rng.randint(20, 200)
        words: list[str] = []
        while len(words) < target:
            words.extend(rng.choice(rows).split())
        out.append(" ".join(words[:target]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=500)
    args = parser.parse_args()

    loads = [
        float(
            subprocess.run(
                [sys.executable, "-c", LOAD_SNIPPET],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            ).stdout
        )
        for _ in range(3)
    ]
    from privacy import PseudonymMap, get_redactor

    redactor = get_redactor()
    batch = messages(args.messages)
    for text in batch[:20]:
        redactor.redact(text)
    timings = []
    session = PseudonymMap()
    for text in batch:
        start = time.perf_counter()
        redactor.redact(text, session)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    words = [len(t.split()) for t in batch]
    print(
        f"messages: {len(batch)} ({min(words)}-{max(words)} words, mean {statistics.mean(words):.0f})"
    )
    print(
        f"per message: p50 {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms, max {timings[-1]:.2f} ms"
    )
    print(
        f"load (fresh interpreter, import + build + first call): median {statistics.median(loads):.2f} s of {len(loads)}"
    )
    print(f"peak memory (RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
