"""An HTML page: its main text found by trafilatura (navigation, menus, ads and footers
dropped), headings kept; a page with nothing but navigation is refused."""

from __future__ import annotations

import logging
import re

from rag.core.errors import InputError
from rag.library.types import Block, Extract

MIN_TEXT = 40  # characters of main text below which a page is navigation only
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_MD_MARKUP = re.compile(r"(\*\*|__|\*|`)")


def read_html(html: str, encoding: str) -> Extract:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    text = trafilatura.extract(
        html,
        output_format="markdown",
        include_formatting=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
    )
    body = (text or "").strip()
    if len(re.sub(r"\W", "", body)) < MIN_TEXT:
        raise InputError(
            "这个网页里找不到正文（只有导航、菜单或很短的文字）。请上传文章本身所在的页面，"
            "或把正文另存为文本文件。"
        )
    meta = trafilatura.extract_metadata(html)
    title = (getattr(meta, "title", "") or "").strip()
    lines = body.split("\n")
    blocks = []
    for n, line in enumerate(lines, start=1):
        s = _MD_MARKUP.sub("", line).strip().lstrip("-").strip()
        if not s:
            continue
        if m := _MD_HEADING.match(s):
            blocks.append(Block(m.group(2), len(m.group(1)), (n,)))
        else:
            blocks.append(Block(s, 0, (n,)))
    return Extract("html", body + "\n", tuple(blocks), title=title, encoding=encoding)
