"""Essay files: round trip of ingest output, hand-added essays, broken files."""

from __future__ import annotations

import pytest

from rag.core.errors import CorpusError
from rag.corpus.essays import load_corpus, load_essay, render_markdown


def test_ingested_essays_load_with_provenance(ingested):
    result, settings = ingested
    loaded = load_corpus(settings.essays_dir)
    assert [e.id for e in loaded] == ["e1", "e2", "e3", "e4", "e5"]
    for fresh, back in zip(result.essays, loaded, strict=True):
        assert back.title == fresh.title
        assert back.meta == fresh.meta
        assert back.paragraphs == fresh.paragraphs  # text, headings, lines and repairs
        assert render_markdown(back) == render_markdown(fresh)


def test_a_plain_markdown_file_without_front_matter(tmp_path):
    (tmp_path / "新文章.md").write_text(
        "# 如何做好信访工作\n\n第一段，\n接着写。\n\n## 一、要耐心\n\n第二段。\n", encoding="utf-8"
    )
    essay = load_essay(tmp_path / "新文章.md")
    assert essay.id == "新文章" and essay.title == "如何做好信访工作"
    assert [p.text for p in essay.paragraphs] == ["第一段，接着写。", "第二段。"]
    assert essay.paragraphs[1].heading_path == ("一、要耐心",)
    assert essay.paragraphs[0].lines == () and essay.raw_file == ""


def test_a_plain_text_file_takes_its_title_from_the_file_name(tmp_path):
    (tmp_path / "社区工作心得.txt").write_text("第一段。\n第二段。\n\n第三段。\n", encoding="utf-8")
    essay = load_essay(tmp_path / "社区工作心得.txt")
    assert essay.title == "社区工作心得"
    assert [p.number for p in essay.paragraphs] == [1, 2, 3]
    assert essay.paragraphs[2].id == "社区工作心得-p3"


def test_an_edited_paragraph_loses_its_stale_provenance(ingested, tmp_path):
    _, settings = ingested
    for f in settings.essays_dir.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    md = tmp_path / "e2.md"
    text = md.read_text(encoding="utf-8")
    md.write_text(text.replace("消防工作与人民群众", "消防工作同人民群众", 1), encoding="utf-8")
    essay = load_essay(md)
    assert essay.paragraphs[0].lines == ()  # edited: no longer matches its raw lines
    assert essay.paragraphs[1].lines != ()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.md", "---\nid: [unclosed\n---\n正文。\n", "YAML"),
        ("empty.md", "# 只有标题\n", "没有正文"),
        ("gbk.txt", "群众工作".encode("gbk"), "UTF-8"),
    ],
)
def test_broken_essay_files_name_the_file_and_the_fix(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(CorpusError, match=message) as err:
        load_essay(path)
    assert name in str(err.value)


def test_duplicate_ids_and_empty_folder(tmp_path):
    with pytest.raises(CorpusError, match="没有文章"):
        load_corpus(tmp_path)
    (tmp_path / "a.md").write_text("---\nid: x\n---\n正文。\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\nid: x\n---\n正文。\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="id 都是"):
        load_corpus(tmp_path)


@pytest.mark.parametrize("content", ["\x00" * 200, "正文。\x00\x01被损坏了。", "一段\x1b[31m彩色\x1b[0m。"])
def test_an_essay_file_with_control_characters_is_refused(tmp_path, content):
    (tmp_path / "e9.md").write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match="控制字符"):
        load_corpus(tmp_path)
