"""The chat-model seam: a LangChain chat model for ``local`` or ``openai``, none for ``extractive``."""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import version

from langchain_core.language_models import BaseChatModel

from settings import Settings

log = logging.getLogger(__name__)
MAX_ANSWER_TOKENS = 200
# Without the model's own tokenizer (an endpoint, or no model), tokens are estimated from characters: this model's
# tokenizer gives about 5 characters a token on English releases; 3.5 errs on the side of more tokens.
CHARS_PER_TOKEN = 3.5


def chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model; starts the local llama.cpp server for ``local``."""
    if settings.llm == "extractive":
        return None
    from langchain_openai import ChatOpenAI

    if settings.llm == "local":
        from assistant.local_model import LocalServer

        base_url = LocalServer.shared(settings).base_url
    else:
        base_url = settings.llm_base_url
    # The local model reports each answer token's probability (how sure it was: drafting.confidence); another
    # endpoint may not support it.
    return ChatOpenAI(base_url=base_url, api_key=settings.llm_api_key, model=settings.llm_model,
                      temperature=0, max_tokens=MAX_ANSWER_TOKENS, timeout=settings.llm_timeout, max_retries=0,
                      logprobs=True if settings.llm == "local" else None)


def preload(settings: Settings) -> None:
    """Start the local model loading now, in the background, so it is ready by the first question."""
    if settings.llm == "local":
        threading.Thread(target=_start_quietly, args=(settings,), daemon=True).start()


def _start_quietly(settings: Settings) -> None:
    from assistant.local_model import LocalServer

    try:
        LocalServer.shared(settings)
    except Exception as error:  # the first question starts it again and reports the failure where it is seen
        log.info("the local model did not start in the background: %s", error)


def warm_prompt(settings: Settings, model: BaseChatModel, messages: list[tuple[str, str]]) -> str:
    """Have the server hold the processed constant prompt: restored from disk when it was saved for exactly this
    model, prompt and slot size, else processed (and saved, for the local model); returns which happened."""

    def process(slot: int | None = None) -> None:
        pinned = {} if slot is None else {"extra_body": {"id_slot": slot}}
        model.bind(max_tokens=1, **pinned).invoke(messages)

    if settings.llm != "local":
        process()
        return "processed"
    from assistant.local_model import SLOT_CONTEXT_TOKENS, LocalServer
    from assistant.slot_cache import SlotFiles, prompt_key

    server = LocalServer.shared(settings)
    key = prompt_key(server.model_id, messages, SLOT_CONTEXT_TOKENS, version("xllamacpp"))
    server.prefix_slots(settings.llm_timeout, settings.saved_prompts_mb).forget()
    return SlotFiles(server.url, server.slot_dir, server.slots, settings.llm_timeout,
                     settings.saved_prompts_mb).warm(key, process)


def token_counter(settings: Settings) -> Callable[[str], int]:
    """Counts a text's tokens: with the local model's own tokenizer (llama.cpp's /tokenize), else estimated (also
    when the local model cannot start: the answer is then extracted, and no slot is at stake)."""
    if settings.llm != "local":
        return estimated_tokens
    import httpx

    from assistant.local_model import LocalServer

    def count(text: str) -> int:
        try:
            response = httpx.post(f"{LocalServer.shared(settings).url}/tokenize", json={"content": text},
                                  timeout=settings.llm_timeout)
            response.raise_for_status()
            return len(response.json()["tokens"])
        except Exception as error:
            log.warning("tokens estimated, the local model's tokenizer is unavailable: %s", error)
            return estimated_tokens(text)

    return count


def estimated_tokens(text: str) -> int:
    """Tokens of a text estimated from its characters, erring on the side of more."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


@contextmanager
def reading_model(settings: Settings, model: BaseChatModel, prefix: list[tuple[str, str]] | None
                  ) -> Iterator[BaseChatModel]:
    """The chat model to draft with: for the local model and a prompt whose ``prefix`` (a document's passages)
    other questions share, bound to a slot that holds that prefix or will keep it (saved on disk) for the next."""
    if settings.llm != "local" or not prefix:
        yield model
        return
    from assistant.local_model import SLOT_CONTEXT_TOKENS, LocalServer
    from assistant.slot_cache import prompt_key

    server = LocalServer.shared(settings)
    key = prompt_key(server.model_id, prefix, SLOT_CONTEXT_TOKENS, version("xllamacpp"))
    with server.prefix_slots(settings.llm_timeout, settings.saved_prompts_mb).slot(key) as slot:
        yield model.bind(extra_body={"id_slot": slot})
