"""``python -m bench``: answer quality of every back-end beside the tutorial baseline, then scale."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.environment import git_commit, load_average, machine_info, package_versions

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
QUESTION_SETS = {"release": (ROOT / "bench/questions/release.jsonl", ROOT / "data/corpus"),
                 "fictional": (ROOT / "bench/questions/fictional.jsonl", ROOT / "data/fictional")}
ORDER = ("local", "openai", "extractive")  # the cached-prompt back-end first, before others evict its cache
QUICK_QUESTIONS = 10


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="~10 questions, extractive + local, no baseline/scale")
    parser.add_argument("--questions", type=Path, help="a .jsonl question file (default: both bundled sets)")
    parser.add_argument("--corpus", type=Path, help="the documents the questions are about")
    parser.add_argument("--backends", help="comma-separated subset of local,openai,extractive")
    parser.add_argument("--scale", default="10000,100000", help="synthetic passage counts, or 'none'")
    parser.add_argument("--scale-minutes", type=float, default=20.0, help="ingest time budget per scale size")
    parser.add_argument("--no-baseline", action="store_true", help="skip the tutorial baseline chain")
    return parser.parse_args(argv)


def question_sets(args: argparse.Namespace) -> list[tuple[str, Path, Path]]:
    """(name, questions file, corpus) of each set this run evaluates."""
    if args.questions is None and args.corpus is None:
        names = ["release"] if args.quick else list(QUESTION_SETS)
        return [(name, *QUESTION_SETS[name]) for name in names]
    questions = args.questions or QUESTION_SETS["release"][0]
    default_corpus = QUESTION_SETS.get(questions.stem, QUESTION_SETS["release"])[1]
    return [(questions.stem, questions.resolve(), (args.corpus or default_corpus).resolve())]


def scale_sizes(args: argparse.Namespace) -> list[int]:
    """The synthetic corpus sizes to measure (none in a quick run)."""
    if args.quick or args.scale.strip().lower() == "none":
        return []
    return [int(size.replace("_", "")) for size in args.scale.split(",") if size.strip()]


def choose_backends(args: argparse.Namespace, settings) -> tuple[list[str], str | None, list[str]]:
    """Back-ends that can run here, the baseline's model URL (None: no baseline), and notes on what was skipped."""
    wanted = args.backends.split(",") if args.backends else ["local", "extractive", "openai"]
    unknown = set(wanted) - set(ORDER)
    if unknown:
        raise ValueError(f"unknown back-end(s): {', '.join(sorted(unknown))}; choose from {', '.join(ORDER)}")
    notes, local_url = [], None
    if "local" in wanted or not (args.no_baseline or args.quick):
        try:
            from assistant.local_model import LocalServer

            local_url = LocalServer.shared(settings).base_url
        except Exception as error:  # a missing model must not stop the model-free measurements
            notes.append(f"local model unavailable, local back-end and baseline skipped: {error}")
    if "openai" in wanted and not settings.llm_base_url:
        if args.backends:
            notes.append("openai skipped: ASSISTANT_LLM_BASE_URL is not set")
        wanted.remove("openai")
    backends = [b for b in ORDER if b in wanted and (b != "local" or local_url)]
    return backends, None if args.no_baseline or args.quick else local_url, notes


def run(args: argparse.Namespace) -> dict:
    """Run the benchmark; returns every figure."""
    from bench.quality import evaluate_corpus, load_questions, sample_by_kind
    from bench.scale import run_scale
    from ingest.settings import Settings

    loads = load_average()  # before the model server starts
    settings = Settings.from_env()
    backends, baseline_url, notes = choose_backends(args, settings)
    results = {"load_average_at_start": loads, "notes": notes, "backends": backends,
               "baseline": baseline_url is not None, "corpora": [], "scale": []}
    for name, questions_file, corpus in question_sets(args):
        questions = load_questions(questions_file)
        questions = sample_by_kind(questions, QUICK_QUESTIONS) if args.quick else questions
        print(f"\n{name}: {len(questions)} questions over {corpus}; systems: "
              f"{', '.join(backends + (['baseline'] if baseline_url else []))}", flush=True)
        with tempfile.TemporaryDirectory(prefix="bench-", ignore_cleanup_errors=True) as workdir:
            outcome = evaluate_corpus(name, questions, settings.with_(corpus_path=corpus), backends, baseline_url,
                                      Path(workdir))
        results["corpora"].append(outcome | {"questions_file": _label(questions_file), "corpus_label": _label(corpus)})
    for size in scale_sizes(args):
        print(f"\nscale: {size:,} synthetic passages", flush=True)
        with tempfile.TemporaryDirectory(prefix="bench-scale-", ignore_cleanup_errors=True) as workdir:
            results["scale"].append(run_scale(size, settings, Path(workdir), args.scale_minutes * 60))
    return results


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


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, save the results, print the tables and (full runs) regenerate docs/BENCHMARKS.md."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    started, commit = time.time(), git_commit(ROOT)  # the code this run imports, not a later commit
    try:
        results = run(args)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    results = describe(argv, started, args.quick, commit) | results
    target = RESULTS / ("quick.json" if args.quick else "latest.json")
    save(results, target)
    from bench.report import console_summary

    print("\n" + console_summary(results))
    print("\n".join(["", *results["notes"], f"results: {_label(target)}"]))
    if not args.quick:
        from bench.document import write_benchmarks

        write_benchmarks(results, ROOT / "docs" / "BENCHMARKS.md", ROOT / "docs" / "accuracy_vs_latency.png")
        print("report: docs/BENCHMARKS.md, docs/accuracy_vs_latency.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
