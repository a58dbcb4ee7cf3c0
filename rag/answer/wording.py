"""What the essays write, and what they do not: a question's words checked against the corpus.

Whether a turn names something no essay mentions (今天天气怎么样), a term only a heading writes
(雷厉风行是什么意思？) or only a list names, a word few passages use (what a question is
specifically about, as against its topic word), a phrase of the essays' own (换位思考), and
whether a question is broad (only words nearly every passage holds: 如何做好群众工作).
``EssayWording`` is mixed into ``rag.answer.compose.Answerer``: it reads the essays' layout
(``self.layout``), the tokenizer and the evidence judge's word statistics; it answers nothing
itself.
"""

from __future__ import annotations

import functools
import itertools
import re

from rag.answer.dialogue import (
    _AUXILIARY,
    _QUOTED,
    FRAME_WORDS,
    INTERROGATIVE,
    NOUN_SUFFIXES,
    Resolution,
    things_named,
    vague,
)
from rag.answer.evidence import SPECIFIC_SHARE
from rag.answer.facts import ASKING_WORDS
from rag.answer.sentences import ENUMERATOR, Candidate
from rag.answer.types import Answer
from rag.core.chars import HAN
from rag.core.textnorm import match_key
from rag.retrieval.search import Hit
from rag.retrieval.spelling import sounds_alike

# A word held by at most this share of the passages names what a switched topic is asked about
# (平台 of 群众工作平台怎么创新, in 18 % of the passages, all e5's): no paragraph on 消防 holding
# it, the switch is refused, not answered with what the fire essay says of anything else
ASKED_SHARE = 0.3

RARE_PHRASE_PASSAGES = 2  # a phrase's words each in at most this many passages: it is specific
MIN_RUN_CHARS = 4  # single characters in a row, at least, that make a phrase (不推不拖)

COMMON_WORD_FREQ = 1000  # jieba's count of a word of everyday Chinese (包括 24,052; 强拆 7)

# 什么是X？ X是什么意思？: asks what X is.
_DEFINITION = re.compile(
    r"^(?:请问)?(?:什么(?:是|叫)(?P<term1>[^？?，,]+?)|(?P<term2>[^？?，,]+?)(?:那个|这个)?"
    r"(?:是什么意思|是啥意思|什么意思|指的是什么|是指什么|指什么|是怎么回事|是什么|是啥"
    # 团队意识那个讲的是啥 (walk 47)
    r"|(?:讲|说|指)的是(?:什么|啥)(?:意思)?))[？?。]?$"
)

# A law, a rule or a document that rules, by its title (《信访条例》, 《中国共产党纪律处分条例》)
_RULES_TITLED = re.compile(
    r"《(?P<title>[^《》]{1,30}?(?:条例|法|办法|规定|细则|章程|意见|通知|决定|纲要|准则|规则))》"
)
# ... or named without book marks (营商环境优化条例对政府部门有什么要求？ walk 62: answered
# with 信访 sentences): only the endings no plain word has (办法, 规定 and 法 are words too)
_RULES_BARE = re.compile(
    r"(?<![《\u4e00-\u9fff])(?P<title>[\u4e00-\u9fff]{2,14}?(?:条例|实施细则|管理办法|暂行规定|暂行办法))"
    r"(?!》)"
)

# What a bare title's run may start with that is no part of the title (根据信访工作条例)
_BEFORE_TITLE = re.compile(
    r".*(?:根据|按照|依照|依据|对照|学习|学了|贯彻|落实|结合|参照|关于|对于|有关|我们|我|在|是|把|按|讲|说|的|了"
    r"|有|没|吗|要|遵守|执行)"
)
# What names no particular law before its ending (管理条例, 相关的管理办法: plain nouns)
_NO_LAW_NAMED = re.compile(
    r"^(?:管理|相关|有关|具体|这些|那些|这个|那个|各项|各种|一些|什么|哪些)?$"
)
_LAW_ENDINGS = ("实施细则", "管理办法", "暂行规定", "暂行办法", "条例")


def _bare_title(question: str, m: re.Match[str]) -> re.Match[str] | None:
    """The title of a law a bare run ``m`` ends with, as a match in ``question`` (the run
    less the words before it: 根据信访工作条例 → 信访工作条例), or None when too short."""
    title = m.group("title")
    cut = _BEFORE_TITLE.match(title)
    title = title[cut.end() :] if cut else title
    stem = next((title[: -len(e)] for e in _LAW_ENDINGS if title.endswith(e)), title)
    if len(title) < 4 or _NO_LAW_NAMED.match(stem):
        return None  # (社区有没有民情信箱的管理办法？ / 有没有相关的管理条例要遵守？)
    return re.compile(rf"(?P<title>{re.escape(title)})").search(question, m.start())


# What someone holds, asked of a person or an essay (高新民的观点; walk 62: 张希贤 "never spoke
# of 观点"): any passage of theirs is one, whether it writes the word or not
_VIEW_WORDS = frozenset("观点 看法 说法 主张 想法 见解 提法 论述 意见".split())

_SET_OUT_FROM = re.compile(r"根据|按照|依照|依据|对照|学习|学了|贯彻|落实|结合|参照")
_ARTICLE_ASKED = re.compile(r"第[^，。？]{1,4}条|哪一?条|第几条|哪几条|条款")
_ASKED_OF_IT = re.compile(r"什么|啥|怎么|怎样|如何|哪|吗|多少|几|是否|有没有|第[^，。？]{1,4}条")

_MARKS = re.compile(r"[、，,；;：:“”\"‘’「」\s]")


def unmarked(text: str) -> str:
    """``text`` without the marks between its words (嘴稳、手稳、身稳 → 嘴稳手稳身稳)."""
    return _MARKS.sub("", text)


def loosely_marked(text: str) -> re.Pattern[str]:
    """A pattern of ``text`` (matching form, marks aside) that allows a mark between any two
    of its characters: 冷横硬冲 finds 冷、横、硬、冲, 解放了农民也解散了农民 finds 解放了农民，
    也解散了农民."""
    return re.compile("[、，,；;：:]?".join(map(re.escape, unmarked(match_key(text)))))


MAX_BARE_TERM = 8  # a question of one term and nothing else (发扬民主)
MAX_QUOTED_TERM = 12  # a quoted term (“枫桥经验”); longer, it is words someone said
# What introduces words someone said, right before them (群众说“…”, 有人骂：“…”); not the essays
# saying them (文章有没有说“枫桥经验”: a term asked about)
_SAID_BEFORE = re.compile(
    r"(?<!有没有)(?<!是否)(?<!有无)(?<!文章)(?<!文中)(?<![里中没不都也请想])"
    r"(?P<verb>说|讲|问|骂|喊|嚷嚷?|称|质问|反问|抱怨|吼|嘀咕|来一句)(?:过|了|道)?[：:，,]?\s*$"
)
# ... words only said (骂, 喊 …); after 说 / 讲 / 问 / 称 the words must sound said (书上说“四议两
# 公开” names a term: the review of stop 42)
_ONLY_SAID = frozenset("骂 喊 嚷 嚷嚷 质问 反问 抱怨 吼 嘀咕 来一句".split())
_SPOKEN = re.compile(r"[你我他她们吗呢吧啊呀！!？?啥咋嘛]|不|没|就是|都|又来")
# A quoted name the question only sets out from (根据…开展“我为群众办实事”实践活动的部署要求，…):
# an activity or a campaign, named in a clause before the one that asks (not 文章对落实“接诉即办”
# 有何论述, nor 围绕“接诉即办”，…: the review of stop 43)
_SETTING_AFTER = re.compile(
    r"^\s*(?:实践活动|主题活动|活动|主题教育|专项行动|行动)[^，,。；;？?！!]*[，,；;]"
    r"[^？?]{8,}"
)
# ... or one of a kind the question asks for the essays' like of (我们想搞一个“板凳会”…，文章里有没
# 有类似的做法？: walk 59 refused it)
_LIKE_IT = re.compile(r"类似|相似|相近|差不多")


class EssayWording:
    """The corpus' vocabulary asked about a question's words (mixed into the Answerer)."""

    @functools.cached_property
    def _corpus_unmarked(self) -> str:
        """The essays' text and headings in matching form without the marks between words
        (“大群工”观 is written 大群工观 here)."""
        headings = {h for c in self.layout.chunks for h in c.heading_path}
        return unmarked(match_key("\n".join([self.layout.corpus_key, *sorted(headings)])))

    def _unknown(self, term: str, unmarked: bool = False) -> bool:
        """``term`` holds a character that no two-character stretch the essays write holds
        (枫 of 枫桥经验, 天 of 天气); ``unmarked``: marks between their words aside."""
        key = self._corpus_unmarked if unmarked else self.layout.corpus_key
        pairs = [term[i : i + 2] in key for i in range(len(term) - 1)]
        return any(not any(pairs[max(0, i - 1) : i + 1]) for i in range(len(term)))

    def _unknown_quoted(self, question: str) -> str:
        """A term the question quotes (新时代“枫桥经验”和群众工作有什么关系) that no essay
        writes, nor most of its characters' neighbours, or "": what it asks about is not in
        the essays, whatever else it shares with them."""
        for m in _QUOTED.finditer(question):
            term = unmarked(match_key(m.group()[1:-1]))
            if not 3 <= len(term) <= MAX_QUOTED_TERM:
                continue  # (words someone said, quoted, are looked up as a quote)
            if (said := _SAID_BEFORE.search(question[: m.start()])) and (
                said.group("verb") in _ONLY_SAID or _SPOKEN.search(m.group())
            ):
                continue  # 群众说“你们就是不想给报”，怎么回应: what someone said (walk 57)
            # (“大群工观”: the essays write “大群工”观, a mark between)
            if term in self._corpus_unmarked or not self._unknown(term, unmarked=True):
                continue
            if _SETTING_AFTER.match(question[m.end() :]):
                continue  # 开展“我为群众办实事”实践活动: what the question sets out from
            if _LIKE_IT.search(question[m.end() :]):
                continue  # “板凳会”…有没有类似的做法: what the essays have like it
            if not self._abbreviated(term):  # (“转作风”: the essays' 转变领导干部作风)
                return m.group()[1:-1]
        titled = list(_RULES_TITLED.finditer(question)) or [
            m for b in _RULES_BARE.finditer(question) if (m := _bare_title(question, b))
        ]
        for m in titled:
            # 《信访条例》第十四条是怎么规定的？ (walk 60: answered with 信访工作机制): a law or
            # rule the essays never cite, asked about in the clause naming it; not one the
            # question sets out from (根据《信访条例》，群众反映问题应该怎么受理？) or states
            # (《宪法》规定人民是国家的主人，文章怎么说…), nor a paper (《人民日报》)
            # (关于《信访工作条例》，文章里怎么说的？ / 《公务员法》，文章有涉及吗？: the law
            # alone in its clause is the topic; 按照《消防法》，…要遵守哪一条？ asks an article)
            start = max(question.rfind(c, 0, m.start()) for c in "，,。；;？?！!") + 1
            ends = [i for c in "，,。；;？?！!" if (i := question.find(c, m.end())) >= 0]
            clause = question[start : min(ends, default=len(question))]
            alone = not re.sub(r"关于|对于|有关", "", clause.replace(m.group(), "")).strip()
            asked = (
                _ARTICLE_ASKED.search(question)
                or alone
                or (
                    not _SET_OUT_FROM.search(question[start : m.start()])
                    and _ASKED_OF_IT.search(clause)
                )
            )
            if asked and unmarked(match_key(m.group("title"))) not in self._corpus_unmarked:
                return m.group("title")
        return ""

    def _abbreviated(self, term: str) -> bool:
        """The essays write ``term`` in one clause as two runs of it with a gap between, within
        three times its length: a short form of theirs (转作风 of 转变领导干部作风, walk 59 refused
        it); never a term with a character they do not write (枫桥经验), nor one whose every
        character stands apart (放管服: 放…管…服 is no writing of it; the review of stop 43)."""
        gap = f"[^，。；：！？、,;:!?\\s]{{1,{2 * len(term)}}}?"
        return any(
            len(found) <= 3 * len(term)
            for i in range(1, len(term))
            for found in re.findall(
                re.escape(term[:i]) + gap + re.escape(term[i:]), self.layout.corpus_key
            )
        )

    def _mended_quoted(self, question: str) -> str:
        """``question`` with a term it quotes that no essay writes (nor a heading), but one
        character off one string the essays write, the two characters read alike (“代民做主”
        for 代民作主: walk 45, refused as a term the essays never mention), written as the essays
        write it, as it is with the marks the essays put between its words; else ``question``.
        (“服务意识” is no slip of 服从意识: 务 and 从 differ.)"""
        for m in _QUOTED.finditer(question):
            term = m.group()[1:-1]
            key = match_key(term)
            if not 4 <= len(key) <= MAX_QUOTED_TERM:
                continue
            if key not in self.layout.corpus_key and unmarked(key) in self._corpus_unmarked:
                # (“解放了农民也解散了农民”: the essays write 解放了农民，也解散了农民, a mark
                # between; walk 51 quoted a sentence without the words) — as a paragraph writes it
                pattern = loosely_marked(key)
                for pid, para in self.layout.paragraph_keys.items():
                    if (found := pattern.search(para)) and len(term) == len(key):
                        written = self.layout.paragraphs[pid][found.start() : found.end()]
                        question = question.replace(term, written, 1)
                        break
                continue
            if unmarked(key) in self._corpus_unmarked:
                continue
            found = {
                hit
                for i in range(len(key))
                for hit in re.findall(
                    re.escape(key[:i]) + f"[{HAN}]" + re.escape(key[i + 1 :]),
                    self.layout.corpus_key,
                )
                if sounds_alike(key[i], hit[i])
            }
            if len(found) == 1:
                question = question.replace(term, found.pop(), 1)
        return question

    def _foreign(self, text: str) -> bool:
        """``text`` names something no essay mentions (天气 in 今天天气怎么样, 中午): a turn
        that is no follow-up of a question on the essays."""
        words = things_named(match_key(text))
        content = [w for w in self._tokenizer.content(text) if len(w) >= 2]
        if content and all(self._unknown(w) for w in content):
            # 有没有哪本书推荐？ (书 a character jieba tags no noun there): all it asks, 推荐,
            # the essays never write
            words += content
        return any(
            w not in ASKING_WORDS
            and not INTERROGATIVE.match(w)  # 哪几个 (方面)
            and not vague(w)
            and not _AUXILIARY.match(w)
            and self._unknown(w)
            for w in words
        )

    def _only_named(self, question: str) -> str:
        """The term a definition question asks about (什么是X / X是什么意思) when every sentence
        of the essays holding it only names it as an item of a list (第五是建立健全X。), or ""."""
        m = _DEFINITION.match(question.strip())
        term = (m.group("term1") or m.group("term2") or "").strip("“”「」的 ") if m else ""
        key = match_key(term)
        if len(key) < 3 or key not in self.layout.corpus_key:
            return ""
        for sentences in self.layout.corpus_sentences:
            for i, s in enumerate(sentences):
                if key not in s:
                    continue
                if len(re.sub(rf"^{ENUMERATOR}", "", s)) > len(key) + 8:
                    return ""  # a sentence saying more of it
                after = sentences[i + 1] if i + 1 < len(sentences) else ""
                if after and not re.match(ENUMERATOR, after):
                    return ""  # 四是记好民情日记。 then what it is: explained after its name
        return term

    def _heading_only(self, question: str) -> tuple[str, str, str] | None:
        """(term, heading, the first paragraph under it) when a definition question (X是什么
        意思), or a question of the term alone (发扬民主), asks about a term that one heading
        writes and no paragraph does; else None."""
        m = _DEFINITION.match(question.strip())
        term = (m.group("term1") or m.group("term2") or "").strip("“”「」的 ") if m else ""
        bare = question.strip("？?。！! ")
        if not m and len(bare) <= MAX_BARE_TERM and not INTERROGATIVE.search(bare):
            term = bare  # 发扬民主 (the topic of 那发扬民主呢？) alone
        key = match_key(term)
        if len(key) < 3 or (key in self.layout.corpus_key and not self._only_listed(key)):
            return None
        under = {
            heading: pids[0]
            for heading, pids in self.layout.under_heading.items()
            if key in match_key(heading)
        }
        if len(under) != 1:
            return None
        ((heading, pid),) = under.items()
        return term, heading, pid

    def _only_listed(self, key: str) -> bool:
        """Every paragraph writing ``key`` (matching form) only lists it with others, between
        、 (…责任意识、团队意识、创先意识…: walk 47's 团队意识讲的是啥 got 大局意识)."""
        for text in self.layout.paragraphs.values():
            text = match_key(text)
            at = text.find(key)
            while at >= 0:
                end = at + len(key)
                if not (text[at - 1 : at] == "、" or text[end : end + 1] == "、"):
                    return False
                at = text.find(key, end)
        return True

    def _section_named(self, topic: str, hits: list[Hit]) -> list[Hit]:
        """The paragraphs under the one heading that writes ``topic`` (three characters or
        more), when none of them is among ``hits``; []."""
        key = match_key(topic)
        if len(key) < 3:
            return []
        sections = [
            pids for heading, pids in self.layout.under_heading.items() if key in match_key(heading)
        ]
        if len(sections) != 1:
            return []
        (under,) = sections
        found = {h.chunk.paragraph_id for h in hits}
        if any(pid in found for pid in under):
            return []
        return [h for pid in under for h in self.layout.paragraph_hits(pid, go_on=False)]

    def _subsections(self, question: str, answer: Answer) -> str:
        """（「3、抓模范带头，能力上适应」这一部分分4点：（1）…；…）when ``question`` names the
        first phrase of a heading with sub-headings (模范带头, 抓观念教育), not one of theirs
        (坦荡做人 is （2）坦荡做人，不搞阴谋 too), and ``answer`` quotes that part; else ""."""
        heading = self._heading_named(question)
        if not heading:
            return ""
        subs = self.layout.headed[heading]
        under = [
            c
            for c in answer.citations
            if (chunks := self.layout.chunks_of.get(c.paragraph_id))
            and heading in chunks[0].heading_path
        ]
        if not under:
            return ""
        return f"（「{heading}」这一部分分{len(subs)}点：{'；'.join(subs)}。）"

    def _not_on(self, anchored: list[Candidate], res: Resolution) -> list[str]:
        """The specific words (few passages hold them) of what a switched topic is asked
        about, when no paragraph on the new topic holds any of them; [] otherwise. (A time the
        question is set in, 现在农村年轻人都出去打工了, is no thing it asks about.)"""
        anchor = match_key(res.anchor)
        rare = [
            w
            for w in dict.fromkeys(things_named(match_key(res.search), times=False))
            if w not in anchor and anchor not in w and w not in FRAME_WORDS and not vague(w)
            and w not in _VIEW_WORDS and w in self.judge.known_words
            and self.judge.share_of_passages(w) <= ASKED_SHARE
        ]  # fmt: skip
        held = " ".join(  # a paragraph, the headings it is under (一、摆正位置，…) and its
            # essay's title (e2-p4 on 公平正义 says 消防部门; its title, 谈消防工作中…)
            match_key(
                " ".join(
                    (
                        self.layout.paragraphs.get(c.paragraph_id, ""),
                        *c.hit.chunk.heading_path,
                        c.hit.chunk.title,
                    )
                )
            )
            for c in anchored
        )
        return [] if not rare or any(w in held for w in rare) else rare

    def _strange_nouns(self, topic: str, only: bool = False) -> str:
        """The nouns of a topic switched to that no essay writes, whole or in parts of two
        characters or more (「物业」「业主」 of 物业和业主闹矛盾; not 农村干部: 农村 + 干部),
        quoted and joined; "" when it has none (or, ``only``, when it names anything else)."""

        def written(noun: str) -> bool:
            key = match_key(noun)
            if len(key) >= 3 and key[-1] in NOUN_SUFFIXES:
                key = key[:-1]  # 消防队: 消防 + 队, the essays' 消防官兵 and 消防部门
            spans = [
                (i, i + n)
                for n in range(2, len(key) + 1)
                for i in range(len(key) - n + 1)
                if key[i : i + n] in self.layout.corpus_key
            ]
            # (or by a synonym: 新媒体 is the essays' 现代传媒; walk 48 said they never
            # mention 媒体)
            return all(any(a <= i < b for a, b in spans) for i in range(len(key))) or bool(
                self.retriever.synonyms(noun)
            )

        named = [
            n
            for n in dict.fromkeys(self._tokenizer.nouns(topic))
            if len(n) >= 2 and not vague(n) and n not in FRAME_WORDS
        ]
        strange = [n for n in named if not written(n)]
        if only and len(strange) < len(named):
            return ""
        return "".join(f"「{n}」" for n in strange)

    def _unknown_words(self, name: str) -> str:
        """The words of ``name`` no essay uses (恳谈 in 民情恳谈), joined; "" when the essays
        write ``name`` or every word of it."""
        if match_key(name) in self.layout.corpus_key:
            return ""
        # jieba's search mode (消防官兵 → 消防, 官兵, 消防官兵), over the name's matching form:
        # every word is a stretch of ``key``
        words = self._tokenizer.words(name)
        known = [w for w in words if w in self.layout.corpus_key]
        key = match_key(name)
        # where the known words stand in the name (摆正 and 位置 of 先摆正位置 cover 正位)
        spans = [(m.start(), m.end()) for k in known for m in re.finditer(re.escape(k), key)]

        def covered(word: str) -> bool:  # 消防官兵 by 消防 + 官兵; 正位 by 摆正 + 位置
            at = key.find(word)
            return all(any(a <= i < b for a, b in spans) for i in range(at, at + len(word)))

        return "、".join(w for w in words if w not in known and not covered(w))

    def _names_a_subject(self, text: str) -> bool:
        """``text`` names something of its own (大党委制, 消防执法人员), not only frame words
        (需要注意的问题有哪些, 应该怎样落实): it can be asked on its own."""
        return any(n not in FRAME_WORDS for n in self._tokenizer.nouns(text)) or self._names_a_term(
            text
        )

    def _terms_of(self, text: str, min_chars: int = 3) -> list[str]:
        """The words of ``text`` few passages use, ``min_chars`` characters or longer
        (信访终结公示制度, 终结公示): what a sentence writing them is about."""
        return [
            w
            for w in dict.fromkeys(self._tokenizer.words(text))
            if len(w) >= min_chars
            and w in self.judge.known_words
            and self.judge.share_of_passages(w) <= SPECIFIC_SHARE
            and not INTERROGATIVE.match(w)  # 哪几个 (方面) asks, it names nothing
        ]

    def _names_a_term(self, text: str) -> bool:
        """``text`` holds a term few passages use, whatever jieba tags it (违法行为 is an
        idiom to it): it asks about something specific."""
        return bool(self._terms_of(text))

    def _rare_word(self, text: str) -> bool:
        """``text`` holds a word few passages use (发扬民主, 廉洁; not 社区, 民主)."""
        return bool(self._terms_of(text, min_chars=1))

    def _written_by_few(self, topic: str) -> bool:
        """``topic`` is written, as it is, by one paragraph or ``RARE_PHRASE_PASSAGES`` (its
        text or its headings)."""
        key = match_key(topic)
        held = sum(
            key in match_key(" ".join((text, *self.layout.chunks_of[pid][0].heading_path)))
            for pid, text in self.layout.paragraphs.items()
        )
        return 0 < held <= RARE_PHRASE_PASSAGES

    @property
    def _few_passages(self) -> float:
        """The share of passages ``RARE_PHRASE_PASSAGES`` passages are: a word in no more is
        rare here."""
        n = self.retriever.index.lexical.size
        return RARE_PHRASE_PASSAGES / n if n else 0.0

    def _rarest_word(self, text: str) -> bool:
        """``text`` holds a word of two characters or more that at most
        ``RARE_PHRASE_PASSAGES`` passages use and that is rare in Chinese at large (强拆 of
        为啥说强拆不行, though jieba tags it a verb; 廉洁 of 为什么一定要廉洁, an adjective to it;
        not 包括 of 包括哪些方面): a short turn writing it asks about it, not about the last
        topic."""
        few = self._few_passages
        common = self._tokenizer.segmenter.FREQ
        return any(
            len(w) >= 2
            and 0 < self.judge.share_of_passages(w) <= few
            and (common.get(w) or 0) < COMMON_WORD_FREQ
            and not INTERROGATIVE.match(w)
            for w in dict.fromkeys(self._tokenizer.words(text))
        )

    def _defined_phrase(self, text: str) -> bool:
        """``text`` asks what a phrase of four characters or more means (嘴稳手稳身稳是什么
        意思？) that the essays write, marks aside (“嘴稳、手稳、身稳”), in at most
        ``RARE_PHRASE_PASSAGES`` paragraphs: it asks about that, not about the last topic (walk
        44: read as 廉洁——嘴稳手稳身稳是什么意思)."""
        m = _DEFINITION.match(match_key(text).strip())
        return bool(m) and self._written_at(m.group("term1") or m.group("term2")) is not None

    def _written_at(self, phrase: str) -> tuple[str, int, int] | None:
        """Where the essays write ``phrase`` (four characters or more, marks between its words
        aside: 只对上负责不对下负责, 嘴稳手稳身稳), when at most ``RARE_PHRASE_PASSAGES``
        paragraphs do: (the first's id, start, end), else None."""
        chars = unmarked(match_key(phrase.strip()))
        if len(chars) < 4:
            return None
        pattern = re.compile(f"{_MARKS.pattern}*".join(map(re.escape, chars)))
        found = [
            (pid, m.start(), m.end())
            for pid, key in self.layout.paragraph_keys.items()
            if (m := pattern.search(key))
        ]
        return found[0] if 0 < len(found) <= RARE_PHRASE_PASSAGES else None

    def _rare_phrase(self, text: str) -> bool:
        """``text`` writes two adjacent words that few passages use and the essays write
        together (换位思考, 打成一片; not 加强学习, 依法办事): a phrase of the essays', which names
        something whatever jieba tags its words."""
        words = self._tokenizer.content(text)
        key = match_key(text)
        few = self._few_passages
        for a, b in itertools.pairwise(words):
            phrase = a + b
            if (
                len(phrase) >= 4
                and phrase in key
                and phrase in self.layout.corpus_key
                and all(0 < self.judge.share_of_passages(w) <= few for w in (a, b))
            ):
                return True
        # ... or a run of single characters jieba found no word in (不推不拖 of 为什么要不推不
        # 拖？, walk 50: read as a why of the last topic) that few paragraphs write
        run = ""
        for w in [*self._tokenizer.words(text), ""]:
            if len(w) == 1:
                run += w
                continue
            # (written this few times in all: in as few paragraphs at most)
            if len(run) >= MIN_RUN_CHARS and run in key:
                if 0 < self.layout.corpus_key.count(run) <= RARE_PHRASE_PASSAGES:
                    return True
            run = ""
        return False

    def _broad(self, query: str) -> bool:
        """Only common words (如何做好群众工作): the question asks about the essays' common
        ground, not about one passage."""
        terms = self._tokenizer.terms(query)
        share = self.params.broad_share
        return bool(terms) and all(self.judge.share_of_passages(t) >= share for t in terms)
