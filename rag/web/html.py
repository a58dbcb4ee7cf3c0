"""Every piece of HTML the app shows, built here and only here.

Pure functions from the domain's records to ``markupsafe.Markup``. Text is escaped by
construction: ``Markup(...).format(x)`` and ``Markup + str`` escape whatever is not already
markup, so nothing a user types or an essay contains can become an element or a script. Classes
only, no inline style attributes: the look lives in the one stylesheet, ``style.css``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup, escape

from rag.answer.citations import CiteView
from rag.answer.types import Answer, Citation
from rag.core.chars import is_private, spell_private
from rag.corpus.types import REPAIR_KINDS, Essay, Paragraph, Repair, repair_counts
from rag.trainer.desk import Overview
from rag.trainer.types import VERDICTS, LoggedQuestion

STYLESHEET = Path(__file__).with_name("style.css")

# Scroll the essay box (not the page) so that the cited paragraph is in view.
SCROLL_TO_CITED = """() => {
  setTimeout(() => {
    for (const el of document.querySelectorAll('.scroll-box .cited')) {
      const box = el.closest('.scroll-box');
      box.scrollTop = el.offsetTop - box.offsetTop - 40;
    }
  }, 80);
}"""

# The chat page's scripts live in chat.js; events call them by name.
CHAT_SCRIPT = Path(__file__).with_name("chat.js")
SHOW_NEW_ANSWER = "() => window.ragChat && window.ragChat.showNewAnswer()"


@functools.cache
def page_script() -> str:
    text = CHAT_SCRIPT.read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if not line.startswith("//"))


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


def _marked_all(text: str, spans: Sequence[tuple[int, int]]) -> Markup:
    """``text`` escaped, with every ``(start, end)`` span wrapped in <mark>."""
    out, at = [], 0
    for start, end in sorted(spans):
        if not at <= start < end <= len(text):
            continue
        out += [escape(text[at:start]), Markup("<mark>{}</mark>").format(text[start:end])]
        at = end
    out.append(escape(text[at:]))
    return _join(out)


def hint(text: str) -> Markup:
    """A grey line of guidance or a message."""
    return Markup('<p class="hint">{}</p>').format(text)


def error(err: Exception | str) -> Markup:
    return hint(f"⚠️ {err}")


# -- the trainee's chat ---------------------------------------------------------------------


def chat_message(answer: Answer, key: str = "", selected: bool = False) -> str:
    """An answer as the chatbot shows it. The chatbot inserts message text as (sanitised) HTML
    even with Markdown off: escaped, typed markup shows as text. Each point's ``[n]`` is a
    link to its citation card (``key`` names the answer, for the page's script); the answer
    whose sources are shown carries a mark the stylesheet outlines."""
    understood = answer.understood_as
    lines = [f"理解为：{understood}", ""] if understood and understood != answer.query else []
    if answer.verified:
        lines += [f"✔ 培训师已核对（{answer.verified}）", ""]
    lines += answer.text.split("\n")
    points = {f"{c.n}. “{c.quote}”[{c.n}]": c.n for c in answer.citations}
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


def by_paragraph(citations: Sequence[Citation]) -> list[list[Citation]]:
    """The citations grouped by the paragraph they quote, in order of their first point."""
    groups: dict[str, list[Citation]] = {}
    for c in citations:
        groups.setdefault(c.paragraph_id, []).append(c)
    return list(groups.values())


def refs(group: Sequence[Citation]) -> str:
    """``[1][3]``: the points one card stands for."""
    return "".join(f"[{c.n}]" for c in group)


def _verified_badge(group: Sequence[Citation]) -> Markup:
    who = next((c.verified for c in group if c.verified), "")
    if not who:
        return Markup("")
    return Markup('<div class="verified">✔ 培训师已核对 · {}</div>').format(who)


def _css_key(key: str) -> str:
    """A turn key as a class name (keys are hex; anything else is dropped)."""
    return "".join(ch for ch in key if ch.isalnum())


def sources_html(citations: Sequence[Citation], understood_as: str = "", key: str = "") -> Markup:
    """Citation cards of one answer, one per paragraph: its place, why it was chosen, and the
    paragraph with every quote taken from it marked."""
    box = Markup('{}<div class="sources-box" data-answer="{}">{}</div>')
    if not citations:
        return box.format("", key, hint("这条回答没有引用。"))
    cards = []
    for group in by_paragraph(citations):
        first = group[0]
        cards.append(
            Markup(
                '<div class="card" data-n="{ns}"><div class="label">{refs} {where}</div>{badge}'
                '<div class="why">{why} · 段落 {pid} · '
                '<a class="permalink" href="?cite={link}" target="_blank">永久链接</a></div>'
                "<div>{passage}</div></div>"
            ).format(
                ns=" ".join(str(c.n) for c in group),
                refs=refs(group),
                badge=_verified_badge(group),
                where=first.where,
                why=first.why,
                pid=first.paragraph_id,
                link=quote(first.chunk_id),
                passage=_marked_all(first.passage, [(c.start, c.end) for c in group]),
            )
        )
    head = Markup('<p class="hint">理解为：{}</p>').format(understood_as) if understood_as else ""
    return box.format(head, key, _join(cards))


# -- essays ---------------------------------------------------------------------------------


def essay_html(
    essay: Essay,
    paragraph_id: str = "",
    start: int = -1,
    end: int = -1,
    anchor_prefix: str = "p",
    spans: Sequence[tuple[int, int]] = (),
) -> Markup:
    """A whole essay; the paragraph ``paragraph_id`` is highlighted (class ``cited``) and, when
    offsets are given, the quoted span (or every span of ``spans``) inside it is marked."""
    meta = essay.meta or {}
    bits = [
        f"{k}：{meta[k]}" for k in ("author", "affiliation", "date", "kind", "post") if meta.get(k)
    ]
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
            body = _marked_all(p.text, spans) if spans else _marked(p.text, start, end)
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


def _repairs_html(repairs: tuple[Repair, ...]) -> Markup:
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
        else hint("这一段没有逐处列出的修复。")
    )
    return table + (hint(f"另有：{summary}。") if summary else "")


def cite_html(view: CiteView) -> Markup:
    """Essay with the cited span highlighted; beside it the raw lines and the repairs made."""
    p = view.paragraph
    left = essay_html(view.essay, p.id, view.start, view.end, anchor_prefix="cite")
    if view.raw_lines:
        raw = _join(
            Markup("<div class='raw-line'><span class='pno'>{}</span>{}</div>").format(
                n, _visible(t.strip())
            )
            for n, t in view.raw_lines
        )
        right = Markup(
            "<h4>原始页面（{file}）第 {lines} 行</h4><div class='raw'>{raw}</div>"
            "<h4>清理时所做的修改</h4>{repairs}"
        ).format(
            file=view.raw_file,
            lines="、".join(str(n) for n, _ in view.raw_lines),
            raw=raw,
            repairs=_repairs_html(p.repairs),
        )
    else:
        right = hint("这一段没有原始页面的溯源信息（手工加入或修改过的文章）。")
    return Markup(
        "<div class='cite-head'><b>{id}</b> · {where}</div>"
        "<div class='cite-grid'><div>{left}</div><div class='cite-raw'>{right}</div></div>"
    ).format(id=view.cite_id, where=view.where, left=left, right=right)


# -- the trainer area -----------------------------------------------------------------------


def question_detail_html(q: LoggedQuestion, paragraphs: dict[str, Paragraph]) -> Markup:
    """The question, the answer and each citation with the trainer's current verdict."""
    parts = [Markup("<h4>#{} {}</h4>").format(q.id, q.query)]
    if q.understood_as and q.understood_as != q.query:
        parts.append(hint(f"理解为：{q.understood_as}"))
    parts.append(Markup('<pre class="answer-text">{}</pre>').format(q.answer.text))
    for c in q.answer.citations:
        mark = q.marks.get(c.n)
        if mark:
            badge = Markup("<b class='verdict'>{}</b>").format(VERDICTS[mark.verdict])
            if mark.comment:
                badge += f"（{mark.comment}）"
            if mark.trainer:
                badge += Markup(" · <span class='marker'>{}</span>").format(mark.trainer)
        else:
            badge = escape("未判定")
        parts.append(
            Markup("<div class='card'>[{}] {} · {}<div>{}</div></div>").format(
                c.n, c.chunk_id, badge, c.quote
            )
        )
    for pid in q.missing:
        text = paragraphs[pid].text[:80] if pid in paragraphs else ""
        who = q.attached_by.get(pid)
        by = Markup(" · <span class='marker'>{}</span>").format(who) if who else ""
        parts.append(
            Markup("<div class='card'>附上的正确段落：{}{} {}…</div>").format(pid, by, text)
        )
    return _join(parts)


def overview_markdown(o: Overview) -> str:
    """The overview's figures as Markdown (names escaped: Markdown passes HTML through)."""
    s = o.stats
    text = (
        f"- 提问 **{s['questions']}** 次，已审阅 **{s['reviewed_questions']}**"
        f"（{o.share('reviewed_questions', 'questions')}）\n"
        f"- 出处 **{s['citations']}** 条，已核对 **{s['marked']}**"
        f"（核对覆盖率 {o.share('marked', 'citations')}），"
        f"其中判为正确 {_pct(s['verdicts']['correct'], s['marked'])}\n"
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
            f"；效果（留一法，{e.questions} 个已核对问题，第 1 名命中）："
            f"{e.without:.2f} → {e.with_bank:.2f}"
        )
    if o.set_aside:
        text += f"\n- ⚠️ {len(o.set_aside)} 条已核对问答指向已修改的段落（已停用，请重新核对）："
        for e in o.set_aside[:10]:
            text += f"\n  - {escape(e.question)} → {escape(e.paragraph_id)}（{escape(e.by)}）"
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
