"""Drafters: one method, (question, passages) → draft text with [n] markers. A model drafter and an extractive one."""

from __future__ import annotations

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

    def draft(self, question: str, passages: list[Passage], history=()) -> str:
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
        return str(reply.content)


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
                shared = len(asked & content_stems(text)) / max(1, len(asked))
                score = float(similarity) + QUESTION_WORDS_WEIGHT * shared
                if score >= EXTRACT_FLOOR and gives(kind, text, question) and \
                        counts(counted(question), text, self.finder.similarity):
                    score += ANSWER_TYPE_WEIGHT
                if score > best_score and score >= EXTRACT_FLOOR:
                    best, best_score = f"{text} [{n}]", score
        return best
