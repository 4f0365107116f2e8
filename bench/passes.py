"""What a run adds to its main pass: checks switched off (--without), the ablation pass and the order pass."""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path

from bench.ablation import ABLATED, ablate_corpus, check_names, describe_checks, registry
from bench.ablation import NOTE as ABLATION_NOTE
from bench.orders import NOTE as ORDERS_NOTE
from bench.orders import SEED, keep_answers, order_pass
from bench.quality import evaluate_corpus, index_settings
from bench.scoring import Question
from bench.sets import CONVERSATION_PARTS, CorpusPlan
from settings import Settings


def run_settings(without: tuple[str, ...] | None, ablation: str | bool | None) -> Settings:
    """Settings from the environment with the named checks off (None: those of ASSISTANT_WITHOUT)."""
    settings = Settings.from_env()
    if ablation:
        registry()  # no registry: say so now, not after the main pass has run for an hour
    return settings.with_(without=check_names(settings.without if without is None else without))


def describe_passes(ablation: str | bool | None, orders: str | bool | None, systems: list[str]
                    ) -> tuple[dict, list[str]]:
    """The passes this run makes, as its results record them, and notes on those it cannot make."""
    passes, notes = {}, []
    if ablation:
        passes["ablation"] = {"systems": [name for name in ABLATED if name in systems], "checks": describe_checks(),
                              "note": ABLATION_NOTE, "corpora": _corpora(ablation)}
    if orders and "local" in systems:
        passes["orders"] = {"system": "local", "seed": SEED, "note": ORDERS_NOTE, "corpora": _corpora(orders)}
    elif orders:
        notes.append("order pass skipped: the local back-end did not run")
    return passes, notes


def evaluate_with_passes(plan: CorpusPlan, questions: dict[str, list[Question]], settings: Settings,
                         systems: list[str], model_url: str | None, tutorial_sample: int | None, checkpoint,
                         passes: dict, plain_over_slot: bool = False) -> dict:
    """Every system on every part of one corpus in its own temporary index, then the passes ``passes`` names."""
    answers: dict[str, dict[str, str]] = {}  # local's answer texts, sealed ones too: kept in memory only
    with tempfile.TemporaryDirectory(prefix="bench-", ignore_cleanup_errors=True) as folder:
        workdir = Path(folder)
        outcome = evaluate_corpus(plan, questions, settings, systems, model_url, workdir, tutorial_sample,
                                  checkpoint, partial(keep_answers, answers), plain_over_slot)
        indexed = index_settings(settings, plan, workdir)
        # Conversations are asked on their own, not in the ablation or order passes.
        single = {part: asked for part, asked in questions.items() if part not in CONVERSATION_PARTS}
        if "orders" in passes and _covers(passes["orders"], plan.name):
            outcome["orders"] = order_pass(indexed, single, answers)
            checkpoint(outcome)
        if "ablation" in passes and _covers(passes["ablation"], plan.name):
            outcome["ablation"] = ablate_corpus(indexed, single, outcome, systems)
            checkpoint(outcome)
    return outcome


def _corpora(choice: str | bool) -> str:
    """"all", or the comma-separated corpora a pass is limited to."""
    return "all" if choice is True or choice == "all" else choice


def _covers(spec: dict, corpus: str) -> bool:
    """Whether a pass (ablation, orders) asks this corpus's questions again."""
    return spec.get("corpora", "all") == "all" or corpus in spec["corpora"].split(",")
