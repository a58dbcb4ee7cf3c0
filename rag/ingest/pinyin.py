"""Pinyin as evidence: the page's reading annotations (穩(wěn)定) and which characters a toned
syllable can be read as (pypinyin's dictionary)."""

from __future__ import annotations

import functools
import re

from rag.core.chars import readings
from rag.core.textnorm import t2s

PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
# The page's pinyin annotations: 穩(wěn)定, 關(guān). Only after a Chinese character.
ANNOTATION = re.compile(rf"(?<=[^\x00-\x7f?])\(([{PINYIN_LETTERS}]+)\)")


def reads_as(ch: str, syllable: str) -> bool:
    """Whether ``ch`` has the toned pinyin ``syllable`` among its readings."""
    return syllable in readings(ch, toned=True)


@functools.cache
def chars_read_as(syllable: str) -> tuple[str, ...]:
    """Common CJK characters with ``syllable`` (toned pinyin) among their readings, one per
    simplified form (務 and 务 are one candidate, not two that tie)."""
    from pypinyin.pinyin_dict import pinyin_dict

    chars = {}
    for cp, listed in sorted(pinyin_dict.items()):
        if 0x4E00 <= cp <= 0x9FFF and syllable in listed.split(","):
            chars.setdefault(t2s(chr(cp)), chr(cp))
    return tuple(chars)
