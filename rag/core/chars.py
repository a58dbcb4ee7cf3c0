"""Character classes, defined once: Chinese ideographs, the text around them, private use.

Regex fragments are class bodies (to go inside ``[...]``); the predicates test one character.
"""

from __future__ import annotations

import functools

# CJK unified ideographs with extension A: every Chinese character an essay uses.
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
# Compatibility ideographs (NFKC folds them onto HAN; raw pages may still hold them).
HAN_COMPAT = "\uf900-\ufaff"
# Punctuation and forms that only occur in Chinese text: the CJK symbols block, full-width
# forms, curly quotes, and the □ that marks an unrecoverable character.
CJK_MARKS = "\u3000-\u303f\uff00-\uffef“”‘’□"
# Text that counts as Chinese for punctuation-width decisions.
CHINESE_TEXT = HAN + HAN_COMPAT + CJK_MARKS
# Chinese numerals one to ten, as class bodies: a counted item (三是, 第三, 三、)…
CN_NUMERALS = "一二三四五六七八九十"
# …and an ordinal's number as trainees type it (第3点, 第３点, 第三点, 第两点)
ORDINAL_DIGITS = "0-9０-９" + CN_NUMERALS + "两"
# Unicode's private-use area: invisible glyphs that damaged GBK runs decode to.
PRIVATE_USE = "\ue000-\uf8ff"


def is_han(ch: str) -> bool:
    """One Chinese character (unified ideographs, extension A)."""
    return "\u3400" <= ch <= "\u4dbf" or "\u4e00" <= ch <= "\u9fff"


def is_private(ch: str) -> bool:
    return "\ue000" <= ch <= "\uf8ff"


def spell_private(ch: str) -> str:
    """How an invisible private-use character is shown wherever a person reads it: ⟨U+E848⟩."""
    return f"⟨U+{ord(ch):04X}⟩"


def spell_out(text: str) -> str:
    """``text`` with every private-use character spelled out (plain text, for reports)."""
    return "".join(spell_private(c) if is_private(c) else c for c in text)


@functools.cache
def readings(ch: str, *, toned: bool = False, commonest: int = 0) -> frozenset[str]:
    """Every pinyin reading of one character (重: zhong and chong), toned (zhòng) or toneless,
    or only its ``commonest`` (pypinyin lists them commonest first: 提 ti, di, chi, shi); empty
    for a character pypinyin does not know. Used by ingest (the page's annotations) and by the
    speller (homophone slips)."""
    import pypinyin

    style = pypinyin.Style.TONE if toned else pypinyin.Style.NORMAL
    got = pypinyin.pinyin(ch, style=style, heteronym=True, errors="ignore")
    found = got[0] if got else []
    return frozenset(found[:commonest] if commonest else found)
