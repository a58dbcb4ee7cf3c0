"""One definition of the character classes, used everywhere."""

from __future__ import annotations

import re

from rag.core.chars import (
    CHINESE_TEXT,
    HAN,
    is_han,
    is_private,
    readings,
    spell_out,
    spell_private,
)


def test_han_covers_the_unified_ideographs_and_extension_a():
    assert all(is_han(c) for c in "群众工作㐀䶵龥")
    assert not any(is_han(c) for c in "a1，。“\ue000")
    assert re.fullmatch(f"[{HAN}]+", "群众工作㐀")


def test_chinese_text_includes_its_punctuation_and_the_lost_character_mark():
    assert re.fullmatch(f"[{CHINESE_TEXT}]+", "群众，“工作”□（）")


def test_private_use_characters_are_spelled_out_one_way_everywhere():
    assert is_private("\ue848") and not is_private("群")
    assert spell_private("\ue848") == "⟨U+E848⟩"
    assert spell_out("群\ue0e3众") == "群⟨U+E0E3⟩众"


def test_readings_are_every_reading_toned_or_toneless():
    assert readings("重", toned=True) >= {"zhòng", "chóng"}
    assert readings("重") >= {"zhong", "chong"}
    assert readings("a") == frozenset()
