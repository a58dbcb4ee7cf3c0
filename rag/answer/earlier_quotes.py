"""Follow-ups that read on from what the conversation quoted, not from a new search.

A list read on (还有吗？ after one item of 一是… 四是…, or of 首先是… 第九是… inside one
paragraph), an item asked by its number (第三点展开说说, 第二个再说说), a question whose best
sentence was quoted before (pointed to, where and by which question, not quoted again), and
the reason before a quote (为什么？ after 所以…). ``EarlierQuotes`` is mixed into
``rag.answer.compose.Answerer``: it reads the essays' layout (``self.layout``) and the spans the
conversation quoted (``Resolution.exclude``), and answers through the Answerer's quoting and
refusing (``_quoting``, ``_refuse``), like every other answer.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Sequence

from rag.answer.dialogue import (
    _QUOTED,
    CONDITION,
    FRAME_WORDS,
    INTERROGATIVE,
    Resolution,
    Span,
    Turn,
    short,
)
from rag.answer.essay_layout import LIST_ITEM, NUMBERED_HEADING, item_at
from rag.answer.evidence import SPECIFIC_SHARE
from rag.answer.facts import Wanted, carries
from rag.answer.sentences import (
    MIN_POINT_CHARS,
    Candidate,
    Scored,
    sentence_end,
    sentence_start,
)
from rag.answer.types import POINTED_BACK, Answer
from rag.answer.wording import unmarked
from rag.core.chars import CN_NUMERALS, HAN
from rag.core.textnorm import match_key, to_simplified
from rag.retrieval.lexical import pos_tagger
from rag.retrieval.search import Hit

# What says that a point is one item of a list whose other items 还有吗？ gives
LISTED = "（[{n}] 是文章列举的{k}项之一，问「还有吗？」可以看其余各项。）"
# ... and a list inside one paragraph, some of it quoted
INNER_LISTED = "（这一段列举了{k}项，问「还有吗？」可以看其余各项。）"
# ... and a paragraph whose own list was quoted whole, itself an item of a list over paragraphs
PARAGRAPH_LISTED = "（这一段是文章列举的{k}项之一，问「还有吗？」可以看其余各项。）"
PARAGRAPH_LISTED_WHOLE = (
    "（这一段列举的{inner}项都在上面；这一段本身是文章列举的{k}项之一，"
    "问「还有吗？」可以看其余各项。）"
)

# How many items a list has (一共有几个方面？), said before what answers it
COUNTED = "（文章在这里列举了{k}项：{items}。）"
MAX_ITEM_CHARS = 24  # an item named in COUNTED: its first clause, cut to this
# 一共有几个方面？ 包括哪几项 is a list asked for, 有几个方面 how many items it has
HOW_MANY = re.compile(
    r"(?:一共|总共|共|总计)?(?:有|分|包括|包含|列了|列举了|讲了|提了|提出了)?(?<![哪这那])(?:几|多少)个?"
    r"(?:方面|条|项|点(?![开钟半了])|种|类|措施|办法|机制|要求|原则|原因|理由|考验|步骤)(?![的地])"
    # 提了几个需要重视的问题 (walk 48)
    r"|(?<![哪这那])几个[^，,。？?]{1,8}?(?:问题|原因|方面|考验|要求|措施|办法)(?=[？?呢吗啊]*$)"
    r"|(?:^|一共|总共|共)有?几个(?=[？?呢吗啊]*$)"  # 一共有几个？
)

# A list one item of which was quoted before (…难在哪？ after 高新民是谁？)
LIST_GOES_ON = "（前面的回答已经引用过其中一项：{where}。文章共列举了{k}项，下面是其余各项。）"

# Frame words of nearly every question here: never what distinguishes one point from another.
# Verbs of how a question asks (初信初访要注意什么): no word of what it asks about.
_ASKING_VERBS = frozenset(
    "注意 需要 应该 应当 做到 知道 了解 包括 涉及 属于 有关"
    # ... and the verbs a situation is put with (遇到不讲理的, 碰上闹事的): 遇到 of e4-p19's
    # 遇到困难 is not what 那遇到不讲理的呢 asks about
    " 遇到 碰到 碰上 遇上 遇见 赶上".split()
)

# Words naming the kind of answer asked for, not what it is about (…难的原因有哪些？)
_ANSWER_KINDS = frozenset(
    "原因 理由 根源 根子 办法 方法 做法 措施 途径 渠道 方面 表现 作用 意义 要求 内容".split()
)


def _says_of(text: str, word: str) -> bool:
    """``text`` says something of ``word``: names it other than as one item of a list (大局意识、
    服从意识、责任意识 names 服从意识 without saying what it is)."""
    w = re.escape(word)
    return word in re.sub(rf"、{w}|{w}(?=、)", "", text)


MAX_INNER_ITEMS = 12  # items of a list inside a paragraph a question asking for them is given

# How a sentence announcing a list ends (…并做好以下几点：)
_ANNOUNCES = re.compile(r"(?:以下|如下|下列|下面|这样|这么)[^，。；]{0,6}[：:]$")
# What an announced list's parts are said to be
ANNOUNCED = "（这里说的几点，文章接着分{k}部分来讲：{parts}。下面引用各部分的开头。）"

# What asks for several things (要树立哪些意识？ 有哪几点？ 原因是什么？)
# (难在哪？ too: where it is hard, the list of where; walk 62 quoted its fifth item alone)
_SEVERAL = re.compile(
    r"哪些|哪几|几[个点条项种方]|原因|为什么|为啥|为何"
    r"|(?:难|难点|难处)(?:都|主要)?(?:在|出在)哪"
)

_WHERE_ASKED = re.compile(r"在哪|哪里|哪儿")  # 难在哪？ asks for the list of where

# 除了排查调处机制，还要建哪些机制？: what else, besides a thing named
_BESIDES = re.compile(r"除了?[^，,。？?]{2,}?(?:以外|之外)?[，,]?(?:还|另外|其他|其它|别的)")

MIN_ITEM_CHARS = 3  # items of a list named in one sentence that headings may name (大局意识)

# A run of three or more items joined by 、 (大局意识、服从意识、责任意识、团队意识、创先意识)
_INLINE_LIST = re.compile(rf"[{HAN}]{{2,10}}(?:、[{HAN}]{{2,10}}){{2,}}")


def _inline_items(text: str) -> list[str]:
    """The items of the longest 、 list of ``text``, the first cut to the length of the second
    (牢固树立大局意识 → 大局意识): its run starts with the words before it."""
    runs = _INLINE_LIST.findall(match_key(text))
    if not runs:
        return []
    items = max(runs, key=len).split("、")
    items[0] = items[0][-len(items[1]) :]
    return items


def _longest(words: list[str]) -> list[str]:
    """``words`` less those inside another of them (合理 of 不合理)."""
    return [w for w in words if not any(w != x and w in x for x in words)]


def _quoted_before_text(res: Resolution, asked: bool = False, where: str = "") -> str:
    """That the best of the essays on the topic (``asked``: on what the turn asked about it)
    was quoted earlier in the conversation (``where``: which quote). What else the essays say
    is not denied (a walk found it there three times): it scored lower, and 还有吗 gives it."""
    topic = short(res.understood_as if asked else res.topic or res.understood_as)
    return f"关于「{topic}」，{POINTED_BACK}{where}；其余论述相关性较低，想看可以问「还有吗？」。"


POINTER_CHARS = 30  # how much of an earlier quote a pointer to it shows: a pointer, not a quote

POINTER_SENTENCE_CHARS = 40  # ... unless the sentence it is in ends within this many
# ... or this many, when what the turn asks is further on in it than the opening (全程跟踪制是啥
# 意思: 时时征求办理满意度…; 是什么的基石: …也是做好群众工作的基石; walk 50)
POINTER_ANSWER_CHARS = 64
# What a turn asks that follows what it names: a meaning, a reason, a way, a consequence, what
# to do if (要是讲了道理他还闹呢)
_ASKS_FURTHER = re.compile(
    r"意思|含义|指什么|是指|为什么|为啥|为何|原因|后果|结果|要是|如果|万一|假如"
    r"|有什么用|有啥用|作用|好处|目的|意义"
)


# What a question asks of its topic, which the sentence pointed to should say
_ASPECT_ASKED = re.compile(r"作用|好处|意义|目的|原因|后果|影响|标准|要求|意思|含义")
# A why (为什么不听陈述和申辩会伤害群众感情？) and what a quote giving a cause or an effect
# writes (这种做法让…产生反感…伤害了人民群众的感情): walk 62 pointed to the behaviour instead
_WHY_ASKED = re.compile(r"为什么|为啥|为何|怎么会|何以")
_CAUSAL = re.compile(r"让|使|导致|造成|因为|由于|由此|所以|因此|之所以|在于|以致|致使")


def _char_pairs(text: str) -> set[str]:
    """The character pairs of ``text`` (marks aside), those of asking words left out."""
    bare = unmarked(match_key(text))
    return {p for i in range(len(bare) - 1) if not INTERROGATIVE.search(p := bare[i : i + 2])}


# A clause of a sentence: what follows a comma, semicolon or colon (or the sentence's start)
_CLAUSE = re.compile(r"[^，；：,;:。！？]+[，；：,;:。！？]?")

# A conclusion inside a sentence, after its reason (…无法开展工作，因此也可…)
_CONCLUDES = re.compile(r"[，,；;](?=(?:因此|所以|因而|故而|从而|于是)[^。！？]{4})")

# What opens a sentence concluding from the one before it (the reason 为什么 asks for)
_THEREFORE = re.compile(r"^[“\"]?(所以|因此|因而|故而|由此可见|可见)")

# What states why something matters (…息息相关，直接关系到…切身利益。): a reason given before
_STATES_REASON = re.compile(
    r"息息相关|关系到|直接关系|关系着|因为|由于|之所以|是[^。；]{0,12}(?:基础|前提|根本|关键|保障)"
    # 感情决定立场 / 不带着真情实感就做不好群众工作: what it decides, what fails without it
    r"|[^。；，]{2,6}决定[^。；，]{2,6}|不[^。；，]{2,12}就(?:做不好|不能|无法|难以|不可能)"
)
# A list's first item where it opens mid-paragraph (…高新民分析，首先难在…)
_OPENS_LIST = re.compile(r"一是|首先|其一")

# A count the question asks of (四观, 三个方面, 两种意识): its numeral
_COUNTED = re.compile(
    rf"(?<![第十{CN_NUMERALS}])([{CN_NUMERALS[1:]}两])(?![十])(?:个|种|项|条|大|点)?(?:观|意识|方面|原则|作风|制度|机制|务必|考验|要求)"
)
# A stretch of a list whose items are separated by ；
_SEGMENT = re.compile(r"[^；;]+[；;]?")

_INNER_ITEM = re.compile(rf"(第[{CN_NUMERALS}]是|首先是|其次是|[{CN_NUMERALS}]是)")


def _pointed_to(shown: str, further: bool = False) -> str:
    """What a pointer shows of a quote given before: its first ``POINTER_CHARS`` characters, or
    to the end of its sentence when that ends within ``POINTER_SENTENCE_CHARS`` (…不接受教育、
    无理缠访闹访的，要坚决依法处理。 had been cut at 不接……), or ``POINTER_ANSWER_CHARS`` when
    what is asked is ``further`` on."""
    if len(shown) > POINTER_CHARS:
        end = sentence_end(shown, 0)
        limit = POINTER_ANSWER_CHARS if further else POINTER_SENTENCE_CHARS
        body = shown[:end]
        cut = max(body.rfind(mark) for mark in "，；：,;:")
        last = body[cut + 1 :]
        if POINTER_CHARS < end <= limit:
            shown = shown[:end]
        elif further and end > limit and cut > POINTER_CHARS and len(last) <= POINTER_CHARS:
            # ... and its last clause, where a long sentence says what it is for (学理论…心理学…
            # ……工作起来就能得心应手: walk 51's 学心理学有什么用)
            head = shown[:POINTER_CHARS].rstrip("，、；：。 “‘")
            shown = f"{head}……{last}"
        else:
            shown = shown[:POINTER_CHARS].rstrip("，、；：。 “‘") + "……"
    return shown.strip("“”")


MAX_MARKER_CHARS = 4  # 其次， 第三是， 再有，: a list item's marker alone, no item's content


def _item_opening(item: str) -> str:
    """How a list item opens: its first clause, with the next when the first is only the
    item's marker (其次，宏观上党和政府控制的资源很多)."""
    clauses = re.split(r"([，。；：！？,;])", item.strip(' “"'), maxsplit=2)
    if len(clauses[0]) <= MAX_MARKER_CHARS and len(clauses) > 2:
        return clauses[0] + clauses[1] + re.split(r"[，。；：！？,;]", clauses[2], maxsplit=1)[0]
    return clauses[0]


def _items_inside(text: str) -> int:
    """How many items a list inside ``text`` has (首先是… 其次是… 第九是…: 9), counted from its
    first; 0 when fewer than two."""
    k = 0
    while k < len(CN_NUMERALS) and item_at(k + 1, text) is not None:
        k += 1
    return k if k >= 2 else 0


class EarlierQuotes:
    """Reading on from earlier quotes: lists, items, pointers back (mixed into the Answerer)."""

    def _list_item(self, n: int, quoted: Sequence[Span], last: Sequence[Span] = ()) -> str | None:
        """The paragraph of item ``n`` of a list running over paragraphs (一是… 四是…, 首先…
        其次…, or sections headed （1）…（5）) that the ``last`` answer's quotes are items of,
        else the latest quotes (the list holding most of them), or None. (第二个呢 after
        有几个原因 pointed back to the five reasons: theirs, not a list quoted two turns before
        with more of its items quoted: walk 49.)"""
        said = set(pid for pid, _, _ in quoted)
        for source in (last, quoted) if last else (quoted,):
            runs = [self.layout.list_run(pid) for pid in self._latest(source)]
            runs = [run for run in runs if len(run) >= n]
            if runs:
                return max(runs, key=lambda run: len(said.intersection(run)))[n - 1]
        return None

    def _latest(self, quoted: Sequence[Span], k: int = 5) -> list[str]:
        """The ``k`` paragraphs quoted last, latest first."""
        return list(dict.fromkeys(pid for pid, _, _ in reversed(quoted)))[:k]

    def _quoted_inside(self, inside: Candidate, res: Resolution) -> bool:
        """The conversation quoted an item of the list inside ``inside``'s paragraph (a stretch
        of it opening with 第七是 / 其次是 …, not the paragraph's own opening)."""
        text = self.layout.paragraphs[inside.paragraph_id]
        return any(
            pid == inside.paragraph_id and a > 0 and _INNER_ITEM.match(text, a)
            for pid, a, _ in res.exclude
        )

    def _item_inside(self, n: int, quoted: Sequence[Span]) -> Candidate | None:
        """Item ``n`` of a list inside one quoted paragraph (首先是… 其次是… 第三是… 第九是…),
        from its marker up to the next item (or its sentence's end), or None."""
        for pid in self._latest(quoted):
            text = self.layout.paragraphs.get(pid, "")  # an essay retired mid-conversation: no text
            at = item_at(n, text)
            if at is None:
                continue
            nxt = item_at(n + 1, text[at[1] :])
            end = at[1] + nxt[0] if nxt else text.find("。", at[1]) + 1 or len(text)
            if (holder := self.layout.holder(pid, at[0], end)) is not None:
                h = Hit(0, holder, 0.0, followed=True)
                return Candidate(h, at[0], end, self._sentences(h)[0][2], 0.0)
        return None

    def _counted_item(self, n: int, res: Resolution) -> Span | None:
        """Item ``n`` of the list a quote of the last answer gives as many items, separated by
        ；, as the question it answered counted (the 四观 of 树立“四观”——“大群工”观，即…；服务观，
        即…；…；民众利益本位观，即… for 高新民说的“四观”是哪四观: 第二个 is 服务观, not the
        paragraph list's 二是…, walk 46), or None."""
        if not (m := _COUNTED.search(to_simplified(res.topic))):
            return None
        count = CN_NUMERALS.index(m.group(1)) + 1 if m.group(1) in CN_NUMERALS else 2
        for pid, a, b in res.last_quoted:
            text = self.layout.paragraphs.get(pid, "")
            quote = text[a:b]
            lead = max(quote.rfind("——"), quote.rfind("："))
            start = a + (lead + (2 if quote[lead:].startswith("——") else 1) if lead >= 0 else 0)
            parts = _SEGMENT.findall(text[start:b])
            if len(parts) != count or not 1 <= n <= count:
                continue
            at = start + sum(map(len, parts[: n - 1]))
            item = parts[n - 1].rstrip("；;。")
            return (pid, at, at + len(item))
        return None

    def _named_item(self, n: int, res: Resolution) -> str | None:
        """The section on item ``n`` of a list the last answer quoted in one sentence
        (``第二个再说说`` after ``牢固树立大局意识、服从意识、责任意识…``: the section headed
        ``（2）树立服从意识，讲党性``), or None: no such list, or no heading names the item."""
        for pid, a, b in res.last_quoted:
            if pid not in self.layout.paragraphs:
                continue
            items = _inline_items(self.layout.paragraphs[pid][a:b])
            if not 1 <= n <= len(items) or min(map(len, items)) < MIN_ITEM_CHARS:
                continue
            essay = self.layout.chunks_of[pid][0].essay_id if self.layout.chunks_of.get(pid) else ""
            # each item heads a section of its own, numbered as listed: （2）树立服从意识…
            sections = {}
            for other in self.layout.of_essay.get(essay, []):
                heading = self.layout.chunks_of[other][0].heading_path
                if heading and (at := NUMBERED_HEADING.match(heading[-1])):
                    sections.setdefault(match_key(heading[-1][at.end() :]), other)
            headed = [next((p for h, p in sections.items() if item in h), None) for item in items]
            if all(headed) and headed[n - 1] != pid:
                return headed[n - 1]
        return None

    def _longest_list(self, quoted: Sequence[Span]) -> int:
        """How many items the longest list the latest quotes belong to has (over paragraphs,
        or inside one: 首先是… 第九是…); 0 when they belong to none."""
        lengths = [0]
        for pid in self._latest(quoted):
            lengths.append(len(self.layout.list_run(pid)))
            lengths.append(_items_inside(self.layout.paragraphs.get(pid, "")))
        return max(lengths)

    def _last_item(self, res: Resolution) -> int | None:
        """最后一个 / 最后一条: the number of the last item of the list an ordinal would be read
        from (the one of :meth:`_counted_item`, :meth:`_item_inside`, :meth:`_named_item` or
        :meth:`_list_item`, in their order), or None when the conversation quoted no list."""
        if m := _COUNTED.search(to_simplified(res.topic)):
            count = CN_NUMERALS.index(m.group(1)) + 1 if m.group(1) in CN_NUMERALS else 2
            if self._counted_item(count, res) is not None:  # 四观: the fourth
                return count
        # 首先是… 第九是… inside the paragraph quoted last that holds such a list
        latest = (
            _items_inside(self.layout.paragraphs.get(p, "")) for p in self._latest(res.exclude)
        )
        inside = next((k for k in latest if k), 0)
        named = 0
        for pid, a, b in res.last_quoted:  # 大局意识、服从意识…, each a section's heading
            items = _inline_items(self.layout.paragraphs.get(pid, "")[a:b])
            if len(items) >= 2 and self._named_item(len(items), res) is not None:
                named = len(items)
                break
        run = 0
        said = set(pid for pid, _, _ in res.exclude)
        for source in (res.last_quoted, res.exclude):  # 一是… 四是…, a paragraph each
            runs = [self.layout.list_run(pid) for pid in self._latest(source)]
            if runs := [r for r in runs if len(r) >= 2]:
                run = len(max(runs, key=lambda r: len(said.intersection(r))))
                break
        if inside and (
            not (named or run) or self._quoted_inside(self._item_inside(inside, res.exclude), res)
        ):
            return inside
        return named or run or inside or None

    def _this_position(self, q: str, history: Sequence[Turn]) -> Answer:
        """这是第几条？: where the last answer's first quote stands in the list it is an item of
        (inside its paragraph, 首先是… 第九是…, or over paragraphs, 一是… 四是…), said with a
        pointer to it (walk 53: an unrelated list was quoted)."""
        last = next((t for t in reversed(history) if t.answered and t.quoted), None)
        if last is None:
            return Answer.refusal(q, "请先问一个问题，再问它是第几条。")
        pid, a, b = last.quoted[0]
        text = self.layout.paragraphs.get(pid, "")
        starts = [m for m, _ in self.layout.inner_markers(pid)]
        run = self.layout.list_run(pid)
        shown = _pointed_to(text[a:b].strip())
        where = f"前面引用的“{shown}”"
        if k := sum(m <= a for m in starts):
            note = f"{where}在文章这一段列举的{len(starts)}项里，是第{k}项。"
        elif len(run) >= 2 and pid in run and LIST_ITEM.match(text):  # (一是…, not a section's)
            note = f"{where}在文章列举的{len(run)}项里，是第{run.index(pid) + 1}项。"
        else:
            note = f"{where}不是文章列举的某一项，没有第几条的说法。"
        told = Answer.refusal(q, note)
        return dataclasses.replace(told, pointed=((pid, a, b),))

    def _reason_before(self, res: Resolution, said: bool = False) -> Scored | None:
        """For a why follow-up: the sentence before the last answer's quote that opens with
        所以 / 因此 … (the reason it concludes from), when not quoted yet (``said``: when it
        was); or None."""
        for pid, a, _ in res.last_quoted:
            text = self.layout.paragraphs.get(pid, "")
            if a == 0 or not _THEREFORE.match(text[a:]):
                continue  # (a paragraph opening with 所以 concludes from the one before)
            start = max(text.rfind(mark, 0, a - 1) for mark in "。！？；") + 1
            quoted = any(x[0] == pid and x[1] < a and start < x[2] for x in res.exclude)
            if start >= a or quoted != said:
                continue
            return self._point_at(pid, start, a)
        if said and (inside := self._reason_inside(res)) is not None:
            return inside
        return self._reason_stated(res, said)

    def _reason_inside(self, res: Resolution) -> Scored | None:
        """The reason a quote of the last answer gives inside its own sentence, before its
        conclusion (…许多农村党支部已经无法卓有成效地开展工作，因此也可…逐步推进农村社区化
        发展: walk 43's 为什么要这样做？ was refused); it was quoted with it."""
        for pid, a, b in res.last_quoted:
            text = self.layout.paragraphs.get(pid, "")
            m = _CONCLUDES.search(text, a, b)
            if m is not None and m.start() - a >= MIN_POINT_CHARS:
                return self._point_at(pid, a, m.start() + 1)
        return None

    def _reason_stated(self, res: Resolution, said: bool) -> Scored | None:
        """... or the sentence before the last answer's quote on its topic (in the same
        paragraph) that states why it matters (消防工作与人民群众的生产、生活息息相关，直接关系到
        人民群众的切身利益。 before …作为衡量消防工作的第一标准。), quoted (``said``) or not.
        (Walk 41: 为啥 after 衡量消防工作的标准是啥 quoted e2-p4 on 公平正义.)"""
        topic = [
            w
            for w in dict.fromkeys(self._tokenizer.words(res.topic))
            if len(w) >= 2 and w not in FRAME_WORDS and not INTERROGATIVE.search(w)
        ]
        for pid, a, b in res.last_quoted:
            text = self.layout.paragraphs.get(pid, "")
            if not any(w in text[a:b] for w in topic):
                continue
            if said and (inside := self._stated_inside(pid, a, b)) is not None:
                # 为啥感情这么重要？ after “…感情决定立场，感情决定态度，不带着真情实感就做不好
                # 群众工作。” was quoted: that sentence is the reason (walk 47)
                return inside
            end = a
            while end > 0:
                start = sentence_start(text, end - 1)
                if _STATES_REASON.search(text[start:end]):
                    quoted = any(x[0] == pid and x[1] < end and start < x[2] for x in res.exclude)
                    return self._point_at(pid, start, end) if quoted == said else None
                end = start
        return None

    def _stated_inside(self, pid: str, a: int, b: int) -> Scored | None:
        """The first sentence of the quote ``[a, b)`` of ``pid`` that states why something
        matters, as a point, or None."""
        text = self.layout.paragraphs.get(pid, "")
        start = a
        while start < b:
            end = min(sentence_end(text, start), b)
            if end <= start:
                break
            if _STATES_REASON.search(text[start:end]):
                return self._point_at(pid, start, end)
            start = end
        return None

    def _point_at(self, pid: str, start: int, end: int) -> Scored | None:
        """``[start, end)`` of paragraph ``pid`` as a point found by reading (not by search),
        or None when no chunk holds it whole or the index no longer matches the text."""
        holder = self.layout.holder(pid, start, end)
        if holder is None:
            return None
        h = Hit(0, holder, 0.0, followed=True)
        point = Scored(Candidate(h, start, end, self._sentences(h)[0][2], 0.0), 0.0)
        return point if self._faithful(point) else None

    def _asked_of(self, res: Resolution) -> list[str]:
        """The questions that quoted the latest quotes of the conversation."""
        latest = set(self._latest(res.exclude, 3))
        return [q for (pid, _, _), q in res.quoted_by if pid in latest]

    def _of_one_item(self, topic: str, asked: Sequence[str], rest: list[str]) -> bool:
        """``topic`` asks about one item of a list, not the list: its specific words (few
        passages hold them), none of which the list's other items ``rest`` hold (民情信箱放在哪里？:
        还有吗？ asks more of the mailbox, not for the list's other items); unless it, or a
        question ``asked`` before, asks for several things (要树立哪些意识？)."""
        if any(_SEVERAL.search(t) for t in (topic, *asked)):
            return False
        return self._specific_to(topic, rest)

    def _specific_to(self, topic: str, rest: list[str]) -> bool:
        """Whether ``topic`` has specific words (few passages hold them), none of which the
        list items ``rest`` hold (nor the headings they stand under)."""
        # the other items, and the headings they stand under (…努力提高做好群众工作的能力和水平:
        # its list's items are all on 能力)
        others = " ".join(
            match_key(
                " ".join((self.layout.paragraphs[p], *self.layout.chunks_of[p][0].heading_path))
            )
            for p in rest
            if self.layout.chunks_of.get(p)
        )
        # (an idiom too, 发扬民主; and, when the essays write it in a heading only, its words)
        words = [*self._tokenizer.content(topic), *self._tokenizer.named(topic)]
        if not any(w in self.judge.known_words for w in words):
            words = self._tokenizer.words(topic)
        specific = [
            w
            for w in dict.fromkeys(words)
            if w in self.judge.known_words
            and w not in FRAME_WORDS
            and w not in _ANSWER_KINDS
            and self.judge.share_of_passages(w) <= SPECIFIC_SHARE
        ]
        # all of them only this item's (怎么通过设置民情信箱了解群众意见？ shares 意见 with the
        # list's other ways to hear the residents: 还有吗？ asks for those)
        return bool(specific) and not any(w in others for w in specific)

    def _listed(self, answer: Answer, res: Resolution) -> str:
        """That a point of ``answer`` is one item of a list running over paragraphs whose other
        items neither it nor the conversation quoted (`还有吗？` gives them), or ""."""
        quoted = {c.paragraph_id for c in answer.citations} | {x[0] for x in res.exclude}
        spans = [*res.exclude, *((c.paragraph_id, c.start, c.end) for c in answer.citations)]
        whole = {}  # paragraphs whose inner list is quoted whole: how many items
        for pid in dict.fromkeys(c.paragraph_id for c in answer.citations):
            # a list inside one paragraph, some of it quoted (首先是… 第六是… of nine)
            count, said = self._inner_items(pid, spans)
            if count and 1 <= len(said) < count:
                return INNER_LISTED.format(k=count)
            if count and len(said) == count:
                whole[pid] = count
        for c in answer.citations:
            run = self.layout.list_run(c.paragraph_id)
            rest = [p for p in run if p not in quoted]
            if (
                len(run) >= 3
                and c.paragraph_id in run
                and rest
                and all(LIST_ITEM.match(self.layout.paragraphs[p]) for p in run[1:])
                and not self._of_one_item(res.topic, [answer.understood_as], rest)
            ):
                if inner := whole.get(c.paragraph_id):  # (walk 55: read as the nine's count)
                    return PARAGRAPH_LISTED_WHOLE.format(inner=inner, k=len(run))
                if self.layout.inner_markers(c.paragraph_id):  # [1] is 首先是… inside 三是…
                    return PARAGRAPH_LISTED.format(k=len(run))
                return LISTED.format(n=c.n, k=len(run))
        return ""

    def _counted(
        self, asked_words: Sequence[str], answer: Answer, res: Resolution
    ) -> tuple[str, str]:
        """一共有几个方面？: how many items the list the answer quotes has, or the list the
        last answer quoted (一是…二是…三是… inside a paragraph, or paragraphs 一是… 四是…),
        with each item's first clause: (the list's paragraph, ``COUNTED`` filled in), or
        ("", "") when neither quotes a list whose lead or heading writes one of ``asked_words``
        (the question's own words; any list when there are none). Walk 44: never said."""
        cited = [c.paragraph_id for c in answer.citations]
        for pid in dict.fromkeys([*cited, *(p for p, _, _ in res.last_quoted)]):
            text = self.layout.paragraphs.get(pid, "")
            if markers := self.layout.inner_markers(pid):
                starts = [a for a, _ in markers]
                items = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
                lead = text[: starts[0]]
            elif len(run := self.layout.list_run(pid)) >= 3 and pid in run:
                items = [self.layout.paragraphs[p] for p in run]
                if not all(LIST_ITEM.match(item) for item in items[1:]):
                    continue
                lead = self._list_lead(run[0])
                if not LIST_ITEM.match(items[0]) and (opens := _OPENS_LIST.search(items[0])):
                    # …高新民分析，首先难在…: the first item opens mid-paragraph, after its lead
                    lead, items[0] = lead + items[0][: opens.start()], items[0][opens.start() :]
            elif (
                pid in cited
                and len(inline := _inline_items(text)) >= 3
                and all(
                    len(item) >= MIN_ITEM_CHARS and item[-2:] == inline[-1][-2:] for item in inline
                )
            ):
                # 要树立几种意识？: a list in one sentence, its items of one kind (大局意识、服从
                # 意识、…、创先意识; walk 47: not counted)
                items = inline
                lead = match_key(text)[: match_key(text).find("、".join(inline[1:]))]
            elif pid in cited and (run := self._led_run(pid)):
                # 高新民提了几个需要重视的问题？ quoted the list's lead (…高新民认为有几个问题
                # 需要重视：): the items after it (一是… 五是…)
                items = [self.layout.paragraphs[p] for p in run]
                lead = text
            else:
                continue
            # the list is on what is asked: its lead or heading says so (四要进一步提高服务
            # 群众的能力 is no list of 干部作风's 表现, though its item 三是 names 干部作风)
            heading = " ".join(self.layout.chunks_of[pid][0].heading_path)
            if asked_words and not any(w in match_key(lead + heading) for w in asked_words):
                continue
            named = [_item_opening(item) for item in items]
            shown = "；".join(
                n if len(n) <= MAX_ITEM_CHARS else n[:MAX_ITEM_CHARS] + "…" for n in named
            )
            return pid, COUNTED.format(k=len(items), items=shown)
        return "", ""

    def _renumbered(self, quoted: Sequence[Span]) -> bool:
        """``quoted`` open with an item of a list over paragraphs, but the answer's [1] [2] …
        are not the essay's 一是 二是 … (其次… 其三… quoted after 首先…, or 首先… beside a
        paragraph of another section): an ordinal asked of it means the essay's item."""
        pids = list(dict.fromkeys(pid for pid, _, _ in quoted))
        run = self.layout.list_run(pids[0]) if pids else []
        return len(run) >= 3 and pids[0] in run and pids != run[: len(pids)]

    def _led_run(self, pid: str) -> list[str]:
        """The list over paragraphs (三 or more, 一是… 二是…) that paragraph ``pid`` announces
        (ending with ：), or []."""
        at = self.layout.place.get(pid)
        if at is None or at + 1 >= len(self.layout.order):
            return []
        first = self.layout.order[at + 1]
        run = self.layout.list_run(first)
        if (
            len(run) < 3
            or run[0] != first
            or self._list_lead(first) != self.layout.paragraphs[pid].rstrip()
        ):
            return []
        # (enumerated, 一是… 五是…: not sections each under a heading of its own)
        return run if all(LIST_ITEM.match(self.layout.paragraphs[p]) for p in run) else []

    def _list_lead(self, first: str) -> str:
        """What announces a list over paragraphs opening with ``first``: the paragraph before
        it when that ends with ：, or ""."""
        at = self.layout.place[first]
        before = self.layout.order[at - 1] if at > 0 else ""
        text = self.layout.paragraphs.get(before, "").rstrip()
        same = (
            before
            and self.layout.chunks_of[before][0].essay_id
            == self.layout.chunks_of[first][0].essay_id
        )
        return text if same and text.endswith(("：", ":")) else ""

    def _inner_items(self, pid: str, quoted: Sequence[Span]) -> tuple[int, list[int]]:
        """(how many items a list inside paragraph ``pid`` has, which of them ``quoted``
        quotes); (0, []) when it has fewer than three."""
        items = self.layout.inner_markers(pid)
        said = [k for k, (a, b) in enumerate(items, start=1)
                if any(x[0] == pid and a < x[2] and x[1] < b + 20 for x in quoted)]  # fmt: skip
        return len(items), said

    def _other_item(self, a: Candidate, b: Candidate) -> bool:
        """``b`` is in an item of a list inside its paragraph and ``a`` is not (同时完善党政领导
        “下访”制度。 of 其次是…, or the list's lead, for 第三是建立健全矛盾纠纷排查调处机制。):
        ``a`` is no context of ``b``."""
        if a.paragraph_id != b.paragraph_id:
            return False
        markers = self.layout.inner_markers(a.paragraph_id)
        i, j = (sum(m <= c.start for m, _ in markers) for c in (a, b))
        return bool(j and i != j)

    def _inner_rest(self, res: Resolution) -> list[Scored]:
        """The items not quoted yet of a list inside one paragraph the last answer read
        (第七是… 第八是… 第九是… after 首先是… 第六是…; 首先是… 其次是… 第四是… after 第三是…);
        [] otherwise."""
        for pid in self._latest(res.exclude):
            count, said = self._inner_items(pid, res.exclude)
            if not count or not said:
                continue
            unsaid = [k for k in range(1, count + 1) if k not in said]
            rest = [self._item_inside(k, [(pid, 0, 1)]) for k in unsaid]
            points = [
                Scored(c, 0.0)
                for c in rest
                if c is not None and not any(c.overlaps(x) for x in res.exclude)
            ]
            if points:
                return points[: self.params.max_points]
        return []

    def _item_said(
        self, q: str, res: Resolution, hits: list[Hit], notice: str, shown: str, item: Span
    ) -> Answer:
        """第三点展开说说 on a list item the conversation quoted already: that it was, where,
        and, when it was quoted whole (over several answers, perhaps), that the essays say no
        more of it. The answer points to those quotes (这是哪篇文章说的？ after it names them)."""
        pid, a, b = item
        earlier = tuple(x for x in res.exclude if x[0] == pid and x[1] < b and a < x[2])
        said = sorted((max(x[1], a), min(x[2], b)) for x in earlier)
        reach = a
        for start, end in said:
            if start > reach:
                break
            reach = max(reach, end)
        where = self._item_shown(res.item, shown) if shown else ""
        if earlier and reach >= b:
            chunk = self.layout.chunks_of[pid][0]
            place = f"《{chunk.title}》第{chunk.paragraph_number}段"
            name = f"第{res.item}项" + (f"“{_pointed_to(shown.strip())}”" if shown else "")
            why = f"{name}（{place}）前面的回答已经引用过，这一项文章没有更多论述了。"
        else:
            why = _quoted_before_text(res, True, where)
        told = self._refuse(q, res, hits, notice, why)
        return dataclasses.replace(told, pointed=earlier) if earlier else told

    def _item_shown(self, n: int, text: str) -> str:
        """（第5项是“第五是建立健全信访终结公示制度。”）: an item quoted before, named."""
        return f"（第{n}项是“{_pointed_to(text.strip())}”）"

    def _items(self, rest: list[str], res: Resolution) -> list[Scored]:
        """Points quoting the list items ``rest``, each by the sentence holding its marker (an
        item heading, 一是要把群众工作摆在更加突出的位置。, with its content); [] when one of
        them cannot be quoted so or was quoted before."""
        points = [p for pid in rest if (p := self._item_point(pid)) is not None]
        points = [p for p in points if not any(p.candidate.overlaps(x) for x in res.exclude)]
        if len(points) != len(rest):
            return []
        return self._with_content(points[: self.params.max_points], res.exclude)

    def _rest_after_pointer(
        self, q: str, res: Resolution, query: str, pool: list[Scored], notice: str
    ) -> Answer | None:
        """A question asked anew whose best point was quoted before as one item of a list whose
        other items were not (她说群众工作难在哪？ after 高新民是谁？ quoted his first reason): the
        pointer to it, and the list's other items, not "nothing else as relevant" — unless the
        question's specific words (people aside: 高新民 names the list's first item only) are
        that item's alone (领导干部哪些作风问题让群众反感？ asks of 作风, not for the remedies
        listed with 三是要进一步转变领导干部作风)."""
        best = next((s for s in pool if any(s.candidate.overlaps(x) for x in res.exclude)), None)
        if best is None or _SEVERAL.search(query) is None and not _WHERE_ASKED.search(query):
            return None
        pid = best.candidate.paragraph_id
        count, said = self._inner_items(pid, res.exclude)
        if count and said and _BESIDES.search(query):
            # 除了排查调处机制，还要建哪些机制？ after 第三是建立健全矛盾纠纷排查调处机制 (walk
            # 52: pointed back to it): the other items of the list inside its paragraph
            others = [self._item_inside(k, [(pid, 0, 1)]) for k in range(1, count + 1)]
            points = [
                Scored(c, 0.0)
                for k, c in enumerate(others, start=1)
                if k not in said and c is not None and not any(c.overlaps(x) for x in res.exclude)
            ]
            if points:
                told = self._quoting(q, res, points[: self.params.max_points], notice)
                where = self._where_quoted(res, query, best)
                note = LIST_GOES_ON.format(where=where, k=count)
                return told.noted(note)
        run = self.layout.list_run(pid)
        quoted = {x[0] for x in res.exclude}
        rest = [p for p in run if p not in quoted]
        unnamed = functools.reduce(
            lambda text, name: text.replace(name, ""), self.layout.names, query
        )
        if (
            len(run) < 3
            or not rest
            or self._specific_to(unnamed, [p for p in run if p != best.candidate.paragraph_id])
            or not all(LIST_ITEM.match(self.layout.paragraphs[p]) for p in run[1:])
            or not (points := self._items(rest, res))
        ):
            return None
        told = self._quoting(q, res, points, notice)
        where = self._where_quoted(res, query, best)
        note = LIST_GOES_ON.format(where=where, k=len(run))
        return told.noted(note)

    def _led_by_list(self, picked: list[Scored], hits: list[Hit], res: Resolution) -> list[Scored]:
        """A question asking for several things (为什么群众工作越来越难？) whose point is a later
        item of a list running over paragraphs (还有，缺少干事的心态…, the fifth of five reasons)
        gets the list's first item in its place (…高新民分析，首先难在宏观制度方面…): the list is
        read from its start, the note says it is one of k, and 还有吗 gives the rest in order.
        Only for the sentence holding the item's marker, and when the search ranks the first
        item's paragraph close to it (within the paragraph gap: 一是要适应新形势… is no answer to
        畅通群众反映诉求的渠道，有哪些具体的做法？ for which 二是要尽最大能力解决群众的合理诉求 is);
        not when the question's specific words are that item's alone (为什么要… one way), nor
        when it asks yes or no (…也是工作难开展的原因吗？ asks of that item)."""
        out = list(picked)
        quoted = {s.candidate.paragraph_id for s in picked}
        fused: dict[str, float] = {}
        for h in hits:
            fused.setdefault(h.chunk.paragraph_id, h.score)
        for i, s in enumerate(picked):
            pid = s.candidate.paragraph_id
            run = self.layout.list_run(pid)
            own = self._item_point(pid) if pid in run else None
            if (
                own is None  # an inner sentence (其次是疏通拓宽渠道… inside 三是…) answers itself
                or not s.candidate.overlaps(own.candidate.span)
                or len(run) < 3
                or pid not in run
                or run[0] in quoted
                or fused[pid] - fused.get(run[0], -math.inf) > self.params.paragraph_gap
                or not all(LIST_ITEM.match(self.layout.paragraphs[p]) for p in run[1:])
                or self._specific_to(res.topic, [p for p in run if p != pid])
            ):
                continue
            head = self._item_point(run[0])
            if head is None or any(head.candidate.overlaps(x) for x in res.exclude):
                continue
            out[i] = Scored(head.candidate, s.score, s.on_focus)
            # the item's other sentences go with it (they were its context, not the head's)
            return [x for x in out if x.candidate.paragraph_id != pid]
        return out

    def _inner_list_read(self, picked: list[Scored], res: Resolution) -> list[Scored]:
        """A question asking for several things (要建立哪些长效机制？) whose points come from the
        items of a list inside one paragraph (首先是… 其次是… 第三是… 第九是…), two or more of
        them: the list's items in order, each from its marker (up to ``MAX_INNER_ITEMS``), in
        place of the best-scored sentences of it (which skipped 第三, 第四, 第七 and 第八 and
        added the list's filler); the points from other paragraphs after them."""
        for pid in dict.fromkeys(s.candidate.paragraph_id for s in picked):
            markers = self.layout.inner_markers(pid)
            if len(markers) < 3:
                continue
            # (a point reaching into the list counts: 三是建立健全群众工作运行机制。首先是…
            # opens before the first marker, 首先是)
            inside = [s for s in picked if s.candidate.paragraph_id == pid
                      and s.candidate.end > markers[0][0]]  # fmt: skip
            if len(inside) < 2:
                continue
            items = [self._item_inside(k, [(pid, 0, 1)]) for k in range(1, len(markers) + 1)]
            fresh = [
                Scored(c, inside[0].score)
                for c in items[:MAX_INNER_ITEMS]
                if c is not None and not any(c.overlaps(x) for x in res.exclude)
            ]
            if len(fresh) < 2:
                continue
            return fresh + [s for s in picked if s.candidate.paragraph_id != pid]
        return picked

    def _announced_read(self, chosen: list[Scored], res: Resolution) -> tuple[list[Scored], str]:
        """A point announcing what follows it (解决这些问题…就要…并做好以下几点：) is followed by
        what it announces: the sections (or the sub-items of its heading) that come after its
        paragraph, each by its opening sentence not quoted yet, in place of the points after it;
        with a note naming them all; not when it names them itself (大局意识、服从意识、…).
        (Alone, 怎么走群众路线 quoted the announcement, and 还有吗 said the essays say no more.)
        """
        for i, s in enumerate(chosen):
            c = s.candidate
            said = self.layout.paragraphs[c.paragraph_id][c.start : c.end]
            if not _ANNOUNCES.search(said.rstrip("”’」』 ")) or len(_inline_items(said)) >= 3:
                continue  # (…牢固树立大局意识、服从意识、…，其中具体做到以下几方面： names them)
            parts = self._announced(c.paragraph_id)
            openings = [
                p
                for pid in parts.values()
                if (p := self._point_at(pid, 0, sentence_end(self.layout.paragraphs[pid], 0)))
                and not any(p.candidate.overlaps(x) for x in res.exclude)
            ]
            if not openings:
                continue
            kept = chosen[: i + 1]
            note = ANNOUNCED.format(k=len(parts), parts="；".join(parts))
            return kept + openings[: max(self.params.max_points - len(kept), 1)], note
        return chosen, ""

    def _announced(self, pid: str) -> dict[str, str]:
        """What paragraph ``pid`` announces when it ends saying 以下几点： : the essay's
        sections when it comes before them (its introduction), else the sub-items of its own
        heading when it comes before those; each heading → its first paragraph. {} otherwise."""
        chunk = self.layout.chunks_of[pid][0]
        own = self.layout.of_essay.get(chunk.essay_id, [])
        path = chunk.heading_path
        parts = self.layout.items_under(path[-1]) if path else self.layout.sections(chunk.essay_id)
        first = next(iter(parts.values()), None)
        if first is None or first not in own or own.index(pid) >= own.index(first):
            return {}
        return parts

    def _item_point(self, pid: str) -> Scored | None:
        """The sentence of paragraph ``pid`` holding its list item: its first, or the one
        where a first item opens mid-paragraph (…高新民分析，首先难在…)."""
        text = self.layout.paragraphs[pid]
        a = 0
        if not LIST_ITEM.match(text) and (m := _OPENS_LIST.search(text)):
            a = sentence_start(text, m.start())
        return self._point_at(pid, a, sentence_end(text, a))

    def _rest_of_list(self, quoted: Sequence[Span], last: Sequence[Span] = ()) -> list[str]:
        """The items of a list the latest quotes are items of that nothing quoted yet, in order:
        of an enumerated list (一是… 二是…) first, else of numbered sections; a list the
        ``last`` answer quoted from before any other (（2）建章建制发扬民主… just quoted, not the
        一是… 四要… of the answer before it)."""
        said = set(pid for pid, _, _ in quoted)
        for source in (last, quoted) if last else (quoted,):
            runs = [
                run for pid in self._latest(source, 3) if pid in (run := self.layout.list_run(pid))
            ]
            enumerated = [
                r for r in runs if all(LIST_ITEM.match(self.layout.paragraphs[p]) for p in r[1:])
            ]
            for run in enumerated or runs:
                return [p for p in run if p not in said]
        return []

    def _not_yet_said(self, query: str, pool: list[Scored], res: Resolution) -> list[str]:
        """The question's specific words (few passages hold them) that none of the best
        sentences already quoted in the conversation holds, nor the title of its essay (消防 of
        那消防呢？ after 拉近与群众的距离 was quoted from the fire essay: the essay is on it)."""
        said = self._quoted_best(pool, res)
        titles = match_key(
            " ".join(
                self.layout.about_essays[s.candidate.hit.chunk.essay_id][0]
                for s in pool[:3]
                if any(s.candidate.overlaps(x) for x in res.exclude)
            )
        )
        return [
            w
            for w in dict.fromkeys(self._tokenizer.content(query))
            if w in self.judge.known_words
            and w not in _ASKING_VERBS
            and self.judge.share_of_passages(w) <= SPECIFIC_SHARE
            and not any(_says_of(t, w) for t in said)
            and w not in titles
        ]

    def _said_before(
        self, q: str, pool: list[Scored], fresh: list[Scored], res: Resolution
    ) -> bool:
        """A sentence this conversation already quoted, among the best for the turn, holds
        what the turn asks of its own (地方 of 应该到哪些地方去？), and no new one does. Asked
        how, the last answer's quotes do not count: the trainee has just read them (那怎么跟群众
        增进感情 after 二是要切实增进与群众的感情。…: walk 53 pointed back to it)."""
        case = bool(CONDITION.match(q))
        if (
            res.kind == "detail"
            # (not how it is worded: 其中“服务观”如何表述？ asks what was just quoted, walk 60)
            and re.search(
                r"(?:怎么(?!样|回事)|如何|咋|怎样)(?!表述|描述|说|讲|写|定义|界定|概括)", q
            )
            # (what to do if…: the last answer's quote on that case answers it — 如果他们的要求
            # 不合理怎么办？ after “…不合理的诉求，要讲清道理，耐心劝返…”)
            and not case
        ):
            earlier = [x for x in res.exclude if x not in res.last_quoted]
            res = dataclasses.replace(res, exclude=tuple(earlier))
        topic = match_key(res.topic)
        # (not a pronoun or a conjunction: 有人 and 要是 of 要是有人无理缠访闹访呢 say nothing)
        functional = self._functional(q)
        own = [
            w
            for w in self._tokenizer.words(q)
            if len(w) >= 2
            and w not in FRAME_WORDS
            and w not in topic
            and w not in functional
            and not INTERROGATIVE.search(w)
        ]

        def holds(text: str) -> bool:
            return any(w in text for w in own)

        # (what the conversation quoted writing a specific word of the turn's own counts however
        # the search ranks it: 要是有人无理缠访闹访呢？ after …无理缠访闹访的，要坚决依法处理 was
        # quoted, under a long first question that ranks other passages first: walk 47)
        specific = [
            w
            for w in own
            if w in self.judge.known_words and self.judge.share_of_passages(w) <= SPECIFIC_SHARE
        ]
        # a term the turn quotes, whole (其中“服务观”如何表述？ asks 服务观, not the 服务 of a
        # dozen paragraphs: walk 60 quoted one of them)
        terms = [
            t
            for m in _QUOTED.finditer(q)
            if len(t := match_key(m.group()[1:-1])) >= 2 and t in self.layout.corpus_key
        ]
        own += terms
        specific += terms
        written = []
        for pid, a, b in res.exclude:
            text = match_key(self.layout.paragraphs.get(pid, "")[a:b])
            if any(w in text for w in specific):
                written.append(text)
        earlier = [*self._quoted_best(pool, res), *written]
        # What a new sentence must hold to say it anew: the specific words an earlier quote
        # holds, when it holds any (不合理 of 那如果他们的要求不合理呢？ after …不合理的诉求，要讲
        # 清道理… was quoted: a new sentence with 要求 in it says nothing of that)
        # (the longest of overlapping words: 不合理, not its 合理, which 合理诉求 holds too)
        held = [w for w in own if any(w in t for t in earlier)]
        key = [w for w in _longest(held) if w in specific] or _longest(held)
        # ... or a specific word of the turn no earlier quote holds (漠然视之 of 为什么不能漠然视
        # 之？, which 所以，切不可漠然视之。 says anew; 不能 of it is in the earlier quote)
        key += [w for w in own if w not in held and (w in specific or not specific)]
        if case and not any(all(w in t for w in _longest(specific)) for t in earlier):
            # a case is answered by a quote naming all of it (如果群众不理解政策怎么办 is not by
            # …无视政策法律…的，要坚决依法处理)
            return False
        return bool(held) and not any(
            any(w in match_key(self.layout.text(s.candidate)) for w in key) for s in fresh
        )

    def _functional(self, q: str) -> set[str]:
        """The words of ``q`` that say nothing of what it is about: pronouns, conjunctions,
        prepositions, particles (有人, 要是 of 要是有人无理缠访闹访呢)."""
        return {
            w.word
            for w in pos_tagger(self._tokenizer.segmenter).cut(q)
            if w.flag[:1] in ("r", "c", "p", "u")
        }

    def _last_said(self, res: Resolution) -> list[Candidate]:
        """The candidates of the last answer's quotes (for the turn as searched: its vector is
        embedded already; only their spans and text are used)."""
        spans = list(res.last_quoted)
        hits = [h for pid in dict.fromkeys(p for p, _, _ in spans)
                for h in self.layout.paragraph_hits(pid, go_on=False)]  # fmt: skip
        return [c for c in self._candidates(res.search, hits) if any(c.overlaps(x) for x in spans)]

    def _last_quote_on(self, query: str, res: Resolution) -> Scored | None:
        """The sentence of the last answer's quotes holding most of ``query``'s character
        pairs, when it holds a specific word of it too (初访 of 为什么要这么重视初访), or None."""
        pairs = _char_pairs(query)
        specific = [
            w
            for w in self._tokenizer.content(query)
            if w in self.judge.known_words and self.judge.share_of_passages(w) <= SPECIFIC_SHARE
        ]
        said = [
            c
            for c in self._last_said(res)
            if any(c.overlaps(x) for x in res.exclude)
            and any(w in match_key(self.layout.text(c)) for w in specific)
        ]

        def held(c: Candidate) -> int:
            return sum(p in unmarked(match_key(self.layout.text(c))) for p in pairs)

        best = max(said, key=held, default=None)
        return Scored(best, 0.0) if best is not None else None

    def _restated(self, q: str, res: Resolution, fresh: list[Scored]) -> list[Scored]:
        """The last answer's quote that holds every content word the turn asks of its own,
        common as they are (如果利益问题解决不了呢？ after 如果利益问题不解决，思想工作收效甚少
        was quoted: walk 50 read on past it), when no new candidate holds them all; else []."""
        topic = match_key(res.topic)
        functional = self._functional(q)
        words = [
            w
            for w in dict.fromkeys(self._tokenizer.content(q))
            if w not in FRAME_WORDS and w not in topic and w not in functional
        ]

        def all_held(text: str) -> bool:  # (解决不了 by 不解决's 解决)
            key = match_key(text)
            return all(w in key or (len(w) > 2 and w[:2] in key) for w in words)

        # (and more of its character pairs than any new one holding them all: 利益问题 as typed)
        pairs = _char_pairs(q)

        def close(text: str) -> int:
            return sum(p in unmarked(match_key(text)) for p in pairs) if all_held(text) else 0

        if len(words) < 2:
            return []
        said = self._last_said(res)
        best = max(said, key=lambda c: close(self.layout.text(c)), default=None)
        new = max((close(self.layout.text(s.candidate)) for s in fresh), default=0)
        if best is None or close(self.layout.text(best)) <= new:
            return []
        return [Scored(best, 0.0)]

    def _term_said_before(
        self, defined: re.Match, pool: list[Scored], fresh: list[Scored], res: Resolution
    ) -> list[Scored]:
        """The candidates the conversation quoted that say something of the term a definition
        question asks (``defined``: 信访终结是什么意思; a word few passages use, not a phrase
        around one: 设置民情信箱的原因是什么), when no candidate not quoted yet writes it, in
        its text or its headings (not only list it: 大局意识、服从意识、…); else []."""
        asked = match_key(defined.group("term1") or defined.group("term2") or "")
        terms = [t for t in self._terms_of(asked) if len(asked) <= len(t) + 2]
        if not terms or not res.exclude:
            return []

        def written(s: Scored) -> bool:
            own = f"{' '.join(s.candidate.hit.chunk.heading_path)} {self.layout.text(s.candidate)}"
            return any(t in match_key(own) for t in terms)

        if any(written(s) for s in fresh):
            return []
        return [
            s
            for s in pool
            if any(_says_of(match_key(self.layout.text(s.candidate)), t) for t in terms)
            and any(s.candidate.overlaps(x) for x in res.exclude)
        ]

    def _point_back(
        self,
        q: str,
        res: Resolution,
        hits: list[Hit],
        notice: str,
        query: str,
        pool: list[Scored],
        asked: bool = False,
        want: Wanted | None = None,
    ) -> Answer:
        """That the best on the turn was quoted before, naming where: the earlier question that
        quoted it, and the opening of the clause of it that holds most of what is asked now
        (不合理的诉求怎么办？ after a quote of the whole paragraph on 诉求: its clause
        “不合理的诉求，要讲清道理…”), so the trainee finds it without it being quoted again.
        The answer remembers the earlier quote it points to (``Answer.pointed``): 作者是谁？ or
        原文怎么说的？ after it ask about that one. For a factual question (``want``), the clause
        giving the value asked for (板凳会多久开一次？: “每月初十晚上，…”)."""
        said = [(s, x) for s in pool for x in res.exclude if s.candidate.overlaps(x)]
        found = said[0] if said else None
        if (aspect := _ASPECT_ASKED.search(match_key(query))) is not None:
            # the quote saying the aspect asked, among the best few (联席会议制度有什么作用:
            # 充分发挥联席会议的综合协调作用…, not the heading 首先是建立完善…联席会议制度; walk 52)
            found = next(
                (
                    (s, x)
                    for s, x in said[:4]
                    if aspect.group() in match_key(self.layout.text(s.candidate))
                ),
                found,
            )
        elif _WHY_ASKED.search(query) and found is not None:
            # the quote giving the cause or effect asked about, among the best few
            found = next(
                (
                    (s, x)
                    for s, x in said[:4]
                    if _CAUSAL.search(match_key(self.layout.text(s.candidate)))
                ),
                found,
            )
        if found is None and (on := self._last_quote_on(query, res)) is not None:
            # (none of the best on the turn was quoted: the last answer's quote closest to it,
            # not a bare 请看上文 — walk 51's 为什么要这么重视初访)
            found = (on, next(x for x in res.exclude if on.candidate.overlaps(x)))
        if found is None:
            return self._refuse(q, res, hits, notice, _quoted_before_text(res, asked))
        best, earlier = found
        where = f"（{self._where_quoted(res, query, best, want)}）"
        told = self._refuse(q, res, hits, notice, _quoted_before_text(res, asked, where))
        return dataclasses.replace(told, pointed=(earlier,))

    def _where_quoted(
        self, res: Resolution, query: str, best: Scored, want: Wanted | None = None
    ) -> str:
        """回答「…」时引用的“<the clause of ``best`` on what ``query`` asks>……”，见《…》: first
        the clause giving the value a factual question asks for (``want``)."""
        who = next((q for span, q in res.quoted_by if best.candidate.overlaps(span)), "")
        text = self.layout.text(best.candidate)
        words = [w for w in dict.fromkeys(self._tokenizer.words(query)) if len(w) >= 2]
        # (and the question's character pairs, marks aside: 嘴稳手稳身稳什么意思 is cut into
        # 稳手 / 稳身, which 嘴稳、手稳、身稳 does not hold; walk 48's pointer showed the clause
        # before it)
        pairs = _char_pairs(query)
        clauses = [(m.start(), m.group()) for m in _CLAUSE.finditer(text)]
        # a topic switched to first (无理取闹 of 那无理取闹的呢？: the clause on 无理缠访闹访, not
        # the one on 不合理的诉求 the question it switched from asked)
        switched = self._pairs(res.anchor) if res.anchor_given else []

        def score(clause: str) -> tuple[int, int, float, int]:
            key = match_key(clause)
            bare = unmarked(match_key(clause))
            return (
                int(want is not None and carries(clause, want)),
                sum(p in key for p in switched),
                sum(self.retriever.idf(w) for w in words if w in key),
                sum(p in bare for p in pairs),
            )

        # only what was quoted: of a sentence shown in part (its list's items 服务观… and
        # 民主与依法执政观…), not a clause never shown (树立“四观”…; walk 62)
        c = best.candidate
        seen = [
            (max(a, c.start) - c.start, min(b, c.end) - c.start)
            for (_, a, b), _ in res.quoted_by
            if c.overlaps((c.paragraph_id, a, b))
        ]
        shown_clauses = [(at, cl) for at, cl in clauses if any(a <= at < b for a, b in seen)]
        scored = [(at, score(cl)) for at, cl in shown_clauses or clauses or [(0, text)]]
        top = max(s for _, s in scored)
        at = next(a for a, s in scored if s == top)
        # from a clause just before it on the question too (稳定工作跟计生工作哪个重要？: from
        # “稳定工作高于一切，计生工作不打折扣…”, not from its second clause on)
        at = min(
            (
                a
                for a, s in scored
                if at - POINTER_CHARS // 2 <= a <= at and s[:2] == top[:2] and s[2] >= 1.0
            ),
            default=at,
        )
        if _WHY_ASKED.search(query) and (cause := _CAUSAL.search(text)) is not None:
            # a why: from the clause giving the cause (这种做法让…产生反感…), not the one
            # repeating the effect asked about (…极大的伤害了人民群众的感情)
            at = max((a for a, _ in scored if a <= cause.start()), default=at)
        where = f"回答「{short(who)}」时引用的" if who else "前面引用的"
        title = self.layout.about_essays[best.candidate.hit.chunk.essay_id][0]
        shown = text[at:].strip()
        beyond = match_key(shown[POINTER_CHARS:])
        opening = match_key(shown[:POINTER_CHARS])
        further = bool(_ASKS_FURTHER.search(match_key(query))) or any(
            w in beyond and w not in opening and self.judge.share_of_passages(w) <= SPECIFIC_SHARE
            for w in words
            if w in self.judge.known_words
        )
        return f"{where}“{_pointed_to(shown, further)}”，见《{title}》"
