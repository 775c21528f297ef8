"""A self-contained HTML report (inline SVG, no scripts, no network): a bar per metric, the
verdict confusion matrices, a per-transcript table and the worst cases with their turns."""

from __future__ import annotations

from html import escape
from typing import Any

STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px}
th{background:#f3f3f3}.bad{color:#b00020}.turn{margin:4px 0;padding:4px 8px;border-radius:6px}
.user{background:#eef5ff}.assistant{background:#f5f5f5}.num{text-align:right}
"""


def _bars(metrics: dict[str, Any]) -> str:
    rates = [(k, v) for k, v in metrics.items() if isinstance(v, float) and 0 <= v <= 1]
    width, row = 760, 22
    height = row * len(rates) + 10
    parts = [f'<svg width="{width}" height="{height}" role="img" aria-label="metrics">']
    for i, (name, value) in enumerate(rates):
        y = i * row + 4
        bar = int(value * 380)
        colour = "#2e7d32" if value >= 0.85 else "#f9a825" if value >= 0.6 else "#c62828"
        if "false_positive" in name or "edit_distance" in name:  # lower is better
            colour = "#1565c0"
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="12">{escape(name)}</text>'
            f'<rect x="300" y="{y}" width="{bar}" height="16" fill="{colour}"/>'
            f'<text x="{305 + bar}" y="{y + 13}" font-size="12">{value:.3f}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _matrix(title: str, matrix: dict[str, dict[str, int]]) -> str:
    columns = list(next(iter(matrix.values())).keys()) if matrix else []
    top = max([1, *(n for row in matrix.values() for n in row.values())])
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    rows = []
    for want, row in matrix.items():
        cells = "".join(
            f'<td class="num" style="background:rgba(46,125,50,{n / top:.2f})">{n}</td>'
            if want == got
            else f'<td class="num" style="background:rgba(198,40,40,{n / top:.2f})">{n}</td>'
            for got, n in row.items()
        )
        rows.append(f"<tr><th>{escape(want)}</th>{cells}</tr>")
    return f"<h3>{escape(title)} (rows: expected, columns: drafted)</h3><table><tr><th></th>{head}</tr>{''.join(rows)}</table>"


def render_report(
    summary: dict[str, Any],
    rows: list[dict[str, Any]],
    replays: dict[str, dict[str, Any]],
    errors: list[str],
    worst: int = 5,
) -> str:
    metrics = summary["metrics"]
    table_rows = []
    for row in sorted(rows, key=lambda r: r["score"]):
        verdicts = ", ".join(f"{a}→{b}" if a != b else a for a, b in row.get("verdicts", []))
        leak = (
            f'<span class="bad">{row.get("pii_leaks", 0)}</span>' if row.get("pii_leaks") else "0"
        )
        table_rows.append(
            f"<tr><td>{escape(row['id'])}</td><td class=num>{row['score']:.2f}</td>"
            f"<td>{escape(verdicts)}</td><td class=num>{row.get('workflows_found', '')}/{row.get('workflows_expected', '')}</td>"
            f"<td class=num>{leak}</td><td>{'yes' if row.get('flagged_injection') else ''}</td>"
            f"<td class=num>{row.get('repeated_questions', 0)}</td><td class=num>{row.get('seconds', '')}</td></tr>"
        )
    worst_cases = []
    for row in sorted(rows, key=lambda r: r["score"])[:worst]:
        turns = replays.get(row["id"], {}).get("transcript", {}).get("turns", [])
        shown = "".join(
            f'<div class="turn {escape(t["role"])}"><b>{i}. {escape(t["role"])}</b>: {escape(t["text"][:600])}</div>'
            for i, t in enumerate(turns, 1)
        )
        judged = "".join(
            f"<p><b>judge, {escape(rubric.replace('_', ' '))}</b>: "
            f"{escape(str(j.get('score', 'failed')))}: {escape(j.get('reasons', j.get('error', '')))}</p>"
            for rubric, j in row.get("judge", {}).items()
        )
        worst_cases.append(
            f"<details><summary>{escape(row['id'])}: score {row['score']:.2f}; "
            f"{escape(str(row.get('verdicts', '')))}</summary>{judged}{shown}</details>"
        )
    error_list = "".join(f"<li>{escape(e)}</li>" for e in errors) or "<li>none</li>"
    metric_rows = "".join(
        f"<tr><td>{escape(k)}</td><td class=num>{'' if v is None else escape(str(v))}</td></tr>"
        for k, v in metrics.items()
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Discovery interview eval: {summary["transcripts"]} transcripts</title><style>{STYLE}</style></head><body>
<h1>Discovery interview eval</h1>
<p>{summary["transcripts"]} transcripts replayed with the {escape(summary.get("policy", ""))} interviewer
in {summary.get("seconds", "")} s; knowledge {escape(summary.get("knowledge_version", ""))},
prompts {escape(summary.get("prompt_version", ""))}.</p>
<h2>Metrics</h2>{_bars(metrics)}<table><tr><th>metric</th><th>value</th></tr>{metric_rows}</table>
<h2>Verdicts</h2>{_matrix("Per workflow", summary["confusion"]["workflow"])}{_matrix("Overall recommendation", summary["confusion"]["overall"])}
<h2>Transcripts (worst first)</h2><table><tr><th>id</th><th>score</th><th>verdicts (expected→drafted)</th>
<th>workflows found</th><th>PII leaks</th><th>injection flagged</th><th>repeated questions</th><th>s</th></tr>{"".join(table_rows)}</table>
<h2>Worst cases</h2>{"".join(worst_cases)}
<h2>Files that could not be replayed</h2><ul>{error_list}</ul>
</body></html>"""
