"""Hybrid retrieval for short, colloquial interview turns.

A prospect says "the roster lives in Mere's head", not "tribal knowledge". So a query is first
rewritten with the colloquial-to-guidance phrase table in knowledge/query_terms.yaml, then
ranked twice — BM25 over section chunks (exact terms) and cosine similarity in Chroma (spelling
and wording variation) — and the two rankings are fused by reciprocal rank. Results are notes,
each with its best-matching section. If Chroma is unavailable the lexical ranking still answers.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from knowledge.corpus import Chunk, Corpus
from knowledge.embeddings import Embedder, stem, tokens
from knowledge.index import open_collection, query_vectors

log = logging.getLogger(__name__)
QUERY_TERMS_FILE = Path(__file__).with_name("query_terms.yaml")
MAX_QUERY_CHARS = 2_000
RRF_K = 30
EXPANSION_WEIGHT = 0.6


@dataclass(frozen=True)
class Hit:
    doc_id: str
    title: str
    score: float
    text: str
    section: str

    def as_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "score": round(self.score, 4),
            "text": self.text,
        }


class QueryError(ValueError):
    """A query that cannot be searched (empty)."""


@lru_cache(maxsize=1)
def query_terms() -> list[tuple[re.Pattern[str], str]]:
    table = yaml.safe_load(QUERY_TERMS_FILE.read_text(encoding="utf-8")) or {}
    return [
        (re.compile(rf"\b(?:{pattern})", re.IGNORECASE), str(extra))
        for pattern, extra in table.items()
    ]


def rewrite(query: str) -> str:
    """Guidance vocabulary for colloquial phrases found in the query (not the query itself)."""
    return " ".join(extra for pattern, extra in query_terms() if pattern.search(query))


class BM25:
    def __init__(self, chunks: list[Chunk], k1: float = 1.2, b: float = 0.75) -> None:
        self.chunks = chunks
        self.k1, self.b = k1, b
        self.docs = [Counter(stem(t) for t in tokens(c.index_text)) for c in chunks]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg = sum(self.lengths) / max(1, len(self.lengths))
        df: Counter[str] = Counter()
        for d in self.docs:
            df.update(d.keys())
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def rank(self, query: str, limit: int, expansion: str = "") -> list[tuple[int, float]]:
        """BM25; expansion terms count at EXPANSION_WEIGHT so they inform but never outvote the query."""
        weights: dict[str, float] = defaultdict(float)
        for t in tokens(query):
            weights[stem(t)] += 1.0
        for t in tokens(expansion):
            weights[stem(t)] += EXPANSION_WEIGHT
        scores = []
        for i, doc in enumerate(self.docs):
            score = 0.0
            norm = self.k1 * (1 - self.b + self.b * self.lengths[i] / self.avg)
            for term, qw in weights.items():
                tf = doc.get(term)
                if tf:
                    score += self.idf[term] * tf * (self.k1 + 1) / (tf + norm) * qw
            if score > 0:
                scores.append((i, score))
        scores.sort(key=lambda x: -x[1])
        return scores[:limit]


class Retriever:
    """Ranked guidance notes for a query; dependencies passed in so tests can swap them."""

    def __init__(
        self, corpus: Corpus, embedder: Embedder, client: Any | None, unavailable: str | None = None
    ) -> None:
        self.corpus = corpus
        self.embedder = embedder
        self.bm25 = BM25(corpus.chunks)
        self.by_id = {c.chunk_id: i for i, c in enumerate(corpus.chunks)}
        self.attach(client, unavailable)

    def attach(self, client: Any | None, unavailable: str | None = None) -> None:
        """Point at the vector index (after connecting or ingesting); counted once, not per query."""
        self.collection: Any | None = None
        self.indexed = 0
        self.warning: str | None = None
        if client is None:
            self.warning = f"{unavailable or 'no vector index'}; using lexical search"
            return
        try:
            self.collection = open_collection(client, self.embedder)
            self.indexed = self.collection.count()
        except Exception as exc:
            self.warning = f"{exc}; using lexical search"
            return
        if not self.indexed:
            self.warning = (
                "the vector index is empty (run `discovery kb ingest`); using lexical search"
            )

    def search(self, query: str, k: int = 5, tags: set[str] | None = None) -> list[Hit]:
        if not isinstance(query, str) or not query.strip():
            raise QueryError("the query is empty")
        query = query[:MAX_QUERY_CHARS]  # a pasted essay is searched by its opening
        expansion = rewrite(query)
        depth = max(30, k * 6)
        rankings: list[list[int]] = [[i for i, _ in self.bm25.rank(query, depth, expansion)]]
        if self.collection is not None and self.indexed:
            try:
                # The embedding model understands colloquial wording itself: embed the query as said.
                vector = self.embedder.embed([query])[0]
                nearest = query_vectors(self.collection, vector, min(depth, self.indexed))
                rankings.append([self.by_id[cid] for cid, _ in nearest if cid in self.by_id])
            except Exception as exc:  # a server that goes away mid-session: degrade, don't crash
                self.warning = f"vector search failed ({type(exc).__name__}); using lexical search"
                log.warning(self.warning)
        fused: dict[int, float] = defaultdict(float)
        for ranking in rankings:
            for rank, index in enumerate(ranking):
                fused[index] += 1.0 / (RRF_K + rank + 1)
        best: dict[str, tuple[float, int]] = {}
        support: Counter[str] = Counter()
        for index, score in fused.items():
            chunk = self.corpus.chunks[index]
            if tags and not tags.intersection(chunk.tags):
                continue
            support[chunk.doc_id] += 1
            if chunk.doc_id not in best or score > best[chunk.doc_id][0]:
                best[chunk.doc_id] = (score, index)
        ceiling = len(rankings) / (RRF_K + 1)
        # A note matching in several sections edges out one matching in a single section.
        scored = {doc: (s + 0.002 * min(support[doc], 3), i) for doc, (s, i) in best.items()}
        ranked = sorted(scored.items(), key=lambda item: -item[1][0])
        hits = []
        for doc_id, (score, index) in ranked[:k]:
            chunk = self.corpus.chunks[index]
            hits.append(
                Hit(doc_id, chunk.title, min(1.0, score / ceiling), chunk.text, chunk.section)
            )
        return hits
