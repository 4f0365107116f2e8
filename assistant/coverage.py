"""Soft word coverage: how many of a question's content words a text contains, allowing synonyms."""

from __future__ import annotations

import numpy as np

from assistant.terms import STOPWORDS, stem, words

SYNONYM_SIMILARITY = 0.6   # word-vector cosine at which two words count as the same ("staff" ~ "employees")
QUESTION_WORDS = {"how", "many", "much", "what", "which", "who", "whom", "whose", "when", "where", "why", "kind",
                  "name", "tell", "give", "list", "describe", "explain", "say", "does", "did", "do"}


def content_words(text: str) -> list[str]:
    return [w for w in dict.fromkeys(words(text)) if w not in STOPWORDS and w not in QUESTION_WORDS
            and not w[0].isdigit()]


class WordCoverage:
    """Scores word coverage with the bundled model's word vectors, cached per word."""

    def __init__(self, embeddings):
        self.embeddings = embeddings
        self._vectors: dict[str, np.ndarray] = {}

    def coverage(self, question: str, text: str) -> float:
        """Share of the question's content words found in the text, as themselves or a close synonym."""
        asked, present = content_words(question), content_words(text)
        if not asked:
            return 1.0
        stems = {stem(w) for w in present}
        unmatched = [w for w in asked if stem(w) not in stems]
        if not unmatched or not present:
            return 1.0 - len(unmatched) / len(asked)
        self._embed(unmatched + present)
        matrix = np.stack([self._vectors[w] for w in present])
        synonyms = sum(float(np.max(matrix @ self._vectors[w])) >= SYNONYM_SIMILARITY for w in unmatched)
        return 1.0 - (len(unmatched) - synonyms) / len(asked)

    def _embed(self, needed: list[str]) -> None:
        missing = [w for w in dict.fromkeys(needed) if w not in self._vectors]
        if missing:
            for word, vector in zip(missing, self.embeddings.embed_documents(missing), strict=True):
                self._vectors[word] = np.asarray(vector)
