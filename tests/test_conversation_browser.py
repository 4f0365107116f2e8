"""A conversation in the real page with the real local model: a follow-up keeps its own ask, an overview question
is answered with citations, and the sources carry the document's title from its content (slow, run in CI too)."""

from __future__ import annotations

import re

import pytest

from settings import Settings
from tests.conftest import start_local_model
from tests.test_app import CHROMIUM, launch_browser, served
from tests.test_app_browser import ask, open_chat

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")]


def last_answer(page) -> str:
    """The text of the answer shown last, its sources folded in."""
    return page.locator("#chat .message-row").last.text_content()


@pytest.fixture(scope="module")
def chat_bot(tmp_path_factory):
    """The assistant over the bundled release with the real local model, on a server of its own start (another
    test stops the shared one to see the fallback)."""
    from assistant import Assistant

    settings = Settings(index_path=tmp_path_factory.mktemp("conversation") / "index", llm="local")
    start_local_model(settings)
    bot = Assistant(settings)
    bot.warm_up()
    return bot


def test_a_follow_up_keeps_its_own_ask_and_an_overview_question_is_answered(chat_bot):
    with served(chat_bot) as url, launch_browser() as browser:
        page = open_chat(browser, url)
        ask(page, "How many people will Huawei connect through Partner2Connect?", 0)
        first = last_answer(page)
        assert "120 million" in first
        ask(page, "Who said that, and where?", 1)
        second = last_answer(page)
        # Its own ask answered (who and where), not the question before it again.
        assert "Liang Hua" in second and re.search(r"Sustainability Forum|Shenzhen", second), second
        assert "120 million people" not in second.split("Sources")[0]
        ask(page, "What is this release about?", 2)
        overview = last_answer(page)
        assert "do not answer" not in overview and re.search(r"\[\d\]", overview), overview
        assert "Partner2Connect" in overview
        # The sources name the release by its first sentence (its title from the content), beside the file name.
        assert "[1] Huawei has signed a global commitment" in overview
