"""The one HTML layer: every view escapes what comes from users or essays, and its markup
depends on its structure only, never on the text it shows."""

from __future__ import annotations

import inspect
import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

import rag.web.html as views
from rag.answer.citations import CiteView
from rag.answer.types import Answer, Citation
from rag.core.chars import is_private
from rag.corpus.types import Essay, Paragraph, Repair
from rag.library.library import Entry
from rag.library.types import Draft, Extract, Preview, Version
from rag.retrieval.bank import BankEntry
from rag.trainer.desk import Overview
from rag.trainer.types import Attachment, LoggedQuestion, LogPage, LogRow, Mark, StaleQuestion
from rag.web.html import (
    chat_message,
    cite_html,
    error,
    essay_html,
    hint,
    notice_message,
    outline_html,
    overview_markdown,
    question_detail_html,
    question_message,
    sources_html,
)

EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)">'
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=()), max_size=200)


def _essay(t: str) -> Essay:
    p = Paragraph("x-p1", "x", 1, "正文" + t, (t,) if t else (), (3,), (Repair("html", 3, t, ""),))
    return Essay("x", t, (p,), {"author": t}, raw_file="raw.txt")


def _citation(t: str) -> Citation:
    return Citation(1, "x-p1-c1", "x", t, t, "句", t + "句", "x-p1", 1, len(t), len(t) + 1, 1, 2)


def _logged(t: str) -> LoggedQuestion:
    answer = Answer(t, t + "？", False, t, (_citation(t),))
    marks = {1: Mark("correct", t, t)}
    attached = (Attachment("x-p1", t, "2026-11-29 08:00:00", "0" * 16),)
    return LoggedQuestion(7, "c", "2026-11-29 08:00:00", t, t + "？", False, answer, None, marks,
                          attached)  # fmt: skip


def _overview(t: str) -> Overview:
    stats = {
        "questions": 1, "abstained": 0, "liked": 0, "disliked": 0, "citations": 1, "marked": 1,
        "verdicts": {"correct": 1, "irrelevant": 0, "out_of_context": 0},
        "reviewed_questions": 1, "per_essay": [("x", 1)], "topics": [(t, 1)],
        "markers": [(t, 1)], "stale_questions": 2,
    }  # fmt: skip
    stale = (StaleQuestion(20, t, t + "？", ("x-p1", "x-p2"), (t, "")),)
    seed = (BankEntry(t, "x-p1", "0" * 16, trainer=t, origin="dev"),)
    return Overview(stats, {"x": t}, problem=t, set_aside=seed, stale=stale)


def _page(t: str) -> LogPage:
    rows = (LogRow(7, "2026-11-29 08:00:00", t, t + "？", True, -1, 2, 1, 0, 1),
            LogRow(6, "2026-11-29 07:00:00", t, t, False, None, 1, 0, 0, 1),
            LogRow(5, "2026-11-29 06:00:00", t, t, False, 1, 3, 3, 0, 0, 2),
            LogRow(4, "2026-11-29 05:00:00", t, t, False, 1, 1, 1, 0, 0))  # fmt: skip
    return LogPage(rows, 4, 1, 50, 3)


def _preview(t: str) -> Preview:
    draft = Draft(
        _essay(t), ({"text": t, "level": 2, "lines": [1]},), (Repair("chrome", 1, t, ""),)
    )
    extract = Extract("pdf", t, (), title=t, pages=2)
    return Preview("tok", t, "0" * 64, 10, extract, (draft,), (t,))


def _views(t: str) -> dict[str, str]:
    """Every view, fed ``t`` wherever it shows text."""
    essay = _essay(t)
    view = CiteView("x-p1-c1", essay, essay.paragraphs[0], 0, 2, "raw.txt", ((3, t),))
    return {
        "sources_html": sources_html([_citation(t)], t),
        "essay_html": essay_html(essay, "x-p1", 0, 2),
        "outline_html": outline_html(essay),
        "cite_html": cite_html(view)
        + cite_html(view, [(0, 1), (1, 2)], "引用的句子已标出。")
        + cite_html(view, (), "这一段已修改。"),
        "question_detail_html": question_detail_html(_logged(t), {"x-p1": essay.paragraphs[0]}),
        "overview_markdown": overview_markdown(_overview(t)),
        "chat_message": chat_message(Answer(t, t + "？", False, t)),
        "question_message": question_message(t),
        "notice_message": notice_message(t),
        "page_head_html": views.page_head_html(t, t),
        "hint": hint(t),
        "error": error(t),
        "log_table_html": views.log_table_html(_page(t), selected=7),
        "log_state_badges": views.log_state_badges(_page(t).rows[0]),
        "found_paragraph_html": views.found_paragraph_html(essay, essay.paragraphs[0]),
        "bar_chart_html": views.bar_chart_html(t, [(t, 3), (t + t, 1)]),
        "overview_charts_html": views.overview_charts_html(_overview(t)),
        "overview_stale_html": views.overview_stale_html(_overview(t)),
        "question_link": views.question_link(20),
        "library_preview_html": views.library_preview_html(_preview(t)),
        "library_table_html": views.library_table_html(
            [Entry("e1", t, 3, t, False, t), Entry("e2", t, 1, t, True, t)]
        ),
        "library_history_html": views.library_history_html(
            [
                Version(1, t, t, "init", t, (), {"e1.md": "0"}),
                Version(2, t, "", "retire", t, ("e1",)),
            ]
        ),
    }


def test_every_view_is_covered_by_the_invariant():
    """A new view in rag/web/html.py must join ``_views`` (and so the property test)."""
    public = {
        name
        for name, fn in inspect.getmembers(views, inspect.isfunction)
        if fn.__module__ == views.__name__
        and not name.startswith("_")
        # not HTML: a choice's label (Gradio shows it as text) and the pager's figures
        and name not in ("stylesheet", "page_script")
        and name not in ("citation_choice", "pager_text", "why_chosen")
        and name != "cite_href"  # a link's address (escaped where a view puts it)
    }
    assert public == set(_views("x"))


@settings(max_examples=100, deadline=None)
@given(ANY_TEXT)
def test_views_never_turn_text_into_markup(text):
    """The markup of a view depends on its structure only, never on the text in it."""
    # Private-use characters are spelled out on purpose (in a span): keep them.
    plain = "".join(c if is_private(c) else "字" for c in text)
    got, same = _views(text), _views(plain)
    for name in got:
        assert got[name].count("<") == same[name].count("<"), name


def test_essay_text_with_markup_is_shown_as_text():
    essay = Essay("x", EVIL, (Paragraph("x-p1", "x", 1, "正文" + EVIL, (EVIL,)),))
    html = essay_html(essay, "x-p1", 0, 2)
    assert isinstance(html, Markup)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert '<p id="p-x-p1" class="cited">' in html and "<mark>正文</mark>" in html
    assert "<script>" not in outline_html(essay)


def test_sources_escape_quotes_and_mark_the_span():
    cite = Citation(1, "x-p1-c1", "x", EVIL, "", "坏", EVIL + "坏", "x-p1", 1, len(EVIL),
                    len(EVIL) + 1, 1, None)  # fmt: skip
    html = sources_html([cite], understood_as=EVIL)
    assert "<script>" not in html and "<img" not in html
    assert '<mark class="quote" data-n="1">坏</mark>' in html and "语义没有匹配上" in html


def test_a_card_says_why_in_words_a_trainee_knows():
    """Ranks as 关键词匹配 / 语义匹配 (not 词法检索), with nothing lost: both ranks, a close
    verified question, a paragraph a follow-up found after an earlier quote."""
    cite = replace(_citation("题"), lexical_rank=4, dense_rank=1)
    html = sources_html([cite])
    assert "关键词匹配第4、语义匹配第1" in html and "检索" not in html.replace(views.WHY_TITLE, "")
    assert f'title="{views.WHY_TITLE}"' in html  # what the two words mean, on hover
    bank = "与已核对问题「大党委制」相近（题库）"
    banked = replace(cite, lexical_rank=None, bank=bank)
    assert views.why_chosen(banked) == f"关键词没有匹配上、语义匹配第1，{bank}"
    followed = replace(cite, lexical_rank=None, dense_rank=None, followed=True)
    assert views.why_chosen(followed) == views.FOLLOWED_WHY


def test_no_view_writes_inline_styles():
    """The look lives in the one stylesheet."""
    for name, html in _views("字").items():
        assert "style=" not in html, name
    assert ".outline .lvl-3" in views.stylesheet()


def test_a_log_row_shows_its_state_and_topic_and_a_mark_choice_its_quote_and_place():
    page = _page("问")
    html = views.log_table_html(page, selected=7)
    assert html.count('class="log-row is-selected"') == 1 and 'data-qid="6"' in html
    assert "理解为：问" in html and html.count("理解为") == 1  # only where it differs
    assert "理解为：问？" not in html  # as the chat says it
    badges = views.log_state_badges(page.rows[0])
    assert "部分审阅 1/2" in badges and "回避" in badges and "👎 踩" in badges
    assert "已审阅" not in badges  # half judged is no 已审阅 (it read 已审阅 1/2)
    assert "未审阅" in views.log_state_badges(page.rows[1])
    assert views.pager_text(page) == "第 1 / 1 页，共 4 个问题 · 待审阅 **3** 个"
    cite = replace(_citation("题"), quote="三是设置民情信箱，倾听群众的呼声和意见。")
    label = views.citation_choice(cite, Mark("out_of_context", "", ""))
    assert label.startswith("[1]（断章取义） “三是设置民情信箱") and "…”" in label
    assert label.endswith(cite.where)
    chart = views.bar_chart_html(
        "题", [("一个很长很长很长很长很长的标签", 3), ("短", 1)], label_chars=6
    )
    assert 'title="一个很长很长很长很长很长的标签"' in chart and "一个很长很…" in chart
    assert '<progress class="bar" max="3" value="1">' in chart


def test_no_two_bars_of_a_chart_read_the_same():
    """A question and its follow-up start alike: their bars show where they differ."""
    question = "**加粗** [链接](http://example.com/a/b)"
    script = "<script>alert(1)</script>"
    labels = [question, f"{question}（还有哪些论述）", script, f"{script}——为什么", "短",
              "a" * 40 + "z", "a" * 41 + "z"]  # fmt: skip
    chart = views.bar_chart_html("问得最多的问题", [(label, 1) for label in labels], 24)
    found = re.findall(r'<span class="bar-label" title="[^"]*">([^<]*)</span>', chart)
    shown = [Markup(s).unescape() for s in found]
    assert len(set(shown)) == len(labels), shown
    cut = [re.sub(r"（\d）$", "", s) for s in shown]  # numbered when start and end are alike
    assert all(len(s) <= 24 for s in cut), shown
    for label, s in zip(labels, cut, strict=True):  # each shows its own start (and end)
        head, _, tail = s.partition("…")
        assert label.startswith(head) and label.endswith(tail), (label, s)


def test_badges_say_their_state_in_words_not_only_in_emoji():
    """Where no emoji font is installed 👍/👎 are boxes: each badge carries words too."""
    rows = _page("问").rows
    stale, done = views.log_state_badges(rows[2]), views.log_state_badges(rows[3])
    assert "段落已修改，请重新核对" in stale and "已审阅" not in stale
    assert "👍 赞" in stale and "已审阅 1/1" in done
    # its citations no longer judgeable and a paragraph attached: said so, not 已审阅 0/2
    attached = views.log_state_badges(replace(rows[3], cited=2, marked=0, attached=1))
    assert "已审阅 · 附上 1 段" in attached and "0/2" not in attached
    for row in rows:
        badges = re.findall(r">([^<]*)</span>", views.log_state_badges(row))
        assert all(re.search(r"[\u4e00-\u9fff]", b) for b in badges), badges


def test_a_mark_on_a_paragraph_edited_since_is_shown_set_aside_and_unnamed_marks_say_so():
    essay = _essay("文")
    q = _logged("文")
    cite = replace(q.answer.citations[0], passage=essay.paragraphs[0].text)
    q = replace(
        q, answer=replace(q.answer, citations=(cite,)), marks={1: Mark("correct")}, attachments=()
    )
    current = question_detail_html(q, {"x-p1": essay.paragraphs[0]})
    assert "v-correct" in current and "段落已修改" not in current
    assert "<span class='marker'>未署名的培训师</span>" in current  # no name given
    edited = replace(essay.paragraphs[0], text="改过的正文")
    html = question_detail_html(q, {"x-p1": edited})
    assert "段落已修改，请重新核对" in html and "原判定：正确（已停用）" in html
    assert "v-correct" not in html and "mark-card is-stale" in html
    assert "已停用或删除" in question_detail_html(q, {})  # its essay retired
    assert views.citation_choice(cite, Mark("correct"), changed=True).startswith(
        "[1]（正确，段落已修改）"
    )


def test_a_citation_link_carries_its_quote_and_the_text_it_was_cut_from():
    from rag.retrieval.bank import paragraph_hash

    q = _logged("文")
    c = q.answer.citations[0]
    html = question_detail_html(q, {})
    link = f"?cite=x-p1-c1&amp;at={c.start}-{c.end}&amp;h={paragraph_hash(c.passage)}"
    assert f'href="{link}"' in html
    card = sources_html([c, replace(c, n=2, start=0, end=1)])
    assert f"at={c.start}-{c.end},0-1&amp;h=" in card  # a card: every quote of its paragraph


def test_the_overview_lists_each_question_to_recheck_once_with_a_link():
    o = _overview("板凳会")
    text = overview_markdown(o)
    assert "2 条已核对问答指向已修改的段落" in text and "题库中有 1 条种子问答" in text
    # only seed entries set aside: no warning of 0 questions, no queue they are not in (desk
    # walk 2: ⚠️ 0 条已核对问答…问题已回到待审阅队列)
    seeds_only = overview_markdown(
        replace(o, stats={**o.stats, "stale_questions": 0}, stale=(), problem="")
    )
    assert "⚠️" not in seeds_only and "待审阅" not in seeds_only
    assert "题库中有 1 条种子问答指向已修改或停用的段落" in seeds_only
    many = replace(o, set_aside=o.set_aside * 12)  # more than are listed: counted
    assert "另有 2 条种子问答未列出" in views.overview_stale_html(many)
    html = views.overview_stale_html(o)
    assert html.count('class="open-q"') == 1 and 'href="?tab=trainer&amp;q=20"' in html
    assert "x-p1、x-p2" in html and "培训师 板凳会、未署名的培训师" in html
    assert "另有 1 个问题" in html  # two to re-check, the newest listed


def test_a_previewed_essay_is_called_an_essay_not_a_paragraph():
    preview = _preview("文")
    plain = replace(preview, drafts=(replace(preview.drafts[0], repairs=()),))
    html = views.library_preview_html(plain)
    assert "这篇文章清理时没有修改或删除任何内容" in html and "这一段" not in html
    routine = (Repair("t2s", 3, "這", "这"),)  # counted, not listed one by one
    html = views.library_preview_html(
        replace(preview, drafts=(replace(preview.drafts[0], repairs=routine),))
    )
    assert "这篇文章没有逐处列出的修改与删除" in html and "另有：" in html
    assert "这一段" not in html


def test_understood_as_of_a_follow_up_to_a_long_question_is_cut():
    from rag.answer.types import Answer

    long = "我刚到社区工作，" * 40
    a = Answer("具体怎么做？", f"{long}——具体怎么做？", True, "文章中没有更多论述了。", ())
    html = chat_message(a)
    assert "理解为：" in html and long not in html and "…" in html


def test_an_answer_says_when_its_question_was_cut():
    from rag.answer.types import Answer

    notice = "问题太长（1452 字），只使用了前 1000 个字。"
    html = chat_message(Answer("问", "问", True, "文章中没有找到。", (), notice=notice))
    assert html.split("\n")[0].endswith(f"（{notice}）")


def test_an_attached_paragraph_edited_since_says_so():
    from dataclasses import replace as swap

    from rag.retrieval.bank import paragraph_hash

    essay = _essay("文")
    p = essay.paragraphs[0]
    q = _logged("文")
    same = swap(
        q, attachments=(Attachment("x-p1", "王老师", "2026-11-29", paragraph_hash(p.text)),)
    )
    assert "附上后已修改" not in question_detail_html(same, {"x-p1": p})
    edited = swap(q, attachments=(Attachment("x-p1", "王老师", "2026-11-29", "0" * 16),))
    assert "附上后已修改" in question_detail_html(edited, {"x-p1": p})


def test_long_questions_are_shortened_where_they_are_listed():
    """The sources panel says 理解为 only when it differs from what was typed, and shortened;
    the log shows the start of a long question, the whole on hover."""
    long = "我刚到社区工作，想请教几个问题：" + "居民有矛盾怎么调解？" * 30
    assert "理解为" not in sources_html([_citation("题")], long, "k", long)
    head = sources_html([_citation("题")], long, "k", "还有吗？")
    shown = re.search(r"理解为：([^<]*)</p>", head).group(1)
    assert shown.endswith("…") and len(shown) <= views.UNDERSTOOD_CHARS
    page = _page("问")
    row = replace(page.rows[0], query=long)
    html = views.log_table_html(replace(page, rows=(row, *page.rows[1:])), selected=7)
    cell = re.search(r'<div class="q" title="([^"]*)">([^<]*)</div>', html)
    assert cell.group(1) == long and len(cell.group(2)) <= views.LOG_QUESTION_CHARS
    assert cell.group(2).endswith("…")


def test_an_essay_retired_since_it_was_cited_is_charted_by_its_title():
    """The essay chart labelled a retired essay's bar by its id (e2) (desk walk 2)."""
    from rag.library.types import Retired
    from rag.web.trainer import with_retired_titles

    o = _overview("板凳会")  # cites x, whose title is known
    o = replace(o, stats={**o.stats, "per_essay": [("x", 1), ("e9", 3)]})
    gone = [Retired(_essay("旧文章"), "2026-12-01 10:00:00", "王老师", 4)]
    gone = [replace(gone[0], essay=replace(gone[0].essay, id="e9")), replace(gone[0])]
    named = with_retired_titles(o, gone)
    assert dict(named.essay_counts)[f"{gone[0].essay.display_title}（已停用）"] == 3
    assert "e9" not in dict(named.essay_counts)
    assert dict(named.essay_counts)["板凳会"] == 1  # an essay in use keeps its own title


def test_a_retired_essays_bar_always_shows_that_it_is_retired():
    """The bar of retired e6 read 网格化管理中的群众工作（已… : its 已停用 was cut off by the
    label's shortening and could only be read on hover (desk walk 3, D5)."""
    from rag.library.types import Retired
    from rag.web.trainer import with_retired_titles

    o = _overview("板凳会")
    o = replace(o, stats={**o.stats, "per_essay": [("x", 1), ("e6", 3)]})
    gone = Retired(_essay("网格化管理中的群众工作"), "2026-12-01 10:00:00", "王老师", 4)
    o = with_retired_titles(o, [replace(gone, essay=replace(gone.essay, id="e6"))])
    chart = views.overview_charts_html(o)
    found = re.findall(r'<span class="bar-label" title="([^"]*)">([^<]*)</span>', chart)
    full, shown = next((f, s) for f, s in found if f.startswith("网格化"))
    assert full == "网格化管理中的群众工作（已停用）"
    assert shown.endswith("（已停用）") and "…" in shown  # shortened before the marker
    head = shown.removesuffix("（已停用）").removesuffix("…")
    assert full.startswith(head) and len(head) >= 6
    # a title short enough is shown whole, marker included; other labels are cut as before
    chart = views.bar_chart_html(
        "题", [("短标题（已停用）", 1), ("一个很长很长很长很长的标签", 1)], 8
    )
    assert ">短标题（已停用）<" in chart and ">一个很长很长很…<" in chart
