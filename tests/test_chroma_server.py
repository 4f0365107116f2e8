"""The index on a real Chroma server (``chroma run`` on loopback) instead of the embedded store."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest

from assistant import Assistant, Settings
from ingest import ingest_paths, open_index
from tests.conftest import free_port


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    if shutil.which("chroma") is None:
        pytest.fail("the chroma command (from the chromadb package) is missing")
    port = free_port()
    folder = tmp_path_factory.mktemp("chroma-server")
    server = subprocess.Popen(["chroma", "run", "--path", str(folder), "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.5)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=30)


def test_ingest_and_answer_against_a_chroma_server(chroma_url, tmp_path):
    settings = Settings(chroma_url=chroma_url, index_path=tmp_path / "unused", llm="extractive")
    summary = ingest_paths([settings.corpus_path], open_index(settings), progress=False)
    assert summary.added == 14
    assert not (tmp_path / "unused").exists()
    answer = Assistant(settings).ask("How many training opportunities will Huawei provide in Cambodia?")
    assert "10,000" in answer.text and answer.citations
