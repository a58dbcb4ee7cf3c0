"""Two replicas sharing a private PostgreSQL server behind nginx, all on loopback: questions
through nginx are answered, a mark made in one replica's trainer desk changes the other's
answers within seconds, a replica killed leaves nginx answering, and everything started is
stopped by the test."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from rag.tools.replicas import Replicas
from tests.web.conftest import open_page
from tests.web.test_app import _ask_and_select_in_the_log


def _ask(base: str, question: str) -> dict:
    body = json.dumps({"data": [question]}).encode("utf-8")
    req = urllib.request.Request(
        base + "gradio_api/run/ask", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())["data"][0]


@pytest.mark.slow
def test_two_replicas_behind_nginx_share_marks_and_survive_a_kill(built, browser):
    question = "社区为什么要设置民情信箱？"
    env = {"RAG_INDEX_DIR": str(built.index_dir), "RAG_SEED_BANK": "none"}
    with Replicas(2, env=env) as r:
        answers = [_ask(r.url, question) for _ in range(6)]  # spread over both replicas
        assert all(a["citations"] and not a.get("verified") for a in answers)
        # A trainee asks in replica 1's chat; a trainer marks the first citation in its desk.
        page = open_page(browser, r.apps[0].url)
        _ask_and_select_in_the_log(page, question)
        page.wait_for_selector("#mark-cite input:checked", state="attached", timeout=20_000)
        page.locator("body").press("1")
        page.wait_for_function(
            "document.querySelector('#trainer-status').innerText.includes('已保存')",
            timeout=20_000,
        )
        page.close()
        # Replica 2 answers the question as verified within seconds.
        t = time.monotonic()
        while not _ask(r.apps[1].url, question).get("verified") and time.monotonic() - t < 10:
            time.sleep(0.2)
        assert _ask(r.apps[1].url, question).get("verified"), "the mark did not reach replica 2"
        assert time.monotonic() - t <= 3.0
        # Replica 1 crashes: nginx keeps answering through replica 2.
        r.kill(0)
        after = [_ask(r.url, question) for _ in range(10)]
        assert all(a["citations"] for a in after)
    assert r.nginx.poll() is not None and all(a.proc.poll() is not None for a in r.apps)
