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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="discovery", description="AI discovery interview")
    sub = parser.add_subparsers(dest="command", required=True)

    redact = sub.add_parser("redact", help="redact personal information")
    redact.add_argument(
        "--jsonl", action="store_true", required=True, help="JSON lines on stdin and stdout"
    )
    redact.set_defaults(handler=_redact_jsonl)
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
