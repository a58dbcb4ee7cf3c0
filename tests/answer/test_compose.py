"""The answerer: known answers, faithfulness over the dev set, abstention, follow-ups."""

from __future__ import annotations

import re

import pytest

from rag.answer.compose import LOST_NOTE, Answerer, render_answer
from rag.answer.earlier_quotes import ANNOUNCED, INNER_LISTED, LISTED
from rag.answer.facts import wanted
from rag.core.settings import Settings
from rag.corpus.essays import load_corpus
from rag.tools.evaluate import DEV_SET, bank_for, load_questions

HELDOUT = DEV_SET.parent / "heldout.jsonl"


@pytest.fixture(scope="module")
def answerer(retriever) -> Answerer:
    return Answerer(retriever)


@pytest.fixture(scope="module")
def dev_answers(answerer):
    return [(q, answerer.ask(q.question)) for q in load_questions()]


def test_a_known_answer_quotes_the_right_passage(answerer):
    a = answerer.ask("社区为什么要设置民情信箱？")
    assert not a.abstained
    assert a.text.startswith("关于「社区为什么要设置民情信箱」，文章中有以下论述：")
    # 1: with the seed bank this question is verified, and its answer is what was verified.
    assert (1 if a.verified else 2) <= len(a.citations) <= 5
    assert a.citations[0].paragraph_id == "e3-p6" or any(
        c.paragraph_id == "e3-p6" for c in a.citations
    )
    for c in a.citations:
        assert c.point in a.text and c.quote in c.point
        assert c.label.startswith(f"[{c.n}] 《")


def test_a_defect_while_answering_is_a_message_not_a_hang(answerer, monkeypatch):
    """StopIteration from a follow-up once hung the chat (anyio turned it into a RuntimeError
    outside every handler)."""
    from rag.answer.compose import ANSWER_FAILED

    def broken(query, history=()):
        raise StopIteration

    monkeypatch.setattr(answerer, "ask", broken)
    a = answerer.reply("那社区呢？")
    assert a.abstained and a.error == ANSWER_FAILED and a.text == ANSWER_FAILED


def test_a_question_in_the_essays_is_no_answer(answerer):
    """但究竟‘难’在哪里？ restates what was asked; it was point [1] of 群众工作难在哪里？"""
    a = answerer.ask("群众工作难在哪里？")
    assert not a.abstained and a.citations
    assert not any(c.quote.rstrip("”’」").endswith(("？", "?")) for c in a.citations)


def test_a_verified_answer_opens_with_what_was_verified(dev_answers):
    """Even when a sentence before it in its paragraph is quoted too (社区干部平时该学些什么:
    the 老办法不管用 sentence stood before the verified 学理论、政策、法律…)."""
    verified = [a for _, a in dev_answers if a.verified]
    assert len(verified) > 50  # the seed bank holds the dev set
    assert all(a.citations[0].verified for a in verified)
    # ... and nothing else: no unjudged sentence stands under the mark 培训师已核对 (the desk walk
    # of 2026-12-01 found one of the verified paragraph's other sentences added)
    assert all(c.verified for a in verified for c in a.citations)


def test_every_quote_of_every_dev_answer_is_verbatim(dev_answers):
    """Faithful by construction: each quote is passage[start:end], and the passage is the
    paragraph of the essay exactly as stored."""
    essays = load_corpus(Settings().essays_dir)
    paragraphs = {p.id: p.text for e in essays for p in e.paragraphs}
    headings = {h for e in essays for p in e.paragraphs for h in p.heading_path}
    answered = 0
    for _q, a in dev_answers:
        for c in a.citations:
            assert c.passage == paragraphs[c.paragraph_id]
            assert c.passage[c.start : c.end] == c.quote and c.quote in c.passage
            assert c.chunk_id.startswith(c.paragraph_id + "-c")
        if not a.abstained:
            answered += 1
            # Nothing but the frame, the essay titles and the quotes: strip those, nothing is left.
            rest = a.text
            for c in a.citations:
                rest = rest.replace(c.point, "").replace(f"《{c.title}》", "")
            rest = rest.replace(
                f"关于「{a.understood_as.rstrip('？?。.！! ')}」，文章中有以下论述：", ""
            )
            # ... and the note that a point is one item of a list (还有吗 gives the others)
            rest = re.sub(
                re.escape(LISTED).replace(r"\{n\}", r"\d+").replace(r"\{k\}", r"\d+"), "", rest
            )
            # ... (a list inside one paragraph) and the one that a quote's □ is a character the
            # scraped page lost
            rest = re.sub(re.escape(INNER_LISTED).replace(r"\{k\}", r"\d+"), "", rest)
            rest = rest.replace(LOST_NOTE, "")
            # ... and the parts a quoted announcement (…以下几点：) announces: the essay's headings
            announced = re.escape(ANNOUNCED).replace(r"\{k\}", r"\d+").replace(r"\{parts\}", "(.+)")
            if m := re.search(announced, rest):
                assert set(m.group(1).split("；")) <= headings
                rest = rest.replace(m.group(), "")
            assert rest.strip() == "", rest
    assert answered > 90


def test_abstention_on_the_dev_set(dev_answers):
    unanswerable = [a for q, a in dev_answers if not q.answerable]
    wrongly = [q.id for q, a in dev_answers if q.answerable and a.abstained]
    assert sum(a.abstained for a in unanswerable) >= 0.75 * len(unanswerable)
    assert len(wrongly) <= 1, wrongly


def test_abstention_on_the_held_out_set(answerer):
    """Measured 10/10 out-of-corpus abstained and 0/70 wrongly (see README)."""
    answers = [(q, answerer.ask(q.question)) for q in load_questions(HELDOUT)]
    unanswerable = [a for q, a in answers if not q.answerable]
    wrongly = [q.id for q, a in answers if q.answerable and a.abstained]
    assert sum(a.abstained for a in unanswerable) >= 0.9 * len(unanswerable)
    assert len(wrongly) <= 1, wrongly


@pytest.mark.parametrize(
    "question",
    [
        "《信访条例》规定的办理期限是多少天？",
        "今天北京的天气怎么样？",
        "如何用Python读取Excel文件？",
        "医保报销的比例是多少？",
        "量子计算机的工作原理是什么？",
        "足球比赛越位怎么判罚？",
    ],
)
def test_out_of_corpus_questions_are_declined_with_suggestions(answerer, question):
    a = answerer.ask(question)
    assert a.abstained and not a.citations
    # (a law the essays never cite is named: 文章中没有提到「信访条例」)
    assert a.text.startswith(("文章中没有找到", "文章中没有提到「信访条例」"))
    assert len(a.suggestions) == 3 and all(s.startswith("文章中关于「") for s in a.suggestions)


def test_follow_up_topic_switch_searches_the_new_topic(answerer):
    first = answerer.ask("消防工作中如何做好群众工作？")
    assert {c.essay_id for c in first.citations} == {"e2"}
    second = answerer.ask("那社区呢？", [first.turn()])
    assert "社区" in second.understood_as and "理解为" not in second.text
    assert any(c.essay_id == "e3" for c in second.citations)


def test_follow_up_more_does_not_repeat_citations(answerer):
    first = answerer.ask("如何建立健全信访工作机制？")
    more = answerer.ask("还有吗？", [first.turn()])
    assert more.understood_as.endswith("（还有哪些论述）")
    assert not _overlapping(more.citations, first.citations)
    assert "还有以下论述" in more.text or "没有更多论述" in more.text


def test_follow_up_detail_and_why(answerer):
    first = answerer.ask("如何做好社区群众工作？")
    detail = answerer.ask("具体怎么做？", [first.turn()])
    assert detail.understood_as == "如何做好社区群众工作——具体怎么做？" and not detail.abstained


def test_a_broad_question_draws_from_several_essays(answerer):
    a = answerer.ask("如何做好群众工作")
    assert len({c.essay_id for c in a.citations}) >= 2
    essays = [c.essay_id for c in a.citations]
    assert essays == sorted(essays, key=essays.index)  # grouped: each essay's points together


def test_a_question_for_a_span_of_time_the_essays_never_give_is_refused(answerer):
    """A top passage with some number (一个, 两条) is not an answer to 几天 / 多长时间; a
    frequency the essays do give (每月走访) is."""
    assert answerer.ask("上访的人最多能被拘留几天？").abstained
    assert answerer.ask("信访事项多长时间内必须答复？").abstained
    visits = answerer.ask("社区干部多久走访一次居民家庭？")
    assert not visits.abstained and any("每月" in c.passage for c in visits.citations)


def test_a_fact_refused_says_what_the_essays_mention_and_offers_to_ask_about_it(answerer):
    """Refused for want of evidence (哪一年, 开始, 搞 are nowhere), the answer still names
    what the best passages discuss, and the first suggestion asks about it."""
    a = answerer.ask("大党委制是哪一年开始搞的？")
    assert a.abstained and "文章提到了「大党委制」，但没有给出年份或日期" in a.text
    assert a.suggestions[0] == "文章中关于「大党委制」是怎么说的？"
    asked = answerer.ask(a.suggestions[0])
    assert not asked.abstained and asked.text.startswith("关于「大党委制」，文章中有以下论述")
    assert (
        answerer.ask("领导干部接待日多久一次？").suggestions[0]
        == "文章中关于「接待日」是怎么说的？"
    )
    weather = answerer.ask("今天北京的天气怎么样？")
    assert weather.abstained and "文章提到了" not in weather.text


def test_someone_with_a_title_the_essays_never_mention_is_no_one_to_quote(answerer):
    a = answerer.ask("习近平总书记关于群众工作有哪些论述？")
    assert a.abstained and a.text.startswith("文章中没有提到「习近平」")
    assert not answerer.ask("胡锦涛总书记对群众工作提出了什么要求？").abstained


def test_which_law_is_a_fact_the_essays_do_not_give(answerer):
    a = answerer.ask("消防执法依据的是哪条法律？")
    assert a.abstained and "没有给出具体的法律条文" in a.text


@pytest.mark.parametrize("who", ["消防员", "村支书", "农村干部"])
def test_a_value_given_for_other_people_is_no_answer(answerer, who):
    """社区领导干部应坚持每月走访 gives no frequency for fire officers or village cadres."""
    assert answerer.ask(f"{who}多久走访一次居民？").abstained


def test_where_someone_named_works_is_their_introduction(answerer):
    """哪个单位 asks, it names no setting the sentence must hold: 中央党校 is the answer."""
    a = answerer.ask("高新民是哪个单位的？")
    assert not a.abstained and "中央党校" in a.citations[0].quote


def test_render_answer_groups_by_essay():
    from rag.answer.types import Citation

    cites = [
        Citation(1, "a-p1-c1", "a", "甲", "", "一句。", "一句。", "a-p1", 1, 0, 3),
        Citation(2, "b-p1-c1", "b", "乙", "", "二句。", "二句。", "b-p1", 1, 0, 3),
    ]
    assert render_answer("问题？", cites) == (
        "关于「问题」，文章中有以下论述：\n\n《甲》\n1. “一句。”[1]\n\n《乙》\n2. “二句。”[2]"
    )


def test_json_shape(answerer):
    d = answerer.ask("什么是大党委制？").to_json()
    assert set(d) >= {"query", "abstained", "answer", "understood_as", "citations"}
    assert set(d["citations"][0]) >= {
        "n",
        "chunk_id",
        "essay_id",
        "title",
        "heading",
        "quote",
        "passage",
    }


def test_a_replaced_answerer_is_freed_with_its_cache(retriever):
    """The service replaces its Answerer on every refresh; the answer cache must not keep the
    old one (and its index) alive."""
    import gc
    import weakref

    old = Answerer(retriever)
    old.ask("什么是大党委制？")
    ref = weakref.ref(old)
    del old
    gc.collect()
    assert ref() is None


def test_asking_for_more_twice_quotes_nothing_already_quoted(answerer):
    history = [answerer.ask("如何做好群众工作？").turn()]
    for _ in range(2):
        more = answerer.ask("还有吗？", history)
        assert more.understood_as == "如何做好群众工作（还有哪些论述）"
        seen = [span for t in history for span in t.quoted]
        assert more.citations and not any(
            pid == c.paragraph_id and a < c.end and c.start < b
            for c in more.citations
            for pid, a, b in seen
        )
        history.append(more.turn())


def test_an_answer_segments_its_query_once(retriever, monkeypatch):
    """Search, evidence, sentence choice and the broad-question check all need the query's
    words; jieba runs once for them."""
    answerer = Answerer(retriever)
    tok = retriever.index.lexical.tokenizer
    calls: list[str] = []
    real = tok._jieba
    assert retriever.speller  # built over the real segmenter, as in a running app

    class Counting:
        def __getattr__(self, name):  # the rest of jieba's tokenizer (for the POS tagger)
            return getattr(real, name)

        def cut_for_search(self, text):
            calls.append(text)
            return real.cut_for_search(text)

        def cut(self, text, *args, **kwargs):
            calls.append(("cut", text))
            return real.cut(text, *args, **kwargs)

    monkeypatch.setattr(tok, "_jieba", Counting())
    question = "社区民警怎样用民情日记把群众的诉求记下来？"
    assert not answerer.ask(question).abstained
    assert len(calls) == len(set(calls)) >= 1


def _overlapping(these, those) -> bool:
    return any(
        a.paragraph_id == b.paragraph_id and a.start < b.end and b.start < a.end
        for a in these
        for b in those
    )


def test_a_point_that_reads_differently_in_the_index_is_never_quoted(retriever):
    """The final guard: a damaged chunk record (党 turned into another character) must not put
    text that is in no essay into an answer."""
    import dataclasses

    from rag.retrieval.search import Retriever

    chunks = list(retriever.index.chunks)
    i = next(i for i, c in enumerate(chunks) if c.paragraph_id == "e5-p42")
    chunks[i] = dataclasses.replace(chunks[i], text=chunks[i].text.replace("党委制", "夦委制"))
    index = dataclasses.replace(retriever.index, chunks=chunks)
    damaged = Retriever(index, retriever.embedder, retriever.settings, queries=retriever.queries)
    a = Answerer(damaged).ask("什么是大党委制？")
    essays = load_corpus(Settings().essays_dir)
    text = "\n".join(p.text for e in essays for p in e.paragraphs)
    assert all(c.quote in text and "夦" not in c.quote for c in a.citations)
    assert "夦" not in a.text


def test_questions_about_a_person_the_essays_introduce(answerer):
    """A name is one subject (jieba cuts 高新民 into 高 新民); who someone is quotes where the
    essays give their title, wherever that passage ranks; what the essays never say about
    them (birth year, gender) is refused naming them."""
    who = answerer.ask("高新民是谁？")
    assert not who.abstained and "教授高新民" in who.citations[0].quote
    where = answerer.ask("高新民在哪工作？")
    assert not where.abstained and "中央党校" in where.citations[0].quote
    for question, missing in (
        ("高新民是男的还是女的？", "性别"),
        ("高新民是哪一年出生的？", "年份"),
    ):
        a = answerer.ask(question)
        assert a.abstained and "「高新民」" in a.text and missing in a.text, a.text


def test_a_question_with_no_word_in_the_essays_is_offered_their_titles(answerer):
    a = answerer.ask("明天天气怎么样？")
    titles = {c.title for c in answerer.retriever.chunks}
    assert a.abstained and a.suggestions
    assert all(any(t in s for t in titles) for s in a.suggestions)


def test_a_close_call_between_two_paragraphs_quotes_both(retriever):
    """When the two best paragraphs rank within paragraph_gap of each other, the ranking cannot
    tell which one answers, so the answer quotes both."""
    questions = load_questions()
    unseen = Answerer(
        bank_for(retriever, questions, "dev")
    )  # the dev questions are not in the bank
    gap = unseen.params.paragraph_gap
    close = clear = 0
    for q in questions:
        a = unseen.ask(q.question)
        if a.abstained or wanted(q.question) is not None:  # a fact: only a sentence giving it
            continue
        hits = unseen.retriever.search(q.question, k=unseen.params.candidate_hits).hits
        fused: dict[str, float] = {}
        for h in hits:
            fused.setdefault(h.chunk.paragraph_id, h.score)
        (first, best), (second, score) = list(fused.items())[:2]
        cited = {c.paragraph_id for c in a.citations}
        if best - score <= gap:
            close += 1
            assert {first, second} <= cited, q.question
        else:
            clear += 1
            # Only the first point may come from outside the gap (its sentence is that good).
            assert len({p for p in cited if best - fused.get(p, -1e9) > gap}) <= 1
    assert close >= 10 and clear >= 10


def test_a_question_on_its_own_also_gets_the_paragraph_going_on_from_the_best(retriever):
    """e5-p4 (联系近期…，这一重申和相关要求透射出高层的忧虑) goes on from e5-p3 (中央再次重点强调
    …): it becomes a candidate right after it, as close; e5-p5 (多位党建领域资深专家…) leans on
    nothing, and the paragraph after e5-p4 is not e5-p4's business."""
    a = Answerer(retriever)
    hits = retriever.search("中央再次强调站稳群众立场", k=12).hits
    top = next(h for h in hits if h.chunk.paragraph_id == "e5-p3")
    rest = [h for h in hits if h.chunk.paragraph_id not in ("e5-p3", "e5-p4")]
    out = a._with_continuation([top, *rest])
    assert [h.chunk.paragraph_id for h in out[:2]] == ["e5-p3", "e5-p4"]
    assert out[1].score == top.score and [h.rank for h in out] == list(range(1, len(out) + 1))
    after = next(h for h in hits if h.chunk.paragraph_id == "e5-p4")
    assert "e5-p5" not in {h.chunk.paragraph_id for h in a._with_continuation([after])}
