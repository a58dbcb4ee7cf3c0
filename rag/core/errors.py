"""Project exceptions: each carries a Chinese message that names the bad value and the fix."""

from __future__ import annotations


class RagError(ValueError):
    """Base class; ``str(err)`` is shown to the user as is."""


class InputError(RagError):
    """A file or argument the user gave cannot be used."""


class CorpusError(RagError):
    """The essay folder holds something that cannot be loaded."""


class SettingsError(RagError):
    """A setting (environment variable or flag) is unknown or has a bad value."""


class FeedbackError(RagError):
    """The feedback database cannot be used; the message says what to do."""


def describe_os_error(e: OSError) -> str:
    """An operating-system error as a user reads it: what failed, on which path, and the fix."""
    path = e.filename or ""
    what = {
        13: "没有权限读写",
        2: "找不到",
        28: "磁盘已满，无法写入",
        30: "所在的文件系统是只读的，无法写入",
        21: "是一个目录，不是文件：",
        20: "路径中有一段不是目录：",
    }.get(e.errno or 0, "无法访问")
    fix = {
        13: "请检查该路径的权限（或换一个可写的位置，如设置 RAG_INDEX_DIR / RAG_DATA_DIR）。",
        28: "请腾出磁盘空间后重试。",
        30: "请换一个可写的位置（如设置 RAG_INDEX_DIR / RAG_DATA_DIR）。",
    }.get(e.errno or 0, "请检查路径是否正确、是否可以访问。")
    target = f" {path}" if path else ""
    return f"{what}{target}（{e.strerror or e}）。{fix}"
