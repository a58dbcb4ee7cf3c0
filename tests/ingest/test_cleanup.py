"""Line clean-up on fixtures from the page: tags, annotations, lost quotes, lost characters."""

from __future__ import annotations

import pytest

from rag.ingest.cleanup import clean_line
from rag.ingest.mojibake import LOST
from rag.ingest.plausibility import Scorer


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


def test_pinyin_annotations_are_removed(scorer):
    text, repairs = clean_line(11, "如何做好穩(wěn)定工作中的群眾工作,相關(guān)", scorer)
    assert text == "如何做好穩定工作中的群眾工作,相關"
    assert [r.kind for r in repairs] == ["pinyin", "pinyin"]
    assert repairs[0].before == "穩(wěn)"


def test_parenthesised_latin_is_not_mistaken_for_pinyin(scorer):
    for kept in ("下载word格式(doc)文档", "方案(a)与方案(b)", "群眾(zhong)"):
        assert clean_line(1, kept, scorer)[0] == kept


def test_p_fragments_are_removed_even_when_their_lt_was_eaten(scorer):
    text, repairs = clean_line(130, "制定科學嚴謹?shù)墓ぷ鞣椒ā?/p>", scorer)
    assert text == "制定科學嚴謹的工作方法。"
    assert {r.kind for r in repairs} == {"html", "mojibake"}
    text, _ = clean_line(1, "段落</p>", scorer)
    assert text == "段落"


def test_paired_question_marks_become_quotes_nested_inside_a_quotation(scorer):
    text, repairs = clean_line(158, "“但究竟?難?在哪里?”中央黨校", scorer)
    assert text == "“但究竟‘難’在哪里?”中央黨校"
    assert repairs[0].kind == "lost_punct"
    text, _ = clean_line(1, "到底?難?在哪里", scorer)
    assert text == "到底“難”在哪里"


def test_a_lost_character_with_a_surviving_annotation(scorer):
    text, repairs = clean_line(1, "全心全意為人民服?(wù),真誠", scorer)
    assert text == "全心全意為人民服务,真誠"  # 务 and 務 are one candidate
    assert repairs[0].kind == "mojibake" and "wù" in repairs[0].note


def test_a_lost_character_the_evidence_cannot_single_out_is_boxed(scorer):
    # 他说 and 她说 are both common: the reading tā does not decide between them.
    text, repairs = clean_line(1, "?(tā)说得对", scorer)
    assert text == f"{LOST}说得对"
    assert repairs[0].after == LOST


def test_trailing_open_bracket_after_the_last_sentence_is_dropped(scorer):
    text, repairs = clean_line(230, "必須有體制創新作保證。(", scorer)
    assert text == "必須有體制創新作保證。"
    assert repairs[0].kind == "chrome"
