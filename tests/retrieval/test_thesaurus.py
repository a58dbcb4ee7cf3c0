"""Thesaurus expansion: the real 词林 file, restricted to the corpus, and its persistence."""

from __future__ import annotations

import pytest

from rag.core.errors import RagError
from rag.retrieval.lexical import LexicalIndex, tokenizer
from rag.retrieval.thesaurus import Thesaurus, synonym_groups, thesaurus_file


@pytest.fixture(scope="module")
def groups() -> list[list[str]]:
    return list(synonym_groups(thesaurus_file()))


def test_the_packaged_thesaurus_has_its_strict_synonym_groups(groups):
    assert len(groups) > 9000  # 词林（扩展版） has 9,995 "=" groups
    assert any({"核心", "主心骨"} <= set(g) for g in groups)
    assert any({"阻拦", "阻挡"} <= set(g) for g in groups)


def test_expansion_keeps_only_corpus_words_and_skips_single_characters(groups):
    corpus_words = {"核心", "人民", "百姓", "阻拦", "墙壁"}
    t = Thesaurus.build(groups, corpus_words)
    assert "核心" in t.expand(["主心骨"])
    assert set(t.expand(["老百姓"])) >= {"人民", "百姓"}
    assert "墙壁" not in t.expand(["堵"])  # one character: too ambiguous to expand
    assert t.expand(["人民", "百姓"]).count("人民") == 0  # the query's own words are not added
    assert all(s in corpus_words for ws in t.synonyms.values() for s in ws)
    assert t.expand(["量子力学"]) == []


def test_round_trip_and_a_corrupted_table(tmp_path, groups):
    t = Thesaurus.build(groups, {"核心", "人民"})
    t.save(tmp_path / "s.json")
    assert Thesaurus.load(tmp_path / "s.json") == t
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(RagError, match="build --force"):
        Thesaurus.load(tmp_path / "bad.json")
    (tmp_path / "tree.json").write_text("[", encoding="utf-8")
    with pytest.raises(RagError, match="重新安装"):
        list(synonym_groups(tmp_path / "tree.json"))


TEXTS = [
    "要充分发挥村党支部的领导核心作用。",
    "老干部要多到群众中去走一走。",
    "对无理要求要耐心说服，不能一味迁就。",
]


def test_bm25_finds_a_passage_through_a_synonym_only_with_expansion(tmp_path):
    index = LexicalIndex.build(TEXTS, tokenizer(True), thesaurus_file())
    assert "核心" in index.expansion("谁是主心骨")
    assert index.search("谁是主心骨", 3) == []  # the word itself is not in the corpus
    hits = index.search("谁是主心骨", 3, expansion_weight=0.75)
    assert hits and hits[0][0] == 0
    # The synonyms weigh less than the words typed: the same query words score higher.
    direct = index.search("领导核心", 1)[0][1]
    assert hits[0][1] < direct
    index.save(tmp_path / "bm25")
    again = LexicalIndex.load(tmp_path / "bm25", tokenizer(True))
    assert again.search("谁是主心骨", 3, 0.75) == hits


def test_the_tree_is_parsed_once_per_file_version(tmp_path):
    import os

    tree = tmp_path / "tree.json"
    tree.write_text('{"A": {"sub": {"a01=": ["老百姓", "百姓"]}}}', encoding="utf-8")
    first = synonym_groups(tree)
    assert first == (("老百姓", "百姓"),) and synonym_groups(tree) is first
    tree.write_text('{"A": {"sub": {"a01=": ["核心", "主心骨"]}}}', encoding="utf-8")
    os.utime(tree, ns=(1, 1))  # a new version even within the clock's resolution
    assert synonym_groups(tree) == (("核心", "主心骨"),)
