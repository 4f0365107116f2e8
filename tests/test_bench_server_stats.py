"""What the bench reads off the model server: counters per answer, prompt reuse, memory and saved prompts; and a
run resumed from an interrupted one's results."""

from __future__ import annotations

import json
import os
from pathlib import Path

from bench.__main__ import _finished
from bench.server_stats import decoding, saved_prompts, server_memory
from bench.sets import CorpusPlan

BEFORE = {"prompt_tokens": 1000.0, "cached_tokens": 0.0, "prompt_s": 10.0, "generated_tokens": 50.0,
          "generation_s": 5.0, "drafted_tokens": 0.0, "accepted_tokens": 0.0}


def test_decoding_gives_tokens_and_seconds_per_answer_and_the_rates():
    after = BEFORE | {"prompt_tokens": 1600.0, "cached_tokens": 4000.0, "prompt_s": 16.0, "generated_tokens": 150.0,
                      "generation_s": 15.0, "drafted_tokens": 40.0, "accepted_tokens": 30.0}
    figures = decoding(BEFORE, after, answers=2)
    assert figures["prompt_tokens_per_answer"] == 300 and figures["cached_tokens_per_answer"] == 2000
    assert figures["generated_tokens_per_answer"] == 50 and figures["prompt_tokens_per_s"] == 100
    assert figures["generated_tokens_per_s"] == 10
    assert (figures["drafted_tokens"], figures["accepted_tokens"]) == (40, 30)
    assert decoding({}, after, 2) == {} and decoding(BEFORE, after, 0) == {}


def test_memory_and_saved_prompts_are_read_from_the_system(tmp_path: Path):
    assert server_memory(os.getpid())["server_peak_rss_mib"] > 0  # this process stands in for the server
    assert server_memory(None) == {}
    (tmp_path / "a.bin").write_bytes(b"x" * 2_000_000)
    (tmp_path / "b.partial").write_bytes(b"x" * 10)
    assert saved_prompts(tmp_path) == {"saved_prompt_files": 1, "saved_prompts_mb": 2.0}


def test_a_resumed_run_takes_only_the_corpora_every_system_finished(tmp_path: Path):
    done = {"local": {}, "extractive": {}}
    earlier = {"git_commit": "abc1234", "corpora": [
        {"name": "release", "parts": {"sealed19": {"systems": done}, "validation": {"systems": done}}},
        {"name": "documents", "parts": {"sealed19": {"systems": {"local": {}}}}}]}
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps(earlier), encoding="utf-8")
    plans = [CorpusPlan(name, tmp_path, {"sealed19": tmp_path}) for name in ("release", "documents")]
    notes: list[str] = []
    finished = _finished(partial, plans, ["local", "extractive"], notes)
    assert list(finished) == ["release"] and "abc1234" in notes[0]
    assert _finished(None, plans, ["local"], notes) == {}
