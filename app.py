"""``python app.py``: the web chat over the Assistant (streamed answers, sources panel)."""

from __future__ import annotations

import threading

import gradio as gr

from assistant import Answer, Assistant, QuestionError, Settings

EXAMPLES = [
    "How many people will Partner2Connect connect, and by when?",
    "Who announced Huawei's decision, and where?",
    "What will Huawei do in Cambodia?",
    "Why did the ITU reject Huawei's pledge?",
    "What is Huawei's share price?",
]
FOOTER = "\n\n---\n"


def build_app(bot: Assistant) -> gr.Blocks:
    """The chat page: conversation, question box, examples and the sources of the last answer."""

    def answer(message: str, chat: list[dict]):
        """Stream the verified answer into the chat, then show its sources and checks."""
        chat = list(chat or [])
        history = _history(chat)
        chat += [{"role": "user", "content": message}, {"role": "assistant", "content": "…"}]
        yield "", chat, "_Searching the documents…_"
        shown = ""
        try:
            for event in bot.stream(message, history):
                if isinstance(event, Answer):
                    chat[-1] = {"role": "assistant", "content": _message(event)}
                    yield "", chat, _sources(event)
                else:
                    shown += event
                    chat[-1] = {"role": "assistant", "content": shown}
                    yield "", chat, "_Checking each sentence against its sources…_"
        except QuestionError as error:
            chat[-1] = {"role": "assistant", "content": f"⚠️ {error}"}
            yield message, chat, ""

    with gr.Blocks(title="Partner2Connect release assistant") as page:
        gr.Markdown("## Partner2Connect release assistant\nAnswers come only from the indexed documents; "
                    "every sentence is checked against the passage it cites.")
        chatbot = gr.Chatbot(label="Conversation", height=460)
        with gr.Row():
            question = gr.Textbox(placeholder="Ask about the release…", show_label=False, scale=5,
                                  max_lines=4, elem_id="question")
            ask = gr.Button("Ask", variant="primary", scale=1)
        gr.Examples(EXAMPLES, inputs=question, label="Examples")
        sources = gr.Markdown(label="Sources", elem_id="sources")
        question.submit(answer, [question, chatbot], [question, chatbot, sources])
        ask.click(answer, [question, chatbot], [question, chatbot, sources], api_visibility="private")
    return page


def _history(chat: list[dict]) -> list[tuple[str, str]]:
    """(user, assistant) pairs of earlier turns, without the footers this page adds."""
    turns, user = [], None
    for message in chat:
        content = _text(message["content"])
        if message["role"] == "user":
            user = content
        elif user is not None:
            turns.append((user, content.split(FOOTER)[0]))
            user = None
    return turns


def _text(content) -> str:
    """Message content as plain text (Gradio may hand back a list of typed parts)."""
    if isinstance(content, str):
        return content
    parts = content if isinstance(content, list) else [content]
    return " ".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in parts).strip()


def _message(answer: Answer) -> str:
    notes = [f"_Question used: {answer.standalone_question}_"]
    if answer.notice:
        notes.insert(0, f"⚠️ {answer.notice}")
    return answer.text + FOOTER + "\n\n".join(notes)


def _sources(answer: Answer) -> str:
    if answer.refused:
        sources = "_No passage answers this question, so nothing is cited._"
    else:
        sources = "### Sources\n\n" + answer.sources_markdown()
    checks = "\n".join(f"- {'**kept**' if c.supported else '**removed**'}: {c.sentence}"
                       + (f" — _{c.reason}_" if c.reason else "") for c in answer.checks)
    return sources + (f"\n\n### Sentence checks\n{checks}" if checks else "")


def main() -> None:
    settings = Settings.from_env()
    bot = Assistant(settings)
    # Process the constant prompt while the page loads, so the first question is fast.
    threading.Thread(target=bot.warm_up, daemon=True).start()
    build_app(bot).queue().launch(server_name=settings.host, server_port=settings.port)


if __name__ == "__main__":
    main()
