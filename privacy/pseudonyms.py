"""Typed, numbered placeholders that stay consistent within one interview.

The value -> placeholder map lives only in memory: it is the key to re-identification, so it is
never persisted. After a restart the numbering continues past the highest placeholder already in
the stored (redacted) transcript, so new values never collide with old placeholders.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from privacy.checksums import digits_only
from privacy.normalise import fold_diacritics

PLACEHOLDER = re.compile(r"<([A-Z][A-Z_]*[A-Z])_(\d+)>")
_NAME_PARTICLES = {
    "van",
    "von",
    "de",
    "der",
    "den",
    "da",
    "di",
    "du",
    "del",
    "la",
    "le",
    "te",
    "bin",
    "al",
}


def canonical(entity_type: str, value: str) -> str:
    """The identity of a value: '021 123 4567' and '+64 21 1234567' are the same phone."""
    if entity_type in ("PHONE_NUMBER",):
        digits = digits_only(value)
        if digits.startswith("64"):
            digits = "0" + digits[2:].lstrip("0")
        return digits
    if entity_type in ("NZ_IRD_NUMBER", "NZ_BANK_ACCOUNT", "CREDIT_CARD"):
        return digits_only(value)
    folded = fold_diacritics(value)
    folded = re.sub(r"['’]s$", "", folded.strip())
    return re.sub(r"[\s,.]+", " ", folded).strip()


class PseudonymMap:
    """Per-interview mapping from detected values to placeholders such as <PERSON_1>."""

    def __init__(self, start_after: dict[str, int] | None = None) -> None:
        self._counts: dict[str, int] = defaultdict(int, start_after or {})
        self._by_value: dict[tuple[str, str], str] = {}
        self._person_alias: dict[str, str] = {}
        self._ambiguous_alias: set[str] = set()

    @classmethod
    def continuing(cls, redacted_texts: Iterable[str]) -> PseudonymMap:
        """A fresh map whose numbering starts after every placeholder already used."""
        highest: dict[str, int] = {}
        for text in redacted_texts:
            for entity_type, number in PLACEHOLDER.findall(text):
                highest[entity_type] = max(highest.get(entity_type, 0), int(number))
        return cls(highest)

    def placeholder(self, entity_type: str, value: str) -> str:
        key = canonical(entity_type, value)
        found = self._by_value.get((entity_type, key))
        if found:
            return found
        if entity_type == "PERSON":
            found = self._person_match(key)
        if not found:
            self._counts[entity_type] += 1
            found = f"<{entity_type}_{self._counts[entity_type]}>"
        self._by_value[(entity_type, key)] = found
        if entity_type == "PERSON":
            self._register_aliases(key, found)
        return found

    def person_aliases(self) -> dict[str, str]:
        """Single-word keys (folded) that identify an already-seen person unambiguously."""
        return {k: v for k, v in self._person_alias.items() if k not in self._ambiguous_alias}

    def _person_match(self, key: str) -> str | None:
        parts = [p for p in key.split() if p not in _NAME_PARTICLES]
        aliases = self.person_aliases()
        if len(parts) == 1:
            return aliases.get(parts[0])
        # "Grace" seen first, "Grace Tupou" later: the full name inherits Grace's placeholder.
        first = aliases.get(parts[0])
        if first and self._by_value.get(("PERSON", parts[0])) == first:
            return first
        return None

    def _register_aliases(self, key: str, placeholder: str) -> None:
        for part in key.split():
            if part in _NAME_PARTICLES or len(part) < 2:
                continue
            current = self._person_alias.get(part)
            if current is None:
                self._person_alias[part] = placeholder
            elif current != placeholder:
                self._ambiguous_alias.add(part)
