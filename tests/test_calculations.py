"""The one-step calculations an answer may add: the model's arithmetic is never trusted, only its choice of step."""

from __future__ import annotations

import pytest

from assistant.calculations import computed_figures, derivation, recomputed

MUSEUM = "The museum expects 210,000 visitors in its first year, compared with 145,000 in 2021."
ORDERS = "The order book reached €6.1 billion on September 30, up from €5.6 billion at the end of June."
BUILDING = "The €42 million building was paid for by a €25 million grant and other funds."
VACCINATION = "Its goal is to vaccinate 75% of residents, up from 68% last winter."


@pytest.mark.parametrize("expression, stated, step", [
    ("210000 - 145000", MUSEUM, "210,000 - 145,000 = 65,000"),
    ("210,000 - 145,000 = 60,000", MUSEUM, "210,000 - 145,000 = 65,000"),  # the model's result is worked out again
    ("145000 - 210000", MUSEUM, "145,000 - 210,000 = 65,000"),  # a difference taken the other way round
    ("6.1 - 5.6", ORDERS, "€6.1 billion - €5.6 billion = €0.5 billion"),  # in the answer's own unit
    ("€6.1 billion - €5.6 billion = €0.4 billion", ORDERS, "€6.1 billion - €5.6 billion = €0.5 billion"),
    ("25 / 42", BUILDING, "€25 million / €42 million × 100 = 59.5%"),  # a share of the same kind of amount
    ("75% - 68%", VACCINATION, "75% - 68% = 7 percentage points"),
    ("2022 - 1987", "Founded in 1987, Huawei announced it on November 24, 2022.", "2022 - 1987 = 35"),
])
def test_a_step_over_stated_figures_is_written_with_them_and_worked_out_here(expression, stated, step):
    assert derivation(expression, stated) == step


@pytest.mark.parametrize("expression", [
    "NONE", "210000", "210000 - 150000",  # no step, one figure, a figure the answer does not state
    "145000 - 145000",  # a figure taken from itself
    "120 * 80",  # a product multiplies things of different kinds
    "(210000 - 145000) / 145000", "25 / 42 / 2",  # more than one step
    "The museum expects more visitors.",
])
def test_anything_but_one_step_over_stated_figures_adds_nothing(expression):
    stated = f"{MUSEUM} About 120 million people in more than 80 countries. {BUILDING}"
    assert derivation(expression, stated) is None


def test_a_calculation_the_model_wrote_gets_its_result_worked_out_again():
    text = "The building cost €42 million - €24.5 million = €2.5 million more than the renovation [1]."
    assert recomputed(text) == "The building cost €42 million - €24.5 million = €17.5 million more than the " \
                               "renovation [1]."
    assert computed_figures(recomputed(text)) == {"17.5"}
    assert computed_figures(text) == set()  # a wrong result is no computed figure: the figures check drops it


def test_figures_counting_different_things_are_not_combined():
    stated = "Huawei will provide 10,000 training opportunities in the next five years, in more than 70 countries."
    assert derivation("10000 / 70", stated) is None
    assert derivation("120 - 60", "about 120 million people and more than 60 million people") == \
        "120 million - 60 million = 60 million"
    assert derivation("9000 + 31", "It connects 9,000 more homes under a €31 million contract.") is None
