"""The web chat: asked through gradio_client and through a real headless browser."""

from __future__ import annotations

import shutil
from contextlib import contextmanager

import pytest
from gradio_client import Client

from app import build_app
from tests.conftest import free_port

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


@pytest.fixture(scope="module")
def app_url(extractive_bot):
    page = build_app(extractive_bot).queue()
    port = free_port()
    page.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True)
    yield f"http://127.0.0.1:{port}/"
    page.close()


def test_the_chat_answers_with_sources_through_gradio_client(app_url):
    client = Client(app_url, verbose=False)
    assert "/answer" in client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    box, chat, sources = client.predict("How many training opportunities will Huawei provide in Cambodia?", [],
                                        api_name="/answer")
    reply = chat[-1]["content"][0]["text"] if isinstance(chat[-1]["content"], list) else chat[-1]["content"]
    assert box == "" and "10,000" in reply and "[1]" in reply
    assert "Question used:" in reply
    assert "<mark>" in sources and "<strong>kept</strong>" in sources


def test_an_empty_question_gets_a_message_not_an_error(app_url):
    client = Client(app_url, verbose=False)
    _, chat, _ = client.predict("   ", [], api_name="/answer")
    reply = chat[-1]["content"][0]["text"] if isinstance(chat[-1]["content"], list) else chat[-1]["content"]
    assert "type a question" in reply


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_a_person_asks_in_the_browser_and_sees_the_cited_answer(app_url, tmp_path):
    with launch_browser() as browser:
        page = browser.new_page()
        page.goto(app_url, wait_until="domcontentloaded")
        box = page.locator("#question textarea")
        box.wait_for(timeout=30_000)
        box.fill("Who thanked Huawei for supporting the P2C Digital Coalition?")
        box.press("Enter")
        page.get_by_text("Malcolm Johnson").first.wait_for(timeout=60_000)
        page.locator("#sources mark").first.wait_for(timeout=60_000)
        page.screenshot(path=str(tmp_path / "chat.png"), full_page=True)
        assert "Sentence checks" in page.locator("#sources").inner_text()
