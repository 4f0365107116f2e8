"""Files → passages → embedded Chroma index."""

from ingest.catalog import DocumentInfo, list_documents, remove_document
from ingest.documents import Document, Failure, read_document
from ingest.index import IndexUnavailable, PassageIndex, open_index
from ingest.loaders import SUPPORTED_SUFFIXES, extract_text
from ingest.passages import Passage, split_document
from ingest.pipeline import Summary, ingest_paths
from ingest.settings import Settings

__all__ = ["SUPPORTED_SUFFIXES", "Document", "DocumentInfo", "Failure", "IndexUnavailable", "Passage", "PassageIndex",
           "Settings", "Summary", "extract_text", "ingest_paths", "list_documents", "open_index", "read_document",
           "remove_document", "split_document"]
