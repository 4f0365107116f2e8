"""``python -m assistant "question"``: answer in the terminal, streamed, with the citations."""

from __future__ import annotations

import argparse
import sys

from assistant.answer import Answer
from assistant.assistant import Assistant
from assistant.questions import QuestionError
from ingest.index import IndexUnavailable
from settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__)
    parser.add_argument("question", nargs="+", help="the question (quote it or not)")
    parser.add_argument("--backend", choices=["local", "openai", "extractive"], help="overrides ASSISTANT_LLM")
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        if args.backend:
            settings = settings.with_(llm=args.backend)
        bot = Assistant(settings)
        answer = None
        for event in bot.stream(" ".join(args.question)):
            if isinstance(event, Answer):
                answer = event
            else:
                print(event, end="", flush=True)
    except (QuestionError, IndexUnavailable, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    _print_answer(answer)
    return 0


def _print_answer(answer: Answer) -> None:
    print()  # the streamed pieces are the whole answer text
    if answer.notice:
        print(f"\nNote: {answer.notice}")
    if answer.standalone_question:
        print(f"\n(question used: {answer.standalone_question})")
    for citation in answer.citations:
        print(f"\n[{citation.n}] {citation.source} chars {citation.start}-{citation.end}")
        print(f"    “{citation.quote}”")


if __name__ == "__main__":
    sys.exit(main())
