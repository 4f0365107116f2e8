"""Ingest files into the index: only new passages are embedded, stale ones removed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from ingest.documents import Failure, find_files, read_document
from ingest.passages import Passage, split_document
from ingest.texts import original_of
from settings import Settings

if TYPE_CHECKING:  # the index module loads Chroma; a run that stops early should not pay for it
    from ingest.index import PassageIndex


@dataclass
class Summary:
    """What an ingest run did."""

    files: int = 0
    added: int = 0
    unchanged: int = 0
    removed: int = 0
    failures: list[Failure] = field(default_factory=list)

    def __str__(self) -> str:
        line = (f"{self.files} file(s): {self.added} passage(s) added, {self.unchanged} unchanged, "
                f"{self.removed} removed")
        problems = "".join(f"\n  skipped {f.path}: {f.reason}" for f in self.failures)
        return line + (f"; {len(self.failures)} file(s) skipped" + problems if self.failures else "")


def ingest_paths(paths: Iterable[Path], index: PassageIndex, progress: bool = True,
                 settings: Settings | None = None) -> Summary:
    """Bring the index in line with the given files and folders (limits and batch size from ``settings``)."""
    settings = settings or Settings()
    paths = [Path(p) for p in paths]
    files, failures = find_files(paths)
    summary = Summary(failures=failures)
    existing = index.ids_by_source()
    wanted: list[Passage] = []
    stale: list[str] = []
    for path in tqdm(files, desc="Reading", unit="file", disable=not progress or len(files) < 2):
        try:
            document = read_document(path, index.texts_dir, settings.max_file_mb)
        except (OSError, ValueError) as error:
            summary.failures.append(Failure(str(path), str(error)))
            continue
        summary.files += 1
        passages = split_document(document)
        old = existing.pop(document.source, set())
        wanted += [p for p in passages if p.id not in old]
        stale += sorted(old - {p.id for p in passages})
        summary.unchanged += len(old & {p.id for p in passages})
    stale += _vanished(paths, existing, index.texts_dir)
    _write(index, wanted, progress, min(settings.ingest_batch, index.max_batch()))
    # Delete only after the new passages are safely written.
    index.delete(stale)
    summary.added, summary.removed = len(wanted), len(stale)
    return summary


def _vanished(paths: list[Path], remaining: dict[str, set[str]], texts_dir: Path | None) -> list[str]:
    """Passages of files that were inside an ingested folder but no longer exist."""
    folders = [str(p.resolve()) for p in paths if p.is_dir()]
    # An extracted text stays behind its file; whether the file itself is still there decides.
    originals = {source: original_of(source, texts_dir) for source in remaining}
    return [passage_id for source, ids in remaining.items()
            if any(originals[source].startswith(folder + "/") for folder in folders)
            and not Path(originals[source]).exists()
            for passage_id in sorted(ids)]


def _write(index: PassageIndex, passages: list[Passage], progress: bool, batch_size: int) -> None:
    """Embed and write passages of every file together, one index write per batch."""
    with tqdm(total=len(passages), desc="Embedding", unit="passage", disable=not progress or not passages) as bar:
        for first in range(0, len(passages), batch_size):
            batch = passages[first:first + batch_size]
            index.add(batch)
            bar.update(len(batch))
