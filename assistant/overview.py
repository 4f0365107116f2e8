"""An overview of several documents ("What are these documents about?"): one quoted, cited line per document, its
most representative opening sentence, rather than a draft that covers the one or two documents it noticed first."""

from __future__ import annotations

import re

import numpy as np

from assistant.evidence import EvidenceFinder
from ingest.passages import Passage

# A question that asks only for an overview of everything indexed, naming no document or topic of its own.
_TARGET = (r"(?:(?:the|these|this|those|all(?: of)?(?: the)?|your|my|each(?: of the)?)\s+)?(?:(?:uploaded|indexed)\s+)?"
           r"(?:documents?|files?|(?:press )?releases?|texts?|articles?|announcements?|reports?|pages?|everything|"
           r"it|they|this|these)")
_OVERVIEW = re.compile(
    rf"^(?:(?:can|could) you\s+|please\s+)?(?:what(?:'s| is| are) (?:in )?{_TARGET}(?: all)?(?: about| on)?|"
    rf"summari[sz]e {_TARGET}|(?:give|write|make)(?: me| us)? (?:a |an )?(?:short |brief |quick )?"
    rf"(?:summary|overview)(?: of {_TARGET})?|(?:a |an )?(?:summary|overview)(?: of {_TARGET})?|"
    rf"what do {_TARGET} (?:say|cover|contain))(?: please)?\s*[?.!]*$", re.IGNORECASE)
# A question asking for the gist of one document: its summary, overview or key points, or what an announcement is
# about ("What's the museum announcement about?", "Key figures of the budget?").
_GIST = re.compile(
    r"\b(?:summar(?:y|i[sz]e)|overview|recap|gist|tl;? ?dr|in a nutshell|(?:key|main) (?:points?|facts?|figures?|"
    r"takeaways?|highlights?|news)|headline)\b|"
    r"\b(?:announc\w*|press release|release|news|statement|report|document|article|story)\b[^?]*\babout\s*[?.!]*$",
    re.IGNORECASE)
LEAD_PASSAGES = 3      # a document's opening passages, where a press release says what it is about
LEAD_SENTENCES = 2     # what one document is about: its two most representative opening sentences
MIN_LEAD_WORDS = 8     # shorter lines are headlines, datelines or labels, not sentences about the document
MAX_DOCUMENTS = 8      # lines in one answer; the newest documents first


def asks_overview(question: str) -> bool:
    """Whether the question asks only what everything indexed is about."""
    return _OVERVIEW.match(question.strip()) is not None


def asks_gist(question: str) -> bool:
    """Whether the question asks what one document is about, or for its summary or key points."""
    return _GIST.search(question) is not None


def lead_draft(document: list[Passage], finder: EvidenceFinder) -> tuple[str, list[Passage]]:
    """A draft of one document's headline, where it has one, and its most representative opening sentences, in the
    document's order, with [n] markers, and the passages the markers number."""
    opening = document[:LEAD_PASSAGES]
    chosen = [(text, passage) for text, passage, _ in sorted(_ranked(opening, finder)[:LEAD_SENTENCES],
                                                             key=lambda c: c[2])]
    # A press release's headline states its news and figures in a line of its own, without a full stop.
    title = document[0].title.strip() if document else ""
    line = re.compile(rf"^{re.escape(title)}$", re.MULTILINE)
    headline = next((p for p in opening if title and line.search(p.text)), None)
    if headline is not None and title[-1] not in ".!?" and not any(title in text for text, _ in chosen):
        chosen.insert(0, (f"{title}.", headline))
    passages = list(dict.fromkeys(passage for _, passage in chosen))
    return " ".join(f"{text} [{passages.index(passage) + 1}]" for text, passage in chosen), passages


def overview_draft(documents: dict[str, list[Passage]], finder: EvidenceFinder) -> tuple[str, list[Passage]]:
    """A draft of one line per document (newest first, at most MAX_DOCUMENTS) with [n] markers, and the passages
    the markers number."""
    newest = sorted(documents.values(), key=lambda passages: passages[0].date, reverse=True)[:MAX_DOCUMENTS]
    lines, passages = [], []
    for document in newest:
        lead = _lead(document[:LEAD_PASSAGES], finder)
        if lead is not None:
            passages.append(lead[1])
            lines.append(f"{lead[0]} [{len(passages)}]")
    return " ".join(lines), passages


def _lead(opening: list[Passage], finder: EvidenceFinder) -> tuple[str, Passage] | None:
    """The opening sentence closest in meaning to the opening as a whole: the one that says what it is about."""
    ranked = _ranked(opening, finder)
    return (ranked[0][0], ranked[0][1]) if ranked else None


def _ranked(opening: list[Passage], finder: EvidenceFinder) -> list[tuple[str, Passage, int]]:
    """The opening's sentences (text, passage, position), closest in meaning to the opening as a whole first."""
    candidates, vectors = [], []
    for passage in opening:
        spans, embedded = finder.sentences(passage)
        for (start, end), vector in zip(spans, embedded, strict=True):
            text = passage.text[start - passage.start:end - passage.start].strip()
            vectors.append(vector)
            # A sentence ends with a full stop; a headline or a bracketed note does not say what happened.
            if len(text.split()) >= MIN_LEAD_WORDS and text[-1] in ".!" and not text.startswith("["):
                candidates.append((text, passage, len(vectors) - 1))
    if not candidates:
        return []
    centre = np.mean(vectors, axis=0)
    return sorted(candidates, key=lambda c: -float(vectors[c[2]] @ centre))
