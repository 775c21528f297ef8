"""Streamlit glue shared by `app.py` and the pages in `app_pages/`: the cached runtime and
services, the page list for `st.navigation`, and the sign-in guard every consultant page calls
first. No business logic here (see `workspace.auth`, `workspace.review`, `workspace.queue`).
"""

from __future__ import annotations

from typing import Any, Literal

import streamlit as st

from agents.redraft import TemplateRedrafter
from agents.render import escape
from discovery.runtime import Runtime, build_runtime
from storage import AccountService, UserRecord, utc_now
from storage.reviews import ReviewStore
from workspace.auth import ADMIN_ONLY, AUDIT, can_open, check_session, sign_out
from workspace.review import ReviewService

CHAT_PAGE = "app_pages/chat.py"
LOGIN_PAGE = "app_pages/login.py"
QUEUE_PAGE = "app_pages/queue.py"
REVIEW_PAGE = "app_pages/review.py"
AUDIT_PAGE = "app_pages/audit.py"

# Session-state keys. The prospect chat uses "interview_id"/"resume_code"; nothing here does,
# so a consultant reviewing interviews never changes which interview the chat shows.
TOKEN_KEY = "consultant_token"
NOTICE_KEY = "login_notice"
NEXT_KEY = "after_login"
# What the consultant pages keep in the browser session (contact details shown, prepared
# exports, loaded versions, filters): forgotten at sign-out and when the session has ended.
WORKSPACE_PREFIXES = ("contact:", "export:", "review_", "queue_", "audit_", "diff_", "ed-")


# The template redrafter runs offline whatever chat model is configured; its provenance says so.
TEMPLATE_MODEL = "guided-offline"


@st.cache_resource(show_spinner="Starting the interviewer…")
def runtime() -> Runtime:
    return build_runtime()


@st.cache_resource(show_spinner=False)
def accounts() -> AccountService:
    rt = runtime()
    settings = rt.settings
    return AccountService(
        rt.store.engine,
        max_failures=settings.max_login_failures,
        lockout_minutes=settings.lockout_minutes,
        session_hours=settings.session_hours,
        idle_minutes=settings.idle_minutes,
    )


@st.cache_resource(show_spinner=False)
def reviews() -> ReviewStore:
    return ReviewStore(runtime().store.engine)


@st.cache_resource(show_spinner=False)
def review_service() -> ReviewService:
    rt = runtime()
    deps = rt.service.deps
    redrafter = TemplateRedrafter(
        search=deps.search,
        model=TEMPLATE_MODEL,
        prompt_version=deps.prompt_version,
        knowledge_version=deps.knowledge_version,
        clock=utc_now,
    )
    chosen: Any = redrafter
    if rt.settings.llm_configured:
        from agents.llm import build_chat_model
        from agents.redraft_llm import LLMRedrafter

        chosen = LLMRedrafter(
            build_chat_model(rt.settings),
            model=rt.settings.chat_model,
            fallback=redrafter,
            clock=utc_now,
        )
    return ReviewService(
        rt.store,
        reviews(),
        accounts(),
        redrafter=chosen,
        export_dir=rt.settings.resolved_data_dir / "exports",
        redactor=deps.redactor,
    )


def current_user() -> UserRecord | None:
    """The signed-in consultant, re-checked against the account service."""
    return check_session(accounts(), st.session_state.get(TOKEN_KEY)).user


def navigation(user: UserRecord | None) -> dict[str, list[Any]]:
    """Every page is registered (so a consultant URL opened without a session reaches its guard
    and then the sign-in page); the menu only shows what the signed-in user may use. Prospects
    see no menu at all."""
    signed_in = user is not None
    shown: Literal["visible", "hidden"] = "visible" if signed_in else "hidden"
    return {
        "Prospect": [st.Page(CHAT_PAGE, title="Interview", icon="🧭", default=True)],
        "Consultant": [
            st.Page(
                LOGIN_PAGE,
                title="Sign in",
                icon="🔑",
                url_path="login",
                visibility="hidden" if signed_in else "visible",
            ),
            st.Page(QUEUE_PAGE, title="Queue", icon="📋", url_path="queue", visibility=shown),
            st.Page(REVIEW_PAGE, title="Review", icon="📝", url_path="review", visibility=shown),
            st.Page(
                AUDIT_PAGE,
                title="Audit log",
                icon="🔍",
                url_path="audit",
                visibility="visible" if can_open(user, AUDIT) else "hidden",
            ),
        ],
    }


def require_user(page: str, page_path: str) -> UserRecord:
    """The signed-in user allowed on `page`; otherwise back to sign-in (with a message saying
    why) or, for a page the role may not see, an error and nothing else."""
    check = check_session(accounts(), st.session_state.get(TOKEN_KEY))
    if check.user is None:
        forget_workspace_state()
        st.session_state[NOTICE_KEY] = check.message
        st.session_state[NEXT_KEY] = {"page": page_path, "query": dict(st.query_params)}
        st.switch_page(LOGIN_PAGE)
    user = check.user
    account_sidebar(user)
    if not can_open(user, page):
        st.error(ADMIN_ONLY if page == AUDIT else "You may not open this page.")
        st.stop()
    return user


def forget_workspace_state() -> None:
    """Drop the session token and everything the consultant pages kept (never the chat's)."""
    for key in list(st.session_state.keys()):
        if key == TOKEN_KEY or (isinstance(key, str) and key.startswith(WORKSPACE_PREFIXES)):
            del st.session_state[key]


def account_sidebar(user: UserRecord) -> None:
    with st.sidebar:
        st.caption(f"Signed in as **{escape(user.username)}** ({user.role})")
        if st.button("Sign out", key="sign-out"):
            sign_out(accounts(), st.session_state.get(TOKEN_KEY))
            forget_workspace_state()
            st.session_state[NOTICE_KEY] = "You are signed out."
            st.switch_page(LOGIN_PAGE)


__all__ = [
    "AUDIT_PAGE",
    "CHAT_PAGE",
    "LOGIN_PAGE",
    "NEXT_KEY",
    "NOTICE_KEY",
    "QUEUE_PAGE",
    "REVIEW_PAGE",
    "TOKEN_KEY",
    "account_sidebar",
    "accounts",
    "current_user",
    "forget_workspace_state",
    "navigation",
    "require_user",
    "review_service",
    "reviews",
    "runtime",
]
