"""Shared fixtures: real Chroma in temporary folders, the real bundled embedding model."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from settings import BUNDLED_CORPUS, Settings

RELEASE = BUNDLED_CORPUS / "huawei-partner2connect-2022-11-24.txt"


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a private index folder and a private copy of the bundled corpus."""
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED_CORPUS, corpus)
    return Settings(index_path=tmp_path / "index", corpus_path=corpus, llm="extractive",
                    cache_dir=Settings().cache_dir)


@pytest.fixture(scope="session")
def extractive_bot(tmp_path_factory):
    """One extractive assistant over the bundled release, shared by the fast tests."""
    from assistant import Assistant

    folder = tmp_path_factory.mktemp("extractive")
    return Assistant(Settings(index_path=folder / "index", llm="extractive"))


@pytest.fixture(scope="session")
def fictional_bot(tmp_path_factory):
    """An extractive assistant over the second, invented corpus (four water-board releases)."""
    from assistant import Assistant

    folder = tmp_path_factory.mktemp("fictional")
    fictional = Path(__file__).resolve().parent.parent / "data" / "fictional"
    return Assistant(Settings(index_path=folder / "index", corpus_path=fictional, llm="extractive"))


@pytest.fixture(scope="session")
def local_bot(tmp_path_factory):
    """The assistant with the real local model (llama.cpp server in this process), warmed up."""
    from assistant import Assistant

    folder = tmp_path_factory.mktemp("local")
    bot = Assistant(Settings(index_path=folder / "index", llm="local"))
    bot.warm_up()
    return bot
