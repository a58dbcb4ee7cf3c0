"""One jieba per dictionary per process."""

from __future__ import annotations

from rag.core.segmenter import jieba_tokenizer, read_word_list


def test_the_same_dictionary_gives_the_same_jieba(tmp_path):
    words = tmp_path / "dict.txt"
    words.write_text("# a comment\n\n大党委制 10 n\n全程跟踪制\n", encoding="utf-8")
    assert read_word_list(words) == ["大党委制 10 n", "全程跟踪制"]
    assert jieba_tokenizer(words) is jieba_tokenizer(words)
    assert jieba_tokenizer() is jieba_tokenizer() is not jieba_tokenizer(words)
    assert "全程跟踪制" in jieba_tokenizer(words).lcut("实行全程跟踪制")
    assert "全程跟踪制" not in jieba_tokenizer().lcut("实行全程跟踪制")
