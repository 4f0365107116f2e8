"""Which corpora and question parts a run evaluates, and what a sealed or validation part may keep (DESIGN.md §7)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "bench" / "questions"
# The sealed rounds, newest first. The newest is the sealed part (written before the changes it judges); the rounds
# before it have decided changes through their aggregates and are validation now, beside round one's `validation`.
# Each round's conversations are a part of their own: `conversations` for the newest, `conversationsN` for round N.
ROUNDS = ("sealed19", "sealed18", "sealed17", "sealed16", "sealed15", "sealed14", "sealed13", "sealed12", "sealed11",
          "sealed10", "sealed9", "sealed8", "sealed7", "sealed6", "sealed5", "sealed4", "sealed3", "sealed2")
TUNE, VALIDATION, SEALED, CONVERSATIONS = "tune", "validation", ROUNDS[0], "conversations"
EARLIER_ROUNDS = ROUNDS[1:]


def conversations_of(round_name: str) -> str:
    """The part holding a round's conversations."""
    return CONVERSATIONS if round_name == SEALED else f"conversations{round_name.removeprefix('sealed')}"


PARTS = (*(part for name in ROUNDS for part in (name, conversations_of(name))), VALIDATION, TUNE)  # sealed first
BLIND_PARTS = frozenset(PARTS) - {TUNE}  # parts whose questions are never shown one by one
CONVERSATION_PARTS = {conversations_of(name): name for name in ROUNDS}  # part → the folder of its file
CORPORA = {"release": ROOT / "data" / "corpus", "fictional": ROOT / "data" / "fictional",
           "documents": ROOT / "data" / "sealed", "collection": ROOT / "data" / "collection"}
# What a blind part's stored result may hold: aggregate, per-kind and per-turn figures and how the system ran,
# never a record of one question (its text, answer, citations or id).
SEALED_KEYS = frozenset({"figures", "by_kind", "by_turn", "outcomes", "notes", "warm_up_s", "mode", "peak_rss_mib",
                         "rss_growth_mib", "readings", "decoding"})


@dataclass
class CorpusPlan:
    """One corpus to ingest and the question file of each part to run over it."""

    name: str
    corpus: Path
    parts: dict[str, Path] = field(default_factory=dict)


def question_file(corpus: str, part: str) -> Path:
    """Where the questions of a corpus's part live (the conversations of every corpus share one file)."""
    if part in CONVERSATION_PARTS:
        return QUESTIONS / CONVERSATION_PARTS[part] / "conversations.jsonl"
    return QUESTIONS / part / f"{corpus}.jsonl"


def has_questions(path: Path, corpus: str, part: str) -> bool:
    """Whether the file exists and, for conversations, holds at least one about this corpus."""
    if not path.is_file():
        return False
    if part not in CONVERSATION_PARTS:
        return True
    return any(json.loads(line).get("corpus") == corpus for line in path.read_text(encoding="utf-8").splitlines()
               if line.strip())


def plan(names: list[str], parts: list[str]) -> tuple[list[CorpusPlan], list[str]]:
    """The corpora and parts to run, skipping (with a note) question files that do not exist yet."""
    unknown = set(names) - set(CORPORA)
    if unknown:
        raise ValueError(f"unknown set(s): {', '.join(sorted(unknown))}; choose from {', '.join(CORPORA)}")
    plans, notes = [], []
    for name in names:
        found = {part: question_file(name, part) for part in PARTS if part in parts}
        missing = [part for part, path in found.items() if not has_questions(path, name, part)]
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
    blind = [part for part in (*ROUNDS, VALIDATION)
             if questions.is_relative_to(QUESTIONS / part)]
    return CorpusPlan(questions.stem, (corpus or default).resolve(), {(blind or [TUNE])[0]: questions})


def stored(part: str, result: dict) -> dict:
    """What the results file and the console may hold of one system's run on one part."""
    if part not in BLIND_PARTS:
        return result
    return {key: value for key, value in result.items() if key in SEALED_KEYS}


def _label(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
