"""`discovery eval run/compare`: outputs in the brief's format, bad files named, the CI gate."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from discovery.cli import main
from discovery.settings import PROJECT_ROOT
from evals.metrics import leaked, match_workflows
from evals.run import check_thresholds, compare_runs, run_evals
from evals.transcript import TranscriptError, load_transcript

GOOD = {
    "id": "cafe-roster",
    "title": "Cafe roster",
    "locale": "en-NZ",
    "turns": [
        {"role": "assistant", "text": "Tell me about the business."},
        {"role": "user", "text": "We run a cafe in Nelson with twelve staff."},
        {"role": "user", "text": "The roster is the headache: Mere Tūhoe does it on a whiteboard."},
        {"role": "user", "text": "Our duty manager owns the roster. Call her on 021 555 0199."},
    ],
    "expected": {
        "overall_recommendation": "strategy_first",
        "workflows": [
            {"match": ["roster"], "owner": ["duty manager"], "verdict": "strategy_first"}
        ],
        "pii": [
            {"text": "Mere Tūhoe", "type": "PERSON"},
            {"text": "021 555 0199", "type": "PHONE_NUMBER"},
        ],
        "roadmap_mentions": ["human review"],
        "injection": False,
    },
}


@pytest.fixture
def fast_embedder(monkeypatch):
    # Spawned replay workers inherit the environment.
    monkeypatch.setenv("DISCOVERY_OFFLINE_EMBEDDER", "hashing")


def write(folder: Path, name: str, content: object) -> Path:
    path = folder / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON"),
        ({"id": "x", "turns": [{"role": "user"}]}, "turns.0.text"),
        ({"id": "x", "turns": [{"role": "assistant", "text": "hi"}]}, "no user turns"),
        (
            {**GOOD, "expected": {"workflows": [{"match": ["a"], "verdict": "go_for_it"}]}},
            r"expected\.workflows\[0\]\.verdict",
        ),
        ({**GOOD, "expected": {"overall_recommendation": "maybe"}}, "overall_recommendation"),
    ],
)
def test_a_bad_transcript_names_the_file_and_field(tmp_path, content, message):
    path = write(tmp_path, "bad.json", content)
    with pytest.raises(TranscriptError, match=message) as caught:
        load_transcript(path)
    assert str(path) in str(caught.value)


def test_run_writes_the_contract_outputs_and_skips_bad_files(tmp_path, fast_embedder):
    source = tmp_path / "in"
    source.mkdir()
    write(source, "good.json", GOOD)
    write(source, "broken.json", "{oops")
    (tmp_path / "empty").mkdir()
    out = tmp_path / "run"
    summary = run_evals([source, tmp_path / "empty"], out, workers=1)
    assert summary["transcripts"] == 1
    on_disk = json.loads((out / "summary.json").read_text())
    assert on_disk["transcripts"] == 1 and isinstance(on_disk["metrics"], dict)
    assert any("broken.json" in e for e in summary["errors"])
    assert any("no .json transcripts" in e for e in summary["errors"])
    roadmap = json.loads((out / "cafe-roster" / "roadmap.json").read_text())
    replayed = json.loads((out / "cafe-roster" / "transcript.json").read_text())
    assert roadmap["overall_recommendation"] in {"strategy_first", "implementation_ready"}
    assert [t["role"] for t in replayed["turns"]][:2] == ["assistant", "user"]
    everything = (out / "cafe-roster" / "transcript.json").read_text() + json.dumps(roadmap)
    assert "Mere" not in everything and "021 555 0199" not in everything
    assert summary["metrics"]["pii_leaks"] == 0
    report = (out / "report.html").read_text()
    assert "<svg" in report and "cafe-roster" in report and "<script" not in report


def test_compare_reports_deltas_and_worse_transcripts(tmp_path):
    for name, score, recall in (("a", 1.0, 0.9), ("b", 0.5, 0.8)):
        run = tmp_path / name
        run.mkdir()
        write(
            run,
            "summary.json",
            {"transcripts": 1, "metrics": {"slot_coverage": recall, "pii_leaks": 0}},
        )
        write(run, "transcripts.jsonl", json.dumps({"id": "t1", "score": score}) + "\n")
    result = compare_runs(tmp_path / "a", tmp_path / "b")
    assert result["metrics"]["slot_coverage"]["worse"] is True
    assert result["metrics"]["pii_leaks"]["worse"] is False
    assert result["worse_transcripts"] == [{"id": "t1", "a": 1.0, "b": 0.5}]
    assert main(["eval", "compare", str(tmp_path / "a"), str(tmp_path / "b")]) == 0
    assert main(["eval", "compare", str(tmp_path / "a"), str(tmp_path / "missing")]) == 2


def test_thresholds_fail_when_a_metric_falls(tmp_path):
    path = write(tmp_path, "t.yaml", "min:\n  slot_coverage: 0.9\nmax:\n  pii_leaks: 0\n")
    assert check_thresholds({"slot_coverage": 0.95, "pii_leaks": 0}, path) == []
    failures = check_thresholds({"slot_coverage": 0.5, "pii_leaks": 2}, path)
    assert len(failures) == 2 and "slot_coverage" in failures[0]


def test_ci_gate_on_the_team_transcripts(tmp_path, fast_embedder):
    """The checked-in transcripts replayed offline must stay above evals/thresholds.yaml."""
    folder = PROJECT_ROOT / "evals" / "transcripts"
    summary = run_evals([folder], tmp_path / "gate")
    assert summary["errors"] == []
    assert summary["transcripts"] >= 30
    assert check_thresholds(summary["metrics"]) == [], summary["metrics"]


def test_stored_interviews_export_as_replayable_transcripts(tmp_path):
    from evals.export import export_transcripts
    from storage import InterviewStore, make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    migrate(engine)
    with InterviewStore(engine) as store:
        record, _ = store.create_interview(
            consent_version="c", knowledge_version="k", prompt_version="p", model="m", state={}
        )
        store.append_turn(record.id, "assistant", "Tell me about the business.")
        store.append_turn(record.id, "user", "<PERSON_1> runs quoting from a spreadsheet.")
        store.save_roadmap(
            record.id, {"summary": "draft"}, author="agent", status="draft",
            model="m", prompt_version="p", knowledge_version="k",
        )  # fmt: skip
        store.save_roadmap(
            record.id, {"summary": "final words"}, author="consultant1", status="approved",
            model="m", prompt_version="p", knowledge_version="k",
        )  # fmt: skip
        [path] = export_transcripts(store, tmp_path / "out")
    transcript = load_transcript(path)
    assert transcript.user_turns == ["<PERSON_1> runs quoting from a spreadsheet."]
    assert transcript.consultant_versions[0].final == "final words"


@pytest.mark.parametrize(
    ("value", "text", "expected"),
    [
        ("Sam", "Same setup for five years", False),
        ("Sam", "my husband Sam does the books", True),
        ("Sam", "Sam's job", True),
        ("021 555 0143", "call 021 555 0143.", True),
        ("grace@example.co.nz", "mail grace@example.co.nz", True),
        ("Tupou", "Tupouniua", False),
    ],
)
def test_a_planted_value_leaks_only_as_itself(value, text, expected):
    assert leaked(value, text) is expected


def _judge(server):
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    from evals.judge import Judge

    chat = ChatOpenAI(
        model="scripted", base_url=server.base_url, api_key=SecretStr("t"), max_retries=0
    )
    return Judge(chat, model="scripted", workers=2)


def test_the_optional_judge_grades_redacted_replays_over_http(tmp_path, fast_embedder):
    from testkit.scripted_openai import ScriptedOpenAIServer, ToolCall

    source = write(tmp_path, "good.json", GOOD)
    with ScriptedOpenAIServer() as server:
        server.responder = lambda request: ToolCall(
            "record_judgement", {"score": 4, "reasons": "Turn 2 follows up on the roster."}
        )
        summary = run_evals([source], tmp_path / "run", workers=1, judge=_judge(server))
        sent = server.sent_text
    metrics = summary["metrics"]
    assert metrics["judge.question_quality"] == 4 and metrics["judge.roadmap_usefulness"] == 4
    assert metrics["judge.failures"] == 0
    assert summary["judge"]["model"] == "scripted" and summary["judge"]["prompt_version"]
    # The judge reads the redacted replay: planted values never reach it.
    assert "roster" in sent and "Mere" not in sent and "021 555 0199" not in sent
    row = json.loads((tmp_path / "run" / "transcripts.jsonl").read_text())
    assert row["judge"]["question_quality"]["score"] == 4


@pytest.mark.parametrize(
    ("step", "error"),
    [
        ({"score": 9, "reasons": "great"}, "invalid judgement"),
        ("{not json", "did not call its tool"),
        (None, "Error code: 500"),
        ("reply", "did not call its tool"),
    ],
)
def test_a_judge_that_fails_is_recorded_and_never_stops_the_run(step, error):
    from evals.judge import judge_metrics
    from testkit.scripted_openai import Error, Reply, ScriptedOpenAIServer, ToolCall

    replay = {
        "transcript": {"turns": [{"role": "user", "text": "We do quotes."}]},
        "roadmap": {"overall_recommendation": "strategy_first", "workflows": []},
    }
    with ScriptedOpenAIServer() as server:
        if step is None:
            server.script(Error(500))
        elif step == "reply":
            server.script(Reply("Four out of five."))
        else:
            server.script(ToolCall("record_judgement", step))
        judgement = _judge(server).grade("question_quality", replay)
    assert error in judgement["error"]
    metrics = judge_metrics({"t": {"question_quality": judgement}})
    assert metrics["judge.question_quality"] is None and metrics["judge.failures"] == 1


def test_judge_without_a_model_says_so_and_still_replays(tmp_path, fast_embedder, capsys):
    source = write(tmp_path, "good.json", GOOD)
    assert main(["eval", "run", str(source), "--out", str(tmp_path / "run"), "--judge"]) == 0
    err = capsys.readouterr().err
    assert "--judge needs a model" in err
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["transcripts"] == 1 and "judge.question_quality" not in summary["metrics"]


def test_workflow_matching_is_one_to_one_and_prefers_the_workflow_named_for_it():
    expected = [
        SimpleNamespace(match=["reminder", "no-show"]),
        SimpleNamespace(match=["treatment note", "notes"]),
        SimpleNamespace(match=["payroll"]),
    ]
    captured = [
        {
            "name": "notes",
            "description": "Notes after each visit; reminders are sent the day before.",
        },
        {"name": "automatic reminder texts", "description": "Texts the day before."},
    ]
    # Greedy first-fit would give the reminders to "notes" (its description mentions them) and
    # leave the notes unmatched.
    assert match_workflows(expected, captured) == [1, 0, None]
