"""Browser-test fixtures: the app on a loopback port (stopped by the test), Debian's chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.core.settings import PROJECT_ROOT
from rag.tools.servers import start_app

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture
def launch(built, tmp_path):
    """Start `python app.py` over the test index with extra environment; every app started is
    stopped when the test ends."""
    started = []

    def go(**env):
        app = start_app(
            {
                "RAG_INDEX_DIR": str(built.index_dir),
                "RAG_FEEDBACK_DB": str(tmp_path / "feedback.sqlite3"),
                "RAG_DATA_DIR": str(tmp_path / "data"),
                **env,
            },
            timeout=90,
        )
        started.append(app)
        return app

    yield go
    for app in started:
        app.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), (
        "需要 chromium：运行 `make test`（会安装）或 apt-get install chromium"
    )
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_page(browser, url, width=1400, height=1000):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("#question textarea", timeout=60_000)
    return page


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def open_tab(page, name: str) -> None:
    """Click the visible tab button called ``name``. Gradio renders each tab twice (the bar and
    an overflow menu, hidden unless the bar is too narrow), so a plain role lookup can match two
    buttons; the visible one is the one a user clicks."""
    page.locator("button[role=tab]:visible", has_text=name).first.click()
