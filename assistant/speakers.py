"""Who says what: the person a question asks the words or view of, and whether a source line is theirs."""

from __future__ import annotations

import re

from assistant.question_types import asks_for_statement
from assistant.terms import content_stems, people_named, stem, words
from assistant.titles import TITLE, documented_people, documented_titles
from ingest.passages import Passage
from ingest.sentences import sentence_spans

# "…,” he said." credits the quotation to the person the line before names.
PRONOUN_SPEAKER = re.compile(r"\b(he|she)\s+(said|added|stressed|noted|explained)\b|"
                             r"\b(said|added|stressed|noted|explained)\s+(he|she)\b", re.IGNORECASE)
# "… according to Cao Ming?", "… in Liang Hua's view?", "What does Malcolm Johnson think …?"
_VIEW = re.compile(r"\baccording to\b|['’]s\s+(view|opinion|words)\b|\b(think|thinks|believe|believes|feel|feels)\b",
                   re.IGNORECASE)

_ASKING = {stem(w) for w in ("view", "views", "opinion", "words", "think", "believe", "feel", "according", "say",
                             "said", "tell", "told", "stress", "stressed", "what", "which", "how", "why")}


def asked_speakers(question: str, corpus: str = "") -> list[str]:
    """The people whose words the question asks for: by name ("What did Cao Ming say …?" → Cao Ming), or by
    a title that the documents give one person only ("What does the chairman think …?" → Liang Hua)."""
    if not (asks_for_statement(question) or _VIEW.search(question)):
        return []
    named = people_named(question)
    if named or not corpus:
        return named
    asked = {stem(word) for word in words(question)}
    titled = {name for name, title in documented_people(corpus)
              if any(stem(word) in asked for word in words(re.findall(TITLE, title)[-1]))}
    return sorted(titled) if len(titled) == 1 else []


def topic_stems(question: str, speakers: list[str], corpus: str) -> set[str]:
    """What the question asks the people about: its words without their names, their titles and the words
    asking for a view ("What good could closer cooperation do, in the UN coordinator's view?" → good,
    closer, cooperation)."""
    about = " ".join(speakers + [title for person in speakers for title in documented_titles(person, corpus)])
    return content_stems(question) - content_stems(about) - _ASKING


def pronoun_speaker(unit: str, before: str) -> str:
    """Who "he" or "she" is in a unit that reports speech with a pronoun: the last person named before it."""
    if not PRONOUN_SPEAKER.search(unit):
        return ""
    named = people_named(before)
    return named[-1] if named else ""


def spoken_by(person: str, quote: str, around: str) -> bool:
    """Whether the quote stands on a line that names the person ("said Cao Ming", "Dr. Liang stressed"), or on
    lines of "…,” he said." that follow one. True when the quote cannot be found in ``around``."""
    at = around.find(quote.strip()[:60])
    if at < 0:
        return True
    parts = [re.escape(part) for part in person.split()]
    named = re.compile(rf"\b({'|'.join(parts)})\b")
    lines = around[:at].split("\n")
    line = lines.pop() + around[at:].split("\n")[0]
    while not named.search(line):
        if not (PRONOUN_SPEAKER.search(line) and lines):
            return False
        line = lines.pop()
    return True


def passages_spoken_by(speakers: list[str], passages: list[Passage], surroundings) -> list[Passage]:
    """The passages holding a sentence in the words of one of the people."""
    return [p for p in passages if any(spoken_by(person, p.text[s:e], surroundings(p))
                                       for s, e in sentence_spans(p.text) for person in speakers)]
