"""Extracted text of PDF, HTML and Word files, kept as UTF-8 files so every citation can be opened.

The text of ``/docs/report.pdf`` is stored at ``<index_path>/texts/docs/report.pdf.txt``: the original's
absolute path mirrored under the texts folder, so each original has one stored text and vice versa.
"""

from __future__ import annotations

from pathlib import Path

TEXTS_FOLDER = "texts"


def texts_folder(index_path: Path) -> Path:
    """The folder beside the index where extracted texts are stored."""
    return Path(index_path).resolve() / TEXTS_FOLDER


def stored_path(texts_dir: Path, original: Path) -> Path:
    """Where the extracted text of ``original`` is kept."""
    resolved = Path(original).resolve()
    mirrored = texts_dir / resolved.relative_to(resolved.anchor)
    return mirrored.with_name(mirrored.name + ".txt")


def store_text(texts_dir: Path, original: Path, text: str) -> Path:
    """Write the extracted text (only if it changed) and return the stored file's path."""
    target = stored_path(texts_dir, original)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        # newline="" writes "\n" as is, so reading the file back gives exactly ``text``.
        with open(target, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    return target


def original_of(source: str, texts_dir: Path | None) -> str:
    """The file a stored text was extracted from; any other source is its own original."""
    path = Path(source)
    if texts_dir is None or not path.is_relative_to(texts_dir) or path.suffix != ".txt":
        return source
    relative = path.relative_to(texts_dir)
    return str(Path(path.anchor, relative).with_suffix(""))


def remove_text(source: str, texts_dir: Path | None) -> bool:
    """Delete a stored text and the folders it leaves empty; False when the source is not a stored text."""
    path = Path(source)
    if texts_dir is None or not path.is_relative_to(texts_dir) or not path.is_file():
        return False
    path.unlink()
    for folder in path.parents:
        if folder == texts_dir or not folder.is_relative_to(texts_dir) or any(folder.iterdir()):
            break
        folder.rmdir()
    return True
