"""``python docs/screenshot.py``: docs/screenshot.png, a cited answer on the real page with one quote shown."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

QUESTION = "What will Huawei do in Cambodia?"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update"]


def main() -> None:
    """Serve the chat (extractive back-end, a temporary index), ask, hover the first marker, open its sources."""
    from playwright.sync_api import sync_playwright

    from app import build_app
    from assistant import Assistant, Settings
    from tests.conftest import free_port

    folder = Path(tempfile.mkdtemp())
    page = build_app(Assistant(Settings(index_path=folder / "index", llm="extractive"))).queue()
    port = free_port()
    page.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_FLAGS)
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            tab.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
            box = tab.locator("#question textarea")
            box.wait_for(timeout=30_000)
            box.fill(QUESTION)
            box.press("Enter")
            tab.locator("#chat p.status").first.wait_for(timeout=60_000)
            tab.locator("#chat details.sources > summary").first.click()
            tab.locator("#chat a.cite").first.hover()
            tab.screenshot(path=str(PROJECT / "docs" / "screenshot.png"))
            browser.close()
    finally:
        page.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
