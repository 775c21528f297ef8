"""Knowledge base: parsing, incremental ingest into real Chroma, hybrid search, degradation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from discovery.cli import main
from discovery.settings import PROJECT_ROOT, Settings
from knowledge import open_knowledge_base
from knowledge.corpus import NoteError, load_corpus, parse_note
from knowledge.retrieval import QueryError

NOTES = PROJECT_ROOT / "knowledge" / "notes"
GOOD = """---
id: {id}
title: {title}
tags: [process]
applies_when: Always.
version: 1
sources: []
---
# {title}

## First section
{body}

## Second section
More words about rosters and shifts.
"""


def write_note(folder: Path, note_id: str, body: str = "Invoices are chased on Fridays.") -> Path:
    path = folder / f"{note_id}.md"
    path.write_text(GOOD.format(id=note_id, title=note_id.replace("-", " ").title(), body=body))
    return path


@pytest.fixture
def notes_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    write_note(folder, "chasing-invoices")
    write_note(folder, "rostering", body="Rosters live in one person's head.")
    return folder


def settings_for(tmp_path: Path, notes: Path) -> Settings:
    return Settings(DISCOVERY_DATA_DIR=tmp_path / "data", DISCOVERY_KNOWLEDGE_DIR=notes)


def test_every_shipped_note_parses_with_unique_ids() -> None:
    corpus = load_corpus(NOTES)
    assert corpus.problems == []
    assert len(corpus.notes) >= 40
    assert all(len(note.body.split()) >= 250 for note in corpus.notes.values())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("no front matter here", "no front matter"),
        ("---\nid: [unclosed\n---\n## A\nx", "not valid YAML"),
        ("---\nid: x1\ntitle: T\n---\n## A\nx", "lacks tags, applies_when, version"),
        (
            "---\nid: Bad Id\ntitle: T\ntags: []\napplies_when: a\nversion: 1\n---\n## A\nx",
            "must be lower-case",
        ),
        (
            "---\nid: ok-id\ntitle: T\ntags: []\napplies_when: a\nversion: 1\n---\nno sections",
            "no '## ' sections",
        ),
    ],
)
def test_broken_notes_are_named(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "broken.md"
    path.write_text(content)
    with pytest.raises(NoteError, match=message):
        parse_note(path)


def test_duplicate_and_broken_notes_are_skipped_not_fatal(notes_dir: Path) -> None:
    (notes_dir / "copy.md").write_text((notes_dir / "rostering.md").read_text())
    (notes_dir / "broken.md").write_text("nothing")
    corpus = load_corpus(notes_dir)
    assert set(corpus.notes) == {"chasing-invoices", "rostering"}
    assert any("duplicate id 'rostering'" in p for p in corpus.problems)
    assert any(p.startswith("broken.md") for p in corpus.problems)


def test_ingest_is_incremental(tmp_path: Path, notes_dir: Path) -> None:
    settings = settings_for(tmp_path, notes_dir)
    kb = open_knowledge_base(settings, auto_ingest=False)
    first = kb.ingest()
    assert (first.added, first.updated, first.deleted) == (
        6,
        0,
        0,
    )  # 2 notes x (summary + 2 sections)
    again = open_knowledge_base(settings, auto_ingest=False).ingest()
    assert (again.added, again.updated, again.deleted, again.unchanged) == (0, 0, 0, 6)
    write_note(notes_dir, "chasing-invoices", body="Invoices are now chased on Mondays.")
    (notes_dir / "rostering.md").unlink()
    changed = open_knowledge_base(settings, auto_ingest=False).ingest()
    assert (changed.added, changed.updated, changed.deleted, changed.unchanged) == (0, 1, 3, 2)
    assert changed.knowledge_version != first.knowledge_version


def test_search_returns_ranked_notes(tmp_path: Path, notes_dir: Path) -> None:
    kb = open_knowledge_base(settings_for(tmp_path, notes_dir))
    hits = kb.search("the roster lives in Mere's head")
    assert hits[0].doc_id == "rostering"
    assert hits[0].score >= hits[-1].score
    assert kb.warnings == []


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_query_is_a_clear_error(tmp_path: Path, notes_dir: Path, query: str) -> None:
    kb = open_knowledge_base(settings_for(tmp_path, notes_dir))
    with pytest.raises(QueryError, match="empty"):
        kb.search(query)


def test_huge_query_is_searched(tmp_path: Path, notes_dir: Path) -> None:
    kb = open_knowledge_base(settings_for(tmp_path, notes_dir))
    assert kb.search("invoices " * 100_000)[0].doc_id == "chasing-invoices"


def test_corrupt_chroma_folder_degrades_then_rebuilds(tmp_path: Path, notes_dir: Path) -> None:
    settings = settings_for(tmp_path, notes_dir)
    open_knowledge_base(settings).ingest()
    chroma = tmp_path / "data" / "chroma"
    shutil.rmtree(chroma)
    chroma.write_text("not a folder")  # as corrupt as it gets
    kb = open_knowledge_base(settings)
    assert kb.search("invoices")[0].doc_id == "chasing-invoices"  # lexical still answers
    assert any("unavailable" in w or "lexical" in w for w in kb.warnings)
    report = kb.ingest()
    assert report.added == 6
    assert kb.warnings == []


def test_chroma_server_down_degrades(tmp_path: Path, notes_dir: Path) -> None:
    settings = Settings(
        DISCOVERY_DATA_DIR=tmp_path / "data",
        DISCOVERY_KNOWLEDGE_DIR=notes_dir,
        CHROMA_HOST="127.0.0.1",
        CHROMA_PORT=9,
    )
    kb = open_knowledge_base(settings)
    assert kb.search("invoices")[0].doc_id == "chasing-invoices"
    assert any("127.0.0.1:9" in w for w in kb.warnings)


def test_cli_search_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["kb", "search", "we lose Friday afternoons chasing unpaid invoices", "--json"]) == 0
    )
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 5
    assert set(hits[0]) == {"doc_id", "title", "score", "text"}
    assert hits[0]["doc_id"] == "usecase-invoice-extraction"
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_cli_ingest_then_nothing_changed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "ingest"]) == 0
    capsys.readouterr()
    assert main(["kb", "ingest"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["added"] == report["updated"] == report["deleted"] == 0
