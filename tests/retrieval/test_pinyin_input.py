"""Questions typed in toneless pinyin (walk 61: refused as not Chinese)."""

import pytest

from rag.answer.compose import Answerer
from rag.retrieval.pinyin_input import PinyinReader


@pytest.fixture(scope="module")
def reader(retriever):
    return retriever.pinyin


@pytest.fixture(scope="module")
def answerer(retriever) -> Answerer:
    return Answerer(retriever)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("qunzhong gongzuo zenme zuo?", "群众工作怎么做?"),
        ("cunmin bu xiangxin zhengfu, zenme ban?", "村民不相信政府, 怎么办?"),
        ("hezuoshe you yong ma?", "合作社有用吗?"),
        ("shequ ganbu yinggai xuexi shenme", "社区干部应该学习什么"),
        ("xiexie, zaijian", "谢谢, 再见"),
        ("我们村少数民族多，语言不通，zenme goutong?", "我们村少数民族多，语言不通，怎么沟通?"),
        # the review of stop 44: syllables spaced apart, tone numbers, words spaced apart
        ("xie xie", "谢谢"),
        ("zai jian", "再见"),
        ("qun zhong gong zuo zen me zuo", "群众工作怎么做"),
        ("zhe ju hua chu zi na pian", "这句话出自哪篇"),
        ("qun2zhong4 gong1zuo4 zen3me zuo4", "群众工作怎么做"),
        ("shenme shi qunzhong luxian", "什么是群众路线"),
    ],
)
def test_pinyin_is_read_as_the_words_an_input_method_offers_first(reader, typed, read):
    text, said = reader.read(typed)
    assert text == read and said


@pytest.mark.parametrize(
    "typed",
    [
        "How should grassroots officials handle complaints from the public?",
        "有没有case可以参考",  # one Latin word in Chinese text: other rules read it
        "PPT怎么做",
        "hello",
        "ok",
        "yyds",
        "e5",  # a citation's id
        "e3-p4是哪段",
        # the review of stop 44: English words that are pinyin too
        "men",
        "panda",
        "china",
        "name",
        "can you",
        "Can he change?",
        "群众工作中 he can 怎么理解",
    ],
)
def test_english_and_lone_latin_words_are_left_as_typed(reader, typed):
    assert reader.read(typed) == (typed, "")


def test_the_essays_words_come_first_and_the_reader_is_shared_across_banks(retriever):
    # (zhengfu: 政府, the essays' word, whatever else reads so)
    assert retriever.pinyin.read("zhengfu")[0] == "政府"
    assert retriever.with_bank(None).pinyin is retriever.pinyin
    assert isinstance(retriever.pinyin, PinyinReader)


def test_a_question_in_pinyin_is_answered_and_says_how_it_was_read(answerer):
    told = answerer.ask("cunmin bu xiangxin zhengfu, zenme ban?")
    assert not told.abstained and told.understood_as.startswith("村民不相信政府")
    assert told.notice.startswith("拼音「cunmin bu xiangxin zhengfu」按「村民不相信政府」")
    bye = answerer.ask("xiexie, zaijian", [told.turn()])
    assert bye.text.startswith("再见")
