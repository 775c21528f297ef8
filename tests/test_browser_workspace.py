"""The consultant workspace end to end in a real headless Chromium (Playwright) against a real
`streamlit run app.py`: sign in, open the interview from the queue, edit the summary (a new
version), approve it, export it as PDF and download the file.

The interview (drafted through the interview service) and the consultant account (through the
account service, with a cheap argon2 hasher) are made in the server's data folder before it
starts. Needs /usr/bin/chromium, like tests/test_browser.py: skips without it, except in CI or
with DISCOVERY_REQUIRE_BROWSER=1, where it fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from browser_support import (
    STARTUP_TIMEOUT_S,
    StreamlitServer,
    headless_chromium,
    require_chromium,
    streamlit_app,
)
from playwright.sync_api import Browser, Page

from discovery.runtime import build_runtime
from storage import AccountService
from testkit.offline import offline_settings

pytestmark = pytest.mark.integration

USERNAME = "alice"
PASSWORD = "correct horse battery"
ANSWERS = (
    "We're a bakery in Petone with 8 staff doing wholesale and catering orders.",
    "Catering orders come in by email and phone, and Grace Tupou types them into a spreadsheet "
    "every morning. It takes about 2 hours a day.",
    "Grace, our front of house manager, looks after it.",
    "Emails and the spreadsheet, but we don't always trust the sheet.",
)
NEW_SUMMARY = "A Petone bakery: standardise catering order intake before any AI."
RUNNING = '[data-testid="stStatusWidget"]'
STEP_TIMEOUT_MS = 60_000


@dataclass
class Seeded:
    server: StreamlitServer
    interview_id: str


def seed(data_dir: Path) -> str:
    """A drafted interview and a consultant account in `data_dir` (as the server will see it)."""
    settings = offline_settings(data_dir)
    rt = build_runtime(settings)
    try:
        started = rt.service.start()
        for answer in ANSWERS:
            for _ in rt.service.send(started.interview_id, answer):
                pass
        rt.service.draft(started.interview_id)
        cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        AccountService(rt.store.engine, hasher=cheap).add_user(USERNAME, PASSWORD)
    finally:
        rt.close()
    return started.interview_id


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    require_chromium()
    base = tmp_path_factory.mktemp("browser-workspace")
    with pytest.MonkeyPatch.context() as env:
        # The server indexes the knowledge base with the same (fast) embedder as the seeding.
        env.setenv("DISCOVERY_OFFLINE_EMBEDDER", "hashing")
        interview_id = seed(base / "data")
        with streamlit_app(base / "data", base / "streamlit.log") as running:
            yield Seeded(running, interview_id)


@pytest.fixture(scope="module")
def browser(seeded: Seeded) -> Iterator[Browser]:
    with headless_chromium() as chromium:
        yield chromium


def settled(page: Page) -> None:
    page.wait_for_function(
        f"() => !document.querySelector('{RUNNING}')", timeout=STEP_TIMEOUT_MS, polling=100
    )


def test_consultant_edits_approves_and_exports(
    browser: Browser, seeded: Seeded, tmp_path: Path
) -> None:
    try:
        journey(browser, seeded, tmp_path)
    except BaseException:
        print(f"--- {seeded.server.log_path} (tail) ---\n{seeded.server.log_tail()}")
        raise


def journey(browser: Browser, seeded: Seeded, downloads: Path) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # Sign in (the first load builds the runtime: be patient).
    page.goto(f"{seeded.server.url}/login")
    page.get_by_role("heading", name="Consultant sign-in").wait_for(
        timeout=STARTUP_TIMEOUT_S * 1000
    )
    settled(page)
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Review queue").wait_for()
    settled(page)

    # Open the interview from the queue (an in-app link keeps the signed-in session).
    page.get_by_role("link", name="Open review").first.click()
    page.get_by_role("heading", name="Transcript").wait_for()
    page.get_by_role("heading", name="Roadmap").wait_for()
    settled(page)
    assert f"interview={seeded.interview_id}" in page.url
    body = page.inner_text("body")
    assert "Grace" not in body and "Tupou" not in body  # the transcript is redacted

    # Edit the summary: saved as version 2.
    summary = page.get_by_label("Summary", exact=True)
    summary.fill(NEW_SUMMARY)
    page.get_by_role("button", name="Save summary").click()
    page.get_by_text("Saved the summary as version 2.").wait_for()
    settled(page)

    # Approve it: version 3, approved.
    page.get_by_role("button", name="Approve version 2").click()
    page.get_by_text("Approved: version 3.").wait_for()
    settled(page)

    # Export as PDF and download it.
    page.get_by_role("button", name="Prepare PDF").click()
    download_button = page.get_by_role("button", name="Download PDF")
    download_button.wait_for()
    settled(page)
    with page.expect_download() as info:
        download_button.click()
    download = info.value
    target = downloads / download.suggested_filename
    download.save_as(target)
    assert target.exists() and target.stat().st_size > 0
    assert target.read_bytes().startswith(b"%PDF")
    assert download.suggested_filename.endswith("-v3.pdf")  # approved: not marked DRAFT
    assert "DRAFT" not in download.suggested_filename
    assert errors == []
    context.close()
