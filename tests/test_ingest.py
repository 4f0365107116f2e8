"""Ingest: passages keep exact offsets, re-ingesting is incremental, bad files are reported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ingest import IndexUnavailable, ingest_paths, open_index, read_document, split_document
from settings import Settings
from tests.conftest import RELEASE


def test_passages_are_exact_spans_of_the_release():
    document = read_document(RELEASE)
    passages = split_document(document)
    assert all(document.text[p.start:p.end] == p.text for p in passages)
    assert len(passages) == 14
    assert document.date == "2022-11-24"


def test_short_lines_are_attached_to_a_neighbour_not_dropped():
    passages = split_document(read_document(RELEASE))
    assert passages[0].text.startswith("Shenzhen, China, November 24, 2022\nHuawei has signed")
    assert any(p.text.startswith("About Huawei\nFounded in 1987") for p in passages)
    assert passages[-1].text.endswith("http://www.facebook.com/Huawei")
    covered = "".join(p.text for p in passages).replace("\n", "")
    assert covered == RELEASE.read_text(encoding="utf-8").replace("\n", "")


def test_long_paragraphs_split_at_sentence_boundaries(tmp_path: Path):
    long_file = tmp_path / "long.txt"
    long_file.write_text(" ".join(f"Sentence number {i} talks about water pipes." for i in range(60)))
    passages = split_document(read_document(long_file))
    assert len(passages) > 1
    assert all(len(p.text) <= 900 and p.text.endswith(".") for p in passages)


def test_reingest_writes_nothing_and_changes_replace_old_passages(settings):
    index = open_index(settings)
    first = ingest_paths([settings.corpus_path], index, progress=False)
    assert (first.files, first.added, first.removed) == (1, 14, 0)
    again = ingest_paths([settings.corpus_path], index, progress=False)
    assert (again.added, again.unchanged, again.removed) == (0, 14, 0)

    release = settings.corpus_path / RELEASE.name
    release.write_text(release.read_text(encoding="utf-8").replace("120 million", "130 million"), encoding="utf-8")
    changed = ingest_paths([settings.corpus_path], index, progress=False)
    assert (changed.added, changed.removed) == (1, 1)
    texts = [p.text for p in index.passages()]
    assert len(texts) == 14
    assert any("130 million" in t for t in texts) and not any("120 million" in t for t in texts)


def test_deleted_file_in_an_ingested_folder_loses_its_passages(settings, tmp_path: Path):
    extra = settings.corpus_path / "extra.txt"
    extra.write_text("The extra document says the pilot plant opens in 2031 in Harbour Town.", encoding="utf-8")
    index = open_index(settings)
    ingest_paths([settings.corpus_path], index, progress=False)
    extra.unlink()
    summary = ingest_paths([settings.corpus_path], index, progress=False)
    assert summary.removed == 1
    assert not any("pilot plant" in p.text for p in index.passages())


def test_bad_files_are_reported_and_the_others_ingested(settings, tmp_path: Path):
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\x00\x00binary")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    good = tmp_path / "good.md"
    good.write_text("# Good\n\nA fine document about river dredging in the spring of 2024.\n", encoding="utf-8")
    summary = ingest_paths([tmp_path / "binary.txt", tmp_path / "latin1.txt", tmp_path / "missing.txt", good],
                           open_index(settings), progress=False)
    reasons = {Path(f.path).name: f.reason for f in summary.failures}
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "no such file" in reasons["missing.txt"]
    assert summary.files == 1 and summary.added == 1


def test_damaged_index_gives_a_clear_message(settings):
    ingest_paths([settings.corpus_path], open_index(settings), progress=False)
    database = settings.index_path / "chroma.sqlite3"
    database.write_bytes(b"this is not a database" * 100)
    with pytest.raises(IndexUnavailable, match="python -m ingest --rebuild"):
        open_index(settings).count()


def test_command_line_prints_a_summary_and_flags_failures(settings, tmp_path: Path):
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\x00\x00binary")
    env = {"ASSISTANT_INDEX_PATH": str(settings.index_path), "PATH": "/usr/bin:/bin", "HOME": str(Path.home())}
    run = subprocess.run([sys.executable, "-m", "ingest", "--quiet", str(settings.corpus_path),
                          str(tmp_path / "binary.txt")], capture_output=True, text=True, env=env,
                         cwd=Path(__file__).parent.parent, timeout=300)
    assert "1 file(s): 14 passage(s) added" in run.stdout
    assert "binary.txt: binary file" in run.stdout
    assert run.returncode == 1


def test_missing_path_is_reported_before_chroma_or_torch_load(settings, tmp_path: Path):
    env = {"ASSISTANT_INDEX_PATH": str(settings.index_path), "PATH": "/usr/bin:/bin", "HOME": str(Path.home())}
    # -X importtime lists every module the run imported, on stderr.
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "ingest", str(settings.corpus_path),
                          str(tmp_path / "nope.txt")], capture_output=True, text=True, env=env,
                         cwd=Path(__file__).parent.parent, timeout=300)
    imported = {line.split("|")[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}
    assert f"no such file or folder: {tmp_path / 'nope.txt'}" in run.stderr
    assert run.returncode == 2
    assert {"torch", "chromadb", "sentence_transformers", "langchain_chroma"}.isdisjoint(imported)
    assert not settings.index_path.exists()


def test_file_over_the_size_setting_is_skipped_naming_the_setting(settings, tmp_path: Path):
    big = tmp_path / "big.txt"
    big.write_text("".join(f"Paragraph {i:02} is about harbour dredging, the spring tides of the coming year "
                           "and the new quay at the east end.\n\n" for i in range(20)))
    limited = Settings.from_env({"ASSISTANT_INDEX_PATH": str(settings.index_path), "ASSISTANT_MAX_FILE_MB": "0.0018"})
    summary = ingest_paths([big], open_index(limited), progress=False, settings=limited)
    assert summary.added == 0
    assert summary.failures[0].reason == ("file is 2,220 bytes, over the 0.0018 MB limit "
                                          "(ASSISTANT_MAX_FILE_MB; 1 MB = 1,000,000 bytes)")
    raised = limited.with_(max_file_mb=0.003)
    assert ingest_paths([big], open_index(raised), progress=False, settings=raised).added == 20


def test_passages_of_all_files_are_embedded_and_written_in_batches_of_the_set_size(settings, tmp_path, monkeypatch):
    folder = tmp_path / "three"
    folder.mkdir()
    for number in range(3):
        (folder / f"file-{number}.txt").write_text("".join(
            f"Paragraph {i} of file {number} says the valley pipeline reaches village {i} next spring, "
            "a year before the coast.\n\n"
            for i in range(5)))
    index = open_index(settings)
    written: list[set[str]] = []
    real_add = index.add
    # A spy, not a fake: every batch still goes to the real Chroma index.
    monkeypatch.setattr(index, "add", lambda batch: (written.append({Path(p.source).name for p in batch}),
                                                     real_add(batch)))
    summary = ingest_paths([folder], index, progress=False, settings=settings.with_(ingest_batch=6))
    assert summary.added == 15 and index.count() == 15
    assert written == [{"file-0.txt", "file-1.txt"}, {"file-1.txt", "file-2.txt"}, {"file-2.txt"}]


@pytest.mark.parametrize("text, title", [
    ("Shenzhen, China, November 24, 2022\nHuawei has signed a global commitment to join the International "
     "Telecommunication Union's Partner2Connect digital alliance, which will bring connectivity to millions.\n",
     "Huawei has signed a global commitment to join the International Telecommunication Union's…"),
    ("[Written for testing.]\n\nHaverport Energy to connect 9,000 more homes\n\nHAVERPORT, October 15, 2025 — ...\n",
     "Haverport Energy to connect 9,000 more homes"),
    ("CITY COUNCIL - NEWS\nLibrary reopens with a digital hub\n", "Library reopens with a digital hub"),
    ("# Annual report\n\nText.\n", "Annual report"),
    ("October 15, 2025\n", "Quiet notes")])
def test_a_title_comes_from_the_content_and_the_file_name_only_when_nothing_else(tmp_path, text, title):
    path = tmp_path / "quiet-notes-2025-01-02.txt"
    path.write_text(text, encoding="utf-8")
    assert read_document(path).title == title
