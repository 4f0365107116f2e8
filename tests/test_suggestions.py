"""Suggested questions: made from the indexed documents, answered by the assistant, cached in the index folder."""

from __future__ import annotations

import json
import os
import time

import pytest

from assistant import Assistant
from assistant.suggestions import SUGGESTIONS_FILE, cached_suggestions, cleaned_question, suggested_questions
from ingest import ingest_paths, remove_document
from tests.scripted_model import ScriptedChatModel
from tests.small_corpus import small_index

LIBRARY_QUESTION = ("What does “Marlow Street Library will open on Sundays from 4 May 2026, between 11 in the "
                    "morning and…” announce?")
FERRY_QUESTION = ("What does “The Tallow Bay Ferry Company will replace its two diesel boats with three…” "
                  "announce?")
POOL = """Orchard Lane, 5 May 2026

Orchard Lane swimming pool will reopen on 1 July 2026 after a refit that replaced its roof, its changing rooms \
and the heating of its 25-metre pool, paid for by the district council.
"""


@pytest.fixture
def bot(tmp_path) -> Assistant:
    """An extractive assistant over the two short announcements of tests/small_corpus.py, both dated an hour back
    (files of the same age are taken in path order)."""
    settings = small_index(tmp_path)
    earlier = time.time() - 3600
    for path in settings.corpus_path.iterdir():
        os.utime(path, (earlier, earlier))
    return Assistant(settings)


def saved_entries(bot: Assistant) -> dict[str, list[str]]:
    return json.loads((bot.settings.index_path / SUGGESTIONS_FILE).read_text(encoding="utf-8"))["entries"]


def test_without_a_model_each_document_gives_a_question_from_its_title_that_is_answered(bot):
    questions = suggested_questions(bot)
    assert questions == [LIBRARY_QUESTION, FERRY_QUESTION]  # one a document, in the order of their paths
    assert all(not bot.ask(question, []).refused for question in questions)


def test_they_are_saved_in_the_index_folder_and_a_restart_reuses_them_without_asking(bot, monkeypatch):
    questions = suggested_questions(bot)
    assert list(saved_entries(bot).values()) == [questions]
    restarted = Assistant(bot.settings)
    monkeypatch.setattr(restarted, "ask", lambda *_: pytest.fail("a saved question was asked again"))
    assert cached_suggestions(restarted) == questions
    assert suggested_questions(restarted) == questions


def test_adding_or_removing_a_document_makes_them_again(bot):
    before = suggested_questions(bot)
    pool = bot.settings.corpus_path / "orchard-lane-pool.txt"
    pool.write_text(POOL, encoding="utf-8")
    ingest_paths([pool], bot.index, progress=False, settings=bot.settings)
    bot.reload()
    assert cached_suggestions(bot) is None
    added = suggested_questions(bot)
    # The document just added comes first, so its question is shown even when there are more documents than slots.
    lead = "Orchard Lane swimming pool will reopen on 1 July 2026 after a refit that replaced its…"
    assert added == [f"What does “{lead}” announce?", *before]
    remove_document(bot.index, pool)
    bot.reload()
    assert cached_suggestions(bot) == before  # the earlier documents' questions were kept beside the new ones
    assert len(saved_entries(bot)) == 2


@pytest.mark.parametrize("damage", ["{\"format\": 1, \"entries\": {", "\x00\xff not json", "[1, 2, 3]",
                                    '{"format": 1, "entries": {"key": "not a list"}}'])
def test_a_damaged_cache_file_is_ignored_and_written_anew(bot, damage):
    saved = bot.settings.index_path / SUGGESTIONS_FILE
    saved.write_text(damage, encoding="utf-8", errors="surrogateescape")
    assert cached_suggestions(bot) is None
    assert suggested_questions(bot) == [LIBRARY_QUESTION, FERRY_QUESTION]
    assert list(saved_entries(bot).values()) == [[LIBRARY_QUESTION, FERRY_QUESTION]]
    assert [p.name for p in saved.parent.iterdir() if p.name.endswith(".tmp")] == []  # written in place whole


def test_a_model_writes_one_question_a_document_and_a_refused_one_gives_way_to_the_title(bot):
    # Scripted (see tests/scripted_model.py), because the real model's refused question cannot be had on demand.
    writer = ScriptedChatModel().script(
        "1. When will Marlow Street Library open on Sundays?",  # numbering is taken off
        "What is the capital of Australia?",                     # refused: the title's question instead
        "Here is a question about the grant.",                   # not a question: nothing for the library
        "What did Dana Whitfield say about the new vessels?")    # second round: the ferry's next paragraph
    questions = suggested_questions(bot, model=writer)
    assert questions == ["When will Marlow Street Library open on Sundays?", FERRY_QUESTION,
                         "What did Dana Whitfield say about the new vessels?"]
    prompts = [prompt[-1] for prompt in writer.prompts]
    assert len(prompts) == 4 and "Marlow Street Library will open on Sundays" in prompts[0]
    assert "Tallow Bay Ferry Company will replace" in prompts[1] and "Dana Whitfield" in prompts[3]
    assert suggested_questions(bot, model=writer) == questions and len(writer.prompts) == 4  # from the cache
    assert suggested_questions(bot) == [LIBRARY_QUESTION, FERRY_QUESTION]  # the titles' questions are kept apart


def test_only_one_short_question_is_taken_from_a_reply():
    assert cleaned_question('Question: "Who pays for it?"\nAnd more') == "Who pays for it?"
    assert cleaned_question("The library opens on Sundays.") is None
    assert cleaned_question("Why? " * 60) is None
