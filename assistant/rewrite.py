"""Follow-up questions → standalone questions: a cheap rule first, the model where it is needed."""

from __future__ import annotations

import re

from assistant.prompts import rewrite_messages
from assistant.terms import NOT_PERSON, content_stems, name_units, people_named
from assistant.verify import is_refusal, split_markers

Turn = tuple[str, str]

REFERENCE = re.compile(r"\b(he|she|him|her|his|hers|it|its|they|them|their|there|that|those|this|these|"
                       r"former|latter|first one|second one|same)\b|^(and|what about|how about)\b", re.IGNORECASE)
PERSON_PRONOUNS = {"he": "{}", "she": "{}", "him": "{}", "his": "{}'s", "her": "{}"}
CONTEXT_OPENING = " (context: "  # "How much water will it produce? (context: <earlier turns>)"
ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "sixth": 5, "last": -1}
# "the third of those", "the last one", "the second?"; not "the first person".
_ORDINAL = re.compile(r"\bthe (first|second|third|fourth|fifth|sixth|last)"
                      r"(?: one| of (?:those|these|them|the \w+)|(?=\s*[?.,]|\s*$))", re.IGNORECASE)


def normalise_history(turns) -> list[Turn]:
    """Earlier (user, assistant) pairs with the citation markers taken out of the answers."""
    # Citation markers of earlier answers would read as figures ("[1]") in a rewritten question.
    return [(user, split_markers(answer)[0]) for user, answer in turns]


def needs_rewrite(question: str, history: list[Turn]) -> bool:
    """Only a question that refers back to the conversation needs rewriting."""
    return bool(history) and (REFERENCE.search(question) is not None or len(question.split()) <= 4)


def rule_rewrite(question: str, history: list[Turn]) -> str:
    """Resolve the reference without a model.

    A personal pronoun becomes the person last named, "they" the people the reply names; "it" or "there"
    the one name the conversation was about; an elliptical question ("Over what period?") is joined to
    the statement it follows.
    Otherwise the last turns are added as context."""
    listed = ordinal_rewrite(question, history)
    if listed:
        return listed
    user, answer = history[-1]
    # The reply names the person first when the question asked who someone is.
    people = people_named(answer) + people_named(user)
    pronoun = re.search(r"\b(he|she|him|his|her)\b", question, re.IGNORECASE)
    if pronoun and people:
        return _replace(question, pronoun, PERSON_PRONOUNS[pronoun.group(1).lower()].format(people[0]))
    plural = re.search(r"\b(they|them|their)\b", question, re.IGNORECASE)
    named = list(dict.fromkeys(people_named(answer)))
    if plural and len(named) >= 2:
        # "What are their titles?" after "Malcolm Johnson and Siddharth Chatterjee spoke."
        possessive = plural.group(1).lower() == "their"
        return _replace(question, plural, " and ".join(f"{p}'s" if possessive else p for p in named))
    thing = re.search(r"\b(it|its|there)\b", question, re.IGNORECASE)
    if thing:
        name = _topic(history, place=thing.group(1).lower() == "there")
        if name:
            replacement = {"it": name, "its": f"{name}'s", "there": f"in {name}"}[thing.group(1).lower()]
            return _replace(question, thing, replacement)
    if not REFERENCE.search(question) and answer.strip() and not is_refusal(answer):
        return f"{question.rstrip(' ?')} — {answer.strip().rstrip('.')}?"
    context = " ".join(f"{u} {a}" for u, a in history[-2:])
    return f"{question}{CONTEXT_OPENING}{context.strip()})"


def asked_part(question: str) -> str:
    """The question without the conversation a rule rewrite added to it."""
    return question.split(CONTEXT_OPENING)[0]


def ordinal_rewrite(question: str, history: list[Turn]) -> str:
    """"The third of those" → the third item of the list the last reply gave; "" when there is none."""
    match = _ORDINAL.search(question)
    if not match or not history:
        return ""
    items = _list_items(history[-1][1])
    position = ORDINALS[match.group(1).lower()]
    if len(items) < 2 or position >= len(items):
        return ""
    return _replace(question, match, items[position])


def _list_items(reply: str) -> list[str]:
    """The items of a reply that is one comma-separated list ("By driving X, bringing Y, and building Z.")."""
    if len(re.findall(r"[.!?](?:\s|$)", reply.strip())) > 1:
        return []  # several sentences: no single list to count in
    items = [item.strip() for item in re.split(r"[,;]", reply.strip().rstrip(".!?"))]
    if re.search(r"\s(and|or)\s", items[-1]) and not re.match(r"(and|or)\s", items[-1]):
        return []  # "A, B and C" or "A, cloud and AI": where the last items part is unclear
    items = [re.sub(r"^(and|or)\s+", "", item) for item in items]
    items = [re.sub(r"^(by|to|with|through)\s+", "", item, flags=re.IGNORECASE) for item in items]
    return [item for item in items if item]


def _replace(question: str, match: re.Match, replacement: str) -> str:
    return question[:match.start()] + replacement + question[match.end():]


def _topic(history: list[Turn], place: bool) -> str:
    """The single name a recent turn is about: for "there" the reply's place ("Cambodia."), for "it"
    the thing a question asked about ("What is Partner2Connect?")."""
    for user, answer in reversed(history[-3:]):
        # A short reply may open with the name ("Cambodia."); the leading word keeps it from
        # counting as a sentence opener.
        for text in ([f"in {answer}"] if place else [user]):
            units = [u for u in name_units(text) if not NOT_PERSON.fullmatch(u)]
            if len(units) == 1:
                return units[0]
    return ""


def model_rewrite(chat_model, question: str, history: list[Turn]) -> str:
    """Ask the model for a standalone question; fall back to the rule on an unusable reply."""
    reply = chat_model.invoke(rewrite_messages(history, question)).content.strip()
    reply = re.sub(r"^(rewritten question|question)\s*:\s*", "", reply, flags=re.IGNORECASE).strip().strip('"')
    unchanged = reply.lower().rstrip("?") == question.lower().rstrip("?")
    # A rewrite that brings in nothing from the conversation has not resolved the reference.
    earlier = content_stems(" ".join(f"{user} {answer}" for user, answer in history))
    resolved = bool((content_stems(reply) - content_stems(question)) & earlier)
    asked = not question.rstrip().endswith("?") or reply.endswith("?")
    if not reply or unchanged or not resolved or not asked or len(reply) > 3 * len(question) + 200 or "\n" in reply:
        return rule_rewrite(question, history)
    return reply
