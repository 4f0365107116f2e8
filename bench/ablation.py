"""The ablation pass: each answer check and policy row switched off in turn, and what that does to the figures."""

from __future__ import annotations

from bench.quality import open_backend, run_system
from bench.scoring import Question
from bench.sets import stored
from settings import Settings

ABLATED = ("local", "extractive")
SHARES = ("answer_accuracy", "grounded_accuracy", "citation_precision", "refusal_accuracy", "false_refusal_rate")
EFFECTS = (*SHARES, "truthfulness")
NOTE = ("Each check and policy row was switched off in turn and the local and extractive back-ends answered "
        "every part again. "
        "An in-memory LLM cache served the whole quality run: a prompt the model had already answered with .invoke "
        "was answered from memory, so ablation latencies are not measured.")


def registry() -> tuple:
    """Everything the assistant can switch off by name: its checks in the order they run, then its policy rows."""
    try:
        from assistant.switches import SWITCHES
    except ImportError as error:
        raise ValueError(f"this assistant has no registry of switches (assistant.switches): {error}") from None
    return tuple(SWITCHES)


def check_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """The names, once each, after making sure every one names a registered check."""
    if not names:
        return ()
    known = [check.name for check in registry()]
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(f"unknown switch(es): {', '.join(unknown)}; choose from {', '.join(known)}")
    return tuple(dict.fromkeys(names))


def describe_checks() -> list[dict]:
    """Name, level and the class of questions served, of every registered check."""
    return [{"name": check.name, "level": check.level, "serves": check.serves} for check in registry()]


def truthfulness(figures: dict) -> float | None:
    """Mean truthfulness (DESIGN.md §6): +1 right or rightly refused, 0 wrongly refused, −1 wrong; from the shares."""
    answerable, refuse = figures["answerable"], figures["refuse"]
    if not answerable + refuse:
        return None
    total = 0.0
    if answerable:
        right = figures["answer_accuracy"]
        wrong = 1 - right - figures["false_refusal_rate"]  # answered, but not as expected
        total += answerable * (right - wrong)
    if refuse:
        total += refuse * (2 * figures["refusal_accuracy"] - 1)
    return total / (answerable + refuse)


def headline(figures: dict) -> dict[str, float | None]:
    """The figures an ablation compares, truthfulness included; latencies left out."""
    measured = figures.get("truthfulness")
    return {key: figures.get(key) for key in SHARES} | {
        "truthfulness": truthfulness(figures) if measured is None else measured}


def effect(kept: dict, dropped: dict) -> dict[str, float | None]:
    """Each compared figure without the check minus with it, in percentage points (None where undefined)."""
    with_check, without_check = headline(kept), headline(dropped)
    return {key: _points(with_check[key], without_check[key]) for key in EFFECTS}


def _points(before: float | None, after: float | None) -> float | None:
    if before is None or after is None:
        return None
    return round((after - before) * 100, 1) + 0.0  # + 0.0 turns a rounded -0.0 into 0.0


def ablate_corpus(settings: Settings, questions: dict[str, list[Question]], outcome: dict, systems: list[str],
                  opener=open_backend) -> dict:
    """For each check still on: each ablated system's figures on each part without it, and their effect."""
    checks = [check for check in registry() if check.name not in settings.without]
    ran = [name for name in ABLATED if name in systems]
    result = {}
    for number, check in enumerate(checks, start=1):
        print(f"  ablation {number}/{len(checks)}: without {check.name} ({check.level} level): "
              f"{', '.join(ran)} on {', '.join(questions)}", flush=True)
        off = settings.without + (check.name,)
        result[check.name] = {name: _ablate(name, opener(settings.with_(llm=name, without=off))[0], questions,
                                            outcome, f"without {check.name}") for name in ran}
    return result


def _ablate(name: str, system, questions: dict[str, list[Question]], outcome: dict, label: str) -> dict:
    """One system's aggregate figures and effects on every part; no answer of any part is kept."""
    entries = {}
    for part, asked in questions.items():
        answered = stored(part, run_system(name, system, asked, name, f"{part} {label}"))
        kept = outcome["parts"][part]["systems"][name]["figures"]
        entries[part] = {"questions": answered["figures"]["questions"], "figures": headline(answered["figures"]),
                         "effect": effect(kept, answered["figures"]), "notes": answered["notes"]}
    return entries
