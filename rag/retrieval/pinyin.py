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
import math
import re
from collections.abc import Iterable, Mapping

MIN_FREQ = 100  # jieba's words this common, at least, are offered (35,904 of them; ~0.5 s)
MAX_WORD_CHARS = 4
ESSAY_WORD_BONUS = 3.0  # nats: the essays' words come before others that read alike
WORD_COST = 3.0  # nats per word: fewer, longer words first (zaijian: 再见, not 在 + 见)
# Words of a chat that news text (jieba's counts) has rarer than their homophones (在建, 那些)
CHAT_WORDS = frozenset(
    "再见 拜拜 谢谢 你好 哪些 哪里 哪个 哪篇 怎么 怎么办 什么 为什么 咋办".split()
)
# (not beside digits: e5, e3-p4 are citations' ids)
_RUN = re.compile(r"(?<![0-9])[A-Za-z]+(?:[ '’-]+[A-Za-z]+)*(?![A-Za-z0-9])")
_LETTERS = re.compile(r"[a-z]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")


class PinyinReader:
    """Reads toneless pinyin as Chinese words (see the module's docstring)."""

    def __init__(self, frequencies: Mapping[str, int], essay_words: Iterable[str] = ()) -> None:
        self._freq = frequencies
        self._essay_words = {w for w in essay_words if _HAN.match(w)} | CHAT_WORDS

    @functools.cached_property
    def _words(self) -> dict[str, tuple[str, float]]:
        """A toneless reading (qunzhong) → the word read so at the least cost, and that cost
        (its negative log probability)."""
        import pypinyin

        words = {w for w, f in self._freq.items() if f >= MIN_FREQ and len(w) <= MAX_WORD_CHARS}
        words |= {w for w in self._essay_words if len(w) <= MAX_WORD_CHARS}
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
            key = "".join(said)
            if key not in best or cost < best[key][1]:
                best[key] = (w, cost)
        return best

    def warm(self) -> None:
        """Build the reading table now (~0.5 s), not while a question waits."""
        _ = self._words

    def _run(self, letters: str) -> str:
        """``letters`` (one run, spaces between words or not) as Chinese, or "" when it does
        not split wholly into readings."""
        out = []
        for token in re.split(r"[ '’-]+", letters.lower()):
            if not token:
                continue
            n = len(token)
            best: list[tuple[float, int, str]] = [(0.0, 0, "")] + [(math.inf, 0, "")] * n
            for i in range(1, n + 1):
                for j in range(max(0, i - 6 * MAX_WORD_CHARS), i):
                    found = self._words.get(token[j:i])
                    if found and best[j][0] + found[1] < best[i][0]:
                        best[i] = (best[j][0] + found[1], j, found[0])
            if math.isinf(best[n][0]):
                return ""
            words, i = [], n
            while i > 0:
                words.append(best[i][2])
                i = best[i][1]
            out.append("".join(reversed(words)))
        return "".join(out)

    def read(self, text: str) -> tuple[str, str]:
        """``text`` with its pinyin read as Chinese, and what was read so ("" when nothing was):
        all of it when it holds no Chinese; in Chinese text, runs of two or more words."""
        has_han = bool(_HAN.search(text))
        read: list[tuple[str, str]] = []

        def chinese(m: re.Match[str]) -> str:
            run = m.group()
            if has_han and len(re.split(r"[ '’-]+", run.strip())) < 2:
                return run
            if not (said := self._run(run)):
                return run
            read.append((run, said))
            return said

        out = _RUN.sub(chinese, text)
        if not read or (not has_han and len(read) != len(_RUN.findall(text))):
            return text, ""  # (some Latin words read, others not: English, left as typed)
        return out, "、".join(f"「{a}」按「{b}」" for a, b in read)
