"""A figure or a title the question assumes and no document gives: said so, with what the documents give quoted."""

from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.premises import assumed_figures
from settings import Settings


def test_a_count_or_amount_no_document_gives_is_an_assumed_figure_and_a_year_is_not():
    stated = {"120", "80", "2025", "10000"}
    assert [m[:3] for m in assumed_figures("Why is Huawei connecting 200 million people by 2030?", stated)] == [
        ("200", "", "people")]
    assert [m[:2] for m in assumed_figures("Did the €52 million budget grow by 31%?", stated)] == [
        ("52", "money"), ("31", "percent")]
    assert assumed_figures("How will the 10,000 training places be delivered?", stated) == []
    assert assumed_figures("What did Huawei announce in 2019?", stated) == []  # a year dates, it does not count


def test_the_answer_says_what_the_documents_give_instead_and_quotes_it(extractive_bot):
    answer = extractive_bot.ask("Why is Huawei aiming to connect 200 million people by 2030?")
    assert not answer.refused and answer.outcome == "premise:corrected"
    assert answer.text.startswith("The documents do not give 200 million people. They say: ")
    assert "about 120 million people in remote areas" in answer.text and answer.text.endswith("[1]")
    (citation,) = answer.citations
    assert "120 million people" in citation.quote and citation.quote in citation.text


def test_a_figure_of_another_kind_is_not_offered_as_the_correction(extractive_bot):
    answer = extractive_bot.ask("How will the 1,000 training places in Cambodia be delivered?")
    assert answer.outcome == "premise:corrected" and "10,000 training opportunities" in answer.citations[0].quote
    assert "people in remote areas" not in answer.citations[0].quote  # people are not training places


def test_figures_the_documents_give_and_things_they_do_not_name_are_not_corrected(extractive_bot):
    stated = extractive_bot.ask("How will the 10,000 training opportunities in Cambodia be delivered?")
    elsewhere = extractive_bot.ask("Why is Samsung aiming to connect 200 million people by 2030?")
    assert "premise" not in stated.outcome and "premise" not in elsewhere.outcome


def test_a_title_no_document_gives_the_person_is_corrected_with_their_own(extractive_bot):
    answer = extractive_bot.ask("What did Malcolm Johnson, the UN Secretary-General, say about connectivity?")
    assert not answer.refused and answer.outcome == "premise:corrected"
    assert answer.text.startswith("The documents do not describe Malcolm Johnson as the UN Secretary-General. They "
                                  "say: ")
    (citation,) = answer.citations
    assert "ITU Deputy Secretary-General Malcolm Johnson" in citation.quote and citation.quote in citation.text


def test_whoever_holds_the_title_is_quoted_first(extractive_bot):
    answer = extractive_bot.ask("What did Cao Ming, Huawei's chairman, say about rural networks?")
    assert answer.outcome == "premise:corrected"
    holder, own = answer.citations
    assert "Liang Hua, Chairman of Huawei" in holder.quote and "Cao Ming, President of Huawei Wireless" in own.quote


def test_a_title_the_documents_give_and_a_person_they_never_name_are_not_corrected(extractive_bot):
    right = extractive_bot.ask("What did Liang Hua, Chairman of Huawei, announce?")
    stranger = extractive_bot.ask("What did Jane Doe, the UN Secretary-General, say about connectivity?")
    assert "premise" not in right.outcome and "premise" not in stranger.outcome


@pytest.mark.parametrize("switch, question, correction", [
    ("premise_figures", "Why is Huawei aiming to connect 200 million people by 2030?", "do not give 200 million"),
    ("premise_titles", "What did Malcolm Johnson, the UN Secretary-General, say?", "do not describe"),
])
def test_switched_off_the_question_is_answered_like_any_other(extractive_bot, switch, question, correction):
    bot = Assistant(Settings(index_path=extractive_bot.settings.index_path, llm="extractive", without=(switch,)))
    answer = bot.ask(question)
    assert "premise" not in answer.outcome and correction not in answer.text
