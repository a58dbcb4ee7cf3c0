"""Which value a factual question asks for, and whether a sentence gives one."""

from __future__ import annotations

import pytest

from rag.answer.facts import carries, people, wanted


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("12345热线是哪一年开通的？", "date"),
        ("十二五是哪几年？", "date"),  # it was answered with sentences naming no year
        ("这是什么年代的提法？", "date"),
        ("她出版过哪些书？", "works"),
        ("高新民的代表作是什么？", "works"),
        ("什麼時候開始實行？", "when"),
        ("板凳会啥时候开？", "when"),
        ("办理期限是多少天？", "span"),
        ("可以在幾天內申請複核？", "span"),
        ("多长时间内必须回复？", "how_soon"),  # a span or 立即 answers it
        ("社区领导多久得去居民家里转一圈？", "frequency"),
        ("民情信箱一般多久开一次箱？", "frequency"),
        ("网格员多久入户走访？", "how_long"),  # how often, or how long: either answers
        ("罚款是多少钱？", "count"),
        ("一年要做几次？", "count"),
        ("高新民教授今年多大年纪？", "age"),
        ("信访接待日定在每周几？", "weekday"),
        ("说这句话的官员叫什么名字？", "person"),
        ("谁提出了树立“四观”？", "person"),
        ("这是谁的观点？", "person"),
        ("这话出自谁之口", "person"),
        ("大党委制最早是在哪个城市试点的？", "place"),
        ("胡锦涛建党九十周年讲话是在哪里发表的？", "place"),  # walk 32
        ("这个会在什么地方召开？", "place"),
    ],
)
def test_what_a_question_asks_for(question, kind):
    assert wanted(question).kind == kind


@pytest.mark.parametrize(
    "question",
    [
        "最要紧的几件事是什么？",
        "怎样避免决策被少数几个人说了算？",
        "村里各项事务推进时，谁来当主心骨？",  # a role, not a name
        "下台的干部没多久又被重用，会怎样？",  # 没多久: soon after
        "如何做好群众工作？",
        "消防那篇具体讲了几点？",  # walk 42: refused as a clock time
    ],
)
def test_questions_that_ask_for_no_value(question):
    assert wanted(question) is None


def test_values_in_sentences():
    assert carries("2009年以来，中央党校", wanted("哪一年开始的？"))
    assert not carries("近年来，党内民主不断完善", wanted("哪一年开始的？"))
    assert carries("坚持每月走访居民群众家庭", wanted("多久走访一次？"))
    assert not carries("坚持每月走访居民群众家庭", wanted("每次走访要花多长时间？"))
    assert carries("5个工作日内答复", wanted("多少天内答复？"))
    # no time at all answers how long (walk 45: 合理诉求要多久解决？ was refused)
    assert carries("合理诉求要不推不拖，立即解决", wanted("合理诉求要多久解决？"))
    assert not carries("合理诉求要不推不拖，立即解决", wanted("民情信箱多久开一次箱？"))
    assert wanted("合理诉求要多久解决？").kind == "how_soon"
    # 几个年轻人 asks no span (walk 46: refused for 没有给出具体的时长)
    assert wanted("我要给局里新来的几个年轻人上课，文章里有哪些可以直接拿来用的？") is None
    assert not carries("马上就要换届了", wanted("任期多长时间？"))  # how long, not how soon
    assert not carries("立即出动", wanted("培训持续多长时间？"))
    # 多久 alone: 每周至少入户走访两次 answers it (it was read as a span and refused).
    assert carries("网格员每周至少入户走访两次", wanted("网格员多久入户走访？"))
    assert carries("要在二十四小时内回应", wanted("网格员多久回应？"))
    assert not carries("网格员要及时回应", wanted("网格员多久回应？"))
    assert not carries("一个村庄是否拆迁", wanted("能拿到多少补偿款？"))  # 一个 is an article
    assert not carries("显得十分重要", wanted("会被扣多少分？"))  # 十分 means "very"
    assert carries("每次扣3分", wanted("会被扣多少分？"))
    assert not carries("经历几次代际更迭", wanted("一共讲几次课？"))


def test_people_named_in_the_question_are_not_its_answer():
    assert people("中央党校党建部教授高新民分析") == ["高新民"]
    assert "胡锦涛" in people("胡锦涛总书记在今年7月1日的讲话中提到")
    w = wanted("跟张希贤私下聊天的那位县委书记叫什么名字？")
    assert not carries("“华北某县的一把手曾经私下跟我说……”张希贤说。", w)
    assert carries("教授高新民认为", wanted("谁提出了这个观点？"))


@pytest.mark.parametrize(
    ("question", "kind"),
    [("高新民是男的还是女的？", "gender"), ("張希賢的性別是什麼？", "gender")],
)
def test_gender_is_asked_and_never_given(question, kind):
    w = wanted(question)
    assert w.kind == kind and not carries("他说，群众工作越来越难。", w)


def test_who_someone_named_is_asks_for_their_title():
    from rag.answer.facts import about_person, introductions

    w = about_person(wanted("高新民是谁？"), "高新民是谁？", frozenset({"高新民"}))
    assert w.kind == "identity"
    assert carries("中央党校党建部教授高新民分析，首先难在宏观制度方面。", w)
    assert not carries("高新民发现其普遍反映现在思想工作难做。", w)
    assert introductions("教授高新民分析", 12) == [("高新民", "教授高新民")]
    assert introductions("难在哪里？”中央党校党建部教授高新民分析", 12) == [
        ("高新民", "中央党校党建部教授高新民")
    ]  # the introduction stops at the sentence before


def test_a_party_school_is_a_place():
    assert carries("中央党校党建部教授高新民分析", wanted("高新民在哪工作？"))


@pytest.mark.parametrize(
    "sentence",
    [
        "社区每两周召开一次单元协调会。",
        "每三个月走访一次。",
        "每半年公开一次。",
        "收支每个季度公开。",
    ],
)
def test_frequencies_in_words(sentence):
    assert carries(sentence, wanted("多久开一次？"))


def test_a_periodical_is_no_work_of_anyone():
    assert not carries(
        "多位党建领域资深专家在接受《瞭望》新闻周刊采访时解读道", wanted("出版过哪些书")
    )
    assert carries("著有《群众工作概论》一书", wanted("他出版过哪些书？"))


@pytest.mark.parametrize(
    "question",
    [
        "消防监督检查的具体流程分哪几步？",
        "发现重大火灾隐患，应当按什么程序挂牌督办？",
        "村委会换届选举的具体投票流程是怎样的？",
        "农村低保申请需要满足哪些条件、走什么流程？",
        "信访事项办理的程序是什么",
    ],
)
def test_a_procedure_wants_steps_in_order(question):
    """Walk 38: a procedure asked was answered with 严格按照规定程序办事办案 (names no step)."""
    w = wanted(question)
    assert w is not None and w.kind == "procedure"
    assert not carries("严格按照规定程序办事办案。", w)
    assert carries("第一步是登记，第二步是受理。", w)
    assert carries("首先要听取陈述，然后再作出决定。", w)


@pytest.mark.parametrize(
    "question",
    ["一些消防执法者在办案流程上常犯哪些错误？", "做群众工作不投入感情，光按程序走行不行啊？"],
)
def test_a_question_naming_a_procedure_without_asking_for_it(question):
    assert wanted(question) is None


@pytest.mark.parametrize(
    "question", ["高新民后来当过什么领导职务", "高新民担任过哪些职务？", "张希贤的工作经历"]
)
def test_a_career_is_asked_and_the_essays_give_titles_only(question):
    """Walk 39: 高新民后来当过什么领导职务 was answered with e5-p38's 关键在领导."""
    w = wanted(question)
    assert w is not None and w.kind == "career"
    assert not carries("中央党校党建部教授高新民分析，首先难在宏观制度方面。", w)
    assert not carries("但一切高科技手段的运用，最终还得依赖各级领导机构的重视。", w)
    assert carries("他曾任县委书记。", w)


@pytest.mark.parametrize(
    ("text", "gives"),
    [
        ("每月初十晚上，村两委干部把板凳搬到村口的大槐树下。", True),  # desk walk, 2026-12-01
        ("胡锦涛总书记在今年7月1日建党九十周年的讲话中提到…", True),
        ("每周三上午在社区服务站接待居民。", True),
        ("要建立健全党政领导定期下访制度。", False),  # 定期 is no time
        ("下访制度是密切联系群众的重要途径。", False),
    ],
)
def test_when_something_is_held_is_a_date_or_a_time_it_recurs_at(text, gives):
    assert carries(text, wanted("什么时候开？")) is gives


@pytest.mark.parametrize(
    "question",
    ["宜黄那个事后来怎么处理的", "那个官员后来怎么样了？", "结果呢", "有没有被问责？"],
)
def test_how_an_event_ended_is_an_outcome(question):
    """Walk 49: 宜黄那个事后来怎么处理的 was answered with how appeals are to be handled."""
    w = wanted(question)
    assert w is not None and w.kind == "outcome"
    assert not carries("江西省宜黄县某官员甚而称之“人们不愿相信政府一方的说法…”。", w)
    assert carries("涉事官员后来被免职。", w)


@pytest.mark.parametrize(
    "question",
    [
        "群众的合理诉求怎么处理？",
        "居民打分评议出来的结果拿去派什么用场？",
        # (the review: 处理结果 named, how to handle it asked)
        "群众对处理结果不满意怎么办？",
        "处理结果要公开吗",
        "干部是否被问责的标准是什么",
        "后来怎么办才好",
    ],
)
def test_how_to_handle_something_is_no_outcome(question):
    assert wanted(question) is None


@pytest.mark.parametrize(
    "question",
    [
        "农网改造要立电杆，有几户老百姓死活不让立，这种工作怎么做？",
        "村里有几个人老上访，为什么",
        "村里有几户就是不肯签字怎么办",  # (the review: one clause)
        "修路要占几户村民的地，怎么做工作？",
    ],
)
def test_some_people_in_the_situation_are_no_count_asked(question):
    """Walk 50: 有几户老百姓…不让立，这种工作怎么做？ was refused for giving no number."""
    assert wanted(question) is None


@pytest.mark.parametrize(
    "question", ["社区有几户困难户？", "网格员一个月走访几次，有规定吗", "要配几个调解员？"]
)
def test_a_count_asked_beside_another_question_is_still_asked(question):
    assert wanted(question).kind == "count"
