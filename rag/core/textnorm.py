"""Text normalisation: traditional → simplified for storage, punctuation width, and match keys."""

from __future__ import annotations

import functools
import re
import unicodedata

from rag.core.chars import CHINESE_TEXT

# Words in which 著 is the verb/adjective zhù and stays 著 in simplified Chinese. Everywhere else
# the page's 著 is the particle 着 (or zháo/zhuó) that the machine converter wrongly turned into 著:
# 带著真情实感, 本著, 一点就著, 著手.
_ZHU_WORDS = (
    "著名",
    "著作",
    "著称",
    "著述",
    "著书",
    "著者",
    "著录",
    "著有",
    "著论",
    "显著",
    "卓著",
    "昭著",
    "土著",
    "原著",
    "名著",
    "巨著",
    "编著",
    "论著",
    "专著",
    "译著",
    "遗著",
    "新著",
    "拙著",
    "合著",
    "杰著",
    "大著",
    "撰著",
    "著文",
    "彰著",
    "著明",
    "著于",
)
_ZHU_RE = re.compile("|".join(map(re.escape, _ZHU_WORDS)))

# Half-width punctuation that becomes full width when it touches Chinese text.
_HALF_TO_FULL = {
    ",": "，",
    ".": "。",
    ";": "；",
    ":": "：",
    "?": "？",
    "!": "！",
    "(": "（",
    ")": "）",
}
_CJK = CHINESE_TEXT
_PUNCT_RE = re.compile(rf"(?<=[{_CJK}])[,;:?!]|[,;:?!](?=[{_CJK}])|(?<=[{_CJK}])\.(?=[{_CJK}]|$)")
_OPEN_PAREN_RE = re.compile(rf"\((?=[{_CJK}0-9一二三四五六七八九十])")
_CLOSE_PAREN_RE = re.compile(rf"(?<=[{_CJK}0-9])\)")


@functools.cache
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def t2s(text: str) -> str:
    """Plain OpenCC traditional → simplified conversion, no corrections."""
    return _opencc("t2s").convert(text)


def fix_zhe(text: str) -> str:
    """Turn the particle 著 back into 着, keeping 著 inside 著名, 显著, 著作 and similar words."""
    kept = [m.span() for m in _ZHU_RE.finditer(text)]
    out = []
    for i, ch in enumerate(text):
        if ch == "著" and not any(a <= i < b for a, b in kept):
            ch = "着"
        out.append(ch)
    return "".join(out)


def fullwidth_punct(text: str) -> str:
    """Half-width ，。；：？！（） in Chinese text become full width; Latin text stays as is."""
    text = _PUNCT_RE.sub(lambda m: _HALF_TO_FULL[m.group()], text)
    text = _OPEN_PAREN_RE.sub("（", text)
    return _CLOSE_PAREN_RE.sub("）", text)


def to_simplified(text: str) -> str:
    """Storage form of corpus text: simplified, 着 repaired, full-width punctuation."""
    return fullwidth_punct(fix_zhe(t2s(text)))


def clean_input(text: str) -> str:
    """What a typed question keeps: no lone surrogates (they cannot be encoded), no control
    characters (NUL, ESC …) and no invisible format characters (RTL overrides, zero-width
    joiners); tabs and newlines stay."""
    return "".join(
        ch for ch in text if ch in "\t\n\r" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
    )


@functools.lru_cache(maxsize=8192)
def match_key(text: str) -> str:
    """A key for matching only (never for display): simplified, NFKC width-folded, lower case.

    Cached: an answer keys the same passages and sentences again and again (~75 a question)."""
    return t2s(unicodedata.normalize("NFKC", text)).lower()


# Between a follow-up's topic question and what it asks of it (社区干部应该学习什么——为什么？)
FOLLOW_UP_SEP = "——"


@functools.lru_cache(maxsize=65536)
def followed_up(question: str) -> str:
    """What a follow-up, understood with its topic (``topic——asked``), asked, as a matching
    key; "" for a question asked on its own."""
    # (a title's own dash, 《如何做好群众工作——对党的新考验》, joins nothing)
    _, sep, asked = re.sub(r"《[^》]*》", "", question).rpartition(FOLLOW_UP_SEP)
    return question_key(asked) if sep else ""


@functools.lru_cache(maxsize=65536)  # a bank of 10,000 questions keys them all when made
def question_key(text: str) -> str:
    """Which question ``text`` asks, for telling "the same question" apart: its matching key
    without trailing punctuation and spaces (民情信箱有什么用？ and 民情信箱有什么用 are one)."""
    return match_key(text).strip().rstrip("?。.!")
