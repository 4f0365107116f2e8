"""The documents in an index: list them with their title, date and passage count, or remove one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingest.index import PassageIndex
from ingest.texts import remove_text


@dataclass(frozen=True)
class DocumentInfo:
    """One indexed document as a documents panel shows it."""

    source: str      # what citations point at: the file itself, or the stored text of a PDF, HTML or Word file
    original: str    # the file that was ingested (the same as ``source`` for text files)
    title: str       # first heading or title line, else made from the file name
    date: str        # ISO date of the dateline, "" when there is none
    passages: int

    @property
    def name(self) -> str:
        """The ingested file's name, for display."""
        return Path(self.original).name


def list_documents(index: PassageIndex) -> list[DocumentInfo]:
    """Every document in the index, ordered by the path of its original file."""
    found: dict[str, dict] = {}
    counts: dict[str, int] = {}
    for _, metadata in index.metadatas():
        found.setdefault(metadata["source"], metadata)
        counts[metadata["source"]] = counts.get(metadata["source"], 0) + 1
    documents = [DocumentInfo(source, metadata.get("original") or source, metadata.get("title", ""),
                              metadata.get("date", ""), counts[source]) for source, metadata in found.items()]
    return sorted(documents, key=lambda document: document.original)


def remove_document(index: PassageIndex, source: str | Path) -> int:
    """Remove a document's passages (and its stored text); returns how many passages were removed.

    ``source`` is either a ``DocumentInfo.source`` or the path of the file that was ingested; 0 means no
    document in the index has it.
    """
    wanted = {str(source), str(Path(source).resolve())}
    ids: list[str] = []
    sources: set[str] = set()
    for passage_id, metadata in index.metadatas():
        if metadata["source"] in wanted or metadata.get("original") in wanted:
            ids.append(passage_id)
            sources.add(metadata["source"])
    index.delete(ids)
    for stored in sources:
        remove_text(stored, index.texts_dir)
    return len(ids)
