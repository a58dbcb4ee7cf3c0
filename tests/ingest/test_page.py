"""Splitting the page into essays; chrome, teasers, title repeats and metadata lines."""

from __future__ import annotations

from rag.ingest.page import split_page


def _lines(*texts: str) -> list[tuple[int, str]]:
    return list(enumerate(texts, start=1))


def test_markers_split_essays_and_title_repeats_go(raw_lines):
    page = split_page(list(enumerate(raw_lines, start=1)), "x")
    assert [e.title for e in page.essays] == [
        "如何做好稳定工作中的群众工作",
        "谈消防工作中如何做好群众工作",
        "做好社区群众工作 促进社区和谐稳定",
        "如何做好群众工作",
        "如何做好群众工作",
    ]
    assert page.meta == {
        "page_title": "如何做好稳定工作中的群众工作",
        "uploaded": "2019-05-12 13:12:40",
        "uploader": "会员上传",
        "site": "写写帮文库",
    }
    e1, e2, e3, _, e5 = page.essays
    assert e1.meta == {"affiliation": "中石化华北分公司"}
    assert e2.meta == {
        "status": "定稿",
        "kind": "论述题",
        "question": "一",
        "post": "消防政工后勤岗位",
    }
    assert e3.meta == {"author": "袁正清", "date": "2011-11-30"}
    assert e5.meta == {"subtitle": "对党的新考验"}
    kept = {n for e in page.essays for n, _ in e.lines}
    assert not kept & {1, 3, 11, 13, 14, 16, 18, 48, 50, 52, 54, 92, 94, 96, 138}
    assert max(kept) == 230  # the footer (download notices, disclaimer, teasers) is gone


def test_teasers_are_counted_and_excluded(raw_lines):
    page = split_page(list(enumerate(raw_lines, start=1)), "x")
    teasers = [r for r in page.removed if r.kind == "teaser"]
    assert len(teasers) == 8
    assert all(r.before.endswith("......") for r in teasers)
    assert sum(r.kind == "spam" for r in page.removed) == 1


def test_stray_word_after_a_marker_title_is_dropped():
    page = split_page(
        _lines("第一篇:如何做好群眾工作 文檔", "如何做好群眾工作", "正文第一段。"), "x"
    )
    assert page.essays[0].title == "如何做好群众工作"
    assert page.essays[0].lines == [(3, "正文第一段。")]


def test_a_page_without_markers_is_one_essay():
    page = split_page(_lines("<ul id=a></ul>", "做好群众工作", "第一段。", "第二段。"), "file")
    assert len(page.essays) == 1
    assert [t for _, t in page.essays[0].lines] == ["第一段。", "第二段。"]
    assert page.essays[0].title == "做好群众工作"
    untitled = split_page(_lines("这一页没有标题，只有正文。", "第二段。"), "file")
    assert untitled.essays[0].title == "file"
    assert len(untitled.essays[0].lines) == 2
