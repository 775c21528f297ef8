"""The consultant workspace: sign-in, the review queue, the roadmap editor with optimistic
versions, redrafts, approval, exports and the audit trail.

Logic lives in these modules (no Streamlit): `auth` (sessions and who may open what), `queue`,
`editor` (section edits, validation, stable text and diffs), `review` (the operations, each one
audited). `workspace.ui` is the thin Streamlit glue the pages in `app_pages/` share.
"""
