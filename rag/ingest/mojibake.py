"""Encoding repair: undo runs of GBK bytes that were decoded one byte out of step.

Forensics, verified against the seed page: the page text (traditional characters, with pinyin
annotations such as ``務(wù)``) was GBK-encoded, one lead byte was lost, and the rest of a stretch
was decoded one byte out of step. Afterwards full-width punctuation and letters were folded to
ASCII. A damaged run therefore reads::

    ?[pinyin)] BODY END

- ``?`` marks the character that straddled the lost byte; if that bogus character carried a pinyin
  annotation, the annotation follows with its ``(`` eaten (``?qū)``, ``?shù)``). Neither is text.
- BODY is the shifted byte stream: every character maps back to two bytes (gb18030 for CJK and
  private-use characters; ASCII that was folded maps back to its full-width form, ``;`` → ``；``).
- END is either a raw ASCII byte (0x40–0x7E) that was really the trail byte of the last original
  character (``J`` in ``驼J同`` is the 0x4A of 認), after which decoding is back in step; or a ``?``
  standing for one unknown trail byte whose neighbour (``(`` of an annotation, ``<`` of ``</p>``)
  was swallowed with it. An annotation after that ``?`` (``?wù)``) is evidence for the lost byte.

Putting a candidate lead byte in front and decoding again gives the original text. Where a byte
has several readings, the one that reads as Chinese (jieba's word model) wins, but only by a clear
margin; otherwise the character is written as a visible ``□``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rag.core.chars import is_private
from rag.ingest.pinyin import PINYIN_LETTERS, reads_as
from rag.ingest.plausibility import Scorer

_EATEN_ANNOTATION = re.compile(rf"[{PINYIN_LETTERS}]+\)")
LOST = "□"

MAX_RUN = 48  # characters; the longest run on the seed page has 29
MAX_CANDIDATES = 256  # readings of ambiguous ASCII explored per run start
# A repaired run must read clearly better than the damage it replaces (nats per character) ...
RUN_GAIN = 1.5
# ... and a guessed byte must beat the runner-up by this much (nats, about 7x), or it becomes □.
BYTE_MARGIN = 2.0
_CONTEXT = 6  # characters of context either side when scoring

_LEADS = range(0x81, 0xFF)
# A surviving annotation: (byte the candidate pairs with, or None if the candidate is the
# character itself; toned pinyin syllable).
Hint = tuple[int | None, str]
_TRAILS = [*range(0x40, 0x7F), *range(0x80, 0xFF)]


def _pua_table() -> dict[str, bytes]:
    """Private-use characters of GBK's row 0xFE that gb18030-2005 and later moved elsewhere.

    The damaged page was decoded with the older table (cp936 / GB18030-2000), in which
    0xFE50–0xFEA0 (skipping 0x7F) map in order onto U+E815–U+E864; Python's gb18030 now encodes
    some of those code points as four bytes, so they are mapped back by hand.
    """
    trails = [t for t in range(0x50, 0xA1) if t != 0x7F]
    return {chr(0xE815 + i): bytes([0xFE, t]) for i, t in enumerate(trails)}


_PUA = _pua_table()


def char_bytes(ch: str) -> bytes | None:
    """The two GBK bytes a character of a damaged run stands for, or None if it cannot be one."""
    if ch in _PUA:
        return _PUA[ch]
    try:
        raw = ch.encode("gb18030")
    except UnicodeEncodeError:
        return None
    return raw if len(raw) == 2 else None


def decode_pair(lead: int, trail: int) -> str | None:
    """Decode one GBK double byte into a character an essay could contain, else None."""
    try:
        ch = bytes([lead, trail]).decode("gb18030")
    except UnicodeDecodeError:
        return None
    if len(ch) != 1 or is_private(ch) or not ch.isprintable():
        return None
    return ch


def _fold_back(ch: str) -> bytes:
    """ASCII that was folded from full width maps back to the full-width form's bytes."""
    return chr(ord(ch) + 0xFEE0).encode("gb18030")


@dataclass(frozen=True)
class ByteRepair:
    """One repaired run: its span in the input line, the text before and after, and why."""

    start: int
    end: int
    before: str
    after: str
    evidence: tuple[str, ...]

    @property
    def lost(self) -> int:
        return self.after.count(LOST)


@dataclass(frozen=True)
class _Shape:
    """One reading of a run's extent: the shifted bytes and how the run ends."""

    body: bytes
    end: int  # index after the run (after any annotation that followed an unknown byte)
    raw_end: int | None  # the final raw ASCII byte, or None when the last byte is unknown
    hint: str | None  # pinyin that followed an unknown last byte


def _shapes(line: str, start: int) -> Iterator[_Shape]:
    """Every way the text after position ``start`` can be read as BODY END."""
    stack: list[tuple[int, bytes]] = [(start, b"")]
    seen = 0
    while stack and seen < MAX_CANDIDATES:
        k, acc = stack.pop()
        if k >= len(line) or k - start > MAX_RUN:
            continue
        ch = line[k]
        seen += 1
        if ch == "?":
            if acc:
                hint = _EATEN_ANNOTATION.match(line, k + 1)
                end = hint.end() if hint else k + 1
                yield _Shape(acc, end, None, hint.group()[:-1] if hint else None)
            stack.append((k + 1, acc + _fold_back(ch)))
        elif ch.isascii():
            if 0x40 <= ord(ch) <= 0x7E:
                yield _Shape(acc, k + 1, ord(ch), None)
            if 0x21 <= ord(ch) <= 0x7E:
                stack.append((k + 1, acc + _fold_back(ch)))
        elif (b := char_bytes(ch)) is not None:
            stack.append((k + 1, acc + b))


def _pick(scored: list[tuple[float, str]]) -> tuple[str, float, str]:
    """Best candidate, its margin over the runner-up (inf when it is the only one) and the
    runner-up itself (empty when there is none)."""
    scored.sort(reverse=True)
    if not scored:
        return LOST, 0.0, ""
    if len(scored) == 1:
        return scored[0][1], float("inf"), ""
    return scored[0][1], scored[0][0] - scored[1][0], scored[1][1]


def _restrict(chars: dict[int, str], hint: Hint | None) -> tuple[dict[int, str], str | None]:
    """Keep the byte values whose character the surviving pinyin annotation agrees with."""
    if hint is None:
        return chars, None
    byte, syllable = hint
    kept = {}
    for b, c in chars.items():
        annotated = decode_pair(byte, b) if byte is not None else c
        if annotated is not None and reads_as(annotated, syllable):
            kept[b] = c
    return (kept, syllable) if kept else (chars, None)


@dataclass(frozen=True)
class _Guess:
    char: str
    sure: bool
    why: str


def _choose(
    chars: dict[int, str], hint: Hint | None, left: str, right: str, what: str, scorer: Scorer
) -> _Guess:
    """Pick the byte whose character reads best between ``left`` and ``right``."""
    chars, syllable = _restrict(chars, hint)
    ch, margin, second = _pick([(scorer(left + c + right), c) for c in chars.values()])
    if margin < BYTE_MARGIN:
        # Both readings are named: the model's slight preference is no evidence (做中 beat 做主
        # in 当官不为民做□ by less than a nat, and the saying is 做主).
        readings = f"（“{ch}”或“{second}”）" if second else ""
        return _Guess(ch, False, f"{what}无法确定{readings}，标为 {LOST}")
    return _Guess(ch, True, f"{what}“{ch}”由{f'拼音 {syllable} ' if syllable else '上下文'}确定")


@dataclass(frozen=True)
class _Reading:
    shape: _Shape
    first: _Guess
    middle: str
    last: _Guess | None

    @property
    def best(self) -> str:
        return self.first.char + self.middle + (self.last.char if self.last else "")

    @property
    def shown(self) -> str:
        first = self.first.char if self.first.sure else LOST
        last = "" if self.last is None else self.last.char if self.last.sure else LOST
        return first + self.middle + last


def _decode_shape(
    line: str, start: int, shape: _Shape, lead_hint: Hint | None, scorer: Scorer
) -> _Reading | None:
    """Decode one shape: lead byte + body (+ raw end or unknown trail). None if it cannot be GBK."""
    stream = shape.body + (bytes([shape.raw_end]) if shape.raw_end is not None else b"")
    # stream[0] pairs with the lost lead byte; the rest pairs up in order, except that with an
    # unknown end the final byte of the stream pairs with the missing trail byte.
    middle_bytes = stream[1:] if shape.raw_end is not None else stream[1:-1]
    if shape.raw_end is None and len(stream) < 2:
        return None
    middle = []
    for i in range(0, len(middle_bytes), 2):
        ch = decode_pair(middle_bytes[i], middle_bytes[i + 1])
        if ch is None:
            return None
        middle.append(ch)
    mid = "".join(middle)
    # A newline marks the end of the paragraph, which the scorer's typography rules use.
    left, after = line[:start], line[shape.end :] + "\n"
    leads = {b: c for b in _LEADS if (c := decode_pair(b, stream[0])) is not None}
    first = _choose(leads, lead_hint, left[-_CONTEXT:], (mid + after)[:_CONTEXT], "首字", scorer)
    last = None
    if shape.raw_end is None:
        trails = {b: c for b in _TRAILS if (c := decode_pair(stream[-1], b)) is not None}
        hint = (None, shape.hint) if shape.hint else None
        # The whole line to the left, so that quote balance can tell ” from 。.
        last = _choose(trails, hint, left + first.char + mid, after[:_CONTEXT], "末字", scorer)
    return _Reading(shape, first, mid, last)


def _best_run(line: str, p: int, scorer: Scorer) -> ByteRepair | None:
    starts: list[tuple[int, Hint | None]] = [(p + 1, None)]
    if m := _EATEN_ANNOTATION.match(line, p + 1):
        # The annotation belongs to the bogus character made of the previous character's trail
        # byte and the lost byte: its reading narrows down which byte was lost.
        prev = char_bytes(line[p - 1]) if p else None
        starts.append((m.end(), (prev[1], m.group()[:-1]) if prev else None))
    readings = [
        r
        for s, hint in starts
        for shape in _shapes(line, s)
        if (r := _decode_shape(line, p, shape, hint, scorer)) is not None
    ]
    if not readings:
        return None
    horizon = max(r.shape.end for r in readings) + _CONTEXT
    left = line[max(0, p - _CONTEXT) : p]

    def per_char(text: str) -> float:
        return scorer(text) / max(len(text), 1)

    best = max(readings, key=lambda r: per_char(left + r.best + line[r.shape.end : horizon]))
    gain = per_char(left + best.best + line[best.shape.end : horizon]) - per_char(
        left + line[p:horizon]
    )
    if gain < RUN_GAIN:
        return None
    why = tuple(g.why for g in (best.first, best.last) if g is not None)
    return ByteRepair(p, best.shape.end, line[p : best.shape.end], best.shown, why)


def repair_runs(line: str, scorer: Scorer | None = None) -> tuple[str, list[ByteRepair]]:
    """Repair every byte-shifted run in one line of the page.

    Args:
        line: a raw line, pinyin annotations still in place (they are evidence).
        scorer: ranks candidate decodings; pass one built with in-domain text for best results.

    Returns:
        The line with runs replaced by their decoding, and one record per run.
    """
    scorer = scorer or Scorer()
    pieces, repairs, i = [], [], 0
    while (p := line.find("?", i)) >= 0:
        run = _best_run(line, p, scorer)
        if run is None:
            pieces.append(line[i : p + 1])
            i = p + 1
            continue
        pieces.append(line[i:p] + run.after)
        repairs.append(run)
        i = run.end
    pieces.append(line[i:])
    return "".join(pieces), repairs
