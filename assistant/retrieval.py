"""Hybrid retrieval: dense (Chroma) and BM25 rankings over the same passages, fused by RRF."""

from __future__ import annotations

from dataclasses import dataclass

import bm25s
import numpy as np

from assistant.terms import aliases
from ingest.index import PassageIndex
from ingest.passages import Passage

RRF_K = 60  # the usual constant of reciprocal rank fusion
CANDIDATES = 20
DOMINANT = 2.0  # a BM25 score this many times the runner-up's marks the one passage that has the words


@dataclass(frozen=True)
class Hit:
    """A retrieved passage with the signals that ranked it."""

    passage: Passage
    dense: float  # cosine similarity to the question
    lexical: float  # BM25 score
    fused: float


class HybridRetriever:
    """Ranks the index's passages for a question."""

    def __init__(self, index: PassageIndex, embeddings):
        self.index = index
        self.embeddings = embeddings
        self.passages: list[Passage] = index.passages()
        self._bm25 = bm25s.BM25()
        if self.passages:
            self._bm25.index(bm25s.tokenize([p.text for p in self.passages], stopwords="en", show_progress=False),
                             show_progress=False)
        self._position = {p.id: i for i, p in enumerate(self.passages)}
        by_source: dict[str, list[str]] = {}
        for passage in self.passages:
            by_source.setdefault(passage.source, []).append(passage.text)
        self._documents = {source: "\n".join(texts) for source, texts in by_source.items()}
        self.aliases = aliases("\n".join(p.text for p in self.passages))

    def surroundings(self, passage: Passage) -> str:
        """The passage with the passages just before and after it in the same source."""
        position = self._position.get(passage.id)
        if position is None:
            return passage.text
        around = self.passages[max(0, position - 1):position + 2]
        return "\n".join(p.text for p in around if p.source == passage.source)

    def reading(self, parts: tuple[str, ...], k: int, budget_chars: int) -> tuple[list[Passage], list[Hit]]:
        """Passages for the model to read: each part's best k in turn, each with the passages it continues or
        that continue it, as many as fit ``budget_chars`` (at least one); and the hits, best first."""
        rankings = [self.retrieve(part, k) for part in parts]
        return self.passages_for(rankings, k, budget_chars), merged(rankings)

    def passages_for(self, rankings: list[list[Hit]], k: int, budget_chars: int) -> list[Passage]:
        """Each ranking's best k in turn, each with the passages of its paragraph, as many as fit the budget."""
        chosen: dict[str, Passage] = {}
        for rank in range(k):
            for ranking in rankings:
                for passage in self.paragraph_passages(ranking[rank].passage) if rank < len(ranking) else []:
                    size = sum(len(p.text) for p in chosen.values())
                    if passage.id not in chosen and (not chosen or size + len(passage.text) <= budget_chars):
                        chosen[passage.id] = passage
        return list(chosen.values())

    def document(self, passage: Passage) -> str:
        """The text of every passage of the passage's source document."""
        return self._documents.get(passage.source, passage.text)

    def paragraph(self, passage: Passage) -> str:
        """The text of the paragraph the passage belongs to (a long paragraph is split into several passages)."""
        return "\n".join(p.text for p in self.paragraph_passages(passage)) if passage.id in self._position \
            else passage.text

    def paragraph_passages(self, passage: Passage) -> list[Passage]:
        """The passage with its neighbours in the same paragraph (a long paragraph is split into several)."""
        position = self._position[passage.id]
        before = self.passages[position - 1] if position > 0 else None
        after = self.passages[position + 1] if position + 1 < len(self.passages) else None
        joined = [p for p in (before,) if p and p.source == passage.source and passage.start - p.end <= 1]
        joined.append(passage)
        joined += [p for p in (after,) if p and p.source == passage.source and p.start - passage.end <= 1]
        return joined

    def retrieve(self, question: str, k: int) -> list[Hit]:
        """The k best passages for the question, best first."""
        if not self.passages:
            return []
        depth = min(CANDIDATES, len(self.passages))
        dense = self.index.search(self.embeddings.embed_query(question), depth)
        lexical = self._lexical(question, depth)
        fused: dict[str, float] = {}
        for ranking in ([p.id for p, _ in dense], [self.passages[i].id for i, _ in lexical]):
            for rank, passage_id in enumerate(ranking):
                fused[passage_id] = fused.get(passage_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        if len(lexical) > 1 and lexical[0][1] >= DOMINANT * lexical[1][1] > 0:
            # One passage holds the question's rare words ("Priya Sandoval-Mehta") far better than any other:
            # a rank fusion alone would let passages that are merely close in meaning push it out.
            fused[self.passages[lexical[0][0]].id] += 1.0 / (RRF_K + 1)
        dense_scores = {p.id: score for p, score in dense}
        lexical_scores = {self.passages[i].id: score for i, score in lexical}
        best = sorted(fused, key=fused.get, reverse=True)[:k]
        return [Hit(self.passages[self._position[i]], dense_scores.get(i, 0.0), lexical_scores.get(i, 0.0),
                    fused[i]) for i in best if i in self._position]

    def _lexical(self, question: str, depth: int) -> list[tuple[int, float]]:
        tokens = bm25s.tokenize([question], stopwords="en", show_progress=False)
        if not tokens.vocab:
            return []
        indices, scores = self._bm25.retrieve(tokens, k=depth, show_progress=False)
        return [(int(i), float(s)) for i, s in zip(indices[0], scores[0], strict=True) if s > 0]


def merged(rankings: list[list[Hit]]) -> list[Hit]:
    """The hits of several rankings, once each, best first."""
    return sorted({h.passage.id: h for ranking in rankings for h in ranking}.values(), key=lambda h: -h.fused)


def cosine(a, b) -> float:
    """Cosine similarity of two vectors (our embeddings are normalised, so a dot product)."""
    return float(np.dot(np.asarray(a), np.asarray(b)))
