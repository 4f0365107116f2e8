"""``python app.py``: one clear line for each start-up failure, and logins before the page and its API."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from gradio_client import Client

from app import build_app
from tests.conftest import free_port
from tests.test_app import CHROMIUM, launch_browser
from webchat.startup import StartupError, launch_options, read_logins

PROJECT = Path(__file__).resolve().parent.parent
QUESTION = "How many training opportunities will Huawei provide in Cambodia?"


def start_app(tmp_path: Path, timeout: float = 90, **env: str) -> subprocess.CompletedProcess:
    """Run ``python app.py`` with extra ASSISTANT_* variables; a server that starts counts as a failure."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    environ |= {"ASSISTANT_LLM": "extractive", "ASSISTANT_INDEX_PATH": str(tmp_path / "index"),
                "ASSISTANT_PORT": str(free_port())} | env
    try:
        return subprocess.run([sys.executable, "app.py"], cwd=PROJECT, env=environ, capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail("app.py started serving instead of refusing to start")


def assert_one_clear_line(run: subprocess.CompletedProcess, *expected: str) -> None:
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert run.returncode != 0 and "Traceback" not in run.stderr, run.stderr
    assert len(errors) == 1 and all(text in errors[0] for text in expected), run.stderr


def test_a_damaged_index_is_one_line_naming_the_rebuild_command(tmp_path):
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "chroma.sqlite3").write_bytes(b"not a database " * 4000)
    assert_one_clear_line(start_app(tmp_path), str(tmp_path / "index"), "python -m ingest --rebuild")


def test_a_missing_model_file_is_one_line_naming_a_way_to_start(tmp_path):
    run = start_app(tmp_path, ASSISTANT_LLM="local", ASSISTANT_MODEL_PATH=str(tmp_path / "missing.gguf"))
    assert_one_clear_line(run, "missing.gguf", "ASSISTANT_LLM=extractive python app.py")


def test_a_port_in_use_is_one_line_naming_another_port(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = start_app(tmp_path, ASSISTANT_PORT=str(port))
    assert_one_clear_line(run, f"port {port}", f"ASSISTANT_PORT={port + 1} python app.py")


def test_an_open_address_without_logins_is_refused_with_the_way_to_allow_it(tmp_path):
    run = start_app(tmp_path, ASSISTANT_HOST="0.0.0.0")
    assert_one_clear_line(run, "ASSISTANT_AUTH=", "ASSISTANT_ALLOW_OPEN=1")


def test_debug_shows_the_traceback(tmp_path):
    run = start_app(tmp_path, ASSISTANT_HOST="0.0.0.0", ASSISTANT_DEBUG="1")
    assert run.returncode != 0 and "Traceback" in run.stderr and "StartupError" in run.stderr


def test_logins_come_from_pairs_or_a_file_and_an_open_address_needs_them_or_a_permission(settings, tmp_path):
    users = tmp_path / "users"
    users.write_text("# the team\nann:correct horse:battery\n\nbob:s3cret\n", encoding="utf-8")
    assert read_logins(str(users)) == [("ann", "correct horse:battery"), ("bob", "s3cret")]
    assert read_logins("ann:pw1, bob:pw2") == [("ann", "pw1"), ("bob", "pw2")]
    with pytest.raises(StartupError, match="user:password") as refused:
        read_logins("ann:hunter2,bob")
    assert "hunter2" not in str(refused.value)
    open_settings = settings.with_(host="0.0.0.0", port=free_port())
    assert "auth" not in launch_options(settings.with_(port=free_port()))
    assert launch_options(open_settings.with_(auth="ann:pw1"))["auth"] == [("ann", "pw1")]
    assert "auth" not in launch_options(open_settings.with_(allow_open=True))
    with pytest.raises(StartupError, match="ASSISTANT_ALLOW_OPEN=1"):
        launch_options(open_settings)


@pytest.fixture(scope="module")
def guarded_url(extractive_bot):
    """The chat launched with ASSISTANT_AUTH's login."""
    from settings import Settings

    options = launch_options(Settings(auth="ann:correct-horse", port=free_port()))
    page = build_app(extractive_bot).queue()
    page.launch(prevent_thread_lock=True, **options)
    yield f"http://127.0.0.1:{options['server_port']}/"
    page.close()


def test_with_logins_the_api_answers_only_after_logging_in(guarded_url):
    assert httpx.get(guarded_url + "gradio_api/info").status_code == 401
    assert httpx.get(guarded_url + "config").status_code == 401
    with pytest.raises(Exception):  # noqa: B017 (gradio_client raises a plain ValueError or an HTTP error)
        Client(guarded_url, verbose=False)
    client = Client(guarded_url, auth=("ann", "correct-horse"), verbose=False)
    _, chat = client.predict(QUESTION, [], api_name="/answer")
    assert "10,000" in str(chat[-1]["content"])


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_with_logins_the_page_asks_for_them_before_the_chat(guarded_url):
    with launch_browser() as browser:
        page = browser.new_page()
        page.goto(guarded_url, wait_until="domcontentloaded")
        page.locator("input[type=password]").wait_for(timeout=30_000)
        assert page.locator("#question textarea").count() == 0
        page.locator("input[type=text]").first.fill("ann")
        page.locator("input[type=password]").fill("correct-horse")
        page.locator("input[type=password]").press("Enter")
        page.locator("#question textarea").wait_for(timeout=30_000)
