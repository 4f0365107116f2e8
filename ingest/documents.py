"""Read documents (text, PDF, HTML, Word) from files and folders, rejecting what cannot be read."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ingest.loaders import LOADERS, SUPPORTED_SUFFIXES, extract_text
from ingest.texts import store_text
from settings import Settings

BYTES_PER_MB = 1_000_000
# A title is read from the first lines: a headline is a short line without a closing full stop; a dateline
# ("Shenzhen, China, November 24, 2022") is a short line with a date; otherwise the first sentence, cut short.
LINES_FOR_TITLE = 6
TITLE_WORDS = 20
DATELINE_CHARS = 80
SUMMARY_CHARS = 90

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_PATTERNS = (  # "November 24, 2022", "24 November 2022", "2022-11-24"
    (re.compile(rf"\b{_MONTH} \d{{1,2}}, \d{{4}}\b"), ("%B %d, %Y", "%b %d, %Y")),
    (re.compile(rf"\b\d{{1,2}} {_MONTH} \d{{4}}\b"), ("%d %B %Y", "%d %b %Y")),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), ("%Y-%m-%d",)),
)


@dataclass(frozen=True)
class Document:
    """One source file: ``text`` is what Python reads from it, offsets index into it.

    For a PDF, HTML or Word file, ``source`` is the stored extracted text and ``original`` the file itself.
    """

    source: str
    text: str
    title: str
    date: str
    original: str = ""


@dataclass(frozen=True)
class Failure:
    """A path that could not be ingested, and why, in words for the user."""

    path: str
    reason: str


def find_files(paths: Iterable[Path]) -> tuple[list[Path], list[Failure]]:
    """Expand folders into the files ingest reads (sorted); missing paths become failures."""
    files, failures = [], []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.is_file():
            files.append(path)
        else:
            failures.append(Failure(str(path), "no such file or folder"))
    return files, failures


def read_document(path: Path, texts_dir: Path | None = None, max_mb: float = Settings.max_file_mb) -> Document:
    """Read one file as a Document; raises ValueError with a readable reason.

    Text files are cited in place; the text of any other type is stored under ``texts_dir`` and cited there.
    """
    size = path.stat().st_size
    if size > max_mb * BYTES_PER_MB:
        raise ValueError(f"file is {size:,} bytes, over the {max_mb:g} MB limit "
                         "(ASSISTANT_MAX_FILE_MB; 1 MB = 1,000,000 bytes)")
    text = extract_text(path)
    if path.suffix.lower() not in LOADERS:
        return Document(source=str(path.resolve()), text=text, title=_title(path, text), date=_date(text))
    if texts_dir is None:
        raise ValueError("no folder to store the extracted text in (pass texts_dir)")
    stored = store_text(texts_dir, path, text)
    return Document(source=str(stored), text=stored.read_text(encoding="utf-8"),
                    title=_title(path, text), date=_date(text), original=str(path.resolve()))


def _title(path: Path, text: str) -> str:
    """A Markdown heading; else the first line that reads like a headline, or the first sentence cut short, skipping
    notes in brackets and datelines; the file name only when the text gives nothing."""
    heading = re.match(r"\s*#\s+(.+)", text)
    if heading:
        return heading.group(1).strip()
    for line in (line.strip() for line in text.splitlines()[:LINES_FOR_TITLE]):
        if not line or line[0] in "[(" or (_date(line) and len(line) <= DATELINE_CHARS) or line.isupper():
            continue  # a note, a dateline, or a masthead in capitals ("CITY COUNCIL - NEWS")
        if len(line.split()) <= TITLE_WORDS and not line.endswith((".", ":", ";", ",")):
            return line
        return _cut(re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0])
    words = re.sub(r"\d{4}-\d{2}-\d{2}$", "", path.stem).replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def _cut(sentence: str) -> str:
    """A sentence shortened at a word to at most SUMMARY_CHARS characters, with an ellipsis when cut."""
    if len(sentence) <= SUMMARY_CHARS:
        return sentence.rstrip(".")
    return sentence[:SUMMARY_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _date(text: str) -> str:
    head = text[:400]
    for pattern, formats in _DATE_PATTERNS:
        match = pattern.search(head)
        if match:
            found = match.group(0).replace(".", "").replace("Sept", "Sep")
            for candidate in formats:
                try:
                    return datetime.strptime(found, candidate).date().isoformat()
                except ValueError:
                    continue
    return ""
