"""Client documents: a roadmap exported as Markdown, DOCX or PDF, marked DRAFT until approved."""

from exports.service import FORMATS, ExportError, export_roadmap

__all__ = ["FORMATS", "ExportError", "export_roadmap"]
