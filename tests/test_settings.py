"""Settings come from ASSISTANT_* variables, with clear errors for bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from settings import Settings


def test_defaults_and_environment_overrides():
    settings = Settings.from_env({"ASSISTANT_TOP_K": "6", "ASSISTANT_INDEX_PATH": "/tmp/x",
                                  "ASSISTANT_LLM": "extractive"})
    assert settings.top_k == 6
    assert settings.index_path == Path("/tmp/x")
    assert settings.llm == "extractive"
    assert Settings.from_env({}).llm == "local"


def test_an_endpoint_url_selects_the_openai_backend():
    settings = Settings.from_env({"ASSISTANT_LLM_BASE_URL": "http://127.0.0.1:9/v1"})
    assert settings.llm == "openai"


@pytest.mark.parametrize("environ, message", [
    ({"ASSISTANT_LLM": "gpt"}, "ASSISTANT_LLM must be one of"),
    ({"ASSISTANT_LLM": "openai"}, "needs ASSISTANT_LLM_BASE_URL"),
    ({"ASSISTANT_TOP_K": "many"}, "expects a number"),
    ({"ASSISTANT_TOP_K": "0"}, "at least 1"),
    ({"ASSISTANT_SPECULATION": "draft"}, "ASSISTANT_SPECULATION must be one of off, ngram"),
])
def test_bad_values_are_explained(environ, message):
    with pytest.raises(ValueError, match=message):
        Settings.from_env(environ)
