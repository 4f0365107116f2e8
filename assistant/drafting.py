"""Drafters: one method, (question, passages) → draft text with [n] markers. A model drafter and an extractive one."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from langchain_core.exceptions import ModelConnectionError, ModelTimeoutError

from assistant.checks import counts, gives
from assistant.evidence import EvidenceFinder
from assistant.prompts import answer_messages
from assistant.question import asks_for, counted
from assistant.terms import content_stems
from ingest.passages import Passage

FINISHED = "stop"   # the finish_reason of an answer the model ended itself
LENGTH = "length"   # the answer reached the token limit
QUESTION_WORDS_WEIGHT = 0.5  # a sentence sharing the question's words outranks one merely close in meaning
ANSWER_TYPE_WEIGHT = 0.3  # and one giving the kind of answer asked for (a count, a date …) outranks one without
# Below this score no sentence is quoted: on the tune questions the lowest answerable one scored 0.26 and a
# fifth of the unanswerable ones scored less.
EXTRACT_FLOOR = 0.25
LEAST_LIKELY = 3  # a draft's confidence is the mean log-probability of its this many least likely word tokens
WORD = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Draft:
    """A model's answer and how sure the model was of its words (None when the endpoint gives no probabilities)."""

    text: str
    confidence: float | None = None


def confidence(reply) -> float | None:
    """The mean log-probability of the reply's least likely word tokens, citation markers aside: a word the model
    hesitated over (a name, a figure, a qualifier) is where a wrong answer usually is."""
    tokens = (reply.response_metadata.get("logprobs") or {}).get("content") or []
    words, in_marker = [], False
    for token in tokens:
        text = token.get("token", "")
        in_marker = in_marker or "[" in text
        if not in_marker and WORD.search(text):
            words.append(token["logprob"])
        in_marker = in_marker and "]" not in text
    if not words:
        return None
    lowest = sorted(words)[:LEAST_LIKELY]
    return sum(lowest) / len(lowest)


def answer_score(similarity: float, asked: set[str], sentence: str) -> float:
    """How well a sentence answers a question: its closeness in meaning, plus the share of the question's content
    words (``asked``) it holds."""
    return float(similarity) + QUESTION_WORDS_WEIGHT * len(asked & content_stems(sentence)) / max(1, len(asked))


class DraftCut(Exception):
    """The model's reply ended before the model finished: ``reason`` is its finish_reason, or what went wrong."""

    def __init__(self, reason: str, text: str = ""):
        super().__init__(reason if " " in reason else f"the language model's answer ended early ({reason})")
        self.reason, self.text = reason, text


class ModelDrafter:
    """Drafts with a chat model reading the numbered passages."""

    backend = "model"

    def __init__(self, chat_model):
        self.chat_model = chat_model

    def draft(self, question: str, passages: list[Passage], history=()) -> Draft:
        """The model's answer after the earlier turns; raises DraftCut when it did not finish (its text kept)."""
        try:
            reply = self.chat_model.invoke(answer_messages(passages, question, history))
        except ModelTimeoutError as error:
            raise DraftCut("the language model stopped responding") from error
        except ModelConnectionError as error:
            raise DraftCut("the language model's connection failed") from error
        finish = reply.response_metadata.get("finish_reason") or ""
        if finish != FINISHED:
            raise DraftCut(finish or "no finish reason", str(reply.content))
        return Draft(str(reply.content), confidence(reply))


class ExtractiveDrafter:
    """Drafts by quoting, for each part of the question, the passage sentence that answers it best."""

    backend = "extractive"

    def __init__(self, finder: EvidenceFinder, embeddings):
        self.finder, self.embeddings = finder, embeddings

    def draft(self, question: str, passages: list[Passage], parts: tuple[str, ...] = (), kind: str = "other") -> str:
        """One quoted sentence per part, each marked with its passage number."""
        chosen: list[str] = []
        for part in parts or (question,):
            best = self.best_sentence(part, passages, kind if len(parts) < 2 else asks_for(part))
            if best and best not in chosen:
                chosen.append(best)
        return " ".join(chosen)

    def best_sentence(self, question: str, passages: list[Passage], kind: str = "other") -> str:
        """The sentence closest to the question in meaning and words, giving the kind of answer asked for, with
        its [n]; '' when none scores above the floor."""
        vector = np.array(self.embeddings.embed_query(question))
        asked = content_stems(question)
        best, best_score = "", float("-inf")
        for n, passage in enumerate(passages, start=1):
            spans, vectors = self.finder.sentences(passage)
            for (start, end), similarity in zip(spans, vectors @ vector, strict=True):
                text = passage.text[start - passage.start:end - passage.start].strip()
                score = answer_score(similarity, asked, text)
                if score >= EXTRACT_FLOOR and gives(kind, text, question) and \
                        counts(counted(question), text, self.finder.similarity):
                    score += ANSWER_TYPE_WEIGHT
                if score > best_score and score >= EXTRACT_FLOOR:
                    best, best_score = f"{text} [{n}]", score
        return best
