"""``python -m bench``: answer quality of every back-end beside two baselines, on tune and sealed sets, then scale."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from contextlib import nullcontext
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from bench.environment import git_commit, load_average, machine_info, package_versions
from bench.sets import CORPORA, PARTS, TUNE, CorpusPlan, own_plan, plan, question_file

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
# local-passages is the local back-end reading retrieved passages only (ASSISTANT_READING=passages), the reading
# before whole documents, so a run can compare the two; it runs only when asked for.
BACKENDS = ("local", "openai", "extractive", "local-passages")
DEFAULT_BACKENDS = ("local", "openai", "extractive")
BASELINES = ("plain-prompt", "tutorial")
# Each system that caches a prompt runs on every part before the next one replaces the cache.
ORDER = ("local", "local-passages", "plain-prompt", "openai", "extractive", "tutorial")
QUICK_QUESTIONS = 10


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="~10 tune questions on the release, extractive + local, no baselines or scale")
    parser.add_argument("--sets", default=",".join(CORPORA), help="comma-separated corpora (default: all): "
                        + ",".join(CORPORA))
    parser.add_argument("--part", default=",".join(PARTS), help="comma-separated question parts to run (default: "
                        "all): " + ",".join(PARTS))
    parser.add_argument("--questions", type=Path, help="a .jsonl question file of your own (run as a tune part), or "
                        "the web chat's ratings (feedback.jsonl in the index folder), turned into one")
    parser.add_argument("--corpus", type=Path, help="the documents the questions are about")
    parser.add_argument("--backends", help="comma-separated subset of local,openai,extractive (default), or "
                        "local-passages: the local back-end reading retrieved passages only")
    parser.add_argument("--baselines", help="comma-separated subset of plain-prompt,tutorial, or 'none' "
                        "(default: both; none in a quick run)")
    parser.add_argument("--scale", default="10000,100000", help="synthetic passage counts, or 'none'")
    parser.add_argument("--scale-minutes", type=float, default=20.0, help="ingest time budget per scale size")
    parser.add_argument("--large-file-mb", type=float, default=20.0,
                        help="ingest one synthetic text file of this many MB after the scale sizes (0: skip)")
    parser.add_argument("--tutorial-sample", type=int, help="the tutorial chain answers only this many questions "
                        "of each part, taken in turn from each kind (it is the slowest system; default: all)")
    parser.add_argument("--resume", type=Path, help="a results file of an interrupted run (bench/results/"
                        "partial.json): the corpora it finished are taken from it, not asked again")
    parser.add_argument("--plain-over-slot", action="store_true", help="run plain-prompt also on corpora larger "
                        "than one slot (each question then processes a new prompt of about 7,000 tokens)")
    parser.add_argument("--no-baseline", action="store_true", help="skip both baselines (same as --baselines none)")
    parser.add_argument("--users", help="instead: people asking at once, e.g. 1,4,8 (release tune questions, "
                        "results in bench/results/users.json)")
    parser.add_argument("--speed", action="store_true", help="instead: the release's tune questions and "
                        "conversations answered by the local model with speculative decoding off and on (results in "
                        "bench/results/speed.json)")
    parser.add_argument("--per-user", type=int, help="with --users: each person asks this many questions "
                        "(default: all)")
    parser.add_argument("--without", type=_names, help="comma-separated answer checks every back-end runs without "
                        "(default: ASSISTANT_WITHOUT)")
    parser.add_argument("--ablation", nargs="?", const="all", help="then, for each check and policy row, "
                        "local and extractive answer every part again with it off (an LLM cache serves the whole "
                        "quality run); optionally only for these comma-separated corpora")
    parser.add_argument("--orders", nargs="?", const="all", help="then local answers the sealed part again in a "
                        "shuffled order, without the LLM cache, and the share of identical answers is recorded; "
                        "optionally only for these comma-separated corpora")
    return parser.parse_args(argv)


def _names(option: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in option.split(",") if name.strip())


def corpus_plans(args: argparse.Namespace) -> tuple[list[CorpusPlan], list[str]]:
    """The corpora this run ingests with the question parts to run over each, and notes on what is missing."""
    from bench.feedback import is_feedback, write_tune_set

    if args.questions is not None and is_feedback(args.questions):
        tune, pending, asked, unwritten = write_tune_set(args.questions, RESULTS)
        notes = [f"{args.questions}: {asked} rated answer(s) became the tune set {_label(tune)}; {unwritten} "
                 f"rated down are listed in {_label(pending)} to have their expectation written"]
        return [own_plan(tune, args.corpus)], notes
    if args.questions is not None or args.corpus is not None:
        return [own_plan(args.questions or question_file("release", TUNE), args.corpus)], []
    if args.quick:
        return plan(["release"], [TUNE])
    parts = [part.strip() for part in args.part.split(",") if part.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise ValueError(f"unknown part(s): {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    return plan([name.strip() for name in args.sets.split(",") if name.strip()], parts)


def scale_sizes(args: argparse.Namespace) -> list[int]:
    """The synthetic corpus sizes to measure (none in a quick run)."""
    if args.quick or args.scale.strip().lower() == "none":
        return []
    return [int(size.replace("_", "")) for size in args.scale.split(",") if size.strip()]


def _chosen(option: str | None, choices: tuple[str, ...], default: tuple[str, ...], what: str) -> list[str]:
    wanted = list(default) if option is None else [n.strip() for n in option.split(",") if n.strip() != "none"]
    unknown = set(wanted) - set(choices)
    if unknown:
        raise ValueError(f"unknown {what}: {', '.join(sorted(unknown))}; choose from {', '.join(choices)}")
    return wanted


def choose_systems(args: argparse.Namespace, settings) -> tuple[list[str], str | None, list[str]]:
    """Systems that can run here (in running order), the local model's URL, and notes on what was skipped."""
    wanted = _chosen(args.backends, BACKENDS, DEFAULT_BACKENDS, "back-end(s)")
    quiet = args.no_baseline or (args.quick and args.baselines is None)
    wanted += [] if quiet else _chosen(args.baselines, BASELINES, BASELINES, "baseline(s)")
    notes, local_url = [], None
    if set(wanted) - {"openai", "extractive"}:
        try:
            from assistant.local_model import LocalServer

            local_url = LocalServer.shared(settings).base_url
        except Exception as error:  # a missing model must not stop the model-free measurements
            notes.append(f"local model unavailable, local back-end and baselines skipped: {error}")
    if "openai" in wanted and not settings.llm_base_url:
        if args.backends:
            notes.append("openai skipped: ASSISTANT_LLM_BASE_URL is not set")
        wanted.remove("openai")
    systems = [name for name in ORDER if name in wanted and (name in ("openai", "extractive") or local_url)]
    return systems, local_url, notes


def run(args: argparse.Namespace) -> dict:
    """Run the benchmark; returns every figure."""
    from langchain_core.caches import InMemoryCache

    from bench.llm_cache import llm_cache
    from bench.passes import describe_passes, run_settings
    from bench.scale import run_scale

    loads = load_average()  # before the model server starts
    settings = run_settings(args.without, args.ablation)
    plans, notes = corpus_plans(args)
    systems, model_url, skipped = choose_systems(args, settings)
    passes, unrun = describe_passes(args.ablation, args.orders, systems)
    results = {"load_average_at_start": loads, "notes": notes + skipped + unrun, "systems": systems,
               "without": list(settings.without), "corpora": [], "scale": []} | passes
    finished = _finished(args.resume, plans, systems, results["notes"])
    with llm_cache(InMemoryCache()) if args.ablation else nullcontext():  # ablation reuses the answers it can
        for corpus in plans:
            outcome = finished.get(corpus.name) or _corpus(args, corpus, settings, systems, model_url, results)
            results["corpora"].append(_labelled(outcome, corpus))
    for size in scale_sizes(args):
        print(f"\nscale: {size:,} synthetic passages", flush=True)
        with tempfile.TemporaryDirectory(prefix="bench-scale-", ignore_cleanup_errors=True) as workdir:
            results["scale"].append(run_scale(size, settings, Path(workdir), args.scale_minutes * 60))
    if args.large_file_mb > 0 and not args.quick:
        from bench.large_file import run_large_file

        print(f"\nlarge file: {args.large_file_mb:g} MB of synthetic paragraphs", flush=True)
        with tempfile.TemporaryDirectory(prefix="bench-large-", ignore_cleanup_errors=True) as workdir:
            results["large_file"] = run_large_file(settings, Path(workdir), args.large_file_mb)
    return results


def _finished(partial: Path | None, plans: list[CorpusPlan], systems: list[str], notes: list[str]) -> dict[str, dict]:
    """Corpora an interrupted run finished (every system of this run on every part this run plans), by name."""
    if partial is None:
        return {}
    earlier = json.loads(partial.read_text(encoding="utf-8"))
    wanted = {corpus.name: set(corpus.parts) for corpus in plans}
    finished = {}
    for corpus in earlier.get("corpora", []):
        parts = corpus.get("parts", {})
        if wanted.get(corpus["name"], {""}) <= set(parts) and all(set(systems) <= set(parts[part]["systems"])
                                                            for part in parts):
            finished[corpus["name"]] = corpus
            notes.append(f"{corpus['name']}: figures of an interrupted run of the same plan at commit "
                         f"{earlier.get('git_commit') or 'unknown'} ({_label(partial)}), not asked again")
    return finished


def _corpus(args: argparse.Namespace, corpus: CorpusPlan, settings, systems: list[str], model_url: str | None,
            results: dict) -> dict:
    """Every system on every question part of one corpus, then the passes this run makes."""
    from bench.passes import evaluate_with_passes
    from bench.quality import load_questions, question_count, sample_by_kind

    questions = {part: load_questions(path, corpus.name) for part, path in corpus.parts.items()}
    if args.quick:
        questions = {part: sample_by_kind(asked, QUICK_QUESTIONS) for part, asked in questions.items()}
    counts = ", ".join(f"{question_count(asked)} {part}" for part, asked in questions.items())
    print(f"\n{corpus.name}: {counts} questions over {_label(corpus.corpus)}; systems: {', '.join(systems)}",
          flush=True)
    return evaluate_with_passes(corpus, questions, settings, systems, model_url, args.tutorial_sample,
                                partial(_checkpoint, results, corpus), results, args.plain_over_slot)


def _labelled(outcome: dict, corpus: CorpusPlan) -> dict:
    """A corpus's results with the files they came from."""
    for part, path in corpus.parts.items():
        outcome["parts"][part]["questions_file"] = _label(path)
    return outcome | {"corpus_label": _label(corpus.corpus)}


def _checkpoint(results: dict, corpus: CorpusPlan, outcome: dict) -> None:
    """Save what is finished so far: a run stopped part-way keeps every finished system's figures."""
    save(results | {"corpora": results["corpora"] + [_labelled(outcome, corpus)], "incomplete": True,
                    "git_commit": git_commit(ROOT)}, RESULTS / "partial.json")


def _label(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def describe(argv: list[str], started: float, quick: bool, commit: str | None) -> dict:
    """Run, machine, package versions, commit and model of this run."""
    from assistant.local_model import MODEL_FILE, MODEL_SHA256

    return {"run": {"started": datetime.fromtimestamp(started, UTC).isoformat(timespec="seconds"),
                    "mode": "quick" if quick else "full", "argv": argv, "wall_s": round(time.time() - started, 1)},
            "machine": machine_info(), "packages": package_versions(), "git_commit": commit,
            "model": f"{MODEL_FILE} (sha256 {MODEL_SHA256[:12]}…)"}


def save(results: dict, path: Path) -> None:
    """Write the results as JSON, replacing the old file only once the new one is complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".json.tmp")
    partial.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    os.replace(partial, path)


def users_main(args: argparse.Namespace, argv: list[str], started: float, commit: str | None) -> int:
    """Run the concurrent-users measurement alone."""
    from bench.passes import run_settings
    from bench.users import run_users, users_table

    levels = [int(level) for level in args.users.split(",") if level.strip()]
    results = run_users(levels, args.per_user, run_settings(args.without, False))
    return _store_apart(results, "users.json", users_table, argv, started, commit)


def speed_main(args: argparse.Namespace, argv: list[str], started: float, commit: str | None) -> int:
    """Run the speculation comparison alone."""
    from bench.passes import run_settings
    from bench.speed import run_speed, speed_table

    results = run_speed(run_settings(args.without, False))
    return _store_apart(results, "speed.json", speed_table, argv, started, commit)


def _store_apart(results: dict, name: str, render, argv: list[str], started: float, commit: str | None) -> int:
    """Save a measurement run alone apart from the quality results, print its table and renew the report."""
    results = describe(argv, started, False, commit) | {"load_average": load_average()} | results
    target = RESULTS / name
    save(results, target)
    print("\n" + render(results) + f"\nresults: {_label(target)}")
    _renew_report()
    return 0


def _renew_report() -> None:
    """docs/BENCHMARKS.md again from the last full run, so its speed section shows the runs just stored."""
    latest = RESULTS / "latest.json"
    if latest.is_file():
        from bench.document import write_benchmarks

        write_benchmarks(json.loads(latest.read_text(encoding="utf-8")), ROOT / "docs" / "BENCHMARKS.md",
                         ROOT / "docs" / "accuracy_vs_latency.png")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, save the results, print the tables and (full runs) regenerate docs/BENCHMARKS.md."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    started, commit = time.time(), git_commit(ROOT)  # the code this run imports, not a later commit
    try:
        if args.users:
            return users_main(args, argv, started, commit)
        if args.speed:
            return speed_main(args, argv, started, commit)
        results = run(args)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    results = describe(argv, started, args.quick, commit) | results
    target = RESULTS / ("quick.json" if args.quick else "latest.json")
    save(results, target)
    (RESULTS / "partial.json").unlink(missing_ok=True)  # superseded by the complete results
    from bench.report import console_summary

    print("\n" + console_summary(results))
    if results.get("ablation"):
        from bench.ablation_report import ablation_section

        print("\n### Ablation\n\n" + ablation_section(results))
    print("\n".join(["", *results["notes"], f"results: {_label(target)}"]))
    if not args.quick:
        from bench.document import write_benchmarks

        write_benchmarks(results, ROOT / "docs" / "BENCHMARKS.md", ROOT / "docs" / "accuracy_vs_latency.png")
        print("report: docs/BENCHMARKS.md, docs/accuracy_vs_latency.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
