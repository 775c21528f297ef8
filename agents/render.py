"""The roadmap as Markdown (terminal chat, exports). Text from the interview is escaped so
nothing a prospect typed renders as markup."""

from __future__ import annotations

import re
from typing import Any

from agents.contracts import ITEM_SECTIONS

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>$~:])")

# The Markdown draft says whom its open questions are for.
SECTIONS = tuple(
    (key, "Open questions for the consultant" if key == "open_questions" else title)
    for key, title in ITEM_SECTIONS
)


def escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _cites(guidance: list[dict[str, Any]]) -> str:
    return "; ".join(f"{escape(g['title'])} [{g['doc_id']}]" for g in guidance)


def roadmap_markdown(roadmap: dict[str, Any], *, draft: bool = True) -> str:
    lines = []
    if draft:
        lines += ["> DRAFT: not yet reviewed by a consultant.", ""]
    lines += [
        "# AI roadmap",
        "",
        f"**Overall recommendation:** `{roadmap['overall_recommendation']}`",
        "",
        escape(roadmap["summary"]),
        "",
    ]
    for reason in roadmap.get("reasons", []):
        lines.append(f"- {escape(reason)}")
    lines += ["", "## Priority workflows", ""]
    for w in roadmap["workflows"]:
        lines += [
            f"### {w.get('priority', '')}. {escape(w['name'])}: `{w['verdict']}`",
            "",
            f"- **Why:** {escape(w['rationale'])}",
            f"- **Approach:** {w.get('approach', '').replace('_', ' ')}",
            f"- **How it runs:** {escape(w['process'])}",
            f"- **Owner:** {escape(w['owner'])}",
            f"- **Data sources:** {escape(', '.join(w['data_sources']))}",
            f"- **Risks:** {escape('; '.join(w['risks']))}",
            f"- **Success metric:** {escape(w['success_metric'])}",
        ]
        for ev in w["evidence"][:3]:
            lines.append(f"- **Evidence (turn {ev['turn']}):** “{escape(ev['quote'])}”")
        if w["guidance"]:
            lines.append(f"- **Guidance:** {_cites(w['guidance'])}")
        lines.append("")
    for key, title in SECTIONS:
        items = roadmap.get(key, [])
        lines += [f"## {title}", ""]
        if not items:
            lines.append("- None.")
        for item in items:
            phase = f"**{item['phase']}** " if item.get("phase") else ""
            cite = f" ({_cites(item['guidance'])})" if item.get("guidance") else ""
            lines.append(f"- {phase}{escape(item['text'])}{cite}")
        lines.append("")
    p = roadmap["provenance"]
    lines.append(
        f"_Drafted {p['generated_at']} by {p['model']}; prompts {p['prompt_version']}; "
        f"knowledge {p['knowledge_version']}._"
    )
    return "\n".join(lines) + "\n"


def chat_markdown(text: str, *, allow_bold: bool = False) -> str:
    """Text safe to show with st.markdown: markup typed by anyone is shown, never rendered.

    With `allow_bold`, the interviewer's own **bold** (in the confirmation summary) survives.
    """
    if not allow_bold:
        return escape(text).replace("\n", "  \n")
    parts = text.split("**")
    escaped = [escape(part) for part in parts]
    if len(parts) % 2 == 0:  # unbalanced: show the asterisks literally
        return escape(text).replace("\n", "  \n")
    return "**".join(escaped).replace("\n", "  \n")
