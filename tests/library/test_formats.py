"""Uploads are recognised by content and read into text with provenance; every bad file gets a
Chinese message saying what to do."""

from __future__ import annotations

import re

import pytest

from rag.core.errors import InputError
from rag.core.settings import PROJECT_ROOT
from rag.library.formats import read_upload, sniff
from rag.library.read_docx import check_zip
from tests.library.samples import (
    PAGE_HTML,
    TITLE,
    essay_paragraphs,
    make_docx,
    make_pdf,
    zip_bomb,
)

HTML = PAGE_HTML


def test_formats_are_recognised_by_content_not_by_name():
    assert sniff(make_pdf(pages=1)) == "pdf"
    assert sniff(make_docx()) == "docx"
    assert sniff(HTML.encode()) == "html"
    assert sniff("# 标题\n\n正文。".encode()) == "text"
    with pytest.raises(InputError, match="不是文本"):
        sniff(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)  # a picture named essay.txt
    with pytest.raises(InputError, match="空的"):
        sniff(b"  \n ")


def test_text_in_gb18030_and_big5_is_read_and_its_encoding_reported():
    simplified = "# 群众工作\n\n一是要深入基层，倾听群众呼声。\n二是要解决群众的实际困难。\n"
    traditional = "# 群眾工作\n\n一是要深入基層，傾聽群眾呼聲。\n二是要解決群眾的實際困難。\n"
    for enc, text in (("gb18030", simplified), ("big5", traditional)):
        e = read_upload(text.encode(enc), "a.txt")
        assert e.encoding == enc and e.kind == "markdown"
        assert e.blocks[0].level == 1 and e.blocks[1].text.startswith("一是要深入基")
        assert enc.upper() in e.label


def test_a_scraped_page_like_the_seed_goes_to_ingest():
    raw = PROJECT_ROOT / "corpus" / "raw" / "000_ef654afdf7dfc768.txt"
    assert read_upload(raw.read_bytes(), raw.name).kind == "page"


def test_word_headings_come_from_styles():
    e = read_upload(make_docx(), "讲话.docx")
    assert e.kind == "docx" and e.blocks[0] == e.blocks[0].__class__(TITLE, 1, (1,))
    assert [b.level for b in e.blocks[1:4]] == [2, 0, 0]
    assert [b.text for b in e.blocks if b.level == 0] == essay_paragraphs()


def test_pdf_paragraphs_are_rejoined_and_running_headers_and_page_numbers_removed():
    e = read_upload(make_pdf(pages=3), "讲义.pdf")
    assert e.kind == "pdf" and e.pages == 3 and e.title == TITLE
    body = [b for b in e.blocks if b.level == 0 and len(b.text) > 20]
    assert [b.text for b in body] == essay_paragraphs()  # wrapped lines joined, no spaces
    assert all(b.pages for b in body) and body[-1].pages == (3,)
    removed = {r.before for r in e.removed}
    assert "乡镇工作培训讲义 · 内部资料" in removed and "- 2 -" in removed
    assert "讲义 · 内部资料" not in e.text.replace("〔", "")[e.text.index(TITLE) :]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (make_pdf(pages=2, text_layer=False), "没有可提取的文字层"),
        (make_pdf(pages=1, password="秘密"), "已加密"),
        (make_pdf(pages=1)[:400], "PDF"),
        (b"PK\x03\x04" + b"\0" * 100, "已损坏"),
    ],
    ids=["scanned", "encrypted", "truncated", "broken-zip"],
)
def test_unreadable_files_get_a_message(data, message):
    with pytest.raises(InputError, match=message):
        read_upload(data, "x")


def _broken_docx() -> bytes:
    """A Word file whose document.xml is not XML (lxml's own error, not a zip error)."""
    import io
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(make_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = src.read(info.filename)
            z.writestr(
                info, b"<w:document broken" if info.filename == "word/document.xml" else data
            )
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "said", "logged"),
    [
        (make_pdf(pages=1)[:400], "broken.pdf", "PDF 文件已损坏，无法读取。", "PdfStreamError"),
        (_broken_docx(), "broken.docx", "Word 文档无法读取。", "XMLSyntaxError"),
    ],
    ids=["pdf", "docx"],
)
def test_a_damaged_file_is_told_in_chinese_and_its_error_class_only_in_the_log(
    data, name, said, logged, caplog
):
    """PDF 文件已损坏，无法读取（PdfReadError） showed a Python class to the trainer
    (desk walk 3)."""
    with caplog.at_level("WARNING"), pytest.raises(InputError) as e:
        read_upload(data, name)
    assert str(e.value).startswith(said)
    assert not re.search(r"[A-Za-z]{3,}", str(e.value).replace("Word", "").replace("PDF", ""))
    assert logged in caplog.text  # for whoever reads the server's log


def test_a_zip_bomb_is_refused_from_its_directory():
    bomb = zip_bomb()
    assert len(bomb) < 1 << 20
    with pytest.raises(InputError, match="压缩炸弹"):
        check_zip(bomb)
    with pytest.raises(InputError, match="压缩炸弹"):
        read_upload(bomb, "炸弹.docx")


def test_too_many_pdf_pages_are_refused():
    with pytest.raises(InputError, match="超过 2 页"):
        read_upload(make_pdf(pages=3), "x.pdf", max_pages=2)


def test_html_keeps_the_article_and_drops_navigation():
    e = read_upload(HTML.encode(), "page.html")
    text = " ".join(b.text for b in e.blocks)
    assert e.kind == "html" and "居民议事会每月召开一次" in text
    assert "首页" not in text and "优惠券" not in text and "ICP" not in text
    assert [b.level for b in e.blocks][:3] == [1, 0, 2]
    nav_only = (
        "<html><body><nav><a href='/'>首页</a><a href='/b'>新闻</a></nav><p>你好</p></body></html>"
    )
    with pytest.raises(InputError, match="找不到正文"):
        read_upload(nav_only.encode(), "nav.html")


def test_pdf_paragraph_breaks_follow_gaps_and_display_width():
    from rag.library.read_pdf import Line, _ends_paragraph, _usual_gap, _width

    assert _width("群众工作") == 8 and _width("2026 ABC") == 8
    full = "群" * 30  # a full line: 60 wide
    latin = "群" * 20 + "ABCDEFGHIJKLMNOPQRST"  # as wide in display, though 40 characters
    page = [
        Line(full, 700),
        Line(latin, 680),
        Line("结尾。", 660),
        Line(full, 628),
        Line(full, 607),
    ]
    assert _usual_gap(page) == 20  # the lower quartile: one tight gap (21 → 20) is not the norm
    width = max(_width(ln.text) for ln in page)
    assert not _ends_paragraph(page[0], page[1], width, 20)
    assert not _ends_paragraph(page[1], page[2], width, 20)  # Latin does not widen the page
    assert _ends_paragraph(page[2], page[3], width, 20)  # short, and a wider gap below
    assert not _ends_paragraph(page[4], None, width, 20)  # a full last line goes on overleaf


def test_a_plain_text_whose_first_line_is_short_takes_it_as_title(tmp_path):
    from rag.library.formats import read_upload
    from rag.library.prepare import draft_from_extract

    text = (
        "矛盾调解中的群众工作\n\n调解员先听双方把话说完，再摆事实、讲政策。\n\n"
        "调解协议当场念给双方听，签字后存档。\n"
    )
    draft = draft_from_extract(read_upload(text.encode(), "mediation.txt"), "mediation", {})
    assert draft.essay.title == "矛盾调解中的群众工作" and len(draft.essay.paragraphs) == 2
    # A first line that is a sentence, or a section heading, is no title.
    for first in ("调解员先听双方把话说完。", "一、先听后说"):
        body = f"{first}\n\n调解协议当场念给双方听，签字后存档。\n"
        draft = draft_from_extract(read_upload(body.encode(), "mediation.txt"), "mediation", {})
        assert draft.essay.title == "mediation"
