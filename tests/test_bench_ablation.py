"""The ablation arithmetic (truthfulness, effects in points) and its tables: hand-made figures, no model."""

from __future__ import annotations

import pytest

from bench.ablation import EFFECTS, effect, headline, truthfulness
from bench.ablation_report import ablation_section, effect_cell
from bench.report import orders_line
from bench.sets import EARLIER_ROUNDS


def _figures(answerable: int, refuse: int, right: float | None, declined: float | None, refused: float | None,
             grounded: float | None = 0.5, precise: float | None = 0.8) -> dict:
    return {"questions": answerable + refuse, "answerable": answerable, "refuse": refuse, "answer_accuracy": right,
            "grounded_accuracy": grounded, "citation_precision": precise, "refusal_accuracy": refused,
            "false_refusal_rate": declined, "total_median_s": 3.0}


def test_truthfulness_scores_right_plus_one_declined_zero_and_wrong_minus_one():
    # 4 answerable: 2 right, 1 declined, 1 wrong; 2 unanswerable: 1 refused, 1 answered anyway.
    assert truthfulness(_figures(4, 2, 0.5, 0.25, 0.5)) == pytest.approx((2 + 0 - 1 + 1 - 1) / 6)
    assert truthfulness(_figures(4, 0, 0.0, 1.0, None)) == 0.0  # refusing everything answerable
    assert truthfulness(_figures(4, 0, 0.0, 0.0, None)) == -1.0  # answering everything wrongly
    assert truthfulness(_figures(0, 3, None, None, 1.0)) == 1.0
    assert truthfulness(_figures(0, 0, None, None, None)) is None


def test_an_effect_is_the_figure_without_the_check_minus_with_it_in_points():
    kept = _figures(10, 4, 0.8, 0.1, 0.75, grounded=0.7, precise=0.9)
    dropped = _figures(10, 4, 0.6, 0.3, 1.0, grounded=0.7, precise=None)
    change = effect(kept, dropped)
    assert list(change) == list(EFFECTS)
    assert change["answer_accuracy"] == -20.0 and change["false_refusal_rate"] == 20.0
    assert change["refusal_accuracy"] == 25.0 and change["grounded_accuracy"] == 0.0
    assert change["citation_precision"] is None  # no citations without the check: no precision to compare
    before, after = headline(kept)["truthfulness"], headline(dropped)["truthfulness"]
    assert change["truthfulness"] == round((after - before) * 100, 1)
    assert str(effect(kept, kept)["answer_accuracy"]) == "0.0"  # never a signed zero


def test_headline_leaves_latencies_out():
    assert set(headline(_figures(2, 1, 1.0, 0.0, 1.0))) == set(EFFECTS)


def _results() -> dict:
    def part(change: float) -> dict:
        return {"questions": 5, "figures": {}, "effect": dict.fromkeys(EFFECTS, change), "notes": []}

    checks = [{"name": "count-needed", "level": "question", "serves": "A how-many question needs a count."},
              {"name": "quote-support", "level": "claim", "serves": "Every claim needs a supporting quote."}]
    corpus = {"name": "release", "parts": {"sealed19": {"questions": 40}, "tune": {"questions": 77}},
              "ablation": {"count-needed": {"local": {"tune": part(-5.0), "sealed19": part(2.5)}},
                           "quote-support": {"local": {"tune": part(1.0)}, "extractive": {"sealed19": part(-0.5)}}}}
    return {"ablation": {"systems": ["local", "extractive"], "checks": checks}, "corpora": [corpus]}


def cells(tune: str, sealed: str) -> str:
    """A cell with a tune and a sealed effect and none for validation and each earlier round."""
    return " / ".join([tune, "–", *["–"] * len(EARLIER_ROUNDS), sealed])


def test_each_cell_shows_tune_then_validation_then_earlier_rounds_then_sealed():
    parts = _results()["corpora"][0]["ablation"]["count-needed"]["local"]
    assert effect_cell(parts, "answer_accuracy") == cells("-5.0", "+2.5")
    assert effect_cell({"tune": parts["tune"]}, "truthfulness") == cells("-5.0", "–")


def test_the_ablation_section_has_a_row_per_check_and_a_table_per_system():
    section = ablation_section(_results())
    assert "- `count-needed` (question): A how-many question needs a count." in section
    local, extractive = section.split("**local**")[1].split("**extractive**")
    assert "release (sealed19 40, tune 77 questions)" in local
    assert f"| `count-needed` | question | {cells('-5.0', '+2.5')} |" in local
    assert f"| `quote-support` | claim | {cells('+1.0', '–')} |" in local
    assert "count-needed" not in extractive
    assert f"| `quote-support` | claim | {cells('–', '-0.5')} |" in extractive
    assert ablation_section({"corpora": []}) == ""


def test_the_order_line_gives_each_part_sealed_first():
    corpus = {"orders": {"tune": {"questions": 77, "identical": 0.974}, "sealed2": {"questions": 40, "identical": 0.9}}}
    line = orders_line(corpus)
    assert "90% of sealed2 (40), 97% of tune (77)" in line
    assert orders_line({}) == ""
