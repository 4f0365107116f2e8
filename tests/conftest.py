"""Shared fixtures: real Chroma in temporary folders, the real bundled embedding model, the real local model."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

from settings import BUNDLED_CORPUS, Settings

if TYPE_CHECKING:
    from assistant.local_model import LocalServer

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


def _no_model(reason: str) -> NoReturn:
    # A slow test that cannot reach the model would pass on the extractive fallback, so it fails instead.
    pytest.fail(f"the real local model is needed by the slow tests and did not start: {reason}", pytrace=False)


def start_local_model(settings: Settings) -> LocalServer:
    """The shared llama.cpp server for ``settings``, started now; fails the test when the model cannot start."""
    from assistant.local_model import LocalServer, ModelUnavailable

    try:
        return LocalServer.shared(settings)
    except ModelUnavailable as error:
        reason = str(error)  # fail outside the handler, so the report shows the reason without a chained trace
    _no_model(reason)


@pytest.fixture(scope="session")
def local_model_file() -> Path:
    """The bundled model's GGUF file, assembled if needed; fails the test when it is missing."""
    from assistant.local_model import ModelUnavailable, model_file

    try:
        return model_file(Settings())
    except ModelUnavailable as error:
        reason = str(error)
    _no_model(reason)


@pytest.fixture(scope="session")
def local_bot(tmp_path_factory):
    """The assistant with the real local model (llama.cpp server in this process), started and warmed up."""
    from assistant import Assistant

    folder = tmp_path_factory.mktemp("local")
    settings = Settings(index_path=folder / "index", llm="local")
    start_local_model(settings)
    bot = Assistant(settings)
    bot.warm_up()
    return bot
