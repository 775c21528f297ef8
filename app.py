"""The Streamlit app: the prospect's chat (the default page, public) and the consultant workspace
behind sign-in (queue, review, audit log), wired with `st.navigation`.

Run with `streamlit run app.py`. Pages live in `app_pages/` and only render and hold session
state; the logic is in `agents.service` (the interview) and `workspace` (the consultant side).
"""

from __future__ import annotations

import streamlit as st

from workspace.ui import current_user, navigation

st.set_page_config(page_title="AI discovery interview", page_icon="🧭")

user = current_user()
st.navigation(navigation(user), position="sidebar" if user is not None else "hidden").run()
