"""``python -m bench --users 1,4,8``: several people asking the release's tune questions at once, one Assistant."""

from __future__ import annotations

import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy

from bench.quality import ask, load_questions, sample_by_kind
from bench.scoring import Question
from bench.server_stats import server_memory, server_pid
from bench.sets import TUNE, question_file
from settings import BUNDLED_CORPUS, Settings


def run_users(levels: list[int], per_user: int | None, settings: Settings) -> dict:
    """Each level: that many threads, each asking every question in turn (each from a different start)."""
    from assistant import Assistant

    questions = load_questions(question_file("release", TUNE))
    questions = sample_by_kind(questions, per_user) if per_user else questions
    with tempfile.TemporaryDirectory(prefix="bench-users-", ignore_cleanup_errors=True) as workdir:
        bot = Assistant(settings.with_(index_path=Path(workdir) / "index", corpus_path=BUNDLED_CORPUS,
                                       collection="users", chroma_url=None))
        warm_up_s = bot.warm_up()
        print(f"users: {len(questions)} questions each; warm-up {warm_up_s:.1f} s ({bot.prompt_cache or 'none'})",
              flush=True)
        results = [_level(bot, questions, users) for users in levels]
    return {"backend": settings.llm, "parallel": settings.parallel, "questions_per_user": len(questions),
            "warm_up_s": round(warm_up_s, 2), "prompt_cache": bot.prompt_cache, "levels": results}


def _level(bot, questions: list[Question], users: int) -> dict:
    """Time every answer of ``users`` people asking at once; the model server's memory is read after."""
    def one_user(start: int) -> list[tuple]:
        # Different starting points, so the people are not all asking the same question at the same moment.
        return [ask(bot, question) for question in questions[start:] + questions[:start]]

    started = time.perf_counter()
    with ThreadPoolExecutor(users) as pool:
        runs = list(pool.map(one_user, [n * len(questions) // users for n in range(users)]))
    wall = time.perf_counter() - started
    asked = [outcome for run in runs for outcome in run]
    totals = [total for _, _, total, _ in asked]
    firsts = [first for _, first, _, _ in asked if first is not None]
    failed = [error for answer, _, _, error in asked if answer is None or error]
    fallbacks = sum(1 for answer, _, _, _ in asked
                    if answer is not None and answer.backend == "extractive" and answer.notice)
    row = {"users": users, "asked": len(asked), "answered": len(asked) - len(failed), "model_failures": fallbacks,
           "median_s": round(statistics.median(totals), 2), "p95_s": round(float(numpy.percentile(totals, 95)), 2),
           "first_text_median_s": round(statistics.median(firsts), 2) if firsts else None,
           "wall_s": round(wall, 1), "answers_per_minute": round(60 * len(asked) / wall, 1),
           "errors": failed[:5]} | server_memory(server_pid())
    print("  " + users_table_row(row), flush=True)
    return row


def users_table_row(row: dict) -> str:
    """One level as a table row."""
    memory = f"{row['server_peak_rss_mib']:,} MiB" if "server_peak_rss_mib" in row else "—"
    return (f"{row['users']:>5} | {row['answered']:>3}/{row['asked']:<3} | {row['median_s']:>8.2f} | "
            f"{row['p95_s']:>8.2f} | {row['wall_s']:>7.1f} | {row['answers_per_minute']:>6.1f} | {memory}")


def users_table(results: dict) -> str:
    """The levels as a table, with the p95 at the most users over the single-user median."""
    lines = ["users | answered | median s |    p95 s |  wall s | ans/min | server peak RSS",
             *(users_table_row(row) for row in results["levels"])]
    single = next((row for row in results["levels"] if row["users"] == 1), None)
    most = max(results["levels"], key=lambda row: row["users"])
    if single and most is not single:
        lines.append(f"p95 at {most['users']} users / median at 1 user: {most['p95_s'] / single['median_s']:.2f}×")
    return "\n".join(lines)
