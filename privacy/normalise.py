"""Offset-preserving normalisation, so detection sees clean text and spans map back exactly.

Detectors run on a normalised copy (compatibility forms folded, invisible format characters
dropped, control characters blanked) because those are exactly the tricks that hide a phone
number or a name from a regular expression; each normalised character remembers where it
came from so entity offsets always refer to the caller's original text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_KEEP_CONTROLS = {"\n", "\t", "\r"}


@dataclass(frozen=True)
class NormalisedText:
    text: str
    source_index: tuple[int, ...]  # source_index[i] = offset in the original of text[i]
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the normalised text back onto the original text."""
        if end <= start:
            return self.source_index[start], self.source_index[start]
        orig_start = self.source_index[start]
        orig_end = self.source_index[end - 1] + 1
        return orig_start, orig_end


def normalise(text: str) -> NormalisedText:
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            if (ch < " " and ch not in _KEEP_CONTROLS) or ch == "\x7f":
                ch = " "
            chars.append(ch)
            index.append(i)
            continue
        category = unicodedata.category(ch)
        if category == "Cf":  # zero-width joiners, bidi marks, soft hyphens
            continue
        if category in ("Cc", "Cs", "Co", "Cn") or category == "Zs":
            replacement = " "
        elif category == "Mn" and chars:
            # A combining mark belongs to the previous letter: compose it in place.
            composed = unicodedata.normalize("NFC", chars[-1] + ch)
            if len(composed) == 1:
                chars[-1] = composed
                continue
            replacement = ch
        else:
            replacement = unicodedata.normalize("NFKC", ch)
            if ch in "‐‑‒–—―":
                replacement = "-"
            elif ch in "’‘":
                replacement = "'"
        for piece in replacement:
            chars.append(piece)
            index.append(i)
    index.append(len(text))
    return NormalisedText("".join(chars), tuple(index), len(text))


def fold_diacritics(word: str) -> str:
    """'Ōtāhuhu' -> 'otahuhu': lexicon keys ignore macrons and accents."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").casefold()
