"""Exports: a conversation as Markdown or JSON, and trainer-verified pairs as an eval set."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from rag.answer.dialogue import standalone
from rag.core.textnorm import question_key
from rag.trainer.types import LoggedQuestion


def conversation_json(questions: Iterable[LoggedQuestion]) -> str:
    """The turns of a conversation in order, each with its answer and citations."""
    turns = [
        {
            "id": q.id,
            "asked_at": q.asked_at,
            **q.answer.to_json(),
            "rating": q.rating,
            "marks": {str(n): m._asdict() for n, m in q.marks.items()},
            "missing": list(q.missing),
        }
        for q in sorted(questions, key=lambda q: q.id)
    ]
    return json.dumps({"turns": turns}, ensure_ascii=False, indent=1) + "\n"


def conversation_markdown(questions: Iterable[LoggedQuestion]) -> str:
    """A readable record: each question, the answer text, then its sources."""
    out = ["# 对话记录", ""]
    for q in sorted(questions, key=lambda q: q.id):
        rated = {1: " · 学员点赞 👍", -1: " · 学员点踩 👎"}.get(q.rating or 0, "")
        out += [f"## 问：{q.query}", "", f"*{q.asked_at}*{rated}", ""]
        if q.understood_as and q.understood_as != q.query:
            out += [f"理解为：{q.understood_as}", ""]
        out += [q.answer.text, ""]
        if q.answer.citations:
            out += ["出处：", ""]
            for c in q.answer.citations:
                mark = q.marks.get(c.n)
                verdict = f"（{mark.by}：{mark.summary}）" if mark else ""
                out.append(f"- {c.label}（{c.chunk_id}）{verdict}")
                out.append(f"  > {c.quote}")
            out.append("")
        if q.attachments:
            out += ["培训师附上的正确段落：", ""]
            out += [
                f"- {a.paragraph_id}（{a.trainer or '培训师'}，{a.marked_at}）"
                for a in q.attachments
            ]
            out.append("")
    return "\n".join(out)


def verified_pairs(
    questions: Iterable[LoggedQuestion],
    current: Mapping[str, str] | None = None,
    texts: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Question → passage pairs that trainers confirmed, in the dev set's format.

    Gold paragraphs are those of citations marked 正确 plus the paragraphs a trainer attached as
    missing; gold text is the quotes marked 正确 and, with ``texts`` (paragraph id → its text
    now), the whole text of each attached paragraph (a gold paragraph without gold text counts
    whole either way). Questions without either are left out. A follow-up such as 还有吗？
    stands for its topic question, so its gold joins that question's row: one question, one
    row; a follow-up's question keeps the question mark its trainee typed. With ``current``
    (paragraph id → hash of its text now), gold on a paragraph retired or edited since it was
    verified is left out, as the verified question bank sets it aside.
    """
    rows: dict[str, dict[str, Any]] = {}
    for q in sorted(questions, key=lambda q: q.id):
        cites = {c.n: c for c in q.answer.citations}
        correct = [
            cites[n] for n, m in sorted(q.marks.items()) if m.verdict == "correct" and n in cites
        ]
        attached = list(q.missing)
        if current is not None:
            review = q.review(current)
            correct = [c for c in correct if c.n not in review.stale]
            attached = [p for p in attached if p not in review.stale_attached]
        gold = [c.paragraph_id for c in correct] + attached
        if not gold:
            continue
        question = _question(q)
        key = question_key(question)  # 民情信箱有什么用？ and its follow-ups' topic alike
        first = {"id": f"fb{q.id}", "question": question, "kind": "feedback"}
        row = rows.setdefault(key, {**first, "gold": [], "gold_text": []})
        row["gold"] = list(dict.fromkeys(row["gold"] + gold))
        whole = [texts[p] for p in attached if texts is not None and texts.get(p)]
        row["gold_text"] = list(
            dict.fromkeys(row["gold_text"] + [c.quote for c in correct] + whole)
        )
    return list(rows.values())


_ENDS = ("？", "?", "。", "！", "!")


def _question(q: LoggedQuestion) -> str:
    """The question a logged turn stands for: a follow-up's topic question (理解为) ends with
    the question mark the trainee typed (那消防呢？ → 消防干部平时该学些什么？)."""
    question = standalone(q.understood_as) or q.query
    asked = q.query.rstrip()
    if question != q.query and asked.endswith(("？", "?")) and not question.endswith(_ENDS):
        question += "？"
    return question


def verified_jsonl(
    questions: Iterable[LoggedQuestion],
    current: Mapping[str, str] | None = None,
    texts: Mapping[str, str] | None = None,
) -> str:
    rows = verified_pairs(questions, current, texts)
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
