"""PDF, HTML and Word documents: extracted text, exact citations, unreadable files, listing and removal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from assistant import Assistant
from ingest import extract_text, ingest_paths, list_documents, open_index, remove_document

PDF_LINES = ["Harbour Lights Annual Report", "Portmere, March 3, 2025",
             "The Harbour Lights trust restored 14 lighthouses along the northern coast during the year, and "
             "trained 230 volunteer keepers to look after them through the winter storms.",
             "Funding for the lantern repairs came from 5,400 private donors."]
PAGE = """<html><head><title>City news</title><style>p { color: red }</style></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<h1>Tram   line
opens</h1>
<p>The new Eastfield tram line carries
   9,000 riders a day.<br>It opened on May 2, 2025.</p>
<script>var tracking = "riders";</script>
<ul><li>Depot Road</li><li>Mill Square</li></ul>
<table><tr><th>Stop</th><th>Minutes</th></tr><tr><td>Mill Square</td><td>12</td></tr></table>
</body></html>"""


def write_pdf(path: Path, lines: list[str], **encryption) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in lines:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    if encryption:
        pdf.set_encryption(**encryption)
    pdf.output(str(path))
    return path


def write_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Orchard Survey", level=1)
    document.add_paragraph("The county orchard survey counted 1,250 apple trees across 31 farms.")
    table = document.add_table(rows=2, cols=2)
    for row, texts in enumerate([("Variety", "Trees"), ("Bramley", "610")]):
        for column, text in enumerate(texts):
            table.cell(row, column).text = text
    document.add_paragraph("Volunteers planted 80 pear trees at Long Acre farm as well.")
    document.save(str(path))
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with one PDF, one web page and one Word document."""
    documents = tmp_path / "documents"
    documents.mkdir()
    write_pdf(documents / "report.pdf", PDF_LINES)
    (documents / "page.html").write_text(PAGE, encoding="utf-8")
    write_docx(documents / "survey.docx")
    return documents


def test_each_format_gives_its_visible_text_in_paragraphs(folder: Path):
    assert extract_text(folder / "report.pdf") == "\n".join(PDF_LINES) + "\n"
    assert extract_text(folder / "page.html") == (
        "Tram line opens\n\nThe new Eastfield tram line carries 9,000 riders a day.\nIt opened on May 2, 2025.\n\n"
        "Depot Road\n\nMill Square\n\nStop | Minutes\n\nMill Square | 12\n")
    assert extract_text(folder / "survey.docx") == (
        "Orchard Survey\n\nThe county orchard survey counted 1,250 apple trees across 31 farms.\n\n"
        "Variety | Trees\n\nBramley | 610\n\nVolunteers planted 80 pear trees at Long Acre farm as well.\n")


def test_citations_of_pdf_html_and_word_documents_open_at_their_offsets(folder: Path, tmp_path: Path, settings):
    bot = Assistant(settings.with_(index_path=tmp_path / "index", corpus_path=folder))
    questions = {"report.pdf": "How many lighthouses did the Harbour Lights trust restore?",
                 "page.html": "How many riders a day does the Eastfield tram line carry?",
                 "survey.docx": "How many pear trees did volunteers plant at Long Acre farm?"}
    for name, question in questions.items():
        answer = bot.ask(question, history=[])
        cited = [c for c in answer.citations if Path(c.source).name == f"{name}.txt"]
        assert cited, (question, answer.text, [c.source for c in answer.citations])
        for citation in cited:
            assert Path(citation.source).is_relative_to(tmp_path / "index" / "texts")
            with open(citation.source, encoding="utf-8") as stored:
                text = stored.read()
            assert text[citation.start:citation.end] == citation.text
            assert text[citation.quote_start:citation.quote_end] == citation.quote


def test_unreadable_files_are_skipped_with_a_reason_and_the_rest_ingested(folder: Path, settings):
    (folder / "damaged.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nthe rest is missing")
    (folder / "photo.docx").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write_pdf(folder / "locked.pdf", ["Secret figures."], owner_password="owner", user_password="reader")
    write_pdf(folder / "blank.pdf", [])
    summary = ingest_paths([folder], open_index(settings), progress=False)
    reasons = {Path(f.path).name: f.reason for f in summary.failures}
    assert set(reasons) == {"damaged.pdf", "photo.docx", "locked.pdf", "blank.pdf"}
    assert "damaged" in reasons["damaged.pdf"] and "PDF" in reasons["damaged.pdf"]
    assert "DOCX" in reasons["photo.docx"]
    assert "password" in reasons["locked.pdf"]
    assert "no text" in reasons["blank.pdf"]
    assert summary.files == 3 and summary.added == 3
    assert f"skipped {folder / 'locked.pdf'}: encrypted PDF" in str(summary)


def test_documents_are_listed_and_removed_with_their_stored_text(folder: Path, settings):
    index = open_index(settings)
    ingest_paths([folder, settings.corpus_path], index, progress=False)
    listed = {Path(d.original).name: d for d in list_documents(index)}
    release = listed["huawei-partner2connect-2022-11-24.txt"]
    assert (release.passages, release.date, release.source) == (14, "2022-11-24", release.original)
    report = listed["report.pdf"]
    assert (report.title, report.date, report.passages, report.name) == (
        "Harbour Lights Annual Report", "2025-03-03", 1, "report.pdf")
    assert (listed["page.html"].title, listed["survey.docx"].title) == ("Tram line opens", "Orchard Survey")
    assert Path(report.source).read_text(encoding="utf-8") == extract_text(folder / "report.pdf")

    assert ingest_paths([folder], index, progress=False).added == 0
    assert remove_document(index, folder / "report.pdf") == 1
    assert not Path(report.source).exists()
    assert remove_document(index, listed["survey.docx"].source) == listed["survey.docx"].passages
    assert remove_document(index, folder / "never-ingested.pdf") == 0
    assert sorted(d.name for d in list_documents(index)) == ["huawei-partner2connect-2022-11-24.txt", "page.html"]


def test_a_deleted_pdf_in_an_ingested_folder_loses_its_passages(folder: Path, settings):
    index = open_index(settings)
    ingest_paths([folder], index, progress=False)
    (folder / "report.pdf").unlink()
    assert ingest_paths([folder], index, progress=False).removed == 1
    assert "report.pdf" not in {d.name for d in list_documents(index)}


def test_command_line_lists_and_removes_documents(folder: Path, settings):
    ingest_paths([folder], open_index(settings), progress=False)
    env = {"ASSISTANT_INDEX_PATH": str(settings.index_path), "PATH": "/usr/bin:/bin", "HOME": str(Path.home())}
    run = subprocess.run([sys.executable, "-m", "ingest", "--remove", str(folder / "page.html"), "--list"],
                         capture_output=True, text=True, env=env, cwd=Path(__file__).parent.parent, timeout=300)
    assert f"removed {folder / 'page.html'} (1 passage(s))" in run.stdout
    assert f"Harbour Lights Annual Report | 2025-03-03 | 1 passage(s) | {folder / 'report.pdf'}" in run.stdout
    assert "Tram line opens" not in run.stdout
    assert run.returncode == 0
