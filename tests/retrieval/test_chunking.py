"""Chunk boundaries: sentences, paragraphs, sections; stable ids and offsets."""

from __future__ import annotations

from pathlib import Path

from rag.core.settings import Settings
from rag.corpus.essays import load_corpus
from rag.corpus.types import Essay, Paragraph
from rag.retrieval.chunking import ChunkParams, chunk_essays, split_sentences


def test_sentences_cover_the_text_and_keep_closing_quotes():
    text = (
        "“为官之要，先存百姓。”群众在我们心里的分量有多重？我们要努力；不断前进！最后一句没有句号"
    )
    spans = split_sentences(text)
    assert "".join(text[a:b] for a, b in spans) == text
    assert [text[a:b] for a, b in spans] == [
        "“为官之要，先存百姓。”",
        "群众在我们心里的分量有多重？",
        "我们要努力；",
        "不断前进！",
        "最后一句没有句号",
    ]


def _essay(*texts: str) -> Essay:
    paras = tuple(
        Paragraph(f"x-p{i}", "x", i, t, ("一、标题",), (i,)) for i, t in enumerate(texts, start=1)
    )
    return Essay("x", "题目", paras)


def test_long_paragraphs_split_at_sentences_with_overlap():
    sentence = "这是一个大约二十个字的句子，用来测试切分。"  # 21 characters
    essay = _essay(sentence * 10, "短段落。")
    chunks = chunk_essays([essay], ChunkParams(max_chars=70, overlap=1))
    first = [c for c in chunks if c.paragraph_id == "x-p1"]
    assert all(len(c.text) <= 70 for c in first)
    assert all(c.text == essay.paragraphs[0].text[c.start : c.end] for c in first)
    for a, b in zip(first, first[1:], strict=False):
        assert a.text.endswith(sentence) and b.text.startswith(sentence) and b.start < a.end
    assert first[0].start == 0 and first[-1].end == len(essay.paragraphs[0].text)
    last = [c for c in chunks if c.paragraph_id == "x-p2"]
    assert len(last) == 1 and last[0].text == "短段落。"
    assert {c.heading_path for c in chunks} == {("一、标题",)}
    assert chunks[0].lines == (1,) and chunks[-1].lines == (2,)


def test_a_single_overlong_sentence_stands_alone():
    essay = _essay("字" * 500 + "。")
    chunks = chunk_essays([essay], ChunkParams(max_chars=100, overlap=1))
    assert len(chunks) == 1 and len(chunks[0].text) == 501


def test_chunks_of_the_corpus_never_cross_paragraphs_and_ids_are_stable():
    essays = load_corpus(Settings().essays_dir)
    a = chunk_essays(essays, ChunkParams())
    b = chunk_essays(load_corpus(Path(Settings().essays_dir)), ChunkParams())
    assert [c.id for c in a] == [c.id for c in b]
    assert len({c.id for c in a}) == len(a)
    paragraphs = {p.id: p for e in essays for p in e.paragraphs}
    for c in a:
        p = paragraphs[c.paragraph_id]
        assert p.text[c.start : c.end] == c.text
        assert c.heading_path == p.heading_path and c.essay_id == p.essay_id
    assert {c.paragraph_id for c in a} == set(paragraphs)


def test_chunk_json_round_trip():
    essays = load_corpus(Settings().essays_dir)
    chunk = chunk_essays(essays, ChunkParams())[5]
    assert type(chunk).from_json(chunk.to_json()) == chunk
