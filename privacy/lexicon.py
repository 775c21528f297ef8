"""Name, place and word lexicons shipped in privacy/lexicons/ (built by scripts/build_lexicons.py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"


def _load(name: str) -> frozenset[str]:
    lines = (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


@dataclass(frozen=True)
class Lexicons:
    first_names: frozenset[str]
    surnames: frozenset[str]
    places: frozenset[str]
    not_names: frozenset[str]
    common_words: frozenset[str]
    max_place_words: int


@lru_cache(maxsize=1)
def load_lexicons() -> Lexicons:
    places = _load("places.txt")
    return Lexicons(
        first_names=_load("first_names.txt"),
        surnames=_load("surnames.txt"),
        places=places,
        not_names=_load("not_names.txt"),
        common_words=_load("common_words.txt"),
        max_place_words=max(len(p.split()) for p in places),
    )
