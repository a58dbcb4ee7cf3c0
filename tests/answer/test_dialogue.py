"""Follow-up resolution: short turns that lean on the previous one."""

from __future__ import annotations

import pytest

from rag.answer.compose import Answerer
from rag.answer.dialogue import (
    MIN_PARTS_CHARS,
    MORE_NOTE,
    Comparison,
    Turn,
    alternatives,
    both_sides,
    compared_topic,
    comparison,
    replace_topic,
    resolve,
    split_parts,
    unframed,
)

FIRE = [Turn("消防工作中如何做好群众工作？", "消防工作中如何做好群众工作？", ("e2-p2-c1",))]


def test_a_standalone_question_is_left_alone():
    r = resolve("社区干部平时该学些什么？", FIRE)
    assert (r.search, r.understood_as, r.kind) == ("社区干部平时该学些什么？",) * 2 + ("",)
    assert resolve("那社区呢？", []).kind == ""  # nothing to lean on


@pytest.mark.parametrize("q", ["那社区呢？", "社区呢", "那么社区呢？"])
def test_topic_switch(q):
    r = resolve(q, FIRE)
    assert r.kind == "topic" and "社区" in r.understood_as and "消防" not in r.understood_as
    assert "群众工作" in r.understood_as


@pytest.mark.parametrize("q", ["还有吗？", "还有呢", "其他的呢？", "还有别的吗"])
def test_more_excludes_what_was_cited(q):
    r = resolve(q, FIRE)
    assert r.kind == "more" and r.exclude == ("e2-p2-c1",)
    assert r.search.startswith("消防工作中如何做好群众工作")


@pytest.mark.parametrize("q", ["具体怎么做？", "具体点", "怎么落实？"])
def test_detail(q):
    r = resolve(q, FIRE)
    assert r.kind == "detail" and r.understood_as == "消防工作中如何做好群众工作——具体怎么做？"


@pytest.mark.parametrize("q", ["举个例子", "举个例子呗", "有没有例子？", "比如说呢？"])
def test_an_example_is_asked_for_not_a_method(q):
    r = resolve(q, FIRE)
    assert r.kind == "example" and r.understood_as == "消防工作中如何做好群众工作——举个例子？"
    assert resolve(q, []).kind == "orphan"


def test_why():
    assert resolve("为什么？", FIRE).understood_as == "消防工作中如何做好群众工作——为什么？"


def test_replace_topic_keeps_the_frame():
    assert replace_topic("如何做好社区群众工作", "农村") == "如何做好农村群众工作"
    assert replace_topic("如何做好群众工作", "社区") == "社区如何做好群众工作"
    assert replace_topic("社区里怎么做群众工作", "社区") == "社区里怎么做群众工作"


@pytest.mark.parametrize(
    ("question", "topic", "understood"),
    [
        # Who or where switches; what is asked stays (it was replaced: 为什么要社区).
        ("为什么要公平正义", "社区", "社区为什么要公平正义"),
        ("怎样拉近与群众的距离", "消防部门", "消防部门怎样拉近与群众的距离"),
        ("民情日记是怎么记的", "消防", "消防民情日记是怎么记的"),
        ("高新民怎么看群众工作难", "张希贤", "张希贤怎么看群众工作难"),
        ("胡锦涛总书记对群众工作提出了什么要求", "毛主席", "毛主席对群众工作提出了什么要求"),
        # (it raised StopIteration; then read 社区高新民还有哪些观点)
        ("高新民还有哪些观点", "社区", "社区方面，高新民还有哪些观点"),
        ("社区干部应该学习什么", "消防", "消防干部应该学习什么"),
        ("消防工作中如何做好群众工作", "社区", "社区工作中如何做好群众工作"),
        ("基层干部为什么怕做群众工作", "消防", "消防干部为什么怕做群众工作"),
        ("消防官兵要靠什么样的形象赢得信任", "民警", "民警要靠什么样的形象赢得信任"),
        # A topic that is neither takes the place of what is asked.
        ("什么是民情日记", "民情信箱", "什么是民情信箱"),
        # ... the noun with the same head first, never a frame word (大局意识是什么团队意识).
        ("大局意识是什么意思", "团队意识", "团队意识是什么意思"),
        ("群众最关心哪些问题", "城里", "城里群众最关心哪些问题"),  # a place word jieba knows
        ("选举制度改革对群众工作有什么用", "人大代表制度", "人大代表制度改革对群众工作有什么用"),
        ("怎么利用现代传媒做群众工作", "互联网", "怎么利用现代互联网做群众工作"),
        ("群众对党的认同发生了什么变化", "党员队伍", "党员队伍方面，群众对党的认同发生了什么变化"),
        # One ending in 的 qualifies what is asked (it was put in front: 无理取闹的怎样对待…).
        ("怎样对待上访群众", "无理取闹的", "怎样对待无理取闹的上访群众"),
        ("怎样对待群众", "无理取闹的", "怎样对待无理取闹的群众"),
        # ... and one contrasting with the question's own takes its place.
        ("群众来上访提的合理的要求咋整", "不合理的", "群众来上访提的不合理的要求咋整"),
        ("群众提的不合理的要求咋整", "合理的", "群众提的合理的要求咋整"),
        ("怎样对待合理的要求", "不合理的", "怎样对待不合理的要求"),  # not at the start
        ("群众提出合理的诉求怎么办", "不合理的", "群众提出不合理的诉求怎么办"),
        ("群众的合理诉求怎么解决", "不合理的", "群众的不合理诉求怎么解决"),  # before its noun
        # What 对于… says a question is about is switched; an attribute keeps its head noun
        # (walk 53: 对于…信访人，合理的诉求如何处理 was refused for 信访)
        (
            "对于长期缠访闹访的信访人，文章主张如何处理？",
            "合理的诉求",
            "对于合理的诉求，文章主张如何处理？",
        ),
        (
            "对于合理的诉求，文章主张如何处理",
            "不合理但也没闹的",
            "对于不合理但也没闹的诉求，文章主张如何处理",
        ),
        ("关于民情日记，文章怎么说", "民情信箱", "关于民情信箱，文章怎么说"),
        # The noun replaced goes with the nouns it heads (it was 工作计生工作是什么) ...
        ("工作重点是什么", "计生工作", "计生工作是什么"),
        # ... a term headed by 观 is replaced whole (it was 大服务观是什么意思) ...
        ("大群工观是什么意思", "服务观", "服务观是什么意思"),
        # ... and a subject jieba tags no noun is replaced before what is asked of it (it was
        # put in front: 公平正义依法办事具体怎么做).
        ("依法办事具体怎么做", "公平正义", "公平正义具体怎么做"),
        ("当务之急是什么", "富人的利益", "富人的利益是什么"),
        # people before the replaced nouns go too when the topic names its own (it was
        # 党员干部队伍有什么变化, then refused: 文章谈到「干部队伍」时没有讲到「党员干部」)
        ("党员社会身份有什么变化", "干部队伍", "干部队伍有什么变化"),
        # A situation switched to takes the place of the question's (walk 38: it replaced 时候,
        # 群众提反对意见的跟同事有分歧该怎么看待); 及时 / 同时 end no situation.
        ("群众提反对意见的时候该怎么看待", "跟同事有分歧", "跟同事有分歧的时候该怎么看待"),
        ("群众来访时怎么接待", "电话反映", "电话反映时怎么接待"),
        ("同时要注意什么", "上访户闹事", "上访户闹事同时要注意什么"),
        # 队 heads a setting (walk 40: 对群众提的不同消防队应该怎么看待)
        ("对群众提的不同意见应该怎么看待", "消防队", "消防队对群众提的不同意见应该怎么看待"),
        # a place word jieba knows (村里) is a setting; a situation told at length stays the
        # last question's when its last clause says in full what is asked (stop 37: 城市社区我们
        # 村里老人多…), not when it only asks (…，怎么办)
        ("村里开会没人来，怎么办？", "城市社区", "城市社区开会没人来，怎么办？"),
        ("乡下老人不会用手机，怎么宣传政策", "城市", "城市老人不会用手机，怎么宣传政策"),
        (
            "我们村里老人多，年轻人都出去打工了，村里开会没人来，怎么调动大家积极性",
            "城市社区",
            "城市社区怎么调动大家积极性",
        ),
        (
            "我是消防队的，检查时老板不配合，还跟我们吵，怎么办",
            "社区",
            "我是社区的，检查时老板不配合，还跟我们吵，怎么办",
        ),
    ],
)
def test_a_new_topic_replaces_its_own_kind(question, topic, understood):
    assert replace_topic(question, topic) == understood


def test_a_short_turn_that_names_nothing_leans_on_the_topic():
    from rag.retrieval.lexical import tokenizer

    nouns = tokenizer().nouns
    first = [Turn("什么是大党委制？", "什么是大党委制？", ("e5-p36-c1",))]
    good = resolve("有什么好处？", first, nouns)
    assert good.understood_as == "什么是大党委制——有什么好处？" and good.kind == "why"
    assert "大党委制" in good.search and good.exclude == ("e5-p36-c1",)
    how = resolve("怎么解决？", first, nouns)
    assert how.kind == "detail" and how.understood_as == "什么是大党委制——怎么解决？"
    # A turn naming something of its own stands alone; without nouns nothing changes.
    assert resolve("民情信箱有什么用？", first, nouns).kind == ""
    assert resolve("有什么好处？", first).kind == ""
    assert resolve("有什么好处？", [], nouns).kind == ""  # nothing to lean on


@pytest.mark.parametrize(
    "turn",
    [
        "具体内容是什么？",
        "应该到哪些地方去？",
        "会有什么后果？",
        "这会造成什么后果",
        "这是什么意思？",
    ],
)
def test_a_turn_naming_only_vague_or_frame_words_leans_on_the_topic(turn):
    """具体内容, 哪些地方, 什么后果 name nothing in particular; a turn opening with 这 points
    back."""
    from rag.retrieval.lexical import tokenizer

    first = [Turn("两个务必是谁提的？", "两个务必是谁提的？", ("e4-p9-c0",))]
    r = resolve(turn, first, tokenizer().nouns)
    assert r.own and r.understood_as.startswith("两个务必是谁提的——"), r
    # Cue words only for a reason or a method, not for 后果 or 地方.
    assert "措施" not in r.search and "意义" not in r.search


def test_a_turn_naming_a_specific_term_stands_alone():
    """当务之急是啥？ names a term few passages use (jieba tags it an idiom, not a noun)."""
    from rag.retrieval.lexical import tokenizer

    first = [Turn("群众利益怎么协调", "群众利益怎么协调", ("e5-p20-c0",))]
    nouns = tokenizer().nouns
    assert resolve("当务之急是啥", first, nouns).own  # without the check: leans
    r = resolve("当务之急是啥", first, nouns, lambda text: "当务之急" in text)
    assert r.kind == "" and r.understood_as == "当务之急是啥"


def test_a_turn_about_one_point_names_its_paragraph():
    first = [Turn("群众工作难在哪里？", "群众工作难在哪里？", (("e5-p9", 0, 9), ("e5-p9", 40, 99)))]
    r = resolve("第二点能再说说吗？", first)
    assert (r.paragraph, r.kind) == ("e5-p9", "detail") and r.search == "群众工作难在哪里"
    assert r.understood_as == "群众工作难在哪里——第二点能再说说吗？"
    assert resolve("那第1条为什么？", first).kind == "why"
    assert resolve("第1条为什么？", first).paragraph == "e5-p9"
    assert not resolve("第五点呢？", first).paragraph  # the answer had two points
    # A point the answer does not have, or 第N个/项/种: an item of the list it quoted from.
    assert resolve("第五点呢？", first).item == 5
    four = resolve("第四个办法再说说", first)
    assert (four.item, four.paragraph, four.kind) == (4, "", "detail")


def test_more_of_a_kind_is_a_more_follow_up():
    r = resolve("还有别的原因吗？", FIRE)
    assert r.kind == "more" and r.search.endswith(" 原因") and r.understood_as.endswith(MORE_NOTE)
    assert resolve("还有其他办法吗", FIRE).kind == "more"


def test_follow_ups_of_follow_ups_lean_on_the_same_topic():
    first = Turn("消防工作中如何做好群众工作？", "消防工作中如何做好群众工作？", ("a", "b"))
    more = resolve("还有吗？", [first])
    second = Turn("还有吗？", more.understood_as, ("c",), more.topic)
    again = resolve("还有吗？", [first, second])
    assert again.search == "消防工作中如何做好群众工作"
    assert again.understood_as == "消防工作中如何做好群众工作（还有哪些论述）"
    assert set(again.exclude) == {"a", "b", "c"}  # nothing cited in this thread comes back
    third = Turn("还有吗？", again.understood_as, ("d",), again.topic)
    why = resolve("为什么？", [first, second, third])
    assert why.understood_as == "消防工作中如何做好群众工作——为什么？"
    assert why.search == "消防工作中如何做好群众工作 原因 为什么 意义"


@pytest.mark.parametrize(
    ("q", "kind"), [("為什麼？", "why"), ("還有嗎？", "more"), ("具體怎麼做？", "detail")]
)
def test_follow_ups_in_traditional_characters(q, kind):
    assert resolve(q, FIRE).kind == kind


LEARN = [Turn("社区干部平时该学些什么？", "社区干部平时该学些什么？", ("e3-p8-c1",))]


@pytest.mark.parametrize(
    ("q", "kind", "word"),
    [
        ("为什么要这样做？", "why", "原因"),
        ("这个有什么好处？", "why", "好处"),
        ("那为什么要学习？", "why", "学习"),
        ("这个具体怎么落实？", "detail", "落实"),
        ("它的作用是什么？", "why", "作用"),
    ],
)
def test_a_turn_that_points_back_asks_about_the_previous_topic(q, kind, word):
    r = resolve(q, LEARN)
    assert r.kind == kind and r.search.startswith("社区干部平时该学些什么")
    assert word in r.search and r.understood_as.startswith("社区干部平时该学些什么——")
    assert r.exclude == ("e3-p8-c1",)


def test_a_question_that_only_mentions_these_years_stands_alone():
    assert resolve("这些年群众工作有什么变化？", LEARN).kind == ""


def test_a_topic_that_ends_like_the_replaced_words_is_not_doubled():
    assert resolve("那乡镇干部呢？", LEARN).understood_as == "乡镇干部平时该学些什么"
    assert replace_topic("社区干部平时该学些什么", "乡镇干部") == "乡镇干部平时该学些什么"


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "社区干部应该学习什么？消防执法人员怎样对待群众？什么是大党委制？",
            ["社区干部应该学习什么？", "消防执法人员怎样对待群众？", "什么是大党委制？"],
        ),
        (
            "为什么群众工作越来越难做了？社区干部应该学习什么？",
            ["为什么群众工作越来越难做了？", "社区干部应该学习什么？"],
        ),
        # A later question that leans on the one before, or names nothing of its own, is
        # part of it (each at least MIN_PARTS_CHARS long: shorter ones are never split).
        ("信访案件了结之后是否需要向社会公开？有没有对应的制度？", []),
        ("社区为什么要设置民情信箱制度？如果居民都不用怎么办？", []),
        # A conditional part naming someone of its own stands alone.
        (
            "我是新来的消防文员，想问问：消防执法人员应该怎么对待群众的询问？"
            "如果违法行为人不服气怎么办？平时要学哪些法律知识？",
            [
                "消防执法人员应该怎么对待群众的询问？",
                "如果违法行为人不服气怎么办？",
                "平时要学哪些法律知识？",
            ],
        ),
        ("对待普通百姓，干部应当拿出怎样的情分？文中打了什么比方？", []),
        ("什么是社区的全程跟踪制度？它在基层到底有什么作用？", []),
        ("群众工作到底难不难做呢？为什么现在越来越难做了呢？", []),
        ("什么是社区的全程跟踪制度？平时应该怎么去落实呢？", []),
        ("社区为什么要设置民情信箱制度？需要注意的问题有哪些？", []),
    ],
)
def test_short_questions_of_their_own_are_parts_and_leaning_ones_are_not(
    retriever, question, parts
):
    assert len(question) >= MIN_PARTS_CHARS
    answerer = Answerer(retriever)
    found = split_parts(question, answerer._names_a_subject, answerer._names_a_term)[1]
    assert found == parts


def test_a_condition_asks_on_about_the_topic():
    """如果一直闹访呢？ is no new topic (it was put in place of what was asked)."""
    r = resolve("如果一直闹访呢？", FIRE)
    assert r.own and r.understood_as == "消防工作中如何做好群众工作——如果一直闹访呢？"


def test_a_turn_asking_what_it_means_today_leans_on_the_topic():
    from rag.retrieval.lexical import tokenizer

    first = [Turn("两个务必具体内容是什么", "两个务必具体内容是什么", ("e4-p9-c0",))]
    r = resolve("对现在有什么意义", first, tokenizer().nouns)
    assert r.kind == "why" and r.understood_as == "两个务必具体内容是什么——对现在有什么意义？"


def test_a_turn_pointing_back_at_nothing_asks_for_a_full_question():
    assert resolve("这是谁说的", []).kind == "orphan"
    assert resolve("这个有什么好处？", []).kind == "orphan"
    assert resolve("这些年群众工作有什么变化？", []).kind == ""


def test_a_part_asked_twice_is_one_part():
    """The same question 80 times was "66 个部分", 61 of them listed to be asked separately."""
    assert split_parts("社区干部应该怎样做好群众工作？" * 10) == ("", [])
    _, parts = split_parts(
        "一是社区干部应该学习什么？二是社区干部应该学习什么？三是什么是大党委制？"
    )
    assert parts == ["社区干部应该学习什么？", "什么是大党委制？"]


@pytest.mark.parametrize(
    ("question", "sides", "parts"),
    [
        ("社区干部和消防官兵做群众工作有什么区别？", ("社区干部", "消防官兵"),
         ("社区干部做群众工作", "消防官兵做群众工作")),
        ("社区和农村的群众工作有什么不同？", ("社区", "农村"),
         ("社区的群众工作", "农村的群众工作")),
        ("大党委制与网格化管理的异同", ("大党委制", "网格化管理"), ("大党委制", "网格化管理")),
        ("城市社区與農村社區在群众工作上有哪些差别", ("城市社区", "农村社区"),
         ("城市社区在群众工作上", "农村社区在群众工作上")),
        ("做群众工作时社区干部跟消防官兵有啥不一样", ("社区干部", "消防官兵"),
         ("做群众工作时社区干部", "做群众工作时消防官兵")),
    ],
)  # fmt: skip
def test_a_comparison_names_its_two_sides(question, sides, parts):
    assert comparison(question) == Comparison(sides, parts)


@pytest.mark.parametrize(
    "question",
    ["群众工作过去和现在有什么不同？", "什么是区别？", "那农村和城市呢？", "社区干部应该学习什么？",
     "干部和群众和党员有什么区别"],
)  # fmt: skip
def test_no_comparison_where_there_are_not_two_sides(question):
    assert comparison(question) is None


def test_a_topic_naming_what_is_asked_switches_whose_it_is():
    """中央的标准呢？ after 消防工作的第一标准是什么 was 中央的标准消防工作的第一标准是什么."""
    assert replace_topic("消防工作的第一标准是什么", "中央的标准") == "中央工作的第一标准是什么"


def test_both_of_them_are_the_last_two_topics():
    history = [
        Turn("社区干部应该学习什么？", "社区干部应该学习什么？", ("e3-p9-c0",)),
        Turn("天气如何", "天气如何", (), answered=False),
        Turn("那消防呢？", "消防干部应该学习什么？", ("e2-p4-c0",)),
    ]
    assert both_sides("两者有什么区别？", history) == Comparison(
        ("社区", "消防"), ("社区干部应该学习什么？", "消防干部应该学习什么？")
    )
    assert both_sides("两者有什么区别？", history[:2]) is None
    assert both_sides("还有吗？", history) is None


def test_a_one_character_head_jieba_glues_on_is_still_replaced():
    """大群工观呢？ after 服务观是什么 was 服务大群工观什么 (jieba: 服务 / 观是 / 什么)."""
    assert replace_topic("服务观是什么", "大群工观") == "大群工观是什么"
    assert replace_topic("什么是全程跟踪制度", "首问负责制度") == "什么是首问负责制度"


@pytest.mark.parametrize(
    "q", ["跟做群众工作有啥关系", "和基层党建有什么联系？", "对消防工作有什么影响"]
)
def test_a_relation_to_something_else_leans_on_the_topic(q):
    """跟做群众工作有啥关系 after 两个务必是谁提出的 was asked on its own."""
    from rag.retrieval.lexical import tokenizer

    first = [Turn("两个务必是谁提出的", "两个务必是谁提出的", ("e4-p9-c0",))]
    r = resolve(q, first, tokenizer().nouns)
    assert r.own and r.understood_as.startswith("两个务必是谁提出的——")


@pytest.mark.parametrize("q", ["举个列子", "能举个栗子吗"])
def test_an_example_asked_with_a_slip_is_an_example(q):
    assert resolve(q, FIRE).kind == "example"


@pytest.mark.parametrize(
    ("question", "sides"),
    [("低调做人和高调做事是什么关系？", ("低调做人", "高调做事")),
     ("稳定工作和社区工作在摆正位置上有什么相同之处？", ("稳定工作", "社区工作"))],
)  # fmt: skip
def test_what_two_sides_share_or_how_they_relate_is_a_comparison_too(question, sides):
    assert comparison(question).sides == sides


@pytest.mark.parametrize(
    "question",
    ["老百姓怎么看待我们，跟我们怎么看待老百姓有关系吗？", "社区和消防有关系吗"],
)
def test_whether_two_clauses_relate_is_no_comparison(question):
    """Held-out h059 was split into 「老百姓怎么看待我们，」 and 「我们怎么」."""
    assert comparison(question) is None


@pytest.mark.parametrize(
    ("question", "topic", "understood"),
    [
        ("消防执法人员存在什么问题", "社区干部", "社区干部存在什么问题"),
        ("农村基层干部应该怎样转变作风", "消防官兵", "消防官兵应该怎样转变作风"),
    ],
)
def test_people_switched_take_their_qualifiers_with_them(question, topic, understood):
    """那社区干部呢？ after 消防执法人员存在什么问题 was 消防执法社区干部存在什么问题."""
    assert replace_topic(question, topic) == understood


@pytest.mark.parametrize(
    "q", ["与群众沟通的意义是什么？", "和群众交朋友有什么作用？", "同群众打交道的意义？"]
)
def test_a_question_of_its_own_opening_with_a_preposition_stands_alone(q):
    from rag.retrieval.lexical import tokenizer

    first = [Turn("社区干部应该学习什么？", "社区干部应该学习什么？", ("e3-p9-c0",))]
    assert resolve(q, first, tokenizer().nouns).kind == ""


def test_a_yes_no_question_on_two_things_is_no_comparison():
    assert comparison("干部要和群众一样吗？") is None
    assert comparison("社区干部和消防官兵做群众工作有什么区别吗？") is not None


def test_both_sides_are_named_by_whole_words():
    """民情日记是什么？ / 民情信箱是什么？ → 两者有什么区别？ named 「日记」 and 「信箱」."""
    history = [Turn(t, t, ("x", 0, 1)) for t in ("民情日记是什么？", "民情信箱是什么？")]
    assert both_sides("两者有什么区别？", history).sides == ("民情日记", "民情信箱")


def test_a_topic_switched_to_gives_way_to_the_next_and_trails_no_filler():
    """那民主政治那个呢？ → 党风廉政问题呢？ (they read 民主政治那个党面临哪些考验, then
    民主党风廉政问题那个党面临哪些考验)."""
    first = Turn("党面临哪些考验", "党面临哪些考验", (("e5-p19", 0, 30),))
    switched = resolve("民主政治那个呢？", [first])
    assert switched.anchor == "民主政治" and "那个" not in switched.understood_as
    second = Turn("民主政治那个呢？", switched.understood_as, (), switched.topic, True, "民主政治")
    again = resolve("党风廉政问题呢？", [first, second])
    assert again.understood_as == switched.understood_as.replace("民主政治", "党风廉政问题")
    assert "民主" not in again.understood_as.replace("党风廉政", "")


@pytest.mark.parametrize("turn", ["那有啥实际用处", "什么场合说的？", "有什么用途？"])
def test_a_turn_naming_only_a_use_or_an_occasion_leans_on_the_topic(turn):
    from rag.retrieval.lexical import tokenizer

    first = [Turn("谁说的关键在党", "谁说的关键在党", ("e4-p16-c0",))]
    res = resolve(turn, first, tokenizer().nouns)
    assert res.kind and res.understood_as.startswith("谁说的关键在党——")


@pytest.mark.parametrize(
    ("text", "reply_starts"),
    [
        ("谢谢，辛苦了", "不客气"),
        ("你好，我是新来的", "欢迎"),
        ("我刚到社区工作", "欢迎"),
        ("你能干啥", "我是培训问答助手"),
        ("那你能干什么？", "我是培训问答助手"),
        ("你能回答什么问题", "我是培训问答助手"),
        ("那你能帮我写一篇群众工作的心得体会吗", "我不会写作或生成文字"),
        # walk 33: typed without a comma, 好的谢谢 quoted e4-p12
        ("好的谢谢", "不客气"),
        ("明白了谢谢", "不客气"),
        ("好的谢谢了", "不客气"),
        ("谢谢再见", "再见"),
        # walk 40: what a trainee says of an answer (谢谢，很有帮助 quoted two passages)
        ("谢谢，很有帮助", "好的"),
        ("谢谢，我记下了", "好的"),
        ("谢谢 讲得很好", "好的"),
        # walk 41: laughter, 好滴 and 谢啦 (哈哈好的 谢了 was searched, joined to the turn before)
        ("哈哈好的 谢了", "不客气"),
        ("好滴", "好的"),
        ("谢啦", "不客气"),
        # walk 43: closings with a few words more (joined to the last topic, or searched and
        # refused), emoji, a request to write behind a clause, an introduction with a tail
        ("好的，今天先到这", "再见"),
        ("哈哈好的 886", "再见"),
        ("好的，我回去试试", "再见"),
        ("好的，我去上班了", "再见"),
        ("好的，谢谢，帮了大忙", "不客气"),
        ("谢谢，敬礼🫡", "不客气"),
        ("今天几号来着", "这个我回答不了"),
        ("我要交一篇学习群众工作的心得体会，你帮我写一篇吧", "我不会写作或生成文字"),
        ("你好，我是刚上岗的社区网格员，很多事还摸不着头脑", "欢迎"),
        ("好嘞，谢谢娃娃", "不客气"),  # walk 45: how the trainee addresses the assistant
        # walk 46: thanks with 啊 (a pattern's alternatives had lost the end marks), and thanks
        # around a remark of the trainee's that asks nothing
        ("谢谢啊", "不客气"),
        ("好的 谢谢啊 辛苦了", "不客气"),
        ("好的，课件有着落了，谢谢", "不客气"),
        ("好的，感谢，祝我发言顺利吧哈哈", "不客气"),
        # walk 47: an acknowledgement without thanks, beside what the trainee will do
        ("行，收到了", "好的"),
        ("嗯嗯 我去试试", "再见"),
        ("好的 我整理一下笔记", "好的"),
        # walk 48
        ("明白了，辛苦", "不客气"),
        ("好的，受教了", "好的"),
        ("好，回去在支部会上学一学", "好的"),
        # walk 49
        ("好，回去跟班子商量一下", "再见"),
        ("行，我回去跟支书说说", "再见"),
        # walk 53: an acknowledgement as said at home (中，晓得了 was searched and refused)
        ("中，晓得了", "好的"),
        ("要得，谢了", "不客气"),
        ("晓得啦", "好的"),
        ("好的，非常感谢，我回去整理一下笔记", "不客气"),  # walk 54: searched
        ("太感谢了", "不客气"),
        ("说重点", "回答的第 1 条"),  # walk 56: 重点 searched as a topic
    ],
)
def test_small_talk_in_pieces_and_introductions_are_answered_in_kind(text, reply_starts):
    from rag.answer.dialogue import small_talk

    assert small_talk(text).startswith(reply_starts)


@pytest.mark.parametrize(
    "text",
    [
        "你好，社区干部应该学习什么？",
        "好的，那消防呢",
        "好的那消防呢",
        "我是新来的，想问问怎么做群众工作？",
        "那消防呢",
        "不错的方法有哪些",
        "有帮助吗",
        "说得对吗",
        "我是刚上岗的社区网格员，居民不配合怎么办",
        "好的，我去社区上班了，碰到居民吵架怎么办",
        "今天的群众工作难在哪",
        "然后呢",  # a follow-up (还有吗), not a goodbye
        "可以，举个例子吗",  # (可以 / 中 acknowledge alone: walk 53)
        "中央党校的专家怎么说",
        # thanks beside words asking something, or naming a topic, is no closing (walk 46)
        "好的，谢谢，我还想问问民情信箱",
        "谢谢，民情日记",
        "谢谢，为什么要设置民情信箱",
        # one courtesy beside the trainee's own words that ask or introduce (walk 47)
        "好的，我想问民情日记怎么记",
        "嗯，我还是不明白为什么",
        "好的，我是社区干部",
        "好的，民情日记",
        "好的，回头怎么跟群众说",
        # a problem told, or who the trainee is, after one courtesy (review of walk 47's rule)
        "嗯，我们遇到缠访闹访",
        "好，我不懂民情日记",
        "好的，我们是社区网格员",
        "好的，我们社区的民情信箱",
    ],
)
def test_a_question_after_small_talk_is_no_small_talk(text):
    from rag.answer.dialogue import small_talk

    assert small_talk(text) == ""


def test_this_question_after_asking_who_someone_is_is_the_question_before():
    """张希贤怎么看这个问题？ (他 already named) after 利益问题怎么处理？ → 张希贤是谁？: 这个问题
    is 利益问题, not who he is."""
    from rag.retrieval.lexical import tokenizer

    history = [
        Turn("利益问题怎么处理", "利益问题怎么处理？", (("e5-p22", 0, 10),)),
        Turn("张希贤是谁", "张希贤是谁？", (("e5-p38", 0, 10),)),
    ]
    res = resolve("张希贤怎么看这个问题？", history, tokenizer().nouns)
    assert res.understood_as.startswith("利益问题怎么处理——")
    # ... but a 这个 right after any other question leans on that one
    res = resolve("张希贤怎么看这个问题？", history[:1], tokenizer().nouns)
    assert res.understood_as.startswith("利益问题怎么处理——")
    other = [*history[:1], Turn("高新民怎么说", "高新民怎么说？", (("e5-p23", 0, 10),))]
    res = resolve("这个有什么好处？", other, tokenizer().nouns)
    assert res.understood_as.startswith("高新民怎么说——")


@pytest.mark.parametrize(
    ("turn", "asked"),
    [
        ("那怎么解决呢", "怎么解决？"),
        ("该如何处理？", "怎么处理？"),
        ("具体怎么做？", "具体怎么做？"),
    ],
)
def test_how_to_solve_it_follows_up_the_topic_and_searches_without_its_why(turn, asked):
    """那怎么解决呢？ after 为什么群众工作越来越难？ had switched the topic to 怎么解决 (理解为：
    怎么解决为什么现在群众工作越来越难了)."""
    history = [
        Turn("为什么现在群众工作越来越难了", "为什么现在群众工作越来越难了", (("e5-p7", 0, 9),))
    ]
    res = resolve(turn, history)
    assert res.kind == "detail"
    assert res.understood_as == f"为什么现在群众工作越来越难了——{asked}"
    assert "为什么" not in res.search and "群众工作越来越难" in res.search


@pytest.mark.parametrize(
    "question, topic, understood",
    [
        ("什么是大党委制？", "社区", "什么是社区的大党委制？"),  # was 社区什么是大党委制
        ("大党委制是什么意思", "农村", "农村的大党委制是什么意思"),
        ("为什么要公平正义", "社区", "社区为什么要公平正义"),
        # a question with a subject of its own is asked of the aspect switched to (it read
        # 消防为什么群众法制意识淡薄, 公平消防员执法时要注意什么)
        ("为什么群众法制意识淡薄", "消防", "消防方面，为什么群众法制意识淡薄"),
        ("消防员执法时要注意什么", "公平", "公平方面，消防员执法时要注意什么"),
    ],
)
def test_a_setting_switched_to_qualifies_the_term_a_definition_asks(question, topic, understood):
    assert replace_topic(question, topic) == understood


def test_questions_announced_in_a_row_under_one_question_mark_are_split():
    """…想知道群众工作为什么重要，平时应该怎么跟群众打交道，…？ had been one question (one
    question mark), answered on its second part only; a question with a clause setting the
    scene is no row of questions."""
    q = (
        "我是刚到街道工作的新人，想知道群众工作为什么重要，平时应该怎么跟群众打交道，"
        "遇到矛盾纠纷又该怎么处理，有没有什么制度可以参考？"
    )
    preamble, parts = split_parts(q)
    assert preamble == "我是刚到街道工作的新人"
    assert parts == [
        "群众工作为什么重要？",
        "平时应该怎么跟群众打交道？",
        "遇到矛盾纠纷又该怎么处理？",
        "有没有什么制度可以参考？",
    ]
    assert split_parts("我想知道社区干部如果遇到群众上访，应该怎么处理？") == ("", [])
    # two asking clauses are mostly one question going on
    for one in (
        "请问干部怎么样才能做好群众工作，让群众真正满意呢？",
        "想请教一下，消防官兵为什么要做群众工作，具体要怎么做？",
        "我想了解一下群众工作为什么越来越难，是什么原因造成的？",
        "请问社区干部平时应该怎么跟群众沟通，有什么好的方法吗？",
    ):
        assert split_parts(one) == ("", []), one


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("做群众工作要讲法律还是讲感情就够了", ("做群众工作要讲法律", "做群众工作要讲感情")),
        ("群众工作靠法律还是靠感情？", ("群众工作靠法律", "群众工作靠感情")),
        ("我想问一下，干部应该对上负责还是对下负责", ("干部应该对上负责", "干部应该对下负责")),
        ("接访时应该讲道理还是讲政策？", ("接访时应该讲道理", "接访时应该讲政策")),
        ("遇到闹访是依法处理还是耐心劝返好", ("遇到闹访是依法处理", "遇到闹访是耐心劝返")),
        ("群众工作难是因为制度还是因为干部", ("群众工作难是因为制度", "群众工作难是因为干部")),
        ("对落后的群众批评好还是表扬好", ("对落后的群众批评", "对落后的群众表扬")),
        (
            "干群关系紧张是干部还是群众的原因",
            ("干群关系紧张是干部的原因", "干群关系紧张是群众的原因"),
        ),
        ("批评还是表扬", ("批评", "表扬")),
        ("作风问题还是能力问题", ("作风问题", "能力问题")),
    ],
)
def test_a_choice_between_two_things_asks_of_each(question, parts):
    found = alternatives(question)
    assert found is not None and found.parts == parts


@pytest.mark.parametrize(
    "question",
    ["还是要依靠群众", "我们还是要讲感情吗", "问题还是要靠基层解决", "最后还是得靠干部带头",
     "为什么群众还是不满意", "这个问题还是没解决怎么办", "社区干部平时该学些什么？",
     "社区工作和消防工作还是有区别的", "是干部还是群众不满意"],
)  # fmt: skip
def test_still_is_no_choice(question):
    assert alternatives(question) is None


def test_a_compared_topic_drops_the_comparing_words_whole():
    assert compared_topic("，和，说服群众的办法有啥不一样") == "说服群众办法"
    assert compared_topic("，也说要深入群众吗，跟，有啥区别") == "要深入群众"


@pytest.mark.parametrize(
    "typed, kept",
    [
        # walk 41: 好的，总结一下呗，谢谢 was searched for 总结 (and quoted e1-p10)
        ("好的，总结一下呗，谢谢", "总结一下呗"),
        ("好滴 总结一下", "总结一下"),
        ("行，谢谢，帮我总结下", "帮我总结下"),
        ("能用一句话总结下吗？谢啦", "能用一句话总结下吗？"),
        ("明白了，为什么？", "为什么？"),
        ("为什么？谢谢老师！", "为什么？"),
        # a trainee's introduction says where the question is asked: it stays
        (
            "我刚到社区居委会上班，跟居民打交道有啥要注意的？",
            "我刚到社区居委会上班，跟居民打交道有啥要注意的？",
        ),
        # nothing but courtesies: left whole (small talk answers it)
        ("好的明白了", "好的明白了"),
        # a lead-in, after a courtesy too (walks 51, 52: searched with the question)
        ("好的。换个话题，文章里说群众工作越来越难，难在哪", "文章里说群众工作越来越难，难在哪"),
        ("还有个事，我们想收集大家的意见，有什么好办法吗", "我们想收集大家的意见，有什么好办法吗"),
        ("嗯。另外想问问，四观是哪四观", "四观是哪四观"),
    ],
)
def test_courtesies_around_a_request_are_not_part_of_it(typed, kept):
    from rag.answer.dialogue import without_greeting

    assert without_greeting(typed) == kept


def test_a_switched_topic_takes_the_place_of_what_the_question_meets():
    """那合理的诉求呢 after 我在信访办上班，碰到缠访闹访的怎么处理 was read as 我在合理的诉求上班，…
    (walk 41): what the question meets (碰到 …) is switched, not where the trainee works."""
    from rag.answer.dialogue import replace_topic

    asked = replace_topic("我在信访办上班，碰到缠访闹访的怎么处理", "合理的诉求")
    assert asked == "我在信访办上班，碰到合理的诉求怎么处理"
    assert replace_topic("社区干部遇到闹事的该怎么办", "消防") == "消防干部遇到闹事的该怎么办"


def test_words_quoted_take_the_place_of_the_words_quoted():
    """那“当官不为民做主”那句呢？ after “群众在我们心里的分量有多重”这句出自哪篇 put the one inside
    the other (and mended 句有 to 具有) (walk 41)."""
    from rag.answer.dialogue import replace_topic

    asked = replace_topic("“群众在我们心里的分量有多重”这句出自哪篇", "“当官不为民做主”那句")
    assert asked == "“当官不为民做主”这句出自哪篇"


@pytest.mark.parametrize(
    ("asked", "about"),
    [
        ("听说现在群众工作越来越难了，文章咋说的", "现在群众工作越来越难"),
        ("群众工作越来越难了吗", "群众工作越来越难"),
        ("据说要建立联席会议制度，文章里怎么讲的？", "要建立联席会议制度"),
        ("镇里负债多没钱办实事，文章里有提到吗", "镇里负债多没钱办实事"),
        ("有人说现在思想工作太难做了，文章里怎么解释的", "现在思想工作太难做"),  # walk 50
    ],
)
def test_a_follow_up_asks_of_what_a_framed_question_is_about(asked, about):
    """为什么会这样？ after 听说现在群众工作越来越难了，文章咋说的 asked why the essays say so
    (理解为 kept the hearsay and 文章咋说的, walk 46): hearsay, a tail asking what the essays say
    and a 了吗 are the question's frame, not its topic."""
    res = resolve("为什么会这样？", [Turn(asked, asked, (("e5-p7", 0, 9),))])
    assert res.understood_as == f"{about}——为什么会这样？"
    assert unframed(about) == about  # what is left is left alone
    assert unframed("民情日记有用吗") == "民情日记有用吗"  # 有…吗 asks more than whether


def test_a_switch_to_a_setting_over_there_names_the_setting():
    """农村那边呢 after 社区大党委制是怎么回事，举个例子 became 社区大党委制是怎么回事，举个农村
    那边 (walk 47): 那边 is how the setting is pointed at, not part of it."""
    asked = "社区大党委制是怎么回事，举个例子"
    res = resolve("农村那边呢", [Turn(asked, asked, (("e5-p42", 0, 9),))])
    assert res.understood_as == "农村大党委制是怎么回事，举个例子"


def test_a_question_of_its_own_ending_in_ne_is_no_switch():
    """以理服人具体是啥意思呢 after …这种工作怎么做？ became 以理服人具体是啥意思怎么做 (walk 50):
    a turn asking something itself (啥, 什么, 怎么…) before 呢 switches no topic."""
    asked = "有几户老百姓死活不让立电杆，这种工作怎么做？"
    res = resolve("以理服人具体是啥意思呢", [Turn(asked, asked, (("e1-p3", 0, 9),))])
    assert res.understood_as == "以理服人具体是啥意思呢" and res.kind == ""
    assert resolve("那消防呢", [Turn(asked, asked, (("e1-p3", 0, 9),))]).kind == "topic"


@pytest.mark.parametrize("turn", ["还有吗，关于选举的", "还有关于选举方面的吗"])
def test_more_on_something_named_asks_about_it(turn):
    """还有吗，关于选举的 after 材料里有提到人大代表制度吗 said there was no more (walk 48): it
    asks about 选举, which the essays speak of elsewhere."""
    asked = "材料里有提到人大代表制度吗"
    res = resolve(turn, [Turn(asked, asked, (("e5-p36", 0, 9),))])
    assert (res.search, res.understood_as, res.kind) == ("选举", "选举", "")
    assert res.exclude == (("e5-p36", 0, 9),)


def test_walk_63_closings_after_a_remark_and_asking_it_shorter():
    """好的好的，谢谢您，我先去宿舍楼看看情况了 / 好，今天先问到这 searched their clauses
    (walk 63); 哈哈好多字，能简单点说吗 read on to a longer paragraph. Not 我去哪里看看文章？
    or 去哪看看."""
    from rag.answer.dialogue import small_talk

    for bye in ("好的好的，谢谢您，我先去宿舍楼看看情况了", "好，今天先问到这", "我先去看看情况"):
        assert small_talk(bye).startswith("再见"), bye
    for short in ("哈哈好多字，能简单点说吗", "能不能简单点说"):
        assert small_talk(short).startswith("回答的第 1 条就是"), short
    for asked in ("我去哪里看看文章？", "去哪看看", "简单点说，社区干部怎么做"):
        assert small_talk(asked) == "", asked
