"""The benchmark's scoring rules (DESIGN.md §6) on hand-made answers: no model, no index."""

from __future__ import annotations

import pytest

from bench.scoring import (
    Outcome,
    Question,
    Score,
    contains_evidence,
    looks_like_refusal,
    percentile,
    score,
    summarise,
    summarise_by_kind,
)

PASSAGE = "Huawei commits to connecting 120 million people in remote areas in more than 80 countries by 2025."
OTHER_PASSAGE = "The forum explored how ICT innovation can drive business and social value."
FACT = Question("q1", "fact", "How many people will it connect?", evidence=("120 million people",),
                expect=(r"120 ?(million|m\b)", "remote"))
REFUSE = Question("q2", "refuse", "What is Huawei's share price?")


def test_a_right_cited_answer_is_correct_grounded_and_precise():
    verdict = score(FACT, Outcome("It will connect 120 Million people in REMOTE areas [1].", False, (PASSAGE,)))
    assert (verdict.correct, verdict.grounded, verdict.precise, verdict.cited) == (True, True, 1, 1)


def test_an_answer_missing_one_expected_pattern_is_wrong():
    verdict = score(FACT, Outcome("It will connect 120 million people [1].", False, (PASSAGE,)))
    assert not verdict.correct and not verdict.grounded
    assert verdict.precise == 1  # the citation itself is still a good one


def test_a_right_answer_without_citations_is_correct_but_not_grounded():
    verdict = score(FACT, Outcome("120 million people in remote areas.", False, ()))
    assert verdict.correct and not verdict.grounded
    assert (verdict.precise, verdict.cited) == (0, 0)


def test_a_right_answer_citing_only_passages_without_evidence_is_not_grounded():
    verdict = score(FACT, Outcome("120 million people in remote areas [1][2].", False, (OTHER_PASSAGE, "x")))
    assert verdict.correct and not verdict.grounded
    assert (verdict.precise, verdict.cited) == (0, 2)


def test_citation_precision_counts_only_passages_with_evidence():
    verdict = score(FACT, Outcome("120 million remote [1][2][3].", False, (PASSAGE, OTHER_PASSAGE, PASSAGE)))
    assert (verdict.precise, verdict.cited) == (2, 3)


def test_refusing_an_answerable_question_is_wrong_even_if_the_text_matches():
    verdict = score(FACT, Outcome("The documents do not say how 120 million remote people...", True, ()))
    assert verdict.refused and not verdict.correct and not verdict.grounded


def test_a_refuse_question_is_right_only_when_refused():
    assert score(REFUSE, Outcome("The documents do not say.", True)).correct
    answered = score(REFUSE, Outcome("The share price is 42 dollars [1].", False, (PASSAGE,)))
    assert not answered.correct and not answered.grounded
    assert (answered.precise, answered.cited) == (0, 1)


def test_evidence_matching_ignores_line_breaks_but_not_wording():
    assert contains_evidence("connecting 120 million\npeople today", ["120 million people"])
    assert not contains_evidence("connecting 120 million users", ["120 million people"])
    assert not contains_evidence(PASSAGE, [])


def test_refusal_wording_of_a_plain_chain():
    for text in ("I don't know.", "The context does not mention the share price.", "There is no information on it.",
                 "The provided text doesn't say who founded Huawei."):
        assert looks_like_refusal(text), text
    assert not looks_like_refusal("Huawei will connect 120 million people by 2025.")


def test_percentile_interpolates_between_ranks():
    assert percentile([], 95) is None
    assert percentile([5.0], 95) == 5.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == pytest.approx(2.5)
    assert percentile(list(map(float, range(1, 21))), 95) == pytest.approx(19.05)


def _score(kind: str, correct: bool, refused: bool, precise: int, cited: int, first: float, total: float,
           grounded: bool = False) -> Score:
    return Score(kind, kind != "refuse", refused, correct, grounded, precise, cited, first, total)


SCORES = [
    _score("fact", True, False, 1, 1, 1.0, 2.0, grounded=True),
    _score("fact", True, False, 0, 2, 2.0, 4.0),
    _score("fact", False, True, 0, 0, 3.0, 3.0),
    _score("multi", False, False, 1, 1, 4.0, 6.0),
    _score("refuse", True, True, 0, 0, 0.5, 1.0),
    _score("refuse", False, False, 0, 1, 5.0, 10.0),
]


def test_aggregation_of_a_tiny_run():
    figures = summarise(SCORES)
    assert (figures.questions, figures.answerable, figures.refuse, figures.citations) == (6, 4, 2, 5)
    assert figures.answer_accuracy == pytest.approx(2 / 4)
    assert figures.grounded_accuracy == pytest.approx(1 / 4)
    assert figures.citation_precision == pytest.approx(2 / 5)
    assert figures.refusal_accuracy == pytest.approx(1 / 2)
    assert figures.false_refusal_rate == pytest.approx(1 / 4)
    assert figures.first_text_median_s == pytest.approx(2.5)
    assert figures.total_median_s == pytest.approx(3.5)
    assert figures.total_p95_s == pytest.approx(6.0 + 0.75 * 4.0)  # rank 4.75 of [1, 2, 3, 4, 6, 10]


def test_aggregation_by_kind_keeps_each_kind_apart():
    by_kind = summarise_by_kind(SCORES)
    assert list(by_kind) == ["fact", "multi", "refuse"]
    assert by_kind["fact"].answer_accuracy == pytest.approx(2 / 3)
    assert by_kind["multi"].answer_accuracy == 0.0
    assert by_kind["refuse"].refusal_accuracy == pytest.approx(1 / 2)
    assert by_kind["refuse"].answer_accuracy is None and by_kind["fact"].refusal_accuracy is None


def test_empty_run_has_no_figures():
    figures = summarise([])
    assert figures.answer_accuracy is None and figures.citation_precision is None and figures.total_p95_s is None


def test_truthfulness_rewards_right_answers_and_refusals_and_punishes_wrong_ones():
    near_miss = Question("q3", "nearmiss", "How many people will it connect by 2023?")
    assert not near_miss.answerable
    scores = [score(FACT, Outcome("120 million people in remote areas [1].", False, (PASSAGE,))),  # +1
              score(FACT, Outcome("The documents do not say.", True)),  # 0: an answerable question refused
              score(FACT, Outcome("80 countries [1].", False, (PASSAGE,))),  # -1: wrong
              score(near_miss, Outcome("The documents do not say.", True)),  # +1: rightly refused
              score(near_miss, Outcome("120 million people [1].", False, (PASSAGE,)))]  # -1: answered a near miss
    assert [s.truth for s in scores] == [1, 0, -1, 1, -1]
    figures = summarise(scores)
    assert figures.truthfulness == pytest.approx(0.0) and figures.refusal_accuracy == pytest.approx(0.5)
    assert summarise([]).truthfulness is None
