"""The status line of the chat page: which back-end answers, and how far ``python app.py`` got in starting."""

from __future__ import annotations

import html
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from settings import Settings


@dataclass
class Stage:
    """One start-up step: running until ``seconds`` is set; ``error`` when it failed."""

    name: str
    started: float
    seconds: float | None = None
    error: str = ""


class StartupProgress:
    """Start-up steps (model file, index, prompt warm-up) as they run, for the terminal and the page."""

    def __init__(self) -> None:
        self.stages: list[Stage] = []
        self._lock = threading.Lock()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Record one step around the code that does it."""
        step = Stage(name, time.perf_counter())
        with self._lock:
            self.stages.append(step)
        print(f"{name} …", file=sys.stderr)
        try:
            yield
        except Exception as error:
            step.error = str(error) or type(error).__name__
            raise
        finally:
            step.seconds = time.perf_counter() - step.started
        print(f"{name}: done in {step.seconds:.1f} s", file=sys.stderr)

    def run(self, name: str, work: Callable[[], object]) -> None:
        """Do ``work`` as one step in the background; a failure is shown, not raised (answers still come)."""
        try:
            with self.stage(name):
                work()
        except Exception as error:
            print(f"{name} failed: {error}", file=sys.stderr)

    @property
    def done(self) -> bool:
        """Whether every step recorded so far has ended."""
        return all(step.seconds is not None for step in self.stages)

    def html(self) -> str:
        """The steps as escaped HTML: done with its time, failed with why, or running for how long."""
        parts = []
        for step in list(self.stages):
            name = html.escape(step.name)
            if step.error:
                parts.append(f"{name}: failed ({html.escape(step.error)})")
            elif step.seconds is not None:
                parts.append(f"{name} ✓ {step.seconds:.1f} s")
            else:
                waited = time.perf_counter() - step.started
                parts.append(f"<strong>{name} … {waited:.0f} s</strong> (the first answer waits for it)")
        return "Start-up: " + " · ".join(parts) if parts else ""


def backend_label(settings: Settings) -> str:
    """What answers questions, in words."""
    if settings.llm == "extractive":
        return "extraction from the documents (no language model)"
    where = "the local model" if settings.llm == "local" else "a model endpoint"
    return f"{where} ({settings.llm_model}), with extraction as the fallback"


def status_html(settings: Settings, startup: StartupProgress | None) -> str:
    """The page's status line."""
    line = f"Back-end: {html.escape(backend_label(settings))}."
    progress = startup.html() if startup else ""
    return f'<p class="status-line">{line}' + (f"<br>{progress}" if progress else "") + "</p>"
