"""Ratings of answers are saved with their context, and the bench turns them into a tune set."""

from __future__ import annotations

import json
import re
from pathlib import Path

from assistant import Answer, Citation
from bench.check_questions import check
from bench.feedback import from_feedback, is_feedback, write_tune_set
from tests.conftest import RELEASE
from webchat.feedback import FEEDBACK_FILE, Feedback

QUOTE = "will bring connectivity to about 120 million people in remote areas"
ANSWER = Answer("It will bring connectivity to about 120 million people in remote areas. [1]",
                [Citation(1, str(RELEASE), 0, 500, "text", QUOTE, 100, 167)], False, "How many people?",
                backend="local")


def test_a_rating_is_saved_with_the_question_history_answer_citations_and_back_end(tmp_path: Path):
    feedback = Feedback(tmp_path, "local")
    key = ("How many people?", "It will bring connectivity to about 120 million people in remote areas. [1]")
    feedback.shown(key, "How many people?", [("Who signed?", "Huawei.")], ANSWER)
    assert "saved with your comment" in feedback.rate(key, True, " right figure ")
    assert "no longer remembered" in feedback.rate(("Other?", "Other."), False)
    saved = [json.loads(line) for line in (tmp_path / FEEDBACK_FILE).read_text(encoding="utf-8").splitlines()]
    assert len(saved) == 1 and saved[0]["rating"] == "up" and saved[0]["comment"] == "right figure"
    assert saved[0]["history"] == [["Who signed?", "Huawei."]] and saved[0]["backend"] == "local"
    assert saved[0]["citations"][0]["quote"] == QUOTE


def test_rated_answers_become_a_tune_set_and_rated_down_ones_a_list_to_write(tmp_path: Path):
    ratings = tmp_path / "feedback.jsonl"
    up = {"rating": "up", "question": "How many people?", "history": [], "answer": ANSWER.text, "refused": False,
          "citations": [{"quote": QUOTE}]}
    refusal = {"rating": "up", "question": "What is the share price?", "answer": "The documents do not answer.",
               "refused": True, "citations": []}
    down = {"rating": "down", "question": "Who spoke?", "answer": "Nobody.", "refused": False, "comment": "wrong"}
    earlier_down = up | {"rating": "down"}  # the latest rating of the same question counts
    ratings.write_text("".join(json.dumps(r) + "\n" for r in (earlier_down, up, refusal, down)), encoding="utf-8")
    assert is_feedback(ratings)
    questions, to_write = from_feedback(ratings)
    assert [q["kind"] for q in questions] == ["fact", "refuse"] and to_write[0]["comment"] == "wrong"
    assert questions[0]["evidence"] == [QUOTE] and all(re.search(p, ANSWER.text) for p in questions[0]["expect"])
    assert questions[0]["expect"][0] == "120"
    tune, pending, asked, unwritten = write_tune_set(ratings, tmp_path / "out")
    assert (asked, unwritten) == (2, 1) and not is_feedback(tune)
    assert check(tune, RELEASE) == 0  # a valid question file over the release
