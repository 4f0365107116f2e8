"""People's titles: "Malcolm Johnson, the UN Secretary-General" checked against what the documents call him.

A question that gives someone a title the documents do not (a false premise about who a person is)
gets the documents' own wording: "ITU Deputy Secretary-General Malcolm Johnson".
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.terms import STOPWORDS, mentions, stem, words

TITLE = (r"(?:Chairman|Chairwoman|Chair|Vice[- ]President|President|CEO|Chief Executive|Chief \w+ Officer|"
         r"Deputy Secretary-General|Secretary-General|Secretary|Minister|Director|Coordinator|Head|Founder|"
         r"Governor|Mayor|Manager|Spokesperson|Commissioner|Ambassador)")
_NAME = r"[A-Z][a-z]+(?:[- ][A-Z][a-z]+)+"
# "Malcolm Johnson, the UN Secretary-General"; "Cao Ming … as Huawei's Chairman"; "UN Secretary-General Malcolm Johnson"
_AFTER = re.compile(rf"(?P<name>{_NAME}),?\s+(?:in (?:his|her|their) role\s+)?(?:as\s+|the\s+)?"
                    rf"(?P<title>(?:[\w’'.-]+\s+){{0,3}}?{TITLE})\b")
_AS = re.compile(rf"(?P<name>{_NAME})(?:\s+[a-z]+){{0,3}}?\s+(?:in (?:his|her|their) role\s+)?as\s+"
                 rf"(?P<title>(?:[\w’'.-]+\s+){{0,3}}?{TITLE})\b")
_BEFORE = re.compile(rf"(?P<title>(?:[A-Z][\w’'.-]*\s+){{0,3}}{TITLE})\s+(?P<name>{_NAME})")
# What a document calls someone: the title just before the name, or the apposition just after it.
_DOC_AFTER = r",\s+(?P<title>[^,.;:“”\"]{{3,80}})"
_DOC_BEFORE = r"(?P<title>(?:[A-Z][\w’'.-]*\s+){{1,4}})"


def claimed_titles(question: str) -> list[tuple[str, str]]:
    """(person, title) pairs the question asserts."""
    found = []
    for pattern in (_AFTER, _AS, _BEFORE):
        for match in pattern.finditer(question):
            found.append((match.group("name"), match.group("title").strip()))
    return list(dict.fromkeys(found))


@lru_cache(maxsize=64)  # each answer's checks ask again for the same person in the same corpus
def documented_titles(name: str, corpus: str) -> tuple[str, ...]:
    """How the documents introduce the person: "ITU Deputy Secretary-General Malcolm Johnson"."""
    escaped = re.escape(name)
    titles = [m.group("title").strip() for m in re.finditer(_DOC_BEFORE.format() + escaped, corpus)]
    titles += [m.group("title").strip() for m in re.finditer(escaped + _DOC_AFTER.format(), corpus)]
    return tuple(t for t in titles if re.search(TITLE, t))


@lru_cache(maxsize=4)  # one corpus text per assistant: scanned once, not per question
def documented_people(corpus: str) -> tuple[tuple[str, str], ...]:
    """Every (person, title) pair the documents give: "Liang Hua, Chairman of Huawei" → (Liang Hua, Chairman)."""
    found = [(m.group("name"), m.group("title").strip()) for pattern in (_AFTER, _BEFORE) for m in
             pattern.finditer(corpus)]
    return tuple(dict.fromkeys(found))


def title_premise(question: str, corpus: str) -> str:
    """A correction when the question gives a person a title the documents do not; else ''."""
    for name, claimed in claimed_titles(question):
        documented = documented_titles(name, corpus)
        if not documented:
            continue
        if any(_fits(claimed, title) for title in documented):
            continue
        title = documented[0]
        named = f"{title} {name}" if corpus.find(f"{title} {name}") >= 0 else f"{name}, {title}"
        return f"The documents do not call {name} {_bare(claimed)}: they say “{named}”."
    return ""


def _fits(claimed: str, documented: str) -> bool:
    """Every word of the claimed title (or its acronym) is in the documented one."""
    claimed_words = [w for w in re.findall(r"[A-Za-z][\w-]*", claimed) if w.lower() not in STOPWORDS]
    documented_stems = {stem(w) for w in words(documented)}
    return all(stem(w.lower()) in documented_stems or (w.isupper() and mentions(w, documented))
               for w in claimed_words)


def _bare(title: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", title, flags=re.IGNORECASE)
