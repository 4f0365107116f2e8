"""The check registry (names, order, switches, its Markdown) and the policy table that acts on its outcomes."""

from __future__ import annotations

import re

import pytest

from assistant import checks
from assistant.checks import CHECKS
from assistant.policy import ANSWER, EXTRACT, POLICY, REFUSE, decide

ANSWER_CHECKS = [check.name for check in CHECKS if check.level == "answer"]
OUTCOMES = {"declined", "nothing_kept", "answered", *ANSWER_CHECKS}


def test_the_markdown_lists_every_check_in_registry_order_with_what_it_serves():
    text = checks.markdown()
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == [check.name for check in CHECKS]
    for row, check in zip(rows, CHECKS, strict=True):
        assert check.level in row and check.serves in row


def test_checks_are_switched_off_by_name_and_an_unknown_name_is_an_error():
    assert checks.active(()) == CHECKS
    assert [check.name for check in checks.active(("figures", "wording"))] == \
        [check.name for check in CHECKS if check.name not in ("figures", "wording")]
    listed = re.escape(", ".join(checks.NAMES))
    with pytest.raises(ValueError, match=f"unknown check.*figurez.*the checks are: {listed}"):
        checks.active(("figures", "figurez"))


@pytest.mark.parametrize("draft", ["model", "extractive"])
def test_the_policy_decides_every_outcome_a_review_can_give(draft):
    assert {outcome for kind, outcome in POLICY if kind == draft} == OUTCOMES
    assert {decide(draft, outcome) for outcome in OUTCOMES} <= {ANSWER, EXTRACT, REFUSE}
    assert decide(draft, "declined") == REFUSE and decide(draft, "answered") == ANSWER
