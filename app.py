"""``python app.py``: the web chat over the Assistant (streamed answers, sources panel)."""

from __future__ import annotations

import html
import os
import re
import sys
import threading

import gradio as gr

from app_startup import StartupError, check_model, launch_options, port_problem
from assistant import Answer, Assistant, Citation, QuestionError, Settings
from ingest.index import IndexUnavailable

EXAMPLES = [
    "How many people will Partner2Connect connect, and by when?",
    "Who announced Huawei's decision, and where?",
    "What will Huawei do in Cambodia?",
    "Why did the ITU reject Huawei's pledge?",
    "What is Huawei's share price?",
]
FOOTER = "<hr>"


def build_app(bot: Assistant) -> gr.Blocks:
    """The chat page: conversation, question box, examples and the sources of the last answer."""

    def answer(message: str, chat: list[dict]):
        """Stream the verified answer into the chat, then show its sources and checks."""
        chat = list(chat or [])
        history = _history(chat)
        chat += [{"role": "user", "content": _escaped(message)}, {"role": "assistant", "content": "…"}]
        yield "", chat, "<p><em>Searching the documents…</em></p>"
        shown = ""
        try:
            for event in bot.stream(message, history):
                if isinstance(event, Answer):
                    chat[-1] = {"role": "assistant", "content": _message(event)}
                    yield "", chat, _sources(event)
                else:
                    shown += event
                    chat[-1] = {"role": "assistant", "content": _escaped(shown)}
                    yield "", chat, "<p><em>Checking each sentence against its sources…</em></p>"
        except QuestionError as error:
            chat[-1] = {"role": "assistant", "content": _escaped(f"⚠️ {error}")}
            yield message, chat, ""

    with gr.Blocks(title="Partner2Connect release assistant") as page:
        gr.Markdown("## Partner2Connect release assistant\nAnswers come only from the indexed documents; "
                    "every sentence is checked against the passage it cites.")
        # Messages arrive as escaped HTML: no Markdown or LaTeX pass may turn a document's text into markup.
        chatbot = gr.Chatbot(label="Conversation", height=460, render_markdown=False, latex_delimiters=[])
        with gr.Row():
            question = gr.Textbox(placeholder="Ask about the release…", show_label=False, scale=5,
                                  max_lines=4, elem_id="question")
            ask = gr.Button("Ask", variant="primary", scale=1)
        gr.Examples(EXAMPLES, inputs=question, label="Examples")
        sources = gr.HTML(elem_id="sources", js_on_load=None)
        question.submit(answer, [question, chatbot], [question, chatbot, sources])
        ask.click(answer, [question, chatbot], [question, chatbot, sources], api_visibility="private")
    return page


def _history(chat: list[dict]) -> list[tuple[str, str]]:
    """(user, assistant) pairs of earlier turns, without the footers this page adds."""
    turns, user = [], None
    for message in chat:
        content = _text(message["content"])
        if message["role"] == "user":
            user = _unescaped(content)
        elif user is not None:
            turns.append((user, _unescaped(content.split(FOOTER)[0])))
            user = None
    return turns


def _escaped(text: str) -> str:
    """Text as HTML that shows it verbatim: nothing in it becomes a tag, entity, image or link."""
    return html.escape(text).replace("\n", "<br>")


def _unescaped(content: str) -> str:
    """The text ``_escaped`` was given (the chat hands its messages back as they were shown)."""
    return html.unescape(content.replace("<br>", "\n"))


def _text(content) -> str:
    """Message content as plain text (Gradio may hand back a list of typed parts)."""
    if isinstance(content, str):
        return content
    parts = content if isinstance(content, list) else [content]
    return " ".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in parts).strip()


def _message(answer: Answer) -> str:
    notes = [f"<em>Question used: {_escaped(answer.standalone_question)}</em>"]
    if answer.notice:
        notes.insert(0, _escaped(f"⚠️ {answer.notice}"))
    return _escaped(answer.text) + FOOTER + "<br><br>".join(notes)


def _sources(answer: Answer) -> str:
    """The cited passages with their quotes marked, then the sentence checks, all as escaped HTML."""
    if answer.refused:
        sources = "<p><em>No passage answers this question, so nothing is cited.</em></p>"
    else:
        sources = "<h3>Sources</h3>" + "".join(_citation(c) for c in answer.citations)
    checks = "".join(f"<li><strong>{'kept' if c.supported else 'removed'}</strong>: {_escaped(c.sentence)}"
                     + (f" — <em>{_escaped(c.reason)}</em>" if c.reason else "") + "</li>" for c in answer.checks)
    return sources + (f"<h3>Sentence checks</h3><ul>{checks}</ul>" if checks else "")


def _citation(citation: Citation) -> str:
    name = html.escape(citation.source.rsplit("/", 1)[-1])
    return (f"<p><strong>[{citation.n}]</strong> <code>{name}</code> (chars {citation.start}–{citation.end})</p>"
            f"<blockquote>{_highlighted(citation.text, citation.quote)}</blockquote>")


def _highlighted(passage: str, quote: str) -> str:
    """The passage's paragraphs with the quote marked; the text is escaped before the mark goes in."""
    at = passage.find(quote) if quote else -1
    if at < 0:
        marked = html.escape(passage)
    else:
        marked = (html.escape(passage[:at]) + f"<mark>{html.escape(quote)}</mark>"
                  + html.escape(passage[at + len(quote):]))
    paragraphs = re.split(r"\n[ \t]*\n\s*", marked.strip())
    return "".join("<p>" + paragraph.replace("\n", "<br>") + "</p>" for paragraph in paragraphs)


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
    check_model(settings)
    bot = Assistant(settings)
    # Process the constant prompt while the page loads, so the first question is fast.
    threading.Thread(target=bot.warm_up, daemon=True).start()
    try:
        build_app(bot).queue(default_concurrency_limit=settings.parallel).launch(**options)
    except OSError:  # Gradio's own check: the port was taken while the assistant loaded
        raise StartupError(port_problem(settings)) from None


if __name__ == "__main__":
    sys.exit(main())
