"""``python -m bench.check_questions FILE --corpus DIR``: check a question file against its documents.

Prints one line per problem, naming the question's id and the problem but never its text, so a sealed file can be
checked without being read. Exits 1 when any question has an error.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from bench.scoring import ANSWERABLE_KINDS, UNANSWERABLE_KINDS

KINDS = ANSWERABLE_KINDS | UNANSWERABLE_KINDS
# Kinds whose expected answer need not be written in the evidence: a computed figure, a summary, a correction.
FREE_KINDS = {"derived", "overview", "premise"}


def corpus_lines(folder: Path) -> list[str]:
    """Every non-empty line of every document, whitespace runs collapsed."""
    files = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*") if p.is_file())
    return [" ".join(line.split()) for path in files
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]


def problems(turn: dict, lines: list[str]) -> tuple[list[str], list[str]]:
    """(errors, warnings) of one question or conversation turn."""
    errors, warnings = [], []
    kind = turn.get("kind")
    if kind not in KINDS:
        errors.append(f"unknown kind {kind!r}")
    if not str(turn.get("question", "")).strip():
        errors.append("no question")
    evidence, expect = turn.get("evidence") or [], turn.get("expect") or []
    for item in evidence:
        if not any(" ".join(item.split()) in line for line in lines):
            errors.append("evidence not found within one line of the documents")
    for pattern in expect:
        try:
            re.compile(pattern)
        except re.error as error:
            errors.append(f"expect does not compile: {error}")
    if kind in ANSWERABLE_KINDS and (not evidence or not expect):
        errors.append("an answerable question needs evidence and expect")
    if kind in UNANSWERABLE_KINDS and (evidence or expect):
        errors.append("an unanswerable question has no evidence or expect")
    found = " ".join(line for line in lines if any(" ".join(e.split()) in line for e in evidence))
    if kind not in FREE_KINDS and not errors:
        missing = [p for p in expect if not re.search(p, found, re.IGNORECASE)]
        warnings += ["an expect matches none of the evidence lines"] if missing else []
    return errors, warnings


def check(path: Path, corpus: Path) -> int:
    """Print the problems of every question in ``path``; returns the number of errors."""
    lines, errors = corpus_lines(corpus), 0
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError as error:
            print(f"line {number}: not JSON: {error}")
            errors += 1
            continue
        turns = item["turns"] if "turns" in item else [item]
        for position, turn in enumerate(turns, start=1):
            label = item.get("id", f"line {number}") + (f" turn {position}" if "turns" in item else "")
            found, warned = problems(turn, lines)
            errors += len(found)
            for text in found:
                print(f"{label}: error: {text}")
            for text in warned:
                print(f"{label}: warning: {text}")
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.check_questions", description=__doc__)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--corpus", type=Path, required=True, help="the documents' folder (or one file)")
    args = parser.parse_args(argv)
    errors = check(args.questions, args.corpus)
    print(f"{errors} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
