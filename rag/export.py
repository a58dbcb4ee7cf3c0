"""Exports: a conversation as Markdown or JSON, and trainer-verified pairs as an eval set."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from rag.dialogue import standalone
from rag.feedback import LoggedQuestion
from rag.records import where_label


def conversation_json(questions: Iterable[LoggedQuestion]) -> str:
    """The turns of a conversation in order, each with its answer and citations."""
    turns = [
        {
            "id": q.id,
            "asked_at": q.asked_at,
            **q.answer,
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
        out += [f"## 问：{q.query}", "", f"*{q.asked_at}*", ""]
        if q.understood_as and q.understood_as != q.query:
            out += [f"理解为：{q.understood_as}", ""]
        out += [q.answer["answer"], ""]
        cites = q.answer.get("citations", [])
        if cites:
            out += ["出处：", ""]
            for c in cites:
                where = where_label(c["title"], [c["heading"]], c.get("paragraph_number", "?"))
                mark = q.marks.get(int(c["n"]))
                verdict = f"（{mark.by}：{mark.summary}）" if mark else ""
                out.append(f"- [{c['n']}] {where}（{c['chunk_id']}）{verdict}")
                out.append(f"  > {c['quote']}")
            out.append("")
    return "\n".join(out)


def verified_pairs(questions: Iterable[LoggedQuestion]) -> list[dict[str, Any]]:
    """Question → passage pairs that trainers confirmed, in the dev set's format.

    Gold paragraphs are those of citations marked 正确 plus the paragraphs a trainer attached as
    missing; gold text is the quotes marked 正确. Questions without either are left out.
    """
    rows = []
    for q in sorted(questions, key=lambda q: q.id):
        cites = {int(c["n"]): c for c in q.answer.get("citations", [])}
        correct = [
            cites[n] for n, m in sorted(q.marks.items()) if m.verdict == "correct" and n in cites
        ]
        gold = list(dict.fromkeys([c["paragraph_id"] for c in correct] + list(q.missing)))
        if not gold:
            continue
        rows.append(
            {
                "id": f"fb{q.id}",
                "question": standalone(q.understood_as) or q.query,
                "kind": "feedback",
                "gold": gold,
                # Quotes only narrow the gold when every gold paragraph has one.
                "gold_text": [c["quote"] for c in correct] if not q.missing else [],
            }
        )
    return rows


def verified_jsonl(questions: Iterable[LoggedQuestion]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in verified_pairs(questions))
