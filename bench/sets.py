"""Which corpora and question parts a run evaluates, and what a sealed part may keep (DESIGN.md §7)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "bench" / "questions"
TUNE, SEALED = "tune", "sealed"
PARTS = (SEALED, TUNE)  # the order parts are reported in: sealed figures are the headline
CORPORA = {"release": ROOT / "data" / "corpus", "fictional": ROOT / "data" / "fictional",
           "documents": ROOT / "data" / "sealed"}
# What a sealed part's stored result may hold: aggregate and per-kind figures and how the system ran,
# never a record of one question (its text, answer, citations or id).
SEALED_KEYS = frozenset({"figures", "by_kind", "notes", "warm_up_s", "mode", "peak_rss_mib", "rss_growth_mib"})


@dataclass
class CorpusPlan:
    """One corpus to ingest and the question file of each part to run over it."""

    name: str
    corpus: Path
    parts: dict[str, Path] = field(default_factory=dict)


def question_file(corpus: str, part: str) -> Path:
    """Where the questions of a corpus's part live."""
    return QUESTIONS / part / f"{corpus}.jsonl"


def plan(names: list[str], parts: list[str]) -> tuple[list[CorpusPlan], list[str]]:
    """The corpora and parts to run, skipping (with a note) question files that do not exist yet."""
    unknown = set(names) - set(CORPORA)
    if unknown:
        raise ValueError(f"unknown set(s): {', '.join(sorted(unknown))}; choose from {', '.join(CORPORA)}")
    plans, notes = [], []
    for name in names:
        found = {part: question_file(name, part) for part in PARTS if part in parts}
        missing = [part for part, path in found.items() if not path.is_file()]
        notes += [f"{name}: no {part} questions yet ({_label(found[part])}), skipped" for part in missing]
        found = {part: path for part, path in found.items() if part not in missing}
        if found and not CORPORA[name].is_dir():
            notes.append(f"{name}: no documents yet ({_label(CORPORA[name])}), skipped")
        elif found:
            plans.append(CorpusPlan(name, CORPORA[name], found))
    return plans, notes


def own_plan(questions: Path, corpus: Path | None) -> CorpusPlan:
    """A question file of one's own over the given documents: a tune part, unless it lies among the sealed sets."""
    questions = questions.resolve()
    default = CORPORA.get(questions.stem, CORPORA["release"])
    part = SEALED if questions.is_relative_to(QUESTIONS / SEALED) else TUNE  # a sealed file stays sealed
    return CorpusPlan(questions.stem, (corpus or default).resolve(), {part: questions})


def stored(part: str, result: dict) -> dict:
    """What the results file and the console may hold of one system's run on one part."""
    if part == TUNE:
        return result
    return {key: value for key, value in result.items() if key in SEALED_KEYS}


def _label(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
