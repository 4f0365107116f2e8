"""What happens when checks fail: one table, read top to bottom, instead of compound conditions."""

from __future__ import annotations

ANSWER, EXTRACT, REFUSE = "answer", "extract", "refuse"

# (draft, outcome) → action. The outcome is the first that holds, in this order:
#   declined        the draft says the documents do not answer and keeps no sentence
#   nothing_kept    every sentence failed a claim check (each failing sentence is dropped)
#   <check name>    the first answer check that failed, in registry order
#   answered        every answer check passed
POLICY: dict[tuple[str, str], str] = {
    ("model", "declined"): REFUSE,
    ("model", "nothing_kept"): EXTRACT,
    ("model", "answer_type"): EXTRACT,
    ("model", "question_names"): EXTRACT,
    ("model", "answered"): ANSWER,
    ("extractive", "declined"): REFUSE,
    ("extractive", "nothing_kept"): REFUSE,
    ("extractive", "answer_type"): REFUSE,
    ("extractive", "question_names"): REFUSE,
    ("extractive", "answered"): ANSWER,
}


def decide(draft: str, outcome: str) -> str:
    """The action for an outcome of a draft ("model" or "extractive")."""
    return POLICY[(draft, outcome)]


def table() -> str:
    """The policy as Markdown, for the docs."""
    rows = [f"| {draft} | {outcome} | {action} |" for (draft, outcome), action in POLICY.items()]
    return "\n".join(["| Draft | Outcome | Action |", "|---|---|---|", *rows]) + "\n"
