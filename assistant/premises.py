"""False premises in figures: a count, amount or share the question states that no document gives ("Why is Huawei
aiming to connect 200 million people by 2030?") is not answered as if it were true, nor refused; the answer says the
documents do not give it and quotes the sentence that gives that kind of figure instead."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.calculations import FIGURE
from assistant.checks import said, same_kind
from assistant.drafting import answer_score
from assistant.evidence import Claim, Evidence, EvidenceFinder
from assistant.terms import content_stems, figure_mentions, numbers
from ingest.passages import Passage

_WRITTEN = re.compile(FIGURE, re.IGNORECASE)


@dataclass(frozen=True)
class Correction:
    """The figure the question assumed, as it wrote it, and the documents' sentence that gives that kind instead."""

    assumed: str
    claim: Claim

    @property
    def preface(self) -> str:
        return f"The documents do not give {self.assumed}. They say:"


def assumed_figures(question: str, stated: set[str]) -> list[tuple[str, str, str, int]]:
    """The question's counts, amounts and shares (years date things, so they are left out) whose number no document
    states."""
    return [mention for mention in figure_mentions(question) if mention[0] not in stated]


def correction(question: str, stated: set[str], passages: list[Passage], finder: EvidenceFinder,
               document: Callable, aliases: dict[str, str], names: tuple[str, ...], floor: float
               ) -> Correction | None:
    """The correction of a question assuming a figure no document gives: the passage sentence nearest the question
    that gives a figure of the same unit and kind of thing, in a document that names what the question names, and at
    least ``floor`` close to the question; None when the question assumes no such figure or no sentence qualifies."""
    assumed = assumed_figures(question, stated)
    if not assumed or not (assumed[0][1] or assumed[0][2]):
        return None  # no figure the documents lack, or a bare one: nothing says what kind of figure to look for
    number, unit, counted, at = assumed[0]
    written = _WRITTEN.match(question, at - 1 if at and question[at - 1] in "€$£" else at)
    vector, asked = np.array(finder.vector(question)), content_stems(question)
    best: tuple[float, float, Passage, int, int] | None = None
    for passage in passages:
        if not all(said(name, document(passage), aliases) for name in names):
            continue
        spans, vectors = finder.sentences(passage)
        for (start, end), similarity in zip(spans, vectors @ vector, strict=True):
            sentence = passage.text[start - passage.start:end - passage.start]
            score = answer_score(similarity, asked, sentence)  # ranked like an extracted answer
            if similarity >= floor and (best is None or score > best[0]) and \
                    _gives_kind(sentence, unit, counted, number, finder.similarity):
                best = (float(score), float(similarity), passage, start, end)
    if best is None:
        return None
    _, similarity, passage, start, end = best
    evidence = Evidence(passage, start, end, similarity, 1.0, False)
    figure = written.group().strip() if written else number
    return Correction(f"{figure} {counted}" if counted and not unit else figure,
                      Claim(evidence.quote.strip(), (), (evidence,)))


def _gives_kind(sentence: str, unit: str, counted: str, number: str, similarity: Callable) -> bool:
    """Whether the sentence gives another figure in the unit of the assumed one, counting the same kind of thing
    where both say what they count."""
    return any(n != number and u == unit and (not counted or not c or same_kind(counted, c, similarity))
               for n, u, c, _ in figure_mentions(sentence))


def stated_figures(passages: list[Passage]) -> set[str]:
    """Every number the documents write with digits."""
    return set().union(*(numbers(p.text) for p in passages)) if passages else set()
