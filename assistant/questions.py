"""The edge of the assistant: a question and its history are checked and cleaned once, before any work."""

from __future__ import annotations

import re
import unicodedata

Turn = tuple[str, str]

# ECMA-48 escape sequences (colours, cursor moves, window titles), removed whole: dropping only the
# ESC byte would leave "[31m" behind, and its digits would read as a figure the question names.
_ANSI = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
# Markup is not part of a question: a script or style element goes whole, other tags leave their text.
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")
_KEPT_FORMAT = {"\u200c", "\u200d"}  # joiners that some scripts and emoji need
_ROLES = {"user", "assistant", "system"}


class QuestionError(ValueError):
    """The question cannot be asked as it is (empty, too long, malformed history); nothing was sent to a model."""


def plain_text(text: str) -> str:
    """``text`` without terminal escape sequences, control characters (but line breaks and tabs), lone
    surrogates or invisible format characters."""
    return "".join(ch for ch in _ANSI.sub("", text) if _visible(ch))


def checked_question(question, max_chars: int) -> str:
    """The question as plain text; raises QuestionError when nothing is left or it is too long."""
    if not isinstance(question, str):
        raise QuestionError(f"The question must be text, not {type(question).__name__}.")
    question = " ".join(_TAG.sub(" ", _SCRIPT.sub(" ", plain_text(question))).split())
    if not question:
        raise QuestionError("Please type a question.")
    if len(question) > max_chars:
        raise QuestionError(f"The question is {len(question):,} characters long; please keep it under {max_chars:,}.")
    return question


def checked_history(history) -> list[Turn]:
    """Earlier turns as (user, assistant) pairs, from pairs or {role, content} messages; raises QuestionError
    naming the first item that is neither."""
    if history is None:
        return []
    if not isinstance(history, list | tuple):
        raise QuestionError(f"The history must be a list of (user, assistant) pairs or {{role, content}} messages, "
                            f"not {type(history).__name__}.")
    turns: list[Turn] = []
    pending_user = None
    for position, item in enumerate(history, start=1):
        if isinstance(item, dict):
            role, content = _message(position, item)
            if role == "user":
                pending_user = content
            elif role == "assistant" and pending_user is not None:
                turns.append((pending_user, content))
                pending_user = None
        else:
            turns.append(_pair(position, item))
    return turns


def _message(position: int, item: dict) -> tuple[str, str]:
    role, content = item.get("role"), item.get("content")
    if role not in _ROLES or not isinstance(content, str):
        raise QuestionError(f"History item {position} is not a (user, assistant) pair or a {{role, content}} "
                            "message with role user or assistant and text content.")
    return role, plain_text(content)


def _pair(position: int, item) -> Turn:
    if not isinstance(item, list | tuple) or len(item) != 2 or not isinstance(item[0], str) or \
            not isinstance(item[1], str | None):
        raise QuestionError(f"History item {position} is not a (user, assistant) pair of texts or a "
                            "{role, content} message.")
    return plain_text(item[0]), plain_text(item[1] or "")


def _visible(ch: str) -> bool:
    """Not a control character, a lone surrogate, or an invisible format character (kept: joiners)."""
    category = unicodedata.category(ch)
    return ch in "\t\r\n\v\f" or ch in _KEPT_FORMAT or category not in ("Cc", "Cs", "Cf")
