"""The Assistant: question (+history) → typed question → passages → draft → checked claims → policy → Answer."""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
from collections.abc import Iterator

from assistant import checks as registry
from assistant import switches
from assistant.answer import Answer
from assistant.backends import chat_model as configured_chat_model
from assistant.backends import preload, reading_model, token_counter, warm_prompt
from assistant.calculations import derivation, recomputed
from assistant.checks import Facts
from assistant.drafting import LENGTH, DraftCut, ExtractiveDrafter, ModelDrafter
from assistant.evidence import MARKER, Claim, EvidenceFinder
from assistant.overview import asks_gist, asks_overview, lead_draft, overview_draft
from assistant.policy import ANSWER, EXTRACT, decide
from assistant.premises import correction, stated_figures, title_correction
from assistant.prompts import answer_messages, calculation_messages
from assistant.question import Question, analyse, model_rewrite
from assistant.questions import checked_history, checked_question
from assistant.reading import WHOLE_DOCUMENTS, Reader, Reading
from assistant.retrieval import HybridRetriever
from assistant.review import Review, answer_failures, compose, refusal, review
from assistant.terms import numbers
from ingest.embeddings import bundled_embeddings
from ingest.index import open_index
from ingest.pipeline import ingest_paths
from settings import Settings

log = logging.getLogger(__name__)
CALCULATED = ("count", "amount", "duration")  # the kinds of question a one-step calculation may answer
CALCULATION_TOKENS = 40
NEARBY_TOPICS = 2       # documents named in a refusal
NEARBY_SIMILARITY = 0.3  # a document is named only when its best passage is at least this close to the question


def decided(answer: Answer, draft: str, result: Review) -> Answer:
    """The answer, noting which draft's outcome the policy decided it on."""
    answer.outcome = f"{draft}:{result.outcome}"
    return answer


class Assistant:
    """Answers questions about the indexed documents with checked, numbered citations."""

    def __init__(self, settings: Settings | None = None, chat_model=None):
        self.settings = settings or Settings.from_env()
        self.without = switches.checked(self.settings.without)
        self.checks = registry.active(self.without)
        self._model, self._model_error = chat_model, ""
        self.backend = self.settings.llm if chat_model is None else "model"
        if chat_model is None:
            preload(self.settings)  # the local model loads while the index and embedding model do
        self.index = open_index(self.settings)
        if self.index.count() == 0:
            print(f"The index is empty; ingesting {self.settings.corpus_path} …", file=sys.stderr)
            print(ingest_paths([self.settings.corpus_path], self.index, settings=self.settings), file=sys.stderr)
        self._model_lock = threading.Lock()
        self.prompt_cache = ""  # how the constant prompt was made ready: restored, saved or processed
        self._warmed = None  # the reader whose corpus prompt was last made ready
        self.reload()

    def reload(self) -> None:
        """Read the passages again after documents were added to or removed from the index."""
        embeddings = bundled_embeddings()
        retriever = HybridRetriever(self.index, embeddings)
        finder = EvidenceFinder(embeddings, retriever.paragraph, retriever.aliases)
        reader = Reader(retriever, token_counter(self.settings), self.settings.reading)
        # Built first and swapped at once: a question answered meanwhile never meets a half-built corpus.
        stated = stated_figures(retriever.passages)
        self.embeddings, self.retriever, self.finder, self.reader = embeddings, retriever, finder, reader
        self.stated = stated  # every number the documents write: a figure the question adds is a premise to check
        self.extractive = ExtractiveDrafter(finder, embeddings)

    @property
    def whole_corpus(self) -> bool:
        """Whether the model reads the whole corpus (its prompt fits one slot) from one constant, cached prompt."""
        return self.reader.whole_corpus

    def ask(self, question: str, history=None) -> Answer:
        """The checked answer to a question, given earlier turns."""
        *_, answer = self.stream(question, history)
        return answer

    def stream(self, question: str, history=None) -> Iterator[str | Answer]:
        """The final answer text in pieces (joined, they equal Answer.text), then the Answer."""
        text = checked_question(question, self.settings.max_question_chars)
        turns = [(user, MARKER.sub("", reply)) for user, reply in checked_history(history)]
        model = self._chat_model()
        asked = analyse(text, turns, self._rewriter(model))
        reading = self.reader.read(asked.searches(), self.settings.top_k, self.settings.read_chars)
        answer = self._answer(asked, reading, model)
        answer.reading = reading.mode
        yield from re.findall(r"\S+\s*", answer.text)
        yield answer

    def _rewriter(self, model):
        """The model call that makes a follow-up standalone; none without a model, or when the model reads the whole
        corpus and the conversation anyway (the follow-up is then answered with the conversation as context)."""
        if model is None or (self.whole_corpus and switches.CONTEXT_FOLLOW_UPS.name not in self.without):
            return None
        return model_rewrite(model)

    def _answer(self, question: Question, reading: Reading, model) -> Answer:
        passages, hits = reading.passages, reading.hits
        facts = self._facts(question)
        if self._overview(question):
            answer, result = self._quoted(question, *overview_draft(self.reader.documents, self.finder), facts,
                                          "overview")
            if result.kept:
                return answer
        if self._gist(question) and hits:
            # The document of the best passage: a short document the question names outranks a long one nearby.
            answer, result = self._quoted(
                question, *lead_draft(self.reader.documents[hits[0].passage.source], self.finder), facts, "lead")
            if decide("extractive", result.outcome, self.without) == ANSWER:
                return answer
        corrected = self._correction(question, reading)
        if corrected is not None:
            return corrected
        reviews, backend, notice = [], "extractive", self._fallback_notice(model)
        if model is not None:
            result, notice = self._model_review(model, question, reading, facts)
            action = decide("model", result.outcome, self.without) if result is not None else EXTRACT
            if action == ANSWER:
                return decided(compose(question.standalone, result.kept, result.claims, self.backend, notice),
                               "model", result)
            reviews = [result] if result is not None else []
            if action != EXTRACT:
                return decided(refusal(question.standalone, self._topics(hits), reviews, self.backend, notice),
                               "model", result)
        extracted = self._extract(question, passages, facts)
        dropped = [c for r in reviews for c in r.claims]  # the model's sentences stay listed with their failures
        if decide("extractive", extracted.outcome, self.without) == ANSWER:
            answer = compose(question.standalone, extracted.kept, dropped + extracted.claims, backend, notice)
        else:
            answer = refusal(question.standalone, self._topics(hits), reviews + [extracted], backend, notice)
        return decided(answer, "extractive", extracted)

    def _quoted(self, question: Question, draft: str, passages, facts: Facts, label: str) -> tuple[Answer, Review]:
        """A draft quoting the documents' own sentences (no model), reviewed, as an answer and its review."""
        result = review(draft, passages, facts, self.finder, self.checks)
        return decided(compose(question.standalone, result.kept, result.claims, "extractive", ""), label, result), \
            result

    def _correction(self, question: Question, reading: Reading) -> Answer | None:
        """The answer to a question assuming a figure, or a title for someone, that no document gives: what the
        documents give instead, quoted."""
        r, found = self.retriever, None
        if switches.PREMISE_FIGURES.name not in self.without:
            found = correction(question.standalone, self.stated, reading.passages, self.finder, r.document, r.aliases,
                               question.names, NEARBY_SIMILARITY)
        if found is None and switches.PREMISE_TITLES.name not in self.without:
            found = title_correction(question.standalone, reading.passages, self.finder, r.document)
        if found is None:
            return None
        answer = compose(question.standalone, list(found.claims), list(found.claims), "extractive", "")
        answer.text = f"{found.preface} {answer.text}"
        answer.outcome = "premise:corrected"
        return answer

    def _overview(self, question: Question) -> bool:
        """Whether to answer with a line per document: several are indexed and the question asks only that."""
        return switches.DOCUMENT_OVERVIEW.name not in self.without and len(self.reader.documents) > 1 \
            and asks_overview(question.text)

    def _gist(self, question: Question) -> bool:
        """Whether to answer with a document's lead: the question asks what one document is about, or
        for its summary or key points (or for an overview of everything, with one document indexed)."""
        return switches.DOCUMENT_LEADS.name not in self.without and (
            asks_gist(question.text) or asks_overview(question.text))

    def _model_review(self, model, question: Question, reading: Reading, facts: Facts) -> tuple[Review | None, str]:
        """The model's draft reviewed, and a notice; None when the model failed (the answer is then extracted)."""
        history = question.history if question.context else ()
        passages = reading.passages
        # A whole document's prompt is shared by other questions about it; the whole corpus's is warmed in every slot.
        prefix = answer_messages(reading.prefix, "")[:1] if reading.mode == WHOLE_DOCUMENTS else None
        try:
            with reading_model(self.settings, model, prefix) as reader_model:
                draft = ModelDrafter(reader_model).draft(question.standalone, passages, history)
        except DraftCut as cut:
            log.warning("model answer cut off: %s", cut)
            if cut.reason == LENGTH and cut.text:
                partial = self._review(cut.text, passages, facts)
                partial.claims = partial.claims[:-1]  # the last sentence was cut off
                partial.failed = answer_failures(partial.kept, facts, self.checks)
                if partial.kept or partial.declined:
                    return partial, "The language model's answer was cut off at its length limit; only its " \
                                    "complete, checked sentences are shown."
            why = str(cut)
            return None, f"{why[0].upper()}{why[1:]}; this answer was extracted from the documents instead."
        except Exception as error:  # an unreachable or failing endpoint: answer without it
            log.warning("model call failed: %s", error)
            return None, f"The language model failed ({type(error).__name__}: {str(error)[:160]}); this answer " \
                         "was extracted from the documents without it."
        result = self._review(draft.text, passages, facts)
        result.unsure = draft.confidence is not None and draft.confidence < self.settings.unsure_below
        if facts.calculations and result.outcome == "answered" and question.asks_for in CALCULATED:
            self._add_calculation(model, prefix, question, passages, history, result)
        return result, ""

    def _review(self, draft: str, passages, facts: Facts) -> Review:
        """A model draft reviewed, any calculation it writes worked out again first."""
        return review(recomputed(draft) if facts.calculations else draft, passages, facts, self.finder, self.checks)

    def _add_calculation(self, model, prefix, question: Question, passages, history, result: Review) -> None:
        """Add the one step a question asking for a figure may need, when the model writes it over figures its checked
        answer states ("How many more …?" answered with both figures gets their difference, worked out here)."""
        stated = " ".join(claim.text for claim in result.kept)
        messages = calculation_messages(passages, question.standalone, history, stated)
        try:
            with reading_model(self.settings, model, prefix) as reader_model:
                reply = reader_model.bind(max_tokens=CALCULATION_TOKENS).invoke(messages)
        except Exception as error:  # the checked answer stands without it
            log.warning("no calculation: %s", error)
            return
        # Its figures must stand in the answer, the question or the passages the answer quotes.
        quoted = " ".join(claim.passages_text() for claim in result.kept)
        step = derivation(str(reply.content).strip(), f"{stated} {question.standalone} {quoted}", self._same_thing)
        if step is None:
            return
        evidence = {id(e): e for claim in result.kept for e in claim.evidence
                    if numbers(e.passage.text) & numbers(step)}
        result.claims.append(Claim(f"That is {step}.", (), tuple(evidence.values())))

    def _same_thing(self, a: str, b: str) -> bool:
        """Whether two figures count the same kind of thing ("homes" and "households")."""
        return a.lower() == b.lower() or self.finder.similarity(a, b) >= registry.SAME_THING

    def _extract(self, question: Question, passages, facts: Facts) -> Review:
        draft = self.extractive.draft(question.with_context, passages, question.searches(), question.asks_for)
        return review(draft, passages, facts, self.finder, self.checks)

    def _facts(self, question: Question) -> Facts:
        r = self.retriever
        return Facts(question, r.aliases, r.paragraph, r.surroundings, r.document, self.finder.similarity,
                     switches.CALCULATIONS.name not in self.without)

    def _topics(self, hits) -> list[str]:
        """Titles of the documents nearest the question, for a refusal to point to (none with one document: it
        would only name the document asked about)."""
        if len(self.reader.documents) < 2:
            return []
        titles = [h.passage.title for h in hits if h.dense >= NEARBY_SIMILARITY and h.passage.title]
        return list(dict.fromkeys(titles))[:NEARBY_TOPICS]

    def warm_up(self) -> float:
        """Make the constant prompt of the documents now indexed ready (restored from disk, or processed) so answers
        only pay for the question; returns seconds. The local model does this on first use anyway, and after
        documents are added or removed the web chat calls it before anyone asks."""
        started = time.perf_counter()
        if self._chat_model() is not None and self._warmed is not self.reader:
            self._warm()
        return time.perf_counter() - started

    def _warm(self) -> None:
        self._warmed = self.reader
        if not self.whole_corpus:
            return
        try:
            self.prompt_cache = warm_prompt(self.settings, self._model,
                                            answer_messages(self.retriever.passages, "Hello"))
        except Exception as error:  # a question then pays for the prompt, nothing worse
            log.warning("the constant prompt was not made ready: %s", error)

    def _chat_model(self):
        with self._model_lock:  # concurrent first questions wait for one start and warm-up
            if self._model is None and not self._model_error and self.settings.llm != "extractive":
                try:
                    self._model = configured_chat_model(self.settings)
                except Exception as error:
                    self._model_error = str(error)
                    log.warning("no language model: %s", error)
                if self._model is not None and self.settings.llm == "local":
                    self._warm()
        return self._model

    def _fallback_notice(self, model) -> str:
        if model is not None or not self._model_error:
            return ""
        return f"The language model is unavailable ({self._model_error}); this answer was extracted from the " \
               "documents without it."
