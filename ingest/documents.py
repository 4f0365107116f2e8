"""Read text documents from files and folders, rejecting what is not UTF-8 text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
MAX_FILE_BYTES = 20_000_000

_DATE_PATTERNS = (
    (re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}\b"), None),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "%Y-%m-%d"),
)


@dataclass(frozen=True)
class Document:
    """One source file: ``text`` is what Python reads from it, offsets index into it."""

    source: str
    text: str
    title: str
    date: str


@dataclass(frozen=True)
class Failure:
    """A path that could not be ingested, and why, in words for the user."""

    path: str
    reason: str


def find_files(paths: Iterable[Path]) -> tuple[list[Path], list[Failure]]:
    """Expand folders into their text files (sorted); missing paths become failures."""
    files, failures = [], []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.is_file():
            files.append(path)
        else:
            failures.append(Failure(str(path), "no such file or folder"))
    return files, failures


def read_document(path: Path) -> Document:
    """Read one file as a Document; raises ValueError with a readable reason."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ValueError(f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit")
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise ValueError("binary file (contains NUL bytes), not text")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text (bad byte at offset {error.start})") from None
    # Read again as text so offsets match what readers get from Path.read_text().
    text = path.read_text(encoding="utf-8")
    if not text.strip():
        raise ValueError("file is empty")
    source = str(path.resolve())
    return Document(source=source, text=text, title=_title(path, text), date=_date(text))


def _title(path: Path, text: str) -> str:
    heading = re.match(r"\s*#\s+(.+)", text)
    if heading:
        return heading.group(1).strip()
    words = re.sub(r"\d{4}-\d{2}-\d{2}$", "", path.stem).replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def _date(text: str) -> str:
    head = text[:400]
    for pattern, fmt in _DATE_PATTERNS:
        match = pattern.search(head)
        if match:
            found = match.group(0).replace(".", "").replace("Sept", "Sep")
            for candidate in ((fmt,) if fmt else ("%B %d, %Y", "%b %d, %Y")):
                try:
                    return datetime.strptime(found, candidate).date().isoformat()
                except ValueError:
                    continue
    return ""
