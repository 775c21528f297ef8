"""One entry point shared by the CLI, the app and the agent: open, ingest, search."""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from discovery.settings import Settings, get_settings
from knowledge.corpus import Corpus, load_corpus
from knowledge.embeddings import Embedder, embedder_from_settings
from knowledge.index import IndexUnavailable, IngestReport, connect, ingest, reset_local_folder
from knowledge.retrieval import Hit, Retriever

log = logging.getLogger(__name__)
CACHE_SIZE = 1024


@dataclass
class KnowledgeBase:
    corpus: Corpus
    embedder: Embedder
    client: Any | None
    retriever: Retriever
    settings: Settings

    @property
    def version(self) -> str:
        return self.corpus.version

    @property
    def warnings(self) -> list[str]:
        return [
            *self.corpus.problems,
            *([self.retriever.warning] if self.retriever.warning else []),
        ]

    _cache: OrderedDict[tuple[str, int], list[Hit]] = field(default_factory=OrderedDict)

    def search(self, query: str, k: int = 5) -> list[Hit]:
        """Ranked guidance; repeated queries (interview turns repeat them) come from a cache."""
        key = (query, k)
        cached = self._cache.get(key)
        if cached is None:
            cached = self.retriever.search(query, k=k)
            self._cache[key] = cached
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return list(cached)

    def ingest(self) -> IngestReport:
        if self.client is None:
            self.client = _recover_client(self.settings)
        report = ingest(self.corpus, self.client, self.embedder)
        self.retriever.attach(self.client)
        self._cache.clear()
        return report


def _recover_client(settings: Settings) -> Any:
    """Reconnect; a corrupt local folder is moved aside and rebuilt (a server is never touched)."""
    try:
        return connect(settings.resolved_data_dir, settings.chroma_host, settings.chroma_port)
    except IndexUnavailable:
        if settings.chroma_host:
            raise
        aside = reset_local_folder(settings.resolved_data_dir)
        log.warning(
            "knowledge: the Chroma folder could not be opened; moved it to %s and rebuilt", aside
        )
        return connect(settings.resolved_data_dir)


def open_knowledge_base(
    settings: Settings | None = None, *, auto_ingest: bool = True
) -> KnowledgeBase:
    """Open the base; never raises for a missing or broken index (retrieval degrades to lexical)."""
    settings = settings or get_settings()
    corpus = load_corpus(settings.knowledge_dir)
    embedder = embedder_from_settings(settings)
    client: Any | None
    problem = None
    try:
        client = connect(settings.resolved_data_dir, settings.chroma_host, settings.chroma_port)
    except IndexUnavailable as exc:
        log.warning("knowledge: %s", exc)
        client, problem = None, str(exc)
    retriever = Retriever(corpus, embedder, client, unavailable=problem)
    kb = KnowledgeBase(corpus, embedder, client, retriever, settings)
    if auto_ingest and client is not None:
        try:
            kb.ingest()  # incremental: a no-op when nothing changed
        except Exception as exc:
            log.warning("knowledge: ingest failed (%s); using lexical search", exc)
            kb.retriever.warning = f"ingest failed ({type(exc).__name__}); using lexical search"
    return kb
