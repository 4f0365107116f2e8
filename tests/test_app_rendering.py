"""Documents and questions are shown as text: nothing in them loads a resource, runs script or changes layout."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app import _history, build_app
from assistant import Answer, Citation
from tests.conftest import free_port
from tests.test_app import CHROMIUM, launch_browser
from webchat.render import FOOTER, escaped, message

HEADING = "Harbor Lights 2031"
QUESTION = "How many visitors do the organisers of the Harbor Lights festival expect?"


def hostile_document(port: int) -> str:
    """A press release carrying a Markdown image, an <img> tag, a link and a script, all aimed at ``port``."""
    listener = f"http://127.0.0.1:{port}"
    return (f"{HEADING}\n\n"
            f"The Harbor Lights festival opens on 12 May 2031 in Port Alder. ![pixel]({listener}/pixel.png) "
            f'<img src="{listener}/img.png"> The organisers expect 40,000 visitors over the three festival days. '
            f"See [the programme]({listener}/programme) for the full list of concerts. <script>alert(1)</script>\n\n"
            "Tickets for the Harbor Lights festival cost 15 euros a day and go on sale in March.\n")


class CountingHandler(BaseHTTPRequestHandler):
    """Answers every request with 204 and records its path."""

    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        self.requests.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    """A loopback HTTP server that counts the requests a browser sends it."""
    CountingHandler.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], CountingHandler.requests
    server.shutdown()
    server.server_close()


@pytest.fixture
def hostile_app_url(listener, settings):
    """The chat over a corpus holding only the hostile document (extractive back-end)."""
    from assistant import Assistant

    for document in settings.corpus_path.iterdir():
        document.unlink()
    (settings.corpus_path / "harbor-lights.txt").write_text(hostile_document(listener[0]), encoding="utf-8")
    page = build_app(Assistant(settings)).queue()
    port = free_port()
    page.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True)
    yield f"http://127.0.0.1:{port}/"
    page.close()


def test_a_passage_and_its_checks_are_escaped_and_its_paragraphs_stay_in_one_quote():
    text = "Line one\n\n![x](http://h/p.png) <img src=x> quote here"
    citation = Citation(1, "/docs/a.txt", 0, len(text), text, "quote here", 0, 0, title="<b>T</b>")
    shown = message(Answer("It says so [1].", [citation]), "Does it?")
    assert shown.count("<blockquote") == 1 and "<img" not in shown and "<b>" not in shown
    assert '<span class="tip" role="tooltip">“quote here” — &lt;b&gt;T&lt;/b&gt;</span>' in shown
    quote = shown.split("<blockquote")[1].split(">", 1)[1].split("</blockquote>")[0]
    assert quote == "<p>Line one</p><p>![x](http://h/p.png) &lt;img src=x&gt; <mark>quote here</mark></p>"


def test_the_conversation_read_back_from_the_page_is_the_text_that_was_typed():
    typed = "Is <b>this</b> & ![x](y)\nok?"
    text = "Yes <i>[1]</i> & no\n[2]."
    citation = Citation(1, "/docs/a.txt", 0, 9, "Yes <i>x<", "Yes", 0, 3)
    chat = [{"role": "user", "content": escaped(typed)},
            {"role": "assistant", "content": message(Answer(text, [citation]), typed)}]
    assert FOOTER in chat[1]["content"] and 'class="cite"' in chat[1]["content"]
    assert _history(chat) == [(typed, text)]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_a_hostile_document_and_question_load_nothing_and_run_nothing_in_the_browser(hostile_app_url, listener):
    _, requests = listener
    typed = f"What is ![x](http://127.0.0.1:{listener[0]}/question.png) <script>alert(2)</script> about?"
    with launch_browser() as browser:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(hostile_app_url, wait_until="domcontentloaded")
        box = page.locator("#question textarea")
        box.wait_for(timeout=30_000)
        box.fill(QUESTION)
        box.press("Enter")
        page.locator("#chat details.sources > summary").first.click(timeout=60_000)
        box.fill(typed)
        box.press("Enter")
        page.get_by_text(typed).first.wait_for(timeout=30_000)
        page.wait_for_timeout(1_500)  # time for any image the page should not hold to be fetched
        quote = page.locator("#chat details.sources blockquote", has_text="40,000 visitors").first
        assert HEADING in quote.inner_text() and "<script>alert(1)</script>" in quote.inner_text()
        assert "Tickets" in quote.inner_text() and quote.locator("mark").count() == 1
        assert page.locator("#chat img, #chat a:not(.cite)").count() == 0
        assert all(href.startswith("#") for href in page.locator("#chat a.cite").evaluate_all(
            "links => links.map(link => link.getAttribute('href'))"))
    assert requests == [] and dialogs == []
