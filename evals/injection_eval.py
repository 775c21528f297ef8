"""Prompt-injection detector evaluation on public datasets (read at run time, never copied).

Datasets, under ``../shared/data/injection`` relative to the project root:

- deepset/prompt-injections, train split (Apache-2.0): ``{text, label}``, 1 = injection.
  Reported on two halves split by a stable hash of the text ("dev": the half the rules were
  developed against; "held-out": not looked at while writing rules) and on the whole set.
- NotInject one/two/three from leolee99/InjecGuard (MIT): benign prompts full of trigger words
  (``ignore``, ``override``, ...). Every record is benign, so only the false-positive rate applies.
- microsoft/BIPIA (MIT), email task: every attack in ``text_attack_train.json`` hidden inside every
  email body in ``email_train.jsonl`` at the start, at a sentence boundary in the middle, and at the
  end (joined with a space, as BIPIA's own insertion does). Recall over those; false-positive rate
  on the emails alone.

Latency is measured per message over the deepset and NotInject texts.

Run: ``uv run --frozen python -m evals.injection_eval`` (``--show-errors N`` lists dev-half misses).

Measured with the rules frozen (threshold 0.5):

    deepset dev half       recall 0.927  FPR 0.000  precision 1.000   (281 records)
    deepset held-out half  recall 0.681  FPR 0.000  precision 1.000   (265 records)
    deepset all            recall 0.813  FPR 0.000  precision 1.000   (546 records)
    NotInject 1+2+3        FPR 0.000                                  (339 records)
    BIPIA attacks in email recall 0.893 (75 attacks x 50 emails x 3 positions); emails alone FPR 0.000
    latency                p50 ~0.12 ms, p95 ~0.6 ms per message; a 100 KB paste ~0.3 s

Kinds of misses (categories, not records; the rules were not tuned to the held-out half):

- persona or role assignment with no override language ("You are <brand>. What do you think of
  ...", "Be a DJ", "Imagine you are ...") - scored below the threshold on purpose, because role
  words alone are ordinary talk ("act as a sounding board"). The README's caveat applies: deepset
  labels "act as an interviewer" an attack, which is this product's own role.
- override phrasings outside the verb-object templates: German verb-final word order, declaring
  earlier input irrelevant, "change your instructions to ...", "despite what you've been told";
- task switches after praise phrased without "now + verb", few-shot "Input: ... Output: ..."
  priming, fake "Context/Document ... Question" fields, threats and emotional pressure;
- output instructions typed directly in chat ("include X in your answer") - weak outside pasted
  content by design;
- transliterated or non-Latin-script attacks (Hindi in Latin letters, Khmer), keyword-trap games;
- records whose label depends on the original app's context (benign-looking questions, "generate
  c++");
- BIPIA: plain general-knowledge questions hidden in an email ("What is the capital of Brazil?"):
  without knowing the user's request a regex cannot tell them from the sender's own questions
  (8 of 75 attacks: most of Information Retrieval, 2 each of Tutoring and Programming Help).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from agents.injection import InjectionDetector, InjectionVerdict
from discovery.settings import PROJECT_ROOT

SHARED_INJECTION = PROJECT_ROOT.parent / "shared" / "data" / "injection"
DEEPSET = "deepset-train.jsonl"
NOTINJECT = ("NotInject_one.json", "NotInject_two.json", "NotInject_three.json")
BIPIA_ATTACKS = "text_attack_train.json"
BIPIA_EMAILS = "email_train.jsonl"
POSITIONS = ("start", "middle", "end")
CREDITS = (
    "Data: deepset/prompt-injections (Apache-2.0); NotInject from leolee99/InjecGuard (MIT); "
    "microsoft/BIPIA email task (MIT)."
)

Check = Callable[[str], InjectionVerdict]


def data_available(root: Path = SHARED_INJECTION) -> bool:
    needed = [DEEPSET, *NOTINJECT, BIPIA_ATTACKS, BIPIA_EMAILS]
    return all((root / name).is_file() for name in needed)


def split_of(text: str) -> str:
    """Stable half of a record: 'dev' or 'heldout' by the parity of its text's SHA-256."""
    return (
        "dev" if int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "heldout"
    )


# -- loaders ------------------------------------------------------------------------------------


def load_deepset(root: Path = SHARED_INJECTION) -> list[tuple[str, int]]:
    rows = []
    with (root / DEEPSET).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                rows.append((str(record["text"]), int(record["label"])))
    return rows


def load_notinject(root: Path = SHARED_INJECTION) -> list[tuple[str, str]]:
    rows = []
    for name in NOTINJECT:
        for record in json.loads((root / name).read_text(encoding="utf-8")):
            rows.append((str(record["prompt"]), str(record.get("category", ""))))
    return rows


def load_bipia(root: Path = SHARED_INJECTION) -> tuple[list[tuple[str, str]], list[str]]:
    """(category, attack) pairs and the email bodies (the ``context`` field)."""
    raw = json.loads((root / BIPIA_ATTACKS).read_text(encoding="utf-8"))
    attacks = [(str(cat), str(a)) for cat, items in raw.items() for a in items]
    emails = []
    with (root / BIPIA_EMAILS).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                emails.append(str(json.loads(line)["context"]))
    return attacks, emails


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)|\n+")


def embed(email: str, attack: str, position: str) -> str:
    """Hide ``attack`` in ``email``: at the start, at the sentence boundary nearest the middle, or
    at the end, joined with a space (BIPIA inserts the same way)."""
    if position == "start":
        return f"{attack} {email}"
    if position == "end":
        return f"{email} {attack}"
    boundaries = [m.end() for m in _SENTENCE_END.finditer(email)]
    cut = min(boundaries, key=lambda b: abs(b - len(email) / 2)) if boundaries else len(email) // 2
    return " ".join([email[:cut].rstrip(), attack, email[cut:].lstrip()])


# -- scoring ------------------------------------------------------------------------------------


def _binary(pairs: Sequence[tuple[bool, int]]) -> dict[str, float]:
    tp = sum(1 for flagged, label in pairs if flagged and label == 1)
    fp = sum(1 for flagged, label in pairs if flagged and label == 0)
    pos = sum(1 for _f, label in pairs if label == 1)
    neg = len(pairs) - pos
    return {
        "n_pos": pos,
        "n_neg": neg,
        "tp": tp,
        "fp": fp,
        "recall": tp / pos if pos else float("nan"),
        "fpr": fp / neg if neg else float("nan"),
        "precision": tp / (tp + fp) if tp + fp else float("nan"),
    }


def _percentiles(seconds: Sequence[float]) -> dict[str, float]:
    ms = sorted(t * 1000 for t in seconds)
    if not ms:
        return {"n": 0, "p50": float("nan"), "p95": float("nan"), "max": float("nan")}
    return {
        "n": len(ms),
        "p50": statistics.median(ms),
        "p95": ms[min(len(ms) - 1, int(0.95 * len(ms)))],
        "max": ms[-1],
    }


def evaluate(
    detector: InjectionDetector | Check,
    root: Path = SHARED_INJECTION,
    *,
    positions: Sequence[str] = POSITIONS,
    email_step: int = 1,
    keep_errors: bool = False,
) -> dict[str, Any]:
    """Every figure in the report, as a dict (tests gate on it).

    ``positions`` and ``email_step`` (use every n-th email) shrink the BIPIA grid for quick gates;
    the defaults are the full grid: every attack in every email at every position.
    """
    check: Check = detector.check if isinstance(detector, InjectionDetector) else detector
    wall: list[float] = []
    cpu: list[float] = []

    def timed(text: str) -> InjectionVerdict:
        c0, t0 = time.process_time(), time.perf_counter()
        verdict = check(text)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        return verdict

    out: dict[str, Any] = {}

    # deepset
    by_split: dict[str, list[tuple[bool, int]]] = defaultdict(list)
    errors: dict[str, list[tuple[str, str, tuple[str, ...]]]] = defaultdict(list)
    for text, label in load_deepset(root):
        verdict = timed(text)
        split = split_of(text)
        by_split[split].append((verdict.flagged, label))
        by_split["all"].append((verdict.flagged, label))
        if keep_errors and verdict.flagged != bool(label):
            kind = "miss" if label else "false_positive"
            errors[f"deepset_{split}_{kind}"].append(
                (text, f"{verdict.score:.2f}", verdict.reasons)
            )
    out["deepset"] = {split: _binary(by_split[split]) for split in ("dev", "heldout", "all")}

    # NotInject
    ni = load_notinject(root)
    ni_flags: dict[str, list[bool]] = defaultdict(list)
    for text, category in ni:
        verdict = timed(text)
        ni_flags[category].append(verdict.flagged)
        if keep_errors and verdict.flagged:
            errors["notinject_false_positive"].append(
                (text, f"{verdict.score:.2f}", verdict.reasons)
            )
    all_ni = [f for flags in ni_flags.values() for f in flags]
    out["notinject"] = {
        "n": len(all_ni),
        "fp": sum(all_ni),
        "fpr": sum(all_ni) / len(all_ni) if all_ni else float("nan"),
        "by_category": {c: sum(f) / len(f) for c, f in sorted(ni_flags.items())},
    }

    # BIPIA (email task)
    attacks, emails = load_bipia(root)
    emails = emails[:: max(1, email_step)]
    email_flags = [check(email).flagged for email in emails]
    if keep_errors:
        for email, flagged in zip(emails, email_flags, strict=True):
            if flagged:
                verdict = check(email)
                errors["bipia_email_false_positive"].append(
                    (email, f"{verdict.score:.2f}", verdict.reasons)
                )
    by_position: dict[str, list[bool]] = defaultdict(list)
    by_category: dict[str, list[bool]] = defaultdict(list)
    attack_caught: dict[str, list[bool]] = defaultdict(list)
    for category, attack in attacks:
        for email in emails:
            for position in positions:
                flagged = check(embed(email, attack, position)).flagged
                by_position[position].append(flagged)
                by_category[category].append(flagged)
                attack_caught[attack].append(flagged)
    everything = [f for flags in by_position.values() for f in flags]
    out["bipia"] = {
        "n_attacks": len(attacks),
        "n_emails": len(emails),
        "n_embedded": len(everything),
        "recall": sum(everything) / len(everything) if everything else float("nan"),
        "attack_recall": (
            sum(1 for flags in attack_caught.values() if sum(flags) * 2 > len(flags))
            / len(attack_caught)
            if attack_caught
            else float("nan")
        ),
        "by_position": {p: sum(f) / len(f) for p, f in by_position.items()},
        "by_category": {c: sum(f) / len(f) for c, f in by_category.items()},
        "email_fp": sum(email_flags),
        "email_fpr": sum(email_flags) / len(email_flags) if email_flags else float("nan"),
    }
    if keep_errors:
        for attack, flags in attack_caught.items():
            if sum(flags) * 2 <= len(flags):
                errors["bipia_missed_attack"].append((attack, f"{sum(flags)}/{len(flags)}", ()))

    out["latency_ms"] = _percentiles(wall)
    out["cpu_ms"] = _percentiles(cpu)
    if keep_errors:
        out["errors"] = dict(errors)
    return out


# -- report -------------------------------------------------------------------------------------


def format_report(r: dict[str, Any]) -> str:
    lines = ["Prompt-injection detector (agents/injection.py)", ""]
    lines.append(f"{'dataset':<30}{'n':>7}{'recall':>9}{'FPR':>8}{'precision':>11}")
    for split, label in (("dev", "dev half"), ("heldout", "held-out half"), ("all", "all")):
        d = r["deepset"][split]
        n = d["n_pos"] + d["n_neg"]
        lines.append(
            f"{'deepset-train ' + label:<30}{n:>7}{d['recall']:>9.3f}{d['fpr']:>8.3f}{d['precision']:>11.3f}"
        )
    ni = r["notinject"]
    lines.append(
        f"{'NotInject 1+2+3 (all benign)':<30}{ni['n']:>7}{'-':>9}{ni['fpr']:>8.3f}{'-':>11}"
    )
    b = r["bipia"]
    lines.append(
        f"{'BIPIA attacks in emails':<30}{b['n_embedded']:>7}{b['recall']:>9.3f}{'-':>8}{'-':>11}"
    )
    lines.append(
        f"{'BIPIA emails alone':<30}{b['n_emails']:>7}{'-':>9}{b['email_fpr']:>8.3f}{'-':>11}"
    )
    lines.append("")
    pos = ", ".join(f"{k} {v:.3f}" for k, v in b["by_position"].items())
    lines.append(f"BIPIA recall by position: {pos}")
    lines.append(
        f"BIPIA attacks caught in most placements: {b['attack_recall']:.3f} of {b['n_attacks']}"
    )
    lines.append("BIPIA recall by attack category:")
    for category, value in sorted(b["by_category"].items(), key=lambda kv: kv[1]):
        lines.append(f"  {category:<28}{value:>7.3f}")
    lines.append("NotInject false-positive rate by category:")
    for category, value in ni["by_category"].items():
        lines.append(f"  {category:<28}{value:>7.3f}")
    for key, label in (("latency_ms", "wall clock"), ("cpu_ms", "CPU time")):
        lat = r[key]
        lines.append(
            f"Latency per message ({label}, {lat['n']} deepset + NotInject messages): "
            f"p50 {lat['p50']:.3f} ms, p95 {lat['p95']:.3f} ms, max {lat['max']:.3f} ms"
        )
    lines.append("")
    lines.append(CREDITS)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--show-errors",
        type=int,
        default=0,
        help="list this many dev-half misses/false positives, NotInject and BIPIA errors",
    )
    parser.add_argument(
        "--show-heldout", action="store_true", help="also list held-out errors (spoils the half)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not data_available():
        print(f"datasets not found under {SHARED_INJECTION}")
        return 2
    result = evaluate(InjectionDetector(), keep_errors=bool(args.show_errors))
    errors = result.pop("errors", {})
    print(json.dumps(result, indent=2) if args.json else format_report(result))
    for kind, items in errors.items():
        if "heldout" in kind and not args.show_heldout:
            continue
        print(f"\n== {kind} ({len(items)})")
        for text, score, reasons in items[: args.show_errors]:
            print(f"  [{score}] {text[:200]!r} {list(reasons)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
