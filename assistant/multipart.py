"""Two questions in one ("Who announced it, and in which areas …?"): split them, join the answers."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answer import Answer

_WH = r"(?:which|what|who|whom|whose|when|where|why|how)\b"
_PREPOSITION = r"(?:in|from|to|for|at|on|with|by|of|over|since|until)\s+"
_ASK = r"(?:name|list|give|tell(?:\s+me)?|say|state|describe|explain)\b"  # "Name …, and say how many …"
# ", and in which areas did …": "and" followed by a new question word, not "and in Huawei's vision".
_SECOND_QUESTION = re.compile(rf",?\s+and\s+(?:{_ASK}\s+)?(?=(?:{_PREPOSITION})?{_WH})", re.IGNORECASE)
_OPENS_QUESTION = re.compile(rf"(?:{_PREPOSITION})?{_WH}|{_ASK}", re.IGNORECASE)
_MARKER = re.compile(r"\[(\d+)\]")
MIN_WORDS = 3


def question_parts(question: str) -> list[str]:
    """The questions a question asks, each ending in "?"; a plain question is its own single part."""
    match = _SECOND_QUESTION.search(question)
    if not match or not _OPENS_QUESTION.match(question):
        return [question]
    first, second = question[:match.start()].strip(" ,"), question[match.end():].strip()
    if min(len(first.split()), len(second.split())) < MIN_WORDS:
        return [question]
    first = first.rstrip("?.") + ("." if re.match(_ASK, first, re.IGNORECASE) else "?")
    return [first, second[0].upper() + second[1:].rstrip("?.") + "?"]


def renumbered(text: str, offset: int) -> str:
    """Citation markers shifted past the citations of the parts before ("[1]" → "[3]")."""
    return _MARKER.sub(lambda m: f"[{int(m.group(1)) + offset}]", text) if offset else text


def part_text(part: str, answer: Answer, offset: int) -> str:
    """A part's answer as it reads in the joined answer: a refused part is named, not left out."""
    if answer.refused:
        return f"The documents do not answer the question “{part}”"
    return renumbered(answer.text, offset)


def joined_answer(question: str, parts: list[str], answers: list[Answer]) -> Answer:
    """One answer to a question asked in parts; citations numbered across the parts."""
    texts, citations, checks, offset = [], [], [], 0
    for part, answer in zip(parts, answers, strict=True):
        texts.append(part_text(part, answer, offset))
        citations += [replace(citation, n=citation.n + offset) for citation in answer.citations]
        checks += [replace(check, citations=tuple(n + offset for n in check.citations)) for check in answer.checks]
        offset += len(answer.citations)
    backends = list(dict.fromkeys(answer.backend for answer in answers if not answer.refused))
    notices = list(dict.fromkeys(answer.notice for answer in answers if answer.notice))
    refused = all(answer.refused for answer in answers)
    return Answer(" ".join(texts), citations, refused, question, checks, "+".join(backends) or answers[0].backend,
                  " ".join(notices))

