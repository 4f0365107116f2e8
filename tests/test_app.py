"""The web chat: asked through gradio_client and through a real headless browser."""

from __future__ import annotations

import shutil
from contextlib import contextmanager

import pytest
from gradio_client import Client

from app import build_app
from assistant import Answer, Assistant, Citation, Settings
from tests.conftest import free_port
from tests.scripted_model import ScriptedChatModel
from webchat.render import message

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def launch_browser():
    """Debian's headless Chromium driven by Playwright (its own browser download cannot work offline)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update"])
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def served(bot: Assistant):
    """The chat page over ``bot`` on a free loopback port; yields its URL."""
    page = build_app(bot).queue()
    port = free_port()
    page.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        page.close()


@pytest.fixture(scope="module")
def app_url(extractive_bot):
    with served(extractive_bot) as url:
        yield url


def reply_text(chat: list[dict]) -> str:
    """The last message of a chat as gradio_client returns it."""
    content = chat[-1]["content"]
    return content[0]["text"] if isinstance(content, list) else content


def test_the_chat_answers_with_its_own_sources_through_gradio_client(app_url):
    client = Client(app_url, verbose=False)
    assert "/answer" in client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    box, chat = client.predict("How many training opportunities will Huawei provide in Cambodia?", [],
                               api_name="/answer")
    reply = reply_text(chat)
    assert box == "" and "10,000" in reply and 'class="cite"' in reply and "[1]" in reply
    assert "Sources (1)" in reply and "<mark>" in reply and "<strong>kept</strong>" in reply
    assert "Answered by extraction from the documents" in reply and "Question used" not in reply


def test_a_follow_up_the_model_rewrote_shows_the_question_used(tmp_path):
    # A scripted chat model (see tests/scripted_model.py): the real model's rewrite cannot be had on demand. The
    # release is read whole, where follow-ups are answered in context unless context_follow_ups is off.
    model = ScriptedChatModel().script("Where did Liang Hua announce the decision?", "Liang Hua announced the "
                                       "decision at the company’s 2022 Sustainability Forum. [[Sustainability Forum]]")
    bot = Assistant(Settings(index_path=tmp_path / "index", llm="extractive", without=("context_follow_ups",)),
                    chat_model=model)
    earlier = [{"role": role, "content": [{"type": "text", "text": text}]} for role, text in
               (("user", "Who is the chairman of Huawei?"), ("assistant", "Liang Hua is the Chairman of Huawei."))]
    with served(bot) as url:
        _, chat = Client(url, verbose=False).predict("Where did he announce the decision?", earlier,
                                                     api_name="/answer")
    reply = reply_text(chat)
    assert reply.split("Question used: <em>")[1].split("</em>")[0] == "Where did Liang Hua announce the decision?"
    assert "Sustainability Forum" in reply and len(model.prompts) == 2


def test_a_follow_up_that_was_not_rewritten_shows_no_question_and_no_earlier_turn(app_url):
    # The extractive back-end has no model to rewrite with: the follow-up is used as typed, the last turn as context.
    client = Client(app_url, verbose=False)
    _, chat = client.predict("Who is the rotating chairman of Huawei?", [], api_name="/answer")
    _, chat = client.predict("Where did he announce the decision?", chat, api_name="/answer")
    reply = reply_text(chat)
    assert "Sustainability Forum" in reply
    assert "Question used" not in reply and "rotating chairman" not in reply


def test_an_empty_question_gets_a_message_not_an_error(app_url):
    client = Client(app_url, verbose=False)
    _, chat = client.predict("   ", [], api_name="/answer")
    assert "type a question" in reply_text(chat)


def test_an_answer_that_fell_back_says_so_and_why():
    passage = "Huawei will provide 10,000 training opportunities."
    citation = Citation(1, "/docs/a.txt", 0, len(passage), passage, passage, 0, len(passage), title="A release")
    why = "The language model failed (ConnectError: refused); this answer was extracted from the documents without it."
    shown = message(Answer("It will provide 10,000 [1].", [citation], backend="extractive", notice=why), "How many?")
    assert f"Answered by extraction from the documents (fallback: {why})" in shown
    cut = message(Answer("10,000 [1].", [citation], backend="local", notice="It was cut off."), "How many?")
    assert "Answered by the local model" in cut and '<p class="notice">⚠️ It was cut off.</p>' in cut
