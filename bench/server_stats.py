"""What the local model server did while a system answered: tokens read and generated, time spent on each, drafted
and accepted tokens, saved prompts reused, and the server's memory (from llama.cpp's /metrics and /proc)."""

from __future__ import annotations

from pathlib import Path

import httpx

# llama.cpp's cumulative counters (its /metrics endpoint) and the names the results give them.
COUNTERS = {"llamacpp:prompt_tokens_total": "prompt_tokens", "llamacpp:prompt_tokens_cached_total": "cached_tokens",
            "llamacpp:prompt_seconds_total": "prompt_s", "llamacpp:tokens_predicted_total": "generated_tokens",
            "llamacpp:tokens_predicted_seconds_total": "generation_s",
            "llamacpp:spec_decode_num_draft_tokens_total": "drafted_tokens",
            "llamacpp:spec_decode_num_accepted_tokens_total": "accepted_tokens"}


def counters(model_url: str | None) -> dict[str, float]:
    """The server's counters now; empty when there is no server or it does not answer."""
    if not model_url:
        return {}
    try:
        response = httpx.get(model_url.removesuffix("/v1") + "/metrics", timeout=10)
        response.raise_for_status()
    except httpx.HTTPError:
        return {}
    values = {}
    for line in response.text.splitlines():
        name, _, number = line.partition(" ")
        if name in COUNTERS:
            values[COUNTERS[name]] = float(number)
    return values


def decoding(before: dict[str, float], after: dict[str, float], answers: int) -> dict:
    """Per answer: tokens processed and generated, with the rates; drafted and accepted tokens."""
    if not before or not after or not answers:
        return {}
    spent = {key: after.get(key, 0.0) - before.get(key, 0.0) for key in COUNTERS.values()}
    return {"prompt_tokens_per_answer": round(spent["prompt_tokens"] / answers, 1),
            "cached_tokens_per_answer": round(spent["cached_tokens"] / answers, 1),
            "generated_tokens_per_answer": round(spent["generated_tokens"] / answers, 1),
            "prompt_s_per_answer": round(spent["prompt_s"] / answers, 2),
            "generation_s_per_answer": round(spent["generation_s"] / answers, 2),
            "prompt_tokens_per_s": _rate(spent["prompt_tokens"], spent["prompt_s"]),
            "generated_tokens_per_s": _rate(spent["generated_tokens"], spent["generation_s"]),
            "drafted_tokens": int(spent["drafted_tokens"]), "accepted_tokens": int(spent["accepted_tokens"])}


def _rate(tokens: float, seconds: float) -> float | None:
    return round(tokens / seconds, 1) if seconds > 0 else None


def server_memory(pid: int | None) -> dict:
    """Peak and current resident memory of the model server's process, in MiB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8") if pid else ""
    except OSError:
        status = ""
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    kib = {key: int(fields[key].split()[0]) for key in ("VmHWM", "VmRSS") if key in fields}
    return {"server_peak_rss_mib": round(kib["VmHWM"] / 1024)} if "VmHWM" in kib else {}


def saved_prompts(directory: Path | None) -> dict:
    """Files and megabytes of saved prompts on disk."""
    files = list(directory.glob("*.bin")) if directory and directory.is_dir() else []
    return {"saved_prompt_files": len(files),
            "saved_prompts_mb": round(sum(path.stat().st_size for path in files) / 1_000_000, 1)}


def prompt_reuse() -> dict[str, int]:
    """How often a document's prompt was held by a slot, restored from disk or processed (so far, this process)."""
    from assistant.local_model import LocalServer

    server = LocalServer._shared
    slots = server._prefix_slots if server is not None else None
    return dict(slots.counts) if slots is not None else {}


def server_pid() -> int | None:
    """The local model server's process id (None without it)."""
    from assistant.local_model import LocalServer

    server = LocalServer._shared
    return server.pid if server is not None else None


def server_state(model_url: str | None) -> dict:
    """Everything a system's answers are measured against: counters, prompt reuse (None without a local server)."""
    from assistant.local_model import LocalServer

    server = LocalServer._shared
    return {"counters": counters(model_url), "reuse": prompt_reuse(), "pid": server_pid(),
            "slot_dir": server.slot_dir if server else None}


def server_figures(before: dict, after: dict, answers: int) -> dict:
    """What the server did between two states: decoding per answer, prompt reuse, memory, saved prompts."""
    if not after["counters"]:
        return {}
    reuse = {key: after["reuse"].get(key, 0) - before["reuse"].get(key, 0) for key in after["reuse"]}
    return {"decoding": decoding(before["counters"], after["counters"], answers) | server_memory(after["pid"])
            | saved_prompts(after["slot_dir"]) | ({"document_prompts": reuse} if any(reuse.values()) else {})}
