"""Helpers for the end-to-end browser test (tests/test_browser.py): the system Chromium, a real
`streamlit run app.py` on a free 127.0.0.1 port, and its clean shutdown.

Playwright's own browser download is not used (it needs the internet); the test drives the
distribution's Chromium (`apt-get install chromium` → /usr/bin/chromium), which `make test` installs (scripts/install_chromium.sh).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("DISCOVERY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--no-first-run",
    "--no-proxy-server",  # the app is on 127.0.0.1; never route it through an env proxy
]
# The first page load builds the runtime (knowledge base indexed into Chroma): ~10-60 s.
STARTUP_TIMEOUT_S = 180


def browser_required() -> bool:
    """In CI (or when asked) a missing browser is a failure, not a skip."""
    ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return ci or os.environ.get("DISCOVERY_REQUIRE_BROWSER") == "1"


def require_chromium() -> str:
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    reason = (
        f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium` "
        "(make test does) or set DISCOVERY_CHROMIUM"
    )
    if browser_required():
        pytest.fail(reason + " (required because CI or DISCOVERY_REQUIRE_BROWSER=1 is set)")
    pytest.skip(reason)


@contextmanager
def headless_chromium() -> Iterator[Browser]:
    """Playwright driving the system Chromium (its own browser download fails offline)."""
    executable = require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class StreamlitServer:
    url: str
    log_path: Path

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


def _healthy(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no env proxies
    try:
        with opener.open(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.read().strip() == b"ok")
    except OSError:
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the whole process group, SIGKILL if it lingers, and always reap (no zombie)."""
    for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
        with suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue
    process.wait()


@contextmanager
def streamlit_app(data_dir: Path, log_path: Path) -> Iterator[StreamlitServer]:
    """Run the real app as `streamlit run app.py` (this venv's streamlit), offline interviewer."""
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("OPENAI_") and k not in ("DATABASE_URL", "CHROMA_HOST", "CHROMA_PORT")
    }
    env.update(DISCOVERY_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    server = StreamlitServer(url=f"http://127.0.0.1:{port}", log_path=log_path)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so teardown reaches every child
        )
        try:
            deadline = time.monotonic() + 60
            while not _healthy(server.url):
                if process.poll() is not None:
                    pytest.fail(f"streamlit exited with {process.returncode}:\n{server.log_tail()}")
                if time.monotonic() > deadline:
                    pytest.fail(f"streamlit not healthy within 60 s:\n{server.log_tail()}")
                time.sleep(0.25)
            yield server
        finally:
            _stop(process)
