"""The Chroma side of the knowledge base: connect, ingest incrementally, query vectors.

Local folder `<DISCOVERY_DATA_DIR>/chroma` by default, a Chroma server with CHROMA_HOST. One
collection per embedder (its name is in the collection), so changing the embedding model
re-indexes into a fresh collection and drops the old one. Ingestion compares each chunk's
content hash with what is stored: unchanged chunks are not re-embedded, removed ones are deleted.
"""

from __future__ import annotations

import logging
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chromadb
from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.config import Settings as ChromaSettings

from knowledge.corpus import Corpus
from knowledge.embeddings import Embedder

log = logging.getLogger(__name__)
COLLECTION_PREFIX = "guidance-"
BATCH = 64


class IndexUnavailable(RuntimeError):
    """Chroma could not be reached or opened; retrieval falls back to lexical search."""


@dataclass
class IngestReport:
    added: int
    updated: int
    deleted: int
    unchanged: int
    seconds: float
    knowledge_version: str
    collection: str
    problems: list[str]

    def as_json(self) -> dict[str, Any]:
        return self.__dict__


def connect(data_dir: Path, host: str | None = None, port: int = 8000) -> Any:
    settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if host:
            client = chromadb.HttpClient(host=host, port=port, settings=settings)
            client.heartbeat()
            return client
        path = data_dir / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=settings)
    except Exception as exc:
        where = (
            f"Chroma server at {host}:{port}" if host else f"Chroma folder {data_dir / 'chroma'}"
        )
        raise IndexUnavailable(f"{where} is unavailable: {type(exc).__name__}: {exc}") from exc


def reset_local_folder(data_dir: Path) -> Path | None:
    """Move a corrupt local Chroma folder aside (kept for inspection) so it can be rebuilt."""
    path = data_dir / "chroma"
    if not path.exists():
        return None
    aside = data_dir / f"chroma.corrupt-{int(time.time())}"
    shutil.move(str(path), str(aside))
    # Chroma caches one system per path in-process; a stale one would still see the old data.
    SharedSystemClient.clear_system_cache()
    return aside


def collection_name(embedder: Embedder) -> str:
    return COLLECTION_PREFIX + re.sub(r"[^a-zA-Z0-9._-]+", "-", embedder.name)[:50].strip("-._")


def open_collection(client: Any, embedder: Embedder) -> Any:
    try:
        return client.get_or_create_collection(
            collection_name(embedder),
            embedding_function=None,
            metadata={"embedder": embedder.name, "hnsw:space": "cosine"},
        )
    except Exception as exc:
        raise IndexUnavailable(
            f"cannot open the guidance collection: {type(exc).__name__}: {exc}"
        ) from exc


def ingest(corpus: Corpus, client: Any, embedder: Embedder) -> IngestReport:
    started = time.perf_counter()
    collection = open_collection(client, embedder)
    for other in client.list_collections():
        other_name = getattr(other, "name", other)
        if other_name.startswith(COLLECTION_PREFIX) and other_name != collection.name:
            client.delete_collection(other_name)  # an old embedder's vectors: re-indexed above
    stored = collection.get(include=["metadatas"])
    stored_hash = {
        i: (m or {}).get("content_hash")
        for i, m in zip(stored["ids"], stored["metadatas"] or [], strict=False)
    }
    current = {c.chunk_id: c for c in corpus.chunks}
    changed = [c for c in corpus.chunks if stored_hash.get(c.chunk_id) != c.content_hash]
    removed = [i for i in stored_hash if i not in current]
    for start in range(0, len(changed), BATCH):
        batch = changed[start : start + BATCH]
        collection.upsert(
            ids=[c.chunk_id for c in batch],
            embeddings=embedder.embed([c.index_text for c in batch]),
            documents=[c.text for c in batch],
            metadatas=[
                {
                    "doc_id": c.doc_id,
                    "title": c.title,
                    "section": c.section,
                    "tags": ",".join(c.tags),
                    "content_hash": c.content_hash,
                    "knowledge_version": corpus.version,
                }
                for c in batch
            ],
        )
    if removed:
        collection.delete(ids=removed)
    added = sum(1 for c in changed if c.chunk_id not in stored_hash)
    return IngestReport(
        added=added,
        updated=len(changed) - added,
        deleted=len(removed),
        unchanged=len(corpus.chunks) - len(changed),
        seconds=round(time.perf_counter() - started, 3),
        knowledge_version=corpus.version,
        collection=collection.name,
        problems=corpus.problems,
    )


def query_vectors(
    collection: Any, embedding: list[float], n_results: int
) -> list[tuple[str, float]]:
    """(chunk_id, cosine similarity) best first; n_results must not exceed the collection size."""
    result = collection.query(
        query_embeddings=[embedding], n_results=n_results, include=["distances"]
    )
    return [
        (cid, 1.0 - float(d))
        for cid, d in zip(result["ids"][0], result["distances"][0], strict=True)
    ]
