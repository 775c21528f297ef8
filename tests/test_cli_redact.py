"""`discovery redact --jsonl`, in process, exactly as the brief specifies."""

from __future__ import annotations

import io
import json
import sys

import pytest

from discovery.cli import main


def run(monkeypatch: pytest.MonkeyPatch, stdin: bytes) -> tuple[int, list[dict]]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    code = main(["redact", "--jsonl"])
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


def test_lines_in_order_with_offsets_into_the_input(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [
        {"id": "a", "text": "Call Aroha Ngata on 021 555 0199"},
        {"id": 2, "text": "We use Xero."},
        {"id": "c", "text": "Ōtāhuhu café, ask Sione"},
    ]
    stdin = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    code, out = run(monkeypatch, stdin)
    assert code == 0
    assert [o["id"] for o in out] == ["a", 2, "c"]
    assert out[0]["redacted"] == "Call <PERSON_1> on <PHONE_NUMBER_1>"
    for row, result in zip(rows, out, strict=True):
        for e in result["entities"]:
            assert set(e) == {"type", "start", "end", "score"}
            assert row["text"][e["start"] : e["end"]].strip()
    assert out[1] == {"id": 2, "redacted": "We use Xero.", "entities": []}


def test_bad_lines_get_an_error_and_no_text(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = b'\xff\xfe{"id": 1}\n{"id": 2}\nnot json\n{"id": 4, "text": "fine"}\n'
    code, out = run(monkeypatch, stdin)
    assert code == 0
    assert [o.get("id") for o in out] == [None, 2, None, 4]
    assert "UTF-8" in out[0]["error"] and "text" in out[1]["error"] and "JSON" in out[2]["error"]
    assert all("redacted" not in o for o in out[:3])
    assert out[3]["redacted"] == "fine"
