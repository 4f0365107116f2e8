"""The typed question: its parts, the kind of answer it asks for, its names and figures; on generic questions."""

from __future__ import annotations

import pytest

from assistant.question import analyse, asks_for, question_parts


@pytest.mark.parametrize("question, parts", [
    ("When will the new bridge open, and how much will it cost?",
     ("When will the new bridge open?", "How much will it cost?")),
    ("Who chairs the board? Where is it based?", ("Who chairs the board?", "Where is it based?")),
    ("Which schools will close, and in which towns are they?",
     ("Which schools will close?", "In which towns are they?")),
    # One question about two things, and a second "question" too short to stand alone, stay whole.
    ("What are the plan and the budget?", ("What are the plan and the budget?",)),
    ("How many staff does the council employ, and why?", ("How many staff does the council employ, and why?",)),
])
def test_a_question_is_split_into_the_questions_it_asks(question, parts):
    assert question_parts(question) == parts


@pytest.mark.parametrize("question, kind", [
    ("How long will the works last?", "duration"),
    ("How much did the city spend on parks?", "amount"),
    ("How many homes were built last year?", "count"),
    ("According to the report, how many homes were built?", "count"),
    ("When does the museum reopen?", "date"),
    ("Who chairs the board?", "person"),
    ("In which country is the plant?", "place"),
    ("Why did the mayor resign?", "reason"),
    ("Is the museum free to enter?", "yes_no"),
    ("Describe the programme.", "other"),
])
def test_the_kind_of_answer_a_question_asks_for(question, kind):
    assert asks_for(question) == kind


def test_a_question_is_analysed_once_into_its_names_figures_and_parts():
    question = analyse("How many of the 1,200 new homes will Harwell Council build, and when will work start?", [])
    assert question.standalone == question.text and not question.rewritten
    assert question.parts == ("How many of the 1,200 new homes will Harwell Council build?", "When will work start?")
    assert question.asks_for == "count"
    assert question.figures == {"1200"} and question.names == ("Harwell Council",)


def test_a_follow_up_without_a_rewrite_carries_the_conversation_and_says_so():
    question = analyse("Where did she open it?", [("Who opened the library?", "Mayor Ana Ruiz opened it.")])
    assert question.rewritten and "Ana Ruiz" in question.standalone


def test_a_usable_rewrite_replaces_the_follow_up():
    history = [("Who opened the library?", "Mayor Ana Ruiz opened it.")]
    question = analyse("Where did she open it?", history, lambda text, turns: "Where did Ana Ruiz open the library?")
    assert question.standalone == "Where did Ana Ruiz open the library?"
    assert question.parts == (question.standalone,) and question.asks_for == "place"


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="core: the conversation added to a follow-up that was not rewritten is split "
                          "into question parts of its own")
def test_the_conversation_added_to_a_follow_up_is_not_a_part_of_the_question():
    question = analyse("Where did she open it?", [("Who opened the library?", "Mayor Ana Ruiz opened it.")])
    assert len(question.parts) == 1, question.parts
