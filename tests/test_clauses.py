"""A sentence joining statements from different passages fails as a whole; each statement is checked on its own."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.evidence import Claim, clauses
from assistant.question import analyse

JOINED = "The Partner2Connect commitment will reach about 120 million people in more than 80 countries by 2025, " \
         "while the RuralStar series has provided connections for more than 60 million people in 70 countries."


@pytest.mark.parametrize(("sentence", "statements"), [
    (JOINED, ["The Partner2Connect commitment will reach about 120 million people in more than 80 countries by 2025.",
              "The RuralStar series has provided connections for more than 60 million people in 70 countries."]),
    ("Huawei operates in more than 170 countries and regions, and the business leaders came from China and Belgium.",
     ["Huawei operates in more than 170 countries and regions.", "The business leaders came from China and Belgium."]),
    ("The order book was €6.1 billion; it expects revenue of €5.5 billion to €5.7 billion.",
     ["The order book was €6.1 billion.", "It expects revenue of €5.5 billion to €5.7 billion."]),
    # A list goes on after ", and" (no new subject), and a short piece is a list item, not a statement.
    ("Ministers came from Cambodia, Nigeria, Bangladesh, and Pakistan, and business leaders from China and Germany.",
     []),
    ("Speakers came from the ITU, and Huawei.", []),
    ("Liang Hua announced the decision at the forum.", []),
])
def test_a_sentence_is_cut_into_the_statements_it_joins(sentence, statements):
    assert [c.text for c in clauses(Claim(sentence, (1, 2)))] == statements
    assert all(c.cited == (1, 2) for c in clauses(Claim(sentence, (1, 2))))


def test_each_statement_is_kept_on_its_own_passage_and_the_switch_turns_it_off(extractive_bot):
    from assistant.review import review

    bot = extractive_bot
    question = analyse("How many more people will Partner2Connect reach than RuralStar has connected?", [])
    passages = bot.retriever.passages
    result = review(JOINED, passages, bot._facts(question), bot.finder, bot.checks)
    assert [c.text for c in result.kept] == [c.text for c in clauses(Claim(JOINED, ()))]
    assert len({c.evidence[0].passage.id for c in result.kept}) == 2  # each half quotes its own passage

    whole = dataclasses.replace(bot._facts(question), clauses=False)
    off = review(JOINED, passages, whole, bot.finder, bot.checks)
    assert [c.text for c in off.claims] == [JOINED] and not off.kept
