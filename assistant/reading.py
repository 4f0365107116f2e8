"""What the model reads for a question: the whole corpus when it fits one slot; beyond that, the nearest whole
document (its best sections when it alone is too long) with the best passages of other documents for the
question's other parts; or, when asked for, retrieved passages only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.local_model import SLOT_CONTEXT_TOKENS
from assistant.prompts import numbered
from assistant.retrieval import Hit, HybridRetriever, merged
from ingest.passages import Passage

WHOLE_CORPUS, WHOLE_DOCUMENTS, PASSAGES = "whole corpus", "whole documents", "passages"
# A slot also holds the rules, up to three earlier turns, the question (up to 2,000 characters) and the answer.
RESERVED_TOKENS = 2048
READ_TOKENS = SLOT_CONTEXT_TOKENS - RESERVED_TOKENS
# No tokenizer yields fewer than one token for this many characters of English prose (this model: about 5), so a
# corpus longer than this many characters a token of budget is not counted at all.
MAX_CHARS_PER_TOKEN = 8


@dataclass(frozen=True)
class Reading:
    """The passages the drafter reads, in order, and the ranked hits behind them."""

    mode: str
    passages: list[Passage]
    hits: list[Hit]
    # The leading passages other questions about the same document share: their processed prompt is reused.
    prefix: list[Passage] = field(default_factory=list)


class Reader:
    """Chooses what the model reads, counting the prompt with the model's own tokenizer."""

    def __init__(self, retriever: HybridRetriever, count_tokens: Callable[[str], int], mode: str = "auto",
                 budget_tokens: int = READ_TOKENS):
        self.retriever, self.count_tokens, self.mode, self.budget = retriever, count_tokens, mode, budget_tokens
        self.documents: dict[str, list[Passage]] = {}  # each source's passages, in order
        for passage in retriever.passages:
            self.documents.setdefault(passage.source, []).append(passage)
        self._tokens: dict[str, int] = {}  # per document, counted once when first needed
        self._whole: bool | None = None

    @property
    def whole_corpus(self) -> bool:
        """Whether every passage fits one slot's reading budget (counted once, on first use)."""
        if self._whole is None:
            passages = self.retriever.passages
            size = sum(len(p.text) for p in passages)
            self._whole = (self.mode != PASSAGES and bool(passages) and size <= self.budget * MAX_CHARS_PER_TOKEN
                           and self.count_tokens(numbered(passages)) <= self.budget)
        return self._whole

    def read(self, parts: tuple[str, ...], k: int, read_chars: int) -> Reading:
        """What the model reads for a question of these parts (each part searched on its own)."""
        rankings = [self.retriever.retrieve(part, k) for part in parts]
        hits = merged(rankings)
        if self.whole_corpus:
            return Reading(WHOLE_CORPUS, self.retriever.passages, hits, self.retriever.passages)
        if self.mode == PASSAGES or not hits:
            return Reading(PASSAGES, self.retriever.passages_for(rankings, k, read_chars), hits)
        primary = nearest_document(rankings[0] or hits)
        prefix = self._document_or_sections(primary, hits)
        extra = self._other_parts(rankings[1:], primary, read_chars)
        return Reading(WHOLE_DOCUMENTS, prefix + extra, hits, prefix)

    def _document_or_sections(self, source: str, hits: list[Hit]) -> list[Passage]:
        """The whole document when it fits the budget, else its best passages with their neighbours, in order."""
        document = self.documents[source]
        if source not in self._tokens:
            self._tokens[source] = self.count_tokens(numbered(document))
        if self._tokens[source] <= self.budget:
            return document
        position = {p.id: i for i, p in enumerate(document)}
        chosen: set[int] = set()
        for hit in (h for h in hits if h.passage.id in position):
            around = {i for i in range(position[hit.passage.id] - 1, position[hit.passage.id] + 2)
                      if 0 <= i < len(document)}
            wanted = sorted(chosen | around)
            if chosen and self.count_tokens(numbered([document[i] for i in wanted])) > self.budget:
                break
            chosen = set(wanted)
        return [document[i] for i in sorted(chosen)]

    def _other_parts(self, rankings: list[list[Hit]], primary: str, read_chars: int) -> list[Passage]:
        """For each further part of the question, its best passages from other documents, up to ``read_chars``."""
        extra: dict[str, Passage] = {}
        for ranking in (r for r in rankings if r and nearest_document(r) != primary):
            for hit in (h for h in ranking if h.passage.source != primary):
                for passage in self.retriever.paragraph_passages(hit.passage):
                    if sum(len(p.text) for p in extra.values()) + len(passage.text) <= read_chars:
                        extra.setdefault(passage.id, passage)
        return list(extra.values())


def nearest_document(hits: list[Hit]) -> str:
    """The source whose passages rank best in sum: many good passages beat one lucky one."""
    scores: dict[str, float] = {}
    for hit in hits:
        scores[hit.passage.source] = scores.get(hit.passage.source, 0.0) + hit.fused
    return max(scores, key=scores.get)
