"""The quality figures of DESIGN.md §6: per-question scores and their aggregates (pure functions)."""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

REFUSE = "refuse"
# Question kinds (bench/questions/README.md): a near miss names a nearby thing the documents do cover.
UNANSWERABLE_KINDS = frozenset({REFUSE, "nearmiss"})
ANSWERABLE_KINDS = frozenset({"fact", "paraphrase", "multi", "followup", "premise", "derived", "overview"})
# How a plain chain says it cannot answer ("I don't know", "the context does not say", ...).
REFUSAL_WORDING = re.compile(
    r"\b(do not|don't|dont|does not|doesn't|did not|cannot|can't|unable to)\b.{0,40}"
    r"\b(know|say|mention|specify|state|provide|contain|include|answer|determine|find)\b"
    r"|\bnot (mentioned|specified|stated|provided|available)\b|\bno (information|mention|details?|data)\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class Question:
    """One evaluation question (the schema of bench/questions/README.md)."""

    id: str
    kind: str
    question: str
    evidence: tuple[str, ...] = ()
    expect: tuple[str, ...] = ()
    history: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_dict(cls, raw: dict) -> Question:
        """A question from one parsed JSON line."""
        history = tuple((str(user), str(reply)) for user, reply in raw.get("history") or [])
        return cls(str(raw["id"]), str(raw["kind"]), str(raw["question"]), tuple(raw.get("evidence") or ()),
                   tuple(raw.get("expect") or ()), history)

    @property
    def answerable(self) -> bool:
        return self.kind not in UNANSWERABLE_KINDS


@dataclass(frozen=True)
class Conversation:
    """Turns asked one after another, each with the system's own earlier answers as history."""

    id: str
    corpus: str
    turns: tuple[Question, ...]
    kind = "conversation"  # how sampling by kind sees a whole conversation

    @classmethod
    def from_dict(cls, raw: dict) -> Conversation:
        """A conversation from one parsed JSON line; turn ids are the conversation's id and the turn number."""
        turns = tuple(Question.from_dict({"id": f"{raw['id']}#{number}"} | turn | {"history": []})
                      for number, turn in enumerate(raw["turns"], start=1))
        return cls(str(raw["id"]), str(raw.get("corpus", "")), turns)


@dataclass(frozen=True)
class Outcome:
    """What a system returned for a question, and how long it took."""

    text: str
    refused: bool
    citation_texts: tuple[str, ...] = ()
    first_text_s: float = 0.0
    total_s: float = 0.0


@dataclass(frozen=True)
class Score:
    """The per-question verdicts; ``precise`` of ``cited`` citations contain an evidence string."""

    kind: str
    answerable: bool
    refused: bool
    correct: bool
    grounded: bool
    precise: int
    cited: int
    first_text_s: float = 0.0
    total_s: float = 0.0

    @property
    def truth(self) -> int:
        """DESIGN.md §6: +1 right (or an unanswerable question refused), 0 an answerable one refused, −1 wrong."""
        if self.correct:
            return 1
        return 0 if self.answerable and self.refused else -1


def contains_evidence(passage: str, evidence: Iterable[str]) -> bool:
    """True when the passage contains any evidence string (whitespace runs compared as one space)."""
    flat = " ".join(passage.split())
    return any(" ".join(item.split()) in flat for item in evidence if item.strip())


def matches_expectations(text: str, expect: Iterable[str]) -> bool:
    """True when every expected regex matches the text, case-insensitively."""
    return all(re.search(pattern, text, re.IGNORECASE) for pattern in expect)


def looks_like_refusal(text: str) -> bool:
    """True when free text says the answer is unknown or not in the documents."""
    return REFUSAL_WORDING.search(text) is not None


def score(question: Question, outcome: Outcome) -> Score:
    """Score one answer against its question."""
    precise = sum(contains_evidence(text, question.evidence) for text in outcome.citation_texts)
    if question.answerable:
        correct = not outcome.refused and matches_expectations(outcome.text, question.expect)
    else:
        correct = outcome.refused
    grounded = question.answerable and correct and precise > 0
    return Score(question.kind, question.answerable, outcome.refused, correct, grounded, precise,
                 len(outcome.citation_texts), outcome.first_text_s, outcome.total_s)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100) with linear interpolation between ranks; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class Figures:
    """The aggregate figures of a set of scores (None where a figure has no denominator)."""

    questions: int = 0
    answerable: int = 0
    refuse: int = 0
    answer_accuracy: float | None = None
    grounded_accuracy: float | None = None
    citation_precision: float | None = None
    refusal_accuracy: float | None = None
    false_refusal_rate: float | None = None
    first_text_median_s: float | None = None
    first_text_p95_s: float | None = None
    total_median_s: float | None = None
    total_p95_s: float | None = None
    citations: int = 0
    truthfulness: float | None = None


def summarise(scores: Sequence[Score]) -> Figures:
    """Aggregate per-question scores into the figures of DESIGN.md §6."""
    answerable = [s for s in scores if s.answerable]
    refuse = [s for s in scores if not s.answerable]
    cited = sum(s.cited for s in scores)
    firsts, totals = [s.first_text_s for s in scores], [s.total_s for s in scores]
    return Figures(
        questions=len(scores), answerable=len(answerable), refuse=len(refuse),
        answer_accuracy=_share(sum(s.correct for s in answerable), len(answerable)),
        grounded_accuracy=_share(sum(s.grounded for s in answerable), len(answerable)),
        citation_precision=_share(sum(s.precise for s in scores), cited),
        refusal_accuracy=_share(sum(s.refused for s in refuse), len(refuse)),
        false_refusal_rate=_share(sum(s.refused for s in answerable), len(answerable)),
        first_text_median_s=statistics.median(firsts) if firsts else None,
        first_text_p95_s=percentile(firsts, 95),
        total_median_s=statistics.median(totals) if totals else None,
        total_p95_s=percentile(totals, 95),
        citations=cited,
        truthfulness=statistics.fmean(s.truth for s in scores) if scores else None)


def summarise_by_kind(scores: Sequence[Score]) -> dict[str, Figures]:
    """The figures of each question kind, kinds in order of first appearance."""
    kinds = list(dict.fromkeys(s.kind for s in scores))
    return {kind: summarise([s for s in scores if s.kind == kind]) for kind in kinds}
