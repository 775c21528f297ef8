"""Chroma server mode (CHROMA_HOST/CHROMA_PORT) against a real `chroma run` on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from discovery.settings import Settings
from knowledge import open_knowledge_base

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    executable = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    port = _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    process = subprocess.Popen(
        [executable, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("chroma run did not start within 30 s")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_two_app_instances_share_one_server(tmp_path: Path, chroma_server: int) -> None:
    settings = Settings(
        DISCOVERY_DATA_DIR=tmp_path / "a", CHROMA_HOST="127.0.0.1", CHROMA_PORT=chroma_server
    )
    first = open_knowledge_base(settings, auto_ingest=False)
    report = first.ingest()
    assert report.added == len(first.corpus.chunks)
    other = Settings(
        DISCOVERY_DATA_DIR=tmp_path / "b", CHROMA_HOST="127.0.0.1", CHROMA_PORT=chroma_server
    )
    second = open_knowledge_base(other, auto_ingest=False)
    assert second.ingest().unchanged == len(second.corpus.chunks)  # already indexed by the first
    hits = second.search("the roster lives in one person's head")
    assert second.warnings == []
    assert {"usecase-scheduling-rostering", "tribal-knowledge"} & {h.doc_id for h in hits}
    assert not (tmp_path / "b" / "chroma").exists()  # server mode writes no local folder
