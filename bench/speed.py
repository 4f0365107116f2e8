"""``python -m bench --speed``: the release's questions and conversations answered by the local model with
speculative decoding off and on, in one run: the time of each answer, the decoding rate, drafted and accepted
tokens, the server's memory, a follow-up's time against its first turn, and whether the answers are identical."""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

import numpy
from tqdm import tqdm

from bench.quality import ask, load_questions
from bench.report import table
from bench.scoring import Conversation
from bench.server_stats import counters, decoding, server_memory
from bench.sets import CONVERSATIONS, ROOT, TUNE, question_file
from settings import BUNDLED_CORPUS, SPECULATION, Settings

RESULTS = ROOT / "bench" / "results"
# What docs/BENCHMARKS.md shows: the measurements before a change and after it, each from one run.
REPORTED = {"speed": ("speed-before.json", "speed.json"), "users": ("users-before.json", "users.json")}


def run_speed(settings: Settings, parts: tuple[str, ...] = (TUNE, CONVERSATIONS)) -> dict:
    """Every question of the parts (the release's), answered once with each speculation setting."""
    from assistant.local_model import LocalServer

    items = [item for part in parts for item in load_questions(question_file("release", part), "release")]
    modes, texts = {}, {}
    for mode in SPECULATION:
        LocalServer.stop_shared()  # each setting gets its own server, started as the assistant starts it
        with tempfile.TemporaryDirectory(prefix="bench-speed-", ignore_cleanup_errors=True) as workdir:
            modes[mode], texts[mode] = _answer_all(settings.with_(
                speculation=mode, llm="local", index_path=Path(workdir) / "index", corpus_path=BUNDLED_CORPUS,
                collection="speed", chroma_url=None), items)
        print("  " + speed_row(mode, modes[mode]), flush=True)
    LocalServer.stop_shared()
    off, on = (modes[mode] for mode in SPECULATION)
    same = sum(a == b for a, b in zip(*texts.values(), strict=True))
    rates = [run["decoding"].get("generated_tokens_per_s") for run in (off, on)]
    return {"parts": list(parts), "answers": len(texts["off"]), "modes": modes,
            "identical_answers": round(same / len(texts["off"]), 3) if texts["off"] else None,
            "decoding_ratio": round(rates[1] / rates[0], 2) if all(rates) else None,
            "median_ratio": round(on["median_s"] / off["median_s"], 2) if off["median_s"] else None}


def _answer_all(settings: Settings, items: list) -> tuple[dict, list[str]]:
    """Ask every question (a conversation's turns with the assistant's own answers as history); timings and texts."""
    from assistant import Assistant
    from assistant.local_model import LocalServer

    bot = Assistant(settings)
    warm_up_s = bot.warm_up()
    server = LocalServer.shared(settings)
    before = counters(server.base_url)
    texts, single, first, later, failed = [], [], [], [], 0
    for item in tqdm(items, desc=f"speculation {settings.speculation}", unit="question"):
        history: list[list[str]] = []
        for turn, question in enumerate(item.turns if isinstance(item, Conversation) else [item]):
            answer, _, total, error = ask(bot, question, history if isinstance(item, Conversation) else None)
            text = answer.text if answer else ""
            failed += bool(error or answer is None)
            texts.append(text)
            (single if not isinstance(item, Conversation) else first if turn == 0 else later).append(total)
            history.append([question.question, text])
    totals = single + first + later
    return ({"warm_up_s": round(warm_up_s, 2), "answers": len(totals), "failed": failed,
             "median_s": _median(totals), "p95_s": round(float(numpy.percentile(totals, 95)), 2),
             "first_turn_median_s": _median(first), "follow_up_median_s": _median(later),
             "follow_up_ratio": round(_median(later) / _median(first), 2) if first and later else None,
             "decoding": decoding(before, counters(server.base_url), len(totals)) | server_memory(server.pid)},
            texts)


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def speed_row(mode: str, run: dict) -> str:
    """One speculation setting as a console line."""
    rate = run["decoding"].get("generated_tokens_per_s")
    return (f"speculation {mode}: {run['answers']} answers, median {run['median_s']} s, p95 {run['p95_s']} s, "
            f"follow-up/first turn {run['follow_up_ratio']}, {rate} generated tokens/s, drafted "
            f"{run['decoding'].get('drafted_tokens')}, accepted {run['decoding'].get('accepted_tokens')}")


def speed_table(results: dict) -> str:
    """The speculation settings side by side, with the ratio and the identity of the answers."""
    header = ["Speculation", "Answers", "Median s", "p95 s", "First turn median s", "Follow-up median s",
              "Follow-up / first", "Generated tokens per answer", "Generated tokens/s", "Prompt tokens/s",
              "Drafted / accepted", "Server peak RSS MiB"]
    rows = []
    for mode, run in results["modes"].items():
        d = run["decoding"]
        cells = [run["median_s"], run["p95_s"], run["first_turn_median_s"], run["follow_up_median_s"],
                 run["follow_up_ratio"], d.get("generated_tokens_per_answer"), d.get("generated_tokens_per_s"),
                 d.get("prompt_tokens_per_s")]
        drafts = f"{d.get('drafted_tokens', 0)} / {d.get('accepted_tokens', 0)}"
        rows.append([mode, str(run["answers"]), *map(_cell, cells), drafts, _cell(d.get("server_peak_rss_mib"))])
    return table(header, rows) + (
        f"\n\nWith speculation, decoding ran at {results['decoding_ratio']}× the rate and the median answer took "
        f"{results['median_ratio']}× the time; {results['identical_answers']:.0%} of {results['answers']} answers "
        "were identical.")


def _cell(value) -> str:
    return "–" if value is None else f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


def users_rows(results: dict) -> list[list[str]]:
    """A users run's levels as table rows."""
    return [[str(row["users"]), f"{row['answered']}/{row['asked']}", _cell(row["median_s"]), _cell(row["p95_s"]),
             _cell(row["answers_per_minute"]), _cell(row.get("server_peak_rss_mib"))] for row in results["levels"]]


def speed_section(results_dir: Path = RESULTS) -> str:
    """docs/BENCHMARKS.md's section on speed: the stored speed and users runs, before a change and after it."""
    import json

    parts = ["## Speed and throughput",
             "Measured apart from quality, each with the machine to itself: `python -m bench --speed` answers the "
             "release's tune questions and conversations (the assistant's own answers as history) with speculative "
             "decoding off and on; `python -m bench --users 1,4,8 --per-user 8` has that many people ask at once. "
             "Each table comes from one run, named with its commit and command."]
    for kind, files in REPORTED.items():
        for label, name in zip(("Before", "After"), files, strict=True):
            path = results_dir / name
            if not path.is_file():
                continue
            results = json.loads(path.read_text(encoding="utf-8"))
            run = results.get("run", {})
            title = (f"**{label}** (`{name}`, commit `{results.get('git_commit', '–')}`, "
                     f"`python -m bench {' '.join(run.get('argv', []))}`):")
            if kind == "speed":
                parts += [title, speed_table(results)]
            else:
                header = ["Users", "Answered", "Median s", "p95 s", "Answers a minute", "Server peak RSS MiB"]
                rows = users_rows(results)
                parts += [title, table(header, rows)]
    return "\n\n".join(parts)
