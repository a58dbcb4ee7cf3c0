"""Word (.docx): headings from paragraph styles, paragraphs in order, images ignored. The zip
is checked before anything is extracted: a small file that unpacks to gigabytes is refused."""

from __future__ import annotations

import logging
import re
import zipfile
from io import BytesIO

from rag.core.errors import InputError
from rag.library.types import Block, Extract

log = logging.getLogger(__name__)

MAX_UNPACKED = 100 << 20  # all entries together, unpacked
MAX_RATIO = 100  # unpacked / packed for any entry larger than 1 MiB
_LEVEL = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


def check_zip(data: bytes) -> None:
    """Refuse a zip bomb from its directory alone (sizes as declared, nothing unpacked)."""
    try:
        infos = zipfile.ZipFile(BytesIO(data)).infolist()
    except zipfile.BadZipFile as e:
        raise InputError("Word 文档已损坏，无法打开。请在 Word 中重新保存后再上传。") from e
    total = sum(i.file_size for i in infos)
    worst = max(
        (i.file_size / max(1, i.compress_size) for i in infos if i.file_size > 1 << 20), default=0
    )
    if total > MAX_UNPACKED or worst > MAX_RATIO:
        raise InputError(
            f"这个 Word 文档解压后有 {total >> 20} MiB（压缩比最高 {worst:.0f} 倍），"
            "不像正常的文档（可能是“压缩炸弹”），已拒绝。请检查文件来源。"
        )


def _level(style_name: str) -> int:
    name = (style_name or "").strip()
    if name.lower() in ("title", "标题"):
        return 1
    m = _LEVEL.match(name)
    return min(6, int(m.group(1)) + 1) if m else 0  # Heading 1 sits under the title


def read_docx(data: bytes) -> Extract:
    check_zip(data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise InputError("Word 文档已损坏，无法读取。请在 Word 中重新保存后再上传。") from e
    except Exception as e:  # lxml raises its own XML errors on a damaged document.xml
        log.warning("an uploaded Word file could not be read: %s: %s", type(e).__name__, e)
        raise InputError("Word 文档无法读取。请在 Word 中重新保存后再上传。") from e
    lines: list[str] = []
    blocks: list[Block] = []
    for para in document.paragraphs:
        text = " ".join(para.text.split())
        if not text:
            continue
        lines.append(text)
        blocks.append(Block(text, _level(para.style.name if para.style else ""), (len(lines),)))
    title = (document.core_properties.title or "").strip()
    return Extract("docx", "\n".join(lines) + "\n", tuple(blocks), title=title)
