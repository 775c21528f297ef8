"""Consultant sign-in. Renders and holds the session token only (`workspace.auth` and the
account service do the checking: hashed passwords, lockout, session expiry, auditing)."""

from __future__ import annotations

import streamlit as st

from agents.render import chat_markdown
from workspace.auth import sign_in
from workspace.ui import (
    NEXT_KEY,
    NOTICE_KEY,
    QUEUE_PAGE,
    TOKEN_KEY,
    account_sidebar,
    accounts,
    current_user,
)

st.title("Consultant sign-in")

user = current_user()
if user is not None:
    account_sidebar(user)
    st.success(f"You are signed in as {chat_markdown(user.username)}.")
    st.page_link(QUEUE_PAGE, label="Open the review queue", icon="📋")
    st.stop()

notice = st.session_state.pop(NOTICE_KEY, None)
if notice:
    st.info(notice)

with st.form("login"):
    username = st.text_input("Username", key="login_username", max_chars=64)
    password = st.text_input("Password", type="password", key="login_password", max_chars=1024)
    submitted = st.form_submit_button("Sign in", type="primary", key="login_submit")

if submitted:
    result = sign_in(accounts(), username, password)
    if result.ok and result.token:
        st.session_state[TOKEN_KEY] = result.token
        target = st.session_state.pop(NEXT_KEY, None) or {}
        st.switch_page(target.get("page") or QUEUE_PAGE, query_params=target.get("query") or None)
    elif result.locked_until is not None:
        st.error(result.message)
    else:
        st.error(result.message)
