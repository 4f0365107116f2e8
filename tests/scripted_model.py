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

    def script(self, *replies: str) -> ScriptedChatModel:
        """Start again with these replies and no recorded prompts."""
        self.replies, self.prompts = list(replies), []
        return self

    def _generate(self, messages: list[BaseMessage], stop=None, run_manager=None, **kwargs) -> ChatResult:
        self.prompts.append([str(m.content) for m in messages])
        reply = self.replies[min(len(self.prompts), len(self.replies)) - 1]
        message = AIMessage(cite(reply, str(messages[0].content)), response_metadata={"finish_reason": "stop"})
        return ChatResult(generations=[ChatGeneration(message=message)])

    @property
    def _llm_type(self) -> str:
        return "scripted"
