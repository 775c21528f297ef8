"""The roadmap document as Markdown. Every piece of roadmap text is escaped (with the product's
`agents.render.escape`, plus line-start markers and entities), so nothing in it renders as markup.

`agents.render.roadmap_markdown` is the chat's compact view; a client document needs the title
block, the readiness table, every evidence quote and item detail, so it is rendered from the same
`Document` as DOCX and PDF instead.
"""

from __future__ import annotations

import re

from agents.render import escape as _escape_inline
from exports.chart import SLOTS
from exports.document import Bullets, Chart, Document, Paragraph, Subheading

_LINE_START = re.compile(r"^(\s*)(\d+(?=[.)])|)([-=.)])")


def escape(text: str) -> str:
    """Literal text for Markdown: inline markup, HTML, entities and list/heading markers."""
    lines = []
    for line in text.split("\n"):
        line = _escape_inline(line).replace("&", "\\&")
        lines.append(_LINE_START.sub(r"\1\2\\\3", line, count=1))
    return "  \n".join(lines)


def _flat(text: str) -> str:
    """Escaped and on one line (bullets and table cells)."""
    return escape(" ".join(text.split()))


def _labelled(label: str, text: str) -> str:
    if not label:
        return _flat(text)
    return f"**{escape(label)}:** {_flat(text)}".rstrip()


def _chart(chart: Chart) -> list[str]:
    header = ["Workflow", *(label for _, label in SLOTS), "Known"]
    lines = [
        "**Readiness by workflow**",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    for row in chart.rows:
        cells = ["● known" if known else "○ not yet" for known in row.known]
        lines.append("| " + " | ".join([_flat(row.name), *cells, row.score]) + " |")
    return [*lines, "", f"_{escape(chart.caption)}_", ""]


def render_markdown(doc: Document) -> str:
    banner = [f"> **{escape(doc.status)}.** Review and approve before sharing.", ""]
    lines = banner[:] if not doc.approved else []
    lines += [
        f"# {escape(doc.title)}",
        "",
        f"{_flat(doc.subtitle)}  ",
        f"**Status:** {escape(doc.status)}  ",
        f"**Overall recommendation:** {_flat(doc.recommendation)}",
        "",
    ]
    for section in doc.sections:
        lines += [f"## {escape(section.title)}", ""]
        for block in section.blocks:
            if isinstance(block, Subheading):
                lines += [f"### {_flat(block.text)}", ""]
            elif isinstance(block, Paragraph):
                text = escape(block.text)
                lines += [f"**{escape(block.label)}:** {text}" if block.label else text, ""]
            elif isinstance(block, Bullets):
                for item in block.items:
                    lines.append(f"- {_labelled(item.label, item.text)}")
                    lines += [f"  - {_flat(sub)}" for sub in item.sub]
                lines.append("")
            elif isinstance(block, Chart):
                lines += _chart(block)
    lines += ["---", "", "**About this document**", ""]
    lines += [f"- {_labelled(p.label, p.text)}" for p in doc.provenance]
    lines.append("")
    if not doc.approved:
        lines += banner
    return "\n".join(lines).rstrip("\n") + "\n"
