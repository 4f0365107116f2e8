"""Files → passages → embedded Chroma index."""

from importlib import import_module

# Names are loaded on first use, so ``python -m ingest`` can check its arguments before Chroma and torch load.
_HOMES = {"DocumentInfo": "catalog", "list_documents": "catalog", "remove_document": "catalog",
          "Document": "documents", "Failure": "documents", "read_document": "documents",
          "IndexUnavailable": "index", "PassageIndex": "index", "open_index": "index",
          "SUPPORTED_SUFFIXES": "loaders", "extract_text": "loaders", "Passage": "passages",
          "split_document": "passages", "Summary": "pipeline", "ingest_paths": "pipeline"}

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'ingest' has no attribute {name!r}")
    return getattr(import_module(f"ingest.{_HOMES[name]}"), name)
