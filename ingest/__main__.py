"""``python -m ingest [PATH ...]``: build or update the index (default: the bundled release), list or remove."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from settings import Settings

if TYPE_CHECKING:
    from ingest.index import PassageIndex


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__)
    parser.add_argument("paths", nargs="*", type=Path,
                        help=".txt, .md, .pdf, .html or .docx files or folders (default: bundled corpus)")
    parser.add_argument("--rebuild", action="store_true",
                        help="move the current embedded index aside and build a new one")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.add_argument("--list", action="store_true", help="list the indexed documents and stop")
    parser.add_argument("--remove", action="append", type=Path, default=[], metavar="PATH",
                        help="remove a document (its file or cited source) from the index; repeatable")
    args = parser.parse_args(argv)
    if _missing(args.paths):
        return 2
    # Imported here, not above, so the checks before this point answer at once.
    from ingest.index import IndexUnavailable, open_index
    from ingest.pipeline import ingest_paths

    try:
        settings = Settings.from_env()
        if args.rebuild:
            _move_aside(settings)
        index = open_index(settings)
        if args.list or args.remove:
            return _manage(index, args.remove, args.list)
        summary = ingest_paths(args.paths or [settings.corpus_path], index, not args.quiet, settings)
    except (IndexUnavailable, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(summary)
    print(f"index: {index.location} ({index.count()} passages)")
    return 1 if summary.failures else 0


def _missing(paths: list[Path]) -> bool:
    """Report paths that do not exist; said before Chroma and the embedding model load, which takes seconds."""
    missing = [path for path in paths if not path.exists()]
    for path in missing:
        print(f"error: no such file or folder: {path}", file=sys.stderr)
    if missing:
        print("nothing was ingested", file=sys.stderr)
    return bool(missing)


def _manage(index: PassageIndex, removals: list[Path], show: bool) -> int:
    """Remove the given documents, then list what the index holds if asked."""
    from ingest.catalog import list_documents, remove_document

    missing = 0
    for path in removals:
        removed = remove_document(index, path)
        missing += not removed
        print(f"removed {path} ({removed} passage(s))" if removed else f"not in the index: {path}")
    documents = list_documents(index) if show else []
    for document in documents:
        print(f"{document.title} | {document.date or 'no date'} | {document.passages} passage(s) | {document.original}")
    print(f"index: {index.location} ({index.count()} passages)")
    return 1 if missing else 0


def _move_aside(settings: Settings) -> None:
    if settings.chroma_url:
        raise ValueError("--rebuild works on the embedded index only; drop the collection on the server instead")
    if settings.index_path.exists():
        backup = settings.index_path.with_name(f"{settings.index_path.name}.old-{time.strftime('%Y%m%d-%H%M%S')}")
        shutil.move(settings.index_path, backup)
        print(f"moved the old index to {backup}")


if __name__ == "__main__":
    sys.exit(main())
