"""`export_roadmap`: the latest roadmap version of an interview, written as a client document.

Only what the store holds is exported: the redacted roadmap. A version whose status is not
"approved" (set when a consultant approves it) is marked DRAFT on every page.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from exports.document import Document, build_document

if TYPE_CHECKING:
    from storage import InterviewStore

FORMATS = ("md", "docx", "pdf")
APPROVED = "approved"


class ExportError(Exception):
    """The export cannot be made; the message says why (safe to show to the user)."""


def _renderer(fmt: str) -> Callable[[Document], bytes]:
    if fmt == "md":
        from exports.markdown import render_markdown

        return lambda doc: render_markdown(doc).encode("utf-8")
    if fmt == "docx":
        from exports.docx import render_docx

        return render_docx
    from exports.pdf import render_pdf

    return render_pdf


def check_format(fmt: str) -> str:
    normalised = fmt.strip().lower().lstrip(".")
    if normalised not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return normalised


def _write(data: bytes, out_path: Path) -> Path:
    """Write atomically (a temporary file beside it, then rename): never a half-written file."""
    path = out_path.expanduser()
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a directory")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path.resolve()


def export_roadmap(
    store: InterviewStore, interview_id: str, fmt: str, out_path: str | os.PathLike[str]
) -> Path:
    """Write the latest roadmap of `interview_id` as `fmt` (md, docx, pdf) to `out_path`;
    returns the written path. Raises `ExportError` for an unknown interview or format, an
    interview without a roadmap, a stored roadmap that is not valid, or an unwritable path."""
    from agents.contracts import Roadmap

    fmt = check_format(fmt)
    if store.get(interview_id) is None:
        raise ExportError(f"no interview with id {interview_id!r}")
    record = store.latest_roadmap(interview_id)
    if record is None:
        raise ExportError(f"interview {interview_id!r} has no roadmap yet")
    try:
        roadmap = Roadmap.model_validate(record.content).model_dump(mode="json")
        roadmap["interview_id"] = interview_id
    except ValidationError as exc:
        raise ExportError(
            f"roadmap version {record.version} of interview {interview_id!r} is not a valid "
            f"roadmap ({exc.error_count()} problem(s))"
        ) from None
    doc = build_document(
        roadmap,
        approved=record.status == APPROVED,
        version=record.version,
        date=record.created_at.date().isoformat(),
    )
    return _write(_renderer(fmt)(doc), Path(out_path))
