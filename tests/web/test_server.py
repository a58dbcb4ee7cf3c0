"""The server as an attacker and bad luck meet it: named calls, body sizes, floods, the trainer
login, and the files it leaves behind."""

from __future__ import annotations

import http.client
import json
import os
import re
import stat
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from rag.trainer.access import COOKIE, TrainerAccess
from rag.web.server import Limits, client_address, localized_page

PASSWORD = "培训2026"


def _post(url: str, path: str, body: bytes, headers: dict | None = None):
    req = urllib.request.Request(
        url.rstrip("/") + path,
        data=body,
        headers={"Content-Type": "application/json", **(headers or {})},
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read().decode("utf-8"), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8"), e.headers


def _declared(url: str, path: str, length: int) -> int:
    """Send only the headers of a request announcing ``length`` bytes; the status."""
    u = urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    conn.putrequest("POST", path)
    conn.putheader("Content-Type", "application/octet-stream")
    conn.putheader("Content-Length", str(length))
    conn.endheaders()
    status = conn.getresponse().status
    conn.close()
    return status


@pytest.fixture(scope="module")
def app(built, tmp_path_factory):
    from rag.tools.servers import start_app

    root = tmp_path_factory.mktemp("server")
    started = start_app(
        {
            "RAG_INDEX_DIR": str(built.index_dir),
            "RAG_FEEDBACK_DB": str(root / "fb.sqlite3"),
            "RAG_DATA_DIR": str(root / "data"),
            "RAG_TRAINER_PASSWORD": PASSWORD,
            "RAG_BURST_PER_SESSION": "3",
            "RAG_RATE_PER_SESSION": "6",
            "RAG_SESSION_CAPACITY": "10",
        },
        timeout=90,
    )
    started.root = root
    yield started
    started.stop()


@pytest.mark.slow
def test_only_ask_is_callable_by_name(app):
    for name in ("load", "respond", "state", "show", "save_mark", "export_pairs", "anything"):
        status, body, _ = _post(app.url, f"/gradio_api/call/{name}", b'{"data": []}')
        assert status == 404 and "/ask" in json.loads(body)["error"], (name, status)
    from gradio_client import Client

    api = Client(app.url, verbose=False).view_api(print_info=False, return_format="dict")
    assert list(api["named_endpoints"]) == ["/ask"]


@pytest.mark.slow
def test_request_bodies_are_bounded(app):
    big = json.dumps({"data": ["问" * 40_000]}).encode()
    status, body, _ = _post(app.url, "/gradio_api/call/ask", big)
    assert status == 413 and "请求太大" in json.loads(body)["error"]
    assert _declared(app.url, "/gradio_api/queue/join", 5 << 20) == 413
    assert _declared(app.url, "/gradio_api/upload", 50 << 20) == 413  # uploads: 20 MiB at most


@pytest.mark.slow
def test_ask_refuses_what_is_not_text_and_floods(app):
    from gradio_client import Client

    client = Client(app.url, verbose=False)
    for odd in (123, ["列表"], {"问题": "字典"}):
        got = client.predict(odd, api_name="/ask")
        assert got["abstained"] and got["error"] == "问题必须是一段文字。"
    replies = [client.predict("什么是大党委制？", api_name="/ask") for _ in range(8)]
    # The refusal says how long to wait, as the chat does.
    assert any(re.fullmatch(r"请求太频繁，请 \d+ 秒后再试。", r.get("error", "")) for r in replies)
    assert not replies[0]["abstained"]


@pytest.mark.slow
def test_the_trainer_login_is_an_httponly_samesite_cookie(app):
    status, body, _ = _post(app.url, "/trainer/login", json.dumps({"password": "猜"}).encode())
    assert status == 401 and json.loads(body)["error"] == "密码不对。"
    status, body, _ = _post(app.url, "/trainer/login", json.dumps({"password": ""}).encode())
    assert status == 400 and json.loads(body)["error"] == "请输入密码。"
    status, body, headers = _post(
        app.url, "/trainer/login", json.dumps({"password": PASSWORD, "name": "王老师"}).encode()
    )
    assert status == 200 and json.loads(body)["name"] == "王老师"
    cookie = headers.get("set-cookie")
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie
    assert "samesite=strict" in cookie.lower() and "Max-Age=28800" in cookie
    status, _, headers = _post(app.url, "/trainer/logout", b"")
    assert status == 200 and "Max-Age=0" in headers.get("set-cookie")


@pytest.mark.slow
def test_the_files_it_writes_are_private_and_nothing_is_left_in_tmp(app):
    db = app.root / "fb.sqlite3"
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(app.root / "data" / "secret.key").st_mode) == 0o600
    temp = app.root / "data" / "tmp" / "gradio"
    assert stat.S_IMODE(os.stat(temp).st_mode) == 0o700
    assert not [p for p in Path("/tmp").glob("rag-export-*") if p.stat().st_uid == os.getuid()
                and p.stat().st_mtime > os.stat(db).st_mtime - 5]  # fmt: skip


def test_the_handlers_check_the_cookie_not_the_session():
    """A replayed session hash carries no cookie: the trainer's handlers refuse it."""
    from types import SimpleNamespace

    from rag.web.trainer import LogHandlers

    access = TrainerAccess(PASSWORD, "s" * 32)
    handlers = LogHandlers(desk=None, panel=None, access=access)
    replayed = SimpleNamespace(session_hash="the-trainer's", cookies={})
    assert not handlers.ok(replayed)
    token = access.login("127.0.0.1", PASSWORD, "王老师")
    assert handlers.ok(SimpleNamespace(session_hash="another", cookies={COOKIE: token}))
    assert handlers.name(SimpleNamespace(cookies={COOKIE: token})) == "王老师"


def test_a_forwarded_address_counts_only_from_a_local_proxy():
    from types import SimpleNamespace

    proxied = SimpleNamespace(
        client=SimpleNamespace(host="127.0.0.1"), headers={"x-forwarded-for": "10.1.2.3, 1.1.1.1"}
    )
    direct = SimpleNamespace(
        client=SimpleNamespace(host="10.9.9.9"), headers={"x-forwarded-for": "127.0.0.1"}
    )
    assert client_address(proxied) == "10.1.2.3" and client_address(direct) == "10.9.9.9"
    assert Limits().upload == 20 << 20


def test_the_server_keeps_at_most_its_capacity_of_sessions(app):
    """The oldest session's chat is dropped once more sessions than RAG_SESSION_CAPACITY (10
    here) have asked; a session within the capacity keeps its chat."""
    import httpx

    from rag.tools.loadtest import chat, chat_event

    event = chat_event(app.url)
    with httpx.Client(base_url=app.url, timeout=60) as client:

        def turns(session: str, question: str) -> int:
            return len(chat(client, event, session, question)[0])  # messages in the chat

        assert turns("oldest", "什么是大党委制？") == 2
        assert turns("oldest", "社区为什么要设置民情信箱？") == 4  # its chat is kept
        for other in range(10):
            turns(f"s{other}", "社区干部平时该学些什么？")
        assert turns("s9", "什么是大党委制？") == 4  # a recent session keeps its chat
        assert turns("oldest", "消防执法人员应该怎样对待群众？") == 2  # dropped: starts afresh


def test_the_page_is_rewritten_in_chinese_with_its_own_link_preview():
    template = (
        '<!doctype html>\n<html\n\tlang="en"\n\tstyle="margin: 0;"\n>\n<head>\n'
        '\t\t<meta charset="utf-8" />\n\t\t<meta property="og:title" content="Gradio" />\n'
        '\t\t<meta\n\t\t\tproperty="og:image"\n\t\t\tcontent="https://x/y.jpg"\n\t\t/>\n'
        '\t\t<meta name="twitter:description" content="Click to try out the app!" />\n'
        '\t\t<meta name="viewport" content="width=device-width" />\n</head><body></body></html>'
    )
    head = '<meta property="og:title" content="问答" />'
    page = localized_page(template, head, "zh-CN")
    assert '<html\n\tlang="zh-CN"' in page and 'lang="en"' not in page
    assert page.count("og:") == 1 and "twitter:" not in page and "Gradio" not in page
    assert '<meta charset="utf-8" /><script>' in page and head + "\n" in page
    assert 'defineProperty(navigator,"language"' in page and '("zh-CN")' in page
    assert '<meta name="viewport" content="width=device-width" />' in page  # others kept
