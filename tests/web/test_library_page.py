"""The essay library page in a real browser, as a trainer uses it: a Word file, a text PDF and
an HTML page each previewed and published; a question only the PDF answers is cited with its
page; an essay replaced, the library rolled back, and the history shows all of it."""

from __future__ import annotations

import shutil

import pytest

from rag.core.settings import PROJECT_ROOT
from tests.library.samples import (
    PAGE_HTML,
    SECTIONS_B,
    TITLE_B,
    make_docx,
    make_pdf,
)
from tests.web.conftest import open_page, open_tab, screenshot


def _library(page):
    open_tab(page, "培训师")
    page.locator("#trainer-view label", has_text="文章库").click()
    page.wait_for_function(
        "(document.querySelector('#lib-table')?.innerText || '').includes('e5')", timeout=30_000
    )


def _publish(page, path, expect_title: str, target: str = "") -> None:
    if target:
        page.locator("#lib-target input").click()
        page.get_by_role("option", name=target).click()
    page.set_input_files("#lib-file input[type=file]", str(path))
    page.wait_for_timeout(500)
    page.click("#lib-preview")
    page.wait_for_selector("#lib-draft-view .lib-draft", timeout=30_000)
    assert expect_title in page.inner_text("#lib-draft-view")
    assert "提纲" in page.inner_text("#lib-draft-view")
    page.click("#lib-publish")
    page.wait_for_function(
        "(document.querySelector('#lib-status')?.innerText || '').includes('已发布')",
        timeout=30_000,
    )


def _shows(page, selector: str, words: str, timeout: int) -> None:
    """Wait until the element ``selector`` shows ``words``."""
    page.wait_for_function(
        f"(document.querySelector('{selector}')?.innerText || '').includes('{words}')",
        timeout=timeout,
    )


def _pick(page, picker: str, text: str) -> None:
    """Choose the first option of dropdown ``picker`` that shows ``text``."""
    page.locator(f"{picker} input").click()
    page.get_by_role("option").filter(has_text=text).first.click()


def _confirmed(page, action: str) -> None:
    """Ask for library ``action`` (retire, rollback) and confirm it in the dialog it opens."""
    page.click(f"#lib-{action}")
    page.wait_for_selector(f"#lib-{action}-confirm", state="visible", timeout=30_000)
    page.click(f"#lib-{action}-yes")


def _index_ready(page, essays: int) -> None:
    _shows(page, "#lib-index", f"{essays} 篇文章在用", 120_000)


@pytest.mark.slow
def test_a_trainer_adds_three_formats_asks_replaces_and_rolls_back(
    launch, browser, built, tmp_path
):
    corpus = tmp_path / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus" / "essays", corpus / "essays")
    shutil.copytree(built.index_dir, tmp_path / "index")
    files = {
        "docx": (tmp_path / "电梯.docx", make_docx(TITLE_B, SECTIONS_B)),
        "pdf": (tmp_path / "饮水讲义.pdf", make_pdf(pages=3)),
        "html": (tmp_path / "议事会.html", PAGE_HTML.encode()),
    }
    for path, data in files.values():
        path.write_bytes(data)
    app = launch(RAG_CORPUS_DIR=str(corpus), RAG_INDEX_DIR=str(tmp_path / "index"))
    page = open_page(browser, app.url, width=1440, height=1000)
    _library(page)
    # Gradio's own words are in the page's language, whatever the browser's (it is en-US here)
    drop = page.locator("#lib-file").inner_text()
    assert "Drop File Here" not in drop and "拖放" in drop, drop
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    page.set_input_files("#lib-file input[type=file]", str(empty))
    page.wait_for_timeout(500)
    page.click("#lib-preview")
    page.wait_for_function(
        "(document.querySelector('#lib-status')?.innerText || '').includes('文件是空的')",
        timeout=30_000,
    )
    page.locator("#lib-file button[aria-label=清除]").click()
    _publish(page, files["docx"][0], TITLE_B)
    _publish(page, files["pdf"][0], "乡村饮水安全工程中的群众工作")
    _publish(page, files["html"][0], "社区工作的新方法")
    _index_ready(page, 8)
    # A question only the new PDF answers, cited with its page.
    open_tab(page, "问答")
    page.fill("#question textarea", "山腰上的人家每天挑水要多久？")
    page.click("#ask")
    page.wait_for_function(
        "(document.querySelector('#sources')?.innerText || '').includes('原文第')", timeout=60_000
    )
    sources = page.inner_text("#sources")
    assert "乡村饮水安全工程中的群众工作" in sources and "原文第 1 页" in sources
    # The question log can be filtered by the new essays (they were not there at start-up).
    open_tab(page, "培训师")
    page.locator("#trainer-view label", has_text="问答记录").click()
    page.locator("#log-essay input").click()
    option = page.get_by_role("option").filter(has_text="乡村饮水安全工程中的群众工作")
    option.first.wait_for(timeout=30_000)
    page.keyboard.press("Escape")
    # Replace the Word essay with a new version, then roll back to before the replacement.
    _library(page)
    revised = tmp_path / "电梯（修订）.docx"
    revised.write_bytes(make_docx(TITLE_B + "（修订）", SECTIONS_B))
    _publish(page, revised, TITLE_B, target=f"e6 《{TITLE_B}》")
    page.wait_for_function(
        "(document.querySelector('#lib-history')?.innerText || '').includes('替换')",
        timeout=30_000,
    )
    # A 停用 asked about e1 closes when another essay is picked: 确认 never acts on a pick no
    # longer shown.
    _pick(page, "#lib-retire-pick", "e1 ")
    page.click("#lib-retire")
    page.wait_for_selector("#lib-retire-confirm", state="visible", timeout=30_000)
    assert "确认停用 e1" in page.inner_text("#lib-retire-question")
    _pick(page, "#lib-retire-pick", "e2 ")
    page.wait_for_selector("#lib-retire-confirm", state="hidden", timeout=30_000)
    page.click("#lib-retire")  # asked again, about e2; then the rollback is asked for instead
    page.wait_for_selector("#lib-retire-confirm", state="visible", timeout=30_000)
    _pick(page, "#lib-version", "版本 4 ·")
    page.click("#lib-rollback")
    page.wait_for_selector("#lib-rollback-confirm", state="visible", timeout=30_000)
    page.wait_for_selector("#lib-retire-confirm", state="hidden", timeout=30_000)  # one at a time
    assert "确认回滚到版本 4" in page.inner_text("#lib-rollback-question")
    page.click("#lib-rollback-yes")
    page.wait_for_function(
        "(document.querySelector('#lib-history')?.innerText || '').includes('回滚到版本 4')",
        timeout=30_000,
    )
    history = page.inner_text("#lib-history")
    for action in ("建立文章库", "发布", "替换", "回滚"):
        assert action in history
    table = page.inner_text("#lib-table")
    assert f"\t{TITLE_B}\t" in table and "（修订）" not in table  # as before the revision
    _index_ready(page, 8)
    screenshot(page, "library.png")
    page.close()


@pytest.mark.slow
def test_a_warning_goes_once_the_trainer_does_something_else(launch, browser, built, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus" / "essays", corpus / "essays")
    shutil.copytree(built.index_dir, tmp_path / "index")
    app = launch(RAG_CORPUS_DIR=str(corpus), RAG_INDEX_DIR=str(tmp_path / "index"))
    page = open_page(browser, app.url, width=1440, height=1000)
    _library(page)
    text = lambda sel: page.evaluate(  # noqa: E731
        f"(document.querySelector('{sel}')?.innerText || '').trim()"
    )
    page.click("#lib-rollback")  # no version picked
    page.wait_for_function(
        "(document.querySelector('#lib-rollback-note')?.innerText || '').includes('请先选择')",
        timeout=30_000,
    )
    sample = tmp_path / "调解.txt"
    sample.write_text("如何做好基层调解工作\n\n基层调解是化解矛盾的第一道防线。\n", "utf-8")
    page.set_input_files("#lib-file input[type=file]", str(sample))
    page.wait_for_timeout(500)
    page.click("#lib-preview")  # succeeds: the warning under 回滚 is about an earlier try
    page.wait_for_selector("#lib-draft-view .lib-draft", timeout=30_000)
    page.wait_for_function("!document.querySelector('#lib-rollback-note')?.innerText.trim()")
    assert "⚠" not in text("#lib-status") and "预览" in text("#lib-status")
    assert "这篇文章" in text("#lib-draft-view") and "这一段" not in text("#lib-draft-view")
    page.click("#lib-retire")  # nothing picked: warned there, the preview's line stays
    page.wait_for_function(
        "(document.querySelector('#lib-retire-note')?.innerText || '').includes('请先选择')",
        timeout=30_000,
    )
    assert "预览" in text("#lib-status")
    page.click("#lib-cancel")
    page.wait_for_function(
        "(document.querySelector('#lib-status')?.innerText || '').includes('已取消')",
        timeout=30_000,
    )
    page.wait_for_function("!document.querySelector('#lib-retire-note')?.innerText.trim()")
    # And a warning in the status line goes when 停用 or 回滚 is asked about.
    page.click("#lib-preview")  # no file
    page.wait_for_function(
        "(document.querySelector('#lib-status')?.innerText || '').includes('⚠')", timeout=30_000
    )
    page.click("#lib-rollback")
    page.wait_for_function("!document.querySelector('#lib-status')?.innerText.trim()")
    page.close()


def _own_library(launch, tmp_path, built, **env):
    """An app over copies of the essays and the index (a preview writes its upload there)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus" / "essays", corpus / "essays")
    shutil.copytree(built.index_dir, tmp_path / "index")
    return launch(RAG_CORPUS_DIR=str(corpus), RAG_INDEX_DIR=str(tmp_path / "index"), **env)


def _text(page, selector: str) -> str:
    return page.evaluate(f"(document.querySelector('{selector}')?.innerText || '').trim()")


def _status_has(page, words: str) -> None:
    _shows(page, "#lib-status", words, 30_000)


@pytest.mark.slow
def test_a_file_over_the_limit_is_refused_in_chinese_naming_the_limit_and_nothing_is_lost(
    launch, browser, built, tmp_path
):
    """A 34 MB file got Gradio's English toast (File(s) exceed the maximum allowed size…), the
    file box emptied, and 预览 then said 请先选择要上传的文件 (desk walk 3, D3)."""
    app = _own_library(launch, tmp_path, built, RAG_MAX_UPLOAD_BYTES="8192")
    page = open_page(browser, app.url, width=1440, height=1000)
    _library(page)
    huge = tmp_path / "huge.txt"
    huge.write_text("群众工作。" * 4000, "utf-8")  # 60 KB
    page.set_input_files("#lib-file input[type=file]", str(huge))
    _status_has(page, "太大")
    said = _text(page, "#lib-status")
    assert "“huge.txt”" in said and "上限 8 KiB" in said and "58.6 KiB" in said, said
    page.click("#lib-preview")  # not 请先选择要上传的文件: the file was chosen, and refused
    page.wait_for_timeout(1000)
    assert "请先选择" not in _text(page, "#lib-status") and "太大" in _text(page, "#lib-status")
    # A file previewed, then a large one dropped on it: the draft and the file chosen stay,
    # and the library is untouched.
    sample = tmp_path / "调解.txt"
    sample.write_text("如何做好基层调解工作\n\n基层调解是化解矛盾的第一道防线。\n", "utf-8")
    page.set_input_files("#lib-file input[type=file]", str(sample))
    page.wait_for_timeout(500)
    page.click("#lib-preview")
    page.wait_for_selector("#lib-draft-view .lib-draft", timeout=30_000)
    _status_has(page, "预览")
    page.evaluate(
        "(() => { const dt = new DataTransfer();"
        " dt.items.add(new File([new Uint8Array(20000)], '大文件.txt'));"
        " const zone = document.querySelector('#lib-file button, #lib-file [data-testid]');"
        " const target = zone || document.querySelector('#lib-file');"
        " target.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true,"
        " dataTransfer: dt})); })()"
    )
    _status_has(page, "“大文件.txt”")
    assert "19.5 KiB" in _text(page, "#lib-status")
    assert page.locator("#lib-draft-view .lib-draft").is_visible()  # the draft is still open
    assert "调解" in page.inner_text("#lib-file")  # the file chosen before
    assert page.locator("[data-testid='toast-body']").count() == 0  # no English toast
    assert "exceed" not in page.inner_text("body")
    assert "不超过 8 KiB" in page.inner_text("#lib-file")  # the limit, said before choosing
    page.click("#lib-publish")  # what was previewed is published, the large file never was
    _status_has(page, "已发布")
    page.wait_for_function(
        "(document.querySelector('#lib-table')?.innerText || '').includes('基层调解')",
        timeout=30_000,
    )
    assert "huge" not in _text(page, "#lib-history") and "大文件" not in _text(page, "#lib-history")
    page.close()


@pytest.mark.slow
def test_each_action_replaces_the_messages_of_the_actions_before_it(
    launch, browser, built, tmp_path
):
    """已发布（版本 3）… 索引正在后台更新 stayed at the top through a rollback, a retire and a
    restore, above 索引已是最新 (desk walk 3, D4)."""
    app = _own_library(launch, tmp_path, built)
    page = open_page(browser, app.url, width=1440, height=1000)
    _library(page)
    notes = ("#lib-status", "#lib-retire-note", "#lib-restore-note", "#lib-rollback-note")

    def only(selector: str, words: str) -> None:
        """``words`` in ``selector``, every other message area empty."""
        page.wait_for_function(
            f"(document.querySelector('{selector}')?.innerText || '').includes('{words}')",
            timeout=60_000,
        )
        for other in notes:
            if other != selector:
                page.wait_for_function(
                    f"!(document.querySelector('{other}')?.innerText || '').trim()",
                    timeout=30_000,
                )
        assert "索引正在后台更新" not in _text(page, selector)  # the index line says how it is

    sample = tmp_path / "调解.txt"
    sample.write_text("如何做好基层调解工作\n\n基层调解是化解矛盾的第一道防线。\n", "utf-8")
    _publish(page, sample, "如何做好基层调解工作")
    only("#lib-status", "已发布（版本 2）")
    _index_ready(page, 6)
    _pick(page, "#lib-retire-pick", "e6 ")
    _confirmed(page, "retire")
    only("#lib-retire-note", "版本 3：停用")
    _index_ready(page, 5)
    _pick(page, "#lib-restore-pick", "e6 ")
    page.click("#lib-restore")
    only("#lib-restore-note", "版本 4：恢复")
    _index_ready(page, 6)
    _pick(page, "#lib-version", "版本 1 ·")
    _confirmed(page, "rollback")
    only("#lib-rollback-note", "版本 5：回滚到版本 1")
    _index_ready(page, 5)
    page.close()


def test_rollback_choices_show_a_version_whole_or_its_start_and_end(tmp_path):
    """版本 3 · … 替换 《网格化管理中的群众工作》（e6），来自 grid_v and … 来自 grid.t could not
    be told apart before rolling back (desk walk 3, D7)."""
    from types import SimpleNamespace

    from rag.core.settings import Settings
    from rag.library.library import Library
    from rag.library.types import Version
    from rag.trainer.access import TrainerAccess
    from rag.web.library import LibraryHandlers

    shutil.copytree(PROJECT_ROOT / "corpus" / "essays", tmp_path / "corpus" / "essays")
    library = Library(Settings(corpus_dir=tmp_path / "corpus"))
    library.add(make_docx(TITLE_B, SECTIONS_B), "加装电梯_修订稿_v1.docx", "王老师")
    library.replace("e6", make_pdf(pages=2), "加装电梯_修订稿_v2.pdf", "王老师")
    service = SimpleNamespace(rebuilding=False, problem="", essays=[])
    handlers = LibraryHandlers(library, service, TrainerAccess("", "s" * 32))
    listed = handlers.listing(SimpleNamespace(cookies={}))["versions"]
    labels = [label for label, _ in listed["choices"]]
    assert labels[0].endswith("来自 加装电梯_修订稿_v2.pdf") and "替换" in labels[0], labels
    assert labels[1].endswith("来自 加装电梯_修订稿_v1.docx"), labels
    # a summary too long for a choice keeps its start and its end (the file), joined by …
    from rag.web.library import version_label

    long = (
        "回滚到版本 2（替换 《" + "很长的标题" * 20 + "》（e6），来自 网格化管理_修订稿_v3.docx）"
    )
    v = Version(3, "2026-12-02 10:00:00", "王老师", "rollback", long, ("e6",), {})
    shown = version_label(v)
    head, _, tail = shown.removeprefix("版本 3 · 2026-12-02 10:00:00 · ").partition("…")
    assert long.startswith(head) and long.endswith(tail) and len(head) + len(tail) < len(long)
    assert tail.endswith("网格化管理_修订稿_v3.docx）")  # the file it came from, whole
