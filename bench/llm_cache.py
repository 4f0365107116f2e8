"""LangChain's process-wide LLM cache, set for one stretch of a run and put back after it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from langchain_core.caches import BaseCache
from langchain_core.globals import get_llm_cache, set_llm_cache


@contextmanager
def llm_cache(cache: BaseCache | None) -> Iterator[None]:
    """Chat-model calls made with ``.invoke`` use ``cache`` (None: no cache) until the block ends."""
    previous = get_llm_cache()
    set_llm_cache(cache)
    try:
        yield
    finally:
        set_llm_cache(previous)
