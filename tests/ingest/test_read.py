"""Reading raw pages: encodings and bad input."""

from __future__ import annotations

import pytest

from rag.core.errors import InputError
from rag.ingest.read import read_raw

TEXT = "第一篇:如何做好群眾工作\n\n做好群眾工作歷來是我們黨的優良傳統和政治優勢。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "big5"])
def test_encodings_are_detected(tmp_path, encoding):
    path = tmp_path / "page.txt"
    path.write_bytes(TEXT.encode(encoding))
    raw = read_raw(path, 10**6)
    assert raw.text == TEXT
    assert raw.encoding == encoding


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件为空"),
        (b"  \n\n ", "文件为空"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "不是文本文件"),
    ],
)
def test_bad_files_are_refused_with_a_message(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as err:
        read_raw(path, 10**6)
    assert str(path) in str(err.value)


def test_missing_path_and_directory_and_size(tmp_path):
    with pytest.raises(InputError, match="找不到文件"):
        read_raw(tmp_path / "nope.txt", 10**6)
    with pytest.raises(InputError, match="是一个目录"):
        read_raw(tmp_path, 10**6)
    big = tmp_path / "big.txt"
    big.write_text("群众" * 100, encoding="utf-8")
    with pytest.raises(InputError, match="文件太大"):
        read_raw(big, 100)
