"""A draft reviewed: its claims with their evidence and failed checks, the answer checks that failed, the outcome."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answer import Answer, Citation, SentenceCheck
from assistant.checks import Check, Facts
from assistant.evidence import Claim, EvidenceFinder, says_not_answered, split_claims
from ingest.passages import Passage

REFUSAL_TEXT = "The documents do not answer this question."
# Outcomes that are not a check's name, said in words where a refusal lists the sentences it removed.
OUTCOME_REASONS = {"unsure": "unsure (the model hesitated over its words)"}


@dataclass
class Review:
    """The outcome of checking one draft."""

    claims: list[Claim] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # answer checks that failed, in registry order
    declined: bool = False                          # the draft says the documents do not answer
    unsure: bool = False                            # the model was unsure of its words (drafting.confidence)

    @property
    def kept(self) -> list[Claim]:
        return [claim for claim in self.claims if claim.kept]

    @property
    def outcome(self) -> str:
        """declined, nothing_kept, the first failed answer check, unsure or answered (see policy.POLICY)."""
        if not self.kept:
            return "declined" if self.declined else "nothing_kept"
        if self.failed:
            return self.failed[0]
        return "unsure" if self.unsure else "answered"


def review(draft: str, passages: list[Passage], facts: Facts, finder: EvidenceFinder,
           checks: tuple[Check, ...]) -> Review:
    """Find each claim's evidence among the passages and run the checks."""
    result = Review()
    for claim in split_claims(draft):
        if says_not_answered(claim.text):
            result.declined = True
            continue
        cited = {passages[n - 1].id for n in claim.cited if 0 < n <= len(passages)}
        claim.evidence = finder.best(claim.text, passages, cited, facts.question.standalone)
        claim.failed = [c.name for c in checks if c.level == "claim" and not c.run(claim, facts)]
        result.claims.append(claim)
    result.failed = answer_failures(result.kept, facts, checks)
    return result


def answer_failures(kept: list[Claim], facts: Facts, checks: tuple[Check, ...]) -> list[str]:
    """The answer checks the kept claims fail, in registry order."""
    return [c.name for c in checks if c.level == "answer" and kept and not c.run(kept, facts)]


def compose(question: str, kept: list[Claim], reviewed: list[Claim], backend: str, notice: str) -> Answer:
    """The Answer from the kept claims: citations numbered by first use, each with the quote that supports it."""
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    pieces = []
    for claim in kept:
        for evidence in claim.evidence:
            p = evidence.passage
            if p.id not in numbers:
                numbers[p.id] = len(numbers) + 1
                citations.append(Citation(len(numbers), p.source, p.start, p.end, p.text, evidence.quote,
                                          evidence.start, evidence.end, p.title, p.date))
        pieces.append(f"{as_sentence(claim)} " + "".join(f"[{numbers[e.passage.id]}]" for e in claim.evidence))
    shown = {id(c) for c in kept}
    checks = [SentenceCheck(c.text, True, tuple(numbers[e.passage.id] for e in c.evidence)) if id(c) in shown else
              SentenceCheck(c.text, False, (), "failed: " + ", ".join(c.failed or ["the answer checks"]))
              for c in reviewed]
    return Answer(" ".join(pieces), citations, False, question, checks, backend, notice)


def as_sentence(claim: Claim) -> str:
    """The claim, or its quote when the claim is a piece cut from the middle of the quote ("120 million people in
    remote areas by 2025"): the whole sentence names its subject, in the document's own words."""
    quote = " ".join(claim.evidence[0].quote.split()) if claim.evidence else ""
    piece = " ".join(claim.text.split()).rstrip(".!?;:")
    at = quote.lower().find(piece.lower()) if len(piece) >= 12 else -1
    return quote if at > 0 else claim.text


def refusal(question: str, topics: list[str], reviews: list[Review], backend: str, notice: str) -> Answer:
    """A plain refusal, naming the documents nearby by title."""
    text = REFUSAL_TEXT
    if topics:
        text += f" Nearby, they cover: {'; '.join(topics)}."
    checks = [SentenceCheck(c.text, False, (), "failed: " + ", ".join(
        c.failed or r.failed or [OUTCOME_REASONS.get(r.outcome, r.outcome)])) for r in reviews for c in r.claims]
    return Answer(text, [], True, question, checks, backend, notice)
