"""Faults of the model endpoint and odd input; real components, the endpoint a real HTTP server whose replies are
scripted (see why there). The model is asked for a whole reply, so a fault never leaves part of an answer shown:
each ends in an answer or a refusal, with a notice that says what happened."""

from __future__ import annotations

import time

import pytest

from assistant import Answer, Assistant, QuestionError, Settings
from tests.conftest import free_port
from tests.scripted_endpoint import ScriptedEndpoint

QUESTION = "How many training opportunities will Huawei provide in Cambodia?"
WHOLE_SENTENCE = "In Cambodia, Huawei will provide 10,000 training opportunities for ICT professionals."
CUT_SENTENCE = "Huawei will work with government departments through the Ministry of Posts"  # true, but unfinished
REPLY = f"{WHOLE_SENTENCE} [[10,000 training]] {CUT_SENTENCE}"
EXTRACTED = "this answer was extracted from the documents"


@pytest.fixture(scope="module")
def index_path(tmp_path_factory):
    """One index of the bundled release for every endpoint of this module."""
    return tmp_path_factory.mktemp("faults") / "index"


def _ask(index_path, base_url: str, question: str = QUESTION) -> tuple[str, Answer]:
    """The text streamed and the final Answer from an assistant whose model is at ``base_url``."""
    settings = Settings(index_path=index_path, llm="openai", llm_base_url=base_url, llm_timeout=3)
    *deltas, answer = Assistant(settings).stream(question)
    assert all(isinstance(delta, str) for delta in deltas)
    return "".join(deltas), answer


def _scripted(index_path, *replies: tuple[str, str], question: str = QUESTION) -> tuple[str, Answer]:
    with ScriptedEndpoint(*replies) as endpoint:
        streamed, answer = _ask(index_path, endpoint.base_url, question)
    assert all(not request.get("stream") for request in endpoint.requests)  # one whole reply a request
    return streamed, answer


def test_a_finished_reply_is_answered_as_checked(index_path):
    streamed, answer = _scripted(index_path, (f"{WHOLE_SENTENCE} [[10,000 training]]", "stop"))
    assert answer.backend == "openai" and answer.notice == ""
    assert WHOLE_SENTENCE in answer.text and answer.citations and streamed == answer.text


@pytest.mark.parametrize("ending, said", [("drop", "connection failed"), ("stall", "stopped responding"),
                                          ("error", "failed (OpenAIAPIError: Error code: 500")])
def test_a_reply_that_never_arrives_whole_is_replaced_by_an_extract_that_says_why(index_path, ending, said):
    started = time.perf_counter()
    streamed, answer = _scripted(index_path, (REPLY, ending))
    assert answer.backend == "extractive" and not answer.refused
    assert answer.notice.startswith("The language model") and said in answer.notice and EXTRACTED in answer.notice
    assert "10,000 training opportunities" in answer.text and f"{CUT_SENTENCE} [" not in answer.text
    assert answer.citations and streamed == answer.text
    assert time.perf_counter() - started < 60


def test_an_unreachable_endpoint_is_replaced_by_an_extract_that_says_so(index_path):
    # Nobody listens on this loopback port: a real connection failure.
    streamed, answer = _ask(index_path, f"http://127.0.0.1:{free_port()}/v1")
    assert answer.backend == "extractive" and answer.notice.startswith("The language model")
    assert EXTRACTED in answer.notice
    assert "10,000 training opportunities" in answer.text and streamed == answer.text


def test_a_reply_cut_at_the_token_limit_keeps_only_its_complete_checked_sentences(index_path):
    streamed, answer = _scripted(index_path, (REPLY, "length"))
    assert answer.backend == "openai" and "cut off at its length limit" in answer.notice
    assert WHOLE_SENTENCE in answer.text and f"{CUT_SENTENCE} [" not in answer.text
    assert streamed == answer.text


def test_a_refusal_cut_at_the_token_limit_is_still_a_refusal(index_path):
    streamed, answer = _scripted(index_path, ("The documents do not say. The passages", "length"))
    assert answer.refused and answer.citations == [] and streamed == answer.text
    assert "cut off at its length limit" in answer.notice


def test_a_reply_cut_before_its_first_sentence_ended_says_the_answer_was_extracted(index_path):
    streamed, answer = _scripted(index_path, (CUT_SENTENCE, "length"))
    assert answer.backend == "extractive" and "10,000 training opportunities" in answer.text
    assert EXTRACTED in answer.notice and "cut off" not in answer.notice, answer.notice


def test_the_notice_tells_an_unreachable_endpoint_from_one_that_stops_answering(index_path):
    _, unreachable = _ask(index_path, f"http://127.0.0.1:{free_port()}/v1")
    _, stalled = _scripted(index_path, (REPLY, "stall"))
    assert unreachable.notice != stalled.notice
    assert EXTRACTED in unreachable.notice and EXTRACTED in stalled.notice


def test_an_unreachable_endpoint_is_not_said_to_have_broken_off_an_answer(index_path):
    _, unreachable = _ask(index_path, f"http://127.0.0.1:{free_port()}/v1")
    assert "broke off" not in unreachable.notice, unreachable.notice


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
    assert answer.text == extractive_bot.ask("How many people will P2C connect?").text and answer.notice == ""


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
    answer = extractive_bot.ask("Where did he announce the decision?", history=history)
    assert answer.text == extractive_bot.ask("Where did he announce the decision?", history=history[1:]).text
    assert "Sustainability Forum" in answer.text and answer.standalone_question == "Where did he announce the decision?"
