"""What the assistant returns: an answer, its numbered citations and the checks behind them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Citation:
    """Passage ``n`` of an answer: ``text`` is ``source``'s text ``[start:end]``; ``quote`` is the supporting span."""

    n: int
    source: str
    start: int
    end: int
    text: str
    quote: str
    quote_start: int
    quote_end: int
    title: str = ""
    date: str = ""


@dataclass(frozen=True)
class SentenceCheck:
    """One sentence of the model's draft and whether the cited passages support it."""

    sentence: str
    supported: bool
    citations: tuple[int, ...]
    reason: str = ""


@dataclass
class Answer:
    """The final, verified answer."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    refused: bool = False
    standalone_question: str = ""
    checks: list[SentenceCheck] = field(default_factory=list)
    backend: str = ""
    notice: str = ""
    reading: str = ""  # what the model read: whole corpus, whole documents or passages
    outcome: str = ""  # the draft and review outcome the policy decided on, e.g. "model:unsure" (policy.POLICY)
