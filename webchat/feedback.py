"""Ratings of answers in the web chat, kept as JSON Lines in the index folder for the bench to turn into questions."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from datetime import UTC, datetime
from pathlib import Path

from assistant import Answer

FEEDBACK_FILE = "feedback.jsonl"
REMEMBERED = 2000  # answers shown recently, by their message, so a rating finds the answer it is about


class Feedback:
    """Remembers the answers the page showed and appends each rating of one, with its context, to a file."""

    def __init__(self, folder: Path, backend: str):
        self.path = folder / FEEDBACK_FILE
        self.backend = backend
        self._shown: OrderedDict[tuple[str, str], dict] = OrderedDict()
        self._lock = threading.Lock()

    def shown(self, key: tuple[str, str], question: str, history: list[tuple[str, str]], answer: Answer) -> None:
        """Remember what a shown message answered, by (question, answer text) as the page shows them."""
        record = {"question": question, "history": [list(turn) for turn in history], "answer": answer.text,
                  "refused": answer.refused, "standalone_question": answer.standalone_question,
                  "backend": answer.backend or self.backend, "reading": answer.reading,
                  "citations": [{"n": c.n, "source": c.source, "start": c.start, "end": c.end, "quote": c.quote,
                                 "quote_start": c.quote_start, "quote_end": c.quote_end} for c in answer.citations]}
        with self._lock:
            self._shown[key] = record
            while len(self._shown) > REMEMBERED:
                self._shown.popitem(last=False)

    def rate(self, key: tuple[str, str], liked: bool, comment: str = "") -> str:
        """Append the rating of a shown answer; says what happened, in words for the user."""
        with self._lock:
            record = self._shown.get(key)
        if record is None:
            return "That answer is no longer remembered (the server restarted since): ask again to rate it."
        line = {"time": datetime.now(UTC).isoformat(timespec="seconds"), "rating": "up" if liked else "down",
                "comment": comment.strip()} | record
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
        return "Thank you: the rating was saved" + (" with your comment." if comment.strip() else ".")
