"""The documents panel: add uploaded files to the index, list what it holds, remove a document."""

from __future__ import annotations

import filecmp
import html
import shutil
import threading
from pathlib import Path

from assistant import Assistant
from ingest import list_documents, remove_document
from ingest.pipeline import ingest_paths


class Library:
    """Changes the assistant's index from the page, one change at a time, while questions go on being answered."""

    def __init__(self, bot: Assistant):
        self.bot = bot
        settings = bot.settings
        # Uploads are kept: text files are cited in place, so a citation must not point at a temporary file.
        self.folder = Path(settings.upload_path or settings.index_path / "uploads").resolve()
        self._lock = threading.Lock()

    def add(self, files: list[str]) -> str:
        """Copy the uploaded files into the upload folder and ingest them; the message names any that failed."""
        if not files:
            return "Choose one or more files first."
        with self._lock:
            copies, refused = self._copy([Path(f) for f in files])
            summary = ingest_paths(copies, self.bot.index, progress=True, settings=self.bot.settings)
            for failure in summary.failures:
                Path(failure.path).unlink(missing_ok=True)  # an unreadable upload is not kept
            self.bot.reload()
            warm = self.bot.warm_up()  # a corpus read whole has its new prompt processed now, not at the next question
        problems = refused + [(Path(f.path).name, f.reason) for f in summary.failures]
        lines = [f"Added {summary.files} file(s): {summary.added} new passage(s), {summary.unchanged} unchanged."]
        if warm >= 1:
            lines.append(f"The model's prompt of the documents was prepared in {warm:.0f} s, so answers start at once.")
        lines += [f"Could not add {name}: {reason}" for name, reason in problems]
        if problems:
            lines.append("Everything else in the index is unchanged.")
        return "\n".join(lines)

    def _copy(self, files: list[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
        """The copies made; a different file under a name already uploaded is refused, not overwritten."""
        self.folder.mkdir(parents=True, exist_ok=True)
        copies, refused = [], []
        for upload in files:
            target = self.folder / upload.name
            if target.exists() and not filecmp.cmp(upload, target, shallow=False):
                refused.append((upload.name, "a different document of that name is already in the index; "
                                             "remove it first to replace it"))
                continue
            shutil.copyfile(upload, target)
            copies.append(target)
        return copies, refused

    def remove(self, source: str | None) -> str:
        """Remove one document's passages (and the uploaded file, when it was uploaded here)."""
        if not source:
            return "Choose a document to remove."
        with self._lock:
            document = next((d for d in list_documents(self.bot.index) if d.source == source), None)
            removed = remove_document(self.bot.index, source)
            self.bot.reload()
            self.bot.warm_up()
        if document is None or not removed:
            return "That document is no longer in the index."
        original = Path(document.original)
        if original.parent == self.folder:
            original.unlink(missing_ok=True)
        return f"Removed {document.name} ({removed} passage(s))."

    def table(self) -> str:
        """The indexed documents as an HTML table of escaped text."""
        documents = list_documents(self.bot.index)
        rows = "".join(f"<tr><td>{html.escape(d.title)}</td><td>{html.escape(d.date)}</td><td>{d.passages}</td>"
                       f"<td><code>{html.escape(d.name)}</code></td></tr>" for d in documents)
        return (f"<p>{len(documents)} document(s) in the index.</p><table class=\"documents\"><thead><tr><th>Title"
                f"</th><th>Date</th><th>Passages</th><th>File</th></tr></thead><tbody>{rows}</tbody></table>")

    def choices(self) -> list[tuple[str, str]]:
        """(label, source) pairs for the remove menu."""
        return [(f"{d.name} — {d.title}" if d.title else d.name, d.source) for d in list_documents(self.bot.index)]
