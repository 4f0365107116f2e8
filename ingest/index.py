"""The one place that opens the Chroma index, embedded or on a Chroma server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from langchain_chroma import Chroma

from ingest.embeddings import bundled_embeddings
from ingest.passages import Passage
from ingest.texts import texts_folder
from settings import Settings

READ_BATCH = 5000


class IndexUnavailable(RuntimeError):
    """The index cannot be opened or read; the message says what to do."""


@dataclass
class PassageIndex:
    """Passages in a Chroma collection, written by ingest and read by the assistant."""

    store: Chroma
    location: str
    texts_dir: Path | None = None   # where the extracted text of PDF, HTML and Word files is stored

    def ids_by_source(self) -> dict[str, set[str]]:
        """Every passage id, grouped by source file."""
        grouped: dict[str, set[str]] = {}
        for ids, metadatas in self._pages(include=["metadatas"]):
            for passage_id, metadata in zip(ids, metadatas, strict=True):
                grouped.setdefault(metadata["source"], set()).add(passage_id)
        return grouped

    def metadatas(self) -> Iterator[tuple[str, dict]]:
        """Every passage id with its metadata (source, start, end, title, date, original), without texts."""
        for ids, metadatas in self._pages(include=["metadatas"]):
            yield from zip(ids, metadatas, strict=True)

    def passages(self) -> list[Passage]:
        """Every passage, in source and offset order."""
        passages = []
        for ids, metadatas, texts in self._pages(include=["metadatas", "documents"]):
            passages += [_passage(i, m, t) for i, m, t in zip(ids, metadatas, texts, strict=True)]
        return sorted(passages, key=lambda p: (p.source, p.start))

    def count(self) -> int:
        # langchain-chroma has no public count; the collection's own is O(1).
        return self._call(self.store._collection.count)

    def add(self, passages: list[Passage]) -> None:
        """Embed and write passages (an upsert: ids already there are overwritten)."""
        self._call(self.store.add_texts, [p.text for p in passages],
                   metadatas=[p.metadata() for p in passages], ids=[p.id for p in passages])

    def max_batch(self) -> int:
        """The most passages Chroma accepts in one write."""
        # langchain-chroma does not expose its client; the batch limit is the client's.
        return self._call(self.store._client.get_max_batch_size)

    def delete(self, ids: list[str]) -> None:
        for first in range(0, len(ids), READ_BATCH):
            self._call(self.store.delete, ids=ids[first:first + READ_BATCH])

    def search(self, query_vector: list[float], k: int) -> list[tuple[Passage, float]]:
        """The k nearest passages with their cosine similarity."""
        found = self._call(self.store.similarity_search_by_vector_with_relevance_scores, query_vector, k=k)
        return [(_passage(doc.id, doc.metadata, doc.page_content), 1.0 - distance) for doc, distance in found]

    def _pages(self, include: list[str]):
        offset = 0
        while True:
            page = self._call(self.store.get, include=include, limit=READ_BATCH, offset=offset)
            if not page["ids"]:
                return
            yield (page["ids"], *(page[name] for name in include))
            offset += len(page["ids"])

    def _call(self, operation, *args, **kwargs):
        try:
            return operation(*args, **kwargs)
        except Exception as error:  # chromadb raises many types for a broken store
            raise IndexUnavailable(_advice(self.location, error)) from error


def open_index(settings: Settings) -> PassageIndex:
    """Open (creating if needed) the passage collection named in the settings."""
    import chromadb

    location = settings.chroma_url or str(settings.index_path)
    try:
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            client = chromadb.HttpClient(host=url.hostname or "localhost", port=url.port or 8000,
                                         ssl=url.scheme == "https")
        else:
            settings.index_path.mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(path=str(settings.index_path))
        store = Chroma(client=client, collection_name=settings.collection,
                       embedding_function=bundled_embeddings(),
                       collection_configuration={"hnsw": {"space": "cosine"}})
    except Exception as error:
        raise IndexUnavailable(_advice(location, error)) from error
    return PassageIndex(store, location, texts_folder(settings.index_path))


def _passage(passage_id: str, metadata: dict, text: str) -> Passage:
    return Passage(passage_id, metadata["source"], int(metadata["start"]), int(metadata["end"]), text,
                   metadata.get("title", ""), metadata.get("date", ""), metadata.get("original", ""))


def _advice(location: str, error: Exception) -> str:
    return (f"the index at {location} cannot be used ({type(error).__name__}: {error}). "
            "If it is damaged, rebuild it with: python -m ingest --rebuild")
