"""Candidate points: leads joined to their content, quote marks that never half-open."""

from __future__ import annotations

import pytest

from rag.answer.sentences import is_lead, trim_marks


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
