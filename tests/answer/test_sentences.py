"""Candidate points: leads joined to their content, quote marks that never half-open."""

from __future__ import annotations

import re

import numpy as np
import pytest

from rag.answer.sentences import candidates, is_lead, trim_marks
from rag.retrieval.chunking import Chunk
from rag.retrieval.search import Hit


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("三是设置民情信箱。", True),
        ("要把握好以下几点：", True),
        ("（1）树立大局意识", True),
        ("一是要把群众工作摆在更加突出的位置。", False),
        ("社区应建立信访接待中心，全天候接访。", False),
    ],
)
def test_leads(text, lead):
    assert is_lead(text) is lead


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("“应该讲，我们今天做群众工作。", "应该讲，我们今天做群众工作。"),
        ("但究竟‘难’在哪里？”", "但究竟‘难’在哪里？"),
        ("“为官之要，先存百姓”。", "“为官之要，先存百姓”。"),
        ("他说：“", "他说："),
        ("群众利益无小事。", "群众利益无小事。"),
    ],
)
def test_quote_marks_outside_the_stretch_are_left_out(text, kept):
    start, end = trim_marks(text, 0, len(text))
    assert text[start:end] == kept


def _hit(text: str) -> Hit:
    chunk = Chunk("e9-p1-c1", "e9", "题", (), "e9-p1", 1, 0, len(text), text)
    return Hit(1, chunk, 1.0)


def _spans(text: str, ends: str = "。：") -> list[tuple[int, int, np.ndarray]]:
    """Each sentence of ``text`` (cut after ``ends``) with a vector of its own."""
    out, start = [], 0
    for i, m in enumerate(re.finditer(f"[{ends}]", text)):
        out.append((start, m.end(), np.eye(4, dtype=np.float32)[i % 4]))
        start = m.end()
    return out


def test_a_lead_is_quoted_with_the_sentence_it_leads():
    text = "三是设置民情信箱。信箱每周开启一次，专人登记。群众利益无小事。"
    found = [text[c.start : c.end] for c in candidates(_hit(text), _spans(text), np.ones(4))]
    assert found == ["三是设置民情信箱。信箱每周开启一次，专人登记。", "群众利益无小事。"]


def test_a_passage_ending_in_a_long_announcement_keeps_it_as_a_point():
    """A paragraph that is one long sentence announcing the next paragraphs (…不做群众的尾巴，
    争做党委、政府的眼睛，……具体做到以下几方面：) says much itself: it is a point. A short
    announcement with nothing after it in the passage says nothing."""
    long = (
        "要强化思想观念教育，保持清醒的头脑，不做群众的尾巴，争做党委的眼睛，具体做到以下几方面："
    )
    assert is_lead(long)
    found = [long[c.start : c.end] for c in candidates(_hit(long), _spans(long), np.ones(4))]
    assert found == [long]
    short = "群众利益无小事。要把握好以下几点："
    found = [short[c.start : c.end] for c in candidates(_hit(short), _spans(short), np.ones(4))]
    assert found == ["群众利益无小事。"]


def test_a_sentence_of_clauses_is_also_a_point_whole():
    """合理诉求…；不合理的诉求…；对个别…。: each clause is a point, and so is the whole list."""
    text = (
        "合理诉求要不推不拖，立即解决；不合理的诉求，要讲清道理，耐心劝返；"
        "对个别闹访的，要依法处理。群众利益无小事。"
    )
    spans = _spans(text, "。；")
    found = [text[c.start : c.end] for c in candidates(_hit(text), spans, np.ones(4))]
    whole = text[: text.index("。") + 1]
    assert whole in found and "群众利益无小事。" in found
    assert "合理诉求要不推不拖，立即解决；" in found  # the clauses stay candidates
    assert not any(f.startswith("合理") and f.endswith("无小事。") for f in found)  # one sentence


def test_a_list_question_names_the_kind_of_its_items():
    from rag.answer.sentences import list_head
    from rag.retrieval.lexical import tokenizer

    nouns = tokenizer().nouns
    assert list_head("基层干部要树立哪些意识？", nouns) == "意识"
    assert list_head("有哪几种现代传媒？", nouns) == "传媒"
    assert list_head("群众工作运行机制包括哪些？", nouns) == "机制"
    assert list_head("社区干部应该学习什么？", nouns) == ""
    assert list_head("群众工作包括哪些？", nouns) == ""  # 工作 names no kind of item
    # a number of them named asks for them all (五种意识 quoted 所谓“大局意识”… first)
    assert list_head("五种意识", nouns) == "意识"
    assert list_head("基层干部要树立的五种意识是什么？", nouns) == "意识"
    assert list_head("第三个问题怎么看？", nouns) == ""  # an ordinal counts nothing


def test_a_sentence_enumerates_items_of_a_kind_in_one_go():
    from rag.answer.sentences import enumerates

    assert enumerates("牢固树立大局意识、服从意识、责任意识、团队意识、创先意识，提高", "意识")
    assert enumerates("要善于运用电视、广播、报纸、互联网、手机等现代传媒，宣传政策", "传媒")
    assert not enumerates("树立创先意识，讲效率", "意识")
    assert not enumerates("冷、横、硬、冲绝对做不好群众工作", "工作")  # 工作 is no kind of 冲


def test_a_list_question_counts_sentences_naming_its_kind(retriever):
    """党面临哪些考验？: 首先考验了… is an item (it names 考验); the bonus lifts it by
    RAG_ANSWER_ITEM_BONUS, less than a sentence listing the items in one go."""
    from rag.answer.compose import Answerer
    from rag.answer.dialogue import Resolution

    a = Answerer(retriever)
    q = "党面临哪些考验？"
    hits = retriever.search(q, k=12).hits
    cands = a._candidates(q, hits)
    plain = Answerer(retriever.__class__.open(retriever.settings.replace(answer_item_bonus=0.0)))
    with_bonus = {
        a.layout.text(s.candidate): s.score
        for s in a._score(q, hits, cands, Resolution(q, q), False)
    }
    without = {
        plain.layout.text(s.candidate): s.score
        for s in plain._score(q, hits, plain._candidates(q, hits), Resolution(q, q), False)
    }
    named = [t for t in with_bonus if "考验" in t]
    assert named and all(abs(with_bonus[t] - without[t] - 0.1) < 1e-9 for t in named)
    assert all(abs(with_bonus[t] - without[t]) < 1e-9 for t in with_bonus if "考验" not in t)


def test_a_how_question_names_no_kind_of_item():
    from rag.answer.sentences import list_head
    from rag.retrieval.lexical import tokenizer

    nouns = tokenizer().nouns
    assert list_head("畅通群众反映诉求的渠道，有哪些具体的做法？", nouns) == ""
    assert list_head("有哪些办法？", nouns) == ""
