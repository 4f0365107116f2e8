"""The chat page in a real browser: markers and their quotes, uploads, refusals, two people at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import build_app
from settings import BUNDLED_CORPUS, Settings
from tests.conftest import RELEASE, free_port
from tests.test_app import CHROMIUM, launch_browser
from webchat.status import StartupProgress

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
SEALED = Path(__file__).resolve().parent.parent / "data" / "sealed"
MUSEUM = SEALED / "haverport-maritime-museum-2025-10-21-reopening.txt"
TRAINING = "How many training opportunities will Huawei provide in Cambodia?"


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    """An extractive assistant with its own index, so uploads and removals here touch no other test."""
    from assistant import Assistant

    folder = tmp_path_factory.mktemp("browser")
    return Assistant(Settings(index_path=folder / "index", corpus_path=BUNDLED_CORPUS, llm="extractive"))


@pytest.fixture(scope="module")
def warm_up():
    """Start-up progress with its last step still running (a warm-up that ends when the test says so)."""
    startup = StartupProgress()
    with startup.stage("Index and embedding model"):
        pass
    step = startup.stage("Prompt warm-up")
    step.__enter__()
    yield startup, step
    step.__exit__(None, None, None)


@pytest.fixture(scope="module")
def app_url(bot, warm_up):
    page = build_app(bot, warm_up[0]).queue(default_concurrency_limit=2)
    port = free_port()
    page.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True)
    yield f"http://127.0.0.1:{port}/"
    page.close()


def open_chat(browser, url: str):
    """A new page on the chat in its own browser session, ready for a question."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(url, wait_until="domcontentloaded")
    page.locator("#question textarea").wait_for(timeout=30_000)
    return page


def ask(page, question: str, answers_before: int) -> None:
    """Ask in the question box and wait until the answer with its footer is shown."""
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    wait_for_answer(page, answers_before)


def wait_for_answer(page, answers_before: int) -> None:
    """Wait until the answer after `answers_before` others is shown with its footer and checked."""
    page.locator("#chat p.status").nth(answers_before).wait_for(timeout=90_000)
    # The footer appears while the sentences are still being checked; the answer is final once that line goes.
    page.locator("#chat").get_by_text("Checking each sentence against its sources").wait_for(state="detached",
                                                                                           timeout=90_000)


def test_start_up_progress_is_shown_until_the_warm_up_ends(app_url, warm_up):
    with launch_browser() as browser:
        page = open_chat(browser, app_url)
        status = page.locator("#status")
        assert "Index and embedding model ✓" in status.inner_text() and "Prompt warm-up …" in status.inner_text()
        warm_up[1].__exit__(None, None, None)
        status.get_by_text("Prompt warm-up ✓").wait_for(timeout=10_000)
        assert "Back-end: extraction from the documents" in status.inner_text()


def test_a_hovered_or_focused_marker_shows_its_quote_and_a_click_opens_its_passage(app_url):
    with launch_browser() as browser:
        page = open_chat(browser, app_url)
        ask(page, TRAINING, 0)
        marker = page.locator("#chat a.cite").first
        tip = marker.locator("[role=tooltip]")
        assert marker.inner_text().startswith("[1]") and not tip.is_visible()
        marker.hover()
        assert tip.is_visible() and "10,000" in tip.inner_text() and "Huawei" in tip.inner_text()
        page.mouse.move(0, 0)
        page.locator("#question textarea").focus()
        page.keyboard.press("Shift+Tab")  # keyboard focus walks back from the box into the conversation
        for _ in range(30):
            if page.evaluate("document.activeElement.classList.contains('cite')"):
                break
            page.keyboard.press("Shift+Tab")
        assert tip.is_visible()
        passage = page.locator("#chat details.sources blockquote").first
        assert not passage.is_visible()
        marker.click()
        assert passage.is_visible() and "10,000" in passage.locator("mark").inner_text()
        assert "chars" in page.locator("#chat details.sources").inner_text()
        assert page.locator("#chat details.checks").count() == 1 and not page.get_by_text("kept:").first.is_visible()


def test_an_uploaded_file_is_listed_cited_and_removed_and_a_refusal_shows_no_sources(app_url, bot, tmp_path):
    broken = tmp_path / "broken-report.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a PDF")
    with launch_browser() as browser:
        page = open_chat(browser, app_url)
        page.locator("#upload input[type=file]").set_input_files([str(MUSEUM), str(broken)])
        page.locator("#upload").get_by_text("broken-report").wait_for(timeout=30_000)
        page.locator("#add").click()
        page.locator("#report", has_text="Added 1 file(s)").wait_for(timeout=120_000)
        assert "Could not add broken-report.pdf" in page.locator("#report").inner_text()
        assert MUSEUM.name in page.locator("#documents").inner_text()
        assert "broken-report" not in page.locator("#documents").inner_text()
        ask(page, "How many visitors does the Haverport Maritime Museum expect in its first year?", 0)
        answer = page.locator("#chat .message-row").last
        assert "210,000" in answer.inner_text()
        assert MUSEUM.name in answer.locator("details.sources").text_content()
        assert (bot.settings.index_path / "uploads" / MUSEUM.name).exists()  # cited where it lasts, not in /tmp
        ask(page, "What is the capital of Australia?", 1)
        refusal = page.locator("#chat .message-row").last
        assert "do not answer" in refusal.inner_text()
        assert refusal.locator("details.sources").count() == 0 and refusal.locator("a.cite").count() == 0
        page.locator("#chosen input").click()
        page.get_by_role("option", name=MUSEUM.name, exact=False).click()
        page.locator("#remove").click()
        page.locator("#report", has_text=f"Removed {MUSEUM.name}").wait_for(timeout=60_000)
        assert "maritime" not in page.locator("#documents").inner_text().lower()
    assert not (bot.settings.index_path / "uploads" / MUSEUM.name).exists()


def test_two_people_asking_at_once_both_get_cited_answers(app_url):
    with launch_browser() as browser:
        pages = [open_chat(browser, app_url) for _ in range(2)]
        questions = [TRAINING, "How many people will Huawei connect through Partner2Connect?"]
        for page, question in zip(pages, questions, strict=True):
            page.locator("#question textarea").fill(question)
        for page in pages:
            page.locator("#question textarea").press("Enter")
        for page, expected in zip(pages, ["10,000", "120 million"], strict=True):
            wait_for_answer(page, 0)
            assert expected in page.locator("#chat").inner_text() and page.locator("#chat a.cite").count() >= 1


def test_the_three_largest_sealed_documents_uploaded_together_are_each_cited_for_their_own_question(app_url):
    questions = {
        "nwcs-2025-10-09-metop-sg-satellite-data.txt":
            ("When will the National Weather and Climate Service start using Metop-SG-A1 data in its forecasts?",
             "November 4"),
        "university-of-haverport-2025-10-16-tarn-centre-opening.txt":
            ("How many researchers will the Tarn Centre for Climate Resilience house?", "240"),
        "haverport-city-council-2025-10-14-budget-2026.txt":
            ("How much money does the 2026 budget set aside for the Tarn Embankment flood wall?", "37.5 million"),
    }
    assert sorted(questions) == sorted(p.name for p in sorted(SEALED.iterdir(), key=lambda p: -p.stat().st_size)[:3])
    with launch_browser() as browser:
        page = open_chat(browser, app_url)
        page.locator("#upload input[type=file]").set_input_files([str(SEALED / name) for name in questions])
        page.locator("#upload").get_by_text("nwcs-2025").wait_for(timeout=30_000)
        page.locator("#add").click()
        page.locator("#report", has_text="Added 3 file(s)").wait_for(timeout=120_000)
        for asked, (name, (question, expected)) in enumerate(questions.items()):
            ask(page, question, asked)
            answer = page.locator("#chat .message-row").last
            cited = answer.locator("details.sources code").all_text_contents()
            assert expected in answer.inner_text() and cited and set(cited) == {name}, (question, cited)
        # Asked what everything indexed is about: one quoted line for each document, the release included.
        ask(page, "What are these documents about?", len(questions))
        overview = page.locator("#chat .message-row").last
        cited = overview.locator("details.sources code").all_text_contents()
        assert set(cited) == {*questions, RELEASE.name} and len(cited) == 4, cited


def test_a_rated_answer_is_saved_with_its_comment_and_read_back_by_the_bench(app_url, bot):
    from bench.feedback import from_feedback
    from webchat.feedback import FEEDBACK_FILE

    saved = bot.settings.index_path / FEEDBACK_FILE
    saved.unlink(missing_ok=True)
    with launch_browser() as browser:
        page = open_chat(browser, app_url)
        ask(page, TRAINING, 0)
        page.locator("#comment textarea").fill("Exactly the figure I needed")
        page.locator("#chat").get_by_label("Like", exact=True).first.click()
        page.locator("#rated").get_by_text("the rating was saved").wait_for(timeout=10_000)
        assert page.locator("#comment textarea").input_value() == ""
    rating = saved.read_text(encoding="utf-8").splitlines()
    assert len(rating) == 1 and '"comment": "Exactly the figure I needed"' in rating[0]
    questions, to_write = from_feedback(saved)
    assert questions, rating
    assert questions[0]["question"] == TRAINING and questions[0]["evidence"] and not to_write
