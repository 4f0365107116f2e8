"""The Assistant: question (+history) → standalone question → retrieval → draft → verified Answer."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Iterator

from assistant.answer import Answer
from assistant.backends import chat_model, preload, warm_prompt
from assistant.compose import Composer
from assistant.coverage import WordCoverage
from assistant.drafts import LENGTH, DraftCut, model_draft
from assistant.extractive import PASSAGES_SEARCHED, echoed_sentence, extractive_draft
from assistant.multipart import joined_answer, part_text, question_parts
from assistant.prompts import answer_messages
from assistant.question_types import asks_for_format
from assistant.questions import checked_history, checked_question
from assistant.retrieval import HybridRetriever
from assistant.rewrite import (
    asked_part,
    model_rewrite,
    needs_rewrite,
    normalise_history,
    ordinal_rewrite,
    rule_rewrite,
)
from assistant.speakers import asked_speakers, passages_spoken_by, topic_stems
from assistant.terms import NUMBER, numbers, words_around
from assistant.titles import title_premise
from assistant.verify import Verifier
from ingest.embeddings import bundled_embeddings
from ingest.index import open_index
from ingest.pipeline import ingest_paths
from settings import Settings

log = logging.getLogger(__name__)
RETRIEVED = 8  # hits kept for refusal and extraction signals


class Assistant:
    """Answers questions about the indexed documents with verified, numbered citations."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings.from_env()
        preload(self.settings)  # the local model loads while the index and embedding model do
        self.index = open_index(self.settings)
        if self.index.count() == 0:
            print(f"The index is empty; ingesting {self.settings.corpus_path} …", file=sys.stderr)
            print(ingest_paths([self.settings.corpus_path], self.index, settings=self.settings), file=sys.stderr)
        self.reload()
        self._model = None
        self._model_error = ""
        self._model_lock = threading.Lock()
        self.prompt_cache = ""  # how the constant prompt was made ready: restored, saved or processed

    def reload(self) -> None:
        """Read the passages again after documents were added to or removed from the index."""
        embeddings = bundled_embeddings()
        retriever = HybridRetriever(self.index, embeddings)
        verifier = Verifier(embeddings, retriever.aliases)
        coverage = WordCoverage(embeddings, (p.text for p in retriever.passages))
        whole_corpus = sum(len(p.text) for p in retriever.passages) <= self.settings.full_context_chars
        # Built first and swapped at once: a question answered meanwhile never meets a half-built corpus.
        self.retriever, self.verifier, self.coverage, self.whole_corpus = retriever, verifier, coverage, whole_corpus

    def ask(self, question: str, history=None) -> Answer:
        """The verified answer to a question, given earlier turns."""
        for event in self.stream(question, history):
            if isinstance(event, Answer):
                return event
        raise RuntimeError("the answer stream ended without an answer")

    def stream(self, question: str, history=None) -> Iterator[str | Answer]:
        """Verified answer text as it is produced, then the final Answer (which replaces the text when the
        model's stream broke off after some of it was shown: its notice says so)."""
        question = checked_question(question, self.settings.max_question_chars)
        turns = normalise_history(checked_history(history))
        model = self._chat_model()
        standalone = self._standalone(question, turns, model)
        parts = question_parts(standalone)
        if len(parts) == 1:
            yield from self._stream_one(standalone, standalone != question, model)
            return
        # Each part is answered on its own (the small model tends to answer one part of two); a later part
        # may refer to an earlier one ("… and which official based in that same country …").
        answers: list[Answer] = []
        for part in parts:
            # The first part stands alone already (the whole question was made standalone).
            earlier = normalise_history((p, a.text) for p, a in zip(parts, answers, strict=False) if not a.refused)
            part_question = self._standalone(part, turns + earlier, model) if answers else part
            offset = sum(len(a.citations) for a in answers)
            *_, answer = self._stream_one(part_question, part_question != part, model)
            answers.append(answer)
            yield (" " if len(answers) > 1 else "") + part_text(part, answer, offset)
        # The conversation a rule rewrite adds found the passages; the answer names only the question itself.
        yield joined_answer(asked_part(standalone), parts, answers)

    def _stream_one(self, standalone: str, rewritten: bool, model) -> Iterator[str | Answer]:
        """The answer to one standalone question; ``rewritten``: it was rewritten from a follow-up."""
        hits = self.retriever.retrieve(standalone, RETRIEVED)
        # The model reads the first top_k passages; verification and extraction may use all that were searched.
        context = self.retriever.passages if self.whole_corpus else \
            [h.passage for h in hits[:max(self.settings.top_k, PASSAGES_SEARCHED)]]
        read = context if self.whole_corpus else context[:self.settings.top_k]
        composer = self._composer(standalone, context, hits)
        backend, notice = self.settings.llm, ""
        unknown = [n for n in NUMBER.findall(standalone) if not numbers(n) <= self.retriever.numbers]
        focus = ""
        if unknown:  # a figure no document contains: a false premise; quote what the documents do say
            composer.premise = f"The documents do not mention {' or '.join(unknown)}."
            model, backend, notice = None, "extractive", "The question contains figures the documents do not."
            focus = " ".join(words_around(standalone, n) for n in unknown)
        elif model is None:
            backend, notice = "extractive", self._fallback_notice()
        correction = "" if unknown else title_premise(standalone, self.retriever.text)
        composer.premise = composer.premise or correction  # a title the documents do not give the person
        if model is None:
            draft = iter([self._extract(standalone, hits, context, focus)])
        else:
            draft = self._model_draft(model, read, standalone)
        try:
            for piece in draft:
                delta = composer.feed(piece)
                if delta:
                    yield delta
        except DraftCut as cut:
            composer, backend, notice = self._after_cut(cut, composer, standalone, hits, context)
        except Exception as error:  # an unreachable or failing endpoint: answer without it
            log.warning("model call failed: %s", error)
            backend, notice = "extractive", f"The language model failed ({_short(error)}); " \
                                            "this answer was extracted from the documents without it."
            composer = self._extracted(standalone, hits, context)
        composer.flush()
        if backend == "extractive":
            composer.correct_named_premise(self.retriever.text)
        doubtful = backend != "extractive" and composer.answered() and composer.doubtful()
        if doubtful or not composer.answered() and not composer.presumed and backend != "extractive" and \
                (rewritten or asks_for_format(standalone) or composer.invented_figure() or
                 composer.misattributed() or composer.missed_echo()):
            # The small model refuses some rewritten follow-ups ("Over what period — Huawei will provide …?"),
            # misreads datelines, states figures its passages do not hold ("57 pipes", "since June 2022"),
            # gives someone else's words for those of the person asked about, answers from another sentence
            # than the one whose words the question repeats, sums up in one sentence what two places say and
            # quotes a person's words on something else than what they were asked about; source sentences that
            # pass every check answer instead.
            second = self._extracted(standalone, hits, context)
            if second.answered() and not (doubtful and second.doubtful()):
                composer, backend = second, "extractive"
                notice = "The language model gave no answer that its sources support; this one was extracted " \
                         "from the documents."
        if model is not None and backend != "extractive" and composer.misattributed() and not composer.answered():
            # Asked what the chairman thinks, the model quoted someone else: ask again from the speaker's words.
            composer = self._from_speakers(model, standalone, context, hits) or composer
        if (composer.presumed or correction) and not composer.kept:
            # The model went along with an assumption no passage supports (or gave nothing to go with the
            # correction); correct it from the documents, best with the source sentence the draft restated.
            composer = self._extracted(standalone, hits, context, correction or
                                       "Nothing in the documents supports the question's assumption; here is what "
                                       "they say.", composer.restated)
        delta, answer = composer.finish(asked_part(standalone), backend, notice)
        if delta:
            yield delta
        yield answer

    def _after_cut(self, cut: DraftCut, composer: Composer, question: str, hits, context) -> tuple[Composer, str, str]:
        """A model draft whose stream ended early: cut at the length limit, its complete verified sentences
        stand if they answer; otherwise the answer is extracted. Returns the composer, back-end and notice."""
        log.warning("model answer cut off: %s", cut)
        if cut.reason == LENGTH:
            composer.drop_unfinished()
            if composer.answered():
                return composer, self.settings.llm, "The language model's answer was cut off at its length limit; " \
                                                    "only its complete, verified sentences are shown."
        return self._extracted(question, hits, context), "extractive", \
            f"The language model's answer was cut off ({cut}); this answer was extracted from the documents instead."

    def _from_speakers(self, model, question: str, context, hits) -> Composer | None:
        """The model's answer from only the passages holding the words of the people the question names."""
        spoken = passages_spoken_by(self._speakers(question), context, self.retriever.surroundings)
        if not spoken:
            return None
        composer = self._composer(question, spoken, hits)
        try:
            for piece in self._model_draft(model, spoken, question):
                composer.feed(piece)
        except DraftCut as cut:  # a second opinion cut short is no opinion
            log.warning("model answer cut off: %s", cut)
            return None
        composer.flush()
        return composer if composer.answered() else None

    def _extract(self, question: str, hits, context, focus: str = "") -> str:
        return extractive_draft(question, hits, context, self.verifier, self.coverage, focus,
                                self.retriever.surroundings, self._speakers(question))

    def _extracted(self, question: str, hits, context, premise: str = "", quoted: str = "") -> Composer:
        """The extractive draft (or the given quoted source sentence), judged after the premise correction."""
        composer = self._composer(question, context, hits)
        composer.premise = premise
        composer.feed(quoted or self._extract(question, hits, context))
        composer.flush()
        if quoted and not composer.answered():
            return self._extracted(question, hits, context, premise)
        return composer

    def _composer(self, question: str, context, hits) -> Composer:
        speakers = self._speakers(question)
        topic = topic_stems(asked_part(question), speakers, self.retriever.text) if speakers else set()
        return Composer(question, context, hits, self.verifier, self.retriever.aliases, self.retriever.surroundings,
                        self.coverage, speakers, echoed_sentence(question, context), topic)

    def _speakers(self, question: str) -> list[str]:
        """The people whose words the question asks for (named, or by a title the documents give one person)."""
        return asked_speakers(asked_part(question), self.retriever.text)

    def warm_up(self) -> float:
        """Make the constant prompt ready (restored from disk, or processed) so answers only pay for the question;
        returns seconds. The local model does this on first use anyway."""
        started = time.perf_counter()
        if self._chat_model() is not None and self.settings.llm != "local":
            self._warm()
        return time.perf_counter() - started

    def _warm(self) -> None:
        if not self.whole_corpus:
            return
        try:
            self.prompt_cache = warm_prompt(self.settings, self._model,
                                            answer_messages(self.retriever.passages, "Hello"))
        except Exception as error:  # a question then pays for the prompt, nothing worse
            log.warning("the constant prompt was not made ready: %s", error)

    def _standalone(self, question: str, turns, model) -> str:
        if not needs_rewrite(question, turns):
            return question
        listed = ordinal_rewrite(question, turns)  # "the third of those": the list is in the reply; no model needed
        if listed:
            return listed
        if model is not None:
            try:
                return model_rewrite(model, question, turns)
            except Exception as error:
                log.warning("rewrite failed, using the rule: %s", error)
        return rule_rewrite(question, turns)

    def _model_draft(self, model, context, question: str) -> Iterator[str]:
        return model_draft(model, answer_messages(context, question))

    def _chat_model(self):
        with self._model_lock:  # concurrent first questions wait for one start and warm-up
            if self._model is None and not self._model_error and self.settings.llm != "extractive":
                try:
                    self._model = chat_model(self.settings)
                except Exception as error:
                    self._model_error = str(error)
                    log.warning("no language model: %s", error)
                if self._model is not None and self.settings.llm == "local":
                    self._warm()
        return self._model

    def _fallback_notice(self) -> str:
        if not self._model_error:
            return ""
        return f"The language model is unavailable ({self._model_error}); this answer was extracted from the " \
               "documents without it."


def _short(error: Exception) -> str:
    return f"{type(error).__name__}: {str(error)[:160]}"
