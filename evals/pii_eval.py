"""PII evaluation: precision, recall and F2 per entity type on three datasets.

- evals/pii/nz_conversational.jsonl — the team's New Zealand chat sentences with planted PII;
- ../shared/data/pii/synth_dataset_v2.json — presidio-research synthetic sentences (MIT);
- ../shared/data/pii/emerging.dev.conll — WNUT-17 dev, lower-case social text (CC-BY-4.0).

A gold entity counts as found when a prediction of the same type covers at least half of it;
a prediction counts as correct when it overlaps a gold entity of its type. Predictions that
overlap a gold span of a type we do not redact (organisation, title, ...) are neutral.
"leaked" counts gold entities of any type not completely covered by some redaction.
F2 weighs recall four times as much as precision: a missed name costs more than a redacted word.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from discovery.settings import PROJECT_ROOT
from privacy import Redactor, get_redactor

SHARED_PII = PROJECT_ROOT.parent / "shared" / "data" / "pii"
NZ_SET = PROJECT_ROOT / "evals" / "pii" / "nz_conversational.jsonl"
SYNTH_MAP = {
    "PERSON": "PERSON", "GPE": "LOCATION", "STREET_ADDRESS": "STREET_ADDRESS",
    "PHONE_NUMBER": "PHONE_NUMBER", "EMAIL_ADDRESS": "EMAIL_ADDRESS", "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN_CODE", "IP_ADDRESS": "IP_ADDRESS", "DOMAIN_NAME": "URL",
}  # fmt: skip
WNUT_MAP = {"person": "PERSON", "location": "LOCATION"}


@dataclass(frozen=True)
class Span:
    type: str  # mapped type, or "IGNORED:<original>" for types we do not redact
    start: int
    end: int


@dataclass
class Example:
    id: str
    text: str
    gold: list[Span]


@dataclass
class Scores:
    tp_gold: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    support: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    tp_pred: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    predicted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    leaked: int = 0
    gold_total: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    false_positives: list[tuple[str, str, str]] = field(default_factory=list)

    def table(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        types = sorted(set(self.support) | set(self.predicted))
        for t in [*types, "ALL"]:
            if t == "ALL":
                sup, tpg = sum(self.support.values()), sum(self.tp_gold.values())
                pred, tpp = sum(self.predicted.values()), sum(self.tp_pred.values())
            else:
                sup, tpg, pred, tpp = (
                    self.support[t],
                    self.tp_gold[t],
                    self.predicted[t],
                    self.tp_pred[t],
                )
            recall = tpg / sup if sup else float("nan")
            precision = tpp / pred if pred else float("nan")
            f2 = (
                (5 * precision * recall / (4 * precision + recall))
                if sup and pred and (precision + recall)
                else 0.0
            )
            out[t] = {
                "support": sup,
                "predicted": pred,
                "precision": precision,
                "recall": recall,
                "f2": f2,
            }
        return out


def load_nz(path: Path = NZ_SET) -> list[Example]:
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold = [Span(e["type"], e["start"], e["end"]) for e in row["entities"]]
        examples.append(Example(row["id"], row["text"], gold))
    return examples


def load_synth(path: Path = SHARED_PII / "synth_dataset_v2.json") -> list[Example]:
    examples = []
    for i, row in enumerate(json.loads(path.read_text(encoding="utf-8"))):
        gold = [
            Span(
                SYNTH_MAP.get(s["entity_type"], "IGNORED:" + s["entity_type"]),
                s["start_position"],
                s["end_position"],
            )
            for s in row["spans"]
        ]
        examples.append(Example(f"synth-{i}", row["full_text"], gold))
    return examples


def load_conll(path: Path = SHARED_PII / "emerging.dev.conll") -> list[Example]:
    examples: list[Example] = []
    tokens: list[tuple[str, str]] = []

    def flush() -> None:
        if not tokens:
            return
        text, gold, pos = "", [], 0
        current: list[int] | None = None
        current_type = ""
        for word, tag in tokens:
            start = pos
            text += word + " "
            pos += len(word) + 1
            if tag.startswith("B-"):
                if current:
                    gold.append(Span(current_type, current[0], current[1]))
                raw = tag[2:]
                current_type = WNUT_MAP.get(raw, "IGNORED:" + raw)
                current = [start, start + len(word)]
            elif tag.startswith("I-") and current:
                current[1] = start + len(word)
            else:
                if current:
                    gold.append(Span(current_type, current[0], current[1]))
                current = None
        if current:
            gold.append(Span(current_type, current[0], current[1]))
        examples.append(Example(f"wnut-{len(examples)}", text.rstrip(), gold))
        tokens.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
            continue
        parts = line.split("\t")
        if len(parts) >= 2:
            tokens.append((parts[0], parts[-1]))
    flush()
    return examples


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def score(examples: Iterable[Example], redactor: Redactor) -> Scores:
    s = Scores()
    for ex in examples:
        predicted = [Span(e.type, e.start, e.end) for e in redactor.analyze(ex.text)]
        for g in ex.gold:
            s.gold_total += 1
            covered = sum(
                1 for i in range(g.start, g.end) if any(p.start <= i < p.end for p in predicted)
            )
            if covered < len(ex.text[g.start : g.end].rstrip()):
                s.leaked += 1
            if g.type.startswith("IGNORED:"):
                continue
            s.support[g.type] += 1
            if any(p.type == g.type and _overlap(p, g) * 2 >= g.end - g.start for p in predicted):
                s.tp_gold[g.type] += 1
            else:
                s.misses.append((g.type, ex.text[g.start : g.end], ex.text))
        for p in predicted:
            if any(g.type.startswith("IGNORED:") and _overlap(p, g) for g in ex.gold):
                continue
            s.predicted[p.type] += 1
            if any(g.type == p.type and _overlap(p, g) for g in ex.gold):
                s.tp_pred[p.type] += 1
            else:
                s.false_positives.append((p.type, ex.text[p.start : p.end], ex.text))
    return s


def format_table(name: str, scores: Scores) -> str:
    lines = [f"\n{name}", f"{'type':<20}{'support':>8}{'pred':>7}{'prec':>8}{'recall':>8}{'F2':>7}"]
    for t, row in scores.table().items():
        lines.append(
            f"{t:<20}{row['support']:>8}{row['predicted']:>7}{row['precision']:>8.3f}{row['recall']:>8.3f}{row['f2']:>7.3f}"
        )
    lines.append(f"leaked (any type, not fully covered): {scores.leaked}/{scores.gold_total}")
    return "\n".join(lines)


DATASETS = {"nz": load_nz, "synth": load_synth, "wnut": load_conll}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", nargs="*", default=list(DATASETS), choices=list(DATASETS))
    parser.add_argument(
        "--show-errors", type=int, default=0, help="print this many misses and false positives"
    )
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    redactor = get_redactor()
    report: dict[str, dict[str, dict[str, float]]] = {}
    for name in args.datasets:
        scores = score(DATASETS[name](), redactor)
        report[name] = scores.table()
        print(format_table(name, scores))
        for kind, rows in (("MISS", scores.misses), ("FP", scores.false_positives)):
            for t, value, text in rows[: args.show_errors]:
                print(f"  {kind} {t}: {value!r} in {text[:140]!r}")
    print(
        "\nSources: presidio-research synth_dataset_v2 (MIT); WNUT-17 emerging entities (CC-BY-4.0)."
    )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
