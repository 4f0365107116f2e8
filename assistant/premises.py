"""False premises: a count, amount or share the question states that no document gives ("Why is Huawei aiming to
connect 200 million people by 2030?"), or a title it gives someone that no document gives them ("Malcolm Johnson, the
UN Secretary-General"), is not answered as if it were true, nor refused; the answer says the documents do not give it
and quotes the sentence that gives that kind of figure, or that person's own title, instead."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np

from assistant.calculations import FIGURE
from assistant.checks import appositions, described, said, same_kind
from assistant.drafting import answer_score
from assistant.evidence import Claim, Evidence, EvidenceFinder
from assistant.terms import acronyms, content_stems, figure_mentions, name_units, numbers
from ingest.passages import Passage

_WRITTEN = re.compile(FIGURE, re.IGNORECASE)


@dataclass(frozen=True)
class Correction:
    """What the answer says first (that the documents do not give what the question assumed), and the documents'
    sentences that give what they do say."""

    preface: str
    claims: tuple[Claim, ...]


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
    candidates = [p for p in passages if all(said(name, document(p), aliases) for name in names)]
    evidence = _nearest(question, candidates, finder, lambda sentence, similarity: similarity >= floor and
                        _gives_kind(sentence, unit, counted, number, finder.similarity))
    if evidence is None:
        return None
    figure = written.group().strip() if written else number
    assumed = f"{figure} {counted}" if counted and not unit else figure
    return Correction(f"The documents do not give {assumed}. They say:", (_quoted(evidence),))


def title_correction(question: str, passages: list[Passage], finder: EvidenceFinder, document: Callable
                     ) -> Correction | None:
    """The correction of a question giving someone a title no document gives them ("What did Malcolm Johnson, the UN
    Secretary-General, say?"): the sentence naming whoever holds that title, if one does, and the sentence naming the
    person with a title of their own, each the nearest the question in meaning and words; None when the question
    describes nobody, or the documents name the person nowhere, describe them so, or give them no title."""
    for name, description in appositions(question):
        if name_units(f"x {description}") == [description]:
            name, description = description, name  # "the CFO, Marcus Odell, …" describes Marcus Odell
        last = re.compile(rf"\b{re.escape(name.split()[-1])}\b")
        naming = [p for p in passages if last.search(p.text)]
        if not naming or described(name, description, "\n".join(dict.fromkeys(document(p) for p in naming))):
            continue
        # A title beside the name: "Liang Hua, Chairman of Huawei," or "ITU Deputy Secretary-General Malcolm Johnson".
        titled = re.compile(rf"{last.pattern},\s+\w|[A-Z][\w.'’-]*\s+{re.escape(name)}\b")
        own = _nearest(question, naming, finder, lambda sentence, _, pattern=titled: bool(pattern.search(sentence)))
        if own is None:
            continue
        holder = _nearest(question, passages, finder, partial(_holds_title, name=last, title=description))
        return Correction(f"The documents do not describe {name} as {description}. They say:",
                          tuple(_quoted(e) for e in (holder, own) if e is not None))
    return None


def _nearest(question: str, passages: list[Passage], finder: EvidenceFinder, wanted: Callable[[str, float], bool]
             ) -> Evidence | None:
    """The passage sentence that answers the question best (ranked like an extracted answer, by closeness in meaning
    and the question's words it holds) among those ``wanted(sentence, similarity)`` accepts; None when none is."""
    vector, asked = np.array(finder.vector(question)), content_stems(question)
    best: tuple[float, Evidence] | None = None
    for passage in passages:
        spans, vectors = finder.sentences(passage)
        for (start, end), similarity in zip(spans, vectors @ vector, strict=True):
            sentence = passage.text[start - passage.start:end - passage.start]
            score = answer_score(similarity, asked, sentence)
            if (best is None or score > best[0]) and wanted(sentence, float(similarity)):
                best = (float(score), Evidence(passage, start, end, float(similarity), 1.0, False))
    return best[1] if best else None


def _holds_title(sentence: str, similarity: float, name: re.Pattern, title: str) -> bool:
    """Whether the sentence gives someone other than ``name`` every word of a title ("the CFO" is given by "Chief
    Financial Officer"); how close it is to the question does not matter."""
    short = re.findall(r"\b[A-Z]{2,}\b", title)
    wanted = content_stems(re.sub(r"\b[A-Z]{2,}\b", " ", title))
    return not name.search(sentence) and bool(short or wanted) and wanted <= content_stems(sentence) and \
        all(re.search(rf"\b{word}\b", sentence) or word in acronyms(sentence) for word in short)


def _quoted(evidence: Evidence) -> Claim:
    """A claim that is the evidence's own sentence."""
    return Claim(evidence.quote.strip(), (), (evidence,))


def _gives_kind(sentence: str, unit: str, counted: str, number: str, similarity: Callable) -> bool:
    """Whether the sentence gives another figure in the unit of the assumed one, counting the same kind of thing
    where both say what they count."""
    return any(n != number and u == unit and (not counted or not c or same_kind(counted, c, similarity))
               for n, u, c, _ in figure_mentions(sentence))


def stated_figures(passages: list[Passage]) -> set[str]:
    """Every number the documents write with digits."""
    return set().union(*(numbers(p.text) for p in passages)) if passages else set()
