"""Candidate points: the sentences of the retrieved passages an answer may quote.

A point is a verbatim stretch of one paragraph. Usually it is one sentence; a lead sentence
(``三是设置民情信箱。``, ``要把握好以下几点：``) says nothing on its own and is quoted together with
the sentence that carries its content. Quote marks that open or close outside the stretch are
left out of it, so a point never shows half a quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from rag.answer.dialogue import Span
from rag.core.chars import CN_NUMERALS
from rag.retrieval.search import Hit

# What opens an item of a list (一是, 一要, 第二, 其次, （3）).
ENUMERATOR = (
    rf"(?:[{CN_NUMERALS}]+[是要]|第[{CN_NUMERALS}]+[，、是]?|首先|其次|再次|最后"
    rf"|[（(]?[{CN_NUMERALS}\d]+[）)、.．])"
)
# A lead: an enumerator with a short heading-like sentence, or a sentence announcing a list.
_LEAD = re.compile(rf"^\s*{ENUMERATOR}")
MAX_LEAD_CHARS = 16
MIN_POINT_CHARS = 6  # shorter sentences say nothing on their own
MAX_RUN_CHARS = 240  # a sentence of clauses longer than this is quoted clause by clause
_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "（": "）", "(": ")"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


@dataclass(frozen=True)
class Candidate:
    """A stretch of a retrieved passage that could become a point."""

    hit: Hit
    start: int  # offsets in the paragraph
    end: int
    vector: np.ndarray  # the content sentence's embedding
    cosine: float  # of the content sentence to the question

    @property
    def paragraph_id(self) -> str:
        return self.hit.chunk.paragraph_id

    @property
    def span(self) -> Span:
        return (self.paragraph_id, self.start, self.end)

    def overlaps(self, other: Span) -> bool:
        pid, a, b = other
        return pid == self.paragraph_id and a < self.end and self.start < b


def is_lead(text: str) -> bool:
    """A sentence that only announces what follows."""
    body = text.strip()
    if body.rstrip("”’ ").endswith(("：", ":")):
        return True
    return len(body.strip("。！？；…”“ ")) <= MAX_LEAD_CHARS and bool(_LEAD.match(body))


def candidates(
    hit: Hit, sentences: list[tuple[int, int, np.ndarray]], query: np.ndarray
) -> list[Candidate]:
    """The points one passage offers: its sentences (offsets in the chunk text, with their
    vectors), a lead joined to the sentence after it, too-short sentences left out."""
    text, base = hit.chunk.text, hit.chunk.start
    out = []
    skip_next = False
    for i, (a, b, vec) in enumerate(sentences):
        if skip_next:
            skip_next = False
            continue
        if is_lead(text[a:b]):
            if i + 1 < len(sentences):
                _, b2, vec2 = sentences[i + 1]
                out.append(Candidate(hit, base + a, base + b2, vec2, float(vec2 @ query)))
                skip_next = True
                continue
            # The passage's last sentence announces what the next paragraphs say; a long one
            # (要强化思想观念教育，……不做群众的尾巴，……具体做到以下几方面：) says much itself.
            if len(text[a:b].strip("。！？；…”“：: ")) <= MAX_LEAD_CHARS * 2:
                continue
        if len(text[a:b].strip("。！？；…”“ ")) < MIN_POINT_CHARS:
            continue
        out.append(Candidate(hit, base + a, base + b, vec, float(vec @ query)))
    return out + _clause_runs(hit, sentences, query)


def _clause_runs(
    hit: Hit, sentences: list[tuple[int, int, np.ndarray]], query: np.ndarray
) -> list[Candidate]:
    """A sentence of clauses (合理诉求要不推不拖，立即解决；不合理的诉求，要讲清道理，
    耐心劝返；对个别……要坚决依法处理。) as one candidate too, beside its clauses: a list quoted
    whole. Its vector is the mean of the clauses'."""
    text, base = hit.chunk.text, hit.chunk.start
    out, i = [], 0
    while i < len(sentences):
        j = i
        while j + 1 < len(sentences) and text[sentences[j][0] : sentences[j][1]].rstrip(
            "”’」』）) "
        ).endswith(("；", ";")):
            j += 1
        a, b = sentences[i][0], sentences[j][1]
        if j > i and b - a <= MAX_RUN_CHARS:
            mean = np.mean([v for _, _, v in sentences[i : j + 1]], axis=0)
            vec = (mean / np.linalg.norm(mean)).astype(np.float32)
            out.append(Candidate(hit, base + a, base + b, vec, float(vec @ query)))
        i = j + 1
    return out


def trim_marks(passage: str, start: int, end: int) -> tuple[int, int]:
    """``passage[start:end]`` narrowed so that it neither starts nor ends with a quote mark or
    bracket whose partner lies outside it (``“应该讲……手段。`` → ``应该讲……手段。``). A stray
    mark inside the stretch stays: a quote is never cut in the middle."""
    while start < end:
        text = passage[start:end]
        first, last = text[0], text[-1]
        if (first in _PAIRS and _PAIRS[first] not in text[1:]) or first in _CLOSERS:
            start += 1
        elif (last in _CLOSERS and _CLOSERS[last] not in text[:-1]) or last in _PAIRS:
            end -= 1
        elif first.isspace():
            start += 1
        elif last.isspace():
            end -= 1
        else:
            break
    return start, end


# A question asking for the items of a list: 要树立哪些意识, 有哪几种传媒, 运行机制包括哪些.
_ASKS_ITEMS = re.compile(
    r"(?:哪些|哪几(?:个|种|项|条|类|方面)?|几(?:个|种|项|条|类)|包括什么|包含什么"
    # 五种意识, 两个务必: a number of them named asks for them all
    r"|(?<!第)[两三四五六七八九十](?:个|种|项|条|类|大))"
    r"(?P<after>[\u4e00-\u9fff]{0,6})"
)
_ITEMS_HEAD_END = re.compile(r"(?:呢|吗|啊|呀)$")


def list_head(question: str, nouns) -> str:
    """What a question asks the items of (意识 of 要树立哪些意识, 机制 of 运行机制包括哪些), as
    the last two characters of the noun naming it; "" when it asks for no list. ``nouns``
    lists a text's nouns (a tokenizer's)."""
    m = _ASKS_ITEMS.search(question)
    if m is None:
        return ""
    after = _ITEMS_HEAD_END.sub("", m.group("after"))
    named = nouns(after) if after else []
    if not after.strip("？?。！! "):  # 运行机制包括哪些: the subject before it names the kind
        named = nouns(question[: m.start()])
    head = named[-1][-2:] if named else ""
    return "" if head in _NO_KIND else head


# Heads that name no kind of item (群众工作包括哪些: 工作 is everything)
# (做法, 办法 …: what a how-question asks, not a kind of item)
_NO_KIND = frozenset("工作 问题 方面 东西 事情 内容 情况 群众 做法 办法 方法 措施".split())


def enumerates(text: str, head: str) -> bool:
    """Whether ``text`` lists items of the kind ``head`` in one go: three or more joined by
    、 that end with it (大局意识、服从意识、责任意识…), or a run of them followed by it
    (电视、广播、报纸、互联网、手机等现代传媒)."""
    if not head:
        return False
    h = re.escape(head)
    if len(re.findall(rf"[\u4e00-\u9fff]{{1,6}}{h}、", text)) >= 2:
        return True
    # ... or a run named as such right after it: 手机等现代传媒 (等 says the run is the items)
    return (
        re.search(
            rf"(?:[^、，。；：]{{1,8}}、){{2,}}[^、，。；：]{{1,8}}等{{1,2}}[^、，。；：]{{0,4}}{h}",
            text,
        )
        is not None
    )


@dataclass(frozen=True)
class Scored:
    """A candidate point with its score for the question being answered."""

    candidate: Candidate
    score: float
    on_focus: bool = True  # holds what the question asks about its topic (or nothing is known)


_SENTENCE_END = re.compile(r"[。！？；!?]”?")


def sentence_start(text: str, at: int) -> int:
    """The start of the sentence holding ``text[at]``: after the last 。！？； (and a closing
    ”) before it."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, at)]
    return ends[-1] if ends else 0


def sentence_end(text: str, start: int) -> int:
    """The end of the sentence opening at ``start`` (after its 。！？ and a closing ”)."""
    m = re.compile(r"[。！？!?]”?").search(text, start)
    return m.end() if m else len(text)
