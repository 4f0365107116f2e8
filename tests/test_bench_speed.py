"""Speculative decoding's setting reaches llama.cpp's parameters, and the speed report states what a run measured."""

from __future__ import annotations

import json
from pathlib import Path

import xllamacpp

from assistant.model_server import server_params
from bench.speed import speed_section, speed_table

CONFIG = {"model": "model.gguf", "context_tokens": 8192, "slots": 2, "prompt_cache_mib": 256, "threads": 2,
          "slot_dir": ""}


def test_speculation_is_off_unless_asked_for_and_then_drafts_from_the_prompt():
    kinds = xllamacpp.common_speculative_type
    assert list(server_params(CONFIG).speculative.types) == [kinds.COMMON_SPECULATIVE_TYPE_NONE]
    assert list(server_params(CONFIG | {"speculation": "off"}).speculative.types) == [
        kinds.COMMON_SPECULATIVE_TYPE_NONE]
    assert list(server_params(CONFIG | {"speculation": "ngram"}).speculative.types) == [
        kinds.COMMON_SPECULATIVE_TYPE_NGRAM_MOD]


def _mode(median: float, rate: float, drafted: int) -> dict:
    return {"answers": 4, "median_s": median, "p95_s": 2 * median, "first_turn_median_s": median,
            "follow_up_median_s": 1.5 * median, "follow_up_ratio": 1.5, "failed": 0,
            "decoding": {"generated_tokens_per_answer": 30.0, "generated_tokens_per_s": rate,
                         "prompt_tokens_per_s": 60.0, "drafted_tokens": drafted, "accepted_tokens": drafted // 2,
                         "server_peak_rss_mib": 2800}}


SPEED = {"answers": 4, "modes": {"off": _mode(1.2, 34.0, 0), "ngram": _mode(1.4, 28.9, 120)},
         "identical_answers": 1.0, "decoding_ratio": 0.85, "median_ratio": 1.17,
         "git_commit": "abc1234", "run": {"argv": ["--speed"]}}


def test_the_speed_table_gives_each_setting_the_ratio_and_the_identity_of_the_answers():
    text = speed_table(SPEED)
    assert "| off | 4 | 1.20 | 2.40 |" in text and "| ngram | 4 | 1.40 |" in text
    assert "| 120 / 60 | 2,800 |" in text
    assert "decoding ran at 0.85× the rate" in text and "100% of 4 answers were identical" in text


def test_the_report_shows_the_runs_stored_before_and_after(tmp_path: Path):
    assert "Before" not in speed_section(tmp_path)  # nothing stored yet: only the explanation
    (tmp_path / "speed-before.json").write_text(json.dumps(SPEED), encoding="utf-8")
    users = {"git_commit": "def5678", "run": {"argv": ["--users", "1,8"]}, "levels": [
        {"users": 8, "answered": 64, "asked": 64, "median_s": 10.4, "p95_s": 27.5, "answers_per_minute": 35.4,
         "server_peak_rss_mib": 2923}]}
    (tmp_path / "users.json").write_text(json.dumps(users), encoding="utf-8")
    section = speed_section(tmp_path)
    assert "**Before** (`speed-before.json`, commit `abc1234`, `python -m bench --speed`)" in section
    assert "**After** (`users.json`, commit `def5678`, `python -m bench --users 1,8`)" in section
    assert "| 8 | 64/64 | 10.40 | 27.50 | 35.40 | 2,923 |" in section
