"""The answer checks: small named functions in one ordered registry, each switchable by name.

``python -m assistant.checks`` prints the registry as Markdown (docs/CHECKS.md is made from it).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass

from assistant.calculations import computed_figures
from assistant.evidence import Claim
from assistant.question import Question, asks_for
from assistant.terms import (
    NUMBER_WORDS,
    content_stems,
    counted_things,
    figure_mentions,
    name_units,
    numbers_with_words,
    unit_mentioned,
    words,
)
from ingest.sentences import sentence_spans

SAME_THING = 0.5        # cosine above which what a figure counts is what the question counts (tune: right ≥ 0.69,
                        # a count of something else ≤ 0.26)
NOVEL_SHARE = 0.25      # share of a sentence's content words allowed to come from neither its passages nor the question
_YEAR_OR_DATE = re.compile(r"\b(1[89]\d\d|20\d\d)\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
                           r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday)\b",
                           re.IGNORECASE)
_FRACTION = re.compile(r"\b(half|thirds?|quarters?|fifths?|tenths?|percent|per cent|dozens?|none|all)\b", re.IGNORECASE)
# Order words that restrict what a figure is about ("the third phase", "Q2", "its 2nd year"): digits in "Q2" are no
# figure for the figures check, and "third" is a word. "a third of" is a share: its article and "of" are matched too.
_ORDINAL = re.compile(r"(\b(?:a|one)\s+)?\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                      r"[QH][1-4]|\d+(?:st|nd|rd|th))\b(\s+of\b)?", re.IGNORECASE)
_TIME_UNIT = re.compile(r"\b(years?|months?|weeks?|days?|hours?|decades?|until|through|by)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Facts:
    """What checks may consult besides the claim: the question and the corpus."""

    question: Question
    aliases: dict[str, str]
    paragraph: Callable      # a passage → its paragraph (a long paragraph is split into several passages)
    neighbours: Callable     # a passage → it with the passages just before and after it
    document: Callable       # a passage → the whole text of its document
    similarity: Callable = lambda a, b: 1.0  # cosine of two short texts' embeddings
    calculations: bool = True  # a figure computed in a written step from quoted ones counts as quoted


@dataclass(frozen=True)
class Check:
    """A named check: ``level`` says what it reads (question, claim or answer); ``run`` returns True when it passes."""

    name: str
    level: str
    serves: str
    run: Callable[..., bool]


def figures(claim: Claim, facts: Facts) -> bool:
    spelled = {NUMBER_WORDS[w] for w in words(facts.question.standalone) if w in NUMBER_WORDS}
    computed = computed_figures(claim.text) if facts.calculations else set()
    return numbers_with_words(claim.text) - spelled - computed <= numbers_with_words(claim.passages_text())


def figure_kinds(claim: Claim, facts: Facts) -> bool:
    stated = figure_mentions(claim.passages_text())
    for number, unit, counted, _ in figure_mentions(claim.text):
        places = [(u, c) for n, u, c, _ in stated if n == number]
        if places and not any(_same_figure(unit, counted, u, c, facts.similarity) for u, c in places):
            return False
    return True


def _same_figure(unit: str, counted: str, stated_unit: str, stated_counted: str, similarity: Callable) -> bool:
    """Whether a figure the sentence writes is the one its passage writes: a sentence may leave the unit out, not
    change it ("31%" is not "€31 million"), and where both say what it counts, it is the same kind of thing."""
    if unit and unit != stated_unit:
        return False
    return not counted or not stated_counted or same_kind(counted, stated_counted, similarity)


def ordinals(claim: Claim, facts: Facts) -> bool:
    # Checked against the whole documents quoted: "the third quarter" may be named in a heading above the passage.
    return order_words(claim.text) <= order_words(claim.passages_text(facts.document))


def order_words(text: str) -> set[str]:
    """The order words of a text, lower-cased; "a third of" is a share, not an order."""
    return {word.lower() for article, word, of in _ORDINAL.findall(text) if not (article and of)}


def names(claim: Claim, facts: Facts) -> bool:
    around = claim.passages_text(facts.neighbours)
    # Every word of a name must be there: "Chief Executive Officer" is not "Chief Executive".
    return bool(around) and all(said(unit, around, facts.aliases) for unit in name_units(f"x {claim.text}"))


def said(unit: str, text: str, aliases: dict[str, str]) -> bool:
    """Every word of a name is in the text ("World Cup" is not said by a text that only says "world")."""
    return aliases.get(unit, "\0") in text.lower() or all(_says(word, text, aliases) for word in unit.split())


def _says(word: str, text: str, aliases: dict[str, str]) -> bool:
    """The whole word (or its possessive, or plural) is in the text, or an alias it stands for."""
    if aliases.get(word, "\0") in text.lower():
        return True
    base = re.sub(r"(ian|ean|an|n|ese|i)$", "", word)  # "Cambodian" speaks of "Cambodia"
    if base != word and len(base) >= 4 and re.search(rf"\b{re.escape(base)}", text, re.IGNORECASE):
        return True
    return re.search(rf"(?<!\w){re.escape(word)}(['’]s|s|es)?(?!\w)", text, re.IGNORECASE) is not None or \
        unit_mentioned(word, text, aliases) and word.isupper()


def descriptions(claim: Claim, facts: Facts) -> bool:
    documents = claim.passages_text(facts.document)
    # "Malcolm Johnson, the UN Secretary-General, said …" states who someone is: a documents' sentence naming them
    # must say it too, so a description taken from the question's false premise is not repeated as fact.
    return all(described(name, description, documents) for name, description in appositions(claim.text))


def appositions(text: str) -> list[tuple[str, str]]:
    """(name, description) for each name followed by a description between commas ("X, the Y of Z, …"); a name
    inside another description ("…, the UN Secretary-General, said …") starts none of its own."""
    found = []
    for unit in name_units(f"x {text}"):
        # Closed by a second comma: at the end of a sentence "In Cambodia, Huawei will …" is a clause, not a
        # description of Cambodia.
        for match in re.finditer(rf"{re.escape(unit)},\s+([^,;:()\[\]]{{3,80}}?)\s*,(?!\d)", text):
            found.append((match.start(), match.start(1), match.end(1), unit, match.group(1)))
    inside = [(start, end) for _, start, end, _, _ in found]
    return [(unit, description) for at, _, _, unit, description in found
            if not any(start <= at < end for start, end in inside)]


def described(name: str, description: str, documents: str) -> bool:
    """Whether a sentence of the documents naming the person (by last name) holds every word of the description."""
    wanted = content_stems(description) | numbers_with_words(description)
    last = name.split()[-1]
    return any(wanted <= content_stems(sentence) | numbers_with_words(sentence)
               for sentence in _sentences_naming(last, documents))


def _sentences_naming(word: str, text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text) if word in text[start:end]]


def wording(claim: Claim, facts: Facts) -> bool:
    stems = content_stems(claim.text)
    novel = stems - content_stems(f"{claim.passages_text(facts.paragraph)} {facts.question.with_context}")
    # A short sentence may bring one word of its own, but not all of them ("Because it had a scratch!").
    return bool(claim.evidence) and len(novel) <= max(1, int(NOVEL_SHARE * len(stems))) and \
        (not stems or len(novel) < len(stems))


def answer_type(kept: list[Claim], facts: Facts) -> bool:
    text, question = " ".join(c.text for c in kept), facts.question
    # Each part of a question that asks two things needs its own kind of answer ("Who …, and when …?").
    kinds = [(question.asks_for, question.standalone)] + [(asks_for(part), part) for part in question.parts[1:]]
    return all(gives(kind, text, asked) for kind, asked in kinds)


def gives(kind: str, text: str, question: str) -> bool:
    """Whether the text gives the kind of answer asked for (a count, a date, a name the question lacks …)."""
    if kind in ("count", "amount"):
        return bool(numbers_with_words(text)) or _FRACTION.search(text) is not None
    if kind == "date":
        return _YEAR_OR_DATE.search(text) is not None
    if kind == "duration":
        return bool(numbers_with_words(text)) and _TIME_UNIT.search(text) is not None or \
            _YEAR_OR_DATE.search(text) is not None
    if kind in ("person", "place"):  # a name the question did not already give
        return any(not unit_mentioned(unit, question) for unit in name_units(f"x {text}"))
    return True


def figure_quoted(kept: list[Claim], facts: Facts) -> bool:
    if facts.question.asks_for not in ("count", "amount", "date", "duration"):
        return True
    # The figure must stand where the sentence's statement does: its first evidence passage's paragraph.
    return any(numbers_with_words(c.text) & numbers_with_words(facts.paragraph(c.evidence[0].passage))
               for c in kept if c.evidence) or not any(numbers_with_words(c.text) for c in kept)


def count_of(kept: list[Claim], facts: Facts) -> bool:
    return counts(facts.question.counted, " ".join(c.text for c in kept), facts.similarity)


def counts(counted: str, text: str, similarity: Callable) -> bool:
    """Whether the text's figures count what a how-many question counts (true when either is unknown)."""
    things = counted_things(text)
    if not counted or not things:
        return True
    return any(same_kind(counted, thing, similarity) for thing in things)


def same_kind(a: str, b: str, similarity: Callable) -> bool:
    """Whether two phrases naming what figures count name the same thing, compared head first ("researchers",
    "researchers studying", …)."""
    return max(similarity(x, y) for x in _heads(a) for y in _heads(b)) >= SAME_THING


def _heads(phrase: str) -> list[str]:
    words = phrase.split()
    return [" ".join(words[:n]) for n in range(1, len(words) + 1)]


def question_names(kept: list[Claim], facts: Facts) -> bool:
    around = " ".join(c.passages_text(facts.document) for c in kept)
    text = f"{around} {' '.join(c.text for c in kept)}"
    return all(said(n, text, facts.aliases) for n in facts.question.names)


CHECKS: tuple[Check, ...] = (
    Check("figures", "claim", "A sentence's figures must stand in the passage it is quoted from.", figures),
    Check("figure_kinds", "claim", "A figure a sentence shares with its passage must be the same figure there: the "
          "same unit, if the sentence gives one (\"31%\" is not \"€31 million\"), and the same kind of thing counted, "
          "where both say (\"40 pharmacies\" is not \"40 pop-up clinics\").", figure_kinds),
    Check("ordinals", "claim", "An order word a sentence gives (first, second, third …, Q2, 4th) must stand in a "
          "document it quotes (\"a third of\" is a share, not an order): the figure of the second phase is no answer "
          "about the third.", ordinals),
    Check("names", "claim", "Every word of a sentence's names must stand in its passage or the passages beside it "
          "(a title with a word added or changed is a different title).", names),
    Check("descriptions", "claim", "A sentence that says who or what something is (\"X, the Y of Z,\") must find "
          "that description beside the name in a sentence of the documents it quotes.", descriptions),
    Check("wording", "claim", "Most of a sentence's content words, and at least one, must come from its passages or "
          "the question.",
          wording),
    Check("answer_type", "answer", "A question asking for a count, amount, date, duration, person or place needs an "
          "answer that gives one, for each part of a question that asks two things.", answer_type),
    Check("figure_quoted", "answer", "A question asking for a count, amount, date or duration needs the figure in the "
          "passage its sentence is quoted from, not only in a second passage joined to it (a dateline's year is not "
          "the year of an event).", figure_quoted),
    Check("count_of", "answer", "A how-many question about a kind of thing needs a count of that thing, not a figure "
          "counting something else nearby.", count_of),
    Check("question_names", "answer", "The people and things a question names must appear in the documents the "
          "answer quotes.", question_names),
)
NAMES = tuple(check.name for check in CHECKS)


def active(without: tuple[str, ...]) -> tuple[Check, ...]:
    """The checks left on (other names in ``without`` switch policy rows: assistant.switches)."""
    return tuple(check for check in CHECKS if check.name not in without)


def markdown() -> str:
    """The registry as a Markdown table, in the order the checks run."""
    rows = [f"| `{c.name}` | {c.level} | {c.serves} |" for c in CHECKS]
    return "\n".join(["| Check | Reads | Serves |", "|---|---|---|", *rows]) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown())
