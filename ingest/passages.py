"""Split a document into passages: its paragraphs, with offsets and content-derived ids."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from ingest.documents import Document

MIN_PARAGRAPH_CHARS = 100   # shorter blocks (datelines, headings, links) join a neighbour
MAX_PASSAGE_CHARS = 900     # longer paragraphs split at sentence boundaries

_URL_OR_SENTENCE_END = re.compile(r"(https?://\S+|www\.\S+|[.!?\"”’)])\s*$")


@dataclass(frozen=True)
class Passage:
    """A citable span: ``text == document.text[start:end]``."""

    id: str
    source: str
    start: int
    end: int
    text: str
    title: str = ""
    date: str = ""
    original: str = ""   # the PDF, HTML or Word file whose extracted text ``source`` is; "" for text files

    def metadata(self) -> dict:
        return {"source": self.source, "start": self.start, "end": self.end,
                "title": self.title, "date": self.date, "original": self.original}


def split_document(document: Document) -> list[Passage]:
    """Paragraph passages of a document, short blocks attached, long ones split."""
    spans = []
    for start, end in _attach_short(_paragraph_spans(document.text), document.text):
        spans += _split_long(document.text, start, end)
    return [_passage(document, start, end) for start, end in spans]


def passage_id(source: str, start: int, text: str) -> str:
    """Stable id from where the passage is and what it says."""
    return hashlib.sha256(f"{source}\x00{start}\x00{text}".encode()).hexdigest()[:32]


def _passage(document: Document, start: int, end: int) -> Passage:
    text = document.text[start:end]
    return Passage(passage_id(document.source, start, text), document.source, start, end, text,
                   document.title, document.date, document.original)


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    # Blank lines separate paragraphs when a document has them; otherwise every line is one.
    pattern = r"\S(?:.|\n(?![ \t]*\n))*" if re.search(r"\n[ \t]*\n\s*\S", text) else r"[^\n]*\S[^\n]*"
    spans = []
    for match in re.finditer(pattern, text):
        start, end = match.span()
        while text[start].isspace():
            start += 1
        while text[end - 1].isspace():
            end -= 1
        spans.append((start, end))
    return spans


def _attach_short(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Merge short blocks: lead-ins and headings forward, links and tails backward."""
    merged: list[list[int]] = []
    carry: int | None = None
    for start, end in spans:
        block = text[start:end]
        if carry is not None:
            start, carry = carry, None
        if end - start >= MIN_PARAGRAPH_CHARS or (not merged and len(spans) == 1):
            merged.append([start, end])
        elif merged and _URL_OR_SENTENCE_END.search(block) and not block.rstrip().endswith(":"):
            merged[-1][1] = end
        else:
            carry = start
    if carry is not None:
        if merged:
            merged[-1][1] = spans[-1][1]
        else:
            merged.append([carry, spans[-1][1]])
    return [(start, end) for start, end in merged]


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= MAX_PASSAGE_CHARS:
        return [(start, end)]
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=MAX_PASSAGE_CHARS, chunk_overlap=0, keep_separator="end", add_start_index=True,
        separators=["\n", ". ", "? ", "! ", "; ", ", ", " ", ""])
    pieces = []
    for chunk in splitter.create_documents([text[start:end]]):
        piece_start = start + chunk.metadata["start_index"]
        pieces.append((piece_start, piece_start + len(chunk.page_content)))
    return pieces
