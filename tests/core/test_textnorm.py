"""Traditional → simplified storage form, the 着 fix, punctuation width, match keys."""

from __future__ import annotations

import pytest

from rag.core.textnorm import (
    fix_zhe,
    fullwidth_punct,
    match_key,
    question_key,
    t2s,
    to_simplified,
)


def test_t2s_converts_the_page_script():
    assert t2s("如何做好穩定工作中的群眾工作") == "如何做好稳定工作中的群众工作"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("不带著真情实感", "不带着真情实感"),
        ("本著多一事不如少一事", "本着多一事不如少一事"),
        ("一点就著", "一点就着"),
        ("从品性上著手", "从品性上着手"),
        ("著名学者的著作", "著名学者的著作"),
        ("效果显著", "效果显著"),
    ],
)
def test_fix_zhe(before, after):
    assert fix_zhe(before) == after


def test_fullwidth_punct_only_touches_chinese_text():
    assert fullwidth_punct("群众,工作;方法:好?是!") == "群众，工作；方法：好？是！"
    assert fullwidth_punct("(1)树立大局意识") == "（1）树立大局意识"
    assert fullwidth_punct("see e.g. 3.5, ok") == "see e.g. 3.5, ok"
    assert fullwidth_punct("2019-05-12 13:12:40") == "2019-05-12 13:12:40"


def test_to_simplified_combines_all_three():
    assert to_simplified("不帶著真情實感就做不好群眾工作.") == "不带着真情实感就做不好群众工作。"


def test_match_key_folds_script_width_and_case():
    assert match_key("群眾ＡＢＣ工作") == match_key("群众abc工作")


def test_one_question_whatever_its_trailing_punctuation_or_script():
    """The bank, the evaluation's leave-one-out and the export tell questions apart by this."""
    key = question_key("民情信箱有什么用？")
    assert key == question_key("民情信箱有什么用") == question_key("民情信箱有什麼用? ")
    assert key == question_key("民情信箱有什么用。") != question_key("民情信箱有什么用处？")


def test_what_a_follow_up_asked_of_its_topic():
    from rag.core.textnorm import followed_up

    assert followed_up("社区为什么要设置民情信箱——具体怎么做？") == "具体怎么做"
    assert followed_up("社区为什么要设置民情信箱？") == ""
    assert followed_up("《如何做好群众工作——对党的新考验》：群众工作为什么难") == ""
