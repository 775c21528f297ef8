"""Embedders: offline hashed n-grams by default, any OpenAI-compatible endpoint when configured.

The offline embedder needs no model file: word unigrams and bigrams plus character 4-grams are
hashed into a fixed-size, L2-normalised vector. It is deterministic, fast (well under a
millisecond per query) and good at the spelling variation of chat text ("rostering", "roster",
"rosters"); the lexical half of hybrid retrieval covers exact terms. Each embedder has a name,
stored with the Chroma collection, so a change of embedder triggers a re-index.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections import Counter
from typing import Any, Protocol

import numpy as np

TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "we",
        "our",
        "us",
        "you",
        "your",
        "they",
        "their",
        "i",
        "me",
        "my",
        "he",
        "she",
        "his",
        "her",
        "them",
        "as",
        "so",
        "if",
        "then",
        "than",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "not",
        "no",
        "just",
        "really",
        "very",
        "can",
        "could",
        "would",
        "should",
        "will",
        "about",
        "into",
        "out",
        "up",
        "what",
        "which",
        "who",
        "how",
        "when",
        "where",
        "why",
        "all",
        "any",
        "some",
        "there",
        "here",
        "get",
        "got",
    ]
)


class Embedder(Protocol):
    name: str

    def embed(self, texts: list[str]) -> list[list[float]]: ...


def tokens(text: str) -> list[str]:
    return [t for t in TOKEN.findall(text.lower()) if t not in STOPWORDS]


def stem(word: str) -> str:
    """A light suffix stripper; enough to meet 'invoices'/'invoicing'/'invoice' in one place."""
    for suffix in (
        "ingly",
        "ations",
        "ation",
        "ing",
        "ers",
        "ies",
        "ied",
        "ed",
        "es",
        "er",
        "ly",
        "s",
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return word


class HashingEmbedder:
    """Feature-hashed bag of stems, stem bigrams and character 4-grams (sublinear tf)."""

    def __init__(self, dimensions: int = 2048) -> None:
        self.dimensions = dimensions
        self.name = f"hashing-v1-{dimensions}"

    def _features(self, text: str) -> Counter[str]:
        stems = [stem(t) for t in tokens(text)]
        features: Counter[str] = Counter(f"w:{s}" for s in stems)
        features.update(f"b:{a}_{b}" for a, b in itertools.pairwise(stems))
        for s in stems:
            padded = f"<{s}>"
            features.update(f"c:{padded[i : i + 4]}" for i in range(max(1, len(padded) - 3)))
        return features

    def embed(self, texts: list[str]) -> list[list[float]]:
        out = []
        for text in texts:
            vector = np.zeros(self.dimensions, dtype=np.float32)
            for feature, count in self._features(text).items():
                digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
                index = int.from_bytes(digest[:4], "little") % self.dimensions
                sign = 1.0 if digest[4] & 1 else -1.0
                weight = (1.0 + math.log(count)) * (0.5 if feature.startswith("c:") else 1.0)
                vector[index] += sign * weight
            norm = float(np.linalg.norm(vector))
            out.append((vector / norm if norm else vector).tolist())
        return out


class OpenAIEmbedder:
    """Embeddings from an OpenAI-compatible endpoint (OpenAI, Azure, Ollama, vLLM)."""

    def __init__(
        self, model: str, api_key: str | None, base_url: str | None, timeout: float = 30.0
    ) -> None:
        from openai import OpenAI

        self.model = model
        self.name = f"openai-{model}"
        self._client = OpenAI(
            api_key=api_key or "not-needed", base_url=base_url, timeout=timeout, max_retries=2
        )

    def embed(self, texts: list[str]) -> list[list[float]]:
        response = self._client.embeddings.create(model=self.model, input=texts)
        return [item.embedding for item in sorted(response.data, key=lambda d: d.index)]


def embedder_from_settings(settings: Any) -> Embedder:
    if settings.embedding_model and settings.llm_configured:
        return OpenAIEmbedder(
            settings.embedding_model,
            settings.openai_api_key,
            settings.openai_base_url,
            settings.model_timeout_s,
        )
    if settings.offline_embedder == "hashing":
        return HashingEmbedder()
    from knowledge.minilm import shared_minilm

    return shared_minilm()
