"""`python -m rag essays`: the library from the terminal, the same code path as the page; a
question only the new essay answers is cited from it, with the PDF's page."""

from __future__ import annotations

import json
import shutil

import pytest

from rag.cli import main
from rag.core.settings import PROJECT_ROOT
from tests.library.samples import make_docx, make_pdf


@pytest.fixture
def dirs(tmp_path):
    shutil.copytree(PROJECT_ROOT / "corpus" / "essays", tmp_path / "corpus" / "essays")
    return ["--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index")]


@pytest.mark.slow
def test_add_ask_replace_retire_history_and_rollback(dirs, tmp_path, capsys):
    pdf = tmp_path / "讲义.pdf"
    pdf.write_bytes(make_pdf(pages=3))
    assert main([*dirs, "essays", "add", str(pdf), "--who", "王老师"]) == 0
    out = capsys.readouterr().out
    assert "版本 2：发布 《乡村饮水安全工程中的群众工作》（e6），来自 讲义.pdf" in out
    assert "索引已更新" in out
    assert main([*dirs, "ask", "山腰上的人家每天挑水要多久？", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    cited = [c for c in answer["citations"] if c["essay_id"] == "e6"]
    assert cited and "两个小时" in " ".join(c["quote"] for c in cited)
    assert cited[0]["pages"] == [1]
    docx = tmp_path / "修订稿.docx"
    docx.write_bytes(make_docx())
    assert main([*dirs, "essays", "replace", "e6", str(docx), "--no-build"]) == 0
    assert main([*dirs, "essays", "retire", "e6", "--no-build"]) == 0
    capsys.readouterr()
    assert main([*dirs, "essays", "list", "--json"]) == 0
    listed = {e["id"]: e for e in json.loads(capsys.readouterr().out)}
    assert listed["e6"]["retired"] and listed["e6"]["source"] == "修订稿.docx"
    assert main([*dirs, "essays", "rollback", "2", "--no-build"]) == 0
    capsys.readouterr()
    assert main([*dirs, "essays", "history", "--json"]) == 0
    history = json.loads(capsys.readouterr().out)
    assert [h["action"] for h in history] == ["init", "publish", "replace", "retire", "rollback"]
    assert history[1]["who"] == "王老师" and "files" not in history[1]


def test_bad_input_is_a_chinese_message_and_exit_2(dirs, tmp_path, capsys):
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    assert main([*dirs, "essays", "add", str(empty), "--no-build"]) == 2
    assert "文件是空的" in capsys.readouterr().err
    assert main([*dirs, "essays", "rollback", "x"]) == 2
    assert "用法" in capsys.readouterr().err
    assert main([*dirs, "essays", "add", str(tmp_path / "没有.pdf")]) == 2
    assert "没有.pdf" in capsys.readouterr().err


def test_a_retired_essay_is_restored_from_the_terminal(dirs, capsys):
    """`essays restore` puts a retired essay back under its own id, as a new version; restoring
    one in use, or an id never retired, is a message and exit 2."""
    assert main([*dirs, "essays", "retire", "e5", "--no-build"]) == 0
    assert main([*dirs, "essays", "restore", "e5", "--no-build"]) == 0
    assert "恢复《" in capsys.readouterr().out
    assert main([*dirs, "essays", "list", "--json"]) == 0
    listed = {e["id"]: e for e in json.loads(capsys.readouterr().out)}
    assert not listed["e5"]["retired"]
    assert main([*dirs, "essays", "restore", "e5", "--no-build"]) == 2
    assert "正在使用" in capsys.readouterr().err
    assert main([*dirs, "essays", "restore", "--no-build"]) == 2
    assert "用法" in capsys.readouterr().err
    assert main([*dirs, "essays", "history", "--json"]) == 0
    assert [h["action"] for h in json.loads(capsys.readouterr().out)][-1] == "restore"
