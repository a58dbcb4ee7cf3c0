"""Questions typed in pinyin, without tones (qunzhong gongzuo zenme zuo): read as the words a
pinyin input method would offer first.

A trainee on a phone without a Chinese keyboard, or who cannot find the characters, types the
sounds. Each run of letters is split into words whose toneless reading it spells, choosing the
likeliest split as jieba does for characters (word frequencies from jieba's dictionary, the
essays' own words preferred): ``qunzhong gongzuo zenme zuo`` → 群众工作怎么做. A run that does
not split wholly into readings (English: ``how should officials``) is no pinyin, and is left
as typed. Inside Chinese text only runs of two or more spaced pinyin words are read
(``语言不通，zenme goutong``), not a lone Latin word (``case``, ``PPT``), which other rules read.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterable, Mapping

MIN_FREQ = 100  # jieba's words this common, at least, are offered (35,904 of them; ~0.5 s)
MAX_WORD_CHARS = 4
ESSAY_WORD_BONUS = 3.0  # nats: the essays' words (of two characters or more) come first
SPACE_COST = 4.0  # nats per typed space a word spans
CHAT_WORD_COST = 6.0  # nats: what a chat word costs, as a common word does
WORD_COST = 3.0  # nats per word: fewer, longer words first (zaijian: 再见, not 在 + 见)
# Words of a chat that news text (jieba's counts) has rarer than their homophones (在建, 那些,
# 失水 for 是谁, 菊花 in 这句话)
CHAT_WORDS = frozenset(
    """再见 拜拜 谢谢 你好 哪些 哪里 哪个 哪篇 怎么 怎么办 什么 为什么 咋办 是谁 是的 好的 对的
    这句话 那句话 这段话 这句 这段 出自 原文 作者 再来 再说 还有吗 具体 总结 一下 谁说的""".split()
)
# (not beside digits or letters: e5, e3-p4 are citations' ids)
_RUN = re.compile(r"(?<![0-9A-Za-z])[A-Za-z]+(?:[ '’-]+[A-Za-z]+)*(?![A-Za-z0-9])")
# Tone numbers after syllables (qun2zhong4 gong1zuo4), dropped when the text has two or more
_TONE = re.compile(r"(?<=[A-Za-z])[1-5](?=[A-Za-z\s,，.。?？!！]|$)")
# English words that read as pinyin too (men, an, he, can, change, name): a run whose words are
# half or more of them is English (the review of stop 44 had 们, 按, 和参, 嫦娥 and 那么 read)
ENGLISH = frozenset(
    """a an the he she it we my your they them his her its our us i am is are was were be
    been do does did done can could will would shall should may might must to of in on at for
    with by from up out as or and but not no yes so if then than this that these those what
    when where who why how which there here all any some one two men man women change name
    china panda game gene ok hi hello bye thanks thank please sorry good nice sure fine
    great""".split()
)
_LETTERS = re.compile(r"[a-z]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")


class PinyinReader:
    """Reads toneless pinyin as Chinese words (see the module's docstring)."""

    def __init__(self, frequencies: Mapping[str, int], essay_words: Iterable[str] = ()) -> None:
        self._freq = frequencies
        # (not single characters: 时 is an essay's word where 是 is a stopword; shi is 是)
        self._essay_words = {w for w in essay_words if len(w) >= 2 and _HAN.match(w)}

    @functools.cached_property
    def _words(self) -> dict[str, tuple[str, float]]:
        """A toneless reading (qunzhong) → the word read so at the least cost, and that cost
        (its negative log probability)."""
        import pypinyin

        words = {w for w, f in self._freq.items() if f >= MIN_FREQ and len(w) <= MAX_WORD_CHARS}
        words |= {w for w in self._essay_words | CHAT_WORDS if len(w) <= MAX_WORD_CHARS}
        total = sum(f for f in self._freq.values() if f > 0)
        best: dict[str, tuple[str, float]] = {}
        for w in words:
            if not w or not all(_HAN.match(c) for c in w):
                continue
            said = pypinyin.lazy_pinyin(w, errors=lambda s: ["?"])
            if len(said) != len(w) or not all(_LETTERS.fullmatch(s) for s in said):
                continue
            cost = WORD_COST - math.log(max(self._freq.get(w, 0), 1) / total)
            if w in self._essay_words:
                cost -= ESSAY_WORD_BONUS
            if w in CHAT_WORDS:
                cost = min(cost, CHAT_WORD_COST)
            key = "".join(said)
            if key not in best or cost < best[key][1]:
                best[key] = (w, cost)
        return best

    def warm(self) -> None:
        """Build the reading table now (~0.5 s), not while a question waits."""
        _ = self._words

    def _run(self, letters: str) -> list[str]:
        """``letters`` (one run, spaces between words, between syllables or none) as Chinese
        words, or [] when it does not split wholly into readings, or holds an English word."""
        tokens = [t for t in re.split(r"[ '’-]+", letters.lower()) if t]
        if 2 * sum(t in ENGLISH for t in tokens) >= len(tokens):
            return []
        # one string, the typed spaces remembered: a word may span one (xie xie, zai jian:
        # syllables spaced apart) at a cost (you yong ma: 有用吗, not 游泳吗)
        token = "".join(tokens)
        spaces = set(itertools.accumulate(len(t) for t in tokens[:-1]))
        n = len(token)
        best: list[tuple[float, int, str]] = [(0.0, 0, "")] + [(math.inf, 0, "")] * n
        for i in range(1, n + 1):
            for j in range(max(0, i - 6 * MAX_WORD_CHARS), i):
                found = self._words.get(token[j:i])
                if not found:
                    continue
                cost = best[j][0] + found[1] + SPACE_COST * sum(j < k < i for k in spaces)
                if cost < best[i][0]:
                    best[i] = (cost, j, found[0])
        if math.isinf(best[n][0]):
            return []
        words, i = [], n
        while i > 0:
            words.append(best[i][2])
            i = best[i][1]
        return words[::-1]

    def read(self, text: str) -> tuple[str, str]:
        """``text`` with its pinyin read as Chinese, and what was read so ("" when nothing was):
        all of it when it holds no Chinese; in Chinese text, runs of two or more words."""
        has_han = bool(_HAN.search(text))
        if len(_TONE.findall(text)) >= 2:
            text = _TONE.sub("", text)  # qun2zhong4 gong1zuo4
        read: list[tuple[str, str]] = []

        def chinese(m: re.Match[str]) -> str:
            run = m.group()
            if has_han and len(re.split(r"[ '’-]+", run.strip())) < 2:
                return run
            words = self._run(run)
            if not words or (not has_han and max(map(len, words)) < 2):
                return run  # (panda: 盘大, china: 吃拿 — characters, no word of two or more)
            read.append((run, said := "".join(words)))
            return said

        out = _RUN.sub(chinese, text)
        if not read or (not has_han and len(read) != len(_RUN.findall(text))):
            return text, ""  # (some Latin words read, others not: English, left as typed)
        return out, "、".join(f"「{a}」按「{b}」" for a, b in read)
