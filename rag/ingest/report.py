"""The repair report (``corpus/REPAIRS.md``): what ingest removed and changed, line by line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.core.chars import spell_out
from rag.corpus.types import REPAIR_KINDS, Repair
from rag.ingest.mojibake import LOST

if TYPE_CHECKING:
    from rag.ingest.pipeline import IngestResult

# Markdown passes HTML through, so the page's own tags must become entities to show as text.
_MARKDOWN_CELL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "\\|", "\n": " "})

# Kinds listed one row per change; the others (hundreds of routine changes) are only counted.
_LISTED = ("mojibake", "lost_punct", "merge", "zhe")
_REMOVED = ("spam", "html", "chrome", "teaser", "teaser_title", "title", "meta")


def _cell(text: str, limit: int = 60) -> str:
    """A Markdown table cell: the page's tags shown as text, private-use characters spelled out
    (they are invisible), long text cut."""
    text = spell_out(text).translate(_MARKDOWN_CELL)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_report(result: IngestResult) -> str:
    """Markdown report: summary counts per kind, every damaged span, every removed line."""
    counts = result.counts
    out = [
        "# 清理与修复报告",
        "",
        f"由 `python -m rag ingest` 生成，请勿手工编辑。源文件：`{result.raw_name}`"
        f"（{result.raw.encoding.upper()}，{len(result.raw.text.splitlines())} 行，"
        f"SHA-256 `{result.sha256[:16]}…`）。",
        "",
        f"得到 {len(result.essays)} 篇文章，共 "
        f"{sum(len(e.paragraphs) for e in result.essays)} 段：",
        "",
    ]
    out += [f"- `{e.id}` 《{e.title}》：{len(e.paragraphs)} 段（{e.path}）" for e in result.essays]
    out += ["", "## 汇总", "", "| 类别 | 数量 |", "|---|---:|"]
    out += [f"| {_cell(label)} | {counts.get(kind, 0)} |" for kind, label in REPAIR_KINDS.items()]
    lost = [r for r in result.repairs if LOST in r.after]
    out += ["", f"无法恢复、以 {LOST} 标出的字：{sum(r.after.count(LOST) for r in lost)} 个。", ""]
    for kind in _LISTED:
        rows = [r for r in result.repairs if r.kind == kind]
        if not rows:
            continue
        out += [
            f"## {_cell(REPAIR_KINDS[kind])}（{len(rows)} 处）",
            "",
            "| 行 | 修复前 | 修复后 | 依据 |",
            "|---:|---|---|---|",
        ]
        out += [_row(r) for r in rows] + [""]
    if lost:
        out += [f"## 仍有 {LOST} 的位置", "", "| 行 | 修复后 | 说明 |", "|---:|---|---|"]
        out += [f"| {r.line} | {_cell(r.after)} | {_cell(r.note, 80)} |" for r in lost] + [""]
    removed = [r for r in result.repairs if r.kind in _REMOVED]
    out += ["## 删除或改作元数据的行", "", "| 行 | 类别 | 原文 | 说明 |", "|---:|---|---|---|"]
    for r in removed:
        kind = _cell(REPAIR_KINDS[r.kind].split("（")[0])
        out.append(f"| {r.line} | {kind} | {_cell(r.before)} | {_cell(r.note)} |")
    return "\n".join(out) + "\n"


def _row(r: Repair) -> str:
    return f"| {r.line} | {_cell(r.before)} | {_cell(r.after)} | {_cell(r.note, 80)} |"
