"""Answers as the chat shows them: escaped text, citation markers with their quotes, folded sources and checks.

Every piece of document or question text is escaped before any markup is added around it, so nothing in a
document becomes a tag, link, image or script on the page.
"""

from __future__ import annotations

import html
import re
import secrets
from pathlib import Path

from assistant import Answer, Citation

FOOTER = "<hr>"  # what follows it in a message is this page's, not the answer's
_MARKER = re.compile(r"\[(\d+)\]")
_TOOLTIP = re.compile(r'<span class="tip" role="tooltip">[^<]*</span>')
_TAG = re.compile(r"<[^>]*>")  # every "<" left in a message is a tag: the text's own were escaped
BACKENDS = {"local": "the local model", "openai": "the model endpoint", "extractive": "extraction from the documents"}
# Tooltips show on hover and keyboard focus, below and left of the marker (markers end sentences, and the
# conversation clips what leaves it on the right); a marker links to its passage, and following the link opens
# the folded sources around it (browsers open a closed <details> that holds the target), so no script is needed.
STYLE = """<style>
.cite { position: relative; text-decoration: none; font-weight: 600; }
.cite .tip { display: none; position: absolute; right: 0; top: 1.5em; z-index: 20; width: 24em; max-width: 70vw;
  padding: .5em .7em; border-radius: 6px; background: #1f2937; color: #f9fafb; font-weight: 400;
  font-size: .85em; line-height: 1.35; box-shadow: 0 2px 8px rgba(0,0,0,.3); white-space: normal; }
.cite:hover .tip, .cite:focus-visible .tip { display: block; }
details.sources blockquote:target { outline: 2px solid #f59e0b; outline-offset: 2px; }
details.sources, details.checks { margin-top: .4em; }
p.notice { color: #b45309; }
#suggested button { justify-content: flex-start; text-align: left; white-space: normal; }
</style>"""


def escaped(text: str) -> str:
    """Text as HTML that shows it verbatim: nothing in it becomes a tag, entity, image or link."""
    return html.escape(text).replace("\n", "<br>")


def plain(content: str) -> str:
    """The text a message shows before its footer, without markers' tooltips (what ``escaped`` was given)."""
    shown = _TOOLTIP.sub("", content.split(FOOTER)[0]).replace("<br>", "\n")
    return html.unescape(_TAG.sub("", shown))


def message(answer: Answer, typed: str) -> str:
    """The answer with its markers, then who answered, the question used, its own sources and the checks."""
    prefix = "a" + secrets.token_hex(4)  # passage ids unique across the conversation: each marker finds its own
    cited = cited_passages(answer)
    return (_marked(answer.text, cited, prefix) + FOOTER + status(answer, typed) + sources(cited, prefix)
            + checks(answer))


def cited_passages(answer: Answer) -> list[Citation]:
    """The citations whose marker the answer's text holds (none for a refusal)."""
    if answer.refused:
        return []
    shown = {int(n) for n in _MARKER.findall(answer.text)}
    return [citation for citation in answer.citations if citation.n in shown]


def _marked(text: str, citations: list[Citation], prefix: str) -> str:
    by_number = {citation.n: citation for citation in citations}

    def marker(match: re.Match) -> str:
        citation = by_number.get(int(match.group(1)))
        if citation is None:
            return match.group(0)
        tip = html.escape(f"“{' '.join((citation.quote or citation.text).split())}” — {title(citation)}")
        return (f'<a class="cite" href="#{prefix}-{citation.n}">[{citation.n}]'
                f'<span class="tip" role="tooltip">{tip}</span></a>')

    return _MARKER.sub(marker, escaped(text))


def status(answer: Answer, typed: str) -> str:
    """Which back-end answered (and why it fell back), and the rewritten question when it differs."""
    backend = " and ".join(BACKENDS.get(name, name) for name in answer.backend.split("+") if name)
    fell_back = answer.notice and answer.backend == "extractive"
    lines = [f'<p class="status">Answered by {html.escape(backend or "the assistant")}'
             + (f" (fallback: {escaped(answer.notice)})" if fell_back else "") + "</p>"]
    if answer.notice and not fell_back:
        lines.append(f'<p class="notice">⚠️ {escaped(answer.notice)}</p>')
    if answer.standalone_question and _normalised(answer.standalone_question) != _normalised(typed):
        lines.append(f'<p class="rewrite">Question used: <em>{escaped(answer.standalone_question)}</em></p>')
    return "".join(lines)


def _normalised(question: str) -> str:
    return " ".join(question.lower().split()).rstrip(" ?.!")


def sources(citations: list[Citation], prefix: str) -> str:
    """The cited passages, folded: title, date, offsets, and the passage with its quote marked."""
    if not citations:
        return ""
    items = "".join(
        f'<div class="source"><p><strong>[{c.n}]</strong> {html.escape(title(c))}'
        + (f" · {html.escape(c.date)}" if c.date else "")
        + f" · <code>{html.escape(Path(c.source).name)}</code> (chars {c.start}–{c.end})</p>"
        f'<blockquote id="{prefix}-{c.n}">{highlighted(c)}</blockquote></div>' for c in citations)
    return f'<details class="sources"><summary>Sources ({len(citations)})</summary>{items}</details>'


def checks(answer: Answer) -> str:
    """The sentence checks behind the answer, folded."""
    if not answer.checks:
        return ""
    items = "".join(f"<li><strong>{'kept' if c.supported else 'removed'}</strong>: {escaped(c.sentence)}"
                    + (f" — <em>{escaped(c.reason)}</em>" if c.reason else "") + "</li>" for c in answer.checks)
    summary = f"<summary>Sentence checks ({len(answer.checks)})</summary>"
    return f'<details class="checks">{summary}<ul>{items}</ul></details>'


def title(citation: Citation) -> str:
    """The document's title, else its file name."""
    return citation.title or Path(citation.source).name


def highlighted(citation: Citation) -> str:
    """The passage's paragraphs with the quote marked; the text is escaped before the mark goes in."""
    passage, quote = citation.text, citation.quote
    start, end = citation.quote_start - citation.start, citation.quote_end - citation.start
    if not (quote and 0 <= start < end <= len(passage) and passage[start:end] == quote):
        start = passage.find(quote) if quote else -1
        end = start + len(quote)
    if start < 0:
        marked = html.escape(passage)
    else:
        marked = (html.escape(passage[:start]) + f"<mark>{html.escape(passage[start:end])}</mark>"
                  + html.escape(passage[end:]))
    paragraphs = re.split(r"\n[ \t]*\n\s*", marked.strip())
    return "".join("<p>" + paragraph.replace("\n", "<br>") + "</p>" for paragraph in paragraphs)
