"""The roadmap document as DOCX (python-docx): a title page, headings, bullet lists, the
readiness chart as a picture, "Page N of M" in the footer and, until a consultant approves the
roadmap, "DRAFT – not approved by a consultant" in the header of every section (so every page)
and a large DRAFT mark on the title page. Text is added as plain runs: never parsed as markup."""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from exports.chart import render_png
from exports.document import Bullets, Chart, Document, Paragraph, Subheading

DRAFT_RED = RGBColor(0xB7, 0x1C, 0x1C)
MUTED = RGBColor(0x61, 0x61, 0x61)
CONTENT_WIDTH = Mm(170)


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the page."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _header_footer(document: DocxDocument, doc: Document) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)
        section.different_first_page_header_footer = False
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if doc.approved:
            run = header.add_run(f"{doc.title} · {doc.subtitle}")
            run.font.color.rgb = MUTED
        else:
            run = header.add_run(doc.status)
            run.bold = True
            run.font.color.rgb = DRAFT_RED
        run.font.size = Pt(9)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Page ").font.size = Pt(9)
        _field(footer, "PAGE")
        footer.add_run(" of ").font.size = Pt(9)
        _field(footer, "NUMPAGES")


def _title_page(document: DocxDocument, doc: Document) -> None:
    add = document.add_paragraph
    for _ in range(6):
        add()
    add(doc.title, style="Title")
    add(doc.subtitle, style="Subtitle")
    if not doc.approved:
        mark = add()
        run = mark.add_run("DRAFT")
        run.bold = True
        run.font.size = Pt(48)
        run.font.color.rgb = DRAFT_RED
        note = add().add_run(f"{doc.status}. Review and approve before sharing.")
        note.bold = True
        note.font.color.rgb = DRAFT_RED
    else:
        version = f" (version {doc.version})" if doc.version else ""
        add().add_run(doc.status + version).bold = True
    line = add()
    line.add_run("Overall recommendation: ").bold = True
    line.add_run(doc.recommendation)
    add().add_run("Prepared from a redacted interview transcript.").font.color.rgb = MUTED
    add().add_run().add_break(WD_BREAK.PAGE)


def _labelled(paragraph: DocxParagraph, label: str, text: str) -> None:
    if label:
        paragraph.add_run(f"{label}: " if text else label).bold = True
    if text:
        paragraph.add_run(text)


def _chart(document: DocxDocument, chart: Chart) -> None:
    document.add_paragraph("Readiness by workflow", style="Heading 3")
    image = render_png(chart.rows)
    width = min(Mm(image.width_mm), CONTENT_WIDTH)
    picture = document.add_picture(io.BytesIO(image.png), width=width)
    picture._inline.docPr.set("descr", chart.caption)  # alt text for screen readers
    document.add_paragraph(chart.caption, style="Caption")


def render_docx(doc: Document) -> bytes:
    document = new_document()
    props = document.core_properties
    props.title = f"{doc.title} – {doc.interview_id}"
    props.subject = doc.status
    props.author = props.last_modified_by = "AI discovery interview"
    props.comments = ""
    _header_footer(document, doc)
    _title_page(document, doc)
    for section in doc.sections:
        document.add_heading(section.title, level=1)
        for block in section.blocks:
            if isinstance(block, Subheading):
                document.add_heading(block.text, level=2)
            elif isinstance(block, Paragraph):
                _labelled(document.add_paragraph(), block.label, block.text)
            elif isinstance(block, Bullets):
                for item in block.items:
                    _labelled(document.add_paragraph(style="List Bullet"), item.label, item.text)
                    for sub in item.sub:
                        document.add_paragraph(sub, style="List Bullet 2")
            elif isinstance(block, Chart):
                _chart(document, block)
    document.add_heading("About this document", level=1)
    for p in doc.provenance:
        _labelled(document.add_paragraph(), p.label, p.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
