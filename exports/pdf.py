"""The roadmap document as PDF (fpdf2, pure Python) in the bundled DejaVu Sans, so macrons, curly
quotes and dashes print as typed. Until a consultant approves the roadmap, every page carries the
header "DRAFT – not approved by a consultant" and a large diagonal DRAFT watermark; every page has
"Page N of M" in the footer. Text is written with plain `write`/`multi_cell`: never as markup."""

from __future__ import annotations

import io

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from exports.chart import render_png
from exports.document import Bullets, Chart, Document, Paragraph, Subheading
from exports.typeface import BOLD, REGULAR, safe_text

FAMILY = "DejaVu"
INK = (33, 33, 33)
MUTED = (97, 97, 97)
DRAFT_RED = (183, 28, 28)
WATERMARK = (246, 212, 212)
LINE = 5.2  # body line height, mm
# The total-pages placeholder: private-use characters, which `safe_text` never lets through, so
# roadmap text containing fpdf2's default "{nb}" is printed as typed.
PAGES_ALIAS = "\ue000\ue000"
INDENT = 5.0


class _RoadmapPDF(FPDF):
    def __init__(self, doc: Document) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.doc = doc
        self.add_font(FAMILY, "", REGULAR)
        self.add_font(FAMILY, "B", BOLD)
        self.set_margins(20, 22, 20)
        self.set_auto_page_break(auto=True, margin=20)
        self.set_title(safe_text(f"{doc.title} – {doc.interview_id}"))
        self.set_subject(safe_text(doc.status))
        self.set_author("AI discovery interview")
        self.set_creator("discovery export")
        self.set_lang("en-NZ")
        self.alias_nb_pages(PAGES_ALIAS)

    def header(self) -> None:
        with self.local_context():
            if not self.doc.approved:
                self._watermark()
                self.set_font(FAMILY, "B", 9)
                self.set_text_color(*DRAFT_RED)
                text = self.doc.status
            else:
                self.set_font(FAMILY, "", 8)
                self.set_text_color(*MUTED)
                text = f"{self.doc.title} · {self.doc.subtitle}"
            self.set_xy(self.l_margin, 10)
            self.cell(self.epw, 5, safe_text(text), align=Align.C)
        self.set_xy(self.l_margin, self.t_margin)

    def _watermark(self) -> None:
        self.set_font(FAMILY, "B", 110)
        self.set_text_color(*WATERMARK)
        width = self.get_string_width("DRAFT")
        cx, cy = self.w / 2, self.h / 2
        with self.rotation(angle=54, x=cx, y=cy):
            self.text(cx - width / 2, cy + 110 * 0.3528 / 3, "DRAFT")

    def footer(self) -> None:
        with self.local_context():
            self.set_y(-14)
            self.set_font(FAMILY, "", 8)
            self.set_text_color(*MUTED)
            self.cell(0, 5, f"Page {self.page_no()} of {PAGES_ALIAS}", align=Align.C)

    # -- blocks ---------------------------------------------------------------------------------

    def room(self, height: float) -> None:
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def heading(self, text: str, size: float, space: float = 4) -> None:
        self.room(size * 0.3528 * 2 + 12)  # keep a heading with what follows
        self.ln(space)
        self.set_font(FAMILY, "B", size)
        self.set_text_color(*INK)
        self.multi_cell(0, size * 0.45, safe_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def labelled(self, label: str, text: str, indent: float = 0.0, bullet: str = "") -> None:
        """One paragraph or bullet, wrapped with a hanging indent."""
        left = self.l_margin
        self.set_text_color(*INK)
        if bullet:
            self.set_font(FAMILY, "", 10)
            self.set_x(left + indent)
            self.cell(INDENT, LINE, bullet)
            indent += INDENT
        self.set_left_margin(left + indent)
        self.set_x(left + indent)
        if label:
            self.set_font(FAMILY, "B", 10)
            self.write(LINE, safe_text(f"{label}: " if text else label))
        self.set_font(FAMILY, "", 10)
        if text:
            self.write(LINE, safe_text(text))
        self.ln(LINE)
        self.set_left_margin(left)
        self.set_x(left)

    def chart(self, chart: Chart) -> None:
        image = render_png(chart.rows)
        width = min(image.width_mm, self.epw)
        height = image.height_mm * width / image.width_mm
        self.heading("Readiness by workflow", 11, space=2)
        self.room(height + 8)
        self.image(
            io.BytesIO(image.png), x=self.l_margin, w=width, h=height, alt_text=chart.caption
        )
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*MUTED)
        self.multi_cell(0, 4, safe_text(chart.caption), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def title_page(self) -> None:
        doc = self.doc
        self.add_page()
        self.set_y(80)
        self.set_font(FAMILY, "B", 30)
        self.set_text_color(*INK)
        self.multi_cell(0, 13, safe_text(doc.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FAMILY, "", 13)
        self.set_text_color(*MUTED)
        self.multi_cell(0, 7, safe_text(doc.subtitle), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(10)
        if not doc.approved:
            self.set_font(FAMILY, "B", 44)
            self.set_text_color(*DRAFT_RED)
            self.cell(0, 18, "DRAFT", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_font(FAMILY, "B", 11)
            self.multi_cell(
                0,
                6,
                safe_text(f"{doc.status}. Review and approve before sharing."),
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
        else:
            version = f" (version {doc.version})" if doc.version else ""
            self.set_font(FAMILY, "B", 12)
            self.set_text_color(*INK)
            self.cell(0, 7, safe_text(doc.status + version), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(6)
        self.labelled("Overall recommendation", doc.recommendation)
        self.ln(2)
        self.set_font(FAMILY, "", 9)
        self.set_text_color(*MUTED)
        self.cell(0, 5, "Prepared from a redacted interview transcript.")


def render_pdf(doc: Document) -> bytes:
    pdf = _RoadmapPDF(doc)
    pdf.title_page()
    pdf.add_page()
    for section in doc.sections:
        pdf.heading(section.title, 16, space=2 if pdf.get_y() <= pdf.t_margin else 6)
        for block in section.blocks:
            if isinstance(block, Subheading):
                pdf.heading(block.text, 12)
            elif isinstance(block, Paragraph):
                pdf.labelled(block.label, block.text)
                pdf.ln(1.5)
            elif isinstance(block, Bullets):
                for item in block.items:
                    pdf.labelled(item.label, item.text, bullet="•")
                    for sub in item.sub:
                        pdf.labelled("", sub, indent=INDENT, bullet="–")
                pdf.ln(1.5)
            elif isinstance(block, Chart):
                pdf.chart(block)
    pdf.room(len(doc.provenance) * LINE + 25)  # keep the provenance block on one page
    pdf.heading("About this document", 12, space=8)
    for p in doc.provenance:
        pdf.labelled(p.label, p.text)
    return bytes(pdf.output())
