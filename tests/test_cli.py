"""The command line as a user runs it: real subprocesses, exit codes, Chinese messages."""

from __future__ import annotations

import os
import subprocess
import sys

from rag.settings import PROJECT_ROOT


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rag", *args],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_ingest_prints_a_summary(tmp_settings):
    done = run("--corpus", str(tmp_settings.corpus_dir), "ingest")
    assert done.returncode == 0, done.stderr
    assert "5 篇文章" in done.stdout and "编码错位" in done.stdout and "23" in done.stdout
    assert (tmp_settings.essays_dir / "e1.md").exists()


def test_bad_inputs_exit_2_with_a_message_naming_the_file(tmp_path):
    missing = tmp_path / "nope.html"
    done = run("--corpus", str(tmp_path / "c"), "ingest", str(missing))
    assert done.returncode == 2
    assert "找不到文件" in done.stderr and str(missing) in done.stderr
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    done = run("--corpus", str(tmp_path / "c"), "ingest", str(binary))
    assert done.returncode == 2 and "不是文本文件" in done.stderr
    assert not (tmp_path / "c" / "essays").exists()  # nothing half-written


def test_a_misspelt_setting_fails_loudly(tmp_path):
    done = run("ingest", env={"RAG_CORPUS_DIRR": str(tmp_path)})
    assert done.returncode == 2
    assert "RAG_CORPUS_DIRR" in done.stderr and "RAG_CORPUS_DIR" in done.stderr
