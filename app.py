"""``python app.py``: the web chat over the Assistant (streamed, cited answers; the user's own documents)."""

from __future__ import annotations

import os
import sys
import threading

import gradio as gr

from assistant import Answer, Assistant, QuestionError, Settings
from ingest import SUPPORTED_SUFFIXES
from ingest.index import IndexUnavailable
from webchat.documents import Library
from webchat.feedback import Feedback
from webchat.render import FOOTER, STYLE, escaped, message, plain
from webchat.startup import StartupError, check_model, launch_options, port_problem
from webchat.status import StartupProgress, status_html
from webchat.suggested import SuggestedQuestions

SUGGESTIONS_POLL_SECONDS = 3.0  # how soon a page shows questions made after a change of documents
WORKING = FOOTER + '<p class="status"><em>Checking each sentence against its sources…</em></p>'


def build_app(bot: Assistant, startup: StartupProgress | None = None,
              suggestions: SuggestedQuestions | None = None) -> gr.Blocks:
    """The chat page: status line, conversation with each answer's own sources, and the documents panel.

    The suggested questions are made again after every upload or removal; ``python app.py`` passes ones already
    being made at start, and without them the page starts from those saved with the index.
    """
    suggestions = suggestions or SuggestedQuestions(bot)
    with gr.Blocks(title="Partner2Connect release assistant") as page:
        gr.Markdown("## Partner2Connect release assistant\nAnswers come only from the indexed documents; "
                    "every sentence is checked against the passage it cites. Hover over or tab to a marker "
                    "such as [1] to see its quote; click it to open the passage.")
        status = gr.HTML(status_html(bot.settings, startup), elem_id="status", head=STYLE)
        starting = startup is not None and not startup.done
        timer = gr.Timer(1.0, active=starting)
        with gr.Row():
            with gr.Column(scale=3):
                _chat(page, bot, Feedback(bot.settings.index_path, bot.settings.llm), suggestions)
            with gr.Column(scale=2):
                _documents(page, Library(bot), suggestions)
        # The timer runs only while start-up steps do.
        timer.tick(lambda: (status_html(bot.settings, startup), gr.Timer(active=not startup.done)), None,
                   [status, timer], show_progress="hidden", api_visibility="private")
    return page


def _chat(page: gr.Blocks, bot: Assistant, feedback: Feedback, suggestions: SuggestedQuestions) -> None:
    """The conversation, the question box, suggested questions and ratings, wired to the assistant."""
    # Messages arrive as escaped HTML: no Markdown or LaTeX pass may turn a document's text into markup.
    chatbot = gr.Chatbot(label="Conversation", height=520, render_markdown=False, latex_delimiters=[], elem_id="chat")
    with gr.Row():
        question = gr.Textbox(placeholder="Ask about the documents…", show_label=False, scale=5, max_lines=4,
                              elem_id="question")
        ask = gr.Button("Ask", variant="primary", scale=1)
    suggested = _suggested(page, suggestions)
    comment = gr.Textbox(label="Comment on an answer (optional), then rate it with 👍 or 👎", max_lines=3,
                         elem_id="comment")
    rated = gr.HTML(elem_id="rated")
    answer = _answerer(bot, feedback)
    question.submit(answer, [question, chatbot], [question, chatbot])
    ask.click(answer, [question, chatbot], [question, chatbot], api_visibility="private")

    for button in suggested:  # a button's value is its question, as this page shows it
        button.click(answer, [button, chatbot], [question, chatbot], api_visibility="private")

    def rate(chat: list[dict], note: str, like: gr.LikeData):
        """Save the rating of the answer at ``like.index``, with the comment typed before it."""
        index = like.index[0] if isinstance(like.index, (list, tuple)) else like.index
        asked = next((chat[i] for i in range(index - 1, -1, -1) if chat[i]["role"] == "user"), None)
        if asked is None:
            return note, escaped("Only answers can be rated.")
        key = (plain(_text(asked["content"])), plain(_text(chat[index]["content"])))
        return "", escaped(feedback.rate(key, like.liked is True, note or ""))

    chatbot.like(rate, [chatbot, comment], [comment, rated], api_visibility="private")


def _suggested(page: gr.Blocks, suggestions: SuggestedQuestions) -> list[gr.Button]:
    """Questions made from the documents (each checked to be answered), one button each; every page redraws them
    when they change. Buttons, not a gr.Dataset: its samples are cut to 60 characters on the page."""
    version, questions = suggestions.current()
    with gr.Column(visible=bool(questions), elem_id="suggested") as panel:
        gr.Markdown("Suggested questions:")
        buttons = [gr.Button(_slot(questions, slot), visible=slot < len(questions), size="sm")
                   for slot in range(suggestions.count)]
    shown = gr.State(version)  # the version this page shows

    def newer(seen: int):
        version, questions = suggestions.current()
        if version == seen:
            return gr.skip()
        return (gr.Column(visible=bool(questions)),
                *[gr.Button(_slot(questions, slot), visible=slot < len(questions)) for slot in range(len(buttons))],
                version)

    outputs = [panel, *buttons, shown]
    page.load(newer, shown, outputs, show_progress="hidden", api_visibility="private")
    gr.Timer(SUGGESTIONS_POLL_SECONDS).tick(newer, shown, outputs, show_progress="hidden", api_visibility="private",
                                             concurrency_limit=None)
    return buttons


def _slot(questions: list[str], slot: int) -> str:
    return questions[slot] if slot < len(questions) else ""


def _answerer(bot: Assistant, feedback: Feedback):
    """The chat's handler (its name is the API endpoint's, /answer)."""

    def answer(message_text: str, chat: list[dict]):
        """Stream the verified answer into the chat, then show it with its markers, sources and checks."""
        chat = list(chat or [])
        history = _history(chat)
        chat += [{"role": "user", "content": escaped(message_text)},
                 {"role": "assistant", "content": "<em>Searching the documents…</em>"}]
        yield "", chat
        shown = ""
        try:
            for event in bot.stream(message_text, history):
                if isinstance(event, Answer):
                    chat[-1] = {"role": "assistant", "content": message(event, message_text)}
                    feedback.shown((message_text, plain(chat[-1]["content"])), message_text, history, event)
                else:
                    shown += event
                    chat[-1] = {"role": "assistant", "content": escaped(shown) + WORKING}
                yield "", chat
        except QuestionError as error:
            chat[-1] = {"role": "assistant", "content": escaped(f"⚠️ {error}")}
            yield message_text, chat

    return answer


def _documents(page: gr.Blocks, library: Library, suggestions: SuggestedQuestions) -> None:
    """The upload control, the documents the index holds, and a way to remove one."""
    gr.Markdown("### Documents")
    files = gr.File(label="Add documents (" + ", ".join(SUPPORTED_SUFFIXES) + ")", file_count="multiple",
                    file_types=list(SUPPORTED_SUFFIXES), elem_id="upload")
    add = gr.Button("Add to the index", elem_id="add")
    report, documents = gr.HTML(elem_id="report"), gr.HTML(elem_id="documents")
    chosen = gr.Dropdown(label="Document to remove", elem_id="chosen")
    drop = gr.Button("Remove", variant="stop", elem_id="remove")

    def listing():
        """The documents table and the remove menu, with nothing chosen (a stray click removes nothing)."""
        return library.table(), gr.Dropdown(choices=library.choices(), value=None)

    def upload(uploaded: list[str] | None, progress=gr.Progress(track_tqdm=True)):  # noqa: B008 (Gradio's way)
        progress(0, desc="Reading the files…")
        report = library.add(uploaded or [])
        suggestions.refresh()
        return None, escaped(report), *listing()

    def remove(source: str | None):
        report = library.remove(source)
        suggestions.refresh()
        return escaped(report), *listing()

    # One change to the index at a time; questions meanwhile are answered from the index as it was.
    add.click(upload, files, [files, report, documents, chosen], concurrency_limit=1, concurrency_id="index")
    drop.click(remove, chosen, [report, documents, chosen], concurrency_limit=1, concurrency_id="index")
    page.load(listing, None, [documents, chosen], api_visibility="private")


def _history(chat: list[dict]) -> list[tuple[str, str]]:
    """(user, assistant) pairs of earlier turns, as text, without what this page adds to a message."""
    turns, user = [], None
    for item in chat:
        content = plain(_text(item["content"]))
        if item["role"] == "user":
            user = content
        elif user is not None:
            turns.append((user, content))
            user = None
    return turns


def _text(content) -> str:
    """Message content as plain text (Gradio may hand back a list of typed parts)."""
    if isinstance(content, str):
        return content
    parts = content if isinstance(content, list) else [content]
    return " ".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in parts).strip()


def main() -> int:
    """Serve the chat; a start-up failure is one line on stderr (the traceback only with ASSISTANT_DEBUG)."""
    try:
        _serve()
    except Exception as error:
        if os.environ.get("ASSISTANT_DEBUG"):
            raise
        known = isinstance(error, (StartupError, IndexUnavailable, ValueError))
        hint = "" if known else " (run with ASSISTANT_DEBUG=1 to see where it failed)"
        print(f"error: {' '.join(str(error).split())}{hint}", file=sys.stderr)
        return 2
    return 0


def _serve() -> None:
    settings = Settings.from_env()
    options = launch_options(settings)
    startup = StartupProgress()
    if settings.llm == "local":
        with startup.stage("Local model file"):
            check_model(settings)
    with startup.stage("Index and embedding model"):
        bot = Assistant(settings)
    warming = None
    if settings.llm != "extractive":
        # Process the constant prompt while the page loads, so the first question is fast.
        warming = threading.Thread(target=startup.run, args=("Model start and prompt warm-up", bot.warm_up),
                                   daemon=True)
        warming.start()
    suggestions = SuggestedQuestions(bot)
    page = build_app(bot, startup, suggestions)
    # Made only once the page is built (building it patches tqdm, which a progress bar open meanwhile trips over)
    # and after the warm-up, so the questions are checked on the prepared prompt.
    threading.Thread(target=_suggest_when_warm, args=(warming, suggestions), daemon=True).start()
    try:
        page.queue(default_concurrency_limit=settings.parallel).launch(**options)
    except OSError:  # Gradio's own check: the port was taken while the assistant loaded
        raise StartupError(port_problem(settings)) from None


def _suggest_when_warm(warming: threading.Thread | None, suggestions: SuggestedQuestions) -> None:
    if warming is not None:
        warming.join()
    suggestions.refresh()


if __name__ == "__main__":
    sys.exit(main())
