"""Answer quality: every system answers the same questions over one corpus, each answer scored and timed."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path

from tqdm import tqdm

from assistant.answer import Answer
from bench.environment import memory_use, reset_peak_memory
from bench.scoring import Outcome, Question, Score, contains_evidence, score, summarise, summarise_by_kind
from ingest.settings import Settings

BASELINE = "baseline"


def load_questions(path: Path) -> list[Question]:
    """The questions of a .jsonl file, one JSON object a line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Question.from_dict(json.loads(line)) for line in lines if line.strip()]


def sample_by_kind(questions: list[Question], count: int) -> list[Question]:
    """Up to ``count`` questions taken in turn from each kind, so every kind is represented."""
    queues: dict[str, list[Question]] = {}
    for question in questions:
        queues.setdefault(question.kind, []).append(question)
    chosen: list[Question] = []
    while len(chosen) < count and any(queues.values()):
        for queue in queues.values():
            if queue and len(chosen) < count:
                chosen.append(queue.pop(0))
    return chosen


def ask(system, question: Question) -> tuple[Answer | None, float | None, float, str]:
    """Stream one answer: (final Answer, seconds to first text, seconds to the Answer, error)."""
    started = time.perf_counter()
    first, answer, error = None, None, ""
    try:
        for event in system.stream(question.question, history=[list(turn) for turn in question.history]):
            if isinstance(event, Answer):
                answer = event
            elif first is None and event.strip():
                first = time.perf_counter() - started
    except Exception as failure:  # one failing question must not end the whole run
        error = f"{type(failure).__name__}: {failure}"
    return answer, first, time.perf_counter() - started, error


def record(system_name: str, question: Question, answer: Answer | None, first: float | None, total: float,
           error: str) -> tuple[dict, Score]:
    """The record of one answer, as written to the results file, and its score."""
    citations = answer.citations if answer else []
    outcome = Outcome(answer.text if answer else "", bool(answer and answer.refused),
                      tuple(c.text for c in citations), total if first is None else first, total)
    verdict = score(question, outcome)
    return {"system": system_name, "id": question.id, "kind": question.kind, "question": question.question,
            "history": [list(turn) for turn in question.history],
            "standalone_question": answer.standalone_question if answer else "",
            "answer": outcome.text, "refused": outcome.refused, "backend_used": answer.backend if answer else "",
            "notice": answer.notice if answer else "", "error": error,
            "correct": verdict.correct, "grounded": verdict.grounded, "precise_citations": verdict.precise,
            "citations": [{"n": c.n, "source": Path(c.source).name, "start": c.start, "end": c.end,
                           "quote": c.quote, "has_evidence": contains_evidence(c.text, question.evidence)}
                          for c in citations],
            "first_text_s": round(outcome.first_text_s, 4), "total_s": round(total, 4)}, verdict


def run_system(name: str, system, questions: list[Question], expected_backend: str) -> dict:
    """Ask every question; returns the system's figures, per-kind figures, records and notes."""
    memory_at_start = reset_peak_memory()
    scored = [record(name, q, *ask(system, q)) for q in tqdm(questions, desc=f"  {name}", unit="question")]
    records, scores = [r for r, _ in scored], [s for _, s in scored]
    fallbacks = sum(r["backend_used"] not in ("", expected_backend) for r in records)
    errors = sum(bool(r["error"]) for r in records)
    notes = [f"{fallbacks} answer(s) fell back to another back-end"] if fallbacks else []
    notes += [f"{errors} question(s) raised an error (scored wrong)"] if errors else []
    return {"figures": asdict(summarise(scores)),
            "by_kind": {kind: asdict(f) for kind, f in summarise_by_kind(scores).items()},
            "notes": notes, "records": records} | memory_use(memory_at_start)


def ingest_corpus(settings: Settings) -> dict:
    """Build the benchmark's own index of the corpus; returns what it took."""
    from ingest.index import open_index
    from ingest.pipeline import ingest_paths

    memory_at_start = reset_peak_memory()
    started = time.perf_counter()
    index = open_index(settings)
    summary = ingest_paths([settings.corpus_path], index, progress=True)
    return {"files": summary.files, "passages": index.count(), "seconds": round(time.perf_counter() - started, 2),
            "failures": [f.reason for f in summary.failures]} | memory_use(memory_at_start)


def evaluate_corpus(name: str, questions: list[Question], settings: Settings, backends: list[str],
                    baseline_url: str | None, workdir: Path) -> dict:
    """Ingest the corpus into a temporary index, then run each back-end and the baseline on every question."""
    settings = settings.with_(index_path=workdir / "index", collection="bench", chroma_url=None)
    result = {"name": name, "corpus": str(settings.corpus_path), "questions": len(questions),
              "ingest": ingest_corpus(settings), "systems": {}}
    for backend in backends:
        result["systems"][backend] = run_backend(settings.with_(llm=backend), questions)
    if baseline_url:
        from bench.baseline import CHUNK_SIZE, TOP_K, TutorialChain

        chain = TutorialChain(settings, settings.corpus_path, workdir / BASELINE, baseline_url)
        result["systems"][BASELINE] = run_system(BASELINE, chain, questions, BASELINE) | {
            "warm_up_s": None, "mode": f"top {TOP_K} of {len(chain.chunks)} chunks of {CHUNK_SIZE:,} characters"}
    return result


def run_backend(settings: Settings, questions: list[Question]) -> dict:
    """One assistant back-end: warm its prompt cache, then answer every question."""
    from assistant import Assistant

    bot = Assistant(settings)
    warm = bot.warm_up()
    result = run_system(settings.llm, bot, questions, settings.llm)
    if settings.llm == "extractive":
        return result | {"warm_up_s": None, "mode": "no model: best source sentences"}
    if not bot.whole_corpus:  # no constant prompt to cache: warm_up did nothing
        return result | {"warm_up_s": None, "mode": f"top {settings.top_k} passages in the prompt"}
    return result | {"warm_up_s": round(warm, 2), "mode": "whole corpus in the prompt"}
