"""The prospect's chat (the app's default page, public). Renders and holds session state only;
the interview logic lives in `agents.service` (shared with `discovery chat` and the eval replays).

Journey: privacy notice and consent → chat, one question at a time, with visible progress → an
editable summary to confirm → roadmap drafted → optional contact details (stored apart) → thanks.
`?resume=CODE` in the address reopens an interview where it was left; nothing else in the
address is read here, so a link can only ever open the interview its resume code belongs to.
"""

from __future__ import annotations

import hashlib
import logging

import streamlit as st

from agents.render import chat_markdown
from agents.service import InputProblem, check_message
from agents.state import SLOTS
from storage import StaleStateError, StorageError
from workspace.ui import runtime

log = logging.getLogger("discovery.app")

SLOT_NAMES = {
    "process": "How it runs",
    "owner": "Owner",
    "data_sources": "Information",
    "risk": "Risks & checks",
    "success_metric": "Success measure",
}
PRIVACY_NOTICE = """
**Before we start: your privacy**

- This interview asks how work runs in your business. Please describe roles ("our office
  manager") rather than people, and leave out customers' details.
- Names, phone numbers, emails, addresses, IRD, bank and NHI numbers are replaced with
  placeholders such as `<PERSON_1>` **before** anything is saved or sent to an AI model.
- A consultant reads the redacted conversation and reviews the draft roadmap before you see it.
- You can stop at any time and come back later with your resume code.
"""


def friendly_failure(exc: Exception) -> None:
    if isinstance(exc, InputProblem):
        st.warning(str(exc))
    elif isinstance(exc, StaleStateError):
        st.warning("This interview was updated in another window. Reload the page to continue.")
    elif isinstance(exc, StorageError):
        st.error(f"{exc} Your earlier answers are safe; please try again in a moment.")
    else:
        log.exception("interview turn failed")
        st.error("Something went wrong on our side. Your answers so far are saved; please retry.")


def open_by_code(code: str) -> bool:
    interview_id = runtime().service.resume(code)
    if interview_id is None:
        return False
    st.session_state.update(interview_id=interview_id, resume_code=code.strip().upper())
    try:
        runtime().service.recover(interview_id)  # a reply lost to a restart is answered now
    except Exception as exc:
        friendly_failure(exc)
    return True


def consent_screen() -> None:
    st.title("AI discovery interview")
    st.markdown(PRIVACY_NOTICE)
    agreed = st.checkbox("I understand and agree to take part", key="consent")
    if st.button("Start the interview", type="primary", disabled=not agreed):
        try:
            started = runtime().service.start()
        except Exception as exc:
            friendly_failure(exc)
            return
        st.session_state.update(interview_id=started.interview_id, resume_code=started.resume_code)
        st.query_params["resume"] = started.resume_code
        st.rerun()
    with st.expander("Continue an earlier interview"):
        code = st.text_input("Resume code", placeholder="e.g. K7QM-3XPA-9RTD")
        if st.button("Continue") and code.strip():
            if open_by_code(code):
                st.query_params["resume"] = st.session_state["resume_code"]
                st.rerun()
            else:
                st.warning("No interview has that code. Check it and try again.")


def sidebar(progress: dict) -> None:
    with st.sidebar:
        st.subheader("Progress")
        total = progress["total"] or 1
        st.progress(progress["filled"] / total if progress["total"] else 0.0)
        if not progress["workflows"]:
            st.caption("Topics appear here as you describe your work.")
        for workflow in progress["workflows"]:
            st.markdown(f"**{chat_markdown(workflow['name'])}**")
            st.caption(
                " · ".join(
                    ("✅ " if workflow["slots"][slot] else "◻️ ") + SLOT_NAMES[slot]
                    for slot in SLOTS
                )
            )
        st.divider()
        st.caption("Your resume code (or bookmark this page):")
        st.code(st.session_state.get("resume_code", ""), language=None)


def transcript(interview_id: str) -> None:
    for turn in runtime().service.transcript(interview_id):
        with st.chat_message("user" if turn.role == "user" else "assistant"):
            st.markdown(chat_markdown(turn.text, allow_bold=turn.role == "assistant"))


def send(interview_id: str, text: str) -> None:
    try:
        check_message(text)
    except InputProblem as exc:
        st.warning(str(exc))
        return
    client_key = hashlib.sha256(f"{st.session_state.get('sent', 0)}:{text}".encode()).hexdigest()[
        :24
    ]
    with st.chat_message("user"):
        st.markdown(chat_markdown(text[:2000] + ("…" if len(text) > 2000 else "")))
    with st.chat_message("assistant"):
        placeholder = st.empty()
        shown = ""
        try:
            for event in runtime().service.send(interview_id, text, client_key=client_key):
                if "delta" in event:
                    shown += event["delta"]
                    placeholder.markdown(chat_markdown(shown, allow_bold=True) + " ▌")
                elif event.get("reset"):
                    shown = ""
                    placeholder.markdown("…")
                elif "done" in event:
                    result = event["done"]
                    placeholder.markdown(chat_markdown(result.reply, allow_bold=True))
                    for notice in result.notices:
                        st.info(notice)
        except Exception as exc:
            placeholder.empty()
            friendly_failure(exc)
            return
    st.session_state["sent"] = st.session_state.get("sent", 0) + 1
    st.rerun()


def confirmation(interview_id: str, interview) -> None:
    st.subheader("Please check what we captured")
    st.caption("Edit anything that is wrong, then confirm. Leave a box as it is if it's right.")
    with st.form("confirm"):
        edits = {}
        for workflow in interview.workflows:
            st.markdown(f"**{chat_markdown(workflow.name)}**")
            for slot in SLOTS:
                value = workflow.slots.get(slot)
                current = value.value if value else ""
                new = st.text_area(
                    SLOT_NAMES[slot], value=current, key=f"edit-{workflow.key}-{slot}", height=68
                )
                if new.strip() and new.strip() != current.strip():
                    edits[(workflow.key, slot)] = new
        submitted = st.form_submit_button("Confirm and draft my roadmap", type="primary")
    if submitted:
        try:
            with st.spinner("Drafting your roadmap…"):
                runtime().service.confirm(interview_id, edits)
        except Exception as exc:
            friendly_failure(exc)
            return
        st.rerun()


def contact_step(interview_id: str) -> None:
    st.success(
        "Thank you! Your answers are saved and a consultant will review the draft roadmap "
        "before anything is sent to you."
    )
    if st.session_state.get("contact_saved"):
        st.caption("Your contact details are saved. Ngā mihi!")
        return
    with st.form("contact"):
        st.markdown(
            "**Optional:** leave contact details so the consultant can reach you. They are stored "
            "separately, never added to the transcript or sent to an AI model."
        )
        name = st.text_input("Name")
        email = st.text_input("Email")
        phone = st.text_input("Phone")
        organisation = st.text_input("Business name")
        if st.form_submit_button("Save my contact details"):
            try:
                runtime().service.save_contact(
                    interview_id, name=name, email=email, phone=phone, organisation=organisation
                )
            except Exception as exc:
                friendly_failure(exc)
                return
            st.session_state["contact_saved"] = True
            st.rerun()


def main() -> None:
    for warning in runtime().warnings:
        log.warning("knowledge: %s", warning)
    if "interview_id" not in st.session_state:
        code = st.query_params.get("resume")
        if not (code and open_by_code(code)):
            if code:
                st.warning("That resume link is not valid; you can start a new interview.")
            consent_screen()
            return
    interview_id = st.session_state["interview_id"]
    try:
        interview, _ = runtime().service.load(interview_id)
    except Exception as exc:
        friendly_failure(exc)
        return
    st.title("AI discovery interview")
    sidebar(interview.progress())
    transcript(interview_id)
    if interview.phase == "drafted":
        contact_step(interview_id)
        return
    if interview.phase == "confirm":
        confirmation(interview_id, interview)
    prompt = st.chat_input("Type your answer (or 'not sure')", max_chars=250_000)
    if prompt is not None:
        send(interview_id, prompt)


main()
