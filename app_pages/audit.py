"""The audit log (administrators only): sign-ins, edits, redrafts, approvals, returns, exports
and contact views, newest first, with the model and versions behind each roadmap action."""

from __future__ import annotations

import streamlit as st

from workspace.auth import AUDIT
from workspace.ui import AUDIT_PAGE, accounts, require_user

require_user(AUDIT, AUDIT_PAGE)
st.title("Audit log")

left, middle, right = st.columns(3)
actor = left.text_input("Actor (username)", key="audit_actor").strip().lower() or None
action = middle.text_input("Action", key="audit_action", placeholder="e.g. approve").strip() or None
interview = right.text_input("Interview id", key="audit_interview").strip() or None
limit = st.select_slider("Entries", options=[50, 200, 1000], value=200, key="audit_limit")

try:
    entries = accounts().audit_entries(
        actor=actor, action=action, interview_id=interview, limit=int(limit)
    )
except Exception as exc:  # a storage failure: say so, keep the page
    st.error(f"The audit log could not be read: {exc}")
    st.stop()

st.caption(f"{len(entries)} entries, newest first.")
st.dataframe(
    [
        {
            "at": e.at.strftime("%Y-%m-%d %H:%M:%S"),
            "actor": e.actor,
            "action": e.action,
            "interview": e.interview_id or "",
            "detail": ", ".join(f"{k}={v}" for k, v in sorted(e.detail.items())),
            "model": e.model or "",
            "prompt_version": e.prompt_version or "",
            "knowledge_version": e.knowledge_version or "",
        }
        for e in entries
    ],
    hide_index=True,
    width="stretch",
)
