"""The typed question: its parts, the kind of answer it asks for, its names and figures; on generic questions."""

from __future__ import annotations

import pytest

from assistant.question import analyse, asks_for, question_parts

LIBRARY_TURN = ("Who opened the library?", "Mayor Ana Ruiz opened it.")


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


@pytest.mark.parametrize("question, names", [
    ("Name Harwell Council's two ferry routes.", ("Harwell Council",)),
    ("Since Saltmarsh Quay opened in 1990, how old is it?", ("Saltmarsh Quay",)),
    ("Harwell Council said what? Then Ana Ruiz spoke.", ("Council", "Ana Ruiz")),
])
def test_the_capital_of_a_question_s_first_word_does_not_make_it_part_of_a_name(question, names):
    assert analyse(question, []).names == names


def test_a_follow_up_without_a_rewrite_keeps_its_text_and_carries_the_last_turn_as_context():
    question = analyse("Where did she open it?", [LIBRARY_TURN])
    assert question.standalone == question.text and not question.rewritten
    assert question.context == "Who opened the library? Mayor Ana Ruiz opened it."
    assert question.with_context == f"Where did she open it? ({question.context})"
    assert question.searches() == (f"Where did she open it? {question.context}",)
    assert question.asks_for == "place" and question.history == (LIBRARY_TURN,)


@pytest.mark.parametrize("rewrite", [lambda text, turns: "Where is it?",  # brings in nothing from the conversation
                                     lambda text, turns: "Ana Ruiz opened it at the town hall.",  # an answer
                                     lambda text, turns: "Who opened the library?",  # the question before it
                                     lambda text, turns: "When did Ana Ruiz open the library?",  # asks another thing
                                     lambda text, turns: 1 / 0])
def test_a_rewrite_that_is_unusable_or_fails_leaves_the_follow_up_with_its_context(rewrite):
    question = analyse("Where did she open it?", [LIBRARY_TURN], rewrite)
    assert question.standalone == "Where did she open it?" and not question.rewritten
    assert "Ana Ruiz" in question.context and "Ana Ruiz" in question.with_context


def test_a_question_that_does_not_lean_on_the_conversation_gets_no_context():
    question = analyse("When did the new library on the harbour front open?", [LIBRARY_TURN])
    assert question.context == "" and question.with_context == question.standalone == question.text
    assert question.searches() == question.parts


def test_a_usable_rewrite_replaces_the_follow_up():
    rewritten = "Where did Ana Ruiz open the library?"
    question = analyse("Where did she open it?", [LIBRARY_TURN], lambda text, turns: rewritten)
    assert question.standalone == rewritten and question.rewritten
    assert question.context == "" and question.with_context == question.standalone
    assert question.parts == (question.standalone,) and question.asks_for == "place"


def test_the_conversation_added_to_a_follow_up_is_not_a_part_of_the_question():
    question = analyse("Where did she open it?", [LIBRARY_TURN])
    assert question.parts == ("Where did she open it?",)


@pytest.mark.parametrize(("question", "thing"), [
    ("How many base stations has RuralStar deployed so far?", "base stations"),
    ("In how many nations and territories does the firm do business?", "nations and territories"),
    ("how many people?", "people"),
    ("How many countries does it operate in, and who leads it?", "countries"),
    ("How much will it cost?", ""),
])
def test_a_how_many_question_knows_what_it_counts(question, thing):
    assert analyse(question, []).counted == thing
