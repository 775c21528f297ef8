"""How much of each verdict signal the offline reader's cue lists catch, over paraphrases.

`evals/signals/sentences.jsonl` holds 2,100 single sentences in a prospect's voice, written for
the team by helpers who saw neither the cue lists nor any eval transcript: about 150 per signal
(200 for agreement), and 400 ordinary sentences ("none") that share the signals' words but not
their meaning ("We check the stock levels every Friday morning"). A sentence is caught when the
signal's cue (agents/cues.py) matches it; a false alarm is any signal cue matching a sentence
labelled with something else.

The cue lists were widened once after reading misses from this set, so its recall is optimistic
for new phrasings; it guards against regressions and shows which signals are thin.

`evals/signals/contrasts.jsonl` was written later, by three more helpers who saw only the signal
definitions: for six signals, 120 sentences that carry it and 200 near misses on the same topic
that do not ("Shearing is once a year, but it's our main income event"; "A mate said get AI to do
it"). Near misses count as "none". The too_risky and no_value cues were changed after reading the
first 60 positives of each signal and the near misses; the last 60 positives of each signal were
not read, so `--set contrasts` reports recall on them separately ("unread").

Run: ``uv run --frozen python -m evals.signals_eval`` (``--misses LABEL`` lists what a cue misses).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from agents import cues

DATA = Path(__file__).resolve().parent / "signals" / "sentences.jsonl"
CONTRASTS = DATA.with_name("contrasts.jsonl")
READ_PER_SIGNAL = 60  # positives per signal in contrasts.jsonl read while changing the cues
# Labels that are not workflow signals, and the cue that stands for each.
OTHER_CUES = {"change_agreed": cues.CHANGE_AGREED, "vague": cues.VAGUE}


def load(path: Path = DATA) -> list[tuple[str, str]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                row = json.loads(line)
                rows.append((str(row["text"]), str(row["label"])))
            except (ValueError, KeyError) as exc:
                raise ValueError(f"{path.name} line {number}: {exc}") from exc
    return rows


def unread(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The contrast positives past the first READ_PER_SIGNAL of each signal."""
    seen: Counter[str] = Counter()
    kept = []
    for text, label in rows:
        if label != "none":
            seen[label] += 1
            if seen[label] > READ_PER_SIGNAL:
                kept.append((text, label))
    return kept


def fired(text: str) -> set[str]:
    """Every signal (and agreement or vagueness) whose cue matches the sentence."""
    found = set(cues.signals_in(text))
    return found | {name for name, pattern in OTHER_CUES.items() if pattern.search(text)}


def evaluate(rows: list[tuple[str, str]]) -> dict[str, Any]:
    """Recall per label, and false alarms: signals fired on sentences labelled otherwise."""
    totals: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    alarms: Counter[str] = Counter()
    misses: dict[str, list[str]] = {}
    labelled = set(cues.SIGNALS) | set(OTHER_CUES)
    ordinary_alarmed = 0
    for text, label in rows:
        totals[label] += 1
        found = fired(text)
        if label in found:
            caught[label] += 1
        elif label in labelled:
            misses.setdefault(label, []).append(text)
        # The weaker doubts are read only for ideas for AI; they are not claims of their own.
        wrong = found - {label, "high_stakes", "low_effort"}
        for other in wrong:
            alarms[other] += 1
        ordinary_alarmed += label == "none" and bool(wrong)
    return {
        "sentences": len(rows),
        "recall": {
            label: round(caught[label] / totals[label], 3)
            for label in sorted(totals)
            if label != "none"
        },
        "false_alarms": dict(sorted(alarms.items())),
        "none_false_alarm_rate": round(ordinary_alarmed / totals["none"], 3)
        if totals["none"]
        else None,
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", metavar="LABEL", help="list the sentences a cue misses")
    parser.add_argument("--set", choices=("paraphrases", "contrasts"), default="paraphrases")
    args = parser.parse_args(argv)
    rows = load(CONTRASTS if args.set == "contrasts" else DATA)
    result = evaluate(rows)
    print(f"{result['sentences']} sentences")
    if args.set == "contrasts":
        for label, recall in evaluate(unread(rows))["recall"].items():
            print(f"  {label:16} recall on the unread positives {recall:.3f}")
    for label, recall in result["recall"].items():
        print(
            f"  {label:16} recall {recall:.3f}   false alarms {result['false_alarms'].get(label, 0)}"
        )
    print(f"  ordinary sentences with any signal: {result['none_false_alarm_rate']:.3f}")
    if args.misses:
        for text in result["misses"].get(args.misses, []):
            print(f"    - {text}")


if __name__ == "__main__":
    main()
