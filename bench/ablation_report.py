"""The ablation tables: what switching each answer check off did, per back-end and corpus, tune and sealed."""

from __future__ import annotations

from bench.ablation import EFFECTS
from bench.report import table
from bench.sets import PARTS, ROUNDS, TUNE, VALIDATION

ABLATION_PARTS = (TUNE, VALIDATION, *reversed(ROUNDS))  # oldest to newest

LABELS = {"answer_accuracy": "Answer accuracy", "grounded_accuracy": "Grounded accuracy",
          "citation_precision": "Citation precision", "refusal_accuracy": "Refusal accuracy",
          "false_refusal_rate": "False refusals", "truthfulness": "Truthfulness"}


def points(number: float | None) -> str:
    """An effect in points with its sign, e.g. '+2.6'; '–' where undefined."""
    return "–" if number is None else f"{number:+.1f}"


def effect_cell(parts: dict, key: str) -> str:
    """One figure's effect as 'tune / validation / sealed'."""
    return " / ".join(points(parts.get(part, {}).get("effect", {}).get(key)) for part in ABLATION_PARTS)


def ablation_table(corpus: dict, system: str, checks: list[dict]) -> str:
    """One row per check: its name, level and effect on every compared figure, tune / sealed."""
    rows = []
    for check in checks:
        parts = corpus["ablation"].get(check["name"], {}).get(system)
        if parts:
            rows.append([f"`{check['name']}`", check["level"]] + [effect_cell(parts, key) for key in EFFECTS])
    return table(["Check", "Level"] + [LABELS[key] for key in EFFECTS], rows)


def checks_list(checks: list[dict]) -> str:
    """The checks with their level and the class of questions each serves."""
    return "\n".join(f"- `{check['name']}` ({check['level']}): {check['serves']}" for check in checks)


def ablation_section(results: dict) -> str:
    """The check list, then a table per ablated back-end and corpus; empty when the run made no ablation."""
    meta = results.get("ablation")
    if not meta:
        return ""
    sections = [checks_list(meta["checks"])]
    for corpus in (corpus for corpus in results["corpora"] if "ablation" in corpus):
        counts = ", ".join(f"{part} {corpus['parts'][part]['questions']}" for part in PARTS if part in corpus["parts"])
        for system in meta["systems"]:
            sections += [f"**{system}** on {corpus['name']} ({counts} questions), Δ in points, "
                         f"{' / '.join(ABLATION_PARTS)}:",
                         ablation_table(corpus, system, meta["checks"])]
    return "\n\n".join(sections)
