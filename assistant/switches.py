"""Everything that can be switched off by name (ASSISTANT_WITHOUT, bench --without and --ablation): the answer
checks, the policy rows that have another action to measure against, and how a question is prepared."""

from __future__ import annotations

from dataclasses import dataclass

from assistant import checks, policy


@dataclass(frozen=True)
class Switch:
    """A name that can be switched off, what it is (a check's level or "policy") and what it serves."""

    name: str
    level: str
    serves: str


# A follow-up read with the whole corpus and the conversation in front of the model needs no standalone rewrite (a
# second model call whose prompt is not the cached one); retrieval and the checks then read the last turn with it.
CONTEXT_FOLLOW_UPS = Switch(
    "context_follow_ups", "question",
    "When the model reads the whole corpus, a follow-up is answered with the conversation as context instead of "
    "being rewritten into a standalone question first. Off: the model rewrites it first.")
DOCUMENT_OVERVIEW = Switch(
    "document_overview", "question",
    "With several documents indexed, a question asking only what they are about gets one quoted line per document "
    "(its most representative opening sentence). Off: it is drafted like any other question.")
DOCUMENT_LEADS = Switch(
    "document_leads", "question",
    "A question asking what one document is about, or for its summary, overview or key points (\"What's the museum "
    "announcement about?\"), is answered with the headline, where it has one, and the two most representative "
    "opening sentences of the document of the passage nearest the question, quoted, in its order. Off: it is drafted "
    "like any other question.")
CALCULATIONS = Switch(
    "calculations", "answer",
    "A question asking for a count, amount or duration whose checked answer states the figures but not the one it "
    "asks for gets one step worked out from them (\"How many more …?\": \"That is 210,000 - 145,000 = 65,000.\"): "
    "the model writes the step, its figures must stand in the answer, the question or the quoted passages, and the "
    "result is computed, never taken from the model. A draft's own written step is recomputed the same way. Off: "
    "every figure must stand in the passages.")
PREMISE_FIGURES = Switch(
    "premise_figures", "question",
    "A question stating a count, amount or share that no document gives (\"Why is Huawei aiming to connect 200 "
    "million people?\") is answered with that: the documents do not give it, and they say … (the sentence nearest "
    "the question in meaning and words that gives that kind of figure, quoted). Off: it is answered or refused like "
    "any other question.")
PREMISE_TITLES = Switch(
    "premise_titles", "question",
    "A question giving someone a title or role no document gives them (\"What did Malcolm Johnson, the UN "
    "Secretary-General, say?\") is answered with that: the documents do not describe them so, and they say … (the "
    "sentence naming whoever holds that title, if anyone does, and the sentence naming the person with a title of "
    "their own, each the nearest the question in meaning and words, quoted). Off: it is answered or refused like any "
    "other question.")
SWITCHES: tuple[Switch, ...] = (
    *(Switch(c.name, c.level, c.serves) for c in checks.CHECKS),
    *(Switch(r.switch, "policy", f"{r.serves} Off: {r.otherwise}.") for r in policy.SWITCHES),
    CONTEXT_FOLLOW_UPS,
    DOCUMENT_OVERVIEW,
    DOCUMENT_LEADS,
    CALCULATIONS,
    PREMISE_FIGURES,
    PREMISE_TITLES,
)
NAMES = tuple(s.name for s in SWITCHES)


def checked(without: tuple[str, ...]) -> tuple[str, ...]:
    """The names, once each; raises ValueError naming an unknown one and listing the known."""
    unknown = sorted(set(without) - set(NAMES))
    if unknown:
        raise ValueError(f"unknown switch(es) {', '.join(unknown)}; the names are: {', '.join(NAMES)}")
    return tuple(dict.fromkeys(without))
