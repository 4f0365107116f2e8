"""A LangChain chat model that gives replies written in advance, for tests of what the core does with a reply.

It is scripted because the real model's mistakes (a figure no passage holds, a changed title, a refusal)
cannot be had from it on demand; everything after the reply (claims, evidence, checks, policy, the Answer)
is the real code. A reply names the passage it cites by words in it, ``[[10,000 training]]``, and gets the
number the prompt gave that passage, so a script does not depend on how passages are numbered.
"""

from __future__ import annotations

import re

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

_CITE = re.compile(r"\[\[(.+?)\]\]")
_NUMBERED = re.compile(r"^\[(\d+)\] (.*?)(?=\n\n\[\d+\] |\Z)", re.MULTILINE | re.DOTALL)


def cite(reply: str, system_prompt: str) -> str:
    """``reply`` with each ``[[words]]`` replaced by ``[n]``, n the number of the passage in the prompt holding them."""
    numbered = _NUMBERED.findall(system_prompt)

    def number(match: re.Match) -> str:
        return next(f"[{n}]" for n, text in numbered if match.group(1) in text)

    return _CITE.sub(number, reply)


class ScriptedChatModel(BaseChatModel):
    """Replies in turn (the last one again when they run out), each finished ("stop"); records every prompt."""

    replies: list[str] = Field(default_factory=list)
    prompts: list[list[str]] = Field(default_factory=list)
    logprob: float | None = None  # every reply token's log-probability, reported as llama.cpp does; None: not given

    def script(self, *replies: str, logprob: float | None = None) -> ScriptedChatModel:
        """Start again with these replies (each token with this log-probability) and no recorded prompts."""
        self.replies, self.prompts, self.logprob = list(replies), [], logprob
        return self

    def _generate(self, messages: list[BaseMessage], stop=None, run_manager=None, **kwargs) -> ChatResult:
        self.prompts.append([str(m.content) for m in messages])
        reply = self.replies[min(len(self.prompts), len(self.replies)) - 1]
        text = cite(reply, str(messages[0].content))
        metadata = {"finish_reason": "stop"}
        if self.logprob is not None:
            tokens = re.findall(r"\S+\s*", text)
            metadata["logprobs"] = {"content": [{"token": t, "logprob": self.logprob} for t in tokens]}
        message = AIMessage(text, response_metadata=metadata)
        return ChatResult(generations=[ChatGeneration(message=message)])

    @property
    def _llm_type(self) -> str:
        return "scripted"
