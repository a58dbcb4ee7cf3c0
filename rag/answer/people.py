"""The people in the essays: who said something, what someone thinks, who 他 is.

The essays quote leaders (毛主席), experts they introduce by name and unit (中央党校党建部教授
高新民), and speakers given by role only (江西省宜黄县某官员). ``PeopleQuestions`` answers
这话是谁说的？ and 高新民还有哪些观点？ from what the essays attribute (never the narrator's own
sentences), resolves 他 / 她 to the person the last answer is about, and refuses people the
essays never mention (习近平总书记关于群众工作有哪些论述？). It is mixed into
``rag.answer.compose.Answerer`` and answers through its quoting and refusing.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence

from rag.answer.dialogue import (
    MAX_FOLLOWUP_CHARS,
    Resolution,
    Span,
    Turn,
    comparison,
    orphan_text,
    person_names,
    short,
)
from rag.answer.evidence import SPECIFIC_SHARE
from rag.answer.facts import (
    ASKING_WORDS,
    LEADERS,
    ROLES,
    SAYING,
    Wanted,
    titled_people,
)
from rag.answer.sentences import (
    MIN_POINT_CHARS,
    Candidate,
    Scored,
    is_lead,
)
from rag.answer.types import Answer, Citation
from rag.core.chars import HAN
from rag.core.textnorm import match_key, to_simplified
from rag.retrieval.search import Hit

ROLE_REACH = 40  # how far before the words a speaker given by role may stand
MAX_REFUSED_BACK = 3  # how many turns back 他 / 她 may name someone, over refused ones
# 他 / 她 as a pronoun (not 他们, 他人, 其他, 吉他, 他山之石, 他乡).
_HE = r"[他她](?![们人山乡])"
_PRONOUN = re.compile(rf"(?<![其吉]){_HE}")
# Verbs giving someone's words or views, and questions asking for them.
_SAYS = r"(说|认为|指出|分析|表示|强调|看来|发现|介绍|坦言|提出|提到)"
# Someone the essays name by a title or role as saying something (江西省宜黄县某官员甚而称之,
# 毛主席提出过, 一把手曾经私下跟我说): a speaker, though not one they introduce by name.
_SPEAKER = re.compile(
    rf"[{HAN}]{{0,8}}{ROLES}(?:[^，。；]{{0,6}}|[^，。；]{{0,20}}?(?:采访|访谈|座谈)时)"
    # (多位党建领域资深专家在接受《瞭望》新闻周刊采访时解读道: walk 40)
    rf"(说|认为|指出|分析|表示|强调|提出|称|讲|解读)"
)
_EXAMPLE_OPENINGS = ("比如", "例如", "譬如", "比方说")
_ROLE_NAMED = re.compile(rf"[{HAN}]{{0,8}}?(?:某|一位|一名|有的|一些)?{ROLES}")


# Words someone relays (华北某县的一把手曾经私下跟我说，…): whom they heard them from
_RELAYED = re.compile(
    rf"(?P<src>[{HAN}]{{2,12}}?)(?:曾经|曾)?(?:私下)?(?:跟|对|和|向)我(?:说|讲|谈)"
)


def speaker_note(who: str, quote: str = "") -> str:
    """The line saying whose words a quote is: ``who``'s, or words ``who`` relays (…跟我说)."""
    if relayed := _RELAYED.search(quote):  # “华北某县的一把手曾经私下跟我说…”
        return f"（文章中这是{who}转述的话：{relayed.group('src')}跟{who}说的。）"
    return f"（文章中这句话是{who}说的。）"


def _opening(text: str) -> str:
    """The first words of a quote, to name it by, cut before a quotation it opens and does not
    close (江西省宜黄县某官员甚而称之“人们不愿相… → 江西省宜黄县某官员甚而称之…)."""
    shown = short(text.strip("“”"), 20)
    if shown.count("“") > shown.count("”"):
        shown = shown[: shown.rfind("“")].rstrip("，：:") + "…"
    return shown


def _role(text: str) -> str:
    """Who ``text`` says speaks by a role (江西省宜黄县某官员 of 江西省宜黄县某官员甚而称之…),
    when it says so itself; ""."""
    if (m := _SPEAKER.search(text)) is None:
        return ""
    found = _ROLE_NAMED.match(m.group())
    return found.group() if found else ""


# A quote opening with whose view it is: 一些基层干部认为，… / 高新民指出，…
_OWN_SPEAKER = re.compile(
    r"^(?:[^，。；“”]{1,6}[，,])?(?P<who>[^，。；“”：]{2,12}?)(?:普遍|也|都|则|还|曾)?"
    r"(?:认为|指出|表示|强调|坦言|反映|说)[，,：:]"
)
# ... a person or group as that speaker (not 这说明 / 实践证明)
_GROUPS = re.compile(r"干部|群众|官员|专家|教授|学者|领导|人士|同志|党员|居民|百姓|记者|一把手")
_VIEWS = re.compile(
    r"观点|看法|认为|说了|说过|还说|怎么看|如何看|主张|见解|分析|指出|讲了|提出了?什么"
)


def _holding(found: Candidate, spans: Sequence[Span]) -> Span | None:
    """The span of ``spans`` that holds all of ``found``, or None."""
    return next(
        (
            x
            for x in spans
            if x[0] == found.paragraph_id and x[1] <= found.start < found.end <= x[2]
        ),
        None,
    )


def _inside_quotes(text: str, at: int) -> bool:
    """``at`` lies inside a “…” quotation of ``text``."""
    return text[:at].count("“") > text[:at].count("”")


# A short turn about him or her (他还有哪些观点？ 她多大年纪？).
# The people a trainee speaks of in their own questions (有个老上访户…, 老板不配合…)
_PARTIES = re.compile(
    r"老上访户|上访户|上访者|上访人|信访人|缠访户|当事人|老板|业主|商户|村民|居民"
)  # (not 群众, 老百姓: nearly every question's; 他 is then someone in particular)
# ... and whom they introduce so (有个老渔民天天来站里闹, 有一位大妈…): someone in particular
_INTRODUCED = re.compile(
    r"有(?:一)?[个位名](?P<who>[\u4e00-\u9fff]{0,4}?"
    r"(?:民|户|人|爷|奶|婆|妈|娘|婶|叔|伯|哥|姐|嫂|汉|翁|员|者|主|板|农|工|头|生))"
    r"(?=天天|总是|老是|经常|一直|老|总|常|来|去|在|跟|不|说|要|非|就|又|也|[，,。])"
)  # (有 first: not 我一个人在村里…, 作为一名党员…: the trainee themself; review of stop 41)
MAX_PARTY_TURNS = 3  # how far back the trainee's own words are looked in for whom 他 is


# Someone the trainee knows, by surname: 老张, 小王 (the commonest surnames), where the name
# ends (老张家, 老李说, 小王总不配合; not 小程序, 老毛病, 老顾客, 小马过河)
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范廖贾夏韦付邹熊孟秦邱侯尹薛闫段雷黎史陶贺顾毛郝龚邵覃钱乔赖"
)
_NAME_ENDS = "家说的他她和跟与又也总就还是在对把被给让要会都才却老不没一天"
_ACQUAINTANCE = re.compile(rf"[老小][{_SURNAMES}](?=[{_NAME_ENDS}]|[^{HAN}]|$)")


def _trainees_parties(history: Sequence[Turn]) -> tuple[list[str], bool]:
    """Whom the latest of the trainee's questions that speaks of anyone speaks of (老张 and 老李
    of 老张家和老李家为了宅基地…; 老上访户), distinct, the last named last; and whether that
    question is the last answered one (or asked after it); ([], False) when none does."""
    latest = True
    for turn in reversed(history[-MAX_PARTY_TURNS:]):
        text = to_simplified(turn.query)
        found = sorted(
            [
                *((m.start(), m.group()) for m in _PARTIES.finditer(text)),
                *((m.start(), m.group()) for m in _ACQUAINTANCE.finditer(text)),
                *((m.start("who"), m.group("who")) for m in _INTRODUCED.finditer(text)),
            ]
        )
        if found:
            return list(dict.fromkeys(who for _, who in found)), latest
        latest = latest and not turn.answered
    return [], False


_ABOUT_PRONOUN = re.compile(rf"^(那|那么)?(?P<who>{_HE})")
# Asking for someone's words: with a name jieba tags as a person's, that person is asked about.
_SAYING = re.compile(
    r"(总书记|主席|同志|教授)?(是|都|也|还|曾经?)?(怎么|如何|怎样)?"
    rf"(的观点|的看法|的论述|论述|的要求|{SAYING})"
)


# A meeting or document of the Party's named (二十届三中全会, 十八大, 中央一号文件, 政府工作报告)
_EVENT = re.compile(
    r"(?:[一二三四五六七八九十]+届)?[一二三四五六七八九十]中全会|(?:党的)?(?:十[一二三四五六七八九]|二十)大"
    r"|全国两会|(?:中央)?一号文件|政府工作报告"
)


# Two people referred to (他们两个人的观点有什么不同？ after the experts were named; walk 62:
# searched 不同): the two the last answer named
_THEY_TWO = re.compile(
    r"(?:他们|她们|他俩|她俩|这两位专家|两位专家|这两位|这两个人|这二位|二人|两人)(?:两个人|两位|俩|两人|二位)?"
)


class PeopleQuestions:
    """Answers on the people the essays quote (mixed into the Answerer)."""

    def _named(self, q: str, history: Sequence[Turn]) -> str:
        """``q`` with 他 / 她 replaced by the person the last answer is about, when it names
        one the essays introduce (群众工作难在哪里？ quoted 高新民: 他还说了什么？ asks about
        him); unchanged otherwise."""
        if not _PRONOUN.search(q) or len(q) > MAX_FOLLOWUP_CHARS:
            return q
        asked = self._people_asked(history)
        parties, latest = _trainees_parties(history) if not _VIEWS.search(q) else ([], False)
        named = asked or self._people_named(history) or self._she_in(q)
        if parties and not asked and (latest or not named):
            # 那要是他就是无理取闹呢？ right after 老张…老李… (walk 46: 他 had become 高新民,
            # whom the answer quoted), 他的诉求要是不合理呢？ after 有个老上访户…反复来访 when
            # the answers since named no one (walk 44): whom the trainee spoke of; of two
            # (老张, 老李) 他 stays as typed
            return _PRONOUN.sub(parties[0], q, count=1) if len(parties) == 1 else q
        if len(named) != 1:  # nobody, or more than one: the pronoun stays ambiguous
            return q
        return _PRONOUN.sub(named[0], q, count=1)

    def _pair_named(self, q: str, history: Sequence[Turn]) -> str:
        """``q`` with 他们两个人 written as the two people the last answer named, when it
        compares them (高新民和张希贤的观点有什么不同？); else ``q``."""
        m = _THEY_TWO.search(q)
        if m is None or len(people := self._people_named(history)) != 2:
            return q
        named = f"{q[: m.start()]}{people[0]}和{people[1]}{q[m.end() :]}"
        return named if comparison(named) is not None else q

    def _people_asked(self, history: Sequence[Turn]) -> list[str]:
        """The people the essays introduce whom the last questions name, back over refused ones
        to the last answered (高新民是哪个学校的教授？ → 他认为…), or the author of the essay a
        facts question asked about; or []."""
        for back, turn in enumerate(reversed(history[-MAX_REFUSED_BACK:]), start=1):
            # the last question naming someone, over refused ones (高新民是哪一年出生的？ →
            # 他带过多少学生？ → 那她讲过什么专题？)
            if asked := [n for n in self.layout.names if n in match_key(turn.query)]:
                return asked
            essay = self._referred_before(turn, history[:-back])  # (这篇: what they quoted)
            if essay and self.layout.authors.get(essay):
                return [self.layout.authors[essay]]  # 社区那篇文章是谁写的？ → 他是哪个社区的？
            if turn.answered:
                break
        return []

    def _people_named(self, history: Sequence[Turn]) -> list[str]:
        """The people the last questions name (``_people_asked``); else whom the last answer
        names (topic or quotes)."""
        if asked := self._people_asked(history):
            return asked
        last = next((t for t in reversed(history) if t.answered), None)
        if last is None:
            return []
        # (its quotes, or the earlier quote it pointed to: 这是哪个专家的观点 answered by
        # pointing to “张希贤认为，…”, then 他还说过哪些观点)
        said = match_key(last.about) + "".join(
            self.layout.paragraphs.get(pid, "")[a:b] for pid, a, b in last.shown
        )
        if named := [n for n in self.layout.names if n in said]:
            return named
        # A leader the essays name by a title only (毛主席提出过“两个务必”…)
        if leaders := list(dict.fromkeys(re.findall(rf"[{HAN}](?:{'|'.join(LEADERS)})", said))):
            return leaders
        # An item of a list someone gives (还有，缺少干事的心态… of 高新民分析，首先难在…).
        leads = [
            self._introducing(pid) for pid, _, _ in last.shown if pid in self.layout.paragraphs
        ]
        said = "".join(self.layout.text(c) for c in leads if c is not None)
        return [n for n in self.layout.names if n in said]

    def _she_in(self, q: str) -> list[str]:
        """[the one woman the essays introduce] when ``q`` says 她 and nobody is named before:
        the essays call 高新民 她 (她认为，改革开放以来…), so 她怎么看依法执政？ is about her."""
        says = _VIEWS.search(q) or re.search(_SAYS, q)
        return [self._she] if self._she and "她" in q and says else []

    @functools.cached_property
    def _she(self) -> str:
        """The person the essays' 她 refers to: the one named nearest before it (in its
        paragraph, else the closest of the two before), when every 她 refers to one and the
        same; or ""."""
        found = set()
        for pid, text in self.layout.paragraphs.items():
            if "她" not in text:
                continue
            at = self.layout.place[pid]
            named: set[str] = set()
            for p in reversed(self.layout.order[max(0, at - 2) : at + 1]):
                if (
                    self.layout.chunks_of.get(p)
                    and self.layout.chunks_of[p][0].essay_id != pid.split("-")[0]
                ):
                    break
                if named := {n for n in self.layout.names if n in self.layout.paragraphs[p]}:
                    break
            if len(named) != 1:
                return ""
            found |= named
        return found.pop() if len(found) == 1 else ""

    def _unknown_person(self, q: str, history: Sequence[Turn]) -> Answer | None:
        """他还有哪些观点？ when 他 could not be told (the last answer named nobody, or several):
        a question back, not quotes about whoever the words happen to match."""
        if not _ABOUT_PRONOUN.match(q) or len(q) > MAX_FOLLOWUP_CHARS:
            return None
        named = self._people_named(history) or self._she_in(q)
        who = _ABOUT_PRONOUN.match(q).group("who")
        last = next((t for t in reversed(history) if t.answered), None)
        quoted = (
            "".join(self.layout.paragraphs.get(p, "")[a:b] for p, a, b in last.quoted)
            if last
            else ""
        )
        if not named and (role := _SPEAKER.search(quoted)):
            # 他叫什么名字？ after 江西省宜黄县某官员甚而称之…: someone the essays never name
            person = re.match(rf".*?{ROLES}", role.group()).group().strip("“”")
            why = f"「{who}」如果是指「{person}」：文章没有写出他的名字，也没有他的更多情况。"
            return Answer.refusal(q, why)
        said = f"上一个回答提到了{'、'.join(named)}" if named else "上一个回答没有提到具体的人"
        why = f"「{who}」指的是谁？{said}，请说出名字再问。"
        return Answer.refusal(q, why)

    def _stranger(self, question: str) -> str:
        """A person the question names with a title (习近平总书记, 王教授…) whom no essay
        mentions, or a meeting or document of the Party's (二十届三中全会, 一号文件), or "".
        (jieba's person tags alone misread ordinary words as names.)"""
        for m in _EVENT.finditer(question):  # (walk 55: answered with the essays' 2011 text)
            if match_key(m.group()) not in self.layout.corpus_key:
                return m.group()
        for name in titled_people(question):
            if len(name) >= 2 and match_key(name) not in self.layout.corpus_key:
                return name
        for name in person_names(question):
            # 习近平怎么说群众工作的？: a name without a title, saying something (not 明白 in
            # 怎样跟群众说明白政策, nor 向阳 in 向阳社区强调什么)
            if not re.search(rf"{re.escape(name)}{_SAYING.pattern}", question):
                continue
            if re.fullmatch(rf"[老小][{HAN}]", name):
                continue  # 老李说我们偏心: someone the trainee knows, not asked about (walk 46)
            # 毛泽东 is the essays' 毛主席: a surname they give with a title is no stranger
            titled = any(f"{name[0]}{t}" in self.layout.corpus_key for t in LEADERS)
            if match_key(name) not in self.layout.corpus_key and not titled:
                return name
        return ""

    def _own_speaker(self, text: str) -> str:
        """Whose view ``text`` says it is, opening with it (一些基层干部认为，…), or ""."""
        m = _OWN_SPEAKER.match(text)
        if m and (
            _GROUPS.search(m.group("who")) or any(n in m.group("who") for n in self.layout.names)
        ):
            return m.group("who")
        return ""

    def _answer_speaker(self, q: str, res: Resolution, notice: str) -> Answer:
        """这是谁说的？ after an answer: the sentence of a quoted paragraph that names who says
        it (中央党校党建部教授高新民分析，…), the latest quoted first, quoted again on purpose;
        or that the essay does not name anyone there. 这话 is what the last answer quoted: an
        earlier answer's speaker (毛主席 of 两个务必) is not this one's."""
        # (the last answer's quotes in its order: 这话 is its first point's more than its last;
        # walk 47: 这是谁转述的 after the 华北某县的一把手 quote named 张希贤 by the next
        # paragraph's 张希贤认为; else the latest quoted first)
        recent = list(
            dict.fromkeys(pid for pid, _, _ in (res.last_quoted or list(reversed(res.exclude))))
        )
        # “一些基层干部认为，传统依赖的群众工作方式逐渐失灵…”: the quote says whose view it is
        # (when it is the only quote of the last answer that names a speaker)
        texts = [(pid, self.layout.paragraphs.get(pid, "")[a:b]) for pid, a, b in res.last_quoted]
        own = [(pid, t, m) for pid, t in texts if (m := self._own_speaker(t))]
        others = [t for _, t in texts if not own or t != own[0][1]]
        if len(own) == 1 and not any(_SPEAKER.search(t) for t in others):
            pid, text, who = own[0]
            title = self.layout.chunks_of[pid][0].title if pid in self.layout.chunks_of else ""
            why = f"前面引用的“{short(text.strip('“”'), 20)}”，《{title}》写明是{who}的看法。"
            return self._refuse(q, res, self.layout.paragraph_hits(pid, go_on=False), notice, why)
        named = [(pid, t, who) for pid, t in texts if (who := self._own_speaker(t) or _role(t))]
        if own and len(named) == len(texts) > 1:
            # every quote says whose it is (一些基层干部认为，… / 江西省宜黄县某官员甚而称之…):
            # each, not one of them quoted again as "the" speaker's
            told = "；".join(f"“{_opening(t)}”是{who}的看法" for _, t, who in named)
            why = f"前面引用的论述都写明了是谁的看法：{told}。"
            near = self.layout.paragraph_hits(named[0][0], go_on=False)
            return self._refuse(q, res, near, notice, why)
        for by_role in (False, True):  # an expert the essays introduce, in any quote, first
            for pid in recent:
                found = self._naming(pid, by_role=by_role) or self._introducing(pid, by_role)
                if found is not None and self._faithful(point := Scored(found, 0.0)):
                    shown = self.layout.text(found)
                    if (earlier := _holding(found, res.exclude)) is not None:
                        # quoted before in this conversation, whole: whose it is said, the
                        # quote pointed to, not quoted twice (walk 60: “张希贤认为，…” quoted
                        # again two turns after it was). (“……。”高新民说。 over a quote of
                        # its words alone is quoted: the attribution is what is new.)
                        return self._speaker_pointed(q, res, notice, found, earlier)
                    told = self._quoting(q, res, [point], notice)
                    # named in words, not left to the quote (“当务之急…，”张希贤说，“…” quoted
                    # again: walk 54 read it as no answer)
                    if who := next((n for n in self.layout.names if n in shown), ""):
                        told = told.noted(speaker_note(who, shown))
                    return told
        chunks = self.layout.chunks_of.get(recent[0], []) if recent else []
        title = chunks[0].title if chunks else ""
        where = f"《{title}》" if title else "文章"
        why = f"{where}在这里没有写明是谁说的。" if recent else orphan_text(q)
        text = self.layout.paragraphs.get(recent[0], "") if recent else ""
        cited = [(a, b) for pid, a, b in res.exclude if recent and pid == recent[0]]
        # “为官之要，先存百姓…”: words the essay quotes without naming whose
        quotation = next(
            (text[a:b] for a, b in cited if "“" in text[max(0, a - 1) : a + 1]
             or _inside_quotes(text, a + 1)), "",
        )  # fmt: skip
        author = self.layout.authors.get(chunks[0].essay_id, "") if chunks else ""
        if len(essays := self.layout.essays_of(recent)) > 1:
            # 群众不信任新来的咋办？ quoted two essays: neither names a speaker there
            why = f"{self.layout.titles_of(recent)}在这里都没有写明是谁说的"
            authors = [f"《{self.layout.about_essays[e][0]}》作者{a}" for e in essays
                       if (a := self.layout.authors.get(e))]  # fmt: skip
            why += f"（{'；'.join(authors)}）。" if authors else "。"
        elif quotation:
            why = f"{where}引用的“{short(quotation.strip('“”。 '), 20)}”没有写明出处"
            why += f"；其余是文章作者{author}的论述。" if author else "。"
        elif author:  # the essay's own words, then: its author's (e3 is 袁正清's)
            why = f"{where}在这里没有引用别人的话，这是文章作者{author}的论述。"
        # Suggestions from around the quote, not the essays' titles at random.
        near = self.layout.paragraph_hits(recent[0], go_on=False) if recent else []
        return self._refuse(q, res, near, notice, why)

    def _speaker_pointed(
        self, q: str, res: Resolution, notice: str, found: Candidate, earlier: Span
    ) -> Answer:
        """Who says ``found``, which the earlier quote ``earlier`` holds: said, and that quote
        pointed to (``Answer.pointed``: 他还说过哪些观点 then refers to the one named)."""
        shown = self.layout.text(found)
        pid, a, b = earlier
        where = f"原文见前面引用过的“{_opening(self.layout.paragraphs.get(pid, '')[a:b])}”。"
        why = f"文章在这里写明了是谁说的，{where}"
        if who := next((n for n in self.layout.names if n in shown), "") or _role(shown):
            why = f"{speaker_note(who, shown)}{where}"
        near = self.layout.paragraph_hits(found.paragraph_id, go_on=False)
        told = self._refuse(q, res, near, notice, why)
        return dataclasses.replace(told, pointed=(earlier,))

    def _whose_view(self, pool: Sequence[Scored], subject: str) -> list[Scored]:
        """Who holds the view of ``subject`` (“法理型认同”是谁的观点？) when the best sentence
        holding it names nobody: the sentence before it in its paragraph that says whose view
        the paragraph gives (高新民认为，…很大变化。 then 一方面，…转变为法理型认同…), quoted
        with it (walk 50: refused as naming no one); [] when nobody is named so before it."""
        for s in pool:
            c = s.candidate
            if subject not in match_key(self.layout.text(c)):
                continue
            found = self._naming(c.paragraph_id, by_role=False)
            if found is None or found.start > c.start:
                return []
            text = self.layout.text(found)
            if not any(
                re.search(rf"{re.escape(n)}[^，。；]{{0,12}}?(?:{SAYING})", text)
                for n in self.layout.names
            ):
                return []
            return [Scored(found, s.score), s] if found.start != c.start else [s]
        return []

    def _naming(self, pid: str, lead: bool = False, by_role: bool = True) -> Candidate | None:
        """The first sentence of paragraph ``pid`` that names someone the essays introduce
        (高新民: jieba's person tags alone misread 学理论…). A short attribution (“……。”高新民说。)
        is quoted with the sentence it attributes; ``lead``: only a sentence announcing what
        follows (高新民认为有几个问题需要重视：). Someone named only by a title or a role
        (某官员, 一把手) counts, when ``by_role``, if nobody the essays introduce is named there."""

        def a_name(text: str) -> bool:
            return any(name in text for name in self.layout.names)

        def a_role(text: str) -> bool:
            return bool(_SPEAKER.search(text))

        for names in (a_name, a_role) if by_role else (a_name,):
            for h in self.layout.paragraph_hits(pid, go_on=False):
                sentences = self._sentences(h)
                base = h.chunk.start
                for i, (a, b, vec) in enumerate(sentences):
                    text = h.chunk.text[a:b]
                    if not names(text) or (lead and not is_lead(text)):
                        continue
                    if i and len(text.strip("。！？；…”“ ")) < MIN_POINT_CHARS * 2:
                        a = sentences[i - 1][0]  # 高新民说。 says whose words the one before is
                    return Candidate(h, base + a, base + b, vec, 0.0)
        return None

    def _introducing(self, pid: str, by_role: bool = True) -> Candidate | None:
        """For an item of a list (一是… / 其次…), the sentence naming who the list is from: in
        the paragraph that announces it (高新民认为有几个问题需要重视：), or in its first item
        (…高新民分析，首先难在…); for the other half of a view (另一方面，…执政党自身，也发生了
        重大变化。), the sentence naming who gave its 一方面 (高新民认为，…一方面，…); or None."""
        order, at = self.layout.order, self.layout.place[pid]
        # an example of the view before it (比如，农村可大力发展农村专业合作社… of 张希贤's
        # 构建开展党群工作的新平台) is that view's speaker's too
        example = self.layout.paragraphs[pid].startswith(_EXAMPLE_OPENINGS)
        if (example or self.layout.paragraphs[pid].startswith("另一方面")) and at:
            before = order[at - 1]
            same = (
                self.layout.chunks_of[before][0].essay_id == self.layout.chunks_of[pid][0].essay_id
            )
            if same and (example or "一方面" in self.layout.paragraphs[before]):
                return self._naming(before, by_role=by_role)
        run = self.layout.list_run(pid)
        if pid not in run:
            return None
        if run[0] != pid and (found := self._naming(run[0], by_role=by_role)) is not None:
            return found
        order, at = self.layout.order, self.layout.place[run[0]]
        before = self.layout.chunks_of.get(order[at - 1]) if at else None
        if not before or before[0].essay_id != self.layout.chunks_of[pid][0].essay_id:
            return None
        return self._naming(order[at - 1], lead=True, by_role=by_role)

    def _views_of(self, query: str) -> str:
        """The person whose views ``query`` asks for (高新民还有哪些观点？ 张希贤怎么看…), or ""."""
        key = match_key(query)
        if not _VIEWS.search(key):
            return ""
        if name := next((name for name in self.layout.names if name in key), ""):
            return name
        # 毛主席还说了什么: a leader the essays name by a title only
        titled = re.search(rf"[{HAN}](?:{'|'.join(LEADERS)})", key)
        return titled.group() if titled and titled.group() in self.layout.corpus_key else ""

    def _view_topic(self, query: str, who: str) -> str:
        """What a question on someone's views asks them about (依法执政 of 高新民怎么看依法执政？),
        when it names something specific the essays hold (few passages: not 群众工作); or ""."""
        rest = _VIEWS.sub(" ", match_key(query).replace(match_key(who), " "))
        words = [w for w in self._tokenizer.terms(rest) if w not in ASKING_WORDS]
        known = [w for w in words if w in self.judge.known_words]
        if not any(self.judge.share_of_passages(w) <= SPECIFIC_SHARE for w in known):
            return ""
        return " ".join(known)

    def _attributed(self, c: Candidate | Citation, name: str) -> bool:
        """The essays give the sentence as ``name``'s: it names them; it is quoted (“…”) in a
        paragraph naming them, or in one that opens a quotation after a paragraph naming them;
        it follows 高新民认为 / 指出 … in its paragraph; or it is an item of a list they
        introduce (高新民认为有几个问题需要重视： → 一是…)."""
        paragraph = self.layout.paragraphs[c.paragraph_id]
        if name in self.layout.text(c):
            return True
        if name in paragraph and _inside_quotes(paragraph, c.start + 1):  # “ opening it too
            return True
        if re.search(rf"{re.escape(name)}[^，。；]{{0,6}}{_SAYS}", paragraph[: c.start]):
            return True
        if name == self._she and re.match(rf"她{_SAYS}", paragraph):  # 她认为，改革开放以来…
            return True
        # A quotation going on from the paragraph naming them, in its last sentence and under
        # the same heading (胡锦涛 named in e3's opening is not the speaker of the “为官之要…”
        # that opens its first section).
        order, at = self.layout.order, self.layout.place[c.paragraph_id]
        if paragraph.startswith("“") and at:
            before = order[at - 1]
            last = re.split(r"(?<=[。！？])(?=.)", self.layout.paragraphs[before].rstrip())[-1]
            same = (
                self.layout.chunks_of[before][0].heading_path
                == self.layout.chunks_of[c.paragraph_id][0].heading_path
            )
            if name in last and same:
                return True
        lead = self._introducing(c.paragraph_id)
        return lead is not None and name in self.layout.text(lead)

    def _with_introductions(self, query: str, hits: list[Hit]) -> list[Hit]:
        """``hits`` and, for a factual question naming someone the essays introduce, the
        passage introducing them (where their title is), wherever it ranks for the question."""
        key = match_key(query)
        found: dict[str, Hit] = {}
        for name, intro in self.layout.names.items():
            if name in key:
                for h in self.retriever.search(intro, k=2).hits:
                    if name in h.chunk.text:
                        found.setdefault(h.chunk.id, h)
        if not found:
            return hits
        # First: only the best paragraphs give candidates, and a value must be found in them.
        ordered = [*found.values(), *(h for h in hits if h.chunk.id not in found)]
        return [dataclasses.replace(h, rank=i) for i, h in enumerate(ordered, start=1)]

    def _speaker_of(
        self,
        c: Candidate | Citation,
        want: Wanted,
        asked: frozenset[str] = frozenset(),
        roles: bool = True,
    ) -> str:
        """For a question asking who said something: the person the essays give ``c`` as
        said by, though it does not name them (“…关键在领导。”高新民说。), or someone the
        sentence gives by role (江西省宜黄县某官员甚而称之“…”) unless not ``roles`` (a name
        is asked for: 那个官员叫什么名字？); or ""."""
        if want.kind != "person":
            return ""
        if named := next(
            (n for n in self.layout.names if n not in asked and self._attributed(c, n)), ""
        ):
            return named
        if not roles:
            return ""
        # a role right before the words, in their sentence: 某官员甚而称之“人们不愿相信…”
        text = self.layout.paragraphs.get(c.paragraph_id, "")
        start = max(text.rfind("。", 0, c.start) + 1, c.start - ROLE_REACH)
        role = _SPEAKER.search(text[start : c.end])
        if role is None or "“" not in text[start + role.end() : c.end]:
            return ""
        return re.match(rf".*?{ROLES}", role.group()).group().strip("“”")
