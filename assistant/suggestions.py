"""Suggested questions made from the indexed documents, each checked to be answered, cached with the index.

Documents are taken newest file first (an upload is the newest), then in the order of their source paths. Each
gives one question about its opening paragraph: written by the chat model when there is one, else made from the
document's title. When there are fewer
documents than questions wanted, each document may give a second, model-written question about its next
paragraph. A question is kept only when the assistant answers it (the answer is not a refusal).

The questions are saved in ``suggestions.json`` in the index folder under a fingerprint of the indexed passages
and of what wrote them, so a restart reuses them and a change of documents makes new ones.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from assistant.questions import QuestionError
from ingest.passages import Passage

log = logging.getLogger(__name__)

SUGGESTIONS_FILE = "suggestions.json"
DEFAULT_COUNT = 4
PER_DOCUMENT = 2            # rounds over the documents: the second only while too few questions were kept
CHECKS_PER_QUESTION = 3     # questions asked to check them, at most, for each one wanted
KEPT_ENTRIES = 8            # document sets remembered: removing a document just added finds its questions again
PARAGRAPH_CHARS = 80        # shorter blocks (datelines, headings) say too little to ask about
OPENING_CHARS = 1500        # of a paragraph, shown to the model
QUESTION_TOKENS = 48
QUESTION_CHARS = (10, 160)  # a reply outside these lengths is not one short question
FORMAT = 1
ASSISTANTS_MODEL = object()  # the default writer: whatever chat model the assistant has (None without one)

WRITER_SYSTEM = ("You suggest questions to a reader of a document. Reply with one short question and nothing "
                 "else.")
WRITER_TASK = ("Title: {title}\n\nParagraph:\n{paragraph}\n\nWrite one short question (at most 15 words) that a "
               "reader would ask and that this paragraph answers. Name what the question is about instead of "
               "writing 'it', 'they' or 'the document'.")
_LEAD = re.compile(r"^(?:question\s*:|q\s*:|\d+[.)]|[-*•])\s*", re.IGNORECASE)
_QUOTES = " \"'“”‘’*`"


def suggested_questions(bot, count: int = DEFAULT_COUNT, model=ASSISTANTS_MODEL) -> list[str]:
    """Up to ``count`` answerable questions about the documents ``bot`` has indexed, from the cache when it holds
    them for these documents. ``model`` writes the questions (default: the assistant's chat model; None: titles)."""
    reader = bot.reader  # one view of the documents, even if they change meanwhile
    if model is ASSISTANTS_MODEL:
        model = bot._chat_model()
    key = cache_key(reader.documents, _writer(bot, model is not None), count)
    cache = SuggestionCache(bot.settings.index_path)
    cached = cache.get(key)
    if cached is not None:
        return cached
    questions = _Suggester(bot, model, count, reader.retriever.paragraph).questions(_ordered(reader.documents))
    if bot.reader is reader:  # checked against the documents the key names, so safe to reuse
        cache.put(key, questions)
    return questions


def cached_suggestions(bot, count: int = DEFAULT_COUNT) -> list[str] | None:
    """The saved questions for the documents now indexed, or None; never starts a model or asks anything."""
    key = cache_key(bot.reader.documents, _writer(bot, bot.backend != "extractive"), count)
    return SuggestionCache(bot.settings.index_path).get(key)


def cache_key(documents: dict[str, list[Passage]], writer: str, count: int) -> str:
    """A fingerprint of the documents (each source and its passage ids, which hash the text), what writes the
    questions and how many are wanted."""
    digest = hashlib.sha256(f"{writer}\n{count}\n".encode())
    for source in sorted(documents):
        digest.update(f"{source}\n{','.join(p.id for p in documents[source])}\n".encode())
    return digest.hexdigest()


def _writer(bot, with_model: bool) -> str:
    """What writes the questions: the configured model, or the titles (no model, or it could not start)."""
    return f"model:{bot.settings.llm_model}" if with_model else "titles"


def _ordered(documents: dict[str, list[Passage]]) -> list[list[Passage]]:
    """Newest file first (an upload is the newest), then by path: a document just added gets its question shown."""
    return [documents[source] for source in sorted(documents, key=lambda source: (-_modified(source), source))
            if documents[source]]


def _modified(source: str) -> float:
    try:
        return os.stat(source).st_mtime
    except OSError:
        return 0.0


class _Suggester:
    """Goes over the documents in rounds, keeping the first candidate of each that the assistant answers."""

    def __init__(self, bot, model, count: int, paragraph_of):
        self.bot, self.model, self.count, self.paragraph_of = bot, model, count, paragraph_of
        self.kept: list[str] = []
        self.checks_left = CHECKS_PER_QUESTION * count  # a corpus the assistant refuses to discuss ends the search

    def questions(self, documents: list[list[Passage]]) -> list[str]:
        for round_number in range(PER_DOCUMENT):
            for passages in documents:
                if len(self.kept) >= self.count or self.checks_left <= 0:
                    return self.kept
                self._keep_first_answered(self._candidates(passages, round_number))
        return self.kept

    def _candidates(self, passages: list[Passage], round_number: int) -> Iterator[str]:
        """The questions to try for a document in this round, best first, written only when tried."""
        if self.model is not None:
            paragraph = _paragraphs(passages, self.paragraph_of)[round_number:round_number + 1]
            written = write_question(self.model, _title(passages), paragraph[0]) if paragraph else None
            if written:
                yield written
        if round_number == 0:  # a second question from the title would only repeat the first
            yield from title_questions(_title(passages))

    def _keep_first_answered(self, candidates: Iterator[str]) -> None:
        for question in candidates:
            if self.checks_left <= 0:
                return
            if _normalised(question) in {_normalised(kept) for kept in self.kept}:
                continue
            self.checks_left -= 1
            if self._answered(question):
                self.kept.append(question)
                return

    def _answered(self, question: str) -> bool:
        try:
            return not self.bot.ask(question, []).refused
        except QuestionError:  # e.g. a title too long to make a question of
            return False


def title_questions(title: str) -> list[str]:
    """Questions made from a document's title alone (used without a model, or when its question was refused)."""
    return [f"What does “{title}” announce?", f"What is “{title}” about?"]


def write_question(model, title: str, paragraph: str) -> str | None:
    """One short question the paragraph answers, written by the chat model; None when it fails or writes none."""
    messages = [("system", WRITER_SYSTEM),
                ("human", WRITER_TASK.format(title=title, paragraph=paragraph[:OPENING_CHARS]))]
    try:
        reply = model.bind(max_tokens=QUESTION_TOKENS).invoke(messages)
    except Exception as error:  # the title's question is tried instead
        log.warning("no question was written for %r: %s", title, error)
        return None
    return cleaned_question(str(reply.content))


def cleaned_question(reply: str) -> str | None:
    """The question in a model's reply, without numbering, labels or quotes; None unless it is one short question."""
    line = next((line.strip() for line in reply.splitlines() if line.strip()), "")
    question = _LEAD.sub("", line).strip(_QUOTES)
    shortest, longest = QUESTION_CHARS
    if not question.endswith("?") or not shortest <= len(question) <= longest:
        return None
    return question


def _paragraphs(passages: list[Passage], paragraph_of) -> list[str]:
    """The document's paragraphs long enough to ask about, in order (a long paragraph's passages give it once)."""
    found: list[str] = []
    for passage in passages:
        text = paragraph_of(passage).strip()
        if len(text) >= PARAGRAPH_CHARS and text not in found:
            found.append(text)
    return found


def _title(passages: list[Passage]) -> str:
    return passages[0].title or Path(passages[0].source).stem


def _normalised(question: str) -> str:
    return " ".join(question.lower().split()).rstrip(" ?")


class SuggestionCache:
    """Questions by key in a JSON file; a missing or damaged file reads as empty, and is written anew whole."""

    _lock = threading.Lock()  # one read-change-write at a time in this process; the file is replaced whole

    def __init__(self, folder: Path):
        self.path = Path(folder) / SUGGESTIONS_FILE

    def get(self, key: str) -> list[str] | None:
        return self._entries().get(key)

    def put(self, key: str, questions: list[str]) -> None:
        with self._lock:
            entries = self._entries()
            entries.pop(key, None)
            entries[key] = list(questions)  # the newest last; the oldest go first
            kept = dict(list(entries.items())[-KEPT_ENTRIES:])
            try:
                write_atomically(self.path, json.dumps({"format": FORMAT, "entries": kept}, ensure_ascii=False,
                                                       indent=1))
            except OSError as error:  # the questions are still shown; the next start makes them again
                log.warning("suggested questions not saved in %s: %s", self.path, error)

    def _entries(self) -> dict[str, list[str]]:
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            log.warning("ignoring the damaged %s: %s", self.path, error)
            return {}
        if not _well_formed(saved):
            log.warning("ignoring %s: not a file of suggested questions", self.path)
            return {}
        return saved["entries"]


def _well_formed(saved) -> bool:
    entries = saved.get("entries") if isinstance(saved, dict) and saved.get("format") == FORMAT else None
    return isinstance(entries, dict) and all(
        isinstance(questions, list) and all(isinstance(q, str) for q in questions) for questions in entries.values())


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then put it in place: a reader sees the old file or
    the new one, never part of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
