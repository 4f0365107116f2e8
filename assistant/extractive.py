"""The model-free answer: the passage sentences closest to the question, cited."""

from __future__ import annotations

import re

from assistant.question_types import gives_expected_kind
from assistant.retrieval import Hit, cosine
from assistant.terms import content_stems
from assistant.verify import Verifier
from ingest.passages import Passage

MIN_SCORE = 0.4         # below this no sentence answers the question
MIN_WORDS = 5           # headings and bare links are not answers
SECOND_SENTENCE = 0.9   # a second sentence joins when it scores this close to the best
PASSAGES_SEARCHED = 3


def extractive_draft(question: str, hits: list[Hit], context: list[Passage], verifier: Verifier) -> str:
    """A draft of one or two source sentences with [n] markers numbering ``context``."""
    vector = verifier.embeddings.embed_query(question)
    asked = content_stems(question)
    scored = []
    for rank, hit in enumerate(hits[:PASSAGES_SEARCHED]):
        spans = verifier.sentence_vectors(hit.passage)
        for position, (start, end, sentence_vector) in enumerate(spans):
            sentence = hit.passage.text[start - hit.passage.start:end - hit.passage.start]
            if len(sentence.split()) < MIN_WORDS or re.fullmatch(r"\S*://\S*", sentence):
                continue
            if _needs_speaker(sentence) and position > 0:
                previous_start = spans[position - 1][0]
                sentence = hit.passage.text[previous_start - hit.passage.start:end - hit.passage.start]
            overlap = len(asked & content_stems(sentence)) / max(1, len(asked))
            kind_bonus = 0.15 if gives_expected_kind(question, sentence) else 0.0
            score = cosine(vector, sentence_vector) + 0.3 * overlap + kind_bonus - 0.02 * rank
            scored.append((score, hit.passage, sentence))
    scored.sort(key=lambda item: item[0], reverse=True)
    if not scored or scored[0][0] < MIN_SCORE:
        return "The documents do not say."
    chosen = [scored[0]] + [s for s in scored[1:2] if s[0] >= SECOND_SENTENCE * scored[0][0]]
    numbers = {p.id: n for n, p in enumerate(context, start=1)}
    return " ".join(f"{_trimmed(sentence)} [{numbers[passage.id]}]" for _, passage, sentence in chosen)


def _needs_speaker(sentence: str) -> bool:
    """A quotation or a pronoun opening needs the sentence before it to say who is speaking."""
    return re.match(r"[“\"]|(he|she|they|this|it|we)\b", sentence, re.IGNORECASE) is not None


def _trimmed(sentence: str) -> str:
    # Quotes open in one sentence and close in another; drop unbalanced marks at the edges.
    sentence = " ".join(sentence.split())
    if sentence.count("“") != sentence.count("”"):
        sentence = sentence.strip("“”")
    return sentence if sentence[-1:] in ".!?" else sentence + "."
