"""The check registry (names, order, switches, its Markdown) and the policy table that acts on its outcomes."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from assistant import checks, switches
from assistant.checks import CHECKS, Facts
from assistant.evidence import Claim, Evidence
from assistant.policy import ANSWER, EXTRACT, POLICY, REFUSE, SWITCHES, decide
from assistant.question import analyse
from assistant.terms import counted_things
from ingest.passages import Passage

ANSWER_CHECKS = [check.name for check in CHECKS if check.level == "answer"]
OUTCOMES = {"declined", "nothing_kept", "unsure", "answered", *ANSWER_CHECKS}


def test_the_markdown_lists_every_check_in_registry_order_with_what_it_serves():
    text = checks.markdown()
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == [check.name for check in CHECKS]
    for row, check in zip(rows, CHECKS, strict=True):
        assert check.level in row and check.serves in row


def test_checks_are_switched_off_by_name_and_an_unknown_name_is_an_error():
    assert checks.active(()) == CHECKS
    assert [check.name for check in checks.active(("figures", "wording", "refuse_after_dropped"))] == \
        [check.name for check in CHECKS if check.name not in ("figures", "wording")]
    listed = re.escape(", ".join(switches.NAMES))
    with pytest.raises(ValueError, match=f"unknown switch.*figurez.*the names are: {listed}"):
        switches.checked(("figures", "figurez"))
    assert switches.checked(("names", "figures", "names")) == ("names", "figures")


def test_every_check_and_policy_row_can_be_switched_off_by_its_own_name():
    names = switches.NAMES
    assert len(set(names)) == len(names) and set(checks.NAMES) < set(names)
    assert {row.switch for row in SWITCHES} < set(names)


def test_a_switched_off_policy_row_takes_its_plainer_action():
    for row in SWITCHES:
        assert decide(row.draft, row.outcome) == row.action
        assert decide(row.draft, row.outcome, (row.switch,)) == row.otherwise != row.action


@pytest.mark.parametrize("draft", ["model", "extractive"])
def test_the_policy_decides_every_outcome_a_review_can_give(draft):
    assert {row.outcome for row in POLICY if row.draft == draft} == OUTCOMES
    assert {decide(draft, outcome) for outcome in OUTCOMES} <= {ANSWER, EXTRACT, REFUSE}
    assert decide(draft, "declined") == REFUSE and decide(draft, "answered") == ANSWER


@pytest.mark.parametrize(("text", "things"), [
    ("It connected more than 60 million people in remote areas in more than 70 countries.", ["people", "countries"]),
    ("Huawei will provide 10,000 training opportunities for ICT professionals.", ["training opportunities"]),
    ("Founded in 1987, Huawei has 207,000 employees.", ["employees"]),
    ("In 2022 it grew.", []),
])
def test_what_the_figures_of_a_sentence_count(text, things):
    assert counted_things(text) == things


RELEASE_TEXT = (Path(__file__).resolve().parent.parent / "data" / "corpus" /
                "huawei-partner2connect-2022-11-24.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("sentence", "kept"), [
    ("Malcolm Johnson, the UN Secretary-General, said connectivity alone is not enough.", False),
    ("Malcolm Johnson, ITU Deputy Secretary-General, said connectivity alone is not enough.", True),
    ("The decision was announced by Liang Hua, Huawei's Chairman, in Shenzhen.", True),
    ("In Cambodia, Huawei will provide 10,000 training opportunities for ICT professionals.", True),
    ("In Cambodia, the ITU's first P2C partner country, Huawei will provide training.", True),
    ("Huawei, founded in 1997, joined the alliance.", False),
    ("Huawei joined the alliance.", True),  # no description to check
])
def test_a_description_set_off_by_commas_must_stand_beside_the_name_in_the_documents(sentence, kept):
    passage = Passage("p1", "release.txt", 0, len(RELEASE_TEXT), RELEASE_TEXT)
    claim = Claim(sentence, (1,), (Evidence(passage, 0, 10, 0.9, 1.0, True),))
    facts = Facts(analyse("Who said what?", []), {}, lambda p: p.text, lambda p: p.text, lambda p: p.text)
    assert checks.descriptions(claim, facts) is kept


CLINICS = "The 40 pop-up clinics will run in libraries, and 56 pharmacies will also give the vaccine. New orders " \
          "totalled €1.9 billion, including the €31 million pipework contract. It has 195,000 employees."


@pytest.mark.parametrize(("sentence", "kept"), [
    ("40 pharmacies will be giving the jabs.", False),  # the passage's 40 counts clinics
    ("The 56 pharmacies will also give the vaccine.", True),
    ("The contract made up about 31% of the new orders.", False),  # its 31 is millions of euros
    ("The pipework contract was worth 31 million.", True),  # a unit left out is no other unit
    ("195,000 people work for the company.", True),  # where both say what they count, close enough
    ("The council will open 12 clinics.", True),  # a figure the passage lacks is the figures check's business
])
def test_a_figure_shared_with_the_passage_must_be_the_same_figure_there(sentence, kept):
    from ingest.embeddings import bundled_embeddings

    embeddings = bundled_embeddings()
    passage = Passage("p1", "release.txt", 0, len(CLINICS), CLINICS)
    claim = Claim(sentence, (1,), (Evidence(passage, 0, 10, 0.9, 1.0, True),))
    facts = Facts(analyse("How many?", []), {}, lambda p: p.text, lambda p: p.text, lambda p: p.text,
                  lambda a, b: float(np.dot(embeddings.embed_query(a), embeddings.embed_query(b))))
    assert checks.figure_kinds(claim, facts) is kept


FLOOD_WALL = "The budget sets aside €37.5 million for the second phase of the flood wall. Revenue in the third " \
             "quarter rose 8%. A fifth of homes are at risk."


@pytest.mark.parametrize(("sentence", "kept"), [
    ("The third phase of the flood wall will cost €37.5 million.", True),  # "third" stands in the document
    ("The second phase of the flood wall will cost €37.5 million.", True),
    ("The fourth phase of the flood wall will cost €37.5 million.", False),  # the question's phase, not the quote's
    ("Revenue in Q2 rose 8%.", False),
    ("Revenue in the 4th quarter rose 8%.", False),
    ("The flood wall will cost €37.5 million.", True),
    ("The fifth phase of the flood wall will cost €37.5 million.", False),  # the document's "a fifth of" is a share
    ("A fifth of homes are at risk.", True),
])
def test_an_order_word_must_stand_in_a_document_the_sentence_quotes(sentence, kept):
    passage = Passage("p1", "budget.txt", 0, 70, FLOOD_WALL[:70])
    claim = Claim(sentence, (1,), (Evidence(passage, 0, 10, 0.9, 1.0, True),))
    facts = Facts(analyse("How much will it cost?", []), {}, lambda p: p.text, lambda p: p.text, lambda p: FLOOD_WALL)
    assert checks.ordinals(claim, facts) is kept
