"""The real app: a server on 127.0.0.1, the `/ask` API through gradio_client, and a browser."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from rag.core.settings import PROJECT_ROOT
from rag.tools.servers import start_app
from tests.web.conftest import ARTIFACTS, open_page, open_tab


def _start(built, tmp_path, **extra_env):
    """`python app.py` on a free loopback port, over the test index; returns the process."""
    return start_app(
        {
            "RAG_INDEX_DIR": str(built.index_dir),
            "RAG_FEEDBACK_DB": str(tmp_path / "feedback.sqlite3"),
            "RAG_DATA_DIR": str(tmp_path / "data"),
            **extra_env,
        },
        timeout=90,
    )


@pytest.fixture(scope="module")
def server(built, tmp_path_factory):
    """The app without a trainer password, stopped by the test module itself."""
    app = _start(built, tmp_path_factory.mktemp("app"))
    yield app.url
    app.stop()


@pytest.mark.slow
def test_ask_api_returns_the_cli_json(server, built):
    from gradio_client import Client

    client = Client(server, verbose=False)
    got = client.predict("什么是大党委制？", api_name="/ask")
    got = json.loads(got) if isinstance(got, str) else got
    assert got["abstained"] is False and got["citations"][0]["paragraph_id"] == "e5-p42"
    cli = subprocess.run(
        [sys.executable, "-m", "rag", "ask", "什么是大党委制？", "--json"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "RAG_INDEX_DIR": str(built.index_dir)},
        timeout=120,
    )
    assert json.loads(cli.stdout) == got
    empty = client.predict("   ", api_name="/ask")
    empty = json.loads(empty) if isinstance(empty, str) else empty
    assert empty["abstained"] is True and "不能为空" in empty["answer"]


@pytest.mark.slow
def test_the_page_has_no_gradio_footer(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server, wait_until="domcontentloaded")
    page.wait_for_selector("#question textarea", timeout=60_000)
    page.wait_for_selector("#chat", timeout=20_000)  # the app is drawn, footer and all
    footer = page.locator("footer")
    shown = footer.inner_text() if footer.count() else ""
    for text in ("API", "Gradio", "Settings"):
        assert text not in shown, shown
    assert page.locator("footer .show-api, footer .settings, a[href*='gradio.app']").count() == 0
    page.close()


@pytest.mark.slow
def test_the_page_is_chinese_and_a_link_to_it_previews_the_app(server):
    with urllib.request.urlopen(server + "?cite=e3-p6", timeout=30) as r:
        page = r.read().decode("utf-8")
    assert re.search(r'<html\s+lang="zh-CN"', page)
    tags = dict.fromkeys(["og:title", "og:description", "twitter:title", "twitter:description"])
    for name in tags:  # each said once, in Chinese, naming the app (not Gradio)
        found = re.findall(rf'<meta (?:property|name)="{name}" content="([^"]*)"', page)
        assert len(found) == 1, (name, found)
        tags[name] = found[0]
    assert tags["og:title"] == tags["twitter:title"] == "群众工作文章问答"
    assert "群众工作" in tags["og:description"] and "出处" in tags["og:description"]
    assert "<title>群众工作文章问答</title>" in page
    assert "Click to try out the app" not in page and 'content="Gradio"' not in page
    assert "window.gradio_config" in page  # the rest of the page as Gradio serves it


@pytest.mark.slow
def test_the_app_listens_on_loopback_only(server):
    port = int(server.rstrip("/").rsplit(":", 1)[1])
    out = subprocess.run(["ss", "-ltn"], capture_output=True, text=True).stdout
    listening = [line for line in out.splitlines() if f":{port} " in line]
    assert listening and all("127.0.0.1" in line for line in listening), listening


@pytest.mark.slow
def test_ask_open_a_citation_and_see_it_highlighted(server, browser):
    from gradio_client import Client

    expected = Client(server, verbose=False).predict("社区为什么要设置民情信箱？", api_name="/ask")
    expected = json.loads(expected) if isinstance(expected, str) else expected
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server, wait_until="domcontentloaded")
    page.wait_for_selector("#question textarea", timeout=60_000)
    page.fill("#question textarea", "社区为什么要设置民情信箱？")
    page.click("#ask")
    page.wait_for_function(
        "document.querySelector('#chat').innerText.includes('[1]')", timeout=30_000
    )
    assert expected["citations"][0]["quote"] in page.inner_text("#chat")
    page.locator("#citations label").first.click()
    cited = page.wait_for_selector("#essay-view .cited", timeout=20_000)
    assert expected["citations"][0]["quote"] in cited.inner_text()
    assert page.inner_text("#essay-view .cited mark") == expected["citations"][0]["quote"]
    page.wait_for_timeout(300)  # the scroll runs after the update
    in_view = page.evaluate(
        """() => { const el = document.querySelector('#essay-view .cited');
                   const box = el.closest('.scroll-box').getBoundingClientRect();
                   const r = el.getBoundingClientRect();
                   return r.top >= box.top - 1 && r.top < box.bottom; }"""
    )
    assert in_view
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)
    # Markup typed by a user is shown as text and runs nothing.
    evil = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    page.fill("#question textarea", evil)
    page.click("#ask")
    page.wait_for_function(
        "document.querySelector('#chat').innerText.includes('onerror')", timeout=30_000
    )
    assert dialogs == []
    assert page.locator("#chat img[src=x]").count() == 0
    page.close()


@pytest.mark.slow
def test_each_tab_has_one_button_after_every_tab_is_opened(server, browser):
    page = open_page(browser, server)
    names = ["问答", "文章", "核对出处", "培训师"]
    for name in names[1:] + names:
        open_tab(page, name)
        page.wait_for_timeout(300)
    shown = page.evaluate(
        "[...document.querySelectorAll('#main-tabs button[role=tab]')].map(b => b.innerText)"
    )
    assert shown == names  # Gradio added a second button per tab when a BrowserState sat in Tabs
    # What a screen reader says is Chinese too: Gradio's untranslated labels (chatbot
    # conversation, More tabs, Empty value), its "common.complete" and the hidden labels of
    # unlabelled boxes ("Textbox") had been English.
    page.wait_for_function(
        "!document.querySelector('[aria-label=\"chatbot conversation\"]')", timeout=10_000
    )
    spoken = page.evaluate(
        "[...document.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'))"
        ".concat([...document.querySelectorAll('.sr-only')].map(e => e.textContent.trim()))"
    )
    english = [s for s in spoken if re.search(r"[A-Za-z]{3,}", s)]
    assert english == [], english
    page.close()


def _ask_and_select_in_the_log(page, question: str) -> str:
    """Ask in the chat, then select that question in the trainer's log; returns its id."""
    page.fill("#question textarea", question)
    page.click("#ask")
    page.wait_for_function(
        "document.querySelector('#chat').innerText.includes('[1]')", timeout=30_000
    )
    open_tab(page, "培训师")
    page.click("#log-refresh")
    page.wait_for_function(
        f"document.querySelector('#trainer-log').innerText.includes({json.dumps(question)})",
        timeout=20_000,
    )
    # Clicking the question's row selects it.
    row = page.locator("#trainer-log tr[data-qid]", has_text=question).first
    qid = row.get_attribute("data-qid")
    row.click()
    page.wait_for_function(
        f"document.querySelector('#trainer-qid input').value === '{qid}'", timeout=20_000
    )
    page.wait_for_selector("#mark-cite label", timeout=20_000)
    return qid


@pytest.mark.slow
def test_a_trainer_marks_a_citation_and_sees_it_after_reload(server, browser):
    page = open_page(browser, server)
    qid = _ask_and_select_in_the_log(page, "什么是大党委制？")
    page.locator("#mark-cite label").first.click()
    page.locator("#mark-verdict label", has_text="断章取义").click()
    page.fill("#mark-comment textarea", "只引了半句")
    page.fill("#mark-trainer textarea, #mark-trainer input", "王老师")
    page.click("#mark-save")
    page.wait_for_function(
        "document.querySelector('#trainer-status').innerText.includes('已保存')", timeout=20_000
    )
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector("#question textarea", timeout=60_000)
    open_tab(page, "培训师")
    # This browser remembers the trainer's name across visits.
    page.wait_for_function(
        "document.querySelector('#mark-trainer textarea, #mark-trainer input').value === '王老师'",
        timeout=20_000,
    )
    page.fill("#trainer-qid input", qid)
    page.press("#trainer-qid input", "Enter")
    page.wait_for_function(
        "document.querySelector('#trainer-detail').innerText"
        ".includes('断章取义（只引了半句） · 王老师')",
        timeout=20_000,
    )
    page.close()


@pytest.mark.slow
def test_a_trainer_attaches_a_missing_passage_and_exports_the_conversation(server, browser):
    page = open_page(browser, server)
    qid = _ask_and_select_in_the_log(page, "信访工作该怎么搞？")
    page.fill("#missing-query textarea, #missing-query input", "民情信箱")
    page.click("#missing-search")
    page.wait_for_selector("#missing-results label", timeout=20_000)
    page.locator("#missing-results label").first.click()
    page.click("#missing-attach")
    page.wait_for_function(
        f"document.querySelector('#trainer-status').innerText.includes('已附上：问题 #{qid}')",
        timeout=20_000,
    )
    attached = re.search(r"正确段落 (e\d+-p\d+)", page.inner_text("#trainer-status")).group(1)
    page.wait_for_function(
        f"document.querySelector('#trainer-detail').innerText.includes('{attached}')",
        timeout=20_000,
    )
    page.get_by_role("button", name="导出此对话（Markdown）").click()
    link = page.wait_for_selector("#exports a", timeout=20_000)
    with urllib.request.urlopen(link.get_attribute("href"), timeout=10) as r:
        exported = r.read().decode("utf-8")
    assert "信访工作该怎么搞" in exported
    page.close()


@pytest.mark.slow
def test_a_citation_permalink_opens_the_verification_view(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server + "?cite=e4-p14-c1", wait_until="domcontentloaded")
    cited = page.wait_for_selector("#cite-view .cited", timeout=60_000)
    assert "火车跑得快，全靠车头带" in cited.inner_text()
    raw = page.inner_text("#cite-view .raw")
    assert "124" in raw and "疖嚺艿每欤" in raw
    # A citation's link carries its quote: that stretch is marked, not the whole chunk.
    from rag.corpus.essays import load_corpus
    from rag.web.html import cite_href

    text = {p.id: p.text for e in load_corpus(PROJECT_ROOT / "corpus" / "essays")
            for p in e.paragraphs}["e4-p14"]  # fmt: skip
    end = text.index("。") + 1
    page.goto(server + cite_href("e4-p14-c1", [(0, end)], text), wait_until="domcontentloaded")
    page.wait_for_function(
        "(document.querySelector('#cite-view .cite-notice')?.innerText || '').includes('标出')",
        timeout=60_000,
    )
    assert page.locator("#cite-view .cited mark").all_inner_texts() == [text[:end]]
    changed = cite_href("e4-p14-c1", [(0, end)], text + "（旧）")  # cut from other text
    page.goto(server + changed, wait_until="domcontentloaded")
    page.wait_for_function(
        "(document.querySelector('#cite-view .cite-notice')?.innerText || '')"
        ".includes('被引用之后已修改')",
        timeout=60_000,
    )
    assert page.locator("#cite-view .cited mark").count() == 0
    page.goto(server + "?cite=e9-p99", wait_until="domcontentloaded")
    page.wait_for_function(
        "(document.querySelector('#cite-view')?.innerText || '').includes('找不到出处')",
        timeout=60_000,
    )
    # An id typed into the box scrolls to its paragraph too (e5-p30 is far down its essay).
    page.fill("#cite-id textarea, #cite-id input", "e5-p30")
    page.click("#cite-open")
    page.wait_for_function(
        """() => { const el = document.querySelector('#cite-view .cited');
                   if (!el || !el.innerText.includes('执政合法性')) return false;
                   const box = el.closest('.scroll-box').getBoundingClientRect();
                   const r = el.getBoundingClientRect();
                   return r.top >= box.top - 1 && r.top < box.bottom; }""",
        timeout=20_000,
    )
    page.close()


@pytest.mark.slow
def test_a_typed_id_is_read_whatever_its_case_and_an_empty_one_asks_for_one(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server + "?tab=cite", wait_until="domcontentloaded")
    box = "#cite-id textarea, #cite-id input"
    page.wait_for_selector(box, timeout=60_000)
    page.fill(box, " E3-P6 ")
    page.click("#cite-open")
    cited = page.wait_for_selector("#cite-view .cited", timeout=20_000)
    assert "三是设置民情信箱" in cited.inner_text()
    assert page.inner_text("#cite-view .cite-head").startswith("e3-p6 ")
    page.fill(box, "")
    page.press(box, "Enter")
    page.wait_for_function(
        "(document.querySelector('#cite-view')?.innerText || '').includes('请先输入出处编号')",
        timeout=20_000,
    )
    assert "找不到" not in page.inner_text("#cite-view")
    page.close()


@pytest.mark.slow
def test_on_a_phone_the_verification_view_stacks_and_fits_the_screen(server, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(server + "?cite=e3-p6-c1", wait_until="domcontentloaded")
    page.wait_for_selector("#cite-view .cited mark", timeout=60_000)
    box = page.evaluate(
        """() => Object.fromEntries(['.essay', '.cite-raw', '.cite-grid'].map((s) => {
             const r = document.querySelector('#cite-view ' + s).getBoundingClientRect();
             return [s, {left: r.left, right: r.right, top: r.top + scrollY,
                         bottom: r.bottom + scrollY, width: r.width}]; }))"""
    )
    essay, raw = box[".essay"], box[".cite-raw"]
    assert essay["width"] >= 300, box  # the essay's text runs the screen's width
    assert raw["top"] >= essay["bottom"] - 1, box  # the raw page below it, not beside it
    for r in box.values():
        assert r["left"] >= -1 and r["right"] <= 391, box  # nothing cut off at either side
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The essay keeps a box of its own, so the raw page is near: not after the whole essay.
    assert raw["top"] < 2 * 844, box
    page.wait_for_function(  # ... and that box scrolls to the cited paragraph
        """() => { const el = document.querySelector('#cite-view .cited');
                   const box = el.closest('.scroll-box').getBoundingClientRect();
                   const r = el.getBoundingClientRect();
                   return r.top >= box.top - 1 && r.top < box.bottom; }""",
        timeout=20_000,
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "cite-phone.png"), full_page=True)
    page.close()


@pytest.mark.slow
def test_rate_an_answer_reopen_an_earlier_one_and_start_over(built, browser, tmp_path):
    from gradio_client import Client

    from rag.trainer.store import FeedbackStore

    questions = ("什么是大党委制？", "社区为什么要设置民情信箱？", "消防执法人员应该怎样对待群众？")
    app = _start(built, tmp_path)
    url = app.url
    try:
        client = Client(url, verbose=False)
        expected = [client.predict(q, api_name="/ask") for q in questions]
        expected = [json.loads(e) if isinstance(e, str) else e for e in expected]
        first_title, second_title = (e["citations"][0]["title"] for e in expected[:2])
        assert first_title != second_title  # the two answers cite different essays
        page = open_page(browser, url)
        for n, q in enumerate(questions[:2], start=1):
            page.fill("#question textarea", q)
            page.click("#ask")
            page.wait_for_function(
                f"document.querySelectorAll('#chat [data-testid=bot]').length === {n}",
                timeout=30_000,
            )
        assert second_title in page.inner_text("#citations")
        # 👎 on the first answer is stored against that question.
        page.locator("#chat button[aria-label=踩]").first.click()
        store = FeedbackStore(tmp_path / "feedback.sqlite3")
        deadline = time.monotonic() + 20
        while not store.questions("disliked") and time.monotonic() < deadline:
            time.sleep(0.3)
        assert [q.query for q in store.questions("disliked")] == [questions[0]]
        # Clicking the earlier answer brings back its citations, and opening one shows its essay.
        page.locator("#chat [data-testid=bot]").first.click()
        page.wait_for_function(
            f"document.querySelector('#citations').innerText.includes({json.dumps(first_title)})",
            timeout=20_000,
        )
        page.locator("#citations label").first.click()
        cited = page.wait_for_selector("#essay-view .cited mark", timeout=20_000)
        assert cited.inner_text() == expected[0]["citations"][0]["quote"]
        # A new question shows its own citations again, not those of the answer clicked before.
        page.fill("#question textarea", questions[2])
        page.click("#ask")
        page.wait_for_function(
            "document.querySelectorAll('#chat [data-testid=bot]').length === 3", timeout=30_000
        )
        page.locator("#citations label").first.click()
        # (Every quote of the paragraph is marked; a verified one is [1] but may come later.)
        page.wait_for_function(
            "[...document.querySelectorAll('#essay-view .cited mark')].some(m => m.innerText === "
            + json.dumps(expected[2]["citations"][0]["quote"])
            + ")",
            timeout=20_000,
        )
        # A new conversation clears the chat and the sources panel.
        page.get_by_role("button", name="开始新对话").click()
        page.wait_for_function(
            "document.querySelectorAll('#chat [data-testid=bot]').length === 0", timeout=20_000
        )
        assert page.locator("#citations label").count() == 0
        page.close()
    finally:
        app.stop()


@pytest.mark.slow
def test_an_essay_file_carrying_script_shows_as_text(built, browser, tmp_path):
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus" / "essays", corpus / "essays")
    (corpus / "essays" / "zz-evil.md").write_text(
        "# <script>alert('title')</script>坏标题\n\n## <img src=x onerror=\"alert('h')\">小标题\n\n"
        "正文<img src=x onerror=\"alert('p')\"><script>alert('p2')</script>结束。\n",
        encoding="utf-8",
    )
    shutil.copytree(built.index_dir / "cache", tmp_path / "index" / "cache")  # reuse vectors
    app = _start(built, tmp_path, RAG_CORPUS_DIR=str(corpus), RAG_INDEX_DIR=str(tmp_path / "index"))
    url = app.url
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_selector("#question textarea", timeout=60_000)
        open_tab(page, "文章")
        page.locator("#essay-pick label", has_text="坏标题").click()
        page.wait_for_function(
            "(document.querySelector('#essay-full')?.innerText || '').includes('onerror')",
            timeout=20_000,
        )
        text = page.inner_text("#essay-full")
        assert "<script>alert('title')</script>坏标题" in text and "<img src=x" in text
        assert page.locator("#essay-full img").count() == 0
        assert page.locator("#essay-full script").count() == 0
        open_tab(page, "问答")
        page.fill("#question textarea", "坏标题 正文 结束")
        page.click("#ask")
        page.wait_for_function(
            "document.querySelector('#chat').innerText.length > 40", timeout=30_000
        )
        page.wait_for_timeout(500)
        assert dialogs == []
        assert page.locator("#chat img[src=x], #sources img").count() == 0
        page.close()
    finally:
        app.stop()


def test_binding_beyond_loopback_without_a_password_warns():
    from rag.web.app import bind_warning

    assert bind_warning("127.0.0.1", "") == "" and bind_warning("localhost", "") == ""
    assert "RAG_TRAINER_PASSWORD" in bind_warning("0.0.0.0", "")
    assert bind_warning("0.0.0.0", "口令") == ""


@pytest.mark.slow
def test_the_app_serves_no_arbitrary_files(server):
    for path in (
        "gradio_api/file=/etc/passwd",
        "file=/etc/passwd",
        f"gradio_api/file={PROJECT_ROOT}/app.py",
        "gradio_api/file=../../../etc/passwd",
    ):
        try:
            with urllib.request.urlopen(server + path, timeout=10) as r:
                body = r.read().decode("utf-8", "replace")
                assert "root:" not in body and "def main" not in body, path
        except urllib.error.HTTPError as e:
            assert e.code in (403, 404, 405), (path, e.code)


@pytest.mark.slow
def test_a_corrupted_feedback_database_does_not_stop_answers(built, tmp_path):
    from gradio_client import Client

    db = tmp_path / "feedback.sqlite3"
    garbage = b"not a database " * 200
    db.write_bytes(garbage)
    app = _start(built, tmp_path)
    url = app.url
    try:
        got = Client(url, verbose=False).predict("什么是大党委制？", api_name="/ask")
        assert not got["abstained"]
    finally:
        app.stop()
    assert db.read_bytes() == garbage  # the damaged file is left for the trainer to rescue


@pytest.mark.slow
def test_the_load_run_reports_every_request_of_concurrent_users(server):
    from rag.tools.loadtest import run_users

    questions = ["什么是大党委制？", "社区干部平时该学些什么？", "今天天气怎么样？"]
    r = run_users(server, questions, users=3, per_user=2, time_limit=120)
    assert (r["users"], r["requests"], r["errors"]) == (3, 6, 0), r["first_error"]
    assert 0 < r["p50_ms"] <= r["p95_ms"] and r["throughput_rps"] > 0


def test_the_load_run_refuses_a_server_beyond_this_machine():
    from rag.core.errors import RagError
    from rag.tools.loadtest import run_users

    with pytest.raises(RagError, match="127.0.0.1"):
        run_users("http://example.com:7860/", ["问题"], users=1, per_user=1)
