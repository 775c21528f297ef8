"""The review queue: interviews newest first, by status, with a title search and pages.
Renders and holds the filters only; `workspace.queue` does the querying."""

from __future__ import annotations

import streamlit as st

from agents.render import chat_markdown
from storage import INTERVIEW_STATUSES, StorageError
from workspace.auth import QUEUE
from workspace.queue import STATUS_LABELS, QueueQuery, load_queue
from workspace.review import FLAG_LABELS
from workspace.ui import QUEUE_PAGE, REVIEW_PAGE, require_user, reviews, runtime

require_user(QUEUE, QUEUE_PAGE)
st.title("Review queue")

ALL = "all"
PAGE_KEY = "queue_page"


def reset_page() -> None:
    st.session_state[PAGE_KEY] = 1


left, right = st.columns([1, 2])
status = left.selectbox(
    "Status",
    [ALL, *INTERVIEW_STATUSES],
    format_func=lambda s: "All statuses" if s == ALL else STATUS_LABELS.get(s, s),
    key="queue_status",
    on_change=reset_page,
)
search = right.text_input("Search titles", key="queue_search", on_change=reset_page, max_chars=200)

try:
    result = load_queue(
        runtime().store,
        reviews(),
        QueueQuery(
            status=None if status == ALL else status,
            search=search,
            page=int(st.session_state.get(PAGE_KEY, 1)),
        ),
    )
except StorageError as exc:
    st.error(f"The queue could not be loaded: {exc}")
    st.stop()
st.session_state[PAGE_KEY] = result.page

columns = st.columns(len(INTERVIEW_STATUSES))
for column, name in zip(columns, INTERVIEW_STATUSES, strict=True):
    column.metric(STATUS_LABELS[name], result.counts.get(name, 0))

if not result.rows:
    st.info("No interviews match these filters.")
else:
    st.caption(
        f"Showing {result.first}–{result.last} of {result.total} · page {result.page} of "
        f"{result.pages} · newest first"
    )
for row in result.rows:
    with st.container(border=True):
        title, facts, action = st.columns([5, 4, 2])
        title.markdown(f"**{chat_markdown(row.title)}**")
        title.caption(f"Started {row.created_at:%Y-%m-%d %H:%M} UTC · id {row.interview_id[:8]}")
        roadmap = (
            f"roadmap v{row.roadmap_version} · {row.roadmap_status} · by {row.roadmap_author}"
            if row.roadmap_version
            else "no roadmap yet"
        )
        facts.markdown(f"`{row.status}` · {chat_markdown(roadmap)}")
        if row.flags:
            facts.caption("⚠️ " + ", ".join(FLAG_LABELS.get(f, f) for f in row.flags))
        action.page_link(
            REVIEW_PAGE,
            label="Open review",
            icon="📝",
            query_params={"interview": row.interview_id},
        )

previous, _, following = st.columns([1, 4, 1])
if previous.button("◀ Previous", key="queue_prev", disabled=result.page <= 1):
    st.session_state[PAGE_KEY] = result.page - 1
    st.rerun()
if following.button("Next ▶", key="queue_next", disabled=result.page >= result.pages):
    st.session_state[PAGE_KEY] = result.page + 1
    st.rerun()
