"""Tokenizer (domain dictionary, stopwords, normalisation) and BM25 with save/load."""

from __future__ import annotations

import numpy as np

from rag.retrieval.lexical import LexicalIndex, tokenizer


def test_domain_terms_are_single_tokens_and_stopwords_go():
    tok = tokenizer(False)
    assert "民情信箱" in tok.words("社区要设置民情信箱")
    assert "大党委制" in tok.words("什么是大党委制？")
    assert tok.words("的了吗？！") == []
    assert "如何" not in tok.words("如何做好群众工作")


def test_traditional_full_width_and_case_fold_to_the_same_tokens():
    tok = tokenizer(True)
    assert tok("如何做好穩定工作中的群眾工作") == tok("如何做好稳定工作中的群众工作")
    assert tok("ＡＢＣ群众") == tok("abc群众")
    assert "#信箱" in tok("民情信箱")


TEXTS = [
    "社区应建立信访接待中心，全天候接访。",
    "在居民生活区悬挂民情意见建议箱，指定人员开箱。",
    "消防执法人员要严格执法，依法办事。",
]


def test_bm25_ranks_and_round_trips_without_pickle(tmp_path):
    index = LexicalIndex.build(TEXTS, tokenizer(True))
    top = index.search("信访接待", 3)
    assert top[0][0] == 0
    assert index.search("消防执法", 1)[0][0] == 2
    assert index.search("量子力学", 3) == []
    index.save(tmp_path / "bm25")
    for npy in (tmp_path / "bm25").glob("*.npy"):
        np.load(npy, allow_pickle=False)  # raises if anything needed pickle
    again = LexicalIndex.load(tmp_path / "bm25", tokenizer(True))
    for q in ("信访接待", "民情意见", "执法"):
        assert again.search(q, 3) == index.search(q, 3)


def test_term_proposals_come_from_the_corpus_and_skip_known_terms(tmp_path):
    from rag.core.settings import Settings
    from rag.corpus.essays import load_corpus
    from rag.tools.terms import propose_terms, read_userdict_terms

    essays = load_corpus(Settings().essays_dir)
    texts = [p.text for e in essays for p in e.paragraphs]
    headings = [h for e in essays for _, h in e.headings]
    known = read_userdict_terms()
    found = dict(propose_terms(texts, headings, known))
    assert found["人民群众"] >= 10  # frequent, split by jieba into 人民 + 群众
    assert not set(found) & known
    assert all(not t.startswith("的") and not t.endswith("的") for t in found)
    # With plain jieba (no domain dictionary) the domain terms themselves come up.
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    without = dict(propose_terms(texts, headings, set(), min_count=2, userdict=empty))
    assert without["群众工作"] > 50 and "群众工作" in known


def test_document_frequencies_come_from_the_bm25_data(tmp_path):
    tok = tokenizer(True)
    index = LexicalIndex.build(TEXTS, tok)
    counted: dict[str, int] = {}
    for t in TEXTS:
        for w in set(tok.words(t)):
            counted[w] = counted.get(w, 0) + 1
    assert index.document_frequencies() == counted
    index.save(tmp_path / "bm25")
    assert LexicalIndex.load(tmp_path / "bm25", tok).document_frequencies() == counted


def test_one_jieba_dictionary_serves_every_tokenizer():
    """Loading jieba takes about a second and 70 MB: follow-up resolution and both bigram
    settings share one."""
    from rag.retrieval.lexical import segmenter, tokenizer

    assert tokenizer(False)._jieba is tokenizer(True)._jieba is segmenter()
