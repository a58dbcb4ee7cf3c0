"""Reading a raw page: size and binary checks, and the choice of text encoding."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rag.core.errors import InputError

# Tried in this order after UTF-8. GB18030 accepts most Big5 byte strings too, so when both
# decode, the one that reads as Chinese wins.
FALLBACK_ENCODINGS = ("gb18030", "big5")


@dataclass(frozen=True)
class RawText:
    path: Path
    text: str
    encoding: str
    data: bytes

    @property
    def lines(self) -> list[tuple[int, str]]:
        return list(enumerate(self.text.split("\n"), start=1))


def read_raw(path: Path, max_bytes: int) -> RawText:
    """Read and decode a scraped page, or raise InputError saying what is wrong and what to do."""
    if not path.exists():
        raise InputError(f"找不到文件：{path}。请检查路径，或把抓取的页面放进 corpus/raw/ 目录。")
    if path.is_dir():
        raise InputError(f"{path} 是一个目录，不是文件。请指定要导入的页面文件。")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"文件太大：{path}（{size} 字节，上限 {max_bytes} 字节）。"
            "请确认这是抓取的网页文本，或用 RAG_MAX_RAW_BYTES 调高上限。"
        )
    data = path.read_bytes()
    if not data.strip():
        raise InputError(f"文件为空：{path}。请放入抓取的页面文本后重试。")
    if looks_binary(data):
        raise InputError(
            f"{path} 不是文本文件（看起来是二进制数据）。请提供网页的文本（.txt / .html）。"
        )
    text, encoding = decode_text(path, data)
    return RawText(path, text.replace("\r\n", "\n").replace("\r", "\n"), encoding, data)


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or more than 5% control characters, in the first 8 KiB."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0D, 0x0C))
    return control > len(head) * 0.05


def decode_text(path: Path | str, data: bytes) -> tuple[str, str]:
    """The text of ``data`` and its encoding: UTF-8, else GB18030 or Big5, whichever reads as
    Chinese. ``path`` only names the file in the message."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    decoded = {}
    for enc in FALLBACK_ENCODINGS:
        try:
            decoded[enc] = data.decode(enc)
        except UnicodeDecodeError:
            continue
    if not decoded:
        raise InputError(
            f"无法识别 {path} 的编码：UTF-8、GB18030、Big5 都解码失败。请先把文件转成 UTF-8。"
        )
    from rag.ingest.plausibility import mean_logprob

    best = max(decoded, key=lambda enc: mean_logprob(decoded[enc][:2000]))
    return decoded[best], best
