"""Follow-ups: turn a short reply that leans on the previous turn into a self-contained query."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

_END = r"[吗呢吧啊呀？?！!。.，,\s]*$"
_MORE = re.compile(
    rf"^(还有|还有别的|还有其他的?|其他的?|别的|再说说|继续说?|更多|再来点)(呢|吗)?{_END}"
)
_DETAIL = re.compile(
    rf"^(那|那么)?(具体(点|一点|些|说说|讲讲)|具体(要|该|应该)?(怎么|如何|咋)?(做|办|弄|落实|操作|来)?"
    rf"|(要|该|应该)?(怎么|如何|咋)(做|办|落实|操作)"
    rf"|详细(说说|讲讲|点|一点)?|举个?例子|比如|例如|展开说说)(呢|吗)?{_END}"
)
_WHY = re.compile(rf"^(那|那么)?(为什么|为啥|为何|怎么说|何以见得|凭什么|原因是什么)(呢|吗)?{_END}")
_TOPIC = re.compile(
    rf"^(那|那么|那在|那对|而|至于|对于)?(?P<topic>[^？?！!。，,]{{1,12}}?)(呢|又如何|又怎样|又该怎么办){_END}"
)
# Nouns of a question that are its frame, not its topic: never replaced by a follow-up's topic.
_GENERIC = frozenset(
    "群众 工作 群众工作 问题 方法 办法 方面 内容 文章 作用 意义 情况 要求 能力 关系 什么".split()
)
MAX_FOLLOWUP_CHARS = 16


MORE_NOTE = "（还有哪些论述）"  # 理解为 of a "还有吗？" follow-up: its topic plus this note


def standalone(understood_as: str) -> str:
    """The question a logged turn stands for on its own (for exported eval rows): 理解为
    without the note a "还有吗？" follow-up adds. Other follow-ups already read as questions
    (``…——为什么？``, ``社区工作中如何…``)."""
    return understood_as.removesuffix(MORE_NOTE)


@dataclass(frozen=True)
class Turn:
    """What a conversation remembers of an earlier question."""

    query: str
    understood_as: str
    cited: tuple[str, ...] = ()  # chunk ids the answer cited
    topic: str = ""  # what the turn was about, without follow-up wording ("" = understood_as)

    @property
    def about(self) -> str:
        return (self.topic or self.understood_as).rstrip("？?。.！! ")


@dataclass(frozen=True)
class Resolution:
    search: str  # the text to retrieve with
    understood_as: str  # shown to the trainee as 理解为：…
    kind: str = ""  # "", "topic", "more", "detail" or "why"
    exclude: tuple[str, ...] = ()  # chunk ids not to cite again ("还有吗？")
    topic: str = ""  # what a later follow-up leans on: the question without follow-up wording


def resolve(query: str, history: Sequence[Turn]) -> Resolution:
    """Resolve ``query`` against the last turn; a query that stands on its own is left alone."""
    q = query.strip()
    if not history or len(q) > MAX_FOLLOWUP_CHARS:
        return Resolution(q, q, topic=q)
    # Follow-ups of follow-ups lean on the same topic, never on the decorated 理解为 text.
    base = history[-1].about
    if _MORE.match(q):
        cited = tuple(c for t in history if t.about == base for c in t.cited)
        return Resolution(base, base + MORE_NOTE, "more", cited, base)
    if _WHY.match(q):
        return Resolution(f"{base} 原因 为什么 意义", f"{base}——为什么？", "why", topic=base)
    if _DETAIL.match(q):
        return Resolution(f"{base} 具体做法 措施", f"{base}——具体怎么做？", "detail", topic=base)
    if m := _TOPIC.match(q):
        understood = replace_topic(base, m.group("topic").strip())
        return Resolution(understood, understood, "topic", topic=understood)
    return Resolution(q, q, topic=q)


@functools.cache
def _pos_tokenizer():
    import jieba.posseg

    return jieba.posseg.POSTokenizer(_jieba())


def _jieba():
    from rag.retrieval.lexical import segmenter

    return segmenter()


def replace_topic(question: str, topic: str) -> str:
    """Put ``topic`` in place of the previous question's topic noun.

    ``消防工作中如何做好群众工作`` + ``社区`` → ``社区工作中如何做好群众工作``. Without a topic noun
    the new topic is put in front: ``如何做好群众工作`` + ``社区`` → ``社区如何做好群众工作``.
    """
    if topic in question:
        return question
    for word, flag in _pos_tokenizer().cut(question):
        if flag.startswith(("n", "vn")) and word not in _GENERIC and len(word) >= 2:
            return question.replace(word, topic, 1)
    return f"{topic}{question}"
