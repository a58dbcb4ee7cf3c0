"""Recognising an upload by its content (never by its name) and reading it into an Extract.

Every refusal is an InputError with a Chinese message saying what is wrong and what to do;
nothing is written here.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from typing import Any

from rag.core.errors import InputError
from rag.corpus.essays import split_front_matter
from rag.ingest.page import split_page
from rag.ingest.read import decode_text, looks_binary
from rag.library.types import ESSAY_META, Block, Extract

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_HTML = re.compile(r"<(!doctype\s+html|html|body|head|article|div|p)\b", re.IGNORECASE)
_TAGS = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")


def sniff(data: bytes) -> str:
    """The format of an upload (a key of FORMATS), from its bytes.

    Raises:
        InputError: empty, or a binary format this library does not read.
    """
    if not data.strip():
        raise InputError("文件是空的。请选择有正文的文件。")
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except zipfile.BadZipFile as e:
            raise InputError("文件像是压缩包（.docx / .zip），但已损坏，无法打开。") from e
        if "word/document.xml" in names:
            return "docx"
        raise InputError(
            "这是一个压缩包，但不是 Word 文档（.docx）。请上传 .docx、PDF、网页或文本文件。"
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError("这是旧版 Word（.doc）文件。请在 Word 中另存为 .docx 后再上传。")
    if looks_binary(data):
        import filetype

        kind = filetype.guess(data)
        what = f"（{kind.mime}）" if kind else ""
        raise InputError(
            f"文件不是文本，也不是 Word 或 PDF{what}。"
            "请上传 .txt / .md、.docx、带文字层的 PDF 或网页（.html）。"
        )
    head = data[:4096].decode("utf-8", errors="ignore")
    if _HTML.search(head) and len(_TAGS.findall(head)) >= 3:
        return "html"
    return "text"


def read_upload(data: bytes, file_name: str, max_pages: int = 500) -> Extract:
    """Read an upload of any supported format."""
    kind = sniff(data)
    if kind == "pdf":
        from rag.library.read_pdf import read_pdf

        return read_pdf(data, max_pages)
    if kind == "docx":
        from rag.library.read_docx import read_docx

        return read_docx(data)
    text, encoding = decode_text(file_name, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if kind == "html":
        from rag.library.read_html import read_html

        return read_html(text, encoding)
    return read_text(text, encoding)


def read_text(text: str, encoding: str) -> Extract:
    """A text file: a scraped page like the seed (its site chrome recognised), Markdown (with
    ``#`` headings) or plain text (one paragraph per line). A Markdown file opening with front
    matter (``---`` … ``---``, as the library's own essay files do) gives the essay's title,
    author and date from it; its lines are no paragraphs."""
    lines = text.split("\n")
    meta, skip = _front_matter(text)
    page = split_page(list(enumerate(lines, start=1))[skip:], fallback_title="")
    if any(r.kind in ("chrome", "teaser", "spam") for r in page.removed):
        return Extract("page", text, (), encoding=encoding)
    blocks: list[Block] = []
    markdown = bool(meta)
    for n, line in enumerate(lines, start=1):
        if n <= skip:
            continue
        s = line.strip()
        if not s or s == "---":
            continue
        if m := _MD_HEADING.match(s):
            markdown = True
            blocks.append(Block(m.group(2), len(m.group(1)), (n,)))
        else:
            blocks.append(Block(s, 0, (n,)))
    title = str(meta.get("title") or "").strip()
    kept = {k: str(meta[k]) for k in ESSAY_META if meta.get(k) not in (None, "")}
    return Extract(
        "markdown" if markdown else "text",
        text,
        tuple(blocks),
        title=title,
        encoding=encoding,
        meta=kept,
    )


def _front_matter(text: str) -> tuple[dict[str, Any], int]:
    """(the front matter's keys and values, how many lines it takes), or ({}, 0) when the text
    opens with none, or with something between ``---`` lines that is no mapping (then those
    lines are read as text, like any other)."""
    try:
        meta, body = split_front_matter(text)
    except ValueError:
        return {}, 0
    if not meta:
        return {}, 0
    return meta, text[: len(text) - len(body)].rstrip("\n").count("\n") + 1
