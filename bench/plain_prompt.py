"""The rule-free baseline (DESIGN.md §7): numbered passages in one cached system prompt, the question last."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.answer import Answer, Citation
from assistant.local_model import SLOT_CONTEXT_TOKENS
from bench.scoring import looks_like_refusal
from ingest.passages import Passage
from settings import Settings

NAME = "plain-prompt"
MAX_ANSWER_TOKENS = 200
# One request gets one slot's context; keep room for the question, its history and the answer. English prose
# runs at about four characters a token for this model's tokenizer (the release: 4,400 characters, about 1,000
# tokens); 3.5 leaves a margin.
PASSAGE_CHARS = int((SLOT_CONTEXT_TOKENS - MAX_ANSWER_TOKENS - 400) * 3.5)
# Of four wordings tried on ten tune questions, asking for "exactly" this reply or putting the instruction after
# the passages made this model refuse answerable questions; this one refused least and invented little.
INSTRUCTION = ("Answer the question from the numbered passages below, in one to three sentences. Cite the passage "
               "number after each sentence, like [3]. If the passages do not answer the question, reply: "
               "The documents do not say.")
MARKERS = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")


def system_prompt(passages: list[Passage]) -> str:
    """The instruction, then the passages numbered [1]..[N]."""
    return INSTRUCTION + "\n\n" + "\n\n".join(f"[{n}] {p.text.strip()}" for n, p in enumerate(passages, start=1))


def fitting(passages: list[Passage], budget: int = PASSAGE_CHARS) -> list[Passage]:
    """The leading passages whose texts fit the character budget together."""
    used, kept = 0, []
    for passage in passages:
        used += len(passage.text) + 6  # the number and the blank line before it
        if used > budget:
            break
        kept.append(passage)
    return kept


def cited(text: str, passages: list[Passage]) -> list[Citation]:
    """The passages whose numbers the text cites, in order of first citation; numbers out of range are ignored."""
    numbers = [int(n) for group in MARKERS.findall(text) for n in group.split(",")]
    chosen = dict.fromkeys(n for n in numbers if 1 <= n <= len(passages))
    return [Citation(n, p.source, p.start, p.end, p.text, "", p.start, p.start, p.title, p.date)
            for n, p in ((n, passages[n - 1]) for n in chosen)]


class PlainPrompt:
    """Passages (the whole corpus when it fits) in a constant system prompt; no rewriting, no checks."""

    def __init__(self, settings: Settings, index, base_url: str):
        from langchain_openai import ChatOpenAI

        # The index's own passages (the ingest splitting), so both systems cite the same spans.
        self.corpus = index.passages()
        self.index = index
        self.whole_corpus = fitting(self.corpus) == self.corpus
        self.model = ChatOpenAI(base_url=base_url, api_key=settings.llm_api_key, model=settings.llm_model,
                                temperature=0, max_tokens=MAX_ANSWER_TOKENS, timeout=settings.llm_timeout,
                                max_retries=0)

    def passages(self, question: str) -> list[Passage]:
        """The whole corpus, or the passages nearest the question in meaning that fit (best first)."""
        if self.whole_corpus:
            return self.corpus
        from ingest.embeddings import bundled_embeddings

        ranked = self.index.search(bundled_embeddings().embed_query(question), len(self.corpus))
        return fitting([passage for passage, _ in ranked])

    def warm_up(self) -> None:
        """Process the constant system prompt once, so timed answers pay only for the question."""
        if self.whole_corpus:
            self.model.bind(max_tokens=1).invoke([("system", system_prompt(self.corpus)), ("user", "Hello")])

    def stream(self, question: str, history=None) -> Iterator[str | Answer]:
        """Text deltas, then an Answer citing the passages the text names; earlier turns go before the question."""
        passages = self.passages(question)
        turns = [message for user, reply in history or [] for message in (("user", user), ("assistant", reply))]
        text = ""
        for chunk in self.model.stream([("system", system_prompt(passages)), *turns, ("user", question)]):
            if chunk.content:
                text += chunk.content
                yield chunk.content
        yield final_answer(text, passages, question)


def final_answer(text: str, passages: list[Passage], question: str) -> Answer:
    """The reply as an Answer: a refusal when it cites nothing and says the documents do not say."""
    citations = cited(text, passages)
    return Answer(text.strip(), citations, not citations and looks_like_refusal(text), question, backend=NAME)
