"""What the model reads: the whole corpus when its prompt fits the token budget, else the nearest whole document
(its best sections when it alone is too long) and other parts' passages from other documents."""

from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.reading import PASSAGES, WHOLE_CORPUS, WHOLE_DOCUMENTS, Reader
from assistant.retrieval import HybridRetriever
from ingest import open_index
from ingest.embeddings import bundled_embeddings
from tests.scripted_model import ScriptedChatModel
from tests.small_corpus import FERRY_FACT, LIBRARY_FACT, small_index

FERRY_QUESTION = "When will the first electric vessel enter service?"
LIBRARY_QUESTION = "When will Marlow Street Library start opening on Sundays?"


def words(text: str) -> int:
    """A stand-in tokenizer: one token a word (the real one is the model's, through llama.cpp)."""
    return len(text.split())


@pytest.fixture(scope="module")
def small_settings(tmp_path_factory):
    return small_index(tmp_path_factory.mktemp("reading"))


@pytest.fixture(scope="module")
def retriever(small_settings) -> HybridRetriever:
    return HybridRetriever(open_index(small_settings), bundled_embeddings())


def sources(passages) -> set[str]:
    return {passage.source.rsplit("/", 1)[-1] for passage in passages}


def test_a_corpus_that_fits_the_budget_is_read_whole(retriever):
    reader = Reader(retriever, words, budget_tokens=10_000)
    reading = reader.read((FERRY_QUESTION,), k=2, read_chars=2_000)
    assert reader.whole_corpus and reading.mode == WHOLE_CORPUS
    assert reading.passages == retriever.passages == reading.prefix


def test_beyond_the_budget_the_nearest_document_is_read_whole_and_alone(retriever):
    library_tokens = sum(words(p.text) for p in retriever.passages if "marlow" in p.source)
    reader = Reader(retriever, words, budget_tokens=library_tokens + 40)  # the library fits, the corpus does not
    reading = reader.read((LIBRARY_QUESTION,), k=2, read_chars=2_000)
    assert not reader.whole_corpus and reading.mode == WHOLE_DOCUMENTS
    assert sources(reading.passages) == {"marlow-street-library.txt"} and reading.prefix == reading.passages
    assert any(LIBRARY_FACT in p.text for p in reading.passages)


def test_a_document_too_long_for_the_budget_is_read_as_its_best_sections(retriever):
    reader = Reader(retriever, words, budget_tokens=150)  # less than the ferry release
    reading = reader.read((FERRY_QUESTION,), k=3, read_chars=2_000)
    ferry = [p for p in retriever.passages if "tallow" in p.source]
    assert reading.mode == WHOLE_DOCUMENTS and sources(reading.passages) == {"tallow-bay-ferries.txt"}
    assert any(FERRY_FACT in p.text for p in reading.passages) and len(reading.passages) < len(ferry)
    assert [p.start for p in reading.passages] == sorted(p.start for p in reading.passages)  # in document order


def test_another_part_about_another_document_brings_its_passages_after_the_shared_prefix(retriever):
    reader = Reader(retriever, words, budget_tokens=200)
    reading = reader.read((FERRY_QUESTION, LIBRARY_QUESTION), k=2, read_chars=2_000)
    assert sources(reading.prefix) == {"tallow-bay-ferries.txt"}
    assert reading.passages[:len(reading.prefix)] == reading.prefix
    assert any(LIBRARY_FACT in p.text for p in reading.passages[len(reading.prefix):])


def test_reading_passages_on_request_never_counts_tokens(retriever):
    def no_counting(text: str) -> int:
        raise AssertionError("a passages reading needs no token count")

    reading = Reader(retriever, no_counting, mode=PASSAGES).read((FERRY_QUESTION,), k=1, read_chars=2_000)
    assert reading.mode == PASSAGES and reading.prefix == []


def test_the_answer_says_what_the_model_read(small_settings):
    model = ScriptedChatModel().script("The documents do not say.")
    bot = Assistant(small_settings.with_(top_k=1), chat_model=model)
    assert bot.ask(LIBRARY_QUESTION).reading == WHOLE_CORPUS  # two short releases fit one slot
    bot = Assistant(small_settings.with_(top_k=1, reading="passages"), chat_model=model)
    assert bot.ask(LIBRARY_QUESTION).reading == PASSAGES
