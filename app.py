"""Streamlit entry point. Renders only; the logic lives in the packages (shared with the CLI).

The prospect interview arrives with the interview issue; until then this page shows the privacy
layer every message will pass through: paste text, see exactly what would be stored.
"""

from __future__ import annotations

import streamlit as st

from privacy import RedactionError, get_redactor

st.set_page_config(page_title="AI discovery interview", page_icon="🧭")


@st.cache_resource(show_spinner="Loading the privacy layer…")
def redactor():
    return get_redactor()


st.title("AI discovery interview")
st.info(
    "Before anything you type is stored or sent to a model, personal information (names, phone "
    "numbers, IRD, bank and NHI numbers, addresses, emails) is replaced with placeholders such as "
    "<PERSON_1>. Try it below: this preview stores nothing."
)
text = st.text_area(
    "Message", max_chars=20_000, placeholder="e.g. Aroha Ngata does our invoices, 021 555 0199"
)
if st.button("Show what would be stored", type="primary"):
    try:
        result = redactor().redact(text)
    except RedactionError as exc:
        st.error(
            f"This message could not be checked for personal information, so it was not kept: {exc}"
        )
    else:
        st.text(result.redacted)  # st.text never renders HTML: pasted markup stays inert
        st.caption(
            ", ".join(sorted({e.type for e in result.entities})) or "No personal information found."
        )
