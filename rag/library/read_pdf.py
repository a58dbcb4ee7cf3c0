"""PDF with a text layer: text in reading order page by page, repeated page headers and footers
and page numbers removed, lines wrapped by the layout joined back into paragraphs (without a
space between Chinese characters; a hyphen at a Latin line end undone). No OCR: a PDF of
scanned pages is refused with a message.

A paragraph ends where the space below a line is clearly larger than between the lines of a
paragraph, or where a line stops short of the full width."""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from io import BytesIO

from rag.core.chars import is_han
from rag.core.errors import InputError
from rag.corpus.types import Repair
from rag.library.types import Block, Extract

log = logging.getLogger(__name__)

_FINAL = "。！？…”；：!?;:」』）)"
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|"
    r"\d+|page\s*\d+(?:\s*of\s*\d+)?)\s*$",
    re.IGNORECASE,
)
PAGE_MARK = "〔第 {} 页〕"
MAX_HEADING_LEN = 40
GAP_RATIO = 1.3  # space above a line this much larger than the usual: a new paragraph


@dataclass(frozen=True)
class Line:
    text: str
    y: float | None  # baseline height on the page (None when the layout is unknown)


def _page_lines(page) -> list[Line]:
    """The page's lines top to bottom, with their heights: text runs grouped by baseline."""
    runs: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font, size):  # noqa: ARG001 - pypdf's visitor signature
        if text.strip():
            y = tm[5] * cm[3] + cm[5]
            x = tm[4] * cm[0] + cm[4]
            runs.append((y, x, text.replace("\n", "")))

    plain = page.extract_text(visitor_text=visit) or ""
    if not runs:
        return [Line(t.strip(), None) for t in plain.split("\n") if t.strip()]
    lines: list[list[tuple[float, float, str]]] = []
    for run in sorted(runs, key=lambda r: (-r[0], r[1])):
        if lines and abs(lines[-1][0][0] - run[0]) < 2.0:
            lines[-1].append(run)
        else:
            lines.append([run])
    out = []
    for group in lines:
        text = "".join(t for _, _, t in sorted(group, key=lambda r: r[1])).strip()
        if text:
            out.append(Line(" ".join(text.split()), group[0][0]))
    return out


def read_pdf(data: bytes, max_pages: int) -> Extract:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("这个 PDF 已加密（需要密码才能打开）。请上传未加密的版本。")
        if len(reader.pages) > max_pages:
            raise InputError(
                f"这个 PDF 有 {len(reader.pages)} 页，超过 {max_pages} 页。"
                "请拆分后分别上传，或调高 RAG_MAX_PDF_PAGES。"
            )
        pages = [_page_lines(p) for p in reader.pages]
        title = str((reader.metadata or {}).get("/Title", "") or "").strip()
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as e:
        log.warning("an uploaded PDF could not be read: %s: %s", type(e).__name__, e)
        raise InputError("PDF 文件已损坏，无法读取。请重新导出后再上传。") from e
    except Exception as e:  # pypdf raises many kinds on damaged or encrypted streams
        log.warning("an uploaded PDF could not be read: %s: %s", type(e).__name__, e)
        raise InputError("PDF 无法读取。请重新导出或换一个文件。") from e
    letters = sum(1 for lines in pages for ln in lines for c in ln.text if c.isalnum())
    if letters < 20:
        raise InputError(
            f"这个 PDF（{len(pages)} 页）没有可提取的文字层，像是扫描件或图片。"
            "本系统不做文字识别（OCR）：请上传带文字层的 PDF，或 Word / 文本版本。"
        )
    kept, removed = _strip_running(pages)
    lines: list[str] = []
    blocks: list[Block] = []
    current: dict | None = None
    for number, page in enumerate(kept, start=1):
        lines.append(PAGE_MARK.format(number))
        width = max((_width(ln.text) for ln in page), default=0)
        gap = _usual_gap(page)
        for i, ln in enumerate(page):
            lines.append(ln.text)
            n = len(lines)
            if current is None:
                current = {"parts": [], "lines": [], "pages": []}
            current["parts"].append(ln.text)
            current["lines"].append(n)
            if number not in current["pages"]:
                current["pages"].append(number)
            nxt = page[i + 1] if i + 1 < len(page) else None
            if _ends_paragraph(ln, nxt, width, gap):
                blocks.append(_block(current))
                current = None
    if current is not None:
        blocks.append(_block(current))
    if blocks and len(blocks[0].text) <= MAX_HEADING_LEN and blocks[0].text[-1] not in _FINAL:
        blocks[0] = Block(blocks[0].text, 1, blocks[0].lines, blocks[0].pages)
    text = "\n".join(lines) + "\n"
    return Extract("pdf", text, tuple(blocks), title=title, removed=removed, pages=len(pages))


def _width(text: str) -> int:
    """Display width: a Chinese character (or full-width sign) counts two, Latin one; a line
    with digits in it is then not mistaken for the page's full width."""
    return sum(
        2 if is_han(c) or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" else 1
        for c in text
    )


def _usual_gap(page: list[Line]) -> float | None:
    """The usual distance between two lines of a paragraph on this page: the lower quartile
    of the gaps (one superscript or split baseline does not become the norm)."""
    gaps = sorted(
        a.y - b.y for a, b in zip(page, page[1:], strict=False) if a.y and b.y and a.y > b.y
    )
    return gaps[len(gaps) // 4] if gaps else None


def _ends_paragraph(line: Line, nxt: Line | None, width: int, gap: float | None) -> bool:
    short = _width(line.text) < 0.9 * width
    if nxt is None:  # the page's last line: a full one goes on over the page
        return short
    if gap and line.y is not None and nxt.y is not None and line.y - nxt.y > GAP_RATIO * gap:
        return True
    return short


def _join(parts: list[str]) -> str:
    out = parts[0]
    for nxt in parts[1:]:
        if out.endswith("-") and out[-2:-1].isalpha() and nxt[:1].islower():
            out = out[:-1] + nxt  # a hyphenated Latin word
        elif (out and is_han(out[-1])) or (nxt and is_han(nxt[0])) or out[-1:] in _FINAL:
            out += nxt  # Chinese lines join without a space
        else:
            out += " " + nxt
    return out


def _block(current: dict) -> Block:
    return Block(_join(current["parts"]), 0, tuple(current["lines"]), tuple(current["pages"]))


def _shape(line: str) -> str:
    """A line with its digits masked: a running header with the page number in it repeats."""
    return re.sub(r"\d+", "#", line.strip())


def _strip_running(pages: list[list[Line]]) -> tuple[list[list[Line]], tuple[Repair, ...]]:
    """Drop page numbers, and headers and footers repeated (digits aside) on at least half the
    pages (three or more), from the first and last two lines of each page."""
    edges = Counter(
        _shape(ln.text) for lines in pages for ln in {*lines[:2], *lines[-2:]} if len(pages) >= 3
    )
    running = {s for s, c in edges.items() if c >= max(3, len(pages) // 2)}
    kept, removed = [], []
    for number, lines in enumerate(pages, start=1):
        keep = []
        for i, ln in enumerate(lines):
            at_edge = i < 2 or i >= len(lines) - 2
            number_only = _PAGE_NUMBER.match(ln.text)
            if at_edge and (number_only or _shape(ln.text) in running):
                note = "页码" if number_only else "重复的页眉页脚"
                removed.append(Repair("chrome", number, ln.text, "", f"第 {number} 页的{note}"))
            else:
                keep.append(ln)
        kept.append(keep)
    return kept, tuple(removed)
