"""The plausibility scorer that ranks repair candidates."""

from __future__ import annotations

from rag.ingest.plausibility import Scorer, logprob, mean_logprob


def test_real_chinese_outscores_mojibake():
    assert mean_logprob("基層消防執法人員") > mean_logprob("鶎酉缊执法人员") + 2


def test_traditional_and_simplified_score_alike():
    assert abs(logprob("群眾工作") - logprob("群众工作")) < 1e-9


def test_dictionary_words_beat_character_salad():
    assert logprob("群众路线") > logprob("线众群路")


def test_typography_prefers_closing_an_open_quote_at_paragraph_end():
    s = Scorer()
    assert s("他说：“不能这样。”\n") > s("他说：“不能这样。。\n")
    assert s("他说：“不能这样。”\n") > s("他说：“不能这样。“\n")


def test_domain_text_teaches_bigrams():
    plain, domain = Scorer(), Scorer("民情信箱" * 20)
    assert domain("民情信箱") - plain("民情信箱") > 0
