"""docs/BENCHMARKS.md: how to run the benchmark, then the tables of the latest full run."""

from __future__ import annotations

from pathlib import Path

from bench.ablation_report import ablation_section
from bench.report import corpus_section, scale_table, write_chart

HOW_TO_RUN = """## How to run

```bash
python -m bench --ablation --orders  # the documented run: also each check's effect and order stability
python -m bench                      # every corpus and part, every back-end + both baselines, scale
python -m bench --quick              # ~10 tune questions on the release, extractive + local: bench/results/quick.json
python -m bench --scale none         # quality only
python -m bench --sets release,documents,collection --part sealed2,conversations,validation
python -m bench --sets release,documents --tutorial-sample 16   # the slow tutorial chain on 16 questions a part
python -m bench --scale 10000 --scale-minutes 10
python -m bench --backends extractive --baselines none
python -m bench --questions my.jsonl --corpus path/to/docs   # your own set, run as a tune part
python -m bench --without NAME,NAME  # every back-end with these answer checks off (as ASSISTANT_WITHOUT does)
```

Every run ingests each corpus once into its own temporary index (the index in `index/` is never touched) and runs
each system on every question part of it before the next system starts, so a cached prompt is reused. A full run
writes `bench/results/latest.json` (every figure, the machine, package versions, the commit, and each answer of a
tune part with its timings) and regenerates this file and `docs/accuracy_vs_latency.png`. The `openai` back-end
runs when `ASSISTANT_LLM_BASE_URL` is set. `--ablation` then answers every part again with each answer check off in
turn, and `--orders` has the local back-end answer every part again in a shuffled order (see below). Do not edit
this file by hand: rerun the benchmark."""

SETS = """## Question sets

Each corpus has up to four parts (see `bench/questions/README.md`): **sealed2**, the current sealed round, written
in one sitting before the changes it judges and never read again one by one; **conversations**, sealed too, asked
turn by turn with the system's own earlier answers as history; **validation**, the sealed sets of the round before,
whose aggregates have already decided what to keep (DESIGN.md §7); and **tune**, read, debugged and improved against.
For sealed and validation parts the bench prints and stores only aggregate, per-kind and per-turn figures, never a
question, answer, citation or id. Sealed figures are the headline: each table shows a system's sealed2 row first,
and the lines under it give the gap (validation or tune minus sealed2, in percentage points) in answer accuracy
and false refusals. A large gap means the code fits questions it was measured on more than questions in general."""

DEFINITIONS = """## What the figures mean

Per DESIGN.md §6, for each system on the same questions in the same run:

- **Truthfulness**, the headline: over all questions, +1 for a right answer or a refused unanswerable question
  (`refuse`, `nearmiss`), 0 for refusing an answerable one, −1 for a wrong answer or an answer to an unanswerable
  one; the mean, from −1 to +1. Neither answering everything nor refusing everything scores well.
- **Answer accuracy**: answerable questions (every kind but `refuse` and `nearmiss`) answered without refusing and
  matching every `expect` regex (case-insensitive).
- **Grounded accuracy**: answerable questions answered correctly *and* with at least one citation whose passage
  contains an `evidence` string (out of all answerable questions, so never above answer accuracy).
- **Citation precision**: share of all citations whose passage contains an evidence string of its question
  (citations given on `refuse` questions never do).
- **Refusal accuracy**: unanswerable questions (`refuse`, `nearmiss`) the system declined; **false refusals**:
  answerable questions it declined.
- **Conversations**: every turn of a conversation is asked with the system's own earlier answers as history (as
  in the chat, not canned ones) and scored on its own ask; first turns and later turns are reported apart.
- **Order stability** (`--orders`): the local back-end, a fresh instance with no LLM cache, answers every part again
  in a shuffled order (fixed seed); the share of questions whose answer text is identical both times. Below 100%
  means an answer depends on what was asked before it.
- **First text / full answer**: seconds from the question to the first streamed text and to the final answer,
  median and 95th percentile (linear interpolation). Memory is the peak resident set of the benchmark process;
  the llama.cpp server runs in a child process of its own and is not included.
- Ratios in brackets are the figure divided by the tutorial chain's on the same questions: above 1 is better for
  accuracies and precision, below 1 is better for false refusals and times.

Two baselines run beside the back-ends, on the same local model at temperature 0 with the same 200-token cap.
**plain-prompt** needs no rules: the corpus's passages (the ingest's own splitting) numbered [1]..[N] in one
constant system prompt, cached, with the question last and earlier turns as chat messages before it; the
instruction asks for an answer from the passages in one to three sentences, [n] after each sentence, or the reply
"The documents do not say.". A corpus too large for the model's context gets the passages nearest the question
in meaning that fit instead (a new prompt for every question, so much slower). Its citations are the passages it
names; a reply counts as a refusal when it cites nothing and says the documents do not say; nothing is checked.
The **tutorial** chain is the LangChain tutorial's: 1,000/200-character chunks, k=4 retrieval from a separate Chroma
collection, the "rag-prompt" wording (restated inline: the hub is offline), the same local model at temperature 0
and no conversation history. It gives no citations of its own: its four
retrieved chunks count as its citations, and an answer counts as a refusal when it says it doesn't know, that the
context does not say or mention it, or that there is no information."""


ABLATION = """## Ablation

Each answer check in the assistant's registry (`assistant.checks`) is switched off in turn, and the local and
extractive back-ends answer every question of every part again on the same index in the same run
(`python -m bench --without NAME` runs every back-end without a check). Each figure is the one without the check
minus the one with it, in percentage points, tune / validation / sealed2. Truthfulness (DESIGN.md §6: +1 for a right
answer or a rightly refused question, 0 for refusing an answerable one, −1 for a wrong answer or for answering an
unanswerable one, averaged) counts a hundredth of its scale as a point. A check earns its place when the sealed
figures get worse without it: the accuracies, citation precision or truthfulness fall (negative), or false
refusals rise (positive).
An in-memory LLM cache serves the whole quality run of an ablation, so a prompt the model has already answered is
not computed again (in the main pass only a repeated prompt is affected): ablation latencies are not measured."""


def _ablation_section(results: dict) -> str:
    if not results.get("ablation"):
        return "## Ablation\n\nNot measured in this run (`--ablation`)."
    return ABLATION + "\n\n" + ablation_section(results)


def _run_section(results: dict) -> str:
    run, machine = results["run"], results["machine"]
    packages = ", ".join(f"{name} {version}" for name, version in results["packages"].items() if version)
    return "\n".join([
        "## This run", "",
        f"- Started {run['started']}, took {run['wall_s'] / 60:.1f} minutes; commit `{results['git_commit']}`.",
        f"- Command: `python -m bench {' '.join(run['argv'])}`.",
        f"- Machine: {machine['processor']}, {machine['cpu_count']} CPUs, {machine['memory_gib']} GiB, "
        f"{machine['platform']}, Python {machine['python']}; load average (1/5/15 min) "
        f"{_loads(results.get('load_average_at_start'))} at the start, {_loads(machine.get('load_average'))} "
        "at the end (other work on the machine slows every timing).",
        f"- Local model: {results.get('model', '–')}.",
        f"- Answer checks off for every back-end: {', '.join(results.get('without') or []) or 'none'}.",
        f"- Packages: {packages}."] + (["- **This run stopped before it finished**: the tables hold the systems that "
                                        "completed every part of a corpus before it stopped."]
                                       if results.get("incomplete") else []))


def _loads(loads: list[float] | None) -> str:
    return "/".join(f"{load:.1f}" for load in loads) if loads else "–"


def _scale_section(results: dict) -> str:
    runs = results.get("scale") or []
    if not runs and not results.get("large_file"):
        return "## Scale\n\nNot measured in this run (`--scale none --large-file-mb 0`)."
    return "\n\n".join([
        "## Scale",
        "Synthetic passages (deterministic sentences from a fixed vocabulary, 100 paragraphs a file) ingested with "
        "`ingest_paths` in batches of 20 files into a temporary index; then `HybridRetriever` (dense + BM25, "
        "fused) is built over it and timed on 50 queries for 8 hits. Ingest stops at the time budget and says so. "
        "The large-file row is one text file of the same paragraphs (`--large-file-mb`), ingested in one "
        "`ingest_paths` call: its passages per second compare with the rows above.",
        scale_table(runs, results.get("large_file"))])


def write_benchmarks(results: dict, markdown: Path, chart: Path, source: str = "bench/results/latest.json") -> None:
    """Write docs/BENCHMARKS.md and its chart from a full run's results."""
    chart.parent.mkdir(parents=True, exist_ok=True)
    write_chart(results, chart)
    made = ("Generated by `python -m bench`" if source == "bench/results/latest.json" else
            f"Generated by `python -m bench.document {source} {markdown}`")
    sections = ["# Benchmarks", f"{made} from the run recorded in `{source}`.",
                HOW_TO_RUN, SETS, _run_section(results), DEFINITIONS,
                "## Quality"] + [corpus_section(corpus) for corpus in results["corpora"]]
    sections += [f"![Answer accuracy vs median latency]({chart.name})", _ablation_section(results),
                 _scale_section(results)]
    markdown.write_text("\n\n".join(sections) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.document RESULTS.json OUT.md``: the report of a stored run (its chart beside it)."""
    import json
    import sys

    source, target = (sys.argv[1:] if argv is None else argv)[:2]
    results = json.loads(Path(source).read_text(encoding="utf-8"))
    markdown = Path(target)
    write_benchmarks(results, markdown, markdown.with_suffix(".png"), source)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
