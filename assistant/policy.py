"""What happens when checks fail: one table, read top to bottom, instead of compound conditions."""

from __future__ import annotations

from dataclasses import dataclass

ANSWER, EXTRACT, REFUSE = "answer", "extract", "refuse"


@dataclass(frozen=True)
class Row:
    """(draft, outcome) → action. A row with a ``switch`` name can be turned to its ``otherwise`` action by that
    name (ASSISTANT_WITHOUT), so the bench can measure what the row is worth against the plainer choice."""

    draft: str
    outcome: str
    action: str
    switch: str = ""
    otherwise: str = ""
    serves: str = ""


# The outcome is the first that holds, in this order:
#   declined        the draft says the documents do not answer and keeps no sentence
#   nothing_kept    every sentence failed a claim check (each failing sentence is dropped)
#   <check name>    the first answer check that failed, in registry order
#   unsure          every answer check passed, but the model was unsure of its words (a model draft only)
#   answered        every answer check passed
POLICY: tuple[Row, ...] = (
    Row("model", "declined", REFUSE),
    # Measured (round-three ablation): where the model's draft failed, an extractive draft was wrong more often than
    # right, so these rows refuse; switched off, they answer from an extractive draft instead.
    Row("model", "nothing_kept", REFUSE, "refuse_after_dropped", EXTRACT,
        "When every sentence of the model's draft failed a check, refuse rather than answer from an extractive draft."),
    Row("model", "answer_type", REFUSE, "refuse_after_answer_type", EXTRACT,
        "When the model's answer lacks the kind of answer asked for, refuse rather than answer from an extractive "
        "draft."),
    Row("model", "figure_quoted", REFUSE),
    Row("model", "count_of", REFUSE),
    Row("model", "question_names", REFUSE, "refuse_after_question_names", EXTRACT,
        "When the model's answer quotes documents that lack a name the question gives, refuse rather than answer "
        "from an extractive draft."),
    # Chosen on the tune sets: the model's least likely words below the floor marked 12 of its 34 wrong answers
    # there and 3 of its 66 right ones.
    Row("model", "unsure", REFUSE, "refuse_when_unsure", ANSWER,
        "When the model's draft passes every check but the model was unsure of its words (the mean log-probability "
        "of its three least likely word tokens is below the floor), refuse rather than answer."),
    Row("model", "answered", ANSWER),
    Row("extractive", "declined", REFUSE),
    Row("extractive", "nothing_kept", REFUSE),
    Row("extractive", "answer_type", REFUSE),
    Row("extractive", "figure_quoted", REFUSE),
    Row("extractive", "count_of", REFUSE),
    Row("extractive", "question_names", REFUSE),
    Row("extractive", "unsure", REFUSE),  # an extractive draft carries no probabilities, so never meets this row
    Row("extractive", "answered", ANSWER),
)
SWITCHES: tuple[Row, ...] = tuple(row for row in POLICY if row.switch)


def decide(draft: str, outcome: str, without: tuple[str, ...] = ()) -> str:
    """The action for an outcome of a draft ("model" or "extractive"), with the rows named in ``without`` turned
    to their plainer action."""
    row = next(row for row in POLICY if (row.draft, row.outcome) == (draft, outcome))
    return row.otherwise if row.switch and row.switch in without else row.action


def table() -> str:
    """The policy as Markdown, for the docs."""
    rows = [f"| {r.draft} | {r.outcome} | {r.action} | {f'`{r.switch}` → {r.otherwise}' if r.switch else ''} |"
            for r in POLICY]
    return "\n".join(["| Draft | Outcome | Action | Switched off |", "|---|---|---|---|", *rows]) + "\n"
