"""What the model reads in retrieval mode: each part's passages, a split paragraph whole, within a character budget."""

from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.retrieval import HybridRetriever
from ingest import open_index
from ingest.embeddings import bundled_embeddings
from tests.scripted_model import ScriptedChatModel
from tests.small_corpus import FERRY_FACT, LIBRARY_FACT, small_index

FERRY_QUESTION = "When will the first electric vessel enter service?"
LIBRARY_QUESTION = "When will Marlow Street Library start opening on Sundays?"
OPENING = "The Tallow Bay Ferry Company will replace its two diesel boats"  # the long paragraph's first passage


@pytest.fixture(scope="module")
def small_settings(tmp_path_factory):
    return small_index(tmp_path_factory.mktemp("small"))


@pytest.fixture(scope="module")
def retriever(small_settings) -> HybridRetriever:
    return HybridRetriever(open_index(small_settings), bundled_embeddings())


def holding(passages, words: str) -> list[int]:
    return [i for i, passage in enumerate(passages) if words in passage.text]


def test_each_part_of_a_question_is_retrieved_on_its_own(retriever):
    passages, hits = retriever.reading((FERRY_QUESTION, LIBRARY_QUESTION), k=1, budget_chars=10_000)
    assert holding(passages, FERRY_FACT) and holding(passages, LIBRARY_FACT)
    assert holding([hit.passage for hit in hits], FERRY_FACT) and holding([hit.passage for hit in hits], LIBRARY_FACT)


def test_a_passage_split_from_a_long_paragraph_comes_with_the_passage_it_continues(retriever):
    passages, _ = retriever.reading((FERRY_QUESTION,), k=1, budget_chars=10_000)
    assert holding(passages, OPENING) == [0] and holding(passages, FERRY_FACT) == [1] and len(passages) == 2
    assert passages[0].source == passages[1].source and passages[1].start - passages[0].end <= 1


def test_the_reading_keeps_to_its_budget_but_never_comes_empty(retriever):
    parts = (FERRY_QUESTION, LIBRARY_QUESTION)
    assert len(retriever.reading(parts, k=3, budget_chars=1)[0]) == 1
    passages, _ = retriever.reading(parts, k=3, budget_chars=1_200)
    assert len(passages) > 1 and sum(len(p.text) for p in passages) <= 1_200


def test_in_retrieval_mode_the_model_reads_each_parts_passages(small_settings):
    model = ScriptedChatModel().script("The documents do not say.")
    bot = Assistant(small_settings.with_(reading="passages", top_k=1), chat_model=model)
    bot.ask("When will the first electric vessel enter service, and when will Marlow Street Library start opening "
            "on Sundays?")
    system = model.prompts[0][0]
    assert FERRY_FACT in system and OPENING in system and LIBRARY_FACT in system
    assert "Dana Whitfield" not in system  # top_k=1: nothing beyond each part's best passage and its continuation


def test_a_follow_up_the_model_cannot_rewrite_is_retrieved_with_its_last_turn(small_settings):
    # Alone, "When does it start?" finds the ferry paragraph ("starts in June"); the last turn points to the library.
    model = ScriptedChatModel().script("Where?", "The documents do not say.")  # an unusable rewrite, then a draft
    bot = Assistant(small_settings.with_(reading="passages", top_k=1), chat_model=model)
    answer = bot.ask("When does it start?", history=[("What is Marlow Street Library planning?",
                                                      "Sunday opening for a trial year.")])
    assert answer.standalone_question == "When does it start?"
    system = model.prompts[1][0]
    assert LIBRARY_FACT in system and FERRY_FACT not in system
