"""The chat-model seam: a LangChain chat model for ``local`` or ``openai``, none for ``extractive``."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from ingest.settings import Settings

MAX_ANSWER_TOKENS = 200


def chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model; starts the embedded llama.cpp server for ``local``."""
    if settings.llm == "extractive":
        return None
    from langchain_openai import ChatOpenAI

    if settings.llm == "local":
        from assistant.local_model import LocalServer

        base_url = LocalServer.shared(settings).base_url
    else:
        base_url = settings.llm_base_url
    return ChatOpenAI(base_url=base_url, api_key=settings.llm_api_key, model=settings.llm_model,
                      temperature=0, max_tokens=MAX_ANSWER_TOKENS, timeout=settings.llm_timeout, max_retries=0)
