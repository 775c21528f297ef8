"""The prospect chat (app.py) through Streamlit's AppTest: consent, chat, progress, markup shown
as text, bad input, resume by link, confirmation and the contact step."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture(scope="module")
def shared_data_dir(tmp_path_factory):
    """One data folder (and knowledge index) for the module: the app's runtime is cached."""
    return tmp_path_factory.mktemp("app-data")


@pytest.fixture
def app(shared_data_dir, monkeypatch):
    monkeypatch.setenv("DISCOVERY_DATA_DIR", str(shared_data_dir))
    # Retrieval quality is measured elsewhere; the hashing embedder indexes in a second.
    monkeypatch.setenv("DISCOVERY_OFFLINE_EMBEDDER", "hashing")
    from discovery.settings import get_settings

    get_settings.cache_clear()
    st.cache_resource.clear()
    yield lambda: AppTest.from_file(APP, default_timeout=120)
    st.cache_resource.clear()


def start(at: AppTest) -> AppTest:
    at.run()
    assert at.button[0].disabled  # no interview before consent
    at.checkbox(key="consent").check().run()
    at.button[0].click().run()
    return at


def chat_texts(at: AppTest) -> list[tuple[str, str]]:
    return [(m.name, " ".join(md.value for md in m.markdown)) for m in at.chat_message]


def say(at: AppTest, text: str) -> AppTest:
    at.chat_input[0].set_value(text).run()
    assert not at.exception, at.exception
    return at


def test_consent_then_greeting_and_resume_code(app):
    at = start(app())
    assert not at.exception
    messages = chat_texts(at)
    assert messages[0][0] == "assistant" and "Kia ora" in messages[0][1]
    code = at.session_state["resume_code"]
    assert at.query_params["resume"] == code
    assert any(code in c.value for c in at.code)


def test_chat_turn_redacts_shows_progress_and_keeps_markup_inert(app):
    at = start(app())
    say(at, "We're a plumbing firm in Hamilton, six of us.")
    say(
        at,
        "Quoting is the pain: Aroha Ngata types every quote into Excel by hand, 10 a week. "
        "<script>alert('x')</script> <b>bold</b>",
    )
    messages = chat_texts(at)
    users = [text for role, text in messages if role == "user"]
    assert "Aroha" not in users[-1] and "PERSON" in users[-1]
    assert "\\<script\\>" in users[-1]  # escaped: shown as text, never executed
    assert len([r for r, _ in messages if r == "assistant"]) == 3
    sidebar_text = " ".join(md.value for md in at.sidebar.markdown)
    assert "quoting" in sidebar_text


@pytest.mark.parametrize("text", ["   ", "\n\n"])
def test_empty_message_gets_a_clear_message(app, text):
    at = start(app())
    say(at, text)
    assert any("empty" in w.value for w in at.warning)
    assert len(chat_texts(at)) == 1


def test_resume_link_reopens_the_same_interview(app):
    at = start(app())
    say(at, "We run a cafe in Nelson with a catering side.")
    code = at.session_state["resume_code"]
    again = app()
    again.query_params["resume"] = code.lower()
    again.run()
    assert not again.exception
    assert any("catering" in text for _, text in chat_texts(again))
    bad = app()
    bad.query_params["resume"] = "AAAA-BBBB-CCCC"
    bad.run()
    assert any("not valid" in w.value for w in bad.warning)


def test_confirmation_is_editable_then_contact_step(app):
    at = start(app())
    for answer in (
        "We're a small accounting practice.",
        "Chasing unpaid invoices every Friday takes our office manager about 3 hours.",
        "not sure",
        "not sure",
        "not sure",
        "not sure",
        "not sure",
        "not sure",
        "not sure",
        "not sure",
        "no that's all",
    ):
        if at.session_state["interview_id"] and at.text_area:
            break
        say(at, answer)
    assert at.text_area, "the confirmation form should appear"
    owner_box = next(t for t in at.text_area if t.key.endswith("-owner"))
    owner_box.set_value("the practice manager")
    at.button(key="FormSubmitter:confirm-Confirm and draft my roadmap").click().run()
    assert not at.exception
    assert any("Thank you" in s.value for s in at.success)
    at.text_input[0].set_value("Someone")
    at.button(key="FormSubmitter:contact-Save my contact details").click().run()
    assert any("contact details are saved" in c.value for c in at.caption)
