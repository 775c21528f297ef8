"""A neutral document model of a roadmap: what the client document says, in the brief's order.

Each renderer (markdown, docx, pdf) walks the same `Document`, so the formats never disagree.
All text is plain: renderers must show it literally (no markup is ever interpreted).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from agents.contracts import ITEM_SECTIONS
from exports.chart import ReadinessRow, readiness

TITLE = "AI roadmap"
DRAFT_NOTICE = "DRAFT – not approved by a consultant"
APPROVED_NOTICE = "Approved by a consultant"

VERDICTS = {
    "implementation_ready": "Ready to implement",
    "strategy_first": "Strategy first",
    "fix_process_first": "Fix the process first",
    "avoid_ai_for_now": "Avoid AI for now",
}
APPROACHES = {
    "ai": "AI",
    "plain_automation": "Plain automation",
    "process_repair": "Process repair",
    "decide_in_strategy": "Decide in a strategy session",
    "not_yet": "Not yet",
}
PHASES = (("now", "Now"), ("next", "Next"), ("later", "Later"), (None, "Not yet scheduled"))
NONE_RECORDED = "None recorded."

_SPACES = re.compile(r"[^\S\n]+")


@dataclass(frozen=True)
class Paragraph:
    text: str
    label: str = ""  # shown bold before the text, e.g. "Overall recommendation"


@dataclass(frozen=True)
class Bullet:
    text: str
    label: str = ""
    sub: tuple[str, ...] = ()  # nested bullets: evidence quotes, citations, details


@dataclass(frozen=True)
class Bullets:
    items: tuple[Bullet, ...]


@dataclass(frozen=True)
class Subheading:
    text: str


@dataclass(frozen=True)
class Chart:
    """Readiness of each workflow across the five slots (see `exports.chart`)."""

    rows: tuple[ReadinessRow, ...]
    caption: str = "Readiness of each workflow: a filled cell means that fact is known."


Block = Paragraph | Bullets | Subheading | Chart


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str  # "Discovery interview <id> · <date>"
    interview_id: str
    date: str
    approved: bool
    version: int | None
    recommendation: str
    sections: tuple[Section, ...]
    provenance: tuple[Paragraph, ...] = field(default=())

    @property
    def status(self) -> str:
        return APPROVED_NOTICE if self.approved else DRAFT_NOTICE


def clean(value: Any) -> str:
    """Plain text safe for any format: NFC, no control characters, single spaces."""
    text = unicodedata.normalize("NFC", "" if value is None else str(value))
    text = "".join(
        c if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs", "Co", "Cn") else " "
        for c in text
    )
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _label(mapping: dict[str, str], code: Any) -> str:
    code = clean(code)
    return f"{mapping[code]} ({code})" if code in mapping else code


def _evidence(items: list[dict[str, Any]]) -> list[str]:
    return [f"Turn {e.get('turn', '?')}: “{clean(e.get('quote'))}”" for e in items]


def _citations(items: list[dict[str, Any]]) -> list[str]:
    return [f"{clean(g.get('title'))} [{clean(g.get('doc_id'))}]" for g in items]


def _summary(roadmap: dict[str, Any]) -> Section:
    blocks: list[Block] = [
        Paragraph(
            _label(VERDICTS, roadmap.get("overall_recommendation")), "Overall recommendation"
        ),
        Paragraph(clean(roadmap.get("summary"))),
    ]
    reasons = [Bullet(clean(r)) for r in roadmap.get("reasons") or []]
    if reasons:
        blocks += [Subheading("Why"), Bullets(tuple(reasons))]
    return Section("Summary", tuple(blocks))


def _workflow_blocks(number: int, w: dict[str, Any]) -> list[Block]:
    facts = [
        Bullet(_label(VERDICTS, w.get("verdict")), "Verdict"),
        Bullet(clean(w.get("rationale")), "Why"),
        Bullet(_label(APPROACHES, w.get("approach")), "Approach"),
        Bullet(clean(w.get("process")), "How it runs"),
        Bullet(clean(w.get("owner")), "Owner"),
        Bullet("; ".join(clean(s) for s in w.get("data_sources") or []), "Data sources"),
        Bullet("; ".join(clean(r) for r in w.get("risks") or []), "Risks"),
        Bullet(clean(w.get("success_metric")), "Success metric"),
    ]
    if w.get("evidence"):
        facts.append(Bullet("", "Evidence", tuple(_evidence(w["evidence"]))))
    if w.get("guidance"):
        facts.append(Bullet("", "Guidance", tuple(_citations(w["guidance"]))))
    return [Subheading(f"{number}. {clean(w.get('name'))}"), Bullets(tuple(facts))]


def _workflows(roadmap: dict[str, Any]) -> Section:
    workflows = sorted(roadmap.get("workflows") or [], key=lambda w: w.get("priority") or 10**6)
    blocks: list[Block] = [Chart(tuple(readiness(workflows)))] if workflows else []
    for number, w in enumerate(workflows, start=1):
        blocks += _workflow_blocks(number, w)
    return Section("Priority workflows", tuple(blocks) or (Paragraph(NONE_RECORDED),))


def _item(item: dict[str, Any]) -> Bullet:
    details = [
        f"{label}: {clean(item[key])}"
        for key, label in (
            ("workflow", "Workflow"),
            ("owner", "Owner"),
            ("success_metric", "Success metric"),
        )
        if item.get(key)
    ]
    sub = ["; ".join(details)] if details else []
    sub += _evidence(item.get("evidence") or [])
    sub += [f"Guidance: {c}" for c in _citations(item.get("guidance") or [])]
    return Bullet(clean(item.get("text")), sub=tuple(sub))


def _items(key: str, title: str, items: list[dict[str, Any]]) -> Section:
    if not items:
        return Section(title, (Paragraph(NONE_RECORDED),))
    if key != "phases":
        return Section(title, (Bullets(tuple(_item(i) for i in items)),))
    blocks: list[Block] = []
    for phase, name in PHASES:
        in_phase = [i for i in items if i.get("phase") == phase]
        if in_phase:
            blocks += [Subheading(name), Bullets(tuple(_item(i) for i in in_phase))]
    return Section(title, tuple(blocks))


def _provenance(roadmap: dict[str, Any], version: int | None) -> tuple[Paragraph, ...]:
    p = roadmap.get("provenance") or {}
    rows = [
        ("Model", p.get("model")),
        ("Prompt version", p.get("prompt_version")),
        ("Knowledge version", p.get("knowledge_version")),
        ("Generated at", p.get("generated_at")),
        ("Roadmap version", version),
    ]
    return tuple(Paragraph(clean(v), label) for label, v in rows if v not in (None, ""))


def build_document(
    roadmap: dict[str, Any],
    *,
    approved: bool,
    version: int | None = None,
    date: str | None = None,
) -> Document:
    """The client document for `roadmap` (the brief's roadmap JSON, already redacted)."""
    interview_id = clean(roadmap.get("interview_id"))
    when = clean(date or (roadmap.get("provenance") or {}).get("generated_at", ""))[:10]
    sections = [_summary(roadmap), _workflows(roadmap)]
    sections += [_items(key, title, roadmap.get(key) or []) for key, title in ITEM_SECTIONS]
    subtitle = f"Discovery interview {interview_id}" + (f" · {when}" if when else "")
    return Document(
        title=TITLE,
        subtitle=subtitle,
        interview_id=interview_id,
        date=when,
        approved=approved,
        version=version,
        recommendation=_label(VERDICTS, roadmap.get("overall_recommendation")),
        sections=tuple(sections),
        provenance=_provenance(roadmap, version),
    )
