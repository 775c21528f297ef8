"""Interview pipeline benchmark: per-turn overhead offline and with an LLM, replay time, memory.

    uv run python benchmarks/bench_interview.py [--turns 60] [--delay 1.0] [--concurrent 50]

- Offline: every turn runs the whole pipeline (redact, screen, store, extract, plan, retrieve,
  reply, store, save state) with the guided policy; its time is all overhead.
- LLM: the same turns against the scripted OpenAI-compatible server answering after a fixed
  delay. Overhead = turn time minus the time of bare calls to the same server (one extraction
  call and one streamed reply per turn), and its ratio to one bare call.
- Replay: a 12-turn interview from start to drafted roadmap, offline.
- Memory: RSS growth per interview while many interviews are open at once.
Figures go to stdout as JSON; run on an idle machine.
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TURNS = [
    "We're a bakery in Petone with 8 staff doing wholesale and catering orders.",
    "Catering orders come in by email and phone, and Grace types them into a spreadsheet every "
    "morning. It takes about 2 hours a day.",
    "Grace, our front of house manager, looks after it.",
    "Emails and the spreadsheet, but we don't always trust the sheet.",
    "Allergens are the big risk. Grace checks every order before it goes to the kitchen.",
    "Fewer lost orders and saving an hour a day would be success.",
    "Quoting for weddings is the other one, it takes me ages.",
    "I do the quotes myself, from a price list in Excel.",
    "not sure",
    "If a quote is wrong we lose money, nobody checks them.",
    "Quotes out within a day instead of a week.",
    "that's all",
]


# What a model typically returns for a turn about catering orders (the tool call's arguments).
EXTRACTION = {
    "new_workflows": [{"name": "catering orders", "description": "orders by email and phone"}],
    "updates": [
        {"workflow": "catering orders", "slot": "process", "value": "typed into a sheet daily"}
    ],
    "data_sources": {"catering orders": ["email", "spreadsheet"]},
}


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def build(data_dir: Path, base_url: str | None = None):
    os.environ["DISCOVERY_DATA_DIR"] = str(data_dir)
    for var in ("OPENAI_BASE_URL", "OPENAI_API_KEY"):
        os.environ.pop(var, None)
    if base_url:
        os.environ["OPENAI_BASE_URL"], os.environ["OPENAI_API_KEY"] = base_url, "bench"
    from discovery.runtime import build_runtime
    from discovery.settings import get_settings

    get_settings.cache_clear()
    return build_runtime()


def time_turns(service, count: int) -> list[float]:
    timings: list[float] = []
    while len(timings) < count:
        interview_id = service.start().interview_id
        for text in TURNS[:-1]:
            started = time.perf_counter()
            for _event in service.send(interview_id, text):
                pass
            timings.append(time.perf_counter() - started)
            if len(timings) >= count:
                break
    return timings


def bare_calls(base_url: str, count: int) -> list[float]:
    import openai

    client = openai.OpenAI(base_url=base_url, api_key="bench", max_retries=0)
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        stream = client.chat.completions.create(
            model="scripted",
            messages=[{"role": "user", "content": "hello"}],
            stream=True,
            stream_options={"include_usage": True},
        )
        for _chunk in stream:
            pass
        timings.append(time.perf_counter() - started)
    client.close()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=60)
    parser.add_argument("--llm-turns", type=int, default=12)
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--concurrent", type=int, default=50)
    args = parser.parse_args()
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        runtime = build(Path(tmp) / "offline")
        results["startup_s"] = round(time.perf_counter() - started, 2)
        time_turns(runtime.service, 12)  # warm-up
        offline = time_turns(runtime.service, args.turns)
        results["offline_turn_ms"] = {
            "p50": round(pct(offline, 0.5) * 1000, 1),
            "p95": round(pct(offline, 0.95) * 1000, 1),
            "n": len(offline),
        }
        replays = []
        for _ in range(3):
            started = time.perf_counter()
            interview_id = runtime.service.start().interview_id
            for text in TURNS:
                for _event in runtime.service.send(interview_id, text):
                    pass
            runtime.service.draft(interview_id)
            replays.append(time.perf_counter() - started)
        results["replay_12_turns_s"] = round(statistics.median(replays), 3)

        before = rss_mb()
        ids = [runtime.service.start().interview_id for _ in range(args.concurrent)]
        for text in TURNS[:4]:
            for interview_id in ids:
                for _event in runtime.service.send(interview_id, text):
                    pass
        results["memory_per_interview_kb"] = round((rss_mb() - before) * 1024 / len(ids), 1)
        results["rss_mb"] = round(rss_mb(), 1)
        runtime.close()

        from testkit.scripted_openai import ScriptedOpenAIServer, ToolCall

        with ScriptedOpenAIServer(default_delay=args.delay) as server:
            server.responder = lambda request: (
                (ToolCall("record_interview_facts", EXTRACTION) if request.get("tools") else None)
                or _reply()
            )
            llm_runtime = build(Path(tmp) / "llm", server.base_url)
            bare = bare_calls(server.base_url, 5)
            turns = time_turns(llm_runtime.service, args.llm_turns)
            llm_runtime.close()
        bare_mean = statistics.mean(bare)
        overhead = [t - 2 * bare_mean for t in turns]  # two model calls per turn
        results["llm"] = {
            "model_delay_s": args.delay,
            "bare_call_ms": round(bare_mean * 1000, 1),
            "turn_ms_p50": round(pct(turns, 0.5) * 1000, 1),
            "overhead_ms_p50": round(pct(overhead, 0.5) * 1000, 1),
            "overhead_ms_p95": round(pct(overhead, 0.95) * 1000, 1),
            "overhead_ratio_p95": round(pct(overhead, 0.95) / bare_mean, 3),
        }
    print(json.dumps(results, indent=2))
    return 0


def _reply():
    from testkit.scripted_openai import Reply

    return Reply("Thanks. Who owns that work day to day?")


if __name__ == "__main__":
    raise SystemExit(main())
