"""The model's draft as it streams, and whether the stream ended because the model had finished."""

from __future__ import annotations

from collections.abc import Iterator

from langchain_core.exceptions import ModelConnectionError, ModelTimeoutError
from langchain_core.language_models import BaseChatModel

FINISHED = "stop"   # the finish_reason of an answer the model ended itself
LENGTH = "length"   # the answer reached the token limit
DROPPED = "dropped"  # the connection broke, or the stream ended without a finish_reason
TIMEOUT = "timeout"  # the endpoint went quiet for longer than the timeout
_WHY = {LENGTH: "it reached its length limit", DROPPED: "the connection to the model dropped",
        TIMEOUT: "the model stopped responding"}


class DraftCut(Exception):
    """The model's answer stream ended before the model finished; ``reason`` is LENGTH, DROPPED, TIMEOUT or
    another finish_reason the endpoint gave."""

    def __init__(self, reason: str):
        super().__init__(_WHY.get(reason, f"the endpoint ended it with finish_reason {reason!r}"))
        self.reason = reason


def model_draft(model: BaseChatModel, messages) -> Iterator[str]:
    """The model's answer text as it streams; raises DraftCut at the end unless the model said it finished.

    A stream can end quietly without the model having finished (the body ends without a finish_reason
    when the connection closes cleanly), so only the finish_reason of its last chunk says it is whole.
    A failure before any text arrived is raised as it is: the endpoint failed, nothing was cut."""
    finish, started = "", False
    try:
        for chunk in model.stream(messages):
            started = True
            finish = chunk.response_metadata.get("finish_reason") or finish
            yield chunk.content
    except (ModelConnectionError, ModelTimeoutError) as error:
        if not started:
            raise
        raise DraftCut(TIMEOUT if isinstance(error, ModelTimeoutError) else DROPPED) from error
    if finish != FINISHED:
        raise DraftCut(finish or DROPPED)
