"""A real server on loopback and headless Chromium (Debian's package) driven by Playwright."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.postgres import free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def sqlite_engine(shared_sqlite_engine):  # noqa: ANN001, ANN201
    """Browser journeys and their checks use the live server's database: they share one database."""
    return shared_sqlite_engine


@pytest.fixture(scope="session")
def live_server(shared_sqlite_engine, tmp_path_factory) -> Iterator[str]:
    port = free_port()
    env = os.environ | {
        "AFTERSALES_DATABASE_URL": str(shared_sqlite_engine.url),
        "AFTERSALES_SECRET_KEY": "browser-test-secret",
        "AFTERSALES_ENV": "test",
        "AFTERSALES_ATTACHMENTS_DIR": str(tmp_path_factory.mktemp("files")),
    }
    log = (Path(tmp_path_factory.mktemp("server")) / "server.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "aftersales.asgi:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if httpx.get(f"{base}/healthz").status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("the server did not start")
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1024, "height": 768})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def log_in(page, base: str, username: str, password: str = "demo") -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/home")
