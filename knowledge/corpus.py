"""Guidance notes: parse, validate and chunk the Markdown files in knowledge/notes/.

Each note has YAML front matter (id, title, tags, applies_when, version, sources) and sections
headed "## ". A chunk is one section (with the note's title for context); its content hash
drives incremental ingestion, and the hash of all notes is the knowledge version recorded with
everything that used the base.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REQUIRED_KEYS = ("id", "title", "tags", "applies_when", "version")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,80}$")


class NoteError(ValueError):
    """A note that cannot be used, naming the file and the problem."""


@dataclass(frozen=True)
class Note:
    id: str
    title: str
    tags: tuple[str, ...]
    applies_when: str
    version: int
    sources: tuple[str, ...]
    body: str
    path: Path


@dataclass(frozen=True)
class Chunk:
    chunk_id: str
    doc_id: str
    title: str
    section: str
    text: str
    tags: tuple[str, ...]
    content_hash: str

    @property
    def index_text(self) -> str:
        """What is embedded and matched: the note title and section give short sections context."""
        return f"{self.title}. {self.section}. {self.text}"


@dataclass
class Corpus:
    notes: dict[str, Note]
    chunks: list[Chunk]
    version: str
    problems: list[str] = field(default_factory=list)


def parse_note(path: Path) -> Note:
    raw = path.read_text(encoding="utf-8", errors="strict")
    match = re.match(r"^---\s*\n(.*?)\n---\s*\n(.*)$", raw, re.DOTALL)
    if not match:
        raise NoteError(f"{path.name}: no front matter (a '---' block at the top)")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise NoteError(
            f"{path.name}: front matter is not valid YAML ({exc.__class__.__name__})"
        ) from None
    if not isinstance(meta, dict):
        raise NoteError(f"{path.name}: front matter must be a mapping")
    missing = [k for k in REQUIRED_KEYS if k not in meta]
    if missing:
        raise NoteError(f"{path.name}: front matter lacks {', '.join(missing)}")
    note_id = str(meta["id"])
    if not ID_PATTERN.match(note_id):
        raise NoteError(
            f"{path.name}: id {note_id!r} must be lower-case letters, digits and dashes"
        )
    tags = meta["tags"] if isinstance(meta["tags"], list) else [meta["tags"]]
    sources = meta.get("sources") or []
    try:
        version = int(meta["version"])
    except (TypeError, ValueError):
        raise NoteError(f"{path.name}: version must be an integer") from None
    body = match.group(2).strip()
    if "\n## " not in "\n" + body:
        raise NoteError(f"{path.name}: body has no '## ' sections")
    return Note(
        id=note_id,
        title=str(meta["title"]).strip(),
        tags=tuple(str(t) for t in tags),
        applies_when=str(meta["applies_when"]).strip(),
        version=version,
        sources=tuple(str(s) for s in sources),
        body=body,
        path=path,
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "section"


def chunk_note(note: Note) -> list[Chunk]:
    """One chunk per section, plus a summary chunk: the note's own statement of when it applies."""
    chunks = []
    sections = re.split(r"^## +", note.body, flags=re.MULTILINE)[1:]
    for section in [f"When it applies\n{note.applies_when}", *sections]:
        heading, _, text = section.partition("\n")
        text = text.strip()
        if not text:
            continue
        digest = hashlib.sha256(
            f"{note.title}\n{heading}\n{text}\n{note.tags}".encode()
        ).hexdigest()
        chunks.append(
            Chunk(
                chunk_id=f"{note.id}#{_slug(heading)}",
                doc_id=note.id,
                title=note.title,
                section=heading.strip(),
                text=text,
                tags=note.tags,
                content_hash=digest[:16],
            )
        )
    return chunks


def load_corpus(notes_dir: Path) -> Corpus:
    """Load every note; a broken note is reported and skipped, never fatal for the rest."""
    notes: dict[str, Note] = {}
    problems: list[str] = []
    if not notes_dir.is_dir():
        return Corpus({}, [], "empty", [f"knowledge folder {notes_dir} does not exist"])
    for path in sorted(notes_dir.glob("*.md")):
        try:
            note = parse_note(path)
        except (NoteError, UnicodeDecodeError, OSError) as exc:
            problems.append(
                str(exc) if isinstance(exc, NoteError) else f"{path.name}: unreadable ({exc})"
            )
            continue
        if note.id in notes:
            problems.append(
                f"{path.name}: duplicate id {note.id!r} (also in {notes[note.id].path.name}); skipped"
            )
            continue
        notes[note.id] = note
    chunks = [c for note in notes.values() for c in chunk_note(note)]
    digest = hashlib.sha256()
    for c in sorted(chunks, key=lambda c: c.chunk_id):
        digest.update(f"{c.chunk_id}:{c.content_hash}\n".encode())
    version = f"kb-{digest.hexdigest()[:12]}" if chunks else "empty"
    return Corpus(notes, chunks, version, problems)
