"""Questions on the essays as texts, not on what they say about a topic.

Which essay says something (容人容事是哪篇说的？), who wrote it and when, its parts and their
items (消防那篇讲了哪几点？ 第三部分讲了什么？), the line after some words, what it says in sum
(总结一下), the experts it introduces, and two essays compared part by part (社区和消防两篇有
什么区别？). ``EssayQuestions`` is mixed into ``rag.answer.compose.Answerer``: it reads the
essays' layout (``self.layout``) and answers through the Answerer's quoting and refusing
(``_quoting``, ``_answer_point``, ``_refuse``), like every other answer.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from rag.answer.dialogue import (
    _MORE,
    FRAME_WORDS,
    INTERROGATIVE,
    Comparison,
    Resolution,
    Turn,
    _point_number,
    asks_for_summary,
    compared_topic,
    comparison,
    quoted_so_far,
    short,
    switched_topic,
    who_or_where,
)
from rag.answer.essay_layout import (
    NUMBERED_HEADING,
)
from rag.answer.evidence import SPECIFIC_SHARE
from rag.answer.facts import (
    ASKING_WORDS,
    wanted,
)
from rag.answer.sentences import (
    Scored,
    sentence_end,
    sentence_start,
    trim_marks,
)
from rag.answer.types import Answer
from rag.answer.wording import loosely_marked
from rag.core.chars import CN_NUMERALS, HAN, ORDINAL_DIGITS
from rag.core.textnorm import match_key, to_simplified
from rag.retrieval.search import Hit


def _parts_note(title: str, sections: dict[str, str]) -> str:
    """（《…》分3个部分，小标题依次是：一、…；二、…；三、…。）"""
    return f"（{title}分{len(sections)}个部分，小标题依次是：{'；'.join(sections)}。）"


def _covered(pairs: Sequence[str], key: str) -> float:
    """The share of ``pairs`` that ``key`` holds."""
    return sum(p in key for p in pairs) / len(pairs) if pairs else 0.0


# A reference to one essay: 社区那篇, 讲消防的那篇文章, 高新民那篇里
_ESSAY_REF = re.compile(
    # (not from a joiner: 社区那篇和稳定工作那篇 refers to 稳定工作, not 和稳定工作; 和谐 is a word)
    rf"(?:讲|谈|写|说|关于)?(?P<ref>(?![和与跟及](?!谐))[{HAN}]{{2,10}}?|[A-Za-z]{{1,3}}\d{{1,4}})"
    r"的?(?:那|这)一?篇(?:文章)?"
    r"(?:里面|里|中)?"
)
# An essay named by its title in book marks: 《如何做好群众工作》这篇 (walk 61: the title of e4,
# shown so in every citation, was searched as words and answered from e5 too)
_QUOTED_TITLE = re.compile(r"《(?P<title>[^》]{2,40})》(?:这|那)?一?篇?(?:文章)?(?:里面|里|中)?")
# 第二篇是谁写的？ (walk 62: refused): the essays in the library's order, as 这五篇 lists them
# (not 我要写第一篇学习心得: a word of the question goes on after it)
_NTH_ESSAY = re.compile(
    rf"(?<![我写读])第(?P<n>[{ORDINAL_DIGITS}])篇(?:文章)?(?:里面|里|中)?"
    r"(?=是|讲|说|写|的|呢|怎|主要|都|有|提|谈|作者|和|与|跟|[，,？?。！!]|$)"
)
_NTH_SIDE = re.compile(rf"第(?P<n>[{ORDINAL_DIGITS}])篇(?:文章)?")
_ITS_PART = re.compile(r"的?第[^，。？?]{1,3}(?:部分|节|章)")
ESSAY_SEARCH_DEPTH = 60  # how deep a turn referring to one essay looks for its passages
# What asks what an essay says as a whole (主要讲了什么, 说的啥, 内容是什么)
_WHAT_IT_SAYS = re.compile(
    r"(?:还|都)?(?:主要|大概|都)?(?:讲|说|写|谈)(?:了|的)?(?:些)?(?:什么|啥)(?:内容)?(?:呢|啊)?[？?。]?"
    r"|(?:主要)?内容是(?:什么|啥)[？?。]?"
    # 稳定工作那篇的主要观点是什么？ (of an essay named: its own summing up)
    r"|的?(?:主要观点|中心思想|核心观点|基本观点|主旨|中心意思|主要意思|大意|要点)"
    r"(?:是什么|是啥|有哪些|有什么)?(?:呢|啊)?[？?。]?"
    r"|(?:主要)?(?:有|讲了|说了|提出了)?(?:哪些|什么|啥)(?:主要)?(?:观点|要点)(?:呢|啊)?[？?。]?"
)
# Which essay says something: 是哪篇说的, 出自哪篇, 哪篇文章提到
_WHICH_ESSAY = re.compile(
    r"(?:是|在)?(?:(?:哪|哪一|哪几)篇(?:文章)?|哪些(?:篇)?文章)(?:里|中|是)?(?:说|讲|提|写|谈)(?!得)"
    r"(?:到过|到|过)?(?:的|了)?"
    r"|(?:是|这是)?出自哪(?:一)?篇(?:文章)?"
    r"|(?:是|在)(?:哪|哪一)篇(?:文章)?(?:里|中|上|里面)?(?:的|呢|啊)?[？?。]?$"  # 衣食父母…在哪篇
    r"|^(?:那|这)?(?:哪|哪一)篇(?:文章)?(?:里|中|上|里面)?的(?:呢|啊)?[？?。]?$"  # 哪篇的 (walk 54)
    r"|^(?:那)?(?:请问)?(?:上面|刚才|以上)?(?:这|这句|这段|这些|这条|这点|这几|这两|这三|的)?"
    r"(?:几|两|三)?(?:条|句|点|段|项)?"
    # 以上引文出自哪里？ / 请问以上提到的机制出自哪篇文章？ (the review of stop 44: searched)
    r"(?:话|内容|引文|引用的?(?:话|内容)?"
    r"|提到的(?:内容|观点|论述|机制|做法|说法|话|几点|几条|这些)?)?(?:都|分别|各自|各)?"
    r"(?:是|出自|来自|摘自)(?:哪(?:一|几)?篇(?:文章)?|哪里|哪儿)"
    r"(?:的|里的|上的|中的)?(?:原文|原话|话|内容)?[？?。]?$"  # 这是哪篇文章的原文？ (walk 40)
    # 出处 / 出处呢 / 哪篇文章 alone (walk 57: searched, or joined to the question before)
    r"|^(?:那)?(?:出处|来源|哪篇文章|哪篇|出自哪里|出自哪儿)(?:呢|是|是啥|是什么|在哪|在哪里|是哪里|是哪儿)?"
    r"(?:呢|啊)?[？?。]?$"
)
# The line after (before) some words: 事事有落实下一句是啥？ “软办法不顶用”后面是啥？ (后面 / 前面
# alone only with 是什么: 群众利益放在前面 asks nothing)
_NEXT_LINE = re.compile(
    r"^(?P<x>[^？?]{2,30}?)(?:的|这句的|这句话的|之后|以后)?"
    r"(?:(?P<dir>下一句|下句|后一句|后面一句|后面那句|接下来|上一句|上句|前一句|前面一句|前面那句)"
    r"(?:是|说的是|说了|讲了|说|接的是)?(?:啥|什么|哪句|哪一句)?"
    r"|(?P<near>后面|前面)(?:是|说的是|接的是)(?:啥|什么|哪句|哪一句))(?:话)?(?:呢|啊)?[？?。]?$"
)
# 后面还有一句是什么？ / 下一句呢: the line after the words the last turn asked about
_BARE_NEXT_LINE = re.compile(
    r"^(?:那)?(?P<x>这句话?的?|它的?)?(?:(?P<dir>下一句|下句|后一句|后面一句|后面那句|后面还有一句"
    r"|上一句|上句|前一句|前面一句|前面那句|前面还有一句)|(?P<near>(?!))"
    r")(?:话)?(?:是|说的是|说了|讲了|接的是)?(?:啥|什么|哪句|哪一句)?(?:呢|啊)?[？?。]?$"
)
_CLAUSE_END = re.compile(r"[,，。.;；!！?？:：\n]")  # (in the matching form too)
MIN_LINE_CHARS = 4  # words to find the line after: fewer are in many places, or mean nothing
_DEICTIC = re.compile(r"^(?:这|那|它|此|上面|前面|刚才)")  # 这句话的下一句: about a quote
_AFTER_WORDS = frozenset(
    "下一句 下句 后一句 后面一句 后面那句 后面还有一句 后面 接下来".split()
)  # (else before)
_CLAUSE_MARKS = '，。；！？：、”’" '
# What asks for an essay's parts, as the whole question (less the essay named): 讲了哪几点？
# 这篇文章分几个部分？ 文章的结构是什么？ (not 文章里说的大党委制是什么结构？)
_THIS_ONE = re.compile(r"这篇|那篇|本文|该文|这文章")
# 有哪几位专家？ 采访了谁？ 文章提到了哪些专家？: the people introduced with a title
_EXPERTS_ASKED = re.compile(
    r"(?:(?:哪几位|哪些|几位)(?:专家|教授|学者)|采访了?(?:谁|哪些人|哪几个人|哪几位|几个人)"
    r"|(?:提到|引用|介绍)了?(?:哪些|哪几位|哪几个)(?:人|专家|学者))"
    r"(?:接受了?采访)?(?:呢|啊|吧)?[？?。！!]*$"  # the whole question (not 哪位教授说…)
)
# 文章里引用过哪些领导人的话？: the leaders the essays quote by title (胡锦涛总书记, 毛主席)
_LEADERS_ASKED = re.compile(
    r"(?:(?:哪些|哪几位|几位|哪位)(?:国家|中央|党的)?(?:领导人|领袖|伟人)"
    r"(?:的(?:话|讲话|论述|名言|原话|观点))?"
    r"|引用了?(?:哪些|谁)的(?:话|讲话|论述|名言|原话))"
    r"(?:呢|啊|吧)?[？?。！!]*$"  # the whole question's end (not 接访时哪些领导同志要参加)
)
LEADERS_TOPIC = "文章中引用的领导人的话"
# 他们分别是哪个单位的？ after the experts: who they are
_THEY_WHO = re.compile(
    r"^(?:那)?他们(?:分别|各自|都)?(?:是)?(?:哪个单位|哪里|什么身份|什么职务|谁|干什么的|做什么的)"
)
EXPERTS_TOPIC = "文章中介绍的专家"
_NUMBERED_PART = re.compile(rf"^[{CN_NUMERALS}\d]+、")  # 3、抓模范带头…
# What asks for the items under a heading: 品性上适应包括哪几条？ 能力上适应有哪些？
_ASKS_SUBITEMS = re.compile(
    r"包括|包含|分为|分成|哪几|几[个点条项方]|哪些(?:内容|要求|方面|条|点)?(?:呢|啊)?[？?。]*$"
)
# ... not what the items are for (党员模范带头有哪些好处, 为什么要抓观念教育)
_ASKS_ABOUT_ITEMS = re.compile(r"好处|为什么|为啥|为何|原因|意义|作用|目的|坏处|影响")
ITEMS_TOPIC = "的各条"  # what an answer listing a section's items is about: 「…」的各条
_ITEMS_ABOUT = re.compile(rf"「(?P<heading>[^」]+)」(?:{ITEMS_TOPIC}|第[{ORDINAL_DIGITS}]+条（.*)$")
_IT = re.compile(r"^(?:那|那么)?它")  # 它有哪几部分？: the essay talked of
# 它们各 / 这两篇各 / 两篇文章分别: what asks of both essays compared
_BOTH_ESSAYS = re.compile(r"^(?:那|那么)?(?:它们|这两篇|两篇|这两篇文章|两篇文章)(?:各自|各|分别)?")
_DIFFERS = re.compile(r"区别|不同|异同|差别|差异|不一样")
# ... written out, to be replaced by the essay a correction names (这篇文章讲了什么 → 社区那篇)
_ESSAY_DEIXIS = re.compile(r"(?:这|那)篇(?:文章)?|本文|该文|这(?:个)?文章|文章")
# 我问的是社区里面: where it is, after the place (one character only after two: 网上 stays)
_WHERE_IN = re.compile(r"(?:里面|里边|里头|当中|方面|这块|那块|这一块|(?<=..)[里中上])$")
_COMPARE = re.compile(r"比较|对比|对照")  # 两篇比较一下
# A correction that asks a question of its own (…还能为老百姓做啥), not names a topic
_ASKS_ITSELF = re.compile(r"什么|啥|怎么|怎样|如何|哪|为什么|为何|谁|多少|吗$|呢$")
SUMMARY_TOPIC = "的总结"  # what a summary answer is about: 《…》的总结
_THAT_ESSAY = re.compile(r"的?(?:那|这)?篇(?:文章)?$|的?文章$")
_ESSAYS_NAMED = re.compile(r"两篇|那篇|这篇|文章")  # a comparison of essays, not of topics
_TWO_ESSAYS = re.compile(r"(?:这|那)?两篇(?:文章)?$")
_ESSAY_SUMMED = re.compile(rf"《[^》]+》{SUMMARY_TOPIC}")
# What only asks what an essay referred to says of the topic: 怎么说的？ 呢？ 也提到了吗？
_SAYS_OF_IT = re.compile(
    r"(?:是|又|都|也)?(?:怎么|如何|怎样)?(?:说|讲|谈|写|提|论述)(?:到|过|了|的){0,2}(?:吗|没有|没)?"
    r"(?:呢|啊)?[？?。]?|(?:呢|里呢|中呢|呢？|呢\?)?[？?。]?"
)
_OUTLINE = re.compile(
    r"(?:那|那么)?(?:这篇文章|那篇文章|这篇|那篇|本文|该文|文章|它)?(?:主要|一共|总共|都|具体|到底|究竟|大概)*"
    r"(?:讲|说|写|分|谈|有|包括|分为|分成)"
    r"了?(?:哪几|几|哪些)(?:点|个部分|部分|个方面|方面|块|个小标题|小标题)(?:内容)?(?:呢|啊)?[？?。]?"
    # 一共几部分？ 由几个部分组成？
    r"|(?:这篇文章|那篇文章|这篇|那篇|本文|该文|文章|它)?(?:一共|总共|共|由)(?:有|分)?"
    r"(?:哪几|几)(?:个部分|部分|个方面|方面|块|个小标题|小标题)(?:组成|构成)?(?:呢|啊)?[？?。]?"
    r"|(?:这篇文章|那篇文章|这篇|那篇|本文|该文|文章)?的?(?:帮我|给我|请)?(?:列|出|拟|整理)?"
    r"(?:个|一个|一下|份|一份)?(?:结构|提纲|框架|大纲|脉络|思路|论证思路)"
    r"(?:是什么|是怎样的|怎么样)?(?:呢|啊)?[？?。]?"
    # 文章是怎么论证的？ (walk 61: refused): how it is built, its parts
    r"|(?:这篇文章|那篇文章|这篇|那篇|本文|该文|文章)(?:是)?(?:怎么|如何|怎样)(?:论证|展开|组织|安排)的?"
    r"(?:呢|啊)?[？?。]?"
)


def _asks_outline(text: str) -> bool:
    """``text`` asks for an essay's parts: whole (讲了哪几点？), or in its last clause after
    clauses that ask nothing (对我们应急工作也有参考吧，它讲了哪几点？)."""
    clauses = [c for c in re.split(r"[，,。；;]", text.strip(" ？?！!。")) if c.strip()]
    return bool(_OUTLINE.fullmatch(text.strip())) or (
        len(clauses) > 1
        and bool(_OUTLINE.fullmatch(clauses[-1].strip()))
        and not any(INTERROGATIVE.search(c) for c in clauses[:-1])
    )


def asks_aside(text: str) -> bool:
    """``text`` asks about the essays as texts, not about the work they discuss: which essay
    says something (出自哪篇？), the line after some words (事事有落实下一句是啥？). A follow-up
    does not lean on such a question (see ``dialogue.resolve``)."""
    simple = to_simplified(text).strip()
    return bool(
        _WHICH_ESSAY.search(simple) or _NEXT_LINE.match(simple) or _BARE_NEXT_LINE.match(simple)
    )


OUTLINE_TOPIC = "的各部分"  # what an outline answer is about: 《…》的各部分
# 有哪几篇文章？ 这几篇文章分别讲的啥？ 能帮我列个提纲吗？: the collection as a whole (the last
# clause of what was typed: 我下周要做个汇报，能帮我列个提纲吗)
_COLLECTION = re.compile(
    r"(?:那|那么)?(?:培训材料|材料|这里|你这里|一共|总共|共|都)*有(?:哪几|哪些|几)篇(?:文章|材料)?"
    r"|(?:这|那)?(?:几|些|五|所有|全部|各|每)篇(?:文章|材料)?(?:分别|各自|都|主要|各|大概)*"
    r"(?:讲|说|写|谈)(?:了|的)?(?:些)?(?:什么|啥|哪些)(?:内容)?"
    # 这五篇文章分别是从什么角度写的？ (walk 62: refused as a follow-up)
    r"|(?:这|那)?(?:几|些|五|所有|全部|各|每)篇(?:文章|材料)?(?:分别|各自|都|主要|各|大概)*"
    r"(?:是)?(?:从|站在)(?:什么|哪些|哪个|啥)(?:角度|方面|角色|立场|层面)(?:写|讲|谈|来写|出发)(?:的)?"
    r"|(?:这些|所有|全部|培训)(?:文章|材料)(?:分别|各自|都|主要|大概)*(?:讲|说|写|谈)(?:了|的)?(?:些)?"
    r"(?:什么|啥|哪些)(?:内容)?"
    r"|(?:这些|所有|全部|培训)(?:文章|材料)的?(?:主要内容|大意|要点|提纲|大纲)(?:是什么|是啥|有哪些)?"
    r"|(?:你)?(?:帮我|给我|替我|能不能|能|可以|可不可以|请)*(?:列|出|拟|做|整理)(?:个|一个|一下|份|一份)?"
    r"(?:提纲|大纲)(?:给我|出来)?[吗呢吧啊呀呗嘛哈啦？?！!。.，,\s]*"
    # 那你把这几篇文章的核心观点给我总结一下 / 总结一下这几篇的主要内容 (walk 43: searched)
    r"|(?:那|那么)?(?:你)?(?:帮我|给我|请)?(?:把|将)?(?:这|那)?(?:几|些|五|所有|全部|各|每)篇(?:文章|材料)?"
    r"的?(?:核心|主要|基本|中心)?(?:观点|内容|要点|思想|意思)(?:给我|帮我|替我)?"
    r"(?:总结|概括|归纳|梳理|讲|说)(?:一下|下)?[吗呢吧啊呀呗嘛哈啦？?！!。.，,\s]*"
    r"|(?:那|那么)?(?:你)?(?:帮我|给我|请)?(?:总结|概括|归纳|梳理)(?:一下|下)?(?:这|那)?"
    r"(?:几|些|五|所有|全部|各|每)篇(?:文章|材料)?(?:的)?(?:核心|主要|基本|中心)?(?:观点|内容|要点|思想)?"
    r"[吗呢吧啊呀呗嘛哈啦？?！!。.，,\s]*"
)
COLLECTION_TOPIC = "全部培训文章"  # what the collection's overview is about
# 帮我找几句可以放PPT上的金句 / 消防那篇有哪些名言: the sayings the essays quote
_SAYINGS = re.compile(
    r"金句|名言|名句|警句|格言|俗语|谚语|俗话|顺口溜|好句子|经典(?:语句|的话|句子)"
)
# A saying: a short quotation of parallel parts (为官之要，先存百姓；执政之要，顺乎民心), not a
# quoted sentence of an expert's (…，哪怕是这种说法合情合理)
_SAYING = re.compile(r"“([^“”]{6,40})”")
MAX_SAYING_PART = 12  # characters in each part of a saying
# Words of a request for sayings that narrow them to nothing (有没有好记的, 哪方面)
# (再来一句金句，别重复: walk 60 read 一句 as what they are on)
_NO_ASPECT = frozenset(
    "方面 没有 有没有 好记 几句 文章 哪些 关于 一些 几个 经典 好听".split()
    + "一句 一条 再来 重复 别重复 所有 全部 列出 列出来 出来 一个 不要 每一条".split()
)
# 再来一句金句 / 推荐一句名言: one saying, not all (not 一个都不要漏, 每一条, 一条一条列)
_ONE_ASKED = re.compile(r"(?<![每几十第条句])[一1](?:句|条)(?![都一])")
MAX_SAYINGS = 12  # sayings one answer quotes
SAYINGS_TOPIC = "文章中引用的名言警句"
# What an answer on an essay as a whole is about: 《…》的总结, 《…》的各部分, 《…》第二部分（…）
_OF_ESSAY = re.compile(
    rf"《(?P<title>[^》]+)》(?:{SUMMARY_TOPIC}|{OUTLINE_TOPIC}|第[{ORDINAL_DIGITS}]+部分（.*)$"
)
_SECTION_TOPIC = re.compile(rf"》第(?P<n>[{ORDINAL_DIGITS}]+)部分（")  # …and one section
# 第二点呢？ 第三个？ (after an outline: its sections)
_NTH = re.compile(
    rf"^(?:那|那么)?第(?P<n>[{ORDINAL_DIGITS}]+)(?:点|个|部分|条|项|方面)(?:方面|部分)?"
    # 第二个方面具体说了什么？ (after 它分了几个方面？)
    r"(?:呢|是什么|是啥|(?:具体|主要|都|又)?(?:讲了|说了|写了)(?:些)?(?:什么|啥)|讲的啥|说的啥"
    # 第二点能详细说说吗 (walk 53: read as the answer's second quote, part 三's)
    r"|(?:能|可以|能不能|再)?(?:详细|具体|展开)?(?:说说|讲讲|谈谈|说一下|讲一下|介绍一下)(?:吗|呢)?)?"
    r"[？?。！!]?$"
)
_TITLE_ASKED = re.compile(r"(?<!小)(?:标题|题目|篇名)")  # (not 小标题, the sections)
# Asking about an essay itself: who wrote it, when, where it is from.
_ESSAY_FACT = re.compile(
    r"(?<![工学读创])作者|谁写的|写的人|执笔|(哪年|什么时候|何时|哪一年)(写|发表)|哪个单位写"
    r"|哪(?:个|位)[\u4e00-\u9fff]{0,6}写的"  # 哪个镇的干部写的？ (not 在文章哪里写的)
    # 是我们中石化的人写的吗？ (walk 62: refused): whether, answered with who and where
    r"|(?<![怎这那])是[\u4e00-\u9fff]{1,12}?写的(?:吗|么|嘛|不|没)[？?。]?$"
    # 那篇文章的标题叫什么 (walk 50: refused); not 小标题, the sections
    r"|(?<!小)(?:标题|题目|篇名)(?:是|叫)(?:什么|啥)[？?。]?$"
    r"|(?:文章|这篇|那篇|本文|它)的?(?:标题|题目|名字|篇名)"  # (not 党课的题目是群众路线)
)
_THIS_ESSAY = re.compile(r"这篇|本文|这文章|该文|该篇|原文|这些文章|文章")
_WROTE = re.compile(r"写了什么|写过什么|写了哪些")  # 袁正清写了什么？ (an author named)
# 刚才民情信箱那段谁写的？: words of a quote, then the passage they are in
_THAT_PASSAGE = re.compile(
    r"(?:刚才|刚刚|前面|上面|你说的|你引的|你引用的)?(?:那个|这个)?(?P<words>[\u4e00-\u9fff]{2,10}?)"
    r"的?(?:那|这)(?:一)?(?:段话?|句话?|条)"
)
# 作者是谁？ / 谁写的？ alone: about the essay the last answer quoted
_JUST_AUTHOR = re.compile(
    r"(那|那么)?(这|它)?的?(作者|文章作者)"
    r"(是谁|谁|是哪位|是哪个|是哪一位|是啥人|是什么人|叫什么|是哪个单位的|是哪里的|在哪个单位"
    r"|何人|为何人|系何人|是何人)?"  # 该篇作者何人 (walk 60)
    r"(老师|专家|同志)?(啊|呀|呢)?"  # 作者是哪位老师 (walk 57: read as who said the quote)
    r"|(那|那么)?(这|它)?(段话?|篇|句话?|个)?(是)?谁写的(啊|呀|呢|哦)?"  # 这段是谁写的哦 (walk 59)
    r"|(那|那么)?(这|它)?(是)?(哪年|什么时候|何时|哪一年)(写|发表)的?"
)
SUMMARY_OF_NOTHING = "请先提一个问题，再请我总结；也可以直接问，例如：如何做好社区群众工作？"
# A sentence summing up an essay (总之，… / 总的来说，…), at the start of a sentence.
_CONCLUDING = re.compile(
    r"(?:^|(?<=[。！？；]))“?(?:总之|综上所述|总而言之|总的来说|概括起来)[，,：:]"
)
# words asked where the essays write them (哪篇提到了X): a name or term
MIN_MENTION_CHARS, MAX_MENTION_CHARS = 2, 12


class EssayQuestions:
    """Answers to questions on the essays as texts (mixed into the Answerer)."""

    def _experts(self, q: str, history: Sequence[Turn], notice: str) -> Answer | None:
        """有哪几位专家？ 采访了谁？: the people the essays introduce with a title (中央党校党建部
        教授高新民), named in a note with the words that introduce them, each quoted by the
        sentence introducing them; 他们分别是哪个单位的？ right after: the note again. None for
        any other question."""
        simple = to_simplified(q).strip()
        last = next((t for t in reversed(history) if t.answered), None)
        if _THEY_WHO.match(simple) and last is not None and last.about == EXPERTS_TOPIC:
            return Answer.refusal(
                q, f"{self._experts_note()}他们的话前面的回答已经引用过，请看上文。"
            )
        if not _EXPERTS_ASKED.search(simple):
            return None
        essay, _, _ = self._essay_referred(simple, history)
        note = self._experts_note(essay)
        if not note:
            return None
        places = []
        for _, intro in self.layout.titled_people(essay):
            pid = next(p for p in self.layout.order if intro in self.layout.paragraphs[p])
            places.append((pid, self.layout.paragraphs[pid].find(intro)))
        return self._people_quoted(q, history, notice, places, note, EXPERTS_TOPIC)

    def _leaders(self, q: str, history: Sequence[Turn], notice: str) -> Answer | None:
        """文章里引用过哪些领导人的话？: each leader the essays name by title, said in a note,
        and the sentence naming them (its quotation) quoted; None for any other question or
        when the essays name none (walk 47: refused, though 毛主席 and 胡锦涛总书记 are quoted)."""
        simple = to_simplified(q).strip()
        if not _LEADERS_ASKED.search(simple):
            return None
        essay, _, _ = self._essay_referred(simple, history)
        found = self.layout.leaders_quoted(essay)
        if not found:
            return None
        who = list(dict.fromkeys(name for name, _, _ in found))
        where = "、".join(
            f"{name}（{self.layout.titles_of(p for n, p, _ in found if n == name)}）"
            for name in who
        )
        places = [(pid, at) for _, pid, at in found]
        note = f"（文章中引用了{where}的话。）"
        return self._people_quoted(q, history, notice, places, note, LEADERS_TOPIC)

    def _people_quoted(
        self,
        q: str,
        history: Sequence[Turn],
        notice: str,
        places: Sequence[tuple[str, int]],
        note: str,
        topic: str,
    ) -> Answer:
        """``note`` on the people asked for, then the sentence at each of ``places`` (paragraph,
        offset) that names them, when not quoted yet; else the note and a pointer back."""
        said = quoted_so_far(history)
        chosen = []
        for pid, at in places:
            text = self.layout.paragraphs[pid]
            start = max((text.rfind(m, 0, at) + 1 for m in "。！？"), default=0)
            point = self._point_at(pid, start, sentence_end(text, at))
            if point is not None and not any(point.candidate.overlaps(x) for x in said):
                chosen.append(point)
        res = Resolution(topic, topic, exclude=said, topic=topic)
        if not chosen:
            return Answer.refusal(q, f"{note}他们的话前面的回答已经引用过，请看上文。")
        told = self._quoting(q, res, chosen[: self.params.max_points], notice)
        return told.noted(note)

    def _experts_note(self, essay: str = "") -> str:
        """（文章中介绍的专家：中央党校党建部教授高新民；…。）, or "" when there is none."""
        people = self.layout.titled_people(essay)
        if not people:
            return ""
        return f"（文章中介绍的专家：{'；'.join(intro for _, intro in people)}。）"

    def _section(self, q: str, m: re.Match[str], history: Sequence[Turn], notice: str) -> Answer:
        """第三部分讲了什么？: the opening of that top-level section of the essay the last
        answer quoted first (its heading named), or how many sections it has; 第二篇的第三部分:
        of the second essay of the latest answer that quoted two (two essays compared)."""
        which = _point_number(m.group("e")) if m.group("e") else 1
        essays: list[str] = []
        for t in reversed(history):
            if t.answered and t.quoted:
                essays = self.layout.essays_of(p for p, _, _ in t.quoted)
                if len(essays) >= which:
                    break
        if not essays:
            return Answer.refusal(q, "请先问一个关于某篇文章的问题，再问它的第几部分。")
        if which > len(essays):  # 第二篇的第一部分 after answers from one essay each
            return Answer.refusal(q, f"前面的回答只引用了{len(essays)}篇文章，没有第{which}篇。")
        essay = essays[which - 1]  # 第二篇的…
        n = _point_number(m.group("n"))
        return self._nth_section(q, essay, n, m.group("n"), history, notice)

    def _nth_section(
        self, q: str, essay: str, n: int, shown: str, history: Sequence[Turn], notice: str
    ) -> Answer:
        """Section ``n`` (as typed: ``shown``) of ``essay``: its opening, its heading named."""
        sections = self.layout.sections(essay)
        title = f"《{self.layout.about_essays[essay][1]}》"
        if not 1 <= n <= len(sections):
            count = f"只有{len(sections)}个部分" if sections else "没有分部分的小标题"
            return Answer.refusal(q, f"{title}{count}，没有第{n or shown}部分。")
        heading, pid = list(sections.items())[n - 1]
        asked = f"{title}第{shown}部分（{heading}）"
        section = self.layout.chunks_of[pid][0].heading_path[:1]
        run = [p for p in self.layout.list_run(pid)
               if self.layout.chunks_of[p][0].heading_path[:1] == section]  # fmt: skip
        if len(run) > 1 and run[0] == pid:
            # a section of items (一是… 二是… 三是…, a paragraph each) is its items, each by its
            # opening, not the first item read on (walk 43: 第二部分讲了什么 quoted 一是 alone)
            note = f"（{asked}分{len(run)}点，下面引用每点的开头。）"
            return self._openings(q, asked, note, run, "各点", history, notice)
        if heading in self.layout.headed:
            # a section of sub-headed items (e4's 2、抓坦荡做人… （1）…（5）): named, each quoted
            # by its opening, and 第四条 then one of them (the browser walk of stop 45: its
            # lead-in …具体为： alone)
            return self._items_of(q, heading, history, notice)
        return self._read_part(q, asked, pid, history, notice)

    def _read_part(
        self, q: str, asked: str, pid: str, history: Sequence[Turn], notice: str
    ) -> Answer:
        """A part of an essay taken up (``asked``: 《…》第三部分（…）): its paragraph ``pid``,
        what the conversation has not quoted of it first."""
        res = Resolution(asked, asked, "detail", quoted_so_far(history), asked, paragraph=pid)
        return self._answer_point(q, res, self.layout.paragraph_hits(pid, go_on=False), notice)

    def _about_the_essays(self, q: str, history: Sequence[Turn], notice: str) -> Answer | None:
        """A question on the essays as texts, or None: the line after some words (事事有落实
        下一句是啥？), which essay says something (容人容事是哪篇说的？), an essay's author and
        date, its parts (消防那篇讲了哪几点？, and 第二点呢 after them), what it mainly says.
        Read in simplified characters (哪篇說的 is 哪篇说的)."""
        simple = to_simplified(q)
        for nth in _NTH_ESSAY.finditer(simple):
            if _point_number(nth.group("n")) > (count := len(self.layout.about_essays)):
                # 第六篇和第一篇有什么不同？ (the second review of stop 45: searched)
                return Answer.refusal(q, f"培训文章只有{count}篇，没有{nth.group(0)[:3]}。")
        clauses = [c for c in re.split(r"[，,。；;]", simple.strip(" ？?！!。")) if c.strip()]
        if any(_COLLECTION.fullmatch(c) for c in clauses) and not any(
            INTERROGATIVE.search(c) and not _COLLECTION.fullmatch(c) for c in clauses
        ):
            # (帮我列个提纲，心得体会用 / 这几篇讲了啥，给我概括下: the rest asks nothing)
            return self._collection(simple, history, notice)
        if _SAYINGS.search(simple):
            return self._sayings(simple, self._essay_referred(simple, history)[0], history, notice)
        last = next((t for t in reversed(history) if t.answered), None)
        if last is not None and last.about.endswith(SAYINGS_TOPIC[2:]) and _MORE.match(simple):
            # 还有吗？ after the sayings: the next ones (of the essay they were of)
            of = next((e for e, (shown, *_) in self.layout.about_essays.items()
                       if last.about.startswith(f"《{shown}》")), "")  # fmt: skip
            return self._sayings(simple, of, history, notice)
        if (m := _NEXT_LINE.match(simple) or _BARE_NEXT_LINE.match(simple)) and (
            told := self._next_line(simple, m, history, notice)
        ):
            return told
        if (which := _WHICH_ESSAY.search(simple)) is not None:
            return self._which_essay(simple, which, history, notice)
        both = _BOTH_ESSAYS.match(simple)
        if _OUTLINE.fullmatch(simple[both.end() :] if both else simple) and (
            pair := self._compared_last(history)
        ):
            # (有几部分？ too: both essays' were)
            # 它们各有哪几部分？ after 两篇《如何做好群众工作》有什么区别？: shown already
            a, b = (f"《{self.layout.about_essays[e][0]}》" for e in pair)
            return Answer.refusal(
                q, f"前面的回答已经分别列出了{a}和{b}的各部分（小标题和每部分的开头），请看上文。"
            )
        essay, _, rest = self._essay_referred(simple, history)
        if essay and (
            told := self._essay_facts(f"《{self.layout.about_essays[essay][1]}》{rest}", [])
        ):
            return told  # 社区那篇文章是谁写的？
        if _asks_outline(rest) and (of := essay or self._essay_of_last(history, rest)):
            # 消防那篇讲了哪几点？ / 这篇文章分几个部分？: its sections, each by its opening
            return self._outline(simple, of, history, notice)
        if nth := _NTH.match(simple):
            try:
                n = _point_number(nth.group("n"))
            except ValueError:  # 第十一点 (no essay's outline or section has that many)
                n = 0
            # (第三部分呢 / 第一个方面呢 after a part's items were listed: a part again, as the
            # outline numbered them; 第四条 one of the items: the second review of stop 45)
            parts = bool(re.search(r"部分|方面", nth.group(0)))
            if outlined := self._outlined(history, through_items=parts):
                # 第二点呢？ after the outline: the second section, as its note numbered them
                return self._nth_section(simple, outlined, n, nth.group("n"), history, notice)
            if sub := self._sub_outlined(history):
                # 第四条再说说 after 品性上适应包括哪几条: the fourth item under that heading
                return self._nth_item(simple, sub, n, nth.group("n"), history, notice)
        if (
            _ASKS_SUBITEMS.search(simple)
            and not _ASKS_ABOUT_ITEMS.search(simple)
            and (named := self._heading_named(simple))
        ):
            # 品性上适应包括哪几条？: the items (sub-headings) of the section it names
            return self._items_of(simple, named, history, notice)
        first = not any(t.answered for t in history)
        if essay and (
            asks_for_summary(rest)
            or _WHAT_IT_SAYS.fullmatch(rest.strip())
            or (first and rest.strip() and _SAYS_OF_IT.fullmatch(rest.strip()))
        ):
            # (稳定工作那篇怎么说？ with nothing asked before it: the essay as a whole)
            # 中石化那篇主要讲了什么？: how it sums itself up
            return self._summary(simple, history, notice, essay)
        if not essay and (this := _ESSAY_DEIXIS.search(simple)):
            # 这篇讲了什么？ after an answer: the essay its first quote is from
            alone = (simple[: this.start()] + simple[this.end() :]).strip("，, ")
            if _WHAT_IT_SAYS.fullmatch(alone) and (of := self._essay_of_last(history, simple)):
                return self._summary(simple, history, notice, of)
        last = next((t for t in reversed(history) if t.answered), None)
        if not essay and last is not None and (switched := switched_topic(simple)):
            essay = self._titled(switched, whole=False)  # 那社区呢？ after the fire essay's parts
            rest = "" if essay else rest
        if essay and _SAYS_OF_IT.fullmatch(rest.strip()):
            # 那消防那篇呢？ after 社区那篇讲了什么？ (or 讲了哪几点？): the same of this one
            if last is not None and (
                last.about.endswith(OUTLINE_TOPIC) or self._titled(last.about)
            ):
                return self._outline(simple, essay, history, notice)
            if last is not None and _ESSAY_SUMMED.fullmatch(last.about):
                return self._summary(simple, history, notice, essay)
            if last is not None and (part := _SECTION_TOPIC.search(last.about)):
                # 那社区呢？ after the fire essay's second part: the community essay's
                n = _point_number(part.group("n"))
                return self._nth_section(simple, essay, n, part.group("n"), history, notice)
        if wanted(simple) is None and (of := self._titled(simple)):
            # 消防工作里怎么做群众工作？ asks what 《谈消防工作中如何做好群众工作》 is about:
            # its parts, each by its opening
            return self._outline(simple, of, history, notice, titled=True)
        return None

    def _essays_compared(self, q: str, compared: Comparison) -> tuple[str, str] | None:
        """The two essays a comparison is of (社区和消防两篇有什么区别？, 社区那篇和消防那篇…:
        each side names one title), or None."""
        if not _ESSAYS_NAMED.search(q) and not _NTH_SIDE.fullmatch(compared.sides[0]):
            return None
        order = list(self.layout.about_essays)

        def essay(side: str) -> str:
            if nth := _NTH_SIDE.fullmatch(side):  # 第一篇和第二篇有什么不同 (review of stop 45)
                k = _point_number(nth.group("n"))
                return order[k - 1] if 1 <= k <= len(order) else ""
            return self._titled(_THAT_ESSAY.sub("", _TWO_ESSAYS.sub("", side)), whole=False)

        found = [essay(s) for s in compared.sides]
        return (found[0], found[1]) if all(found) and found[0] != found[1] else None

    def _compared_last(self, history: Sequence[Turn]) -> tuple[str, str] | None:
        """The two essays the last answered turn compared part by part, or None."""
        at = next((i for i in range(len(history) - 1, -1, -1) if history[i].answered), None)
        if at is None:
            return None
        q = history[at].query
        compared = comparison(q)
        return (
            (compared and self._essays_compared(q, compared))
            or self._namesakes(q)
            or self._compared_with_last(q, history[:at])
            or self._shared_title(q)
        )

    def _topic_across(self, q: str, history: Sequence[Turn]) -> tuple[str, tuple[str, str]] | None:
        """(topic, two essays) when ``q`` asks how two essays differ on a topic, naming one or
        both (消防那篇也说要深入群众吗，跟稳定工作那篇有啥区别; 社区那篇好像也讲了这个，两篇比较
        一下: the other is the latest essay the conversation quoted other than the one named,
        the last answer's first); the topic is what ``q`` names beyond the essays, else the
        last one. None otherwise (an essay as a whole
        compared with another is ``_compared_with_last``)."""
        simple = to_simplified(q)
        if not (_DIFFERS.search(simple) or _COMPARE.search(simple)):
            return None
        refs = list(_ESSAY_REF.finditer(simple))
        essays: list[str] = []
        for m in refs:
            e, _, _ = self._essay_referred(m.group(0), [])
            if e and e not in essays:
                essays.append(e)
        last = next((t for t in reversed(history) if t.answered and t.quoted), None)
        if last is not None and self._essay_about(last.about) and len(essays) < 2:
            return None  # the last answer was on an essay as a whole: compare the essays
        rest = simple
        for m in refs:
            rest = rest.replace(m.group(0), "，")
        if any(comparison(c.strip()) for c in re.split(r"[，,。；;]", rest) if c.strip()):
            return None  # 社区那篇里老办法和新办法有什么不同: two things of one essay
        topic = compared_topic(rest)
        topic = topic if self._names_a_subject(topic) else ""
        if len(essays) == 2:
            # 社区那篇和消防那篇有什么区别: the essays as wholes, unless a topic is named
            return (topic, (essays[0], essays[1])) if topic else None
        if len(essays) != 1 or last is None:
            return None
        # the essay quoted last other than the one named (跟社区那篇…有啥区别 after an answer
        # quoting the community essay first: the essay before it)
        quoted = [p for t in reversed(history) if t.answered for p, _, _ in t.quoted]
        this = next((e for e in self.layout.essays_of(quoted) if e != essays[0]), "")
        return (topic or last.about, (this, essays[0])) if this else None

    def _compared_with_last(self, q: str, history: Sequence[Turn]) -> tuple[str, str] | None:
        """跟社区那篇有什么不同？ after an answer on one essay as a whole (消防那篇讲了什么？):
        that essay and the one named, else None."""
        simple = to_simplified(q)
        if not _DIFFERS.search(simple):
            return None
        other, _, _ = self._essay_referred(simple, [])
        last = next((t for t in reversed(history) if t.answered), None)
        this = self._essay_about(last.about) if last is not None else ""
        return (this, other) if this and other and this != other else None

    def _shared_title(self, q: str) -> tuple[str, str] | None:
        """如何做好群众工作那篇讲了什么？ / …这篇文章有几部分？: the two essays sharing the title a
        question on an essay as a whole names (it cannot tell which is meant), else None."""
        simple = to_simplified(q)
        m = _ESSAY_REF.search(simple)
        if m is None:
            return None
        rest = (simple[: m.start()] + simple[m.end() :]).strip("，, ")
        whole = (
            asks_for_summary(rest)
            or _WHAT_IT_SAYS.fullmatch(rest.strip())
            or _OUTLINE.fullmatch(rest.strip())
        )
        ref = match_key(m.group("ref"))
        shared = [
            i for i, (_, title, _) in self.layout.about_essays.items() if match_key(title) == ref
        ]
        return (shared[0], shared[1]) if whole and len(shared) == 2 else None

    def _namesakes(self, q: str) -> tuple[str, str] | None:
        """两篇《如何做好群众工作》有什么区别？: the two essays that share the title named,
        when a question on two essays' difference names one title two essays have; else None."""
        key = match_key(to_simplified(q))
        if "两篇" not in key or not _DIFFERS.search(key):
            return None
        shared: dict[str, list[str]] = {}
        for i, (_, title, _) in self.layout.about_essays.items():
            shared.setdefault(match_key(title), []).append(i)
        pairs = [ids for t, ids in shared.items() if t in key and len(ids) == 2]
        return (pairs[0][0], pairs[0][1]) if len(pairs) == 1 else None

    def _essay_about(self, about: str) -> str:
        """The essay an answer on an essay as a whole was about (《…》的总结, 《…》的各部分,
        《…》第二部分（…）), or ""."""
        if (m := _OF_ESSAY.match(about)) is None:
            return ""
        return next(
            (i for i, (s, _, _) in self.layout.about_essays.items() if s == m.group("title")), ""
        )

    def _essays_talked_of(self, history: Sequence[Turn]) -> tuple[str, str] | None:
        """The essays the last two answered turns were about as a whole (their parts, their
        summary or one part: 《…》的总结), when both were, and they differ; else None."""
        about = list(dict.fromkeys(t.about for t in reversed(history) if t.answered))[:2]
        found = [self._essay_about(a) for a in about]
        if len(found) < 2 or not all(found) or found[0] == found[1]:
            return None
        return found[1], found[0]

    def _titled(self, q: str, whole: bool = True) -> str:
        """The essay whose title ``q`` asks, naming nothing else (消防工作里怎么做群众工作？ of
        《谈消防工作中如何做好群众工作》, 社区群众工作怎么做？), or "": every character pair of
        its words (asking words aside) is in that title, and in no other title as fully
        (如何做好群众工作 is two essays' title, 稳定工作 one's); ``whole``: and it holds at
        least half of the title's pairs (那消防呢？ is a topic, not the title)."""
        pairs = self._pairs(q)
        if not pairs:
            return ""
        titles = {
            e: f"{shown} {title}" for e, (shown, title, _) in self.layout.about_essays.items()
        }
        share = {e: _covered(pairs, match_key(t)) for e, t in titles.items()}
        best = sorted(share, key=share.__getitem__, reverse=True)
        tied = [e for e in best if share[e] >= 1]
        if len(tied) > 1:  # 稳定工作: the one title writing the words whole (not 和谐稳定)
            words = "".join(w for w in self._tokenizer.words(q) if w not in ASKING_WORDS)
            whole_in = [e for e in tied if match_key(words) in match_key(titles[e])]
            key = match_key(q)
            mains = {match_key(self.layout.about_essays[e][1]) for e in tied}
            covered = {e: _covered(self._pairs(titles[e]), key) for e in tied}
            top = max(covered.values())
            if (
                len(whole_in) != 1
                and len(mains) == len(tied)
                and list(covered.values()).count(top) == 1
            ):
                # 稳定工作中怎样做好群众工作: most of e1's title, a third of e3's (…和谐稳定);
                # never between namesakes (如何做好群众工作 is e4's and e5's)
                whole_in = [e for e in tied if covered[e] == top]
            tied = whole_in
            best = tied + [e for e in best if e not in tied]
        if len(tied) != 1:
            return ""
        if whole and _covered(list(set(self._pairs(titles[best[0]]))), match_key(q)) < 0.5:
            return ""
        return best[0]

    def _pairs(self, text: str) -> list[str]:
        """The character pairs of ``text``'s words, asking words aside (消防, 防工, 工作 …)."""
        words = [w for w in self._tokenizer.words(text) if w not in ASKING_WORDS]
        return [w[i : i + 2] for w in words for i in range(len(w) - 1)]

    def _corrected(self, what: str, history: Sequence[Turn]) -> str:
        """What 我说的是社区那篇 / 我问的是消防 asks: the last question typed (answered or
        not: 这篇文章讲了什么？ was refused for want of an essay) with its 这篇文章 replaced by
        the essay named (社区那篇讲了什么), or that question of the essay or topic named."""
        last = history[-1].query
        if _ASKS_ITSELF.search(what):
            return what  # 不是这个意思，我是问消防队平时除了救火还能为老百姓做啥: that question
        essay, _, _ = self._essay_referred(to_simplified(what), [])
        if essay and (this := _ESSAY_DEIXIS.search(to_simplified(last))):
            return f"{last[: this.start()]}{what}{last[this.end() :]}"
        named = _THAT_ESSAY.sub("", what) or what
        named = _WHERE_IN.sub("", named) or named  # 我问的是社区里面: 社区
        if named.endswith("的") and who_or_where(named[:-1]) == [named[:-1]]:
            named = named[:-1]  # 我是问社区的: 社区 (不合理的 stays what qualifies)
        asked = history[-1].about if history[-1].answered else last
        if essay and match_key(named) not in match_key(self.layout.about_essays[essay][0]):
            # 思想上要怎么做？ → 我说的是中石化那篇 (its author's company): that question, of it
            return f"{what}{asked}"
        # 社区干部应该学习什么？ → 我是说消防那篇 (a word of its title): 那消防呢, the topic
        # switched (in that essay)
        return f"那{named}呢"

    def _outlined(self, history: Sequence[Turn], through_items: bool = False) -> str:
        """The essay whose parts the last answered turn listed (消防那篇讲了哪几点？), or took
        one of after they were listed (第二点呢？; ``through_items``: or items of one of them,
        第四条再说说), or ""."""
        for turn in reversed(history):
            if not turn.answered:
                continue
            summed = _ESSAY_SUMMED.fullmatch(turn.about) and turn.understood_as == turn.about
            titled = self._titled(turn.about)  # 如何做好社区群众工作？ answered by its parts
            if (turn.about.endswith(OUTLINE_TOPIC) or summed or titled) and turn.quoted:
                chunks = self.layout.chunks_of.get(turn.quoted[0][0])
                return chunks[0].essay_id if chunks else ""
            if not _SECTION_TOPIC.search(turn.about) and not (
                through_items and _ITEMS_ABOUT.match(turn.about)
            ):
                return ""
        return ""

    def _essay_of_last(self, history: Sequence[Turn], q: str) -> str:
        """The essay the last answer quoted first, when ``q`` says 这篇 / 本文 / 那篇 (这篇文章分
        几个部分？), or the one the last question asked the author or date of (中石化那篇的作者
        是谁？ → 那篇讲了哪几点？); or ""."""
        last = next((t for t in reversed(history) if t.answered), None)
        if last is not None and (whole := self._essay_about(last.about)):
            return whole  # 有哪几部分？ / 它有哪几部分？ after 消防那篇文章讲了什么？
        if not _THIS_ONE.search(q) and not _IT.match(q):
            return ""
        if history and (referred := self._referred_before(history[-1], history[:-1])):
            return referred
        if not _THIS_ONE.search(q):
            return ""  # 它由几部分组成？ after 什么是大党委制？: 它 is 大党委制, not its essay
        last = next((t for t in reversed(history) if t.answered and t.shown), None)
        if last is None or last.shown[0][0] not in self.layout.chunks_of:
            return ""
        return self.layout.chunks_of[last.shown[0][0]][0].essay_id

    def _outline(
        self, q: str, essay: str, history: Sequence[Turn], notice: str, titled: bool = False
    ) -> Answer:
        """消防那篇讲了哪几点？: the essay's top-level sections (their headings in a note), each
        by the opening sentence of its first paragraph; what the conversation quoted already
        is not quoted again."""
        sections = self.layout.sections(essay)
        title = f"《{self.layout.about_essays[essay][0]}》"
        if not sections:
            return Answer.refusal(q, f"{title}没有分部分的小标题。")
        # A question asking the title (如何做好社区群众工作？) stays the topic as typed
        asked = q if titled else f"{title}{OUTLINE_TOPIC}"
        note = _parts_note(title, sections)
        return self._openings(q, asked, note, list(sections.values()), "各部分", history, notice)

    def _collection(self, q: str, history: Sequence[Turn], notice: str) -> Answer:
        """有哪几篇文章？ / 这几篇文章分别讲的啥？ / 列个提纲: every essay by its title and its
        sections' headings (in a note), each quoted by its opening sentence."""
        essays = list(self.layout.about_essays)
        lines = []
        for e in essays:
            sections = self.layout.sections(e)
            parts = f"分{len(sections)}个部分：{'；'.join(sections)}" if sections else "不分部分"
            lines.append(f"《{self.layout.about_essays[e][0]}》，{parts}。")
        note = f"（培训文章共{len(essays)}篇：\n" + "\n".join(lines) + "\n下面引用每篇的开头。）"
        firsts = [self.layout.of_essay[e][0] for e in essays if self.layout.of_essay.get(e)]
        return self._openings(q, COLLECTION_TOPIC, note, firsts, "各篇", history, notice)

    def _sayings(self, q: str, essay: str, history: Sequence[Turn], notice: str) -> Answer:
        """金句 / 名言: the sentences quoting a saying (a short quotation of parallel parts: 成也
        作风，败也作风), of ``essay`` or of all the essays in reading order, not quoted yet."""
        said = quoted_so_far(history)
        chosen, found = [], 0
        for pid in self.layout.order:
            if essay and self.layout.chunks_of[pid][0].essay_id != essay:
                continue
            text = self.layout.paragraphs[pid]
            for m in _SAYING.finditer(text):
                parts = [p for p in re.split(r"[，；、,;]", m.group(1)) if p]
                if len(parts) < 2 or max(map(len, parts)) > MAX_SAYING_PART:
                    continue
                a = sentence_start(text, m.start())
                point = self._point_at(pid, a, sentence_end(text, a))
                found += 1
                if point is None or any(point.candidate.overlaps(x) for x in said):
                    continue
                if not any(point.candidate.overlaps(c.candidate.span) for c in chosen):
                    chosen.append(point)
        where = f"《{self.layout.about_essays[essay][0]}》" if essay else "文章"
        if not chosen:
            if found:
                return Answer.refusal(q, f"{where}中引用的名言警句前面都已经引用过，请看上文。")
            return Answer.refusal(q, f"{where}中没有引用名言警句。")
        topic = f"{where}中引用的名言警句" if essay else SAYINGS_TOPIC
        note = ""
        if aspect := self._saying_aspect(q):
            # 廉洁自律方面有没有好记的顺口溜？ (walk 43: all twelve, 廉洁 dropped): those of
            # paragraphs on it (its text or its headings), or all, said to be so
            on = [p for p in chosen if self._on_aspect(p.candidate.paragraph_id, aspect)]
            if on:
                chosen, topic = on, f"{where}中关于「{'、'.join(aspect)}」的名言警句"
            else:
                note = f"（{where}中没有专门谈「{'、'.join(aspect)}」的名言警句，下面是全部。）\n"
        res = Resolution(topic, topic, exclude=said, topic=topic)
        one = bool(_ONE_ASKED.search(to_simplified(q)))
        told = self._quoting(q, res, chosen[: 1 if one else MAX_SAYINGS], notice)
        return dataclasses.replace(told, text=note + told.text) if note else told

    def _saying_aspect(self, q: str) -> list[str]:
        """What a request for sayings narrows them to (廉洁 of 廉洁自律方面有没有顺口溜): the
        words of it few passages use, not naming an essay (消防 of 消防那篇有什么金句)."""
        titles = " ".join(t for t, *_ in self.layout.about_essays.values())
        return [
            w for w in self._terms_of(q, min_chars=2)
            if not _SAYINGS.search(w) and w not in titles and w not in _NO_ASPECT
            and w not in self._tokenizer.stop
        ]  # fmt: skip

    def _on_aspect(self, pid: str, aspect: Sequence[str]) -> bool:
        written = " ".join(
            (self.layout.paragraphs[pid], *self.layout.chunks_of[pid][0].heading_path)
        )
        return any(w in written for w in aspect)

    def _openings(
        self,
        q: str,
        asked: str,
        note: str,
        paragraphs: Sequence[str],
        parts: str,
        history: Sequence[Turn],
        notice: str,
    ) -> Answer:
        """Parts of an essay listed in ``note`` (an essay's sections, a section's items), each
        quoted by the opening sentence of its first paragraph (``paragraphs``) that the
        conversation has not quoted yet; said so when all were (``parts``: what they are)."""
        said = quoted_so_far(history)
        chosen = []
        for pid in paragraphs:
            point = self._point_at(pid, 0, sentence_end(self.layout.paragraphs[pid], 0))
            if point is not None and not any(point.candidate.overlaps(x) for x in said):
                chosen.append(point)
        if not chosen:
            return Answer.refusal(q, f"{note}\n{parts}的开头前面的回答已经引用过，请看上文。")
        res = Resolution(asked, asked, exclude=said, topic=asked)
        told = self._quoting(q, res, chosen[: self.params.max_points], notice)
        return told.noted(note)

    def _sibling_phrase(self, base: str, topic: str) -> str:
        """The longest phrase of ``base`` (four characters or more) that a heading holds which
        does not hold ``topic``, when a heading not holding that phrase holds ``topic``: the
        heading ``topic`` is a sibling of; or ""."""
        t = match_key(topic)
        if len(t) < 4:
            return ""
        key = match_key(base)
        spans = sorted(
            {key[i : i + n] for n in range(4, 9) for i in range(len(key) - n + 1)},
            key=len,
            reverse=True,
        )
        for s in spans:
            if any(s in h and t not in h for h in self.layout.headings) and any(
                t in h and s not in h for h in self.layout.headings
            ):
                return base[key.find(s) : key.find(s) + len(s)]
        return ""

    def _heading_named(self, question: str) -> str:
        """The one heading with sub-headings that ``question`` names by a phrase of it (模范带头,
        抓观念教育, 品性上适应), naming none of theirs (坦荡做人 is （2）坦荡做人，不搞阴谋
        too); else ""."""
        key = match_key(question)
        named = []
        for heading in self.layout.headed:
            phrases = re.split(r"[，,]", _NUMBERED_PART.sub("", heading))
            if any(len(p) >= 3 and p in key for p in (*phrases, phrases[0][1:])):
                named.append(heading)
        if len(named) != 1:
            return ""
        subs = self.layout.headed[named[0]]
        if any(match_key(re.split(r"[，,]", NUMBERED_HEADING.sub("", s))[0]) in key for s in subs):
            return ""
        return named[0]

    def _items_of(self, q: str, heading: str, history: Sequence[Turn], notice: str) -> Answer:
        """品性上适应包括哪几条？: the section's subheadings in a note, each item by the opening
        sentence of its first paragraph (as ``_outline`` does for an essay's parts)."""
        subs = self.layout.items_under(heading)
        note = f"（「{heading}」下分{len(subs)}条，小标题依次是：{'；'.join(subs)}。）"
        asked = f"「{heading}」{ITEMS_TOPIC}"
        return self._openings(q, asked, note, list(subs.values()), "各条", history, notice)

    def _sub_outlined(self, history: Sequence[Turn]) -> str:
        """The heading whose items the last answered turn listed (品性上适应包括哪几条？) or
        took one of (第四条再说说), else ""."""
        last = next((t for t in reversed(history) if t.answered), None)
        m = _ITEMS_ABOUT.match(last.about) if last is not None else None
        return m.group("heading") if m and m.group("heading") in self.layout.headed else ""

    def _nth_item(
        self,
        q: str,
        heading: str,
        n: int,
        shown: str,
        history: Sequence[Turn],
        notice: str,
    ) -> Answer:
        """Item ``n`` (as typed: ``shown``) of the section ``heading``: its paragraph, what the
        conversation has not quoted of it first."""
        subs = self.layout.items_under(heading)
        if not 1 <= n <= len(subs):
            return Answer.refusal(q, f"「{heading}」下只有{len(subs)}条，没有第{n or shown}条。")
        sub, pid = list(subs.items())[n - 1]
        return self._read_part(q, f"「{heading}」第{shown}条（{sub}）", pid, history, notice)

    def _essay_referred(self, q: str, history: Sequence[Turn]) -> tuple[str, str, str]:
        """The essay ``q`` refers to by a word of its title, its author or a person it
        introduces (社区那篇, 讲消防的那篇文章, 高新民那篇), or ""; what to ask of it; and
        what is left of ``q`` without the reference. What to ask: what is left, when it names
        something (社区那篇是怎么说摆正位置的？); the last topic, when it only asks what the
        essay says (社区那篇怎么说？, 中石化那篇呢？); else ``q`` with the reference's words
        (高新民说有几个问题需要重视). ("", q, q) when it refers to none, or to several alike
        (稳定 is in two titles; 稳定工作 in one)."""
        if (quoted := self._quoted_title(q)) is not None:
            m, essay = quoted
            return self._referred_rest(q, m, essay, m.group(0), history)
        if (
            (nth := _NTH_ESSAY.search(q)) is not None
            and not _ITS_PART.match(q, nth.end())
            # (第一篇和第二篇有什么不同: a comparison, not one essay)
            and len(_NTH_SIDE.findall(q)) == 1
            and not _ESSAY_REF.search(q)  # (我读的第一篇文章是消防那篇)
        ):
            # (第二篇的第三部分: ``_section``, of the essays answers quoted)
            # (第二篇 after two essays compared side by side, as wholes or on a topic: the
            # second of them)
            last = next((t for t in reversed(history) if t.answered), None)
            across = self._topic_across(last.query, []) if last is not None else None
            order = list(
                (across and across[1]) or self._compared_last(history) or self.layout.about_essays
            )
            k = _point_number(nth.group("n"))
            if 1 <= k <= len(order):
                title = f"《{self.layout.about_essays[order[k - 1]][0]}》"
                return self._referred_rest(q, nth, order[k - 1], title, history)
        m = _ESSAY_REF.search(q)
        if m is None:
            return "", q, q
        ref = match_key(m.group("ref"))
        if ref.isascii() and ref not in self.layout.about_essays:
            return "", q, q  # e9那篇: no essay has that id
        words = [w for w in self._tokenizer.words(ref) if len(w) >= 2]
        weight: dict[str, float] = {}
        for i, (shown, title, meta) in self.layout.about_essays.items():
            # its titles, author and body (中石化那篇: e1's affiliation 中石化华北分公司)
            about = " ".join(str(meta.get(k) or "") for k in ("author", "affiliation", "subtitle"))
            said = match_key(f"{shown} {title} {about}")
            weight[i] = sum(self.retriever.idf(w) for w in words if w in said)
        for i, name in (
            (i, n) for n in self.layout.names if n in ref for i in self.layout.about_essays
        ):
            if any(name in self.layout.paragraphs[p] for p in self.layout.of_essay.get(i, [])):
                weight[i] += self.retriever.idf(name)
        if ref in self.layout.about_essays:  # e5那篇: the id its citations show (e5-p25-c1)
            weight = {i: float(i == ref) for i in self.layout.about_essays}
        best = max(weight.values(), default=0.0)
        found = [i for i, w in weight.items() if w == best]
        # 稳定工作: in a tie, the one title writing it whole (和谐稳定 holds 稳定 and 工作 too)
        if len(found) > 1:
            found = [
                i for i in found if ref in match_key(" ".join(self.layout.about_essays[i][:2]))
            ]
        if best <= 0:
            # 讲农村基层干部的那篇: no title names them; the essay whose opening says whom it
            # is written for (e4: …是摆在农村基层干部面前的重要课题), when one holds them best
            weight = {
                i: sum(self.retriever.idf(w) for w in words if w in self.layout.scopes[i])
                for i in self.layout.about_essays
            }
            best = max(weight.values(), default=0.0)
            found = [i for i, w in weight.items() if w == best]
        if best <= 0 or len(found) != 1:
            return "", q, q
        return self._referred_rest(q, m, found[0], ref, history)

    def _referred_rest(
        self, q: str, m: re.Match[str], essay: str, ref: str, history: Sequence[Turn]
    ) -> tuple[str, str, str]:
        """``_essay_referred``'s answer once the reference ``m`` is known to name ``essay``."""
        rest = (q[: m.start()] + q[m.end() :]).strip("，, ")
        if self._names_a_subject(rest):
            return essay, rest, rest
        last = next((t for t in reversed(history) if t.answered), None)
        if last is not None and _SAYS_OF_IT.fullmatch(rest.strip()):
            # 社区那篇怎么说？ / 中石化那篇呢？: the topic, asked of that essay (of two essays
            # compared on a topic: that topic)
            across = self._topic_across(last.query, [])
            return essay, across[0] if across and across[0] else last.about, rest
        return essay, q[: m.start()] + ref + q[m.end() :], rest

    def _quoted_title(self, q: str) -> tuple[re.Match[str], str] | None:
        """The first 《…》 in ``q`` that is one essay's title as its citations show it
        (《如何做好群众工作》 is e4's; e5's is shown 《如何做好群众工作——对党的新考验》), or
        its main title when no other essay shares it; with that essay. None for any other
        work (《信访条例》) or a title two essays share and neither shows alone."""
        for m in _QUOTED_TITLE.finditer(q):
            key = match_key(m.group("title"))
            essays = self.layout.about_essays.items()
            shown = [e for e, (s, _, _) in essays if match_key(s) == key]
            main = [e for e, (_, t, _) in essays if match_key(t) == key]
            rest = (q[: m.start()] + q[m.end() :]).strip("，, ")
            if len(shown) == 1 and (len(main) < 2 or not self._names_a_subject(rest)):
                # (e4's title is e5's main title too: of the essay as a whole, e4's; a subject
                # asked of it, 《如何做好群众工作》里高新民是怎么说的, may be e5's: searched)
                return m, shown[0]
            if len(main) == 1:
                return m, main[0]
        return None

    def _not_in_essay(self, text: str, essay: str) -> list[str]:
        """The specific nouns of ``text`` (few passages hold them: 民情日记, 大党委制) that
        ``essay`` never writes, in its paragraphs or headings, whole or in its parts (e3's
        heading 摆正位置，…, its 摆正与群众之间的关系)."""
        chunks = [
            c for p in self.layout.of_essay.get(essay, []) for c in self.layout.chunks_of.get(p, [])
        ]
        own = match_key("\n".join(f"{' '.join(c.heading_path)}\n{c.text}" for c in chunks))

        def written(w: str) -> bool:  # (摆正位置: 摆正 … 位置)
            return w in own or len(w) >= 4 and w[:2] in own and w[-2:] in own

        return [
            w
            for w in dict.fromkeys(self._tokenizer.nouns(text))
            if w not in ASKING_WORDS
            and w not in FRAME_WORDS
            and w in self.judge.known_words
            and self.judge.share_of_passages(w) <= SPECIFIC_SHARE
            and not written(w)
        ]

    def _next_line(
        self, q: str, m: re.Match[str], history: Sequence[Turn], notice: str
    ) -> Answer | None:
        """事事有落实下一句是啥？ / “硬办法不能用”前面一句是什么？: the clause after (before)
        the words asked about where an essay writes them, quoted; or, when the conversation
        quoted it already, named. None when no essay writes those words."""
        words = match_key((m.group("x") or "").strip('“”"「」‘’ ，,'))
        if not words or _DEICTIC.match(words):
            # 后面还有一句是什么？ after 冷横硬冲是哪篇说的: the words the last turn asked about,
            # to the end of their clause (冷、横、硬、冲绝对做不好群众工作), where written once
            last = next((t for t in reversed(history) if t.answered), None)
            words = match_key(last.about.strip('“”"「」‘’ ，,')) if last else ""
            if len(words) < MIN_LINE_CHARS or self.layout.corpus_key.count(words) != 1:
                return None  # (the line after a quote of a sentence: its paragraph goes on)
            at = self.layout.corpus_key.find(words) + len(words)
            end = _CLAUSE_END.search(self.layout.corpus_key, at)
            words += self.layout.corpus_key[at : end.start() if end else at]
        if len(words) < MIN_LINE_CHARS or _DEICTIC.match(words):
            return None  # 这句话的下一句: about a quote, not words of the essays
        if self.layout.corpus_key.count(words) != 1:
            return None  # words the essays never write, or write in several places
        found = next(
            (
                (pid, self.layout.paragraphs[pid], at)
                for pid, key in self.layout.paragraph_keys.items()
                if (at := key.find(words)) >= 0
            ),
            None,
        )
        if found is None:
            return None
        pid, text, at = found
        way = m.group("dir") or m.group("near")
        after = way in _AFTER_WORDS
        # the words must end (start) a clause: 事事有 is no line, 事事有落实 is
        edge = text[at + len(words) : at + len(words) + 1] if after else text[at - 1 : at]
        if edge and edge not in _CLAUSE_MARKS + "“‘":
            return None
        if after:
            a = at + len(words)
            while a < len(text) and text[a] in _CLAUSE_MARKS:
                a += 1
            b = a
            while b < len(text) and text[b] not in "，。；！？：":
                b += 1
            b = min(len(text), b + 1)  # with its mark
        else:
            b = at
            while b > 0 and text[b - 1] in _CLAUSE_MARKS:
                b -= 1
            a = b
            while a > 0 and text[a - 1] not in "，。；！？：":
                a -= 1
            b = min(len(text), b + 1) if b < len(text) and text[b] in "，。；！？" else b
        while b > a and (text[b - 1] in "，、；：" or text[b - 2 : b] in ("”。", "’。")):
            b -= 1  # 两袖清风， → 两袖清风; 硬办法不能用”。 → 硬办法不能用”
        a, b = trim_marks(text, a, b)  # “硬办法不能用”。 → 硬办法不能用
        line = text[a:b].strip()
        if not line.strip('“”"，。；！？： '):
            which = "下一句" if after else "上一句"
            return Answer.refusal(
                q, f"「{words}」在文章中没有{which}（它在段落的{'末尾' if after else '开头'}）。"
            )
        said = [span for t in history for span in t.quoted]
        if any(p == pid and x < b and a < y for p, x, y in said):
            return Answer.refusal(
                q,
                f"「{words}」的{way}是“{line.strip('“”')}”（前面的回答已经引用过，请看上文）。",
            )
        if (point := self._point_at(pid, a, b)) is None:
            return None
        asked = f"{words}的{way}"
        res = Resolution(asked, asked, exclude=tuple(said), topic=words)
        return self._quoting(q, res, [point], notice)

    def _which_essay(
        self, q: str, which: re.Match[str], history: Sequence[Turn], notice: str
    ) -> Answer:
        """容人容事是哪篇说的？: the answer to what is asked, with the essays it quotes named
        first; 出自哪篇？ alone: the essays the last answer quoted."""
        after = q[which.end() :]
        after = "" if re.fullmatch(r"[啊呀呢吧哈嘛？?。！!，, ]*", after) else after
        rest = (q[: which.start()] + after).strip("，,？?。 ")
        # …看到有篇文章写了“计生工作不打折扣”，这是哪篇说的啊？: 这 there is the words before
        # (walk 53: understood as …“计生工作不打折扣”，这啊)
        rest = re.sub(r"(?<=\S{2})[，,]\s*(?:这|那)(?:段|句|条|个)?(?:话)?$", "", rest)
        # 请问这些内容出自哪一篇文章？: 请问 asks nothing of its own (walk 57: searched)
        rest = re.sub(r"^(?:请问|想问一下|问一下|我想问一下|我想问)[，,]?\s*", "", rest)
        # 这是哪篇文章讲的，作者是谁: 这 was the subject of the part asking which essay
        rest = re.sub(r"^(?:这|那)(?:段|句|条|些|个)?(?:话)?[，,]\s*", "", rest)
        # 这个“坚决依法处理”是哪篇文章说的？: the words quoted, not what 这个 points back to
        rest = re.sub(r"^(?:这|那)(?:个|句|句话|段话|种说法|个说法)?(?=[“\"「])", "", rest)
        # 衣食父母这个说法在哪篇？: the words, not 这个说法 (walk 51 searched both, found one)
        rest = re.sub(r"(?<=\S{2})(?:这|那)(?:个|句|种)?(?:说法|提法|话|词|概念|表述)$", "", rest)
        # 哪篇是讲社区的？ asks which essay is about it
        about = bool(re.search(r"篇(?:文章)?是", which.group())) and rest.endswith("的")
        rest = rest.removesuffix("的") if about else rest
        shown = rest.strip('“”"「」‘’ ，,。？?')
        if about and shown:
            # 哪篇是讲社区的？: the essay its title names; 哪篇是讲稳定的？ (two titles) or
            # 讲干部的: the essays writing it
            if of := self._titled(shown, whole=False):
                told = self._outline(q, of, history, notice, titled=True)
                note = f"（讲「{shown}」的是《{self.layout.about_essays[of][0]}》。）"
                return told.noted(note)
            if first := self._first_written(shown):
                return self._mentioned(q, shown, first, notice, history)
        author_asked = bool(_JUST_AUTHOR.fullmatch(match_key(rest).strip("？?。 ")))
        # (冷横硬冲 is no word jieba knows, but the essays write it: walk 50)
        first = {} if _DEICTIC.match(shown) else self._first_written(shown)
        # (这些内容 / 上面这段话: what the answers quoted, no subject named; walk 57 searched it)
        pointing = bool(
            re.fullmatch(
                r"(?:这|那|上面|前面|刚才)(?:些|个|段|句|几句|几条)?(?:的)?(?:内容|话|论述|观点)?",
                shown,
            )
        )
        # (“群众在我们心里有多重，…”这句话出自哪篇？: words quoted from memory, not as written
        # — searched; walk 61 asked for the words)
        quoted = bool(re.fullmatch(r"[“\"「][^“”\"「」]{6,}[”\"」]", rest.strip()))
        if author_asked or pointing or not (self._names_a_subject(rest) or first or quoted):
            latest = next((t for t in reversed(history) if t.answered), None)
            if latest is not None and not latest.shown and "这些" not in q and "都是" not in q:
                # 这是哪篇？ after an answer that pointed back to an earlier quote: that answer
                # named where it is; the last answer that quoted is about something else
                return Answer.refusal(
                    q,
                    f"回答「{short(latest.about)}」时没有引用新的论述，它指向的前文论述已写明出处。",
                )
            last = next((t for t in reversed(history) if t.answered and t.shown), None)
            if last is None:
                return Answer.refusal(q, "请说出想找的内容，例如：「容人容事」是哪篇文章说的？")
            if "这些" in q or "都是" in q:  # 这些是哪篇文章说的？: every answer of the talk,
                # those from the same essays in one line (walk 40: one line each, all alike)
                by_titles: dict[str, list[str]] = {}
                for t in history:
                    if t.answered and t.quoted:
                        titles = self.layout.titles_of(p for p, _, _ in t.quoted)
                        by_titles.setdefault(titles, []).append(f"「{short(t.about)}」")
                lines = [
                    f"回答{'、'.join(dict.fromkeys(asked))}时引用的论述"
                    f"{'都' if len(set(asked)) > 1 else ''}出自{titles}。"
                    for titles, asked in by_titles.items()
                ]
                if author_asked:  # 这些是哪篇文章说的，作者是哪个 (walk 57: no author given)
                    quoted = [p for t in history if t.answered for p, _, _ in t.quoted]
                    lines += map(self._front_matter, self.layout.essays_of(quoted))
                return Answer.refusal(q, "\n".join(lines))
            titles = self.layout.titles_of(p for p, _, _ in last.shown)
            how = "引用" if last.quoted else "指向"  # (a pointer back names the earlier quote)
            said = f"回答「{short(last.about)}」时{how}的论述出自{titles}。"
            if author_asked:  # 这是哪篇文章讲的，作者是谁
                essays = self.layout.essays_of(p for p, _, _ in last.shown)
                said = "\n".join([said, *map(self._front_matter, essays)])
            return Answer.refusal(q, said)
        if len(first) >= 2:  # 哪篇提到了胡锦涛？: each essay where it writes the words first
            return self._mentioned(q, shown, first, notice, history)
        answer = self.ask(rest, history)
        if first and not any(match_key(shown) in match_key(c.quote) for c in answer.citations):
            # (a search that missed the words)
            return self._mentioned(q, shown, first, notice, history)
        if answer.citations:
            titles = self.layout.titles_of(c.paragraph_id for c in answer.citations)
            answer = dataclasses.replace(answer, text=f"（出自{titles}。）\n{answer.text}")
        return answer

    def _first_written(self, shown: str) -> dict[str, Scored]:
        """Essay id → the sentence where it first writes ``shown`` (a name or term of at most
        ``MAX_MENTION_CHARS``), in reading order; empty when no essay writes it."""
        words = match_key(shown)
        if not MIN_MENTION_CHARS <= len(words) <= MAX_MENTION_CHARS:
            return {}
        # (冷横硬冲 as the essays write it, 冷、横、硬、冲: a list typed without its marks)
        written = loosely_marked(words)
        if not written.search(self.layout.corpus_key):
            return {}
        first: dict[str, Scored] = {}
        for pid in self.layout.order:
            text = self.layout.paragraphs[pid]
            key = match_key(text)
            chunks = self.layout.chunks_of.get(pid)
            if not chunks or chunks[0].essay_id in first or len(key) != len(text):
                continue
            if (found := written.search(key)) is None:
                continue
            at = found.start()
            a = sentence_start(text, at)
            point = self._point_at(pid, a, sentence_end(text, at))
            if point is not None:
                first[chunks[0].essay_id] = point
        return first

    def _mentioned(
        self,
        q: str,
        shown: str,
        first: dict[str, Scored],
        notice: str,
        history: Sequence[Turn] = (),
    ) -> Answer:
        """哪篇提到了胡锦涛？: the essays that write the words named, and where each writes
        them first; a sentence the conversation quoted already is pointed to, not quoted again
        (这个“坚决依法处理”是哪篇文章说的？ right after it was quoted: walk 45)."""
        said = quoted_so_far(history)
        earlier = {e: tuple(x for x in said if s.candidate.overlaps(x)) for e, s in first.items()}
        earlier = {e: spans for e, spans in earlier.items() if spans}
        fresh = [s for e, s in first.items() if e not in earlier]

        def titled(essays: Sequence[str]) -> str:
            return "、".join(f"《{self.layout.about_essays[e][0]}》" for e in essays)

        if len(first) == 1:
            lead = f"（只有{titled(list(first))}提到「{shown}」。）"
        else:
            lead = f"（提到「{shown}」的有 {len(first)} 篇：{titled(list(first))}；"
            if not earlier:
                lead += "下面各引一处。）"
            else:
                lead += f"{titled(list(earlier))}的那一处前面的回答已经引用过"
                lead += "，下面引其余的。）" if fresh else "。）"
        pointed = tuple(x for spans in earlier.values() for x in spans)
        if not fresh:
            text = f"{lead}\n前面的回答已经引用过，请看上文。"
            return Answer(q, shown, True, text, (), (), notice, shown, pointed=pointed)
        told = self._quoting(q, Resolution(shown, shown, exclude=said, topic=shown), fresh, notice)
        return dataclasses.replace(told, text=f"{lead}\n{told.text}", pointed=pointed)

    def _referred_before(self, turn: Turn, before: Sequence[Turn] = ()) -> str:
        """The essay an earlier question about the essays' facts named (社区那篇文章是谁写的？:
        e3; 这篇文章的作者是谁？ after the turns ``before`` it: the one they quoted), or ""."""
        key = match_key(turn.query)
        if not _ESSAY_FACT.search(key):
            return ""
        essay, _, _ = self._essay_referred(turn.query, before)
        titles = [i for i, (_, t, _) in self.layout.about_essays.items() if match_key(t) in key]
        if not essay and not titles and _THIS_ESSAY.search(key):
            # 这篇文章的作者是谁？: the one essay the answer before it quoted (他现在在哪个单位
            # 工作？ then asks of its author: walk 53 read 他 as 居民)
            last = next((t for t in reversed(before) if t.answered and t.shown), None)
            shown = self.layout.essays_of(p for p, _, _ in last.shown) if last else []
            titles = shown if len(shown) == 1 else []
        return essay or (titles[0] if len(titles) == 1 else "")

    def _in_essay(self, search: str, essay: str, hits: list[Hit]) -> list[Hit]:
        """The hits from ``essay``, searched deeper when few of the best are, ranked anew."""
        kept = [h for h in hits if h.chunk.essay_id == essay]
        if len(kept) < self.params.candidate_paragraphs:
            deeper = self.retriever.search(search, k=ESSAY_SEARCH_DEPTH).hits
            kept = [h for h in deeper if h.chunk.essay_id == essay][: self.params.candidate_hits]
        return [dataclasses.replace(h, rank=i) for i, h in enumerate(kept, 1)]

    def _essay_facts(self, q: str, history: Sequence[Turn]) -> Answer | None:
        """这篇文章是谁写的？ 《…》的作者是谁？ 袁正清写了什么？: what the essays' front matter
        says (author, date, the body it names), for the essay named by its title, the one the
        last answer quoted first (这篇 / 本文), or the author named; None for other questions."""
        key = match_key(q)
        if not _ESSAY_FACT.search(key) and not _WROTE.search(key):
            return None
        titles = {i: match_key(t) for i, (_, t, _) in self.layout.about_essays.items()}
        named = [i for i, t in titles.items() if t in key]
        # 谈消防工作中如何做好群众工作 names e2, not also e4 and e5 (如何做好群众工作)
        named = [i for i in named if not any(titles[i] in titles[j] != titles[i] for j in named)]
        by = [i for i, a in self.layout.authors.items() if a and a in key]
        if not _ESSAY_FACT.search(key) and not by:
            return None  # 民情日记写了什么？ asks the essays, not about them
        alone = _JUST_AUTHOR.fullmatch(key.strip("？?。 "))
        if (
            not named
            and not by
            and history
            and (referred := self._referred_before(history[-1], history[:-1]))
        ):
            # 什么时候写的？ after 社区那篇文章是谁写的？: that essay still
            named = [referred]
        if not named and not by and alone and (pair := self._compared_last(history)):
            named = list(pair)  # 作者是谁？ after two essays' parts, side by side: of both
        if not named and not by and (passage := _THAT_PASSAGE.search(key)):
            # 刚才民情信箱那段谁写的？: the essays of the latest answer that quoted those words
            named = self._quoted_holding(passage.group("words"), history)
        if not named and not by and (_THIS_ESSAY.search(key) or alone):
            last = next((t for t in reversed(history) if t.answered and t.shown), None)
            if last is not None:
                # every essay it quoted (作者是谁？ after quotes of e1 and e4: both authors)
                named = self.layout.essays_of(p for p, _, _ in last.shown)
        if not named and not by:
            return None
        lines = []
        for i in by:
            lines.append(
                f"{self.layout.authors[i]}是《{self.layout.about_essays[i][0]}》的作者（据文章信息）。"
            )
        lines += [self._front_matter(i, key) for i in named]
        asks = tuple(
            f"文章中关于「{self.layout.about_essays[i][0]}」是怎么说的？" for i in [*by, *named]
        )
        text = "\n".join(dict.fromkeys(lines))
        # Told, not an unanswered question: not logged as one (error), no 👍/👎 on the desk.
        return Answer(q, q, True, text, (), tuple(dict.fromkeys(asks))[:3], error=text)

    def _quoted_holding(self, words: str, history: Sequence[Turn]) -> list[str]:
        """The essays whose paragraphs the latest answer holding ``words`` in its quotes quoted
        (民情信箱: e3), or []."""
        for turn in reversed(history):
            essays = self.layout.essays_of(
                pid
                for pid, a, b in turn.shown
                if words in match_key(self.layout.paragraphs.get(pid, "")[a:b])
            )
            if essays:
                return essays
        return []

    def _front_matter(self, essay: str, asked: str = "") -> str:
        """《…》：作者…，日期…（据文章信息，不是正文）。 What is ``asked`` comes first: the
        title (这篇文章的标题叫什么？ walk 55 read it among author and date), or that no unit is
        given (作者是哪个单位的？)."""
        full, _, meta = self.layout.about_essays[essay]
        said = [f"作者{meta['author']}" if meta.get("author") else "没有署名作者"]
        said.append(f"日期 {meta['date']}" if meta.get("date") else "没有写明日期")
        if meta.get("affiliation"):
            said.append(f"单位 {meta['affiliation']}")
        elif "单位" in asked:
            said.append("没有写明作者单位")
        if _TITLE_ASKED.search(asked):
            return f"标题是《{full}》；{'，'.join(said)}（据文章信息，不是正文）。"
        return f"《{full}》：{'，'.join(said)}（据文章信息，不是正文）。"

    def _summary(self, q: str, history: Sequence[Turn], notice: str, of: str = "") -> Answer:
        """总结一下: the sentences that sum up the essay the conversation quoted most (or the
        essay ``of``: 中石化那篇主要讲了什么？) (总之… / 总的来说…), or, where it has none, the
        first sentences of its first and last paragraphs (e5 opens with its summary:
        新时期做好群众工作，首要是…)."""
        last = next((t for t in reversed(history) if t.answered and t.shown), None)
        if of and self.layout.of_essay.get(of):
            essay = self.layout.chunks_of[self.layout.of_essay[of][0]][0]
        elif last is None or last.shown[0][0] not in self.layout.chunks_of:
            return Answer.refusal(q, SUMMARY_OF_NOTHING)
        else:
            essay = self.layout.chunks_of[self._essay_talked_about(history)][0]
        said = [span for t in history for span in t.quoted]
        own = self.layout.of_essay.get(essay.essay_id, [])
        # what sums up the essay, not one of its parts: said outside its sections, or in its
        # last paragraph (e2's 总之… closes its first section only)
        whole = [p for p in own if p == own[-1] or not self.layout.chunks_of[p][0].heading_path]
        spans = [
            (pid, m.start(), sentence_end(self.layout.paragraphs[pid], m.start()))
            for pid in whole
            for m in _CONCLUDING.finditer(self.layout.paragraphs[pid])
        ]
        if not spans and own:  # no 总之: how the essay opens and how it ends ...
            ends = dict.fromkeys((own[0], own[-1]))
            spans = [(p, 0, sentence_end(self.layout.paragraphs[p], 0)) for p in ends]
            heads = [self.layout.chunks_of[p][0].heading_path for p in (own[0], own[-2], own[-1])]
            if len(own) > 2 and not heads[0] and heads[2] and heads[1] != heads[2]:
                # ... or, when its last paragraph is all of its last section (e2's part 三),
                # not a closing word, the first sentences of its opening
                text = self.layout.paragraphs[own[0]]
                one = sentence_end(text, 0)
                spans = [(own[0], 0, one), (own[0], one, sentence_end(text, one))]
                spans = [(p, a, b) for p, a, b in spans if text[a:b].strip()]
        chosen = []
        for pid, a, b in spans:
            point = self._point_at(pid, a, b)
            if point is not None and not any(point.candidate.overlaps(x) for x in said):
                chosen.append(point)
        topic = f"《{essay.title}》{SUMMARY_TOPIC}"
        # 总结一下 sums up the topic's essay; 社区那篇讲了什么？ is a topic of its own
        about = last.about if last and not of else topic
        res = Resolution(topic, topic, exclude=tuple(said), topic=about)
        # Its parts' headings too, the essay's own outline (总结一下 after the fire essay had
        # quoted only its opening, 消防工作与人民群众的生产、生活息息相关…); 社区那篇讲了什么？
        # then 第二点呢 asks for one of them
        parts = self.layout.sections(essay.essay_id)
        note = f"{_parts_note(f'《{essay.title}》', parts)}\n" if parts else ""
        if not chosen:
            why = f"前面的回答已经引用过《{essay.title}》的总结性论述，请看上文。"
            return self._refuse(q, res, [], notice, note + why)
        told = self._quoting(q, res, chosen[: self.params.max_points], notice)
        return dataclasses.replace(told, text=note + told.text)

    def _essay_talked_about(self, history: Sequence[Turn]) -> str:
        """A paragraph of the essay the conversation quoted most, the latest answers counting
        most (each answer's quotes weigh 1, 1/2, 1/3 … going back): what 总结一下 sums up
        after 需求有啥变化 (e5 twice) → 诉求有哪些渠道 (e1, e5, e3), not the last answer's first
        essay. Ties go to the essay the last answer quoted first. (An answer pointing back
        counts for the earlier quote it points to.)"""
        answered = [t for t in reversed(history) if t.answered and t.shown]
        weight: dict[str, float] = {}
        first: dict[str, str] = {}
        for age, turn in enumerate(answered):
            for pid, *_ in turn.shown:
                if pid in self.layout.chunks_of:
                    essay = self.layout.chunks_of[pid][0].essay_id
                    weight[essay] = weight.get(essay, 0.0) + 1 / (age + 1)
                    first.setdefault(essay, pid)
        return first[max(first, key=lambda e: weight[e])]  # dicts keep the latest first
