"""Roadmap exports (`discovery export`): Markdown, DOCX and PDF client documents.

The roadmap is built from text that went through the product's redactor, with planted personal
information; exports must hold only what the store holds, show markup literally, keep macrons
and curly quotes, carry the readiness chart, and say DRAFT on every page until approved.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from agents.contracts import Citation, Evidence, Provenance, Roadmap, RoadmapItem, RoadmapWorkflow
from discovery.cli import main
from exports import ExportError, export_roadmap
from exports.chart import is_known, readiness
from privacy import PseudonymMap, Redactor
from storage import InterviewStore, make_engine, migrate

PLANTED = ("Aroha Ngata", "021 555 0199", "aroha.ngata@example.co.nz")
MARKUP = "<script>alert(1)</script> **bold** [link]("
MACRONS = "whānau-owned"
VOWELS = "ā ē ī ō ū Ā Ē Ī Ō Ū"
CURLY = "“mostly by hand”"
SECTIONS = (
    "Summary",
    "Priority workflows",
    "Quick wins",
    "Risks and guardrails",
    "Data requirements",
    "Phases",
    "Where not to use AI yet",
    "Open questions",
    "About this document",
)
PROVENANCE = dict(model="rules-v1", prompt_version="p-2025.11", knowledge_version="kb-7f3a")


def _roadmap(redactor: Redactor) -> Roadmap:
    pseudonyms = PseudonymMap()

    def r(text: str) -> str:
        return redactor.redact(text, pseudonyms).redacted

    quote = r("Aroha Ngata builds every quote in a spreadsheet – “mostly by hand”.")
    cite = [Citation(doc_id="process-before-ai", title="Fix the process before adding AI")]
    review = [Citation(doc_id="human-review", title="Human review of AI output")]
    return Roadmap(
        interview_id="ignored",
        overall_recommendation="strategy_first",
        summary=r(
            f"Aroha Ngata runs a {MACRONS} bakery in Ōtautahi; call 021 555 0199 or email "
            "aroha.ngata@example.co.nz. Test <script>alert(1)</script> **bold** "
            "[link](http://x) for escaping."
        ),
        reasons=[r("Quoting data lives in three places – nobody trusts the totals.")],
        workflows=[
            RoadmapWorkflow(
                name="Catering quotes",
                process=r("Emails arrive, Aroha Ngata retypes them, about 6 hours a week"),
                owner="front of house manager",
                data_sources=["email", "spreadsheet"],
                risks=[r("customer phone numbers like 021 555 0199 in the sheet")],
                success_metric="hours spent quoting per week",
                verdict="fix_process_first",
                rationale="The data is untrusted: repair the process first.",
                evidence=[Evidence(turn=3, quote=quote)],
                guidance=cite,
                approach="process_repair",
                priority=1,
            ),
            RoadmapWorkflow(
                name="Rōpū rostering",
                process="rosters drawn up on paper each Sunday",
                owner="not yet known",
                data_sources=["paper roster"],
                risks=["not yet discussed"],
                success_metric="unclear (fewer clashes, somehow)",
                verdict="strategy_first",
                rationale="Owner and success measure are not yet known.",
                evidence=[Evidence(turn=5, quote="the roster is a mess every week")],
                guidance=review,
                approach="decide_in_strategy",
                priority=2,
            ),
        ],
        quick_wins=[
            RoadmapItem(
                text="One shared order form instead of free-text emails",
                workflow="Catering quotes",
                owner="front of house manager",
                success_metric="hours spent quoting per week",
                evidence=[Evidence(turn=3, quote=quote)],
                guidance=cite,
            )
        ],
        risks=[RoadmapItem(text="A person reviews every quote before it is sent", guidance=review)],
        data_requirements=[
            RoadmapItem(text="Agree one price list and who keeps it current"),
            RoadmapItem(text=f"Keep macrons in customer records: {VOWELS}"),
        ],
        phases=[
            RoadmapItem(text="Weeks 1–2: shared order form", phase="now"),
            RoadmapItem(text="Weeks 3–6: template quotes", phase="next"),
            RoadmapItem(text="Quarter 2: consider AI drafting", phase="later"),
        ],
        avoid_ai_for_now=[RoadmapItem(text="Pricing decisions without human review")],
        open_questions=[RoadmapItem(text="Who owns rostering?", workflow="Rōpū rostering")],
        provenance=Provenance(generated_at="2025-11-20T09:30:00+13:00", **PROVENANCE),
    )


@pytest.fixture
def store(tmp_path):
    engine = make_engine(f"sqlite:///{(tmp_path / 'exports.db').as_posix()}")
    migrate(engine)
    with InterviewStore(engine) as store:
        yield store


@pytest.fixture(scope="module")
def roadmap_json(redactor) -> dict:
    content = _roadmap(redactor).model_dump(mode="json")
    flat = repr(content)
    assert not [value for value in PLANTED if value in flat], "the redactor let a value through"
    assert "<PERSON_1>" in flat and MARKUP in flat
    return content


def _interview(store: InterviewStore, roadmap: dict, *statuses: str) -> str:
    record, _ = store.create_interview(
        consent_version="c1", state={}, **{k: PROVENANCE[k] for k in PROVENANCE}
    )
    for status in statuses:
        content = dict(roadmap, interview_id=record.id)
        store.save_roadmap(record.id, content, author="agent", status=status, **PROVENANCE)
    return record.id


@pytest.fixture
def draft_id(store, roadmap_json) -> str:
    return _interview(store, roadmap_json, "draft")


@pytest.fixture
def approved_id(store, roadmap_json) -> str:
    # The latest version decides: draft, then a consultant's approved version.
    return _interview(store, roadmap_json, "draft", "approved")


def _docx_text(path: Path) -> tuple[str, list[str], int]:
    """(body text, header text of each section, number of pictures)."""
    document = docx.Document(str(path))
    body = "\n".join(p.text for p in document.paragraphs)
    headers = ["\n".join(p.text for p in s.header.paragraphs) for s in document.sections]
    return body, headers, len(document.inline_shapes)


def _pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _no_planted(text: str) -> None:
    for value in PLANTED:
        assert value not in text
        assert value.replace(" ", "") not in text.replace(" ", "")


def test_markdown_draft(store, draft_id, tmp_path):
    path = export_roadmap(store, draft_id, "md", tmp_path / "out" / "roadmap.md")
    assert path == (tmp_path / "out" / "roadmap.md").resolve()
    text = path.read_text("utf-8")
    assert text.startswith("> **DRAFT – not approved by a consultant.**")
    assert text.rstrip().endswith("Review and approve before sharing.")
    assert "# AI roadmap" in text and draft_id in text.replace("\\_", "_")
    assert re.search(r"Discovery interview \S+ · \d{4}-\d{2}-\d{2}", text)
    for title in SECTIONS:
        assert f"## {title}" in text or f"**{title}**" in text, title
    assert "| Workflow | Process | Owner | Data sources | Risk | Success metric | Known |" in text
    assert "| Catering quotes | ● known | ● known | ● known | ● known | ● known | 5/5 |" in text
    assert "| ○ not yet | ● known | ○ not yet | ○ not yet | 2/5 |" in text
    assert MACRONS in text and CURLY in text and "Rōpū rostering" in text and VOWELS in text
    assert (
        "Turn 3\\: “" in text and "Fix the process before adding AI \\[process-before-ai\\]" in text
    )
    assert "rules-v1" in text and "p-2025.11" in text and "kb-7f3a" in text
    _no_planted(text)


def test_markdown_markup_is_literal(store, draft_id, tmp_path):
    markdown_it = pytest.importorskip("markdown_it")
    text = export_roadmap(store, draft_id, "md", tmp_path / "r.md").read_text("utf-8")
    assert "<script>" not in text
    html = markdown_it.MarkdownIt("commonmark").render(text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold** [link](&lt;URL_1&gt;)" in html
    assert "<script" not in html and "<strong>bold" not in html and "<a " not in html
    assert "&lt;PERSON_1&gt;" in html


def test_markdown_approved_has_no_draft(store, approved_id, tmp_path):
    text = export_roadmap(store, approved_id, "md", tmp_path / "r.md").read_text("utf-8")
    assert "DRAFT" not in text
    assert "Approved by a consultant" in text and "Roadmap version:** 2" in text


def test_docx_draft(store, draft_id, tmp_path):
    path = export_roadmap(store, draft_id, "docx", tmp_path / "roadmap.docx")
    body, headers, pictures = _docx_text(path)
    assert headers and all("DRAFT – not approved by a consultant" in h for h in headers)
    title_page = body.split("Summary")[0]
    assert "AI roadmap" in title_page and f"Discovery interview {draft_id}" in title_page
    assert "DRAFT" in title_page and re.search(r" · \d{4}-\d{2}-\d{2}", title_page)
    for title in SECTIONS:
        assert f"\n{title}\n" in body, title
    assert pictures == 1  # the readiness chart
    assert "Readiness by workflow" in body
    assert f"{MARKUP}<URL_1>)" in body
    assert MACRONS in body and CURLY in body and VOWELS in body
    assert "Turn 3: “" in body and "Fix the process before adding AI [process-before-ai]" in body
    assert "Verdict: Fix the process first (fix_process_first)" in body
    assert "Approach: Process repair" in body
    for phase in ("Now", "Next", "Later"):
        assert f"\n{phase}\n" in body
    _no_planted(body + "".join(headers))


def test_docx_approved_has_no_draft(store, approved_id, tmp_path):
    path = export_roadmap(store, approved_id, "docx", tmp_path / "roadmap.docx")
    body, headers, pictures = _docx_text(path)
    assert "DRAFT" not in body and not any("DRAFT" in h for h in headers)
    assert "Approved by a consultant (version 2)" in body and pictures == 1


def test_pdf_draft_marks_every_page(store, draft_id, tmp_path):
    path = export_roadmap(store, draft_id, "pdf", tmp_path / "roadmap.pdf")
    assert path.read_bytes().startswith(b"%PDF-")
    pages = _pdf_pages(path)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert "DRAFT – not approved by a consultant" in page, number
        assert f"Page {number} of {len(pages)}" in page
    assert "AI roadmap" in pages[0] and f"Discovery interview {draft_id}" in _flat(pages[0])
    text = _flat("\n".join(pages))
    for title in SECTIONS:
        assert title in text, title
    assert "Readiness by workflow" in text
    reader = PdfReader(str(path))
    assert sum(len(page.images) for page in reader.pages) == 1  # the chart
    assert f"{MARKUP}<URL_1>)" in text
    assert "<PERSON_1>" in text
    assert MACRONS in text and CURLY in text and VOWELS in text and "Rōpū" in text
    assert "Weeks 1–2" in text
    _no_planted(text)


def test_pdf_approved_has_no_draft(store, approved_id, tmp_path):
    path = export_roadmap(store, approved_id, "pdf", tmp_path / "roadmap.pdf")
    pages = _pdf_pages(path)
    assert pages and not any("DRAFT" in page for page in pages)
    assert "Approved by a consultant (version 2)" in _flat(pages[0])


def test_readiness_from_workflow_fields(roadmap_json):
    rows = readiness(roadmap_json["workflows"])
    assert [(r.name, r.known) for r in rows] == [
        ("Catering quotes", (True, True, True, True, True)),
        ("Rōpū rostering", (True, False, True, False, False)),
    ]
    unknowns: list[object] = ["not yet known", "Unclear (maybe)", "not yet discussed", "", None, []]
    for unknown in unknowns:
        assert not is_known(unknown)
    assert not is_known(["not yet known"]) and is_known(["not yet known", "Xero"])
    assert is_known("sales manager") and is_known("hours, not yet measured")


def test_export_errors(store, roadmap_json, tmp_path):
    draft = _interview(store, roadmap_json, "draft")
    empty = _interview(store, roadmap_json)
    with pytest.raises(ExportError, match="no interview"):
        export_roadmap(store, "f" * 32, "md", tmp_path / "x.md")
    with pytest.raises(ExportError, match="no roadmap"):
        export_roadmap(store, empty, "md", tmp_path / "x.md")
    with pytest.raises(ExportError, match="unknown format"):
        export_roadmap(store, draft, "html", tmp_path / "x.html")
    with pytest.raises(ExportError, match="cannot write"):
        export_roadmap(store, draft, "md", tmp_path)  # a directory
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ExportError, match="cannot write"):
        export_roadmap(store, draft, "pdf", blocker / "x.pdf")  # parent is a file
    assert not (tmp_path / "x.md").exists()


def test_cli_export(tmp_path, roadmap_json, capsys):
    from discovery.settings import get_settings

    with InterviewStore.from_settings(get_settings()) as store:
        draft = _interview(store, roadmap_json, "draft")
    for fmt in ("md", "docx", "pdf"):
        out = tmp_path / f"roadmap.{fmt}"
        assert main(["export", draft, "--format", fmt, "--out", str(out)]) == 0
        assert capsys.readouterr().out.strip() == str(out.resolve())
        assert out.stat().st_size > 0
    assert main(["export", "f" * 32, "--format", "md", "--out", str(tmp_path / "x.md")]) == 2
    assert "no interview" in capsys.readouterr().err
    assert main(["export", draft, "--format", "xls", "--out", str(tmp_path / "x.xls")]) == 2
    assert "unknown format" in capsys.readouterr().err
    assert not (tmp_path / "x.md").exists() and not (tmp_path / "x.xls").exists()


def test_docx_reads_back_from_bytes(store, draft_id, tmp_path):
    """The DOCX is a valid package python-docx can open from memory (what a browser download gets)."""
    data = export_roadmap(store, draft_id, "docx", tmp_path / "r.docx").read_bytes()
    assert docx.Document(io.BytesIO(data)).paragraphs


def test_pdf_prints_odd_text_as_typed(caplog):
    """fpdf2's "{nb}" alias, characters the font lacks and control characters are all safe."""
    from exports.document import build_document
    from exports.pdf import render_pdf

    odd = "Total {nb} pages? 🎉 漢 ﬁle \x00\x1b tab\there ʻokina"
    roadmap = {
        "interview_id": "odd",
        "overall_recommendation": "strategy_first",
        "summary": odd,
        "workflows": [],
        "provenance": {"model": "m", "prompt_version": "p", "knowledge_version": "k"},
    }
    with caplog.at_level("WARNING"):
        data = render_pdf(build_document(roadmap, approved=True))
    assert not caplog.records  # e.g. fpdf2's "missing the following glyphs"
    text = _flat("".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    assert "Total {nb} pages? ? ? file tab here ʻokina" in text
    assert "Page 1 of 2" in text and "DRAFT" not in text
