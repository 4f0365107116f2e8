"""Turn a results dict into markdown tables, docs/BENCHMARKS.md and the accuracy-vs-latency chart."""

from __future__ import annotations

from pathlib import Path

from bench.scoring import UNANSWERABLE_KINDS
from bench.sets import CONVERSATIONS, EARLIER_ROUNDS, PARTS, SEALED, TUNE, VALIDATION, conversations_of

TUTORIAL = "tutorial"
REPORT_ORDER = ("local", "local-passages", "extractive", "openai", "plain-prompt", TUTORIAL)  # the baselines last
FIGURES = (("truthfulness", "Truthfulness", "signed"), ("answer_accuracy", "Answer accuracy", "share"),
           ("grounded_accuracy", "Grounded accuracy", "share"),
           ("citation_precision", "Citation precision", "share"), ("refusal_accuracy", "Refusal accuracy", "share"),
           ("false_refusal_rate", "False refusals", "share"), ("first_text_median_s", "First text, median", "s"),
           ("first_text_p95_s", "First text, p95", "s"), ("total_median_s", "Full answer, median", "s"),
           ("total_p95_s", "Full answer, p95", "s"))
SCALE = (("requested", "Passages asked"), ("passages", "Passages ingested"), ("ingest_s", "Ingest s"),
         ("passages_per_s", "Passages/s"), ("ingest_", "Ingest peak RSS MiB (growth)"),
         ("retriever_build_s", "Retriever build s"), ("retrieve_median_ms", "Retrieve median ms"),
         ("retrieve_p95_ms", "Retrieve p95 ms"), ("retrieve_", "Retrieve peak RSS MiB (growth)"))


def table(header: list[str], rows: list[list[str]]) -> str:
    """A markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def value(number: float | None, unit: str) -> str:
    """A figure as text: shares as percentages, times in seconds."""
    if number is None:
        return "–"
    if unit == "signed":
        return f"{number:+.2f}"
    return f"{number:.0%}" if unit == "share" else f"{number:.2f} s"


def ratio(number: float | None, reference: float | None) -> str:
    """The figure's ratio to the tutorial chain's, e.g. ' (×1.40)'; empty when undefined."""
    if number is None or not reference:
        return ""
    return f" (×{number / reference:.2f})"


def _rows(corpus: dict):
    """(system, part, its result) for every system, its sealed part first, then its tune part."""
    parts = [part for part in PARTS if part in corpus["parts"]]
    names = dict.fromkeys(name for part in parts for name in corpus["parts"][part]["systems"])
    names = sorted(names, key=lambda name: REPORT_ORDER.index(name) if name in REPORT_ORDER else len(REPORT_ORDER))
    return [(name, part, corpus["parts"][part]["systems"][name])
            for name in names for part in parts if name in corpus["parts"][part]["systems"]]


def _set_label(corpus: dict, part: str, asked: int | None = None) -> str:
    total = corpus["parts"][part]["questions"]
    return f"{part} ({asked} of {total})" if asked is not None and asked < total else f"{part} ({total})"


def figures_table(corpus: dict) -> str:
    """Rows: each system's sealed then tune figures; each figure with its ratio to the tutorial chain's."""
    rows = []
    for name, part, system in _rows(corpus):
        reference = corpus["parts"][part]["systems"].get(TUTORIAL, {}).get("figures", {})
        figures = system["figures"]
        cells = [value(figures.get(key), unit) + ("" if name == TUTORIAL or unit == "signed"
                                                   else ratio(figures.get(key), reference.get(key)))
                 for key, _, unit in FIGURES]
        rows.append([f"**{name}**", _set_label(corpus, part, figures.get("questions"))] + cells)
    return table(["System", "Questions"] + [label for _, label, _ in FIGURES], rows)


def gap_line(corpus: dict, other: str = TUNE) -> str:
    """How far another part's figures (tune, validation) are from sealed ones, in points, per system; empty unless
    both parts ran."""
    parts = corpus["parts"]
    if not {SEALED, other} <= set(parts):
        return ""
    gaps = []
    for name, tuned in parts[other]["systems"].items():
        sealed = parts[SEALED]["systems"].get(name)
        if sealed:
            gaps.append(f"{name} {_points(tuned, sealed, 'answer_accuracy')} / "
                        f"{_points(tuned, sealed, 'false_refusal_rate')}")
    return (f"Gap, {other} minus {SEALED}, in points (answer accuracy / false refusals): " + "; ".join(gaps) + ".")


def turns_table(corpus: dict, which: str = CONVERSATIONS) -> str:
    """Conversations asked turn by turn with the system's own answers as history: first turns against later ones."""
    part = corpus["parts"].get(which)
    if not part:
        return ""
    rows = []
    for name, system in part["systems"].items():
        turns = system.get("by_turn") or {}
        first, later = turns.get("first", {}), turns.get("later", {})
        rows.append([f"**{name}**"] + [value(figures.get(key), unit) for figures in (first, later)
                                         for key, unit in (("truthfulness", "signed"), ("answer_accuracy", "share"),
                                                           ("refusal_accuracy", "share"))]
                    + [f"{first.get('questions', 0)} / {later.get('questions', 0)}"])
    header = ["System"] + [f"{label}, {turn}" for turn in ("first turns", "later turns")
                           for label in ("Truthfulness", "Answer accuracy", "Refusal accuracy")] + ["Turns"]
    return (f"Conversations ({which}), each turn asked with the system's own earlier answers as history:\n\n"
            + table(header, rows))


def _points(tuned: dict, sealed: dict, key: str) -> str:
    high, low = tuned["figures"].get(key), sealed["figures"].get(key)
    return "–" if high is None or low is None else f"{(high - low) * 100:+.0f}"


def orders_line(corpus: dict) -> str:
    """Share of local's answers that came back word for word when asked again in another order; empty if not run."""
    orders = corpus.get("orders")
    if not orders:
        return ""
    shares = [f"{value(orders[part]['identical'], 'share')} of {part} ({orders[part]['questions']})"
              for part in PARTS if part in orders]
    return ("Order stability: asked again in a shuffled order (no LLM cache), local gave the identical answer to "
            + ", ".join(shares) + " questions.")


def outcomes_table(corpus: dict, system: str = "local") -> str:
    """Per part, how many questions each policy outcome decided (answerable ones, right ones in brackets): where
    right answers, wrong answers and false refusals come from."""
    parts = [part for part in PARTS if corpus["parts"].get(part, {}).get("systems", {}).get(system, {}).get("outcomes")]
    if not parts:
        return ""
    found = {part: corpus["parts"][part]["systems"][system]["outcomes"] for part in parts}
    names = sorted({name for counts in found.values() for name in counts})
    rows = [[f"`{name}`", *(_outcome_cell(found[part].get(name)) for part in parts)] for name in names]
    return (f"Outcomes the policy decided on, {system}: questions (answerable / right among them):\n\n"
            + table(["Outcome", *parts], rows))


def _outcome_cell(count: dict | None) -> str:
    return "–" if not count else f"{count['questions']} ({count['answerable']} / {count['right']})"


def kinds_table(part: dict) -> str:
    """Answer accuracy per question kind (refusal accuracy for `refuse`), per system, on one part."""
    kinds: dict[str, int] = {}
    for system in part["systems"].values():
        for kind, figures in system["by_kind"].items():
            kinds[kind] = max(kinds.get(kind, 0), figures["questions"])  # a sampled system asks fewer
    rows = []
    for name, system in part["systems"].items():
        cells = []
        for kind in kinds:
            figures = system["by_kind"].get(kind, {})
            key = "refusal_accuracy" if kind in UNANSWERABLE_KINDS else "answer_accuracy"
            cells.append(value(figures.get(key), "share"))
        rows.append([f"**{name}**"] + cells)
    return table(["System"] + [f"{kind} ({count})" for kind, count in kinds.items()], rows)


def memory(figures: dict, prefix: str = "") -> str:
    """Peak resident memory with its growth over the phase's start, e.g. '2,729 (+97)'."""
    peak, growth = figures.get(prefix + "peak_rss_mib"), figures.get(prefix + "rss_growth_mib")
    return "–" if peak is None else f"{peak:,.0f} (+{growth or 0:,.0f})"


def details_table(corpus: dict) -> str:
    """Per system and part: what the model sees, warm-up, memory while answering, notes."""
    rows = [[f"**{name}**", part, system.get("mode", "–"), value(system.get("warm_up_s"), "s"), memory(system),
             "; ".join(system["notes"]) or "–"] for name, part, system in _rows(corpus)]
    return table(["System", "Set", "Context", "Warm-up", "Peak RSS MiB while answering (growth)", "Notes"], rows)


def decoding_table(corpus: dict) -> str:
    """Per system and part: what the model read, tokens per answer, rates, prompt reuse and server memory."""
    rows = []
    for name, part, system in _rows(corpus):
        decoding, readings = system.get("decoding") or {}, system.get("readings") or {}
        if not decoding and not readings:
            continue
        reuse = decoding.get("document_prompts") or {}
        rows.append([f"**{name}**", part, ", ".join(f"{mode} {count}" for mode, count in readings.items()) or "–",
                     _plain(decoding.get("prompt_tokens_per_answer")), _plain(decoding.get("cached_tokens_per_answer")),
                     _plain(decoding.get("generated_tokens_per_answer")), _plain(decoding.get("prompt_s_per_answer")),
                     _plain(decoding.get("generation_s_per_answer")), _plain(decoding.get("prompt_tokens_per_s")),
                     _plain(decoding.get("generated_tokens_per_s")),
                     " / ".join(str(reuse.get(key, 0)) for key in ("held", "restored", "processed")) if reuse else "–",
                     _plain(decoding.get("saved_prompts_mb")), _plain(decoding.get("server_peak_rss_mib"))])
    if not rows:
        return ""
    return "What the model read and what it cost, per answer (llama.cpp's counters):\n\n" + table(
        ["System", "Set", "Reading (answers)", "Prompt tokens processed", "Prompt tokens reused", "Tokens generated",
         "Prompt s", "Generation s", "Prompt tokens/s", "Generated tokens/s",
         "Document prompts held / restored / processed", "Saved prompts MB", "Model server peak RSS MiB"], rows)


def scale_table(runs: list[dict], large_file: dict | None = None) -> str:
    """One row per synthetic corpus size, then one for the single large file (ingest figures only)."""
    rows = [[memory(run, key) if key.endswith("_") else _plain(run.get(key)) for key, _ in SCALE]
            + [run.get("note", "complete")] for run in runs]
    if large_file:
        rows.append([f"one {large_file['megabytes']:g} MB file"]
                    + [memory(large_file, key) if key.endswith("_") else _plain(large_file.get(key))
                       for key, _ in SCALE[1:]] + [large_file.get("note", "complete")])
    return table([label for _, label in SCALE] + ["Note"], rows)


def _plain(number) -> str:
    if number is None:
        return "–"
    return f"{number:,}" if isinstance(number, int) else f"{number:,.1f}"


def corpus_section(corpus: dict) -> str:
    """The tables of one corpus: sealed figures first, tune figures beside them."""
    ingest = corpus["ingest"]
    counts = ", ".join(_set_label(corpus, part) for part in PARTS if part in corpus["parts"])
    sections = [
        f"### {corpus['name']}: {counts} questions over `{corpus['corpus_label']}`",
        f"Index: {ingest['files']} file(s), {ingest['passages']} passages, built in {ingest['seconds']:.1f} s; "
        f"peak RSS {memory(ingest)} MiB (growth during the ingest in brackets).",
        figures_table(corpus), *(gap_line(corpus, part) for part in (*EARLIER_ROUNDS, VALIDATION)),
        gap_line(corpus), turns_table(corpus),
        *(turns_table(corpus, conversations_of(name)) for name in EARLIER_ROUNDS),
        outcomes_table(corpus), orders_line(corpus), "; ".join(corpus.get("notes") or [])]
    for part in (part for part in PARTS if part in corpus["parts"]):
        sections += [f"Per question kind, {part} questions (answer accuracy; refusal accuracy for `refuse` and "
                     "`nearmiss`):",
                     kinds_table(corpus["parts"][part])]
    sections += [decoding_table(corpus)]
    return "\n\n".join([section for section in sections if section] + [details_table(corpus)])


def console_summary(results: dict) -> str:
    """The tables printed at the end of a run."""
    parts = [corpus_section(corpus) for corpus in results["corpora"]]
    if results.get("scale") or results.get("large_file"):
        parts.append("### Scale\n\n" + scale_table(results.get("scale") or [], results.get("large_file")))
    return "\n\n".join(parts)


def write_chart(results: dict, path: Path) -> None:
    """Answer accuracy against median time to the full answer: a colour per system, a marker per corpus."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(dict.fromkeys(name for corpus in results["corpora"] for name, _, _ in _rows(corpus)))
    colours = {name: plt.get_cmap("tab10")(i % 10) for i, name in enumerate(names)}
    figure, axes = plt.subplots(figsize=(8, 5))
    for corpus, marker in zip(results["corpora"], "os^Dv", strict=False):
        for name, part, system in _rows(corpus):
            x, y = system["figures"]["total_median_s"], system["figures"]["answer_accuracy"]
            if x is not None and y is not None:  # sealed filled, tune hollow
                axes.scatter(max(x, 1e-3), y * 100, marker=marker, s=70, color=colours[name],
                             facecolors=colours[name] if part == SEALED else "none",
                             label=f"{name} · {corpus['name']} {part}")
    axes.set_xscale("log")
    axes.margins(x=0.15)
    axes.set_xlabel("median time to the full answer (s, log scale)")
    axes.set_ylabel("answer accuracy (%)")
    axes.set_ylim(0, 105)
    axes.set_title("Answer accuracy vs latency (same questions, same run)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=7, loc="lower left", ncol=2)  # the lower left stays empty: no system is that fast and wrong
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
