"""Every piece of HTML the app shows, built here and only here.

Pure functions from the domain's records to ``markupsafe.Markup``. Text is escaped by
construction: ``Markup(...).format(x)`` and ``Markup + str`` escape whatever is not already
markup, so nothing a user types or an essay contains can become an element or a script. Classes
only, no inline style attributes: the look lives in the one stylesheet, ``style.css``.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup, escape

from rag.answer.citations import CiteView
from rag.answer.dialogue import short
from rag.answer.types import Answer, Citation, by_paragraph, refs
from rag.core.chars import is_private, spell_private
from rag.corpus.types import REPAIR_KINDS, Essay, Paragraph, Repair, repair_counts, where_label
from rag.library.library import Entry
from rag.library.types import ACTIONS, Preview, Version
from rag.retrieval.bank import UNNAMED, paragraph_hash
from rag.trainer.desk import Overview
from rag.trainer.types import VERDICTS, LoggedQuestion, LogPage, LogRow, Mark

STYLESHEET = Path(__file__).with_name("style.css")

# Scroll the essay box so that the cited paragraph is in view, and the page so that the box
# is (unless a [n] has just brought its card into view: the card shows the paragraph); where
# the essay has no box of its own (the chat on a phone), scroll the page to the paragraph
# (again unless a [n] showed its card: it had carried a phone 3,000 px away from it).
SCROLL_TO_CITED = """() => {
  setTimeout(() => {
    const card = !!(window.ragChat && window.ragChat.cardShown);
    if (card) window.ragChat.cardShown = false;
    for (const el of document.querySelectorAll('.scroll-box .cited')) {
      const box = el.closest('.scroll-box');
      if (box.scrollHeight > box.clientHeight + 2) {
        box.scrollTop = el.offsetTop - box.offsetTop - 40;
        const b = box.getBoundingClientRect();  // all zero in a tab not shown: left alone
        if (!card && b.height && (b.top < 0 || b.bottom > innerHeight)) {
          box.scrollIntoView({block: 'nearest'});
        }
        continue;
      }
      const r = el.getBoundingClientRect();
      if (!card && (r.top < 0 || r.top > innerHeight - 80)) el.scrollIntoView({block: 'start'});
    }
  }, 80);
}"""

# The page's scripts live in chat.js and trainer.js; events call them by name.
PAGE_SCRIPTS = [Path(__file__).with_name(name) for name in ("chat.js", "trainer.js")]
SHOW_NEW_ANSWER = "() => window.ragChat && window.ragChat.showNewAnswer()"
# After a reload: the restored conversation's last question at the top (none restored: 3 s wait).
SHOW_RESTORED = "() => window.ragChat && window.ragChat.showNewAnswer(0, 40)"


@functools.cache
def page_script() -> str:
    """One function running every script of the page (each file is a ``() => {…}``)."""
    parts = []
    for path in PAGE_SCRIPTS:
        text = path.read_text(encoding="utf-8")
        parts.append("\n".join(line for line in text.splitlines() if not line.startswith("//")))
    return "() => {\n" + "\n".join(f"({p.strip()})();" for p in parts) + "\n}"


# Routine changes are summarised by count; the rest are listed before → after.
_COUNTED = ("t2s", "punct")


@functools.cache
def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def _join(parts: Iterable[Markup]) -> Markup:
    return Markup("").join(parts)


def _marked(text: str, start: int, end: int) -> Markup:
    """``text`` escaped, with ``text[start:end]`` wrapped in <mark>."""
    if not 0 <= start < end <= len(text):
        return escape(text)
    return Markup("{}<mark>{}</mark>{}").format(text[:start], text[start:end], text[end:])


def _marked_all(text: str, spans: Sequence[tuple[int, int]], numbers: Sequence[int] = ()) -> Markup:
    """``text`` escaped, with every ``(start, end)`` span wrapped in <mark>; with ``numbers``
    (one per span) each mark carries its point's number, which the stylesheet shows before it
    and the page's script uses to single out the point whose [n] was clicked."""
    out, at = [], 0
    numbered = zip(spans, numbers, strict=True) if numbers else ((s, None) for s in spans)
    for (start, end), n in sorted(numbered, key=lambda sn: sn[0]):
        if not at <= start < end <= len(text):
            continue
        quoted = text[start:end]
        mark = (
            Markup('<mark class="quote" data-n="{}">{}</mark>').format(int(n), quoted)
            if n is not None
            else Markup("<mark>{}</mark>").format(quoted)
        )
        out += [escape(text[at:start]), mark]
        at = end
    out.append(escape(text[at:]))
    return _join(out)


def hint(text: str) -> Markup:
    """A grey line of guidance or a message."""
    return Markup('<p class="hint">{}</p>').format(text)


def error(err: Exception | str) -> Markup:
    return hint(f"⚠️ {err}")


# -- the page itself ------------------------------------------------------------------------


def page_head_html(title: str, description: str) -> Markup:
    """What the served page says about itself before any script runs: its title, and the
    tags a link preview (WeChat, DingTalk …) shows — in place of Gradio's own (rag/web/server)."""
    return Markup(
        '<title>{t}</title><meta name="description" content="{d}" />'
        '<meta property="og:type" content="website" />'
        '<meta property="og:title" content="{t}" />'
        '<meta property="og:description" content="{d}" />'
        '<meta name="twitter:card" content="summary" />'
        '<meta name="twitter:title" content="{t}" />'
        '<meta name="twitter:description" content="{d}" />'
    ).format(t=title, d=description)


# -- the trainee's chat ---------------------------------------------------------------------


UNDERSTOOD_CHARS = 80  # 理解为 of a follow-up to a long question shows its start only
LOG_QUESTION_CHARS = 120  # a question in the trainers' log (the whole one on hover)


def _clip(text: str, limit: int) -> str:
    """``text`` as listed: whole, or its start with … when longer than ``limit``."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chat_message(answer: Answer, key: str = "", selected: bool = False) -> str:
    """An answer as the chatbot shows it. The chatbot inserts message text as (sanitised) HTML
    even with Markdown off: escaped, typed markup shows as text. Each point's ``[n]`` is a
    link to its citation card (``key`` names the answer, for the page's script); the answer
    whose sources are shown carries a mark the stylesheet outlines."""
    understood = answer.understood_as
    lines = [f"（{answer.notice}）", ""] if answer.notice else []  # e.g. a long question cut
    if understood and understood != answer.query:
        lines += [f"理解为：{short(understood, UNDERSTOOD_CHARS)}", ""]
    if answer.verified:
        lines += [f"✔ 培训师已核对（{answer.verified}）", ""]
    lines += answer.text.split("\n")
    points = {c.point: c.n for c in answer.citations}
    out = []
    for line in lines:
        n = points.get(line)
        if n is None:
            out.append(escape(line))
            continue
        # Classes, not data- attributes: the chatbot's sanitiser keeps only the former.
        ref = Markup('<span class="cite-ref ref-{} ans-{}">[{}]</span>')
        out.append(escape(line.removesuffix(f"[{n}]")) + ref.format(n, _css_key(key), n))
    marker = Markup('<span class="answer-key ans-{}{}"></span>').format(
        _css_key(key), Markup(" is-selected") if selected else ""
    )
    return str(marker + Markup("\n").join(out))


def question_message(text: str) -> str:
    return str(escape(text))


def notice_message(text: str) -> str:
    """A message from the app itself (问题不能为空, 请求太频繁): nothing to rate, so the
    stylesheet hides the 👍/👎 under it."""
    return str(Markup('<span class="app-notice">{}</span>').format(text))


def _verified_badge(group: Sequence[Citation]) -> Markup:
    who = next((c.verified for c in group if c.verified), "")
    if not who:
        return Markup("")
    return Markup('<div class="verified">✔ 培训师已核对 · {}</div>').format(who)


# The card's "why", in a trainee's words: where the paragraph ranked when the essays were
# searched by their words and by meaning (retrieval's own label says 词法/语义检索).
WHY_TITLE = "关键词匹配：按问题里的字词找到时的名次；语义匹配：按意思相近找到时的名次"
FOLLOWED_WHY = "按原文位置找到：接着前面引用的段落、列表或最相关的段落往下读，或找问题里的原话"


def why_chosen(c: Citation) -> str:
    """Why a cited paragraph was chosen: ``关键词匹配第4、语义匹配第1`` (and a close verified
    question), or that it was found by reading (after an earlier quote, or where the essays write
    the question's words)."""
    if c.followed and not (c.lexical_rank or c.dense_rank):
        return FOLLOWED_WHY
    ranks = "、".join(
        [
            f"关键词匹配第{c.lexical_rank}" if c.lexical_rank else "关键词没有匹配上",
            f"语义匹配第{c.dense_rank}" if c.dense_rank else "语义没有匹配上",
        ]
    )
    return f"{ranks}，{c.bank}" if c.bank else ranks


def cite_href(chunk_id: str, spans: Sequence[tuple[int, int]], passage: str) -> str:
    """A citation's permalink: its chunk, the quoted spans in its paragraph (``at``) and the
    hash of the paragraph's text when it was cited (``h``), so that the verification tab marks
    the quoted sentences, and says so when the paragraph has changed since."""
    at = ",".join(f"{int(a)}-{int(b)}" for a, b in spans)
    return f"?cite={quote(chunk_id)}&at={at}&h={paragraph_hash(passage)}"


def _css_key(key: str) -> str:
    """A turn key as a class name (keys are hex; anything else is dropped)."""
    return "".join(ch for ch in key if ch.isalnum())


def sources_html(
    citations: Sequence[Citation], understood_as: str = "", key: str = "", query: str = ""
) -> Markup:
    """Citation cards of one answer, one per paragraph: its place, why it was chosen, and the
    paragraph with every quote taken from it marked; above them what the question was
    understood as, when that differs from the ``query`` typed (shortened, as in the chat)."""
    box = Markup('{}<div class="sources-box" data-answer="{}">{}</div>')
    if not citations:
        return box.format("", key, hint("这条回答没有引用。"))
    cards = []
    for group in by_paragraph(citations):
        first = group[0]
        cards.append(
            Markup(
                '<div class="card" data-n="{ns}"><div class="label">{refs} {where}</div>{badge}'
                '<div class="why" title="{why_title}">{why} · 段落 {pid} · '
                '<a class="permalink" href="{link}" target="_blank">永久链接</a></div>'
                "<div>{passage}</div></div>"
            ).format(
                ns=" ".join(str(c.n) for c in group),
                refs=refs(group),
                badge=_verified_badge(group),
                where=first.where,
                why=why_chosen(first),
                why_title=WHY_TITLE,
                pid=first.paragraph_id,
                link=cite_href(first.chunk_id, [(c.start, c.end) for c in group], first.passage),
                passage=_marked_all(
                    first.passage, [(c.start, c.end) for c in group], [c.n for c in group]
                ),
            )
        )
    # (short() drops end punctuation; text of nothing else stays as typed)
    shown = (
        (short(understood_as, UNDERSTOOD_CHARS) or understood_as) if understood_as != query else ""
    )
    head = Markup('<p class="hint">理解为：{}</p>').format(shown) if shown else ""
    return box.format(head, key, _join(cards))


# -- essays ---------------------------------------------------------------------------------


# The essays' front-matter fields a reader sees, in Chinese, in this order.
META_LABELS = {
    "author": "作者",
    "affiliation": "单位",
    "post": "岗位",
    "date": "日期",
    "kind": "题型",
    "status": "状态",
}


def essay_html(
    essay: Essay,
    paragraph_id: str = "",
    start: int = -1,
    end: int = -1,
    anchor_prefix: str = "p",
    spans: Sequence[tuple[int, int]] = (),
    numbers: Sequence[int] = (),
) -> Markup:
    """A whole essay; the paragraph ``paragraph_id`` is highlighted (class ``cited``) and, when
    offsets are given, the quoted span (or every span of ``spans``, numbered by ``numbers``)
    inside it is marked."""
    meta = essay.meta or {}
    bits = [f"{label}：{meta[k]}" for k, label in META_LABELS.items() if meta.get(k)]
    out = [Markup('<div class="essay scroll-box"><h2>{}</h2>').format(essay.display_title)]
    if bits:
        out.append(Markup('<div class="meta">{}</div>').format("；".join(bits)))
    for opened, p in essay.in_reading_order():
        for level, heading in opened:
            tag = Markup(f"h{min(level + 1, 6)}")  # a number we compute, never text
            out.append(Markup("<{tag}>{text}</{tag}>").format(tag=tag, text=heading))
        cited = p.id == paragraph_id
        body = escape(p.text)
        if cited:
            body = _marked_all(p.text, spans, numbers) if spans else _marked(p.text, start, end)
        out.append(
            Markup('<p id="{anchor}"{cls}><span class="pno">{n}</span>{body}</p>').format(
                anchor=f"{anchor_prefix}-{p.id}",
                cls=Markup(' class="cited"') if cited else "",
                n=p.number,
                body=body,
            )
        )
    out.append(Markup("</div>"))
    return _join(out)


def outline_html(essay: Essay) -> Markup:
    """The essay's headings as a list, indented by level."""
    items = [
        Markup('<li class="lvl-{level}">{text}</li>').format(level=int(level), text=text)
        for level, text in essay.headings
    ]
    if not items:
        return hint(f"《{essay.display_title}》没有小标题。")
    return Markup('<ul class="outline">{}</ul>').format(_join(items))


# -- verification ---------------------------------------------------------------------------


def _visible(text: str) -> Markup:
    """Escaped, with the invisible private-use characters of damaged runs spelled out."""
    return _join(
        Markup('<span class="pua">{}</span>').format(spell_private(c))
        if is_private(c)
        else escape(c)
        for c in text
    )


def _repairs_html(repairs: tuple[Repair, ...], none: str = "这一段没有逐处列出的修复。") -> Markup:
    """The repairs listed one by one (routine ones counted); ``none`` says there are none."""
    rows, counts = [], repair_counts(r for r in repairs if r.kind in _COUNTED)
    for r in repairs:
        if r.kind in _COUNTED:
            continue
        rows.append(
            Markup("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>").format(
                r.line,
                REPAIR_KINDS.get(r.kind, r.kind),
                _visible(r.before),
                _visible(r.after),
                r.note,
            )
        )
    summary = "；".join(f"{REPAIR_KINDS[k]} {v}" for k, v in counts.items())
    table = (
        Markup(
            "<table class='repairs'><tr><th>行</th><th>类别</th><th>修复前</th><th>修复后</th>"
            "<th>依据</th></tr>{}</table>"
        ).format(_join(rows))
        if rows
        else hint(none)
    )
    return table + (hint(f"另有：{summary}。") if summary else "")


def cite_html(
    view: CiteView, spans: Sequence[tuple[int, int]] | None = None, notice: str = ""
) -> Markup:
    """Essay with the cited span highlighted (or the quoted ``spans`` a permalink carried;
    ``()`` marks none: the paragraph changed since it was cited); beside it the raw lines and
    the repairs made; above, a ``notice`` (the paragraph changed, the essay was retired)."""
    p = view.paragraph
    if spans is None:
        left = essay_html(view.essay, p.id, view.start, view.end, anchor_prefix="cite")
    else:
        left = essay_html(view.essay, p.id, anchor_prefix="cite", spans=spans)
    if view.raw_lines:
        raw = _join(
            Markup("<div class='raw-line'><span class='pno'>{}</span>{}</div>").format(
                n, _visible(t.strip())
            )
            for n, t in view.raw_lines
        )
        source = view.essay.meta.get("source", {})
        upload = source.get("file", "") if isinstance(source, dict) else ""
        pages = "、".join(str(n) for n in p.pages)
        origin = (
            Markup("<p class='origin'>上传的文件：{}{}</p>").format(
                upload, f"，第 {pages} 页" if pages else ""
            )
            if upload
            else ""
        )
        right = Markup(
            "{origin}<h4>原始页面（{file}）第 {lines} 行</h4><div class='raw'>{raw}</div>"
            "<h4>清理时所做的修改</h4>{repairs}"
        ).format(
            origin=origin,
            file=view.raw_file,
            lines="、".join(str(n) for n, _ in view.raw_lines),
            raw=raw,
            repairs=_repairs_html(p.repairs),
        )
    else:
        right = hint("这一段没有原始页面的溯源信息（手工加入或修改过的文章）。")
    return Markup(
        "<div class='cite-head'><b>{id}</b> · {where}</div>{notice}"
        "<div class='cite-grid'><div>{left}</div><div class='cite-raw'>{right}</div></div>"
    ).format(
        id=view.cite_id,
        where=view.where,
        notice=Markup("<p class='cite-notice'>{}</p>").format(notice) if notice else "",
        left=left,
        right=right,
    )


# -- the trainer area -----------------------------------------------------------------------


def _badge(kind: str, text: str, title: str = "") -> Markup:
    return Markup('<span class="badge {}" title="{}">{}</span>').format(kind, title, text)


STALE_BADGE = "段落已修改，请重新核对"
STALE_TITLE = "判定或附上的段落在核对后已修改或停用：原来的判定已停用，这个问题回到待审阅队列"


def log_state_badges(row: LogRow) -> Markup:
    """The row's state at a glance, in words (an emoji alone is a box where no emoji font is
    installed): reviewed, partly (how many citations judged) or to re-check; abstained; rated."""
    counted = f" {row.marked}/{row.cited}" if row.cited else ""
    badges = {
        "stale": lambda: _badge("stale", STALE_BADGE, STALE_TITLE),
        "todo": lambda: _badge("todo", "未审阅"),
        "partial": lambda: _badge("partial", "部分审阅" + counted, "已判定的出处 / 出处总数"),
        "done": lambda: (
            # the citations no longer judgeable (edited since), a paragraph attached instead:
            # not 已审阅 0/2 (desk walk 2)
            _badge("done", f"已审阅 · 附上 {row.attached} 段", "培训师附上了正确的段落")
            if row.attached and row.marked < row.cited
            else _badge("done", "已审阅" + counted, "已判定的出处 / 出处总数")
        ),
    }
    out = [badges[row.state]()]
    if row.abstained:
        out.append(_badge("abstained", "回避", "系统没有回答这个问题"))
    if row.rating == -1:
        out.append(_badge("down", "👎 踩", "学员点踩"))
    elif row.rating == 1:
        out.append(_badge("up", "👍 赞", "学员点赞"))
    return _join(out)


def log_table_html(page: LogPage, selected: int | None = None) -> Markup:
    """One page of the question log: a row per question (click or Enter selects it), its
    topic beside a follow-up, its state as badges; the selected row stays highlighted."""
    if not page.rows:
        return hint("没有符合条件的问题。")
    rows = []
    for r in page.rows:
        understood = (
            Markup('<div class="understood">理解为：{}</div>').format(
                short(r.understood_as, UNDERSTOOD_CHARS) or r.understood_as
            )
            if r.understood_as and r.understood_as != r.query
            else ""
        )
        rows.append(
            Markup(
                '<tr class="log-row{sel}" data-qid="{id}" tabindex="0">'
                '<td class="c-id" title="{at}">#{id}</td>'
                '<td class="c-time" title="{at}">{short}</td>'
                '<td class="c-q"><div class="q" title="{full}">{q}</div>{understood}</td>'
                '<td class="c-state">{state}</td></tr>'
            ).format(
                sel=" is-selected" if r.id == selected else "",
                id=r.id,
                at=r.asked_at,
                short=r.asked_at[5:16],
                q=_clip(r.query, LOG_QUESTION_CHARS),
                full=r.query,
                understood=understood,
                state=log_state_badges(r),
            )
        )
    return Markup(
        '<table class="log-table"><colgroup><col class="c-id"><col class="c-time"><col>'
        '<col class="c-state"></colgroup><thead><tr><th>编号</th><th>时间</th><th>问题</th>'
        "<th>状态</th></tr></thead><tbody>{}</tbody></table>"
    ).format(_join(rows))


def pager_text(page: LogPage) -> str:
    return (
        f"第 {page.page} / {page.pages} 页，共 {page.total} 个问题 · "
        f"待审阅 **{page.unreviewed}** 个"
    )


def citation_choice(c: Citation, mark: Mark | None, changed: bool = False) -> str:
    """A mark choice: ``[1]（正确）“三是设置民情信箱。…” 《标题》 › 小标题 › 第k段``; a
    citation whose paragraph ``changed`` since says so."""
    quote = c.quote if len(c.quote) <= 18 else c.quote[:16] + "…"
    state = f"（{VERDICTS[mark.verdict]}）" if mark else ""
    if changed:
        state = f"（{VERDICTS[mark.verdict]}，段落已修改）" if mark else "（段落已修改）"
    return f"[{c.n}]{state} “{quote}” {c.where}"


def _mark_badge(mark: Mark | None, changed: bool = False) -> Markup:
    """A citation's verdict, its comment and who gave it (未署名的培训师 when no name was
    given); one on a paragraph ``changed`` since is shown as set aside, to re-check."""
    if not mark:
        return _badge("todo", "未判定" if not changed else "段落已修改，无法判定")
    if changed:
        badge = _badge("stale", STALE_BADGE, STALE_TITLE) + escape(
            f" 原判定：{VERDICTS[mark.verdict]}（已停用）"
        )
    else:
        badge = _badge(f"verdict v-{mark.verdict}", VERDICTS[mark.verdict])
    if mark.comment:
        badge += escape(f"（{mark.comment}）")
    return badge + Markup(" · <span class='marker'>{}</span>").format(mark.trainer or UNNAMED)


def question_detail_html(q: LoggedQuestion, paragraphs: dict[str, Paragraph]) -> Markup:
    """The question and its answer; under it each citation in its paragraph (the quote
    marked, to judge whether it was quoted out of context), its place, its permalink and the
    trainer's current verdict; then the paragraphs trainers attached."""
    facts = [q.asked_at]
    if q.abstained:
        facts.append("系统回避")
    if q.rating:
        facts.append("学员点赞 👍" if q.rating == 1 else "学员点踩 👎")
    if q.bank_used:
        facts.append("用到了已核对题库")
    parts = [Markup('<h4 class="detail-q">#{} {}</h4>').format(q.id, q.query)]
    if q.understood_as and q.understood_as != q.query:
        parts.append(Markup('<p class="understood">理解为：{}</p>').format(q.understood_as))
    parts.append(hint(" · ".join(facts)))
    parts.append(Markup('<pre class="answer-text">{}</pre>').format(q.answer.text))
    for c in q.answer.citations:
        current = paragraphs.get(c.paragraph_id)
        changed = current is None or current.text != c.passage
        marked = c.n in q.marks
        note = ""
        if changed:
            gone = "已停用或删除" if current is None else "已修改"
            then = (
                "原判定已停用（已核对题库不再用它）。请核对：用“清除判定”撤下它，"
                "需要时把现在的正确段落附上。"
                if marked
                else "它不能再判定；需要时把现在的正确段落附上。"
            )
            note = hint(f"（这一段在被引用后{gone}；下面是当时的原文。{then}）")
        parts.append(
            Markup(
                '<div class="card mark-card{cls}" data-n="{n}">'
                '<div class="label">[{n}] {where} · {badge} · '
                '<a class="permalink" href="{link}" target="_blank">永久链接</a></div>'
                '<div class="para">{text}</div>{note}</div>'
            ).format(
                cls=" is-stale" if changed and marked else "",
                n=c.n,
                where=c.where,
                badge=_mark_badge(q.marks.get(c.n), changed),
                link=cite_href(c.chunk_id, [(c.start, c.end)], c.passage),
                text=_marked(c.passage, c.start, c.end),
                note=note,
            )
        )
    for a in q.attachments:
        p = paragraphs.get(a.paragraph_id)
        by = Markup(" · <span class='marker'>{}</span>").format(a.trainer or UNNAMED)
        edited = p is not None and a.paragraph_hash and paragraph_hash(p.text) != a.paragraph_hash
        note = (
            _badge("stale", STALE_BADGE, STALE_TITLE)
            + hint(
                "（这一段在附上后已修改，下面是现在的文字；已核对题库不再用这条附上的段落。"
                "请重新核对：移除它，或再次附上它。）"
            )
            if edited
            else ""
        )
        if p is None:
            note = _badge("stale", STALE_BADGE, STALE_TITLE) + hint(
                "（这一段所在的文章已停用或段落已删除；已核对题库不再用它。请移除它，"
                "需要时附上现在的正确段落。）"
            )
        parts.append(
            Markup(
                '<div class="card attached"><div class="label">附上的正确段落：{pid}{by}'
                ' · <a class="permalink" href="?cite={pid}" target="_blank">永久链接</a></div>'
                '<div class="para">{text}</div>{note}</div>'
            ).format(
                pid=a.paragraph_id,
                by=by,
                text=p.text if p else "（这一段已不在文章库中。）",
                note=note,
            )
        )
    return _join(parts)


def found_paragraph_html(essay: Essay | None, p: Paragraph | None) -> Markup:
    """A paragraph the trainer's search found, whole, to read before attaching it: its place,
    its id and permalink, and its text."""
    if p is None:
        return hint("选中一个搜索结果，这里显示整段原文。")
    title = essay.display_title if essay is not None else p.essay_id
    return Markup(
        '<div class="card found"><div class="label">{where} · 段落 {pid} · '
        '<a class="permalink" href="?cite={pid}" target="_blank">永久链接</a></div>'
        '<div class="para">{text}</div></div>'
    ).format(where=where_label(title, p.heading_path, p.number), pid=p.id, text=p.text)


RETIRED_MARK = "（已停用）"  # after the title of an essay retired since it was cited
KEPT_ENDINGS = (RETIRED_MARK,)  # what a shortened label always shows whole


def _shortened(label: str, limit: int) -> str:
    """``label`` in ``limit`` characters: whole, or its start and …, then a kept ending."""
    if len(label) <= limit:
        return label
    end = next((e for e in KEPT_ENDINGS if label.endswith(e)), "")
    body = label[: len(label) - len(end)]
    room = max(limit - len(end), 4)
    return (body if len(body) <= room else body[: room - 1] + "…") + end


def _bar_labels(labels: Sequence[str], limit: int) -> list[str]:
    """Each label as a chart shows it in ``limit`` characters: whole, or its start and …
    (a marker such as （已停用） kept whole after it); labels whose starts read the same (a
    question and its follow-up) show their start and their end instead, and any still alike
    are numbered, so that no two bars look the same. (The stylesheet wraps a label rather
    than clip it: what is returned here is what shows.)"""
    shown = [_shortened(lab, limit) for lab in labels]
    alike = Counter(shown)
    head = (limit - 1) // 2
    shown = [
        lab[:head] + "…" + lab[head + 1 - limit :] if alike[s] > 1 and len(lab) > limit else s
        for lab, s in zip(labels, shown, strict=True)
    ]
    alike, seen = Counter(shown), Counter()
    out = []
    for s in shown:
        seen[s] += 1
        out.append(f"{s}（{seen[s]}）" if alike[s] > 1 else s)
    return out


def bar_chart_html(title: str, rows: Sequence[tuple[str, int]], label_chars: int = 14) -> Markup:
    """A horizontal bar chart: one line per label (shortened, never two alike; the whole on
    hover) with its count; counts are whole numbers, bars scaled to the largest."""
    if not rows:
        return Markup('<div class="chart"><h4>{}</h4>{}</div>').format(title, hint("还没有数据。"))
    top = max(n for _, n in rows) or 1
    lines = []
    shown = _bar_labels([label for label, _ in rows], label_chars)
    for (label, n), short_label in zip(rows, shown, strict=True):
        lines.append(
            Markup(
                '<div class="bar-row"><span class="bar-label" title="{full}">{short}</span>'
                '<progress class="bar" max="{top}" value="{n}"></progress>'
                '<span class="bar-n">{n}</span></div>'
            ).format(full=label, short=short_label, top=top, n=int(n))
        )
    return Markup('<div class="chart"><h4>{}</h4>{}</div>').format(title, _join(lines))


def question_link(question_id: int) -> Markup:
    """``#20``, opening question 20 in the desk (the page's script; the link itself opens the
    trainer tab at that question, in a new tab too)."""
    link = Markup('<a class="open-q" data-qid="{id}" href="?tab=trainer&amp;q={id}">#{id}</a>')
    return link.format(id=int(question_id))


def overview_stale_html(o: Overview) -> Markup:
    """The questions to re-check: their marks or attachments point at paragraphs edited or
    retired since (each question once, linked to the desk), then the seed bank's entries set
    aside."""
    if not (o.stale or o.set_aside):
        return Markup("")
    items = [
        Markup("<li>{link} {q} → {pids}（{who}）</li>").format(
            link=question_link(q.id),
            q=_clip(q.understood_as or q.query, LOG_QUESTION_CHARS),
            pids="、".join(q.paragraph_ids),
            who="、".join(f"培训师 {t}" if t else UNNAMED for t in q.trainers),
        )
        for q in o.stale
    ]
    items += [
        Markup("<li>{q} → {pid}（{who}）</li>").format(q=e.question, pid=e.paragraph_id, who=e.by)
        for e in o.set_aside[:SET_ASIDE_LISTED]
    ]
    total = o.stats.get("stale_questions", len(o.stale))
    more = []
    if total > len(o.stale):
        more.append(f"另有 {total - len(o.stale)} 个问题，请用“未审阅”筛选查看。")
    if len(o.set_aside) > SET_ASIDE_LISTED:
        more.append(f"另有 {len(o.set_aside) - SET_ASIDE_LISTED} 条种子问答未列出。")
    return Markup(
        '<div class="stale-list"><h4>需要重新核对的问答（段落在核对后已修改或停用）</h4>'
        "<ul>{}</ul>{}</div>"
    ).format(_join(items), _join(hint(m) for m in more))


SET_ASIDE_LISTED = 10  # seed entries set aside listed in the overview (the rest counted)


def overview_charts_html(o: Overview) -> Markup:
    return Markup('{}<div class="charts">{}{}{}</div>').format(
        overview_stale_html(o),
        bar_chart_html("出处核对结果", o.verdict_counts),
        bar_chart_html("各篇文章被引用次数", o.essay_counts),
        bar_chart_html("问得最多的问题", o.topic_counts, label_chars=20),
    )


def overview_markdown(o: Overview) -> str:
    """The overview's figures as Markdown (names escaped: Markdown passes HTML through)."""
    s = o.stats
    text = (
        f"- 提问 **{s['questions']}** 次，已审阅 **{s['reviewed_questions']}**"
        f"（{o.share('reviewed_questions', 'questions')}）\n"
        f"- 出处 **{s['citations']}** 条，已核对 **{s['marked']}**"
        f"（核对覆盖率 {o.share('marked', 'citations')}），"
        f"其中判为正确 {_pct(s['verdicts']['correct'], s['marked'])}"
        + (
            f"；另有 {s['set_aside_marks']} 条判定因段落已修改或停用而搁置"
            if s.get("set_aside_marks")
            else ""
        )
        + "\n"
        f"- 回避率 {o.share('abstained', 'questions')}；"
        f"学员点赞 {s['liked']}，点踩 {s['disliked']}"
    )
    if s["markers"]:
        who = "，".join(f"{escape(name or '未署名')} {n}" for name, n in s["markers"])
        text += f"\n- 核对人：{who}"
    text += (
        f"\n- 已核对题库：**{o.bank_size}** 条问答在用；"
        f"近 7 天有 {s.get('bank_answers_7d', 0)} 个回答用到了它"
    )
    if o.bank_effect is not None:
        e = o.bank_effect
        text += (
            f"；效果（{e.questions} 个已核对问题分 5 折、各折不用自己的题库条目，第 1 名命中）："
            f"{e.without:.2f} → {e.with_bank:.2f}"
        )
    stale = s.get("stale_questions", len(o.stale))
    if stale:
        text += (
            f"\n- ⚠️ {stale} 条已核对问答指向已修改的段落（段落已修改或文章已停用，这些判定已停用，"
            "问题已回到待审阅队列；见下方列表，点击编号打开）"
        )
    if o.set_aside:
        text += (
            f"\n- 题库中有 {len(o.set_aside)} 条种子问答指向已修改或停用的段落，暂不使用"
            "（段落恢复原文或文章恢复后自动重新使用；见下方列表）"
        )
    if o.log_pending or o.log_spilled:
        text += (
            f"\n- 提问记录：{o.log_pending} 条待写入，{o.log_spilled} 条写入失败已暂存"
            "（下次启动时补写，不会丢失）"
        )
    if o.problem:
        text += f"\n\n⚠️ {escape(o.problem)}"  # an essay edit the running app could not take in
    return text


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f}%" if b else "—"


# -- the essay library ----------------------------------------------------------------------


def library_preview_html(preview: Preview) -> Markup:
    """What 发布 would publish: per essay its title, paragraph count, outline, the text, and
    every repair and removal (as in corpus/REPAIRS.md)."""
    parts = [
        Markup('<div class="lib-notes">{} · {} · {:,} 字节 · sha256 {}…</div>').format(
            preview.file_name, " · ".join(preview.notes), preview.size, preview.sha256[:12]
        )
    ]
    for d in preview.drafts:
        e = d.essay
        target = f"（替换 {d.replaces}）" if d.replaces else ""
        parts.append(
            Markup(
                '<div class="lib-draft card"><h3>《{title}》{target}</h3>'
                "<p>{n} 段 · {h} 个小标题 · 修复与删除 {r} 处</p>"
                "<h4>提纲</h4>{outline}<h4>正文</h4>{body}"
                "<h4>清理时所做的修改与删除</h4>{repairs}</div>"
            ).format(
                title=e.display_title,
                target=target,
                n=len(e.paragraphs),
                h=len(e.headings),
                r=len(d.repairs),
                outline=outline_html(e),
                body=essay_html(e),
                repairs=_repairs_html(
                    d.repairs,
                    "这篇文章没有逐处列出的修改与删除。"
                    if d.repairs
                    else "这篇文章清理时没有修改或删除任何内容。",
                ),
            )
        )
    return _join(parts)


def library_table_html(entries: Sequence[Entry]) -> Markup:
    """The library: every essay in use, then the retired ones."""
    if not entries:
        return hint("文章库是空的。")
    rows = [
        Markup(
            '<tr class="{cls}"><td>{id}</td><td>{title}</td><td>{n}</td><td>{source}</td>'
            "<td>{state}</td><td>{since}</td></tr>"
        ).format(
            cls="retired" if e.retired else "",
            id=e.id,
            title=e.title,
            n=e.paragraphs,
            source=e.source,
            state="已停用" if e.retired else "在用",
            since=e.since,
        )
        for e in entries
    ]
    return Markup(
        '<table class="lib-table"><thead><tr><th>编号</th><th>标题</th><th>段数</th>'
        "<th>来源</th><th>状态</th><th>时间</th></tr></thead><tbody>{}</tbody></table>"
    ).format(_join(rows))


def library_history_html(versions: Sequence[Version]) -> Markup:
    """Every library version, newest first: who, when, what."""
    if not versions:
        return hint("还没有历史：第一次发布、替换或停用时，现有文章记为版本 1。")
    rows = [
        Markup(
            "<tr><td>{n}</td><td>{at}</td><td>{who}</td><td>{action}</td><td>{summary}</td>"
            "<td>{count}</td></tr>"
        ).format(
            n=v.number,
            at=v.at,
            who=v.who or "—",
            action=ACTIONS.get(v.action, v.action),
            summary=v.summary,
            count=sum(1 for f in v.files if f.endswith((".md", ".txt"))),
        )
        for v in reversed(versions)
    ]
    return Markup(
        '<table class="lib-history"><thead><tr><th>版本</th><th>时间</th><th>操作人</th>'
        "<th>操作</th><th>内容</th><th>文章数</th></tr></thead><tbody>{}</tbody></table>"
    ).format(_join(rows))
