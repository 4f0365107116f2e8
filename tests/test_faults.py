"""Faults: a model stream that breaks off, and odd input; real components, the endpoint scripted (see why there)."""

from __future__ import annotations

import pytest

from assistant import Answer, Assistant, QuestionError, Settings
from tests.scripted_endpoint import ScriptedEndpoint

QUESTION = "How many training opportunities will Huawei provide in Cambodia?"
FRAGMENT = "Huawei will work with government departments through the Ministry of Posts and Telecommunications"
WHOLE_SENTENCE = "In Cambodia, Huawei will provide 10,000 training opportunities for ICT professionals " \
                 "[[10,000 training]]. "
CUT_SENTENCE = ["Huawei will work with government departments ",
                "through the Ministry of Posts and Telecommunications [[Ministry of Posts]]"]


@pytest.fixture(scope="module")
def index_path(tmp_path_factory):
    """One index of the bundled release for every scripted endpoint of this module."""
    return tmp_path_factory.mktemp("faults") / "index"


def _stream(index_path, pieces: list[str], ending: str) -> tuple[str, Answer]:
    """The text streamed and the final Answer, from an assistant whose endpoint streams ``pieces``."""
    with ScriptedEndpoint(pieces, ending) as endpoint:
        settings = Settings(index_path=index_path, llm="openai", llm_base_url=endpoint.base_url, llm_timeout=3)
        *deltas, answer = Assistant(settings).stream(QUESTION)
    return "".join(deltas), answer


def test_a_stream_the_model_finished_is_shown_as_it_was_verified(index_path):
    streamed, answer = _stream(index_path, [WHOLE_SENTENCE, *CUT_SENTENCE, "."], "stop")
    assert answer.backend == "openai" and answer.notice == ""
    assert "10,000 training opportunities" in answer.text and FRAGMENT in answer.text
    assert streamed == answer.text


@pytest.mark.parametrize("ending", ["drop", "close"])
def test_a_stream_that_drops_mid_answer_is_replaced_by_an_extract_that_says_why(index_path, ending):
    # "drop": the socket closes inside a chunked body (the client raises); "close": an unframed body just
    # ends, without [DONE] or a finish_reason (the client ends the stream quietly).
    _, answer = _stream(index_path, [WHOLE_SENTENCE, *CUT_SENTENCE], ending)
    assert answer.backend == "extractive"
    assert "cut off (the connection to the model dropped)" in answer.notice
    assert f"{FRAGMENT} [" not in answer.text
    assert "10,000 training opportunities" in answer.text and answer.citations


def test_a_stream_that_stops_responding_is_replaced_by_an_extract_that_says_why(index_path):
    _, answer = _stream(index_path, CUT_SENTENCE, "stall")
    assert answer.backend == "extractive"
    assert "cut off (the model stopped responding)" in answer.notice
    assert "10,000 training opportunities" in answer.text


def test_a_stream_cut_at_the_token_limit_keeps_only_its_complete_verified_sentences(index_path):
    streamed, answer = _stream(index_path, [WHOLE_SENTENCE, *CUT_SENTENCE], "length")
    assert answer.backend == "openai"
    assert "cut off at its length limit" in answer.notice
    assert "10,000 training opportunities" in answer.text and FRAGMENT not in answer.text
    assert streamed == answer.text
    assert any(FRAGMENT in c.sentence and "cut off" in c.reason for c in answer.checks)


def test_a_stream_cut_at_the_token_limit_before_a_sentence_ended_is_extracted(index_path):
    _, answer = _stream(index_path, CUT_SENTENCE, "length")
    assert answer.backend == "extractive"
    assert "cut off (it reached its length limit)" in answer.notice
    assert f"{FRAGMENT} [" not in answer.text and "10,000 training opportunities" in answer.text


@pytest.mark.parametrize("question", ["\x00\x00\x00", " \x1b[31m\x1b[0m\t", "<script>alert(1)</script>",
                                      "\u200b\ufeff"])
def test_a_question_with_nothing_but_control_codes_or_markup_is_the_empty_question(extractive_bot, question):
    with pytest.raises(QuestionError, match="type a question"):
        extractive_bot.ask(question)


@pytest.mark.parametrize("question", ["\x1b[31mHow many people will P2C connect?\x1b[0m",
                                      "How many\x07 people will\x00 P2C connect?\x1b]0;title\x07",
                                      "<script>alert(1)</script> How many people will P2C connect?",
                                      "How many <b>people</b> will P2C connect?"])
def test_control_codes_and_markup_are_removed_before_the_question_is_answered(extractive_bot, question):
    answer = extractive_bot.ask(question)
    assert answer.standalone_question == "How many people will P2C connect?"
    assert "120 million people" in answer.text and answer.notice == ""


@pytest.mark.parametrize("history, item", [
    ([("Who is Liang Hua?", "The Chairman of Huawei."), 7], "item 2"),
    ([None], "item 1"),
    (["ab"], "item 1"),
    ([("Who?", "Him.", "extra")], "item 1"),
    ([{"role": "user", "content": 5}], "item 1"),
    ([{"role": "user", "content": "Who?"}, {"speaker": "bot", "content": "Him."}], "item 2"),
    ("Who is Liang Hua?", "not str"),
    (42, "not int"),
])
def test_a_malformed_history_is_a_question_error_naming_what_is_wrong(extractive_bot, history, item):
    with pytest.raises(QuestionError, match=f"(?i)history.*{item}|{item}.*history"):
        extractive_bot.ask("Where did he announce it?", history=history)


def test_both_documented_history_shapes_are_accepted_from_json_as_well(extractive_bot):
    history = [["Hello", None], ["Who is Liang Hua?", "Liang Hua is the Chairman of Huawei."]]
    assert "Liang Hua" in extractive_bot.ask("Where did he announce the decision?", history=history).standalone_question
