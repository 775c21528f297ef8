"""`discovery eval run` and `discovery eval compare`: replay transcripts in parallel, score them,
write the brief's outputs and a report; compare two runs; check the CI thresholds."""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import yaml

from discovery.settings import PROJECT_ROOT
from evals.judge import Judge, judge_metrics
from evals.metrics import aggregate, score, transcript_metrics
from evals.report import render_report
from evals.transcript import find_transcripts, load_transcript

THRESHOLDS = PROJECT_ROOT / "evals" / "thresholds.yaml"


def _progress(done: int, total: int, started: float) -> None:
    if not sys.stderr.isatty() and done not in {total} and done % 10:
        return
    filled = int(30 * done / max(1, total))
    sys.stderr.write(
        f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}  {time.perf_counter() - started:5.1f} s"
    )
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _prepare_knowledge() -> tuple[str, str]:
    """Index the knowledge base once, before the workers open it."""
    from agents.prompts import prompt_set_version
    from knowledge import open_knowledge_base

    kb = open_knowledge_base()
    return kb.version, prompt_set_version()


def run_evals(
    paths: list[Path], out: Path, *, workers: int | None = None, judge: Judge | None = None
) -> dict[str, Any]:
    started = time.perf_counter()
    files, errors = find_transcripts(paths)
    out.mkdir(parents=True, exist_ok=True)
    work = out / ".replay"
    work.mkdir(exist_ok=True)
    for old in work.glob("replay-*.db*"):
        old.unlink()
    knowledge_version, prompt_version = _prepare_knowledge()
    workers = workers or max(1, min(len(files), os.cpu_count() or 1, 4))
    results: list[dict[str, Any]] = []
    if files:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_init, initargs=(str(work),)
        ) as pool:
            futures = [pool.submit(_replay, str(f)) for f in files]
            for count, future in enumerate(as_completed(futures), 1):
                results.append(future.result())
                _progress(count, len(files), started)
    rows: list[dict[str, Any]] = []
    replays: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for result in sorted(results, key=lambda r: r["path"]):
        if "error" in result:
            errors.append(result["error"])
            continue
        transcript = load_transcript(Path(result["path"]))
        if transcript.id in seen:
            errors.append(f"{result['path']}: id: {transcript.id!r} is used by another transcript")
            continue
        seen.add(transcript.id)
        row = transcript_metrics(transcript, result)
        row["seconds"] = result["seconds"]
        row["score"] = score(row)
        rows.append(row)
        replays[transcript.id] = result
        folder = out / transcript.id
        folder.mkdir(exist_ok=True)
        (folder / "roadmap.json").write_text(
            json.dumps(result["roadmap"], indent=2, ensure_ascii=False), encoding="utf-8"
        )
        (folder / "transcript.json").write_text(
            json.dumps(result["transcript"], indent=2, ensure_ascii=False), encoding="utf-8"
        )
    metrics, confusion = aggregate(rows)
    judged: dict[str, Any] = {}
    if judge is not None and replays:
        graded = judge.judge_all(replays)
        for row in rows:
            row["judge"] = graded.get(row["id"], {})
        metrics.update(judge_metrics(graded))
        judged = {"model": judge.model, "prompt_version": judge.prompt_version}
    from discovery.settings import get_settings

    summary = {
        "transcripts": len(rows),
        "metrics": metrics,
        "errors": errors,
        "confusion": confusion,
        "policy": "llm" if get_settings().llm_configured else "guided",
        "knowledge_version": knowledge_version,
        "prompt_version": prompt_version,
        "seconds": round(time.perf_counter() - started, 2),
        **({"judge": judged} if judged else {}),
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    (out / "transcripts.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    (out / "report.html").write_text(
        render_report(summary, rows, replays, errors), encoding="utf-8"
    )
    return summary


def _init(work_dir: str) -> None:
    from evals.replay import init_worker

    init_worker(work_dir)


def _replay(path: str) -> dict[str, Any]:
    from evals.replay import replay_file

    return replay_file(path)


def check_thresholds(metrics: dict[str, Any], path: Path = THRESHOLDS) -> list[str]:
    """Failures against the checked-in thresholds: `min` for higher-is-better, `max` otherwise."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    failures = []
    for name, bound in spec.get("min", {}).items():
        value = metrics.get(name)
        if value is None or value < bound:
            failures.append(f"{name} = {value} is below the threshold {bound}")
    for name, bound in spec.get("max", {}).items():
        value = metrics.get(name)
        if value is None or value > bound:
            failures.append(f"{name} = {value} is above the threshold {bound}")
    return failures


LOWER_IS_BETTER = {
    "pii_leaks",
    "injection_false_positive_rate",
    "repeated_questions",
    "turns_to_fill_slots",
    "consultant_edit_distance",
}


def compare_runs(run_a: Path, run_b: Path) -> dict[str, Any]:
    def load(run: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        summary_path = run / "summary.json"
        if not summary_path.is_file():
            raise FileNotFoundError(f"{run}: no summary.json (is this an eval run folder?)")
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
        rows_path = run / "transcripts.jsonl"
        rows = {}
        if rows_path.is_file():
            for line in rows_path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    rows[row["id"]] = row
        return summary["metrics"], rows

    metrics_a, rows_a = load(run_a)
    metrics_b, rows_b = load(run_b)
    deltas: dict[str, dict[str, Any]] = {}
    for name in sorted(set(metrics_a) | set(metrics_b)):
        a, b = metrics_a.get(name), metrics_b.get(name)
        if isinstance(a, int | float) and isinstance(b, int | float):
            change = round(b - a, 4)
            regressed = change > 0 if name in LOWER_IS_BETTER else change < 0
            deltas[name] = {"a": a, "b": b, "delta": change, "worse": regressed}
        else:
            deltas[name] = {"a": a, "b": b, "delta": None, "worse": False}
    worse_rows = sorted(
        (
            {"id": key, "a": rows_a[key]["score"], "b": rows_b[key]["score"]}
            for key in rows_a.keys() & rows_b.keys()
            if rows_b[key]["score"] < rows_a[key]["score"]
        ),
        key=lambda r: r["b"] - r["a"],
    )
    return {
        "metrics": deltas,
        "worse_transcripts": worse_rows,
        "only_in_a": sorted(rows_a.keys() - rows_b.keys()),
        "only_in_b": sorted(rows_b.keys() - rows_a.keys()),
    }
