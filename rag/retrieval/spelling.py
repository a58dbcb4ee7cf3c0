"""Typing slips: a question word the pinyin input method turned into a homophone (社去 for 社区,
群重 for 群众, 网格园 for 网格员), mended to the essays' word before anything searches with it.

Trainees type with a pinyin input method, whose commonest slip is the right syllable with the
wrong character. BM25 finds nothing for 社去, and the embedding of a question with a wrong
character drifts. A slip is mended only where all of these hold, so a question typed right is
left exactly as it is:

- the mended word is a word of the essays (their BM25 vocabulary), two to four characters;
- the typed span is not a word of the essays, not written anywhere in them (力有不逮), not a
  word newer than jieba's dictionary (微信: ``RECENT_WORDS``), nor the start of a word of
  jieba's dictionary (一见 of 一见钟情);
- exactly one character differs, and one of its readings is the essays' character's as read in
  its word (toneless pinyin: 机关 is ji guan, never wei for 机; the input method's fuzzy pairs
  z/zh, c/ch, s/sh, en/eng, in/ing made one);
- the span starts and ends on word boundaries of jieba's dictionary-only segmentation of the
  question (in 社区工作 no span crosses into a word), and the differing character is a word of
  its own there or inside a rare one (关兵);
- the mended word is far likelier than what was typed, read as the words it segments into:
  by jieba's word frequencies, P(word) × SLIP ≥ P(typed words). A slip is rare, so two common
  words typed side by side stay (是个 is not 十个, 也行 not 施行, 不干 not 不敢);
- the span with the character before or after it does not read as another common word of
  jieba's dictionary (志原者 is 志愿者, which the essays do not write: not 志 + 原则).

One more case, by context: a typed span that is a dictionary word (设区, freq 14) or gains less
(清听 → 倾听, 4.3) is mended when the essays (titles and headings included) write the mended
word right beside the word typed before or after it (社区干部, 耐心倾听, 群众沟通), the typed
span nowhere, and the gain is at least ``CONTEXT_GAIN``.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rag.core.chars import HAN, readings
from rag.core.textnorm import match_key

MIN_CHARS, MAX_CHARS = 2, 4
# How much likelier (natural log) the mended word must be than the typed words: e^-5 ≈ 0.007 is
# a slip's prior. On the question sets' 234 questions, typed right, the likeliest false mends
# gain 4.7 (不干 → 不敢) and 4.5 (先得 → 显得); the slips tried gain 5.1 (做风) to 16.
SLIP_GAIN = 5.0  # (docs/calibration.md, "Typing slips")
# Words trainees type that jieba's dictionary (2012) does not hold, which must not be taken for a
# slip of an essay's word (微信群 is no 威信群); and words of their trades it holds as rare
# (接警, freq 2, is no slip of 接近)
RECENT_WORDS = frozenset(
    "微信 微博 抖音 快手 网格 网格员 二维码 公众号 小程序 直播 网民 网友 点赞 热搜 "
    "朋友圈 群聊 视频号 短视频 APP 互联网+ 12345 "
    "接警 出警 接处警 警情 网格化 信访件 工单 派单 接诉即办 退役军人 金句".split()
)
RARE = 5  # a dictionary word this rare may itself be a slip (关兵 for 官兵)
COMMON_READINGS = 2  # pypinyin lists a character's readings commonest first (提: ti, di, chi, shi)
# ... or a commoner one, or a slip of lesser gain (at least this), when the essays write the
# mended word beside the word typed next to it (设区干部 → 社区干部: 设区 is a dictionary word,
# freq 14; 耐心清听 → 耐心倾听 gains 4.3)
CONTEXT_GAIN = 4.0
# A span that, with the character beside it, reads as a word of jieba's dictionary this common
# (志原者: 志愿者, 730) is a slip of that word, which the essays do not write: not mended into
# one of theirs (原者 → 原则 would ask about 志原则)
OTHER_WORD_FREQ = 100
_HAN = re.compile(f"[{HAN}]+")
# 里 after one character naming a workplace, where it says "in" (跟办里同事, 回所里, 站里的人):
# the place, no slip of 办理 / 处理 / 管理
_IN_PLACE_BEFORE = re.compile(r"(?:[到回跟和去给从向]|我们|咱们?|俺们)$")  # (在处里: a slip)
_IN_PLACE_AFTER = re.compile(r"^(?:的?(?:同事|领导|同志|大家|人|干部)|其他人|大家|都|也)")
# Three or more single characters joined by 、 (冷、横、硬、冲绝对做不好: the last one is only
# known to be one by the others; not 政策、法律、社会学)
_CHAR_LIST = re.compile(f"(?<![{HAN}])[{HAN}](?:、[{HAN}]){{2,}}")


@functools.cache
def _heard(ch: str) -> frozenset[str]:
    """How ``ch`` may sound to whoever typed it: its toneless readings with the input method's
    fuzzy pairs made one (z/zh, c/ch, s/sh; en/eng, in/ing), which many speakers do not tell
    apart and many set their input method not to (群总 for 群众: zong, zhong). Only its
    ``COMMON_READINGS`` commonest readings: an input method offers 提 for ti, never for its
    rare shi (高新民还提了哪些建议 was mended to 还是了: walk 45)."""
    return frozenset(map(_fuzzy, readings(ch, commonest=COMMON_READINGS)))


def _fuzzy(reading: str) -> str:
    """A toneless reading with the input method's fuzzy pairs made one (zhong → zong)."""
    return _FUZZY_FINAL.sub(r"\1n", _FUZZY_INITIAL.sub(r"\1", reading))


def sounds_alike(typed: str, meant: str) -> bool:
    """A pinyin input method may give the character ``typed`` for ``meant``: one of its
    commonest readings, as heard, is how ``meant`` is read (做 for 作; not 务 for 从, nor 提 for
    是, which reads ti only in old texts)."""
    return _said(meant)[0] in _heard(typed)


@functools.cache
def _said(word: str) -> tuple[str, ...]:
    """How each character of an essays' word is read in it (机关: ji guan, not wei for 机),
    as heard (fuzzy pairs made one): the word's reading is what was meant by a slip."""
    import pypinyin

    said = pypinyin.lazy_pinyin(word, errors=lambda s: ["?"] * len(s))
    if len(said) != len(word):
        return tuple("?" for _ in word)
    return tuple(map(_fuzzy, said))


_FUZZY_INITIAL = re.compile(r"^([zcs])h")
_FUZZY_FINAL = re.compile(r"([ei])ng$")


def _is_han(text: str) -> bool:
    return _HAN.fullmatch(text) is not None


# Characters that stand as words of their own after a slip, though jieba joins them to the
# slip's last character (从不 of 群从不理解)
_LOOSE_TAIL = frozenset("不没也都就还又才")


@dataclass(frozen=True)
class Mend:
    """One mended span of a question: where, what was typed, what it now reads."""

    start: int
    typed: str
    word: str


# 那些 typed for 哪些 (the same reading): 还有那些机制 asks which, having no other asking word;
# only after a verb of having or needing and before what is asked for (not 我知道那些了,
# 前面说的那些, 讲讲那些方法: those)
_THAT_FOR_WHICH = re.compile(
    r"(?:还有|都有|有|包括|包含|分为|分成|具备|需要|要|注意|采取|存在|具有)(那(?:些|几))"
    r"(?![了的呢吧])(?=[\u4e00-\u9fff]{1,8}[?？!！.。]*$)"
)
_ASKING = re.compile(r"什么|啥|怎|哪|谁|几|多少|吗|呢|为何|如何|是否|是不是")


class Speller:
    """Mends homophone slips against the essays' vocabulary (see the module's docstring)."""

    def __init__(
        self,
        vocabulary: Iterable[str],
        segmenter,
        stopwords: Iterable[str] = (),
        texts: Iterable[str] = (),
    ) -> None:
        stop = set(stopwords)
        texts = [match_key(t) for t in texts]
        # Lists of single characters the essays write with 、 (冷、横、硬、冲), by how they are
        # typed without it (冷横硬冲): jieba reads that run as nothing the essays hold.
        self._runs = {
            run.replace("、", ""): run for text in texts for run in _CHAR_LIST.findall(text)
        }
        self._vocab = {
            w
            for w in vocabulary
            if MIN_CHARS <= len(w) <= MAX_CHARS and w not in stop and _is_han(w)
        }
        self._seg = segmenter
        self._written = "\n".join(texts)
        # a word with one character masked → the words it can be (社? → 社区, 社会 …)
        self._masked: dict[str, list[str]] = defaultdict(list)
        for w in self._vocab:
            for j in range(len(w)):
                self._masked[w[:j] + "?" + w[j + 1 :]].append(w)

    @functools.cached_property
    def _runs_typed(self) -> re.Pattern[str]:
        return re.compile("|".join(sorted(map(re.escape, self._runs), key=len, reverse=True)))

    def _logp(self, word: str) -> float:
        """log P(word) by jieba's dictionary frequencies (an unseen word counts once)."""
        return math.log(max(self._seg.FREQ.get(word) or 0, 1) / self._seg.total)

    def mends(self, text: str) -> list[Mend]:
        """The slips in ``text`` (positions in ``text``; it is compared in matching form, which
        keeps every character's position)."""
        key = match_key(text)
        if len(key) != len(text):  # matching form changed the length: positions would not hold
            return []
        listed = (
            [
                Mend(m.start(), text[m.start() : m.end()], self._runs[m.group()])
                for m in self._runs_typed.finditer(key)
            ]
            if self._runs
            else []
        )
        if listed:  # 冷横硬冲会有啥后果 → 冷、横、硬、冲会有啥后果 (and nothing else mended)
            return listed
        asked = [
            Mend(m.start(1), m.group(1), "哪" + m.group(1)[1:])
            for m in _THAT_FOR_WHICH.finditer(key)
            if not _ASKING.search(key[: m.start(1)] + key[m.end(1) :])
        ]
        return sorted([*asked, *self._word_mends(text, key)], key=lambda m: m.start)

    def _word_mends(self, text: str, key: str) -> list[Mend]:
        """Words typed for words of the essays (positions in ``text``; ``key`` its matching
        form)."""
        words = list(self._seg.cut(key, HMM=False))
        starts, pos = {0}, 0
        weak: set[int] = set()  # positions of characters alone or in a rare word
        at: dict[int, str] = {}  # start → the word there
        for w in words:
            if len(w) == 1 or (self._seg.FREQ.get(w) or 0) < RARE:
                weak.update(range(pos, pos + len(w)))
            if len(w) == 2 and w[1] in _LOOSE_TAIL:
                # 群从不理解 is 群 / 从不 / 理解 to jieba: 群从 may end before 不 (walk 60)
                starts.add(pos + 1)
                weak.add(pos)
            at[pos] = w
            pos += len(w)
            starts.add(pos)
        ends = {s + len(w): w for s, w in at.items()}
        out: list[Mend] = []
        # where recent words stand: no span touching one is a slip (金句有哪些: not 金 + 具有)
        recent = {
            j
            for w in RECENT_WORDS
            for m in re.finditer(re.escape(w), key)
            for j in range(m.start(), m.end())
        }
        taken = -1  # spans do not overlap: the first (and longest) found at a position wins
        for i in range(len(key)):
            if i < taken or i not in starts:
                continue
            for n in range(MAX_CHARS, MIN_CHARS - 1, -1):
                span = key[i : i + n]
                if len(span) < n or i + n not in starts or not _is_han(span):
                    continue
                if (
                    span in self._vocab
                    or self._seg.FREQ.get(span) == 0
                    or span in self._written
                    or any(j in recent for j in range(i, i + n))
                ):
                    continue  # the essays' words or text, a recent word, a dictionary word's start
                typed = list(self._seg.cut(span, HMM=False))
                typed_logp = sum(map(self._logp, typed))
                word = self._mend(span, i, weak)
                if not word or self._logp(word) - typed_logp < SLIP_GAIN:
                    # a word typed for another, that the essays write beside the next (or the
                    # last) word typed: 设区干部
                    word = self._in_context(span, ends.get(i, ""), at.get(i + n, ""))
                    if not word or self._logp(word) - typed_logp < CONTEXT_GAIN:
                        continue
                if self._slip_of_other(key, i, n, word):
                    break
                if self._runs_on(key, i, n, word):
                    continue
                if (
                    n == 2
                    and span[1] == "里"
                    and (_IN_PLACE_BEFORE.search(key[:i]) or _IN_PLACE_AFTER.match(key[i + n :]))
                ):
                    continue  # 办里同事: in the office (no 办理同事)
                out.append(Mend(i, text[i : i + n], word))
                taken = i + n
                break
        return out

    def _runs_on(self, key: str, i: int, n: int, word: str) -> bool:
        """The span ``key[i:i+n]`` ends inside a word the essays write with the character typed
        after it, which the mended word never precedes there (建台帐: the essays' 建立台帐, 台帐
        two characters to jieba; 建台 is no slip of 建议, never written before 帐; but 设区干部:
        社区干 is written, 设区 is 社区)."""
        after = key[i + n - 1 : i + n + 1]
        return (
            len(after) == 2
            and after[1] not in _LOOSE_TAIL  # (群从不理解: 从不 is written, 不 stands alone)
            and _is_han(after)
            and after in self._written
            and word + after[1] not in self._written
        )

    def warm(self) -> None:
        """Read jieba's dictionary for its characters' readings now (~0.5 s), not while the
        first question with a slip waits."""
        _ = self._sounds

    @functools.cached_property
    def _sounds(self) -> dict[str, list[str]]:
        """A reading as heard → the characters of jieba's dictionary that read so."""
        out: dict[str, list[str]] = defaultdict(list)
        for w in self._seg.FREQ:
            if len(w) == 1 and _is_han(w):
                for r in _heard(w):
                    out[r].append(w)
        return out

    def _slip_of_other(self, key: str, i: int, n: int, word: str) -> bool:
        """Whether ``key[i : i + n]`` with the character before or after it reads as a common
        word of jieba's dictionary that is not what was typed (志原者 → 志愿者): the slip is of
        that word, one character of the span differing; not when that word holds the mended
        ``word`` (关兵们 → 官兵们: the slip is of 官兵 all the same)."""
        for a, b in ((i - 1, i + n), (i, i + n + 1)):
            window = key[max(a, 0) : b]
            if a < 0 or b > len(key) or not _is_han(window) or self._seg.FREQ.get(window):
                continue
            for j in range(i - a, i - a + n):
                for c in {c for r in _heard(window[j]) for c in self._sounds.get(r, ())}:
                    other = window[:j] + c + window[j + 1 :]
                    if (
                        c != window[j]
                        and word not in other
                        and (self._seg.FREQ.get(other) or 0) >= OTHER_WORD_FREQ
                    ):
                        return True
        return False

    def _alike(self, span: str, positions: Iterable[int]) -> set[str]:
        """The words of the essays that differ from ``span`` in one character, at one of
        ``positions``, which reads as it does."""
        found = set()
        for j in positions:
            heard = _heard(span[j])
            for w in self._masked.get(span[:j] + "?" + span[j + 1 :], ()):
                if _said(w)[j] in heard:
                    found.add(w)
        return found

    def _likeliest(self, words: Iterable[str]) -> str | None:
        return max(words, key=lambda w: (self._logp(w), w), default=None)

    def _in_context(self, span: str, before: str, after: str) -> str | None:
        """The word of the essays ``span`` may be a slip for (any of its characters) that they
        write right after ``before`` or right before ``after`` (设区 + 干部: 社区干部; ``span``
        itself, 设区, they never write anywhere: mends() skips it)."""
        return self._likeliest(
            w
            for w in self._alike(span, range(len(span)))
            if any(len(a + b) >= 2 and f"{a}{w}{b}" in self._written
                   for a, b in ((before, ""), ("", after)))
        )  # fmt: skip

    def _mend(self, span: str, at: int, weak: set[int]) -> str | None:
        """The likeliest word of the essays ``span`` may be a slip for, if any."""
        return self._likeliest(self._alike(span, (j for j in range(len(span)) if at + j in weak)))

    def mend(self, text: str, mends: list[Mend] | None = None) -> str:
        """``text`` with its slips (``mends``, found when not given) mended."""
        out = text
        for m in reversed(self.mends(text) if mends is None else mends):
            out = out[: m.start] + m.word + out[m.start + len(m.typed) :]
        return out
