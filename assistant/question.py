"""A question analysed once: standalone text, parts, the kind of answer it asks for, its names and figures."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from assistant.prompts import rewrite_messages
from assistant.terms import content_stems, name_units, numbers

log = logging.getLogger(__name__)
Turn = tuple[str, str]

# What a question asks for, from its opening words; the first matching row wins.
ASKS_FOR = (
    ("duration", r"how long|over what period|for how many (years|months|weeks|days)"),
    ("amount", r"how much (money|funding|did|does|will|is|was|has|have)\b.*\b(cost|spen[dt]|invest|pay|paid|fund|"
               r"budget|worth|raise)|how much (money|funding)|what (is|was|will be) the (cost|budget|price)"),
    ("count", r"how (many|much)|what (number|percentage|share|proportion)"),
    ("date", r"when|(what|which) (year|date|day|month)|since when"),
    ("person", r"who|whom|whose|which (person|official|executive|minister|professor)"),
    ("place", r"where|(what|which|in which) (country|city|countries|cities|town|region|place)"),
    ("reason", r"why"),
    ("yes_no", r"(is|are|was|were|does|do|did|has|have|had|can|could|will|would|should)\b"),
)
_OPENING = r"^\s*(?:(?:and|so|but|in|on|at|from|for|by|since|until|according to [^,]+,)\s+)*"
_REFERENCE = re.compile(r"\b(he|she|him|her|his|hers|it|its|they|them|their|there|that|those|this|these|"
                        r"former|latter|same)\b|^\s*(and|what about|how about)\b", re.IGNORECASE)
_WH = r"(?:which|what|who|whom|whose|when|where|why|how)\b"
# ", and in which areas did …": "and" followed by a new question word starts a second question.
_SECOND_QUESTION = re.compile(rf"(?:,\s*|\s+)and\s+(?=(?:(?:in|from|to|for|at|on|by|of)\s+)?{_WH})|\?\s+(?=\S)",
                              re.IGNORECASE)
# "How many base stations has it deployed?" counts base stations: the words after "how many", up to a verb or
# preposition that starts the rest of the question.
_COUNTED = re.compile(r"\bhow many\s+((?:[\w'’-]+\s+){0,2}?[\w'’-]+?)(?=\s+(?:are|is|was|were|did|does|do|has|have|"
                      r"had|will|would|can|could|should|in|of|at|on|for|to|from|by|with|that|who|which)\b|[?,.;]|$)",
                      re.IGNORECASE)
MIN_PART_WORDS = 3
HISTORY_TURNS = 3


@dataclass(frozen=True)
class Question:
    """Everything downstream needs to know about a question; nothing re-parses its text."""

    text: str                      # as asked
    standalone: str                # understood without the conversation
    parts: tuple[str, ...]         # the questions it asks (one for a plain question)
    asks_for: str                  # duration, amount, count, date, person, place, reason, yes_no or other
    names: tuple[str, ...]         # capitalised names it gives ("Cao Ming", "ITU")
    figures: frozenset[str]        # numbers it gives, normalised ("120000000" stays "120")
    counted: str = ""              # what a how-many question counts ("base stations"), else empty
    rewritten: bool = False        # the standalone text was rewritten from a follow-up
    context: str = ""              # the last turn, for a follow-up that could not be rewritten
    history: tuple[Turn, ...] = ()  # the last turns, which the drafter reads before the question

    def searches(self) -> tuple[str, ...]:
        """What retrieval looks for: each part, with the conversation when the question leans on it."""
        return tuple(f"{part} {self.context}".strip() for part in self.parts)

    @property
    def with_context(self) -> str:
        """The standalone text, followed by the last turn when it still leans on it."""
        return f"{self.standalone} ({self.context})" if self.context else self.standalone


def asks_for(text: str) -> str:
    """The kind of answer a question asks for (first row of ASKS_FOR whose opening matches)."""
    for kind, opening in ASKS_FOR:
        if re.match(_OPENING + f"(?:{opening})", text, re.IGNORECASE):
            return kind
    return "other"


def counted(text: str) -> str:
    """What a how-many question counts, or "" (a question asking two things counts only in its first part)."""
    found = _COUNTED.search(text)
    return found.group(1).lower() if found else ""


def question_parts(text: str) -> tuple[str, ...]:
    """The questions a question asks; each part keeps enough words to stand alone, else it stays whole."""
    pieces = [p.strip(" ,;?") for p in _SECOND_QUESTION.split(text) if p and p.strip(" ,;?")]
    if len(pieces) < 2 or min(len(p.split()) for p in pieces) < MIN_PART_WORDS:
        return (text,)
    return tuple(p[0].upper() + p[1:] + "?" for p in pieces)


def analyse(text: str, history: list[Turn], rewrite=None) -> Question:
    """The typed question; ``rewrite(question, history)`` makes a follow-up standalone (a model call), if given."""
    standalone, context = standalone_text(text, history, rewrite)
    return Question(text=text, standalone=standalone, parts=question_parts(standalone),
                    asks_for=asks_for(standalone), names=tuple(name_units(standalone)),
                    figures=frozenset(numbers(standalone)), counted=counted(standalone),
                    rewritten=standalone != text, context=context,
                    history=tuple(history[-HISTORY_TURNS:]))


def standalone_text(text: str, history: list[Turn], rewrite=None) -> tuple[str, str]:
    """The question made standalone (unchanged when it does not refer back), and the last turn when a
    follow-up could not be rewritten (retrieval and checks then read it too)."""
    if not history or (not _REFERENCE.search(text) and len(text.split()) > 4):
        return text, ""
    if rewrite is not None:
        try:
            reply = rewrite(text, history)
            if _usable_rewrite(reply, text, history):
                return reply, ""
        except Exception as error:  # a failed rewrite still leaves the question answerable with context
            log.warning("rewrite failed, adding the conversation instead: %s", error)
    user, answer = history[-1]
    return text, f"{user} {answer}"


def model_rewrite(chat_model):
    """A rewrite function that asks the chat model for the standalone question."""
    def rewrite(text: str, history: list[Turn]) -> str:
        reply = chat_model.invoke(rewrite_messages(history, text)).content.strip()
        return re.sub(r"^(rewritten question|question)\s*:\s*", "", reply, flags=re.IGNORECASE).strip().strip('"')
    return rewrite


def _usable_rewrite(reply: str, text: str, history: list[Turn]) -> bool:
    """A rewrite must be one line, not much longer, bring in something from the conversation and keep what the
    follow-up asks: its question words and most of its content words ("Who said that, and where?" must still ask
    who and where, not become the question before it)."""
    earlier = content_stems(" ".join(f"{user} {answer}" for user, answer in history))
    brought_in = (content_stems(reply) - content_stems(text)) & earlier
    asked = reply.endswith("?") or not text.rstrip().endswith("?")  # an answer instead of a question is no rewrite
    # A vague word may give way to what it names ("the firm" → "Brennan Hale"), but most content words stay.
    words = content_stems(text)
    kept = _asks(text) <= _asks(reply) and 2 * len(words - content_stems(reply)) <= len(words)
    return bool(reply) and "\n" not in reply and len(reply) <= 3 * len(text) + 200 and bool(brought_in) and asked \
        and kept


def _asks(text: str) -> set[str]:
    """The question words of a text (who, where, how many …)."""
    return set(re.findall(_WH, text.lower()))
