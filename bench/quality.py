"""Answer quality: every system answers the same questions over one corpus, each answer scored and timed."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from tqdm import tqdm

from assistant.answer import Answer
from bench.environment import memory_use, reset_peak_memory
from bench.scoring import (
    Conversation,
    Outcome,
    Question,
    Score,
    contains_evidence,
    score,
    summarise,
    summarise_by_kind,
)
from bench.server_stats import server_figures, server_state
from bench.sets import CorpusPlan, stored
from settings import Settings

TUTORIAL = "tutorial"
PLAIN = "plain-prompt"
PASSAGES_SUFFIX = "-passages"  # a back-end reading retrieved passages only
# Seconds a question took in the last full run, for the estimate printed before each system.
TYPICAL_SECONDS = {"local": 4.0, "openai": 4.0, "extractive": 0.1, PLAIN: 3.0, TUTORIAL: 13.0,
                   "local-passages": 10.0}


def load_questions(path: Path, corpus: str | None = None) -> list[Question | Conversation]:
    """The questions of a .jsonl file, one JSON object a line; of a conversation file, those about ``corpus``."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Conversation.from_dict(item) if "turns" in item else Question.from_dict(item) for item in items
            if "turns" not in item or corpus is None or item.get("corpus") == corpus]


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


def question_count(items: list[Question | Conversation]) -> int:
    """How many questions the items ask: a conversation asks one a turn."""
    return sum(len(item.turns) if isinstance(item, Conversation) else 1 for item in items)


def ask(system, question: Question, history: list[list[str]] | None = None
        ) -> tuple[Answer | None, float | None, float, str]:
    """Stream one answer (after ``history``, else the question's own): (Answer, s to first text, s to Answer, error)."""
    started = time.perf_counter()
    first, answer, error = None, None, ""
    history = [list(turn) for turn in question.history] if history is None else history
    try:
        for event in system.stream(question.question, history=history):
            if isinstance(event, Answer):
                answer = event
            elif first is None and event.strip():
                first = time.perf_counter() - started
    except Exception as failure:  # one failing question must not end the whole run
        error = f"{type(failure).__name__}: {failure}"
    return answer, first, time.perf_counter() - started, error


def record(system_name: str, question: Question, answer: Answer | None, first: float | None, total: float,
           error: str, history: list[list[str]] | None = None) -> tuple[dict, Score]:
    """The record of one answer, as written to the results file, and its score."""
    citations = answer.citations if answer else []
    outcome = Outcome(answer.text if answer else "", bool(answer and answer.refused),
                      tuple(c.text for c in citations), total if first is None else first, total)
    verdict = score(question, outcome)
    return {"system": system_name, "id": question.id, "kind": question.kind, "question": question.question,
            "history": [list(turn) for turn in question.history] if history is None else history,
            "standalone_question": answer.standalone_question if answer else "",
            "answer": outcome.text, "refused": outcome.refused, "backend_used": answer.backend if answer else "",
            "reading": answer.reading if answer else "", "outcome": answer.outcome if answer else "",
            "notice": answer.notice if answer else "", "error": error,
            "correct": verdict.correct, "grounded": verdict.grounded, "precise_citations": verdict.precise,
            "citations": [{"n": c.n, "source": Path(c.source).name, "start": c.start, "end": c.end,
                           "quote": c.quote, "has_evidence": contains_evidence(c.text, question.evidence)}
                          for c in citations],
            "first_text_s": round(outcome.first_text_s, 4), "total_s": round(total, 4)}, verdict


def _answered(name: str, system, item: Question | Conversation) -> list[tuple[dict, Score, int]]:
    """(record, score, turn number) of a question, or of every turn of a conversation in order, each turn with the
    system's own earlier answers as history, as in the chat."""
    if isinstance(item, Question):
        return [(*record(name, item, *ask(system, item)), 1)]
    scored, history = [], []
    for number, turn in enumerate(item.turns, start=1):
        answer, first, total, error = ask(system, turn, history)
        scored.append((*record(name, turn, answer, first, total, error, history), number))
        history = history + [[turn.question, answer.text if answer else ""]]
    return scored


def run_system(name: str, system, questions: list[Question | Conversation], expected_backend: str,
               part: str = "") -> dict:
    """Ask every question (every turn of a conversation); returns figures, per-kind figures, records and notes."""
    memory_at_start = reset_peak_memory()
    progress = tqdm(questions, desc=f"  {name} {part}".rstrip(), unit="question")
    scored = [entry for item in progress for entry in _answered(name, system, item)]
    records, scores = [r for r, _, _ in scored], [s for _, s, _ in scored]
    fallbacks = sum(r["backend_used"] not in ("", expected_backend) for r in records)
    errors = sum(bool(r["error"]) for r in records)
    notes = [f"{fallbacks} answer(s) fell back to another back-end"] if fallbacks else []
    notes += [f"{errors} question(s) raised an error (scored wrong)"] if errors else []
    by_turn = {} if all(isinstance(item, Question) for item in questions) else {
        "first": asdict(summarise([s for _, s, number in scored if number == 1])),
        "later": asdict(summarise([s for _, s, number in scored if number > 1]))}
    readings = Counter(r["reading"] for r in records if r["reading"])
    return {"figures": asdict(summarise(scores)), "readings": dict(readings), "outcomes": outcomes(scored),
            "by_kind": {kind: asdict(f) for kind, f in summarise_by_kind(scores).items()},
            "notes": notes, "records": records} | ({"by_turn": by_turn} if by_turn else {}) | memory_use(
                memory_at_start)


def outcomes(scored: list[tuple[dict, Score, int]]) -> dict[str, dict[str, int]]:
    """Per outcome the policy decided on (e.g. model:unsure): how many questions, how many of them answerable, how
    many scored right. An aggregate, so kept for sealed parts too: it says where false refusals come from."""
    counts: dict[str, Counter] = {}
    for entry, verdict, _ in scored:
        count = counts.setdefault(entry["outcome"] or "none", Counter())
        count.update(questions=1, answerable=int(verdict.answerable), right=int(verdict.correct))
    return {outcome: dict(count) for outcome, count in sorted(counts.items())}


def ingest_corpus(settings: Settings) -> dict:
    """Build the benchmark's own index of the corpus; returns what it took."""
    from ingest.index import open_index
    from ingest.pipeline import ingest_paths

    memory_at_start = reset_peak_memory()
    started = time.perf_counter()
    index = open_index(settings)
    summary = ingest_paths([settings.corpus_path], index, progress=True, settings=settings)
    return {"files": summary.files, "passages": index.count(), "seconds": round(time.perf_counter() - started, 2),
            "failures": [f.reason for f in summary.failures]} | memory_use(memory_at_start)


def index_settings(settings: Settings, plan: CorpusPlan, workdir: Path) -> Settings:
    """The settings of a corpus's own temporary index in ``workdir``."""
    return settings.with_(corpus_path=plan.corpus, index_path=workdir / "index", collection="bench", chroma_url=None)


def evaluate_corpus(plan: CorpusPlan, questions: dict[str, list[Question]], settings: Settings, systems: list[str],
                    model_url: str | None, workdir: Path, tutorial_sample: int | None = None,
                    checkpoint=lambda result: None, answered=lambda name, part, outcome: None,
                    plain_over_slot: bool = False) -> dict:
    """Ingest the corpus into a temporary index once, then run each system on each part, one system at a time."""
    settings = index_settings(settings, plan, workdir)
    result = {"name": plan.name, "corpus": str(plan.corpus), "ingest": ingest_corpus(settings),
              "parts": {part: {"questions": question_count(asked), "systems": {}} for part, asked in questions.items()}}
    for name in systems:  # every part of a system before the next system, so its cached prompt is reused
        asked_by_part = {part: _sampled(name, asked, tutorial_sample) for part, asked in questions.items()}
        count = sum(map(len, asked_by_part.values()))
        system, details = open_system(name, settings, model_url, workdir)
        if name == PLAIN and details["warm_up_s"] is None and not plain_over_slot:
            result.setdefault("notes", []).append(
                f"{PLAIN} skipped: the corpus does not fit one slot, so every question would process a new prompt of "
                "about 7,000 tokens (about 5 minutes each here); --plain-over-slot runs it")
            continue
        print(f"  {name}: {count} questions, about {_minutes(estimate_s(name, details) * count)} "
              f"({details['mode']})", flush=True)
        for part, asked in asked_by_part.items():
            before = server_state(model_url)
            outcome = run_system(name, system, asked, name.removesuffix(PASSAGES_SUFFIX), part) | details
            outcome |= server_figures(before, server_state(model_url), question_count(asked))
            answered(name, part, outcome)  # every answer, before a sealed part's are dropped
            if len(asked) < len(questions[part]):
                outcome["notes"].append(f"a sample of {len(asked)} of the {len(questions[part])} items, "
                                        "taken in turn from each kind")
            result["parts"][part]["systems"][name] = stored(part, outcome)
            checkpoint(result)
    return result


def _sampled(name: str, questions: list[Question], tutorial_sample: int | None) -> list[Question]:
    """The tutorial chain's share of a part: every question, or a sample that keeps every kind."""
    if name != TUTORIAL or not tutorial_sample or tutorial_sample >= len(questions):
        return questions
    return sample_by_kind(questions, tutorial_sample)


def open_system(name: str, settings: Settings, model_url: str | None, workdir: Path):
    """The system, warmed up, and what describes how it runs (context, warm-up seconds)."""
    if name == TUTORIAL:
        from bench.baseline import CHUNK_SIZE, TOP_K, TutorialChain

        chain = TutorialChain(settings, settings.corpus_path, workdir / TUTORIAL, model_url)
        return chain, {"warm_up_s": None, "mode": f"top {TOP_K} of {len(chain.chunks)} chunks of {CHUNK_SIZE:,} "
                                                  "characters"}
    if name == PLAIN:
        from bench.plain_prompt import PASSAGE_CHARS, PlainPrompt
        from ingest.index import open_index

        plain = PlainPrompt(settings, open_index(settings), model_url)
        warm = _timed(plain.warm_up)
        if plain.whole_corpus:
            return plain, {"warm_up_s": warm, "mode": f"whole corpus in the prompt ({len(plain.corpus)} passages)"}
        return plain, {"warm_up_s": None, "mode": f"nearest passages up to {PASSAGE_CHARS:,} characters"}
    if name.endswith(PASSAGES_SUFFIX):
        return open_backend(settings.with_(llm=name.removesuffix(PASSAGES_SUFFIX), reading="passages"))
    return open_backend(settings.with_(llm=name))


def open_backend(settings: Settings):
    """One assistant back-end with its prompt cache warmed."""
    from assistant import Assistant

    bot = Assistant(settings)
    warm = _timed(bot.warm_up)
    if settings.llm == "extractive":
        return bot, {"warm_up_s": None, "mode": "no model: best source sentences"}
    if bot.whole_corpus:
        return bot, {"warm_up_s": warm, "mode": "whole corpus in the prompt"}
    if settings.reading == "passages":  # no constant prompt to cache: warm_up did nothing
        return bot, {"warm_up_s": None, "mode": f"top {settings.top_k} passages in the prompt"}
    return bot, {"warm_up_s": None, "mode": "the nearest whole document (its processed prompt saved and reused), "
                                            "with other parts' passages"}


def estimate_s(name: str, details: dict) -> float:
    """Rough seconds a question takes here, from earlier runs on 2 cores (~60 prompt tokens/s)."""
    if details["warm_up_s"] is None and name in (PLAIN, "local", "openai", "local-passages"):
        return 90.0 if name == PLAIN else 15.0  # a new prompt of retrieved passages for every question (measured)
    return TYPICAL_SECONDS.get(name, 5.0)


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return round(time.perf_counter() - started, 2)


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 60 else f"{seconds:.0f} s"
