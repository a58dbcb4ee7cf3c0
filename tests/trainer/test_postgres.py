"""The PostgreSQL engine on a private server: replicas opening a new database together migrate
it once, a URL names what is wrong with it, a URL of another kind is refused, and the app
refuses to start on a database it cannot reach (exit 2, a Chinese message)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from rag.core.errors import FeedbackError, SettingsError
from rag.core.settings import PROJECT_ROOT
from rag.tools.servers import free_port
from rag.trainer.schema import SCHEMA_VERSION
from rag.trainer.store import FeedbackStore
from tests.trainer.test_store import answer


def test_replicas_opening_a_new_database_together_migrate_it_once(postgres):
    url = postgres.create_database()
    start, errors, stores = threading.Barrier(4), [], []

    def open_store() -> None:
        start.wait()
        try:
            stores.append(FeedbackStore(url))
        except Exception as e:  # noqa: BLE001 - every failure is the finding
            errors.append(e)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and len(stores) == 4
    assert {s.version for s in stores} == {SCHEMA_VERSION}
    # What one replica writes, another reads.
    qid = stores[0].log_answer(stores[0].new_conversation(), answer("甲", ("e1-p1", "一。")))
    stores[1].mark(qid, 1, "correct", trainer="王老师")
    assert stores[2].question(qid).marks[1].trainer == "王老师"
    for s in stores:
        s.close()


def test_a_bad_url_says_what_is_wrong_without_the_password(postgres):
    with pytest.raises(FeedbackError, match="用户名或密码不对") as err:
        FeedbackStore(postgres.url("postgres", password="猜错了"))
    assert "猜错了" not in str(err.value) and ":***@" in str(err.value)
    with pytest.raises(FeedbackError, match="数据库不存在"):
        FeedbackStore(postgres.url("no_such_db"))
    with pytest.raises(FeedbackError, match="PostgreSQL 是否在运行"):
        FeedbackStore(f"postgresql://postgres:x@127.0.0.1:{free_port()}/rag", timeout=2)
    with pytest.raises(SettingsError, match="不支持的反馈数据库地址"):
        FeedbackStore("mysql://user@127.0.0.1/rag")


def test_the_app_refuses_to_start_on_an_unreachable_database(built, tmp_path):
    env = {
        **os.environ,
        "RAG_INDEX_DIR": str(built.index_dir),
        "RAG_DATA_DIR": str(tmp_path / "data"),
        "RAG_FEEDBACK_DB": f"postgresql://postgres:x@127.0.0.1:{free_port()}/rag",
        "RAG_SECRET_KEY": "s" * 32,
    }
    done = subprocess.run(
        [sys.executable, "app.py", "--port", str(free_port())],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "错误：无法连接 PostgreSQL 反馈数据库" in done.stderr and "Traceback" not in done.stderr
    assert not (PROJECT_ROOT / "postgresql:").exists()  # never taken for a file path


def test_a_mark_through_one_replica_changes_the_answers_of_another_within_2_s(
    built, tmp_path, postgres
):
    import shutil
    import time

    from rag.answer.service import Service
    from rag.trainer.bank_keeper import BankKeeper

    url = postgres.create_database()
    replicas = []
    for name in ("a", "b"):  # two app processes' worth of state: service, store, keeper
        root = tmp_path / name
        shutil.copytree(built.corpus_dir / "essays", root / "corpus" / "essays")
        shutil.copytree(built.index_dir, root / "index")
        settings = built.replace(
            corpus_dir=root / "corpus", index_dir=root / "index", seed_bank="none"
        )
        service = Service(settings)
        store = FeedbackStore(url)
        replicas.append((service, store, BankKeeper(store, service).watch(every=0.5)))
    (a, a_store, a_keeper), (b, b_store, b_keeper) = replicas
    question = "社区为什么要设置民情信箱？"
    assert not b.answerer.reply(question).verified
    first = a.answerer.reply(question)
    qid = a_store.log_answer(a_store.new_conversation(), first)
    a_store.mark(qid, 1, "correct", trainer="王老师")
    a_keeper.rebuild()  # as the desk does after a mark on replica a
    t = time.monotonic()
    while not b.answerer.reply(question).verified and time.monotonic() - t < 5:
        time.sleep(0.1)
    took = time.monotonic() - t
    assert b.answerer.reply(question).verified and took <= 2.0, took
    for keeper, store in ((a_keeper, a_store), (b_keeper, b_store)):
        keeper.stop()
        store.close()


def test_passwords_are_masked_whatever_they_hold():
    from rag.trainer.database import _safe

    assert _safe("postgresql://rag:p/a#s?w@rd@db.example:5432/rag") == (
        "postgresql://rag:***@db.example:5432/rag"
    )
    assert "秘密" not in _safe("postgresql://db/rag?user=rag&password=秘密&sslmode=require")
    assert _safe("postgresql://rag@127.0.0.1/rag") == "postgresql://rag@127.0.0.1/rag"


def test_a_postgresql_restart_while_questions_are_logged_loses_nothing(postgres, tmp_path):
    """The server goes away for a moment (a restart): the log writer retries with back-off and
    the pool reconnects; every question asked meanwhile is written afterwards."""
    import psycopg

    from rag.trainer.log_writer import LogWriter

    def started_at():
        with psycopg.connect(postgres.url()) as db:
            return db.execute("SELECT pg_postmaster_start_time()").fetchone()[0]

    before = started_at()
    store = FeedbackStore(postgres.create_database(), timeout=5)
    writer = LogWriter(store, tmp_path / "spill.jsonl").start()
    conv = writer.conversation("s1")
    keys = []
    restart = threading.Thread(target=postgres.restart)
    for i in range(30):
        if i == 10:
            restart.start()
        keys.append(writer.answer(conv, answer(f"问题{i}", ("e1-p1", "一句。"))))
        time.sleep(0.05)
    restart.join(60)
    assert started_at() > before  # the server did go away and come back
    assert writer.flush(60)
    assert sorted(q.query for q in store.questions(limit=100)) == sorted(
        f"问题{i}" for i in range(30)
    )
    assert writer.waiting_in_spill == 0
    writer.close()
    store.close()
