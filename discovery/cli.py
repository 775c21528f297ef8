"""The `discovery` command line: one console script, subcommands per concern."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Sequence


def _redact_jsonl(args: argparse.Namespace) -> int:
    """Read {"id", "text"} lines on stdin; write {"id", "redacted", "entities"} lines in order.

    A line that cannot be read (invalid UTF-8, bad JSON, no text) or redacted yields
    {"id", "error"} and no redacted text at all, so nothing is ever half-redacted.
    """
    from privacy import PseudonymMap, RedactionError, get_redactor

    redactor = get_redactor()
    stdin = (
        sys.stdin.buffer if hasattr(sys.stdin, "buffer") else io.BytesIO(sys.stdin.read().encode())
    )
    out = sys.stdout
    failures = 0
    for line_number, raw in enumerate(stdin, start=1):
        if not raw.strip():
            continue
        record_id: object = None
        try:
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ValueError(
                    f"line {line_number} is not valid UTF-8 (byte {exc.start})"
                ) from None
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"line {line_number} is not JSON: {exc.msg}") from None
            if not isinstance(record, dict):
                raise ValueError(f"line {line_number} must be a JSON object")
            record_id = record.get("id")
            text = record.get("text")
            if not isinstance(text, str):
                raise ValueError(f"line {line_number} has no string field 'text'")
            result = redactor.redact(text, PseudonymMap())
            row = {
                "id": record_id,
                "redacted": result.redacted,
                "entities": [e.as_json() for e in result.entities],
            }
        except (ValueError, RedactionError) as exc:
            failures += 1
            row = {"id": record_id, "error": str(exc)}
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        out.flush()
    if failures:
        print(
            f"discovery redact: {failures} line(s) could not be redacted; see their 'error'",
            file=sys.stderr,
        )
    return 0


def _kb_ingest(args: argparse.Namespace) -> int:
    from knowledge import open_knowledge_base
    from knowledge.index import IndexUnavailable

    kb = open_knowledge_base(auto_ingest=False)
    for warning in kb.corpus.problems:
        print(f"warning: {warning}", file=sys.stderr)
    try:
        report = kb.ingest()
    except IndexUnavailable as exc:
        print(f"discovery kb ingest: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report.as_json(), indent=2))
    return 0


def _kb_search(args: argparse.Namespace) -> int:
    from knowledge import open_knowledge_base
    from knowledge.retrieval import QueryError

    kb = open_knowledge_base()
    for warning in kb.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    try:
        hits = kb.search(args.query, k=args.k)
    except QueryError as exc:
        print(f"discovery kb search: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=2))
    else:
        for rank, h in enumerate(hits, 1):
            print(
                f"{rank}. {h.title} [{h.doc_id}] score {h.score:.3f}\n   {h.section}: {h.text[:160]}…"
            )
    return 0


def _chat(args: argparse.Namespace) -> int:
    """The interview in the terminal: one prospect message per stdin line; `/done` or end of
    input drafts the roadmap. With --json, stdout carries only the roadmap JSON (the
    interviewer's replies go to stderr)."""
    from agents.render import roadmap_markdown
    from agents.service import InputProblem
    from discovery.runtime import build_runtime
    from storage import StorageError

    runtime = build_runtime()
    service = runtime.service
    say = sys.stderr if args.json else sys.stdout
    for warning in runtime.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    try:
        if args.resume:
            interview_id = service.resume(args.resume)
            if interview_id is None:
                print("discovery chat: no interview has that resume code", file=sys.stderr)
                return 2
            recovered = service.recover(interview_id)
            if recovered is not None:
                print(recovered.reply, file=say, flush=True)
        else:
            started = service.start()
            interview_id = started.interview_id
            print(f"(resume code: {started.resume_code})", file=sys.stderr)
            print(started.greeting, file=say, flush=True)
        roadmap = None
        stdin = (
            sys.stdin.buffer
            if hasattr(sys.stdin, "buffer")
            else io.BytesIO(sys.stdin.read().encode())
        )
        for raw in stdin:
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            if line.strip() == "/done":
                break
            if not line.strip():
                continue
            if "\ufffd" in line and raw.count(b"\x00") + line.count("\ufffd") > len(line) // 4:
                print("(that line looked like binary data, not text; it was skipped)", file=say)
                continue
            try:
                for event in service.send(interview_id, line):
                    if "done" in event:
                        result = event["done"]
                        for notice in result.notices:
                            print(f"({notice})", file=say)
                        print(f"\n{result.reply}\n", file=say, flush=True)
                        roadmap = result.roadmap or roadmap
            except InputProblem as exc:
                print(f"({exc})", file=say, flush=True)
                if roadmap is not None:
                    break
        if roadmap is None:
            roadmap = service.draft(interview_id).roadmap
    except StorageError as exc:
        print(f"discovery chat: {exc}", file=sys.stderr)
        return 3
    finally:
        runtime.close()
    if args.json:
        print(json.dumps(roadmap, ensure_ascii=False, indent=2))
    else:
        print(roadmap_markdown(roadmap or {}))
    return 0


def _eval_run(args: argparse.Namespace) -> int:
    """Replay transcripts through the real pipeline; write summary.json, per-transcript
    roadmap.json and transcript.json, and report.html under --out."""
    from pathlib import Path

    from evals.run import check_thresholds, run_evals

    judge = None
    if args.judge:
        from agents.llm import build_chat_model
        from discovery.settings import get_settings
        from evals.judge import Judge

        settings = get_settings()
        if settings.llm_configured:
            chat = build_chat_model(settings).bind(temperature=0)
            judge = Judge(chat, model=settings.chat_model)
        else:
            print(
                "discovery eval: --judge needs a model (set OPENAI_API_KEY or OPENAI_BASE_URL); "
                "replaying without the judge",
                file=sys.stderr,
            )
    summary = run_evals(
        [Path(p) for p in args.paths], Path(args.out), workers=args.workers, judge=judge
    )
    for error in summary["errors"]:
        print(f"discovery eval: {error}", file=sys.stderr)
    print(
        json.dumps({"transcripts": summary["transcripts"], "metrics": summary["metrics"]}, indent=2)
    )
    print(f"report: {Path(args.out) / 'report.html'}", file=sys.stderr)
    if summary["transcripts"] == 0:
        print("discovery eval: no transcript could be replayed", file=sys.stderr)
        return 2
    if args.gate:
        failures = check_thresholds(summary["metrics"], Path(args.gate))
        for failure in failures:
            print(f"discovery eval: below threshold: {failure}", file=sys.stderr)
        return 1 if failures else 0
    return 0


def _eval_compare(args: argparse.Namespace) -> int:
    from pathlib import Path

    from evals.run import compare_runs

    try:
        result = compare_runs(Path(args.run_a), Path(args.run_b))
    except FileNotFoundError as exc:
        print(f"discovery eval compare: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for name, d in result["metrics"].items():
        if d["delta"] is None:
            continue
        mark = "  WORSE" if d["worse"] else ""
        print(f"{name:40} {d['a']!s:>10} -> {d['b']!s:>10}  ({d['delta']:+}){mark}")
    if result["worse_transcripts"]:
        print("\ntranscripts that got worse:")
        for row in result["worse_transcripts"]:
            print(f"  {row['id']}: {row['a']} -> {row['b']}")
    return 0


NEW_PASSWORD_ENV = "DISCOVERY_NEW_PASSWORD"


def _read_new_password() -> str:
    """The new account's password: $DISCOVERY_NEW_PASSWORD if set, else typed twice (no echo)."""
    import getpass
    import os

    from_env = os.environ.get(NEW_PASSWORD_ENV)
    if from_env is not None:
        return from_env
    first = getpass.getpass("Password: ")
    second = getpass.getpass("Repeat the password: ")
    if first != second:
        raise ValueError("the two passwords differ; nothing was changed")
    return first


def _users_add(args: argparse.Namespace) -> int:
    from discovery.settings import get_settings
    from storage import AccountService, StorageError

    try:
        password = _read_new_password()
    except (EOFError, ValueError) as exc:
        reason = str(exc) or "no password was given"
        print(f"discovery users add: {reason}", file=sys.stderr)
        return 2
    try:
        with AccountService.from_settings(get_settings()) as accounts:
            user = accounts.add_user(
                args.username, password, role=args.role, display_name=args.display_name, actor="cli"
            )
    except (ValueError, StorageError) as exc:
        print(f"discovery users add: {exc}", file=sys.stderr)
        return 2
    print(f"Added {user.role} {user.username!r} ({user.display_name}).")
    return 0


def _users_list(args: argparse.Namespace) -> int:
    from discovery.settings import get_settings
    from storage import AccountService, StorageError, utc_now

    try:
        with AccountService.from_settings(get_settings()) as accounts:
            users = accounts.list_users()
    except StorageError as exc:
        print(f"discovery users list: {exc}", file=sys.stderr)
        return 2
    if not users:
        print("No users yet; add one with: discovery users add USERNAME")
        return 0
    now = utc_now()
    rows = [("USERNAME", "ROLE", "STATUS", "CREATED", "DISPLAY NAME")]
    for user in users:
        if user.disabled:
            status = "disabled"
        elif user.locked_until is not None and user.locked_until > now:
            status = f"locked until {user.locked_until:%Y-%m-%d %H:%M} UTC"
        else:
            status = "active"
        rows.append(
            (user.username, user.role, status, f"{user.created_at:%Y-%m-%d}", user.display_name)
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
            + "  "
            + row[4]
        )
    return 0


def _eval_export(args: argparse.Namespace) -> int:
    """Stored (redacted) interviews as transcript files, for evals."""
    from pathlib import Path

    from discovery.settings import get_settings
    from evals.export import export_transcripts
    from storage import InterviewStore, StorageError

    try:
        with InterviewStore.from_settings(get_settings()) as store:
            written = export_transcripts(store, Path(args.out), args.ids or None, args.status)
    except (LookupError, StorageError) as exc:
        print(f"discovery eval export: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


def _export_roadmap(args: argparse.Namespace) -> int:
    """Write the interview's latest roadmap as md, docx or pdf; print the written path."""
    from discovery.settings import get_settings
    from exports import ExportError, export_roadmap
    from exports.service import check_format
    from storage import InterviewStore, StorageError

    try:
        fmt = check_format(args.format)  # before touching the database
        with InterviewStore.from_settings(get_settings()) as store:
            path = export_roadmap(store, args.interview_id, fmt, args.out)
    except ExportError as exc:
        print(f"discovery export: {exc}", file=sys.stderr)
        return 2
    except StorageError as exc:
        print(f"discovery export: {exc}", file=sys.stderr)
        return 3
    print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="discovery", description="AI discovery interview")
    sub = parser.add_subparsers(dest="command", required=True)

    redact = sub.add_parser("redact", help="redact personal information")
    redact.add_argument(
        "--jsonl", action="store_true", required=True, help="JSON lines on stdin and stdout"
    )
    redact.set_defaults(handler=_redact_jsonl)

    kb = sub.add_parser("kb", help="the guidance knowledge base").add_subparsers(
        dest="kb_command", required=True
    )
    kb_ingest = kb.add_parser("ingest", help="index the notes into Chroma (incremental)")
    kb_ingest.set_defaults(handler=_kb_ingest)
    kb_search = kb.add_parser("search", help="ranked guidance for a query")
    kb_search.add_argument("query")
    kb_search.add_argument(
        "--json", action="store_true", help="print [{doc_id, title, score, text}]"
    )
    kb_search.add_argument("-k", type=int, default=5, help="how many notes (default 5)")
    kb_search.set_defaults(handler=_kb_search)

    chat = sub.add_parser("chat", help="the interview in the terminal (one message per line)")
    chat.add_argument("--json", action="store_true", help="print the roadmap JSON at the end")
    chat.add_argument("--resume", metavar="CODE", help="continue an interview from its code")
    chat.set_defaults(handler=_chat)

    roadmap_export = sub.add_parser(
        "export", help="the roadmap's latest version as a client document (md, docx, pdf)"
    )
    roadmap_export.add_argument("interview_id", metavar="INTERVIEW_ID")
    roadmap_export.add_argument("--format", required=True, metavar="{md,docx,pdf}")
    roadmap_export.add_argument("--out", required=True, metavar="FILE", help="where to write it")
    roadmap_export.set_defaults(handler=_export_roadmap)

    evals = sub.add_parser("eval", help="offline evals over transcripts").add_subparsers(
        dest="eval_command", required=True
    )
    run = evals.add_parser("run", help="replay transcripts and measure the interviewer")
    run.add_argument("paths", nargs="+", metavar="PATH", help="transcript files or folders")
    run.add_argument("--out", required=True, help="folder for summary.json, roadmaps, report")
    run.add_argument("--workers", type=int, default=None, help="parallel replays (default: cores)")
    run.add_argument("--gate", metavar="THRESHOLDS", help="fail (exit 1) below these thresholds")
    run.add_argument(
        "--judge",
        action="store_true",
        help="also grade question quality and roadmap usefulness with the configured model",
    )
    run.set_defaults(handler=_eval_run)
    compare = evals.add_parser("compare", help="metric deltas between two runs")
    compare.add_argument("run_a")
    compare.add_argument("run_b")
    compare.add_argument("--json", action="store_true")
    compare.set_defaults(handler=_eval_compare)
    export = evals.add_parser("export", help="stored interviews as transcript files")
    export.add_argument("ids", nargs="*", metavar="INTERVIEW_ID", help="default: all")
    export.add_argument("--status", help="only interviews with this status, e.g. approved")
    export.add_argument("--out", required=True)
    export.set_defaults(handler=_eval_export)

    users = sub.add_parser("users", help="consultant accounts").add_subparsers(
        dest="users_command", required=True
    )
    users_add = users.add_parser(
        "add",
        help=f"add an account (password from ${NEW_PASSWORD_ENV}, else asked for twice)",
    )
    users_add.add_argument("username", metavar="USERNAME", help="case-insensitive")
    users_add.add_argument("--role", choices=("consultant", "admin"), default="consultant")
    users_add.add_argument("--display-name", metavar="NAME", help="default: the username")
    users_add.set_defaults(handler=_users_add)
    users_list = users.add_parser("list", help="every account, with its role and status")
    users_list.set_defaults(handler=_users_list)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
