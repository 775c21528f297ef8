"""Review one interview: the redacted transcript with its flags, the roadmap editor section by
section, redrafts, approve / return, exports, version history with diffs, and the prospect's
contact details (on request, audited). Renders and holds session state only: every action is a
`workspace.review.ReviewService` call. `?interview=ID` picks the interview.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from agents.redraft import MAX_INSTRUCTION_CHARS, RedraftProblem
from agents.render import chat_markdown, escape, roadmap_markdown
from exports.service import ExportError
from storage import StorageError
from storage.reviews import RoadmapConflict
from workspace.auth import REVIEW
from workspace.editor import (
    APPROACHES,
    MAX_FIELD_CHARS,
    RECOMMENDATIONS,
    SECTIONS,
    VERDICT_CHOICES,
    EditProblem,
    SummaryEdit,
    WorkflowEdit,
    items_text,
    summary_form,
    workflow_forms,
)
from workspace.review import ReviewContext, ReviewNotFound, ReviewProblem
from workspace.ui import QUEUE_PAGE, REVIEW_PAGE, require_user, review_service

st.set_page_config(page_title="Review · AI discovery interview", layout="wide")
user = require_user(REVIEW, REVIEW_PAGE)
service = review_service()

try:
    ctx = service.open(user, st.query_params.get("interview"))
except ReviewNotFound as exc:
    st.error(str(exc))
    st.page_link(QUEUE_PAGE, label="Back to the queue", icon="📋")
    st.stop()
except StorageError as exc:
    st.error(f"The interview could not be loaded: {exc}")
    st.stop()

iid = ctx.interview.id
BASE_KEY = f"review_base:{iid}"
FLASH_KEY = "review_flash"
latest = ctx.latest
if latest is not None and BASE_KEY not in st.session_state:
    st.session_state[BASE_KEY] = latest.version
base_no = int(st.session_state.get(BASE_KEY, 0))
base = ctx.version(base_no)


def flash(kind: str, text: str) -> None:
    st.session_state.setdefault(FLASH_KEY, []).append((kind, text))


def reload_latest() -> None:
    st.session_state.pop(BASE_KEY, None)


def act(work: Callable[[], Any], success: Callable[[Any], str]) -> None:
    """Run one review action; on success remember the new version and rerun, otherwise say why
    (nothing is saved on any failure)."""
    try:
        result = work()
    except RoadmapConflict as exc:
        st.error(str(exc))
        st.button("Reload the latest version", key="reload-conflict", on_click=reload_latest)
        return
    except (EditProblem, ReviewProblem, RedraftProblem, ExportError) as exc:
        st.error(str(exc))
        return
    except StorageError as exc:
        st.error(f"{exc} Nothing was saved; please try again.")
        return
    record = getattr(result, "record", result)
    st.session_state[BASE_KEY] = record.version
    flash("success", success(result))
    for notice in getattr(result, "notices", ()):
        flash("info", notice)
    st.rerun()


# -- header -------------------------------------------------------------------------------------

st.page_link(QUEUE_PAGE, label="Back to the queue", icon="📋")
st.header(chat_markdown(ctx.title), anchor=False)
st.caption(
    f"Interview {iid} · status `{ctx.interview.status}` · started "
    f"{ctx.interview.created_at:%Y-%m-%d %H:%M} UTC · {len(ctx.turns)} turns · "
    f"{ctx.flag_count} flags"
)
for kind, text in st.session_state.pop(FLASH_KEY, []):
    (st.success if kind == "success" else st.info)(text)

transcript_col, editor_col = st.columns([2, 3], gap="large")


# -- transcript ---------------------------------------------------------------------------------


def render_transcript(context: ReviewContext) -> None:
    st.header("Transcript", anchor="transcript")
    st.caption("Redacted, as stored. Evidence links in the roadmap jump to these turns.")
    for turn in context.turns:
        # A markdown heading gets the anchor "turn-N", the target of the evidence links.
        st.markdown(f"##### Turn {turn.seq}")
        who = "Prospect" if turn.role == "user" else "Interviewer"
        st.caption(who + (f" · {escape(turn.note)}" if turn.note else ""))
        for flag in turn.flags:
            detail = f": {escape(flag.detail)}" if flag.detail else ""
            st.warning(f"Flagged — {escape(flag.label)}{detail}", icon="⚠️")
        st.markdown(chat_markdown(turn.text, allow_bold=turn.role == "assistant"))


with transcript_col:
    render_transcript(ctx)


# -- roadmap editor -----------------------------------------------------------------------------


def turn_text(seq: int) -> str:
    found = next((t for t in ctx.turns if t.seq == seq), None)
    return found.text if found else ""


def _position(options: Sequence[str], value: str, otherwise: int) -> int:
    """Where a stored value sits among a select box's options (an unknown one shows `otherwise`)."""
    return options.index(value) if value in options else otherwise


def evidence_links(evidence: list[dict[str, Any]]) -> None:
    for ev in evidence:
        turn = int(ev.get("turn", 0))
        st.markdown(f"[Turn {turn}](#turn-{turn}): “{escape(str(ev.get('quote', '')))}”")
        with st.expander(f"Show turn {turn}"):
            st.markdown(chat_markdown(turn_text(turn)))


def summary_editor(content: dict[str, Any]) -> None:
    start = summary_form(content)
    with st.form(f"edit-summary-v{base_no}"):
        summary = st.text_area(
            "Summary", start.summary, key=f"ed-summary-v{base_no}", max_chars=MAX_FIELD_CHARS
        )
        recommendation = st.selectbox(
            "Overall recommendation",
            RECOMMENDATIONS,
            index=_position(RECOMMENDATIONS, start.overall_recommendation, 1),
            key=f"ed-recommendation-v{base_no}",
        )
        reasons = st.text_area(
            "Reasons (one per line)", start.reasons, key=f"ed-reasons-v{base_no}"
        )
        submitted = st.form_submit_button("Save summary", type="primary", key="save-summary")
    if submitted:
        act(
            lambda: service.save_section(
                user, iid, base_no, "summary", SummaryEdit(summary, recommendation, reasons)
            ),
            lambda r: f"Saved the summary as version {r.record.version}.",
        )


def workflows_editor(content: dict[str, Any]) -> None:
    starts = workflow_forms(content)
    if not starts:
        st.info("This roadmap has no priority workflows.")
        return
    edits: list[WorkflowEdit] = []
    with st.form(f"edit-workflows-v{base_no}"):
        for number, (start, raw) in enumerate(
            zip(starts, content.get("workflows", []), strict=True), start=1
        ):
            k = f"v{base_no}-w{number}"
            st.markdown(f"**Workflow {number}: {chat_markdown(start.name)}**")
            name = st.text_input("Name", start.name, key=f"ed-name-{k}", max_chars=200)
            verdict_col, approach_col, priority_col = st.columns(3)
            verdict = verdict_col.selectbox(
                "Verdict",
                VERDICT_CHOICES,
                index=_position(VERDICT_CHOICES, start.verdict, 1),
                key=f"ed-verdict-{k}",
            )
            approach = approach_col.selectbox(
                "Approach",
                APPROACHES,
                index=_position(APPROACHES, start.approach, 0),
                key=f"ed-approach-{k}",
            )
            priority = priority_col.number_input(
                "Priority", min_value=0, value=start.priority, step=1, key=f"ed-priority-{k}"
            )
            process = st.text_area("How it runs", start.process, key=f"ed-process-{k}")
            owner = st.text_input("Owner", start.owner, key=f"ed-owner-{k}")
            sources = st.text_area(
                "Data sources (one per line)", start.data_sources, key=f"ed-sources-{k}"
            )
            risks = st.text_area("Risks (one per line)", start.risks, key=f"ed-risks-{k}")
            metric = st.text_input("Success metric", start.success_metric, key=f"ed-metric-{k}")
            rationale = st.text_area("Why (rationale)", start.rationale, key=f"ed-rationale-{k}")
            remove = st.checkbox("Remove this workflow", key=f"ed-remove-{k}")
            st.caption("Evidence from the interview")
            evidence_links(raw.get("evidence", []))
            if raw.get("guidance"):
                st.caption(
                    "Guidance: "
                    + "; ".join(
                        f"{escape(g.get('title', ''))} [{escape(g.get('doc_id', ''))}]"
                        for g in raw["guidance"]
                    )
                )
            st.divider()
            edits.append(
                WorkflowEdit(
                    name,
                    process,
                    owner,
                    sources,
                    risks,
                    metric,
                    verdict,
                    approach,
                    rationale,
                    int(priority),
                    remove,
                )
            )
        submitted = st.form_submit_button("Save workflows", type="primary", key="save-workflows")
    if submitted:
        act(
            lambda: service.save_section(user, iid, base_no, "workflows", edits),
            lambda r: f"Saved the workflows as version {r.record.version}.",
        )


def items_editor(section: str, label: str, content: dict[str, Any]) -> None:
    items = content.get(section, [])
    with st.form(f"edit-{section}-v{base_no}"):
        text = st.text_area(
            f"{label} (one per line)",
            items_text(items),
            key=f"ed-{section}-v{base_no}",
            height=220,
            help="Start a line with [now], [next] or [later] to set its phase. A line you keep "
            "keeps its evidence and guidance. Leave it empty for none.",
        )
        submitted = st.form_submit_button(
            f"Save {label.lower()}", type="primary", key=f"save-{section}"
        )
    evidence = [ev for item in items for ev in item.get("evidence", [])]
    unique = {(int(ev["turn"]), ev["quote"]): ev for ev in evidence}
    if unique:
        st.caption("Evidence behind these items")
        evidence_links(sorted(unique.values(), key=lambda e: int(e["turn"])))
    if submitted:
        act(
            lambda: service.save_section(user, iid, base_no, section, text),
            lambda r: f"Saved {label.lower()} as version {r.record.version}.",
        )


def redraft_form(section: str, label: str) -> None:
    with st.form(f"redraft-{section}-v{base_no}"):
        instruction = st.text_input(
            f"Ask the agent to redraft {label.lower()}",
            key=f"redraft-text-{section}-v{base_no}",
            max_chars=MAX_INSTRUCTION_CHARS,
            placeholder="e.g. focus on the quoting workflow and keep it short",
        )
        submitted = st.form_submit_button("Redraft this section", key=f"redraft-{section}")
    if submitted:
        act(
            lambda: service.redraft(user, iid, base_no, section, instruction),
            lambda r: (
                f"Redrafted {label.lower()} as version {r.version}; check it before approving."
            ),
        )


def editor(content: dict[str, Any]) -> None:
    labels = dict(SECTIONS)
    section = st.radio(
        "Section",
        [key for key, _ in SECTIONS],
        format_func=labels.__getitem__,
        horizontal=True,
        key="review_section",
    )
    label = labels[section]
    st.subheader(label)
    if section == "summary":
        summary_editor(content)
    elif section == "workflows":
        workflows_editor(content)
    else:
        items_editor(section, label, content)
    redraft_form(section, label)


def decision() -> None:
    assert base is not None
    st.subheader("Decision")
    approve = st.button(
        f"Approve version {base.version}",
        type="primary",
        key="approve",
        disabled=base.status == "approved",
    )
    if approve:
        act(
            lambda: service.approve(user, iid, base_no),
            lambda r: f"Approved: version {r.version}. Exports are no longer marked DRAFT.",
        )
    with st.form(f"return-v{base_no}"):
        reason = st.text_area(
            "Return it for more input: why?", key=f"return-reason-v{base_no}", max_chars=1000
        )
        returned = st.form_submit_button("Return", key="return")
    if returned:
        act(
            lambda: service.return_roadmap(user, iid, base_no, reason),
            lambda r: f"Returned: version {r.version}.",
        )
    for entry in service.return_reasons(iid)[:3]:
        st.caption(
            f"Returned by {escape(entry.actor)} on {entry.at:%Y-%m-%d %H:%M} UTC: "
            f"{chat_markdown(str(entry.detail.get('reason', '')))}"
        )


def exports() -> None:
    assert latest is not None
    st.subheader("Export")
    if latest.status != "approved":
        st.caption(
            f"Version {latest.version} is {latest.status}, not approved: every export is marked "
            "DRAFT on every page."
        )
    columns = st.columns(3)
    for column, (fmt, label) in zip(
        columns, (("md", "Markdown"), ("docx", "Word"), ("pdf", "PDF")), strict=True
    ):
        key = f"export:{iid}:{fmt}"
        if column.button(f"Prepare {label}", key=f"prepare-{fmt}"):
            try:
                st.session_state[key] = service.export(user, iid, fmt)
            except (ExportError, ReviewProblem, StorageError) as exc:
                column.error(f"The export failed: {exc}")
        prepared = st.session_state.get(key)
        if prepared is not None and prepared.version == latest.version:
            column.download_button(
                f"Download {label}",
                data=prepared.data,
                file_name=prepared.file_name,
                mime=prepared.mime,
                key=f"download-{fmt}",
                on_click="ignore",
            )


def versions() -> None:
    st.subheader("Versions")
    st.dataframe(
        [
            {
                "version": v.version,
                "author": v.author,
                "status": v.status,
                "saved": f"{v.created_at:%Y-%m-%d %H:%M:%S} UTC",
                "model": v.model or "",
            }
            for v in reversed(ctx.versions)
        ],
        hide_index=True,
        width="stretch",
    )
    numbers = [v.version for v in ctx.versions]
    if len(numbers) < 2:
        st.caption("Only the agent's draft so far: nothing to compare.")
        return
    old_col, new_col = st.columns(2)
    old = old_col.selectbox("Compare version", numbers, index=0, key="diff_old")
    new = new_col.selectbox("with version", numbers, index=len(numbers) - 1, key="diff_new")
    diff = service.diff(ctx, int(old), int(new))
    if diff:
        st.code(diff, language="diff", wrap_lines=True)
    else:
        st.info(f"Versions {old} and {new} say the same (only their status may differ).")


def contact() -> None:
    st.subheader("Prospect's contact details")
    st.caption("Kept apart from the transcript; each view is recorded in the audit log.")
    key = f"contact:{iid}"
    if st.button("Show contact details", key="show-contact"):
        try:
            st.session_state[key] = service.view_contact(user, iid) or "none"
        except StorageError as exc:
            st.error(f"The contact details could not be read: {exc}")
    shown = st.session_state.get(key)
    if shown == "none":
        st.info("The prospect left no contact details.")
    elif shown is not None:
        for label, value in (
            ("Name", shown.name),
            ("Email", shown.email),
            ("Phone", shown.phone),
            ("Business", shown.organisation),
            ("Note", shown.note),
        ):
            if value:
                st.markdown(f"**{label}:** {chat_markdown(value)}")


with editor_col:
    if base is None:
        st.info(
            f"No roadmap yet: the interview is `{ctx.interview.status}`. The draft appears here "
            "once the prospect confirms their summary."
        )
    else:
        assert latest is not None
        st.header("Roadmap", anchor="roadmap")
        st.caption(
            f"Editing version {base.version} ({base.status}) by {escape(base.author)}; "
            f"{len(ctx.versions)} version(s) in all. Saving makes a new version."
        )
        if latest.version != base.version:
            st.warning(
                f"Version {latest.version} was saved by {escape(latest.author)} after the version "
                f"you are editing (version {base.version}). Reload to continue from it."
            )
            st.button("Reload the latest version", key="reload-latest", on_click=reload_latest)
        with st.expander("Preview as the client will read it"):
            st.markdown(roadmap_markdown(base.content, draft=base.status != "approved"))
        editor(base.content)
        st.divider()
        decision()
        st.divider()
        exports()
        st.divider()
        versions()
    st.divider()
    contact()
