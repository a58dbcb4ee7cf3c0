"""Line clean-up: HTML fragments, byte-shifted runs, pinyin annotations and lost punctuation."""

from __future__ import annotations

import re

from rag.core.chars import HAN
from rag.corpus.types import Repair
from rag.ingest.mojibake import BYTE_MARGIN, LOST, repair_runs
from rag.ingest.pinyin import ANNOTATION, PINYIN_LETTERS, chars_read_as, reads_as
from rag.ingest.plausibility import Scorer

_CJK = HAN
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
# '</p>' whose '<' was swallowed together with a damaged byte ('?/p>').
_EATEN_TAG = re.compile(r"(?<=\?)/[a-zA-Z]+>")
# A character lost to '?' whose annotation survived: 服?(wù).
_LOST_ANNOTATED = re.compile(rf"\?\(([{PINYIN_LETTERS}]+)\)")
# Two '?' enclosing a short phrase inside a sentence: quotation marks the page could not encode
# (究竟?難?在哪里 → 究竟“難”在哪里). A question mark never comes in such pairs.
_QUOTE_PAIR = re.compile(rf"(?<=[{_CJK}])\?([{_CJK}]{{1,8}})\?(?=[{_CJK}])")
_TRAILING_OPEN = re.compile(r"(?<=[。！？”])\s*[(（]\s*$")


def clean_line(lineno: int, text: str, scorer: Scorer) -> tuple[str, list[Repair]]:
    """Undo the inline damage of one raw line; every change is returned as a Repair."""
    repairs: list[Repair] = []

    def drop(pattern: re.Pattern[str], kind: str, s: str, note: str = "") -> str:
        for m in pattern.finditer(s):
            repairs.append(Repair(kind, lineno, m.group(), "", note))
        return pattern.sub("", s)

    text = drop(_TAG, "html", text)
    text = drop(_EATEN_TAG, "html", text, "“<”随错位字节丢失")
    text, runs = repair_runs(text, scorer)
    repairs += [Repair("mojibake", lineno, r.before, r.after, "；".join(r.evidence)) for r in runs]
    text = _restore_annotated(lineno, text, scorer, repairs)
    text = _strip_annotations(lineno, text, repairs)
    text = _restore_quotes(lineno, text, repairs)
    text = drop(_TRAILING_OPEN, "chrome", text, "行尾残留的左括号")
    return text.strip(), repairs


def _strip_annotations(lineno: int, text: str, repairs: list[Repair]) -> str:
    """Remove ``穩(wěn)``-style annotations: only where the syllable is a reading of the character
    before it, so ``格式(doc)`` or ``方案(a)`` stay."""

    def fix(m: re.Match[str]) -> str:
        if not reads_as(text[m.start() - 1], m.group(1)):
            return m.group()
        ch = text[m.start() - 1]
        note = f"拼音 {m.group(1)} 是“{ch}”的读音：注音，删去"
        repairs.append(Repair("pinyin", lineno, ch + m.group(), ch, note))
        return ""

    return ANNOTATION.sub(fix, text)


def _restore_quotes(lineno: int, text: str, repairs: list[Repair]) -> str:
    """``究竟?難?在哪里`` → ``究竟“難”在哪里``; inside a quotation the inner marks are ‘’."""

    def fix(m: re.Match[str]) -> str:
        before = text[: m.start()]
        nested = before.count("“") > before.count("”")
        after = f"‘{m.group(1)}’" if nested else f"“{m.group(1)}”"
        note = "成对的 ? 夹着短语：引号" + ("（在引语内，用单引号）" if nested else "")
        repairs.append(Repair("lost_punct", lineno, m.group(), after, note))
        return after

    return _QUOTE_PAIR.sub(fix, text)


def _restore_annotated(lineno: int, text: str, scorer: Scorer, repairs: list[Repair]) -> str:
    """``服?(wù)``: the character is gone but its reading survived; choose among the characters
    with that reading the one that fits the context, or write □ if none clearly does."""

    def fix(m: re.Match[str]) -> str:
        left, right = text[max(0, m.start() - 6) : m.start()], text[m.end() : m.end() + 6]
        scored = sorted(
            ((scorer(left + c + right), c) for c in chars_read_as(m.group(1))), reverse=True
        )
        sure = len(scored) == 1 or (len(scored) > 1 and scored[0][0] - scored[1][0] >= BYTE_MARGIN)
        ch = scored[0][1] if scored and sure else LOST
        repairs.append(
            Repair("mojibake", lineno, m.group(), ch, f"由拼音 {m.group(1)} 与上下文确定")
        )
        return ch

    return _LOST_ANNOTATED.sub(fix, text)
