"""The cue lists over the paraphrase set: floors that catch a regression, and bad input."""

from __future__ import annotations

import pytest

from evals.signals_eval import CONTRASTS, evaluate, load, main, unread

# A little under what the cue lists catch now (python -m evals.signals_eval).
RECALL_FLOORS = {
    "broken_process": 0.3,
    "untrusted_data": 0.3,
    "sensitive_data": 0.4,
    "legal_effect": 0.4,
    "no_value": 0.3,
    "too_risky": 0.38,
    "disputed": 0.45,
    "no_human_review": 0.3,
    "human_review": 0.33,
    "change_agreed": 0.33,
}


def test_the_cue_lists_keep_their_recall_without_firing_on_ordinary_sentences():
    rows = load()
    result = evaluate(rows)
    assert result["sentences"] == len(rows) >= 2000
    for label, floor in RECALL_FLOORS.items():
        assert result["recall"][label] >= floor, label
    assert result["none_false_alarm_rate"] <= 0.06


def test_the_cue_lists_catch_unread_contrasts_and_pass_over_their_near_misses():
    rows = load(CONTRASTS)
    assert len(rows) == 1920
    fresh = evaluate(unread(rows))["recall"]
    assert len(unread(rows)) == 360
    assert fresh["too_risky"] >= 0.3 and fresh["no_value"] >= 0.35, fresh
    assert min(fresh.values()) >= 0.2, fresh
    # "Shearing is once a year, but it's our main income event" is not a reason to leave it.
    assert evaluate(rows)["none_false_alarm_rate"] <= 0.09


def test_a_malformed_line_is_named(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "fine", "label": "none"}\n{"text": "no label"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl line 2"):
        load(path)


def test_misses_are_listed_on_request(capsys):
    main(["--misses", "vague"])
    out = capsys.readouterr().out
    assert "vague" in out and "    - " in out
