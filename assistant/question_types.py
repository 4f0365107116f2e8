"""What kind of answer a question asks for: a person, a number or date, or anything."""

from __future__ import annotations

import re

from assistant.terms import mentions, names, numbers_with_words

_WH_PERSON = re.compile(r"^\s*(who|whom|whose)\b", re.IGNORECASE)
_WH_NUMBER = re.compile(r"^\s*(how (many|much|long|old|big|large)|when|what (year|date|day|time))\b", re.IGNORECASE)
_PERSON = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b|\b(?:Chairman|President|Secretary|Director|"
                     r"Minister|Coordinator|Chief|Head|CEO|Chair)\b")
_PARTIES = re.compile(r"\b(governments?|departments?|universit(y|ies)|ministr(y|ies)|partners?|compan(y|ies)|"
                      r"organi[sz]ations?|leaders?|experts?|customers?|regulators?|ministers?)\b", re.IGNORECASE)
_MONTHS = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE)


def gives_expected_kind(question: str, answer: str) -> bool:
    """A who-question needs a person not named in the question; a how-many or when-question a number."""
    if _WH_PERSON.search(question):
        new_names = [n for n in names(answer) if not n.isupper() and not mentions(n, question)]
        return bool(new_names or _PARTIES.search(answer)) or any(
            not mentions(person, question) for person in _PERSON.findall(answer))
    if _WH_NUMBER.search(question):
        return bool(numbers_with_words(answer) - numbers_with_words(question)) or bool(_MONTHS.search(answer))
    return True
