"""Factual questions: which kind of value a question asks for (a year, a number, a person …),
and whether a sentence gives one.

The essays argue; they rarely give figures, dates or names. A question that asks for one is
answered only when a quoted sentence carries a value of the asked kind about the asked subject
(``compose.Answerer`` checks the subject); otherwise the answer says what the essays do mention.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rag.core.chars import HAN
from rag.core.textnorm import match_key

# A number as a value: digits, or Chinese numerals other than a lone 一 (一个村庄 is an
# article, not a count) and 几 (几次 is vague).
_DIGITS = "一二三四五六七八九十百千万两半"
_NUM = rf"(?:\d+(?:\.\d+)?|[{_DIGITS[1:]}][{_DIGITS}]*|一[{_DIGITS}]+)"
# (not 几个年轻人, 几个日子, 几个月份: a unit only where no word goes on from it; walk 46)
_TIME_UNIT = (
    r"个?(?:工作日|小时|分钟|星期|天(?![气然])|日(?![子常])|月(?![份饼])"
    r"|年(?![轻纪级代份龄度])|周(?![边围到全]))"
)
# How something the essays mention ended (宜黄那个事后来怎么处理的？ 结果呢？ 最后怎么样了？); not
# 群众对处理结果不满意怎么办 or 处理结果要公开吗, which ask how to handle things
OUTCOME = (
    r"(?:后来|最后|最终)(?:又|是)?(?:怎么|如何|咋)(?:处理|解决|收场|了结)的"
    r"|(?:后来|最后|最终)(?:怎么样|怎样|如何)了|后来(?:呢|怎么样|怎样|如何)"
    r"|结果(?:呢|怎么样了|如何了)"
    r"|(?:有没有|是否)被(?:处理|处分|问责|追责)(?:过|了)?(?=[？?。吗呢没有]*$)"
    r"|被(?:处理|处分|问责|追责)了(?:吗|没)"
)
# Verbs of saying, which a question about who said something puts beside 谁 (谁提出的, 谁的建议)
# and one about someone's words beside their name (高新民怎么分析): one list for the facts
# check here, the person answers (people.py) and the terms of a who-question (compose.py).
SAYING_VERBS = (
    "提出 提议 建议 主张 认为 指出 分析 强调 转述 引用 引述 主讲 首创 发明 说 讲 写 谈"
).split()
SAYING = "|".join(sorted(SAYING_VERBS, key=len, reverse=True))
# Counters a count may be given in; a question naming one wants that one.
_COUNTERS = (
    "人次|学时|课时|个|名|位|人|件|条|项|户|元|块|万|亿|次|起|分|岁|成|家|所|篇|届|期|批|套|公斤|亩"
)


@dataclass(frozen=True)
class Wanted:
    """The kind of value a question asks for."""

    # date, when (什么时候: a date or a time of day, week or month), age, weekday, span,
    # frequency, how_long (多久: a span or a frequency), count, person, place, identity, gender,
    # law, works, procedure, career, outcome
    kind: str
    unit: str = ""  # the counter a count question names (次, 学时 …), if any
    named: frozenset[str] = frozenset()  # people the question itself names (not an answer)

    @property
    def label(self) -> str:
        """What is missing, in words: ``文章……没有给出{label}``."""
        return _LABELS[self.kind]


_LABELS = {
    "date": "年份或日期",
    "when": "具体的时间",
    "age": "年龄",
    "weekday": "具体是哪一天",
    "span": "具体的时长",
    "frequency": "具体的频次",
    "how_long": "具体的时长或频次",
    "how_soon": "具体的时限",
    "count": "具体的数字",
    "person": "具体的人名",
    "place": "具体的地方或单位",
    "identity": "这个人的身份",
    "gender": "性别",
    "law": "具体的法律条文",
    "works": "著作或出版物",
    "procedure": "具体的流程或步骤",
    "career": "任职经历",
    "outcome": "后来的结果或处理情况",
}
# Who someone named is (高新民是谁？): answered by a sentence that gives the name with a title.
_IDENTITY = re.compile(r"是谁|什么人|干什么的|做什么的|什么身份|什么职务|哪里的(教授|专家|人)")

# What a question asks for, tried in this order (on the question's matching form).
_ASKS = (
    ("gender", re.compile(r"男的还是女的|是男是女|男性还是女性|性别")),
    ("age", re.compile(r"多大年纪|多大岁数|几岁|多少岁|年龄|多大了")),
    # 她出版过哪些书？ 高新民的代表作是什么？: a title, which the essays give of no one's work
    ("works", re.compile(r"出版|著作|著有|专著|代表作|(?:写|出)(?:过|了)(?:哪些|什么|几本)书")),
    (
        "date",
        re.compile(r"哪[一几]?年|哪些年|(?:什么|哪个)年代|哪一?天|年份|日期|哪个月"),
    ),
    # 板凳会什么时候开？ is answered by 每月初十晚上 as well as by a date
    # (not 几点: 消防那篇讲了几点？ asks how many points)
    ("when", re.compile(r"何时|什么时候|啥时候|哪个时候|什么时间")),
    ("weekday", re.compile(r"(每周|星期|礼拜|周)几")),
    (
        "frequency",
        re.compile(
            # (好久…一次: 多久 as said in the southwest, walk 55)
            r"(多久|好久|多长时间|几天|隔多久).{0,8}(一次|一回|一趟|一圈|一遍)|每隔多久|频率|多久开"
        ),
    ),
    # How soon something is done (合理诉求要多久解决？): a span, or 立即
    (
        "how_soon",
        re.compile(
            r"(?:多久|多长时间|几天|多少天|几个小时|多少小时)(?:以?内|之内)?"
            r"(?:要|能|得|必须|应该|应当|就|才能?)?"
            r"(?:解决|答复|回复|办结|处理|反馈|受理|办理|落实|到场|赶到|回应|办好)"
        ),
    ),
    # 多久 alone asks how long or how often (网格员多久入户走访？ is answered by 每周…两次).
    ("how_long", re.compile(r"(?<![没不])多久(?!以[后前]|之[后前]|才)")),
    (
        "span",
        # (not 吵了好几年 / 十几天 / 这几年: walk 58 refused a question telling one; nor 八几年,
        # the eighties: walk 59)
        re.compile(
            rf"多长时间|(?<![没不])多久|多少{_TIME_UNIT}"
            rf"|(?<![哪少好十这那一二三四五六七八九零〇])几{_TIME_UNIT}|期限"
        ),
    ),
    # 谁来当主心骨 asks for a role; a name is asked for with 叫什么 / 哪位 / 谁 + a verb of saying.
    (
        "person",
        re.compile(
            rf"叫什么名字|什么名字|姓名|哪位|是谁[？?]?$|谁(?:提的|提过|{SAYING})"
            r"|是(?:个)?什么人|什么身份|哪(?:个|一个|一位)(?:专家|教授|学者|领导|人)(?:提|说|讲|认为)"
            # 这是谁的观点？ 出自谁之口？ (walk 41: 这是谁的观点 searched for 观点)
            r"|谁的(?:观点|看法|话|说法|意见|主张|论断|原话|建议|提议|主意)|出自(?:谁|何人)"
            # 上述观点系何人提出？ (walk 60: refused)
            # (not 为何人民群众…, 为何人们…: why people …; review of stop 44)
            rf"|何人(?:所)?(?:{SAYING})|(?:系|为|是)何人(?![民们心员士口家际群类])"
            r"|何人之(?:言|语|观点|看法)"
            # 这是哪个专家的观点？ (walk 53: searched for 专家 and 观点)
            r"|哪(?:个|一个|一位|位)(?:专家|教授|学者|领导|人)的(?:观点|看法|话|说法|意见|主张|建议)"
        ),
    ),
    (
        "place",
        re.compile(
            r"哪(个|座|所|家)(城市|省|市|县|区|镇|乡|村|社区|街道|地方|地区|国家|大学|学校|学院|部门|单位|机关)"
            r"|在(?:哪|哪里|哪儿|什么地方)(试点|举行|发生|工作|任职|担任|发表|召开|举办|成立|出台|颁布)"
        ),
    ),
    # A procedure (消防监督检查的具体流程分哪几步？ 按什么程序挂牌督办？): steps in order answer
    # it, not a sentence saying 按照规定程序办事 (在办案流程上常犯哪些错误 asks for errors)
    (
        "procedure",
        re.compile(
            r"(?:流程|步骤|手续|程序)(?:是|有|分|包括)?(?:什么|啥|怎样|怎么样|哪些|哪几|几)"
            r"|分(?:哪|几)(?:几)?(?:步|个步骤)|(?:按|走|经过|履行)(?:什么|哪些|啥)(?:样的?)?(?:流程|程序|手续|步骤)"
            r"|(?:流程|步骤|手续)[是为]?(?:怎样的|如何)"
        ),
    ),
    # Posts someone held (高新民后来当过什么领导职务？): a career, which the essays give of no
    # one (they give titles: 中央党校党建部教授); 领导 of 关键在领导 was quoted for it
    (
        "career",
        re.compile(
            r"(?:当过|担任过|任过|做过|干过|出任|升任|调任)(?:什么|哪些|哪个|哪几个|啥)?(?:样的?)?"
            r"(?:领导)?(?:职务|职位|官职|官|领导|岗位)|任职经历|工作经历|履历|简历"
        ),
    ),
    # How an event the essays mention ended (宜黄那个事后来怎么处理的？): the essays cite events
    # as examples and report no outcome; 群众的诉求怎么处理 asks how, not what came of it
    (
        "outcome",
        re.compile(OUTCOME),
    ),
    # Which law or article (依据的是哪条法律？): a named law or an article number answers it.
    (
        "law",
        re.compile(
            r"哪(一|几)?(条|部|项|个)(法律|法规|条例|规定|法条|法)|什么法律|哪条法"
            # 《信访工作条例》第几条规定…; not 民主决策是第几条, an item of a list
            r"|(?:法|条例|规定|办法)》?[^，。？?]{0,6}第几条|第几条(?:规定|法)"
        ),
    ),
    (
        "count",
        re.compile(
            r"多少|(?<![哪少数])几(?=次|岁|元|万|亿|成|学时|课时|人次|起|分|名|户|亩)|百分之几|比例是|比率|负债率"
            # 配几个调解员？ 要几个人？ 请几个居民代表？ (people counted; 几个方面 asks for a
            # list; 好几个干部, 这几个干部 are some, and 为什么 / 怎么 / 有啥讲究 ask something
            # else of them)
            # 一个小区一般挂几个？ (a count is what the question ends asking for)
            r"|(?<![哪少数这那好有])几(?:个|位|名)(?:呢|啊|吧)?[？?。]?$"
            r"|^(?!.*(?:为什么|为啥|为何|怎么|怎样|如何|咋|啥|什么|哪些))"
            r".*(?<![哪少数这那好有])几(?:个|位)[\u4e00-\u9fff]{0,4}?(?:员|人(?!民)|干部|代表|居民|村民|群众)"
        ),
    ),
)
_UNIT_ASKED = re.compile(rf"(?:多少|几)(个)?({_COUNTERS})")

_YEAR = r"(?:\d{4}|[〇零一二三四五六七八九]{4})年"
_VALUES = {
    "date": re.compile(
        rf"{_YEAR}|\d{{1,2}}月\d{{1,2}}日|[一二三四五六七八九十]+月[一二三四五六七八九十]+日"
    ),
    "age": re.compile(rf"{_NUM}岁"),
    "law": re.compile(r"《[^》]*(法|条例|规定|办法|规则)》|第[一二三四五六七八九十百零\d]+条"),
    # a book's title (not a periodical's: 《瞭望》新闻周刊)
    "works": re.compile(r"《[^》]{2,30}》(?!(?:新闻)?(?:周刊|杂志|日报|报|期刊))"),
    "weekday": re.compile(r"(周|星期|礼拜)[一二三四五六日天]"),
    # a time something recurs at or is held at (每月初十晚上, 每周三上午, 15日)
    "when": re.compile(
        r"每(?:天|日|周|星期|礼拜|月|季度|年)|初[一二三四五六七八九十]+|(?<![\d第])\d{1,2}[日号]"
        r"|[一二三四五六七八九十]+[日号]|早上|上午|中午|下午|晚上|夜里|凌晨|周末|节假日"
    ),
    # an outcome reported: what came of something, or someone dealt with
    "outcome": re.compile(
        r"后来|最终|最后|结果|被(?:处理|处分|问责|追责|免职|撤职|判|拘)"
        r"|(?:已经?|得到了?|终于)(?:解决|处理|平息|妥善)"
    ),
    "career": re.compile(r"曾任|曾担任|担任过|任过|出任|升任|调任|历任|后任"),
    # steps in order: 第一步…, 首先… 然后/再…, 先… 后…
    "procedure": re.compile(
        r"第[一二三四五六七八九十\d]+步|首先[^。]{0,80}(?:然后|接着|随后|最后)|先[^。]{2,30}再"
    ),
    "span": re.compile(rf"(?<!\d)(?!\d{{4}}年){_NUM}{_TIME_UNIT}"),
    # no time at all answers how soon (立即解决 answers 合理诉求要多久解决？: walk 45)
    "how_soon": re.compile(r"立即|立刻|马上|当场|当即|当天|第一时间|即时"),
    "frequency": re.compile(rf"每(?:{_NUM})?(?:{_TIME_UNIT}|个?季度?)|每次|{_NUM}次"),
    "count": re.compile(
        rf"(?<!\d)(?!\d{{4}}年)(?:\d+(?:\.\d+)?(?:{_COUNTERS})"
        rf"|{_NUM}(?:{_COUNTERS.replace('分|', '')})|\d+(?:\.\d+)?%|百分之{_NUM})"
    ),
    "place": re.compile(
        rf"[{HAN}]{{2,8}}(?:大学|学院|学校)|中央党校|[{HAN}]{{1,6}}党校|[{HAN}]{{2,6}}(?:部|局|厅|委员会|办公室)(?![{HAN}])"
    ),
}
# A name right after a title (教授高新民), or a surname before 主席 / 总书记 (毛主席).
_PERSON = re.compile(
    rf"(?<=教授|主任|局长|县长|市长|省长|部长|专家)[{HAN}]{{2,3}}(?=[，。、：；“”说认指分表强看曾即是]|$)"
    rf"|(?<![{HAN}])[{HAN}]{{1,3}}(?=主席|总书记)"
)


# Place words jieba tags as names that name no particular place.
_COMMON_PLACES = frozenset(
    # (中国: 办好中国的事情 says nothing of where something was said)
    "城市 城中村 农村 城镇 乡村 城乡 近郊村 地方 社区 全国 基层 当地 中国 我国 国内 祖国".split()
)


# 几 + a counter before a how or why (有几户老百姓死活不让立，这种工作怎么做？ 村里有几户就是不肯
# 签字怎么办): the situation told, no number asked (walks 50, 51)
_ASKS_HOW = re.compile(r"怎么|怎样|如何|咋|为什么|为啥|为何|什么|啥|哪些")
_SOME = re.compile(r"(?<![哪多少数第])几(?=[个位名户家人次件条项])")


# What opens the question after a story told first (…，我想问问 / 请问 / 想请教一下 …)
_ASKING_LEAD = re.compile(
    r"[，,。；;！!]\s*(?:我|我们)?(?:想|就想|还想)?(?:问问|问一下|请教一下|请教|请问|想问)"
)
MIN_STORY_CHARS = 20  # a story before the question at least this long


def wanted(question: str) -> Wanted | None:
    """The kind of value ``question`` asks for, or None for a question that asks for none.
    A question that tells a story and then asks (…吵了好几年，谁的话都不听，我想问问…有没有
    什么方法): only what it asks after saying so (walk 58 refused the story's 几年 and 谁)."""
    q = match_key(question)
    if (lead := _ASKING_LEAD.search(q)) and lead.start() >= MIN_STORY_CHARS:
        q = q[lead.end() :]
    else:
        # … or after sentences telling it (…老百姓先问给多少钱。这个信任怎么才能建立起来呢？:
        # walk 59 refused the story's 多少钱): the last sentence asks
        # (the sentence ending in the last question mark: …多久安排一次？我们街道还没有定下来。
        # 请老师解答。 asks in its first; the review of stop 43)
        asked = max(q.rfind("？"), q.rfind("?"))
        cut = max(q.rfind(mark, 0, asked) for mark in "。！!.") if asked > 0 else -1
        if cut >= MIN_STORY_CHARS:
            q = q[cut + 1 :]
    for kind, pattern in _ASKS:
        if (
            kind == "count"
            and (m := _SOME.search(q))
            and _ASKS_HOW.search(q, m.end())
            and "多少" not in q
        ):
            continue
        if pattern.search(q):
            unit = ""
            if kind == "count" and (m := _UNIT_ASKED.search(q)):
                unit = m.group(2)
            named: frozenset[str] = frozenset()
            if kind == "person":
                named = frozenset(people(question))
            elif kind == "place":  # 华北某县是哪个县？: 华北 is asked about, not an answer
                named = frozenset(_places(question))
            return Wanted(kind, unit, named)
    return None


def about_person(w: Wanted, question: str, names: frozenset[str]) -> Wanted:
    """``w`` for a question that names one of ``names`` (people the essays introduce with a
    title): asking who they are wants their title, not a name."""
    if w.kind == "person" and names and _IDENTITY.search(match_key(question)):
        return Wanted("identity", named=names)
    return w


def titled_people(text: str) -> list[str]:
    """Names given with a title in ``text`` (``教授高新民``): the people the essays introduce."""
    return [m.group() for m in _PERSON.finditer(text)]


def introductions(text: str, chars: int) -> list[tuple[str, str]]:
    """(name, the words that introduce it) for each titled name in ``text``: the name with
    up to ``chars`` characters before it, from its own sentence (``中央党校党建部教授高新民``)."""
    out = []
    for m in _PERSON.finditer(text):
        before = re.split(r"[。？！?!”」；]", text[max(0, m.start() - chars) : m.start()])[-1]
        out.append((m.group(), before + m.group()))
    return out


def carries(text: str, w: Wanted) -> bool:
    """Whether ``text`` gives a value of the kind ``w`` asks for."""
    if w.kind == "gender":
        return False  # the essays never state one; a pronoun is no quote of it
    if w.kind == "identity":
        return bool(set(titled_people(text)) & w.named)
    if w.kind == "person":
        return bool(set(people(text)) - w.named)
    if w.kind == "place":
        return bool(_VALUES["place"].search(text)) or bool(set(_places(text)) - w.named)
    if w.kind == "count" and w.unit:
        num = r"\d+" if w.unit == "分" else _NUM  # 十分 is "very"
        return bool(re.search(rf"(?<!\d)(?!\d{{4}}年){num}个?{re.escape(w.unit)}", text))
    if w.kind == "how_soon":
        return bool(_VALUES["span"].search(text) or _VALUES["how_soon"].search(text))
    if w.kind == "how_long":
        return bool(_VALUES["span"].search(text) or _VALUES["frequency"].search(text))
    if w.kind == "when":
        return bool(_VALUES["date"].search(text) or _VALUES["when"].search(text))
    return bool(_VALUES[w.kind].search(text))


def _places(text: str) -> list[str]:
    """The places ``text`` names (jieba's ``ns``), but for the vaguest (中国, 全国 …)."""
    return [w for w, flag in _pos_tokenizer().cut(text) if flag == "ns" and w not in _COMMON_PLACES]


def people(text: str) -> list[str]:
    """Names of people in ``text``: jieba's person tags, and names beside a title
    (``教授高新民``, ``毛主席``)."""
    found = [w for w, flag in _pos_tokenizer().cut(text) if flag.startswith("nr")]
    found += [m.group() for m in _PERSON.finditer(text)]
    return list(dict.fromkeys(found))


@functools.cache
def _pos_tokenizer():
    import jieba.posseg

    from rag.core.segmenter import jieba_tokenizer

    return jieba.posseg.POSTokenizer(jieba_tokenizer())


# Words of a factual question that say what kind of value it wants, not what it is about.
ASKING_WORDS = frozenset(
    "哪一年 哪年 一年 年 哪天 哪一天 何时 时候 什么 年份 日期 多大 年纪 岁数 几岁 岁 年龄 "
    "周几 星期 礼拜 多久 多长 时间 长时间 几天 天 次 一次 几次 多少 几 频率 期限 谁 哪位 "
    "名字 叫 姓名 人 哪个 哪座 哪所 哪家 哪里 城市 地方 单位 部门 机关 地区 学校 大学 学院 "
    "平均 一般 大约 大概 具体 最早 最多 至少 今年 几个 几位 几名 合适".split()
)


# Titles and roles a speaker is given by (某官员, 毛主席, 一把手, 教授).
ROLES = "(主席|总书记|总理|书记|官员|一把手|专家|教授|学者|领导)"


# Titles of the country's leaders (毛主席, 胡锦涛总书记).
LEADERS = ("主席", "总书记", "总理", "委员长")
