"""The roadmap editor's logic: the roadmap's sections, the values each section's form starts from,
applying an edited section to a roadmap (validated with the pydantic `Roadmap` model), a stable
text rendering of a roadmap, and the diff between two versions.

Everything a consultant types is kept as plain text: markdown or HTML in an edit is stored as
typed and escaped wherever it is shown (`agents.render`). List items are edited one per line; a
line may start with `[now]`, `[next]` or `[later]` to set its phase. An item whose line is kept
(or edited in place) keeps its workflow, owner, metric, evidence and guidance.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from pydantic import ValidationError

from agents.contracts import ITEM_SECTIONS as ROADMAP_ITEM_SECTIONS
from agents.contracts import ROADMAP_SECTIONS, Roadmap
from agents.state import VERDICTS

SECTIONS = ROADMAP_SECTIONS
SECTION_LABELS: dict[str, str] = dict(SECTIONS)
ITEM_SECTIONS: tuple[str, ...] = tuple(key for key, _ in ROADMAP_ITEM_SECTIONS)
RECOMMENDATIONS: tuple[str, ...] = ("implementation_ready", "strategy_first")
APPROACHES: tuple[str, ...] = (
    "ai",
    "plain_automation",
    "process_repair",
    "decide_in_strategy",
    "not_yet",
)
PHASES: tuple[str, ...] = ("now", "next", "later")
VERDICT_CHOICES: tuple[str, ...] = VERDICTS
MAX_FIELD_CHARS = 4000
MAX_ITEMS = 100

EMPTY_SUMMARY = (
    "The summary cannot be empty: write at least one sentence for the client. "
    "(Lists such as quick wins may be left empty.)"
)

_PHASE_PREFIX = re.compile(r"^\[(now|next|later)\]\s*", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class EditProblem(ValueError):
    """An edit that cannot be saved; the message says what to fix."""


@dataclass(frozen=True, slots=True)
class SummaryEdit:
    summary: str
    overall_recommendation: str
    reasons: str  # one per line


@dataclass(frozen=True, slots=True)
class WorkflowEdit:
    name: str
    process: str
    owner: str
    data_sources: str  # one per line
    risks: str  # one per line
    success_metric: str
    verdict: str
    approach: str
    rationale: str
    priority: int
    remove: bool = False


SectionEdit = SummaryEdit | Sequence[WorkflowEdit] | str


# -- text helpers ---------------------------------------------------------------------------------


def clean_text(value: object, label: str, *, required: bool = False) -> str:
    """Stored as typed (markup included), without control characters or outer spaces."""
    text = _CONTROL.sub("", value if isinstance(value, str) else "").replace("\r\n", "\n")
    text = text.strip()
    if len(text) > MAX_FIELD_CHARS:
        raise EditProblem(
            f"{label} is {len(text):,} characters; the limit is {MAX_FIELD_CHARS:,}. "
            "Shorten it and save again."
        )
    if required and not text:
        raise EditProblem(f"{label} cannot be empty.")
    return text


def text_lines(value: object, label: str) -> list[str]:
    lines = [line.strip() for line in clean_text(value, label).splitlines()]
    lines = [line for line in lines if line]
    if len(lines) > MAX_ITEMS:
        raise EditProblem(f"{label} has {len(lines)} lines; at most {MAX_ITEMS} are allowed.")
    return lines


def one_line(text: str) -> str:
    return " ".join(str(text).split())


# -- form starting values ------------------------------------------------------------------------


def summary_form(content: dict[str, Any]) -> SummaryEdit:
    return SummaryEdit(
        summary=str(content.get("summary", "")),
        overall_recommendation=str(content.get("overall_recommendation", "strategy_first")),
        reasons="\n".join(one_line(r) for r in content.get("reasons", [])),
    )


def workflow_forms(content: dict[str, Any]) -> list[WorkflowEdit]:
    return [
        WorkflowEdit(
            name=str(w.get("name", "")),
            process=str(w.get("process", "")),
            owner=str(w.get("owner", "")),
            data_sources="\n".join(one_line(s) for s in w.get("data_sources", [])),
            risks="\n".join(one_line(r) for r in w.get("risks", [])),
            success_metric=str(w.get("success_metric", "")),
            verdict=str(w.get("verdict", "strategy_first")),
            approach=str(w.get("approach", "ai")),
            rationale=str(w.get("rationale", "")),
            priority=int(w.get("priority", 0) or 0),
        )
        for w in content.get("workflows", [])
    ]


def items_text(items: Sequence[dict[str, Any]]) -> str:
    """One line per item; `[phase] ` in front when the item has a phase."""
    lines = []
    for item in items:
        phase = item.get("phase")
        lines.append((f"[{phase}] " if phase else "") + one_line(item.get("text", "")))
    return "\n".join(lines)


def parse_items(text: str, old_items: Sequence[dict[str, Any]], label: str) -> list[dict[str, Any]]:
    """Items from the edited lines. A line equal to an old item's text keeps that item's details;
    otherwise the line at the same position inherits the old item's details (edited in place);
    any other line is a new item with no details."""
    parsed: list[tuple[str | None, str]] = []
    for line in text_lines(text, label):
        match = _PHASE_PREFIX.match(line)
        phase = match.group(1).lower() if match else None
        body = line[match.end() :].strip() if match else line
        if not body:
            continue
        parsed.append((phase, body))
    used: set[int] = set()
    chosen: list[int | None] = [None] * len(parsed)
    for i, (_, body) in enumerate(parsed):
        for j, old in enumerate(old_items):
            if j not in used and one_line(old.get("text", "")) == body:
                chosen[i] = j
                used.add(j)
                break
    for i in range(len(parsed)):
        if chosen[i] is None and i < len(old_items) and i not in used:
            chosen[i] = i
            used.add(i)
    items: list[dict[str, Any]] = []
    for (phase, body), index in zip(parsed, chosen, strict=True):
        base = dict(old_items[index]) if index is not None else {}
        base.update(text=body, phase=phase)
        items.append(base)
    return items


# -- applying an edit ----------------------------------------------------------------------------


def _friendly(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors()[:5]:
        parts: list[str] = []
        loc = list(error.get("loc", ()))
        if loc and isinstance(loc[0], str):
            parts.append(SECTION_LABELS.get(loc[0], loc[0].replace("_", " ")))
            loc = loc[1:]
        if loc and isinstance(loc[0], int):
            parts.append(f"item {loc[0] + 1}")
            loc = loc[1:]
        parts += [str(x).replace("_", " ") for x in loc]
        problems.append(f"{' › '.join(parts) or 'roadmap'}: {error.get('msg', 'invalid')}")
    more = len(exc.errors()) - len(problems)
    return (
        "This edit cannot be saved — " + "; ".join(problems) + (f" (+{more} more)" if more else "")
    )


def validate(content: dict[str, Any]) -> Roadmap:
    """The roadmap as the pydantic model, or `EditProblem` with a readable message."""
    try:
        roadmap = Roadmap.model_validate(content)
    except ValidationError as exc:
        raise EditProblem(_friendly(exc)) from None
    if not roadmap.summary.strip():
        raise EditProblem(EMPTY_SUMMARY)
    return roadmap


def _apply_summary(content: dict[str, Any], edit: SummaryEdit) -> None:
    summary = clean_text(edit.summary, "The summary")
    if not summary:
        raise EditProblem(EMPTY_SUMMARY)
    if edit.overall_recommendation not in RECOMMENDATIONS:
        raise EditProblem(
            f"The overall recommendation must be one of {', '.join(RECOMMENDATIONS)}."
        )
    content["summary"] = summary
    content["overall_recommendation"] = edit.overall_recommendation
    content["reasons"] = text_lines(edit.reasons, "Reasons")


def _apply_workflows(content: dict[str, Any], edits: Sequence[WorkflowEdit]) -> None:
    old = list(content.get("workflows", []))
    if len(edits) != len(old):
        raise EditProblem(
            "The workflows changed while you were editing; reload the page and edit again."
        )
    updated = []
    for number, (edit, previous) in enumerate(zip(edits, old, strict=True), start=1):
        if edit.remove:
            continue
        label = f"Workflow {number}"
        if edit.verdict not in VERDICT_CHOICES:
            raise EditProblem(f"{label}: the verdict must be one of {', '.join(VERDICT_CHOICES)}.")
        if edit.approach not in APPROACHES:
            raise EditProblem(f"{label}: the approach must be one of {', '.join(APPROACHES)}.")
        workflow = dict(previous)
        workflow.update(
            name=clean_text(edit.name, f"{label}: the name", required=True),
            process=clean_text(edit.process, f"{label}: how it runs"),
            owner=clean_text(edit.owner, f"{label}: the owner"),
            data_sources=text_lines(edit.data_sources, f"{label}: data sources"),
            risks=text_lines(edit.risks, f"{label}: risks"),
            success_metric=clean_text(edit.success_metric, f"{label}: the success metric"),
            verdict=edit.verdict,
            approach=edit.approach,
            rationale=clean_text(edit.rationale, f"{label}: the rationale"),
            priority=max(0, int(edit.priority)),
        )
        updated.append(workflow)
    content["workflows"] = updated


def apply_edit(
    content: dict[str, Any], section: str, edit: SectionEdit
) -> tuple[Roadmap, list[str]]:
    """The roadmap with `section` replaced by `edit` (validated), and notices for the user."""
    if section not in SECTION_LABELS:
        raise EditProblem(f"There is no roadmap section called {section!r}.")
    new = cast(dict[str, Any], Roadmap.model_validate(content).model_dump(mode="json"))
    notices: list[str] = []
    if section == "summary":
        if not isinstance(edit, SummaryEdit):
            raise TypeError("the summary section takes a SummaryEdit")
        _apply_summary(new, edit)
    elif section == "workflows":
        if isinstance(edit, str | SummaryEdit):
            raise TypeError("the workflows section takes a list of WorkflowEdit")
        _apply_workflows(new, list(edit))
        if not new["workflows"]:
            notices.append("Priority workflows is now empty (allowed).")
    else:
        if not isinstance(edit, str):
            raise TypeError(f"the {section} section takes text, one item per line")
        label = SECTION_LABELS[section]
        new[section] = parse_items(edit, new.get(section, []), label)
        if not new[section]:
            notices.append(f"{label} is now empty (allowed).")
    return validate(new), notices


# -- stable text and diffs -----------------------------------------------------------------------


def _item_line(item: dict[str, Any]) -> list[str]:
    phase = f"[{item['phase']}] " if item.get("phase") else ""
    lines = [f"  - {phase}{one_line(item.get('text', ''))}"]
    for key, label in (
        ("workflow", "workflow"),
        ("owner", "owner"),
        ("success_metric", "success metric"),
    ):
        if item.get(key):
            lines.append(f"      {label}: {one_line(item[key])}")
    return lines


def roadmap_text(content: dict[str, Any]) -> str:
    """A stable, line-per-fact text rendering of a roadmap (for diffs between versions)."""
    out = [
        f"Overall recommendation: {content.get('overall_recommendation', '')}",
        f"Summary: {one_line(content.get('summary', ''))}",
    ]
    out += [f"Reason: {one_line(r)}" for r in content.get("reasons", [])]
    out.append(f"{SECTION_LABELS['workflows']}:")
    if not content.get("workflows"):
        out.append("  (none)")
    for number, w in enumerate(content.get("workflows", []), start=1):
        out.append(f"  Workflow {number}: {one_line(w.get('name', ''))}")
        for key, label in (
            ("priority", "priority"),
            ("verdict", "verdict"),
            ("approach", "approach"),
            ("process", "how it runs"),
            ("owner", "owner"),
            ("data_sources", "data sources"),
            ("risks", "risks"),
            ("success_metric", "success metric"),
            ("rationale", "rationale"),
        ):
            value = w.get(key, "")
            shown = "; ".join(one_line(v) for v in value) if isinstance(value, list) else value
            out.append(f"    {label}: {one_line(str(shown))}")
        for ev in w.get("evidence", []):
            out.append(f"    evidence: turn {ev.get('turn')} “{one_line(ev.get('quote', ''))}”")
        for g in w.get("guidance", []):
            out.append(f"    guidance: {one_line(g.get('title', ''))} [{g.get('doc_id', '')}]")
    for key in ITEM_SECTIONS:
        out.append(f"{SECTION_LABELS[key]}:")
        items = content.get(key, [])
        if not items:
            out.append("  (none)")
        for item in items:
            out += _item_line(item)
    provenance = content.get("provenance") or {}
    out.append(
        "Provenance: "
        + ", ".join(
            f"{k} {provenance.get(k, '')}"
            for k in ("model", "prompt_version", "knowledge_version", "generated_at")
        )
    )
    return "\n".join(out) + "\n"


def diff_text(old: dict[str, Any], new: dict[str, Any], *, old_label: str, new_label: str) -> str:
    """A unified diff of the two versions' stable text ("" when they say the same)."""
    return "\n".join(
        difflib.unified_diff(
            roadmap_text(old).splitlines(),
            roadmap_text(new).splitlines(),
            fromfile=old_label,
            tofile=new_label,
            lineterm="",
            n=2,
        )
    )


def changed_sections(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Keys of the sections that differ between two versions (summary covers its reasons)."""
    changed = []
    for key, _ in SECTIONS:
        if key == "summary":
            fields = ("summary", "overall_recommendation", "reasons")
            if any(old.get(f) != new.get(f) for f in fields):
                changed.append(key)
        elif old.get(key) != new.get(key):
            changed.append(key)
    return changed


__all__ = [
    "APPROACHES",
    "EMPTY_SUMMARY",
    "ITEM_SECTIONS",
    "PHASES",
    "RECOMMENDATIONS",
    "SECTIONS",
    "SECTION_LABELS",
    "VERDICT_CHOICES",
    "EditProblem",
    "SummaryEdit",
    "WorkflowEdit",
    "apply_edit",
    "changed_sections",
    "diff_text",
    "items_text",
    "parse_items",
    "roadmap_text",
    "summary_form",
    "validate",
    "workflow_forms",
]
