"""Claims (a draft's sentences with the passages they cite) and the evidence found for each: a quote with offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from assistant.retrieval import cosine
from assistant.terms import content_stems, name_units, numbers_with_words, unit_mentioned
from ingest.passages import Passage
from ingest.sentences import sentence_spans

MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
# The model's own statement that the documents do not answer ("The documents do not say.").
REFUSAL = re.compile(r"\b(do(es)?n[o’']?t|do(es)? not|did not|cannot|can't)\b.{0,40}\b(say|mention|specify|state|"
                     r"provide|contain|include|give|answer)|\bno (information|mention|details?)\b|\bnot (mentioned|"
                     r"specified|stated|provided)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Evidence:
    """The passage sentence that best supports a claim, with the signals that measured it."""

    passage: Passage
    start: int           # quote offsets into the source text
    end: int
    similarity: float    # cosine of claim and quote
    coverage: float      # share of the claim's content words, names and figures the passage (or its neighbours) holds
    cited: bool          # the claim cited this passage itself

    @property
    def quote(self) -> str:
        return self.passage.text[self.start - self.passage.start:self.end - self.passage.start]


@dataclass
class Claim:
    """One sentence of a draft: its text without markers, the passage numbers it cited, its evidence and failures."""

    text: str
    cited: tuple[int, ...]
    evidence: tuple[Evidence, ...] = ()  # the best quote, and a second passage when it holds what the first lacks
    failed: list[str] = field(default_factory=list)   # names of the checks it failed

    @property
    def kept(self) -> bool:
        return bool(self.evidence) and not self.failed

    def passages_text(self, around=None) -> str:
        """The text of the evidence passages, or of what ``around`` gives for each (its paragraph, its document)."""
        return "\n".join(around(e.passage) if around else e.passage.text for e in self.evidence)


def split_claims(draft: str) -> list[Claim]:
    """The draft's sentences as claims (markers taken out, their numbers kept)."""
    claims = []
    for start, end in sentence_spans(draft):
        raw = draft[start:end]
        cited = tuple(int(n) for group in MARKER.findall(raw) for n in re.split(r"\s*[,;]\s*", group))
        text = MARKER.sub("", raw).strip()
        if re.search(r"\w", text):
            claims.append(Claim(text, cited))
    return claims


def says_not_answered(text: str) -> bool:
    """The text states that the documents do not answer."""
    return REFUSAL.search(text) is not None


class EvidenceFinder:
    """Finds the best quote for a claim among passages; sentence embeddings are cached per passage."""

    def __init__(self, embeddings, paragraph, aliases: dict[str, str]):
        self.embeddings, self.paragraph, self.aliases = embeddings, paragraph, aliases
        self._vectors: dict[str, tuple[list[tuple[int, int]], np.ndarray]] = {}
        self._texts: dict[str, list[float]] = {}

    def vector(self, text: str) -> list[float]:
        """The embedding of a question, part or quote (cached: checks ask for the same ones often)."""
        if text not in self._texts:
            self._texts[text] = self.embeddings.embed_query(text)
        return self._texts[text]

    def similarity(self, a: str, b: str) -> float:
        """Cosine of two short texts."""
        return cosine(self.vector(a), self.vector(b))

    def sentences(self, passage: Passage) -> tuple[list[tuple[int, int]], np.ndarray]:
        """The passage's sentences as source offsets, with their embeddings."""
        if passage.id not in self._vectors:
            spans = sentence_spans(passage.text) or [(0, len(passage.text))]
            vectors = self.embeddings.embed_documents([passage.text[s:e] for s, e in spans])
            self._vectors[passage.id] = ([(passage.start + s, passage.start + e) for s, e in spans], np.array(vectors))
        return self._vectors[passage.id]

    def best(self, claim: str, passages: list[Passage], cited: set[str], context: str = "") -> tuple[Evidence, ...]:
        """The best-supported quote (most coverage, then cited, then similarity), and a second passage when the
        claim joins what two passages say ("120 million, twice the 60 million connected so far")."""
        if not passages:
            return ()
        # A terse claim ("1987.") means little alone: embed it with the question it answers.
        vector = np.array(self.vector(claim if len(claim.split()) >= 6 else f"{context} {claim}"))
        found = sorted((self._quote(vector, claim, p, p.id in cited) for p in passages),
                       key=lambda e: (round(e.coverage, 2), e.cited, e.similarity), reverse=True)
        first = found[0]
        missing = _missing_terms(claim, first.passage.text, self.aliases)
        second = next((e for e in found[1:] if missing - _missing_terms(claim, e.passage.text, self.aliases)), None)
        return (first,) if second is None else (first, second)

    def _quote(self, vector: np.ndarray, claim: str, passage: Passage, cited: bool) -> Evidence:
        spans, vectors = self.sentences(passage)
        scores = vectors @ vector
        best = int(np.argmax(scores))
        return Evidence(passage, *spans[best], float(scores[best]), self.coverage(claim, passage), cited)

    def coverage(self, claim: str, passage: Passage) -> float:
        """Share of the claim's names, figures and content words found in the passage or its neighbours."""
        around = self.paragraph(passage)
        terms = [("name", u) for u in name_units(f"x {claim}")] + [("figure", n) for n in numbers_with_words(claim)]
        terms += [("word", s) for s in content_stems(claim)]
        if not terms:
            return 1.0
        stems = content_stems(around)
        held = sum(_holds(kind, term, around, stems, self.aliases) for kind, term in terms)
        return held / len(terms)


def _missing_terms(claim: str, text: str, aliases: dict[str, str]) -> set[str]:
    """The claim's figures and names that the text does not hold."""
    figures = {n for n in numbers_with_words(claim) if n not in numbers_with_words(text)}
    return figures | {u for u in name_units(f"x {claim}") if not unit_mentioned(u, text, aliases)}


def _holds(kind: str, term: str, text: str, stems: set[str], aliases: dict[str, str]) -> bool:
    if kind == "name":
        return unit_mentioned(term, text, aliases)
    if kind == "figure":
        return term in numbers_with_words(text)
    return term in stems
