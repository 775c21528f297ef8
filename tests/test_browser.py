"""The prospect chat end to end in a real headless Chromium (Playwright) against a real
`streamlit run app.py`: consent, greeting, one answer carrying a name, an NZ phone number and
markup, then redaction on screen, inert markup, progress in the sidebar and the resume link.

Needs /usr/bin/chromium (`make test` installs it). Skips without it, except in CI or with
DISCOVERY_REQUIRE_BROWSER=1, where it fails. Run alone with `make test-browser`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser_support import (
    STARTUP_TIMEOUT_S,
    StreamlitServer,
    headless_chromium,
    require_chromium,
    streamlit_app,
)
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.integration

NAME = "Aroha Ngata"
PHONE = "021 555 0199"
MARKUP = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
ANSWER = (
    f"We're a plumbing firm in Hamilton, six of us. Quoting is the pain: {NAME} types every "
    f"quote into Excel by hand, call her on {PHONE}. {MARKUP}"
)
MESSAGES = '[data-testid="stChatMessage"]'
ASSISTANT = '[data-testid="stChatMessage"]:has([data-testid="stChatMessageAvatarAssistant"])'
USER = '[data-testid="stChatMessage"]:has([data-testid="stChatMessageAvatarUser"])'
CHAT_INPUT = '[data-testid="stChatInput"] textarea'
SIDEBAR = '[data-testid="stSidebar"]'
# Streamlit shows this widget ("Running…") while a script run is in progress.
RUNNING = '[data-testid="stStatusWidget"]'
TURN_TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    require_chromium()
    base = tmp_path_factory.mktemp("browser")
    with streamlit_app(base / "data", base / "streamlit.log") as running:
        yield running


@pytest.fixture(scope="module")
def browser(server: StreamlitServer) -> Iterator[Browser]:
    with headless_chromium() as chromium:
        yield chromium


def settled(page: Page, timeout_ms: int) -> None:
    """Wait until no script run is in progress (the status widget has gone)."""
    page.wait_for_function(
        f"() => !document.querySelector('{RUNNING}')", timeout=timeout_ms, polling=100
    )


def open_page(browser: Browser, url: str) -> tuple[Page, list[str]]:
    """A page in a fresh context (no shared session), and the JavaScript errors it raises."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # sidebar expanded
    page = context.new_page()
    page.set_default_timeout(TURN_TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    return page, errors


def test_prospect_chat_in_a_real_browser(browser: Browser, server: StreamlitServer) -> None:
    try:
        journey(browser, server.url)
    except BaseException:
        print(f"--- {server.log_path} (tail) ---\n{server.log_tail()}")  # shown on failure
        raise


def journey(browser: Browser, app_url: str) -> None:
    page, errors = open_page(browser, app_url)
    # First load builds the interviewer (knowledge base indexed on first use): be patient.
    consent = page.get_by_text("I understand and agree to take part")
    consent.wait_for(timeout=STARTUP_TIMEOUT_S * 1000)
    start = page.get_by_role("button", name="Start the interview")
    assert start.is_disabled()  # no interview before consent
    consent.click()
    start.click()
    page.locator(ASSISTANT).filter(has_text="Kia ora").wait_for()
    page.wait_for_url(re.compile(r"[?&]resume=[A-Z0-9-]+"))
    settled(page, TURN_TIMEOUT_MS)

    chat_input = page.locator(CHAT_INPUT)
    assert chat_input.get_attribute("placeholder") == "Type your answer (or 'not sure')"
    chat_input.fill(ANSWER)
    chat_input.press("Enter")

    # The reply streams in, then the app reruns and shows the stored (redacted) transcript.
    page.locator(ASSISTANT).nth(1).wait_for()
    page.locator(USER).filter(has_text="<PERSON_").wait_for()
    settled(page, TURN_TIMEOUT_MS)

    body = page.inner_text("body")
    assert NAME not in body and "Aroha" not in body and "Ngata" not in body
    assert PHONE not in body and "555 0199" not in body
    user_text = page.locator(USER).last.inner_text()
    assert "<PERSON_1>" in user_text and "<PHONE_NUMBER_1>" in user_text
    assert "<script>window.__pwned=1</script>" in user_text  # shown as text
    assert page.evaluate("typeof window.__pwned") == "undefined"  # never executed
    assert page.locator(f"{MESSAGES} script, {MESSAGES} img[src='x']").count() == 0
    assert page.locator(ASSISTANT).count() == 2
    assert page.locator(ASSISTANT).last.inner_text().strip()

    sidebar = page.locator(SIDEBAR)
    assert sidebar.is_visible()
    assert "Progress" in sidebar.inner_text()
    assert sidebar.get_by_role("progressbar").count() == 1
    assert "quoting" in sidebar.inner_text().lower()  # the workflow it heard about

    match = re.search(r"[?&]resume=([A-Z0-9-]+)", page.url)
    assert match, page.url
    code = match.group(1)
    assert code in sidebar.inner_text()
    assert errors == []
    conversation = page.locator(MESSAGES).all_inner_texts()
    page.context.close()

    # A fresh browser context (no session) at the resume link shows the same conversation.
    again, again_errors = open_page(browser, f"{app_url}/?resume={code}")
    again.locator(USER).filter(has_text="<PERSON_1>").wait_for()
    settled(again, TURN_TIMEOUT_MS)
    assert again.locator(MESSAGES).all_inner_texts() == conversation
    assert "Aroha" not in again.inner_text("body")
    assert again.evaluate("typeof window.__pwned") == "undefined"
    assert again.get_by_text("I understand and agree to take part").count() == 0
    assert again_errors == []
    again.context.close()
