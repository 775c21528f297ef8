"""The redaction service: Presidio's analyzer and anonymizer with offline NZ-aware recognizers.

Loaded once per process (`get_redactor()`) and reused on every chat turn. Detection runs on a
normalised copy of the text and maps spans back, so offsets always refer to the caller's text.
If anything fails, `RedactionError` is raised and callers must neither store nor send the text.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar

import spacy
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    IbanRecognizer,
    IpRecognizer,
    PhoneRecognizer,
    SpacyRecognizer,
)
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig
from presidio_anonymizer.entities import RecognizerResult as AnonymizerInput

from privacy import patterns
from privacy.lexicon import load_lexicons
from privacy.names import PERSON_CUES_AFTER, NameDetector
from privacy.normalise import fold_diacritics, normalise
from privacy.pseudonyms import PseudonymMap, canonical

log = logging.getLogger(__name__)

ENTITY_TYPES = (
    "PERSON", "LOCATION", "STREET_ADDRESS", "PHONE_NUMBER", "EMAIL_ADDRESS", "CREDIT_CARD",
    "IBAN_CODE", "IP_ADDRESS", "URL", "DATE_OF_BIRTH", "NZ_IRD_NUMBER", "NZ_BANK_ACCOUNT",
    "NZ_NHI_NUMBER", "NZ_DRIVER_LICENCE",
)  # fmt: skip
CHUNK_CHARS = 10_000
CHUNK_OVERLAP = 300
MAX_INPUT_CHARS = 5_000_000
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


class RedactionError(RuntimeError):
    """Redaction could not be completed; the text must not be stored or sent anywhere."""


@dataclass(frozen=True)
class Entity:
    type: str
    start: int
    end: int
    score: float
    reason: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 3),
        }


@dataclass
class Redaction:
    original_length: int
    redacted: str
    entities: list[Entity] = field(default_factory=list)


class NzPatternRecognizer(EntityRecognizer):
    """NZ identifiers, phones, addresses, emails, URLs and dates of birth (privacy/patterns.py)."""

    ENTITIES: ClassVar[list[str]] = [
        "PHONE_NUMBER",
        "NZ_IRD_NUMBER",
        "NZ_BANK_ACCOUNT",
        "NZ_NHI_NUMBER",
        "NZ_DRIVER_LICENCE",
        "STREET_ADDRESS",
        "EMAIL_ADDRESS",
        "URL",
        "DATE_OF_BIRTH",
    ]

    def __init__(self, names: NameDetector) -> None:
        self._names = names
        super().__init__(supported_entities=self.ENTITIES, name="NzPatternRecognizer")

    def load(self) -> None:
        pass

    def _is_place(self, word: str) -> bool:
        return fold_diacritics(word) in self._names.lex.places

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        found = [
            *patterns.phones(text), *patterns.ird_numbers(text), *patterns.bank_accounts(text),
            *patterns.nhi_numbers(text), *patterns.driver_licences(text),
            *patterns.street_addresses(text, self._is_place), *patterns.emails(text),
            *patterns.urls(text), *patterns.dates_of_birth(text),
        ]  # fmt: skip
        return [
            RecognizerResult(c.entity_type, c.start, c.end, c.score,
                             recognition_metadata={"reason": c.reason})
            for c in found if c.entity_type in entities
        ]  # fmt: skip


class OfflineNameRecognizer(EntityRecognizer):
    """PERSON and LOCATION from lexicons and context cues (privacy/names.py)."""

    def __init__(self, names: NameDetector) -> None:
        self._names = names
        super().__init__(supported_entities=["PERSON", "LOCATION"], name="OfflineNameRecognizer")

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return [
            RecognizerResult(s.entity_type, s.start, s.end, s.score,
                             recognition_metadata={"reason": s.reason})
            for s in self._names.detect(text) if s.entity_type in entities
        ]  # fmt: skip


class _BlankSpacyNlpEngine(SpacyNlpEngine):
    """Tokenisation only: spaCy's pretrained pipelines are optional and never downloaded."""

    def load(self) -> None:
        nlp = spacy.blank("en")
        nlp.max_length = CHUNK_CHARS * 2
        self.nlp = {"en": nlp}  # type: ignore[assignment]  # Presidio annotates it as None


class _ValidatedPhoneRecognizer(PhoneRecognizer):
    """libphonenumber has already validated the number; 0.4 would fall under our threshold."""

    SCORE = 0.55


def installed_spacy_model(preferred: str | None = None) -> str | None:
    candidates = (
        [preferred] if preferred else ["en_core_web_lg", "en_core_web_md", "en_core_web_sm"]
    )
    for name in candidates:
        if name and spacy.util.is_package(name):
            return name
    return None


def build_analyzer(spacy_model: str | None = None) -> AnalyzerEngine:
    """Presidio analyzer with our recognizers; an installed en_core_web_* adds its NER."""
    names = NameDetector()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.add_recognizer(NzPatternRecognizer(names))
    registry.add_recognizer(OfflineNameRecognizer(names))
    registry.add_recognizer(CreditCardRecognizer())
    registry.add_recognizer(IbanRecognizer())
    registry.add_recognizer(IpRecognizer())
    # Numbers from other countries (suppliers, family overseas); NZ forms are handled above.
    registry.add_recognizer(_ValidatedPhoneRecognizer(supported_regions=("NZ", "AU", "US", "GB")))
    model = installed_spacy_model(spacy_model)
    nlp_engine: SpacyNlpEngine
    if model:
        nlp_engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": model}])
        registry.add_recognizer(SpacyRecognizer(supported_entities=["PERSON", "LOCATION"]))
        log.info("privacy: using installed spaCy pipeline %s alongside the offline detector", model)
    else:
        nlp_engine = _BlankSpacyNlpEngine()
    nlp_engine.load()
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])


def _chunks(text: str) -> Iterable[tuple[int, str]]:
    if len(text) <= CHUNK_CHARS:
        yield 0, text
        return
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            cut = text.rfind(" ", start + CHUNK_CHARS // 2, end)
            end = cut if cut > 0 else end
        yield start, text[start:end]
        if end >= len(text):
            return
        start = max(end - CHUNK_OVERLAP, start + 1)


class _Occupied:
    """Non-overlapping spans kept sorted, so overlap checks cost O(log n) on long texts."""

    def __init__(self, spans: Iterable[Entity] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for e in sorted(spans, key=lambda e: e.start):
            self.add(e.start, e.end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start)
        if i > 0 and self._ends[i - 1] > start:
            return True
        return i < len(self._starts) and self._starts[i] < end

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)


def _resolve_overlaps(entities: list[Entity]) -> list[Entity]:
    """Keep the strongest, then longest, of overlapping spans (scores compared in 0.05 steps)."""
    chosen: list[Entity] = []
    occupied = _Occupied()
    for e in sorted(
        entities, key=lambda e: (-int(e.score * 20 + 1e-6), -(e.end - e.start), e.start)
    ):
        if not occupied.overlaps(e.start, e.end):
            occupied.add(e.start, e.end)
            chosen.append(e)
    return sorted(chosen, key=lambda e: e.start)


class Redactor:
    """Detects personal information and replaces it with typed, numbered placeholders."""

    def __init__(self, analyzer: AnalyzerEngine | None = None, threshold: float = 0.5) -> None:
        self.analyzer = analyzer or build_analyzer()
        self.anonymizer = AnonymizerEngine()
        self.threshold = threshold
        self._lexicons = load_lexicons()

    def analyze(self, text: str) -> list[Entity]:
        if not isinstance(text, str):
            raise RedactionError(f"expected text, got {type(text).__name__}")
        if len(text) > MAX_INPUT_CHARS:
            raise RedactionError(
                f"text is {len(text):,} characters; the limit is {MAX_INPUT_CHARS:,}"
            )
        if not text.strip():
            return []
        try:
            norm = normalise(text)
            found: list[Entity] = []
            for offset, chunk in _chunks(norm.text):
                for r in self.analyzer.analyze(
                    chunk,
                    language="en",
                    entities=list(ENTITY_TYPES),
                    score_threshold=self.threshold,
                ):
                    start, end = norm.to_original(offset + r.start, offset + r.end)
                    reason = (r.recognition_metadata or {}).get("reason", "")
                    # Presidio's validated patterns score 1.0; cap them so an NZ-specific
                    # reading of the same digits (a bank account) can win the overlap.
                    score = 0.9 if r.score >= 1.0 else float(r.score)
                    found.append(Entity(r.entity_type, start, end, score, reason))
        except RedactionError:
            raise
        except Exception as exc:  # any detector failure must stop the message, not leak it
            raise RedactionError(f"redaction failed: {type(exc).__name__}") from exc
        return _resolve_overlaps(list(set(found)))

    def redact(self, text: str, pseudonyms: PseudonymMap | None = None) -> Redaction:
        pseudonyms = pseudonyms if pseudonyms is not None else PseudonymMap()
        entities = self.analyze(text)
        entities = _resolve_overlaps(entities + self._known_people(text, entities, pseudonyms))
        # Number placeholders in reading order before the anonymizer (which works right to left).
        for e in entities:
            pseudonyms.placeholder(e.type, text[e.start : e.end])
        try:
            results = [AnonymizerInput(e.type, e.start, e.end, e.score) for e in entities]
            operators = {
                t: OperatorConfig("custom", {"lambda": lambda v, t=t: pseudonyms.placeholder(t, v)})
                for t in {e.type for e in entities}
            }
            redacted = (
                self.anonymizer.anonymize(text, results, operators).text if entities else text
            )
        except Exception as exc:
            raise RedactionError(f"anonymisation failed: {type(exc).__name__}") from exc
        return Redaction(len(text), _LONE_SURROGATE.sub("\ufffd", redacted), entities)

    def _known_people(
        self, text: str, entities: list[Entity], pseudonyms: PseudonymMap
    ) -> list[Entity]:
        """A person named earlier in the interview is redacted again, even alone or in lower case."""
        aliases = pseudonyms.person_aliases()
        if not aliases:
            return []
        pattern = _alias_pattern(frozenset(aliases))
        folded = fold_text(text)
        occupied = _Occupied(entities)
        extra: list[Entity] = []
        for m in pattern.finditer(folded):
            alias = m.group(1).casefold()
            start, end = m.start(1), m.end(1)
            # "grace period" stays; "grace will sort it" is the Grace named earlier.
            ordinary_word = alias in self._lexicons.common_words and not text[start].isupper()
            if ordinary_word and not PERSON_CUES_AFTER.match(text[m.end() : m.end() + 30]):
                continue
            if occupied.overlaps(start, end):
                continue
            extra.append(Entity("PERSON", start, end, 0.7, "named earlier in this interview"))
        return extra


@lru_cache(maxsize=256)
def _alias_pattern(aliases: frozenset[str]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    return re.compile(rf"(?<![\w])({alternation})(?:['’]s)?(?![\w])", re.IGNORECASE)


def fold_text(text: str) -> str:
    """Case-preserving, length-preserving diacritic fold ('Ōtāhuhu' -> 'Otahuhu')."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        folded = fold_diacritics(ch)
        out.append(ch if len(folded) != 1 else (folded.upper() if ch.isupper() else folded))
    return "".join(out)


@lru_cache(maxsize=1)
def get_redactor() -> Redactor:
    from discovery.settings import get_settings

    settings = get_settings()
    return Redactor(build_analyzer(settings.spacy_model), threshold=settings.redaction_threshold)


__all__ = ["Entity", "Redaction", "RedactionError", "Redactor", "canonical", "get_redactor"]
