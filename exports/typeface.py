"""The bundled font (DejaVu Sans, see exports/fonts/) and text it can draw.

PDF pages and the chart embed this font, so nothing depends on system fonts. Characters it has
no glyph for (emoji, CJK, ...) are transliterated when they decompose to ones it has (e.g. a
ligature), else replaced by "?", so no text is silently dropped.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"


@lru_cache(maxsize=1)
def _codepoints() -> frozenset[int]:
    from fontTools.ttLib import TTFont  # fpdf2's own font library

    with TTFont(REGULAR, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _drawable(char: str) -> bool:
    return ord(char) in _codepoints()


def safe_text(text: str) -> str:
    """`text` using only characters the bundled font can draw (newlines kept)."""
    text = unicodedata.normalize("NFC", text)
    if all(_drawable(c) or c == "\n" for c in text):
        return text
    out: list[str] = []
    for char in text:
        if char == "\n" or _drawable(char):
            out.append(char)
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        kept = "".join(c for c in decomposed if _drawable(c) and not unicodedata.combining(c))
        out.append(kept or "?")
    return unicodedata.normalize("NFC", "".join(out))
