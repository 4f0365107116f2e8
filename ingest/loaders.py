"""Plain text out of each supported file type, behind one ``extract_text(path)``."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")

# Tags whose text is not part of what a page says.
_HTML_DROPPED = ["script", "style", "nav", "noscript", "template", "head", "svg", "iframe", "form"]
_HTML_BLOCKS = ["p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "pre",
                "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "tr", "table", "figcaption", "address"]
WRAPPED_LINE_SHARE = 0.7   # of the page's longest line: a line this long that ends mid-sentence was wrapped
_SENTENCE_END = re.compile(r"[.!?:;\"”’)]\s*$")


class Unreadable(ValueError):
    """A file that cannot be ingested; the message says why, in words for the user."""


def extract_text(path: Path) -> str:
    """The text of a .txt/.md, .pdf, .html or .docx file; raises ValueError saying why it cannot be read."""
    path = Path(path)
    loader = _loader(path.suffix.lower())
    try:
        text = loader(path)
    except (Unreadable, OSError):
        raise
    except Exception as error:  # parsers raise many types for a damaged file; the user needs one message
        kind = path.suffix.lower()[1:].upper()
        raise Unreadable(f"not a readable {kind} file, or a damaged one ({type(error).__name__}: {error})") from None
    if loader is plain_text:
        # Text files are stored as they are: citations index into the file itself.
        if not text.strip():
            raise Unreadable("file is empty")
        return text
    text = _tidy(text)
    if not text.strip():
        raise Unreadable("no text could be extracted (a scanned or empty document?)")
    return text


def plain_text(path: Path) -> str:
    """A UTF-8 text file as Python reads it, so offsets match ``open(path).read()``."""
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise Unreadable("binary file (contains NUL bytes), not text")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Unreadable(f"not UTF-8 text (bad byte at offset {error.start})") from None
    return path.read_text(encoding="utf-8")


def pdf_text(path: Path) -> str:
    """Each page's text with lines broken mid-sentence joined again; pages apart by a blank line."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    if reader.is_encrypted and not reader.decrypt(""):
        raise Unreadable("encrypted PDF that needs a password; save an unprotected copy and ingest that")
    return "\n\n".join(_reflow(page.extract_text() or "") for page in reader.pages)


def html_text(path: Path) -> str:
    """The visible text of a web page, one block (paragraph, heading, list item, row) per paragraph."""
    from bs4 import BeautifulSoup

    raw = path.read_bytes()
    if b"\x00" in raw:
        raise Unreadable("binary file (contains NUL bytes), not HTML")
    soup = BeautifulSoup(raw, "html.parser")
    for tag in soup.find_all(_HTML_DROPPED):
        tag.decompose()
    for text in soup.find_all(string=True):
        if not text.find_parent("pre"):
            text.replace_with(re.sub(r"\s+", " ", text))
    for line_break in soup.find_all("br"):
        line_break.replace_with("\n")
    for row in soup.find_all("tr"):
        row.replace_with("\n\n" + " | ".join(cell.get_text().strip() for cell in row.find_all(["td", "th"])))
    for block in soup.find_all(_HTML_BLOCKS):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    return soup.get_text()


def docx_text(path: Path) -> str:
    """A Word document's paragraphs and table rows, in document order."""
    import docx
    from docx.table import Table

    blocks = []
    for item in docx.Document(str(path)).iter_inner_content():
        if isinstance(item, Table):
            blocks += [" | ".join(_unique(cell.text.strip() for cell in row.cells)) for row in item.rows]
        else:
            blocks.append(item.text)
    return "\n\n".join(block for block in blocks if block.strip())


LOADERS: dict[str, Callable[[Path], str]] = {".pdf": pdf_text, ".html": html_text, ".htm": html_text,
                                             ".docx": docx_text}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + tuple(LOADERS)


def _loader(suffix: str) -> Callable[[Path], str]:
    if suffix == ".doc":
        raise Unreadable("old Word .doc files are not supported; save the document as .docx")
    # Any other file is read as text, where the UTF-8 checks reject what is not.
    return LOADERS.get(suffix, plain_text)


def _reflow(page: str) -> str:
    """Join lines the page wrapped, so sentences are not cut at line ends; titles and datelines stay apart."""
    lines = [line.strip() for line in page.splitlines()]
    # A wrapped line runs nearly the full width and does not end a sentence.
    full_width = WRAPPED_LINE_SHARE * max((len(line) for line in lines), default=0)
    joined: list[str] = []
    wraps = False
    for line in lines:
        if wraps and line:
            joined[-1] += " " + line
        else:
            joined.append(line)
        wraps = len(line) >= full_width and not _SENTENCE_END.search(line)
    return "\n".join(joined)


def _tidy(text: str) -> str:
    """One newline style, no control characters, no trailing spaces, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    text = re.sub(r"\n[ \t\u00a0]+", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _unique(cells) -> list[str]:
    """Cell texts without the repeats python-docx gives for merged cells."""
    kept: list[str] = []
    for cell in cells:
        if not kept or cell != kept[-1]:
            kept.append(cell)
    return kept
