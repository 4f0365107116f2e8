"""Ratings from the web chat (``feedback.jsonl`` in the index folder) turned into a tune question set.

An answer rated up becomes a question whose evidence is its quotes and whose expectations are its figures and
names (a refusal rated up becomes an unanswerable question); an answer rated down becomes a question to write an
expectation for, listed apart with the comment that came with the rating.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from assistant.terms import NUMBER, name_units

MAX_EXPECTED = 3  # figures and names an answer is expected to repeat


def is_feedback(path: Path) -> bool:
    """Whether a .jsonl file holds ratings rather than questions."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            return "rating" in json.loads(line)
    return False


def from_feedback(path: Path) -> tuple[list[dict], list[dict]]:
    """(questions of the answers rated up, questions rated down to write an expectation for); the latest rating of
    a question in the same conversation counts."""
    latest: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rating = json.loads(line)
            latest[json.dumps([rating["question"], rating.get("history") or []])] = rating
    questions, to_write = [], []
    for number, rating in enumerate(latest.values(), start=1):
        asked = {"id": f"fb{number:03d}", "question": rating["question"], "history": rating.get("history") or []}
        if rating["rating"] == "down":
            to_write.append(asked | {"answer": rating["answer"], "comment": rating.get("comment", "")})
        elif rating.get("refused"):
            questions.append(asked | {"kind": "refuse", "evidence": [], "expect": []})
        else:
            kind = "followup" if asked["history"] else "fact"
            quotes = [c["quote"] for c in rating.get("citations") or [] if c.get("quote")]
            questions.append(asked | {"kind": kind, "evidence": quotes, "expect": expected(rating["answer"])})
    return questions, to_write


def expected(answer: str) -> list[str]:
    """Regexes for what a right answer repeats: its figures, else its names, else its first words."""
    text = re.sub(r"\s*\[\d+\]", "", answer)
    terms = list(dict.fromkeys(NUMBER.findall(text))) or name_units(f"x {text}")
    if not terms:
        terms = [" ".join(text.split()[:4])]
    return [re.escape(term).replace(r"\ ", r"\s+") for term in terms[:MAX_EXPECTED]]


def write_tune_set(feedback: Path, folder: Path) -> tuple[Path, Path, int, int]:
    """Write the tune set and the list to write expectations for; returns both paths and their counts."""
    questions, to_write = from_feedback(feedback)
    folder.mkdir(parents=True, exist_ok=True)
    tune, pending = folder / f"{feedback.stem}-tune.jsonl", folder / f"{feedback.stem}-to-write.jsonl"
    tune.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions), encoding="utf-8")
    pending.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in to_write), encoding="utf-8")
    return tune, pending, len(questions), len(to_write)
