"""The command line as a user runs it: real subprocesses, exit codes, Chinese messages."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from rag.core.settings import PROJECT_ROOT


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


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("search", "--k", "abc", "问题"), "错误：参数 --k 需要一个整数，收到的是 'abc'。"),
        (("nosuch",), "错误：没有命令 'nosuch'。可用的命令："),
        (("eval", "--bogus"), "错误：不认识的参数：--bogus。"),
        (("search", "--k"), "错误：参数 --k 后面需要一个值。"),
    ],
)
def test_a_malformed_command_line_is_explained_in_chinese(args, message):
    """argparse's own errors (a bad number, an unknown command or option) come in Chinese too,
    after a usage line, with exit code 2."""
    done = run(*args)
    assert done.returncode == 2
    assert done.stderr.startswith("用法：python -m rag")
    assert message in done.stderr and "error" not in done.stderr and "invalid" not in done.stderr


def test_help_is_in_chinese():
    done = run("ask", "-h")
    assert done.returncode == 0
    assert "用法：" in done.stdout and "选项" in done.stdout and "显示本帮助并退出" in done.stdout
    assert "usage" not in done.stdout and "show this help" not in done.stdout


def test_a_misspelt_setting_fails_loudly(tmp_path):
    done = run("ingest", env={"RAG_CORPUS_DIRR": str(tmp_path)})
    assert done.returncode == 2
    assert "RAG_CORPUS_DIRR" in done.stderr and "RAG_CORPUS_DIR" in done.stderr


def test_build_search_and_eval_from_the_command_line(built):
    env = {"RAG_INDEX_DIR": str(built.index_dir)}
    done = run("build", env=env)
    assert done.returncode == 0 and "已是最新" in done.stdout
    done = run("search", "社区为什么要设置民情信箱", "--k", "2", env=env)
    assert done.returncode == 0 and "《做好社区群众工作 促进社区和谐稳定》" in done.stdout
    assert "词法检索第" in done.stdout and "语义检索第" in done.stdout
    done = run("search", "", env=env)
    assert done.returncode == 2 and "不能为空" in done.stderr


def test_search_file_answers_every_line_in_order_as_json(built, tmp_path):
    import json

    questions = tmp_path / "q.txt"
    questions.write_text("什么是大党委制\n\n？？？\n" + "群众" * 800 + "\n", encoding="utf-8")
    done = run(
        "search",
        "--file",
        str(questions),
        "--json",
        "--k",
        "3",
        env={"RAG_INDEX_DIR": str(built.index_dir)},
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["query"][:7] for r in rows] == ["什么是大党委制", "", "？？？", "群众群众群众群"]
    assert rows[0]["hits"][0]["chunk_id"].startswith("e5-p42")
    assert len(rows[0]["hits"]) == 3
    assert rows[1]["hits"] == [] and "不能为空" in rows[1]["error"]
    assert rows[2]["hits"] == []
    assert "只使用了前 1000 个字" in rows[3]["notice"]


def test_ask_says_when_a_long_question_was_cut(built):
    question = "社区干部应该怎样对待群众？" + "我想知道得详细一些。" * 120
    done = run("ask", question, env={"RAG_INDEX_DIR": str(built.index_dir)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"（问题太长（{len(question)} 字），只使用了前 1000 个字。）")


def test_ask_answers_a_greeting_in_kind_without_an_empty_reading(built):
    done = run("ask", "你好", env={"RAG_INDEX_DIR": str(built.index_dir)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("您好！") and "理解为" not in done.stdout


def test_eval_prints_all_three_modes_and_the_baseline(built):
    done = run("eval", "--baseline", env={"RAG_INDEX_DIR": str(built.index_dir)})
    assert done.returncode == 0, done.stderr
    for word in ("混合", "仅词法", "仅语义", "hit@1", "MRR@10", "paraphrase", "引用了正确段落"):
        assert word in done.stdout
    assert "对照：普通流程" in done.stdout and "本系统保住" in done.stdout


def test_eval_cross_validates_both_sets_and_refuses_a_bad_fold_count(built):
    env = {"RAG_INDEX_DIR": str(built.index_dir)}
    done = run("eval", "--folds", "3", env=env)
    assert done.returncode == 0, done.stderr
    assert "3 折交叉验证：dev.jsonl、heldout.jsonl 合并" in done.stdout
    assert "178 个可回答的问题" in done.stdout and "引用了正确段落" in done.stdout
    done = run("eval", "--folds", "1", env=env)
    assert done.returncode == 2 and "折数应在 2 到问题数" in done.stderr
    done = run("eval", "--folds", "5", "--baseline", env=env)
    assert done.returncode == 2 and "不能与" in done.stderr
    assert "Traceback" not in done.stderr


def test_question_files_and_feedback_databases_that_do_not_exist(built, tmp_path):
    env = {"RAG_INDEX_DIR": str(built.index_dir)}
    done = run("search", "--file", str(tmp_path / "missing.txt"), env=env)
    assert done.returncode == 2 and "无法读取问题文件" in done.stderr
    assert "Traceback" not in done.stderr
    db = tmp_path / "typo.sqlite3"
    done = run("eval", "--from-feedback", str(db), env=env)
    assert done.returncode == 2 and "找不到反馈数据库" in done.stderr and not db.exists()


def test_a_blank_line_of_a_question_file_is_reported_in_the_chosen_format(built, tmp_path):
    env = {"RAG_INDEX_DIR": str(built.index_dir)}
    questions = tmp_path / "q.txt"
    questions.write_text("什么是大党委制\n\n", encoding="utf-8")
    done = run("search", "--file", str(questions), "--k", "1", env=env)
    assert done.returncode == 0 and "问题不能为空" in done.stdout
    assert "{" not in done.stdout  # a readable listing, not JSON
    done = run("search", "--file", str(questions), "--k", "1", "--json", env=env)
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 2 and '"error"' in lines[1]


def test_an_unusable_index_folder_is_a_message_not_a_traceback(tmp_path):
    """Every entry point turns an OSError into a Chinese message naming the path, exit 2
    (root ignores permission bits, so the folder's parent is a file instead)."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    env = {"RAG_INDEX_DIR": str(blocker / "index")}
    for args in (("build", "--force"), ("search", "民情信箱")):
        done = run(*args, env=env)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and str(blocker) in done.stderr, done.stderr
    app = subprocess.run(
        [sys.executable, "app.py", "--port", "9"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, **env, "RAG_DATA_DIR": str(tmp_path / "data")},
        timeout=120,
    )
    assert app.returncode == 2 and "Traceback" not in app.stderr and str(blocker) in app.stderr


def test_bank_show_says_what_the_bank_teaches(built):
    env = {"RAG_INDEX_DIR": str(built.index_dir)}
    done = run("bank", env=env)
    assert done.returncode == 0, done.stderr
    assert "条在用" in done.stdout and "它也教给检索" in done.stdout
    done = run("bank", env={**env, "RAG_BANK_LESSONS_FROM": "100000"})
    assert done.returncode == 0 and "它只投票，还不教给检索" in done.stdout


def test_ask_reports_a_defect_in_chinese_and_goes_on(built, monkeypatch, capsys):
    """A defect while answering one question of a file is a Chinese line and exit code 1, not a
    traceback that loses the other questions' answers."""
    from rag import cli
    from rag.answer.compose import ANSWER_FAILED, Answerer

    real = Answerer.ask

    def broken_on_first(self, query, history=()):
        if query.startswith("那社区"):
            raise StopIteration
        return real(self, query, history)

    monkeypatch.setattr(Answerer, "ask", broken_on_first)
    monkeypatch.setenv("RAG_INDEX_DIR", str(built.index_dir))
    questions = built.index_dir.parent / "questions.txt"
    questions.write_text("那社区呢？\n什么是大党委制？\n", encoding="utf-8")
    code = cli.main(["ask", "--file", str(questions)])
    out = capsys.readouterr()
    assert code == 1
    assert f"问题：那社区呢？\n（{ANSWER_FAILED}）" in out.out
    assert "大党委制" in out.out.split(ANSWER_FAILED, 1)[1]  # the next question was answered
    assert "Traceback" not in out.out
