"""The readiness chart: one row per workflow, one column per readiness slot, a cell filled when
that fact is known. `readiness` derives the grid from the roadmap's workflow fields; `render_png`
draws it with Pillow (labels in the bundled font), for DOCX and PDF alike."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# (roadmap workflow field, column label), in the brief's order.
SLOTS = (
    ("process", "Process"),
    ("owner", "Owner"),
    ("data_sources", "Data sources"),
    ("risks", "Risk"),
    ("success_metric", "Success metric"),
)
_HEADINGS = ("Process", "Owner", "Data\nsources", "Risk", "Success\nmetric")

# How the drafter writes a fact it does not have: "not yet known", "unclear (...)",
# "not yet discussed", "sources not yet identified".
_UNKNOWN = re.compile(
    r"^\s*(?:$|not yet\b|unclear\b|unknown\b|tbc\b|to be confirmed\b|none\s*$|n/?a\s*$|[-–?]+\s*$)"
    r"|\bnot yet (?:known|identified|discussed)\b",
    re.IGNORECASE,
)

KNOWN_FILL = (27, 122, 90)
UNKNOWN_FILL = (241, 241, 241)
GRID = (189, 189, 189)
INK = (33, 33, 33)
MUTED = (117, 117, 117)


@dataclass(frozen=True)
class ChartImage:
    png: bytes
    width_mm: float  # printed size at which its labels are 11 pt
    height_mm: float


@dataclass(frozen=True)
class ReadinessRow:
    name: str
    known: tuple[bool, ...]  # one per SLOTS entry

    @property
    def score(self) -> str:
        return f"{sum(self.known)}/{len(self.known)}"


def is_known(value: Any) -> bool:
    """A slot value counts as known unless it is empty or a "not yet known"-style placeholder;
    a list (data sources, risks) is known when any entry is."""
    if isinstance(value, list | tuple):
        return any(is_known(v) for v in value)
    return value is not None and not _UNKNOWN.search(str(value))


def readiness(workflows: Iterable[dict[str, Any]]) -> list[ReadinessRow]:
    return [
        ReadinessRow(
            name=str(w.get("name") or "(unnamed)"),
            known=tuple(is_known(w.get(key)) for key, _ in SLOTS),
        )
        for w in workflows
    ]


def render_png(rows: Iterable[ReadinessRow], *, scale: int = 2) -> ChartImage:
    """The chart as a PNG drawn at `scale` pixels per point (sharp in print)."""
    from PIL import Image, ImageDraw, ImageFont

    from exports.typeface import BOLD, REGULAR, safe_text

    rows = list(rows)
    s = scale
    font = ImageFont.truetype(str(REGULAR), 10 * s)
    bold = ImageFont.truetype(str(BOLD), 10 * s)
    mark = ImageFont.truetype(str(BOLD), 13 * s)
    pad, cell_w, cell_h, head_h, gap = 8 * s, 56 * s, 24 * s, 30 * s, 3 * s
    max_name = 160 * s

    def fit(text: str) -> str:
        text = safe_text(" ".join(text.split()))
        if font.getlength(text) <= max_name:
            return text
        while text and font.getlength(text + "…") > max_name:
            text = text[:-1]
        return text.rstrip() + "…"

    names = [fit(r.name) for r in rows]
    name_w = max([font.getlength(n) for n in names] + [bold.getlength("Workflow")]) + 12 * s
    score_w = 40 * s
    width = int(pad * 2 + name_w + cell_w * len(SLOTS) + score_w)
    legend_h = 24 * s
    height = int(pad * 2 + head_h + cell_h * len(rows) + legend_h)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)

    x0, y = pad + name_w, float(pad)
    draw.text((pad, y + head_h / 2), "Workflow", font=bold, fill=INK, anchor="lm")
    for i, label in enumerate(_HEADINGS):
        cx = x0 + cell_w * i + cell_w / 2
        draw.multiline_text(
            (cx, y + head_h / 2), label, font=bold, fill=INK, anchor="mm", align="center"
        )
    score_x = x0 + cell_w * len(SLOTS) + score_w / 2
    draw.text((score_x, y + head_h / 2), "Known", font=bold, fill=INK, anchor="mm")
    y += head_h
    for row, name in zip(rows, names, strict=True):
        draw.line((pad, y, width - pad, y), fill=GRID, width=1)
        draw.text((pad, y + cell_h / 2), name, font=font, fill=INK, anchor="lm")
        for i, known in enumerate(row.known):
            box = (x0 + cell_w * i + gap, y + gap, x0 + cell_w * (i + 1) - gap, y + cell_h - gap)
            fill, outline = (KNOWN_FILL, KNOWN_FILL) if known else (UNKNOWN_FILL, GRID)
            draw.rounded_rectangle(box, radius=3 * s, fill=fill, outline=outline)
            centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
            if known:
                draw.text(centre, "✓", font=mark, fill="white", anchor="mm")
        draw.text((score_x, y + cell_h / 2), row.score, font=font, fill=INK, anchor="mm")
        y += cell_h
    draw.line((pad, y, width - pad, y), fill=GRID, width=1)

    y += legend_h / 2
    swatch = 12 * s
    x = float(pad)
    for fill, outline, label in (
        (KNOWN_FILL, KNOWN_FILL, "known"),
        (UNKNOWN_FILL, GRID, "not yet known, unclear or not discussed"),
    ):
        draw.rectangle((x, y - swatch / 2, x + swatch, y + swatch / 2), fill=fill, outline=outline)
        draw.text((x + swatch + 5 * s, y), label, font=font, fill=MUTED, anchor="lm")
        x += swatch + 5 * s + font.getlength(label) + 18 * s

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    mm_per_px = 25.4 / 72 / scale
    return ChartImage(buffer.getvalue(), width * mm_per_px, height * mm_per_px)
