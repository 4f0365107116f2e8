"""The suggested questions under the chat in a real browser: made from the documents, following uploads and
removals on every open page, and asked with one click."""

from __future__ import annotations

import os
import time

import pytest

from app import build_app
from tests.conftest import free_port
from tests.small_corpus import small_index
from tests.test_app import CHROMIUM, launch_browser
from tests.test_app_browser import MUSEUM, open_chat
from webchat.suggested import SuggestedQuestions

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
LIBRARY_QUESTION = ("What does “Marlow Street Library will open on Sundays from 4 May 2026, between 11 in the "
                    "morning and…” announce?")
FERRY_QUESTION = ("What does “The Tallow Bay Ferry Company will replace its two diesel boats with three…” "
                  "announce?")
MUSEUM_QUESTION = "What does “Haverport Maritime Museum to reopen after three-year, €24.5 million renovation” announce?"


@pytest.fixture(scope="module")
def suggestions(tmp_path_factory):
    """Suggested questions over the two short announcements (extractive), none made yet; both files dated an hour
    back, so an upload is the newest."""
    from assistant import Assistant

    settings = small_index(tmp_path_factory.mktemp("suggested"))
    earlier = time.time() - 3600
    for path in settings.corpus_path.iterdir():
        os.utime(path, (earlier, earlier))
    return SuggestedQuestions(Assistant(settings))


@pytest.fixture(scope="module")
def app_url(suggestions):
    page = build_app(suggestions.bot, suggestions=suggestions).queue(default_concurrency_limit=2)
    suggestions.refresh()  # made in the background once the page is built, as python app.py does
    port = free_port()
    page.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True)
    yield f"http://127.0.0.1:{port}/"
    page.close()


def shown(page) -> list[str]:
    return page.locator("#suggested button:visible").all_inner_texts()


def test_the_suggested_questions_follow_uploads_and_removals_and_a_click_asks_one(app_url, suggestions):
    with launch_browser() as browser:
        page, other = open_chat(browser, app_url), open_chat(browser, app_url)
        page.locator("#suggested").get_by_text(FERRY_QUESTION).wait_for(timeout=60_000)
        assert shown(page) == [LIBRARY_QUESTION, FERRY_QUESTION]

        page.locator("#upload input[type=file]").set_input_files([str(MUSEUM)])
        page.locator("#upload").get_by_text("haverport-maritime").wait_for(timeout=30_000)
        page.locator("#add").click()
        page.locator("#report", has_text="Added 1 file(s)").wait_for(timeout=120_000)
        for each in (page, other):  # the page that uploaded and one open beside it
            each.locator("#suggested").get_by_text(MUSEUM_QUESTION).wait_for(timeout=60_000)
            assert shown(each) == [MUSEUM_QUESTION, LIBRARY_QUESTION, FERRY_QUESTION]  # the newest document first
        assert (suggestions.bot.settings.index_path / "suggestions.json").exists()

        page.locator("#suggested").get_by_text(MUSEUM_QUESTION).click()
        page.locator("#chat p.status").first.wait_for(timeout=90_000)
        page.locator("#chat").get_by_text("Checking each sentence against its sources").wait_for(state="detached",
                                                                                               timeout=90_000)
        asked, answer = page.locator("#chat .message-row").all()[-2:]
        assert asked.inner_text().strip() == MUSEUM_QUESTION
        assert "Haverport Maritime Museum" in answer.inner_text() and answer.locator("a.cite").count() >= 1
        assert MUSEUM.name in answer.locator("details.sources").text_content()

        page.locator("#chosen input").click()
        page.get_by_role("option", name=MUSEUM.name, exact=False).click()
        page.locator("#remove").click()
        page.locator("#report", has_text=f"Removed {MUSEUM.name}").wait_for(timeout=60_000)
        page.locator("#suggested").get_by_text(MUSEUM_QUESTION).wait_for(state="detached", timeout=60_000)
        assert shown(page) == [LIBRARY_QUESTION, FERRY_QUESTION]
