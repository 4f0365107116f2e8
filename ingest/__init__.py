"""Files → passages → embedded Chroma index."""

from ingest.documents import Document, Failure, read_document
from ingest.index import IndexUnavailable, PassageIndex, open_index
from ingest.passages import Passage, split_document
from ingest.pipeline import Summary, ingest_paths
from ingest.settings import Settings

__all__ = ["Document", "Failure", "IndexUnavailable", "Passage", "PassageIndex", "Settings", "Summary",
           "ingest_paths", "open_index", "read_document", "split_document"]
