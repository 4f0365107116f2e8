"""How sure the model was of a draft, read from the token probabilities llama.cpp reports."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage

from assistant.drafting import confidence


def reply(*tokens: tuple[str, float]) -> AIMessage:
    content = [{"token": token, "logprob": logprob} for token, logprob in tokens]
    return AIMessage("".join(t for t, _ in tokens), response_metadata={"logprobs": {"content": content}})


def test_confidence_is_the_mean_of_the_three_least_likely_words():
    draft = reply(("Huawei", -0.1), (" pledged", -0.9), (" 120", -1.5), (" million", -0.3), (" people", -0.6),
                  (".", -3.0))
    assert confidence(draft) == pytest.approx((-1.5 - 0.9 - 0.6) / 3)


def test_citation_markers_and_punctuation_do_not_count():
    draft = reply(("Cambodia", -0.2), (" [", -4.0), ("1", -5.0), ("]", -4.0), (".", -6.0))
    assert confidence(draft) == pytest.approx(-0.2)


def test_no_probabilities_no_confidence():
    assert confidence(AIMessage("Cambodia.", response_metadata={})) is None
    assert confidence(reply((" [", -1.0), ("2", -1.0), ("]", -1.0))) is None
