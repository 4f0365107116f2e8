"""Sentence spans with character offsets, shared by splitting, verification and extraction."""

from __future__ import annotations

import re

# A sentence ends at . ! or ? (optionally followed by closing quotes or brackets) before
# whitespace; the abbreviations below end with a dot but do not end a sentence.
_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+)")
_ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "prof", "st", "no", "vs", "etc", "e.g", "i.e", "inc", "ltd",
                  "co", "corp", "jr", "sr", "u.s", "u.k", "jan", "feb", "mar", "apr", "jun", "jul",
                  "aug", "sep", "sept", "oct", "nov", "dec"}


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences; returns (start, end) offsets into ``text``."""
    end = len(text) if end is None else end
    spans = []
    for line in re.finditer(r"[^\n]+", text[:end]):
        if line.end() > start:
            spans += _line_sentences(text, max(start, line.start()), line.end())
    return spans


def _line_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for match in _END.finditer(text, start, end):
        word = re.search(r"([\w.]+)\.$", text[cursor:match.start() + 1])
        if match.group(0).startswith(".") and word and word.group(1).lower() in _ABBREVIATIONS:
            continue
        spans.append(_trimmed(text, cursor, match.end()))
        cursor = match.end()
    if text[cursor:end].strip():
        spans.append(_trimmed(text, cursor, end))
    return [span for span in spans if span[1] > span[0]]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
