"""The suggested questions under the chat: made in the background, made again when the documents change."""

from __future__ import annotations

import logging
import threading

from assistant import Assistant
from assistant.suggestions import DEFAULT_COUNT, cached_suggestions, suggested_questions

log = logging.getLogger(__name__)


class SuggestedQuestions:
    """The questions the page offers; ``version`` grows each time they change, so a page knows when to redraw."""

    def __init__(self, bot: Assistant, count: int = DEFAULT_COUNT):
        self.bot, self.count = bot, count
        self.questions: list[str] = cached_suggestions(bot, count) or []  # a restart shows the saved ones at once
        self.version = 0
        self._lock = threading.Lock()
        self._wanted = False   # documents changed since the running computation started
        self._running = False
        self._idle = threading.Event()
        self._idle.set()

    def current(self) -> tuple[int, list[str]]:
        """The version and the questions, read together."""
        with self._lock:
            return self.version, list(self.questions)

    def refresh(self) -> None:
        """Make the questions for the documents now indexed, in the background; when a computation is already
        running, one more follows it (the documents changed under it)."""
        with self._lock:
            self._wanted = True
            if self._running:
                return
            self._running = True
            self._idle.clear()
        threading.Thread(target=self._work, name="suggested-questions", daemon=True).start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until no computation runs; whether that happened within ``timeout`` seconds."""
        return self._idle.wait(timeout)

    def _work(self) -> None:
        while self._next_wanted():
            try:
                self._show(suggested_questions(self.bot, self.count))
            except Exception as error:  # the page keeps the questions it has
                log.warning("suggested questions were not made: %s", error)

    def _next_wanted(self) -> bool:
        with self._lock:
            wanted, self._wanted = self._wanted, False
            if not wanted:
                self._running = False
                self._idle.set()
            return wanted

    def _show(self, questions: list[str]) -> None:
        with self._lock:
            if questions != self.questions:
                self.questions, self.version = questions, self.version + 1
