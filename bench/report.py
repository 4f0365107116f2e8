"""Turn a results dict into markdown tables, docs/BENCHMARKS.md and the accuracy-vs-latency chart."""

from __future__ import annotations

from pathlib import Path

BASELINE = "baseline"
FIGURES = (("answer_accuracy", "Answer accuracy", "share"), ("grounded_accuracy", "Grounded accuracy", "share"),
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
    return f"{number:.0%}" if unit == "share" else f"{number:.2f} s"


def ratio(number: float | None, reference: float | None) -> str:
    """The figure's ratio to the baseline's, e.g. ' (×1.40)'; empty when undefined."""
    if number is None or not reference:
        return ""
    return f" (×{number / reference:.2f})"


def figures_table(corpus: dict) -> str:
    """Rows: back-ends and the baseline; columns: the figures, each with its ratio to the baseline."""
    systems = corpus["systems"]
    reference = systems.get(BASELINE, {}).get("figures", {})
    rows = []
    for name, system in systems.items():
        figures = system["figures"]
        cells = [value(figures[key], unit) + ("" if name == BASELINE else ratio(figures[key], reference.get(key)))
                 for key, _, unit in FIGURES]
        rows.append([f"**{name}**"] + cells)
    return table(["System"] + [label for _, label, _ in FIGURES], rows)


def kinds_table(corpus: dict) -> str:
    """Answer accuracy per question kind (refusal accuracy for `refuse`), per system."""
    kinds: dict[str, int] = {}
    for system in corpus["systems"].values():
        for kind, figures in system["by_kind"].items():
            kinds[kind] = figures["questions"]
    rows = []
    for name, system in corpus["systems"].items():
        cells = []
        for kind in kinds:
            figures = system["by_kind"].get(kind, {})
            key = "refusal_accuracy" if kind == "refuse" else "answer_accuracy"
            cells.append(value(figures.get(key), "share"))
        rows.append([f"**{name}**"] + cells)
    return table(["System"] + [f"{kind} ({count})" for kind, count in kinds.items()], rows)


def memory(figures: dict, prefix: str = "") -> str:
    """Peak resident memory with its growth over the phase's start, e.g. '2,729 (+97)'."""
    peak, growth = figures.get(prefix + "peak_rss_mib"), figures.get(prefix + "rss_growth_mib")
    return "–" if peak is None else f"{peak:,.0f} (+{growth or 0:,.0f})"


def details_table(corpus: dict) -> str:
    """Per system: what the model sees, warm-up, memory while answering, notes."""
    rows = [[f"**{name}**", system.get("mode", "–"), value(system.get("warm_up_s"), "s"), memory(system),
             "; ".join(system["notes"]) or "–"] for name, system in corpus["systems"].items()]
    return table(["System", "Context", "Warm-up", "Peak RSS MiB while answering (growth)", "Notes"], rows)


def scale_table(runs: list[dict]) -> str:
    """One row per synthetic corpus size."""
    rows = [[memory(run, key) if key.endswith("_") else _plain(run.get(key)) for key, _ in SCALE]
            + [run.get("note", "complete")] for run in runs]
    return table([label for _, label in SCALE] + ["Note"], rows)


def _plain(number) -> str:
    if number is None:
        return "–"
    return f"{number:,}" if isinstance(number, int) else f"{number:,.1f}"


def corpus_section(corpus: dict) -> str:
    """The tables of one question set."""
    ingest = corpus["ingest"]
    return "\n\n".join([
        f"### {corpus['name']}: {corpus['questions']} questions over `{corpus['corpus_label']}`",
        f"Index: {ingest['files']} file(s), {ingest['passages']} passages, built in {ingest['seconds']:.1f} s; "
        f"peak RSS {memory(ingest)} MiB (growth during the ingest in brackets).",
        figures_table(corpus), "Per question kind (answer accuracy; refusal accuracy for `refuse`):",
        kinds_table(corpus), details_table(corpus)])


def console_summary(results: dict) -> str:
    """The tables printed at the end of a run."""
    parts = [corpus_section(corpus) for corpus in results["corpora"]]
    if results.get("scale"):
        parts.append("### Scale\n\n" + scale_table(results["scale"]))
    return "\n\n".join(parts)


def write_chart(results: dict, path: Path) -> None:
    """Answer accuracy against median time to the full answer: a colour per system, a marker per question set."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(dict.fromkeys(name for corpus in results["corpora"] for name in corpus["systems"]))
    colours = {name: plt.get_cmap("tab10")(i % 10) for i, name in enumerate(names)}
    figure, axes = plt.subplots(figsize=(8, 5))
    for corpus, marker in zip(results["corpora"], "os^Dv", strict=False):
        for name, system in corpus["systems"].items():
            x, y = system["figures"]["total_median_s"], system["figures"]["answer_accuracy"]
            if x is not None and y is not None:
                axes.scatter(max(x, 1e-3), y * 100, marker=marker, s=70, color=colours[name],
                             label=f"{name} · {corpus['name']}")
    axes.set_xscale("log")
    axes.margins(x=0.15)
    axes.set_xlabel("median time to the full answer (s, log scale)")
    axes.set_ylabel("answer accuracy (%)")
    axes.set_ylim(0, 105)
    axes.set_title("Answer accuracy vs latency (same questions, same run)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8, loc="lower right")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
