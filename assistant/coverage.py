"""Soft word coverage: how much of a question's content a text contains, allowing synonyms.

Words are weighted by rarity in the indexed documents (inverse document frequency): a word found in
every passage ("Huawei" in a release about Huawei) says little about which sentence answers, a rare
one ("RuralStar") says much. A word no document uses ("hurdles") cannot tell sentences apart and is
often a paraphrase, so it weighs less, unless a synonym turns up.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

import numpy as np

from assistant.terms import STOPWORDS, stem, words

ABSENT = 0.25            # no sentence holds a word no document uses: it weighs less in ranking and gating
SYNONYM_SIMILARITY = 0.6   # word-vector cosine at which two words count as the same ("staff" ~ "employees")
QUESTION_WORDS = {"how", "many", "much", "what", "which", "who", "whom", "whose", "when", "where", "why", "kind",
                  "name", "tell", "give", "list", "describe", "explain", "say", "does", "did", "do"}


def content_words(text: str) -> list[str]:
    return [w for w in dict.fromkeys(words(text)) if w not in STOPWORDS and w not in QUESTION_WORDS
            and not w[0].isdigit()]


_AMOUNT = re.compile(r"\b(budget|cost|costs|price|paid|pay|spend|spent|invest\w*|fund\w*|revenue|contribution|"
                     r"worth)\b[^.\n]{0,40}?\d[\d,.]*\s+(?:million\s+|billion\s+|thousand\s+)?([a-z]+)", re.IGNORECASE)


def money_units(text: str) -> set[str]:
    """Words a text uses as currency: what follows the amount in "a budget of 12.8 million crowns"."""
    return {stem(match.group(2).lower()) for match in _AMOUNT.finditer(text)}


class WordCoverage:
    """Scores word coverage with the bundled model's word vectors, cached per word."""

    def __init__(self, embeddings, documents: Iterable[str] = ()):
        self.embeddings = embeddings
        self._vectors: dict[str, np.ndarray] = {}
        frequencies: Counter[str] = Counter()
        self.money_units: set[str] = set()  # stems of the currencies the documents use ("crowns")
        count = 0
        for text in documents:
            frequencies.update({stem(w) for w in content_words(text)})
            self.money_units |= money_units(text)
            count += 1
        self._count, self._frequencies = count, frequencies

    def weight(self, word: str) -> float:
        """Inverse document frequency of the word's stem (1.0 for every word when no documents are known)."""
        if not self._count:
            return 1.0
        frequency = self._frequencies.get(stem(word), 0)
        weight = math.log((self._count + 1) / (frequency + 0.5))
        return weight if frequency else ABSENT * weight

    def coverage(self, question: str, text: str) -> float:
        """Weighted share of the question's content words found in the text, as themselves or a close synonym."""
        asked, present = content_words(question), content_words(text)
        if not asked:
            return 1.0
        weights = {w: self.weight(w) for w in asked}
        total = sum(weights.values()) or 1.0
        stems = {stem(w) for w in present}
        unmatched = [w for w in asked if stem(w) not in stems]
        if unmatched and present:
            self._embed(unmatched + present)
            matrix = np.stack([self._vectors[w] for w in present])
            unmatched = [w for w in unmatched if float(np.max(matrix @ self._vectors[w])) < SYNONYM_SIMILARITY]
        return 1.0 - sum(weights[w] for w in unmatched) / total

    def similar(self, word: str, other: str) -> bool:
        """Whether two words are the same or close synonyms."""
        if stem(word) == stem(other):
            return True
        self._embed([word, other])
        return float(self._vectors[word] @ self._vectors[other]) >= SYNONYM_SIMILARITY

    def _embed(self, needed: list[str]) -> None:
        missing = [w for w in dict.fromkeys(needed) if w not in self._vectors]
        if missing:
            for word, vector in zip(missing, self.embeddings.embed_documents(missing), strict=True):
                self._vectors[word] = np.asarray(vector)
