"""The knowledge base: guidance notes, their Chroma index and hybrid retrieval."""

from __future__ import annotations

from knowledge.service import KnowledgeBase, open_knowledge_base

__all__ = ["KnowledgeBase", "open_knowledge_base"]
