"""Answer: pick the stretches of the essays that answer a question and quote them verbatim.

No text is generated: the answer is a fixed Chinese frame around exact substrings of the cited
passages, so it cannot say anything the essays do not. Each point must earn its place: the first
comes from the best-ranked passage unless another sentence is clearly better; further points
must be close to it in score, say something new, carry the question's distinguishing words
rather than only its topic, and come from another paragraph only when that paragraph ranks
close to the first one. A follow-up stays on its topic; nothing is quoted twice in one
conversation; a question that asks for a fact is answered only with a sentence that gives one.

Questions on the essays as texts (which essay, its parts, its author, 总结一下) are answered by
``rag.answer.essay_questions``, questions on the people they quote (这是谁说的？) by
``rag.answer.people``: both are mixed into the ``Answerer`` and quote through it.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import logging
import math
import re
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, fields

import numpy as np

from rag.answer.dialogue import (
    FRAME_WORDS,
    INTERROGATIVE,
    KEY_POINT,
    KEY_POINT_OF,
    LAST_ITEM,
    LEADING_THEN,
    MAX_FOLLOWUP_CHARS,
    MAX_PARTS,
    POINT_ASKED,
    Comparison,
    Resolution,
    Span,
    Turn,
    _point_number,
    alternatives,
    asks_both,
    asks_detail,
    asks_for_summary,
    both_sides,
    clear_small_talk,
    comparison,
    leaning_parts,
    mandarin,
    names_someone_or_somewhere,
    orphan_text,
    quoted_by,
    quoted_so_far,
    resolve,
    short,
    small_talk,
    split_parts,
    switched_topic,
    vague,
    who_or_where,
    without_greeting,
)
from rag.answer.earlier_quotes import (
    _ANNOUNCES,
    _SEVERAL,
    _WHY_ASKED,
    HOW_MANY,
    POINTER_CHARS,
    EarlierQuotes,
    _quoted_before_text,
)
from rag.answer.essay_layout import (
    FIRST_ITEM,
    GOES_ON,
    LIST_ITEM,
    NUMBERED_HEADING,
    EssayLayout,
)
from rag.answer.essay_questions import (
    EssayQuestions,
    asks_aside,
)
from rag.answer.evidence import SPECIFIC_SHARE, EvidenceJudge
from rag.answer.facts import (
    ASKING_WORDS,
    LEADERS,
    SAYING_VERBS,
    Wanted,
    about_person,
    carries,
    wanted,
)
from rag.answer.people import PeopleQuestions, speaker_note
from rag.answer.sentences import (
    ENUMERATOR,
    Candidate,
    Scored,
    candidates,
    enumerates,
    list_head,
    sentence_end,
    sentence_start,
    trim_marks,
)
from rag.answer.types import POINTED_BACK, Answer, Citation
from rag.answer.wording import (
    _DEFINITION,
    EssayWording,
)
from rag.core.chars import CN_NUMERALS, HAN, ORDINAL_DIGITS
from rag.core.errors import RagError
from rag.core.settings import Settings
from rag.core.textnorm import FOLLOW_UP_SEP, clean_input, match_key, to_simplified
from rag.corpus.essays import load_corpus
from rag.corpus.types import Essay
from rag.ingest.mojibake import LOST
from rag.retrieval.bank import BankEntry
from rag.retrieval.lexical import pos_tagger
from rag.retrieval.search import Hit, Retriever, prepare_query

log = logging.getLogger(__name__)
# How much a sentence giving an example (比如…) is preferred for 举个例子 (as a list question's
# sentence naming the items: RAG_ANSWER_LIST_BONUS); without one the answer says there is none.
EXAMPLE_BONUS = 0.15
# Two essays share the title a question on an essay as a whole names
SHARED_TITLE = "题为《{title}》的文章有两篇：{a}和{b}，下面分别列出它们的各部分。"
# A quote holding a character the scraped page lost (当官不为民做□)
LOST_NOTE = f"（引文中的「{LOST}」是原网页里无法辨认的字，按整理后的文章原样保留。）"
# What a term only a heading writes is answered with (雷厉风行是什么意思？)
HEADING_ONLY = "文章没有专门解释；下面是这一节的内容。"
LISTED_ONLY = "下面是讲它的那一节："
# Words a reason or a method is stated with: what 为什么 / 具体怎么做 look for in a sentence.
CUES = {
    "why": "因为 由于 原因 之所以 所以 因此 关系到 关键 需要 基础 前提 保障 根本 意义 否则".split(),
    "detail": "要 应 应当 必须 坚持 建立 通过 做到 加强 完善 落实 措施 办法 方法 制度 定期".split(),
    "example": "比如 例如 譬如 如 一些地方 有的地方 有的 曾 探索 创建".split(),
}


@dataclass(frozen=True)
class AnswerParams:
    """How the answerer picks its points (defaults: ``Settings``; how they were chosen:
    docs/calibration.md).

    Attributes:
        candidate_hits: passages retrieved per question.
        candidate_paragraphs: of those, the paragraphs whose sentences may be quoted.
        min_points, max_points: how many points an answer has.
        point_margin: a further point must score within this much of the best one ...
        redundant: ... and not repeat a chosen one (cosine between the two sentences above this).
        lexical_weight: weight of the idf-weighted share of the query's words in a sentence.
        passage_prior: preference for sentences of better-ranked passages, from this much for
            the first passage down to half of it for the last.
        broad_share: a question whose every content word occurs in at least this share of
            the passages (群众工作, 做好) is broad: it gets no passage prior ...
        broad_bonus: ... and prefers, by this much, sentences from essays not yet quoted.
        evidence_passages, evidence_depth: what the abstention check looks at (EvidenceJudge).
        focus_weight: weight of the question's distinguishing words in a sentence (words that
            only some of the candidate paragraphs share, unlike the topic word all share).
        paragraph_gap: another paragraph may add points only when its passage's fused score is
            within this much of the best passage's (z-score units).
        fact_coverage: a sentence answering a factual question must hold at least this share
            (idf-weighted) of the question's subject words.
        continuation: a question asked on its own also gets, as close as the best passage, the
            paragraph going on from that passage's (opening with 这 / 此 / 但 / 因此 …, or
            saying 这一 / 这些 in its first sentence).
        list_bonus: preference, for a question asking for the items of a list (要树立哪些意识),
            for a sentence listing such items in one go (大局意识、服从意识、责任意识…) ...
        item_bonus: ... after, by this much, any sentence naming the kind (首先考验了… for
            党面临哪些考验？; the one listing them gets both).
        echo_penalty: a sentence that only says again what a question asks (普遍认为群众工作
            越来越难了 for 为啥越来越难) scores this much lower (its cosine is high for it).
    """

    candidate_hits: int = Settings.answer_candidate_hits
    candidate_paragraphs: int = Settings.answer_candidate_paragraphs
    min_points: int = Settings.answer_min_points
    max_points: int = Settings.answer_max_points
    point_margin: float = Settings.answer_point_margin
    redundant: float = Settings.answer_redundant
    lexical_weight: float = Settings.answer_lexical_weight
    passage_prior: float = Settings.answer_passage_prior
    broad_share: float = Settings.answer_broad_share
    broad_bonus: float = Settings.answer_broad_bonus
    evidence_passages: int = Settings.answer_evidence_passages
    evidence_depth: int = Settings.answer_evidence_depth
    focus_weight: float = Settings.answer_focus_weight
    paragraph_gap: float = Settings.answer_paragraph_gap
    fact_coverage: float = Settings.answer_fact_coverage
    list_bonus: float = Settings.answer_list_bonus
    item_bonus: float = Settings.answer_item_bonus
    echo_penalty: float = Settings.answer_echo_penalty
    continuation: bool = Settings.answer_continuation

    @classmethod
    def of(cls, settings: Settings) -> AnswerParams:
        return cls(**{f.name: getattr(settings, "answer_" + f.name) for f in fields(cls)})


class Answerer(EssayWording, EarlierQuotes, EssayQuestions, PeopleQuestions):
    """Answers questions from a Retriever's index. Thread-safe; build once per process.
    (``EssayWording`` checks a question's words against what the essays write;
    ``EarlierQuotes`` reads on from what the conversation quoted; ``EssayQuestions`` and
    ``PeopleQuestions`` bring the answers on the essays as texts and on the people they quote.)
    """

    def __init__(
        self,
        retriever: Retriever,
        params: AnswerParams | None = None,
        essays: Sequence[Essay] | None = None,
    ) -> None:
        """``essays``: the corpus as loaded (read from the essay folder when not given). Every
        quote is cut from these texts, and a point whose text in the index differs from them
        (a damaged index) is never quoted."""
        self.retriever = retriever
        self.params = params or AnswerParams.of(retriever.settings)
        index = retriever.index
        essays = essays if essays is not None else load_corpus(retriever.settings.essays_dir)
        self.layout = EssayLayout(essays, index.chunks)
        # Per instance, not on the class: a refresh replaces the Answerer, and a class-level
        # cache would keep every replaced one (and its index) alive through its keys.
        self._answer = functools.lru_cache(maxsize=2048)(self._answer_uncached)
        self._position = {c.id: i for i, c in enumerate(index.chunks)}
        self.judge = EvidenceJudge(
            retriever, self.params.evidence_passages, self.params.evidence_depth
        )
        self._tokenizer = index.lexical.tokenizer

    # -- the conversation ---------------------------------------------------------------------

    def ask(self, query: str, history: Sequence[Turn] = ()) -> Answer:
        """Answer ``query`` (with the conversation so far, for follow-ups).

        Answers depend only on the resolved query and what was already quoted, so they are
        cached: trainees ask the same questions again and again.
        """
        q, notice = prepare_query(query, self.retriever.settings.max_query_chars)
        typed = q
        # qunzhong gongzuo zenme zuo → 群众工作怎么做 (walk 61: refused as not Chinese)
        q, read = self.retriever.read_pinyin(q)
        notice = notice or read
        q = mandarin(q)  # 点解？ is 为什么？ (shown as understood)
        # 你好 / 谢谢 (or 你好，谢谢): answered in kind, never searched or logged
        if reply := small_talk(q) or small_talk(without_greeting(q)):
            if reply == KEY_POINT and not (history and history[-1].answered):
                last = next((t for t in reversed(history) if t.answered), None)
                if last is None:
                    # 说重点 first, or after refusals only: no first point to point to (walk 57)
                    reply = NO_KEY_POINT
                else:
                    # ... after a question refused, the last answer's (walk 59's 说重点。 after
                    # 劳动仲裁时效几年？ said nothing had been found)
                    reply = KEY_POINT_OF.format(of=f"「{short(last.about)}」")
            return Answer.refusal(typed, reply)  # (as typed: 唔该晒, not its Mandarin 谢谢)
        if not _HAN_CHAR.search(q) and len(re.findall(r"[^\W\d_]+", q)) >= 2:
            return Answer.refusal(q, ONLY_CHINESE)  # English, Korean, Cyrillic …
        q = without_greeting(q)
        q = _DIGRESSION.sub("", q) or q  # 咳，扯远了。回到正题，你说的那个第一条… (walk 59)
        q = self._mended_quoted(q)  # “代民做主” is the essays' “代民作主”
        if said := _SAID_WHO.match(to_simplified(q)):
            # 有人说现在老百姓连合情合理的政府说法都不信了，这话是谁讲的？ (walk 43: 有人 taken
            # for the person asked about): the words said, quoted, asked after
            q = f"“{said.group('said')}”这话是谁说的？"
        if (job := _WHAT_THEY_DO.match(to_simplified(q))) and job.group("who") in self.layout.names:
            # 张希贤是干啥的？: who he is, his title (walk 56 quoted his words)
            q = f"{job.group('who')}是谁？"
        if back := _BACK_TO.match(to_simplified(q)):
            q, history = self._taken_up(q, back, history)
        if m := _BARE_NUMBER.fullmatch(unicodedata.normalize("NFKC", q)):
            # 1: a point of the last answer, or a question back
            n = _point_number(m.group("n"))
            last = next((t for t in reversed(history) if t.answered), None)
            if last is None or not 1 <= n <= len(last.quoted):
                shown = q.strip("。.、？? ")
                ask = (
                    BARE_NUMBER.format(q=shown, n=n) if last else BARE_NUMBER_ALONE.format(q=shown)
                )
                return Answer.refusal(q, ask)
            q = f"第{n}点"
        q, mended = self.retriever.mend(q)  # 社去 → 社区 (理解为 shows it)
        notice = notice or mended  # (the search finds nothing left to mend: it says so here)
        q = self._as_the_essays_name(q)  # 毛泽东 → 毛主席
        q, history, why = self._part_followed(q, history)
        if why:
            return Answer.refusal(typed, why)
        preamble, parts = split_parts(q, self._names_a_subject, self._names_a_term)
        if parts:
            return self._answer_parts(q, preamble, parts, history, notice)
        if len(leaning := leaning_parts(q)) >= 2 and any(map(asks_aside, leaning)):
            # 冷横硬冲是哪篇说的？后面还有一句是什么: the later questions lean on the one before
            # and one asks about the essays as texts (walk 52 answered the first only): each
            # asked as the follow-up of the one before. (Questions on the work itself, 是否需要
            # 向社会公开？有没有对应的制度？, are answered whole: one answer covers them.)
            answers: list[Answer] = []
            for i, part in enumerate(leaning):
                before = [*history, *(a.turn() for a in answers)]
                told = self.ask(part, before)
                if (
                    i
                    and told.text.startswith(NOTHING_FOUND)
                    and told.understood_as.rstrip("？? ") == part.rstrip("？? ")
                ):
                    # read on its own and found nothing: asked with the one before
                    told = self.ask(f"{leaning[i - 1].rstrip('？? ')}，{part}", before)
                answers.append(told)
            return self._parts_answered(q, leaning, answers, notice)
        if across := self._topic_across(q, history):
            # 社区那篇好像也讲了这个，两篇比较一下 / 消防那篇也说要深入群众吗，跟稳定工作那篇
            # 有啥区别: the topic as each essay says it, side by side
            topic, pair = across
            titles = [f"《{self.layout.about_essays[e][0]}》" for e in pair]
            sides = Comparison((titles[0], titles[1]), (topic, topic))
            both = self._answer_parts(q, "", [topic, topic], history, notice, sides, within=pair)
            return dataclasses.replace(both, query=typed)
        q = self._pair_named(q, history)  # 他们两个人的观点有什么不同？
        q = self._saying_marked(q)  # 关键在领导这句话是谁说的
        compared = comparison(q)
        shared = None
        if (
            (compared and (essays := self._essays_compared(q, compared)))
            or (asks_both(q) and (essays := self._essays_talked_of(history)))
            or (essays := self._namesakes(q))
            or (essays := self._compared_with_last(q, history))
            or (shared := self._shared_title(q))
        ):
            # 社区和消防两篇有什么区别？ (or 两者有什么区别？ after two essays' parts or
            # summaries): the two essays' parts, side by side
            essays = essays or shared
            a, b = (f"《{self.layout.about_essays[e][0]}》" for e in essays)
            pair = Comparison((a, b), (a, b))
            both = self._answer_parts(q, "", [a, b], history, notice, pair, essays)
            if shared:  # 如何做好群众工作那篇讲了什么？: two essays have that title
                title = self.layout.about_essays[shared[0]][1]
                lead = SHARED_TITLE.format(title=title, a=a, b=b)
                both = dataclasses.replace(both, text=lead + both.text[both.text.index("\n") :])
            return dataclasses.replace(both, query=typed)
        own = False  # a question a correction asks of its own (不是问这个，我是想问…谁来牵头)
        fix = _CORRECTION.fullmatch(to_simplified(q)) if history else None
        if fix:
            q = self._corrected(fix.group("what"), history)  # 我说的是社区那篇
            own = q == fix.group("what")
        if (told := self._about_the_essays(q, history, notice)) is not None:
            return dataclasses.replace(told, query=typed)
        if _ORIGINAL.fullmatch(to_simplified(q).strip()):  # 原文怎么说的？
            return dataclasses.replace(self._original(q, history, notice), query=typed)
        if (told := self._item_position(q, history, notice)) is not None:  # 民主决策是第几条？
            return dataclasses.replace(told, query=typed)
        if (told := self._leaders(q, history, notice)) is not None:  # 引用过哪些领导人的话？
            return dataclasses.replace(told, query=typed)
        if (told := self._experts(q, history, notice)) is not None:  # 有哪几位专家？
            return dataclasses.replace(told, query=typed)
        essay, referred, _ = self._essay_referred(to_simplified(q), history)  # 社区那篇怎么说的？
        q = referred if essay else q
        if (told := self._essay_facts(q, history)) is not None:  # 这篇文章是谁写的？
            return dataclasses.replace(told, query=typed)
        if (part := _SECTION.match(match_key(q))) is not None:  # 第三部分讲了什么？
            return dataclasses.replace(self._section(q, part, history, notice), query=typed)
        if asks_for_summary(q):  # 总结一下
            return dataclasses.replace(self._summary(q, history, notice), query=typed)
        if asks_both(q):  # 两者有什么区别？
            if (pair := both_sides(q, history)) is None:  # nothing to compare
                return Answer.refusal(q, BOTH_UNKNOWN)
            both = self._answer_parts(q, "", list(pair.parts), history, notice, pair)
            return dataclasses.replace(both, query=typed)
        q = self._named(q, history)
        if hypothesis := _WHAT_IF.match(to_simplified(q).strip()):
            # 那如果群众还是不配合呢？ / 他的诉求要是不合理呢？: what to do then, asked on its own
            # (walk 44: 呢 made it a topic switched into the last question, garbled)
            who, if_, then = hypothesis.group("who", "if", "then")
            q = f"{who or ''}{if_}{then}怎么办？"
        if (unknown := self._unknown_person(q, history)) is not None:
            return unknown
        res = resolve(
            q,
            history,
            self._tokenizer.named,
            lambda s: (
                self._names_a_term(s)
                or self._rare_phrase(s)
                or self._rarest_word(s)
                or self._defined_phrase(s)
            ),
            self._foreign,
            self._tokenizer.content,
            self._said_in,
            self._aside,
            lambda t: bool(HOW_MANY.search(to_simplified(t.query))) and self._renumbered(t.quoted),
        )
        res = dataclasses.replace(res, quoted_by=quoted_by(history), corrected=bool(fix))
        if own and res.kind:  # not a follow-up of what it corrects (他 named, as read)
            res = Resolution(
                q, q, exclude=res.exclude, topic=q, quoted_by=res.quoted_by, corrected=True
            )
        if res.kind == "topic" and res.anchor and res.understood_as.startswith(res.anchor):
            # 廉洁从政要注意什么？ → 那服务群众呢？ had become 服务群众廉洁从政要注意什么: two
            # headings' phrases (（4）廉洁从政… / （5）服务群众…), the one taking the other's place
            base = res.understood_as[len(res.anchor) :]
            if sibling := self._sibling_phrase(base, res.anchor):
                swapped = base.replace(sibling, res.anchor, 1)
                res = dataclasses.replace(res, search=swapped, understood_as=swapped, topic=swapped)
        bare = self._without_then(res.understood_as)
        if not res.kind and bare != res.understood_as and not _ASKS_ON.search(bare):
            # 那高新民讲过什么专题？ standing on its own: 那 joins it to nothing (那社区呢？
            # with nothing before is left as typed)
            res = dataclasses.replace(res, understood_as=bare, topic=bare)
        if essay:
            title = self.layout.about_essays[essay][0]
            res = dataclasses.replace(
                res, essay=essay, understood_as=f"《{title}》：{res.understood_as}"
            )
        if m := _SUGGESTED.match(res.topic.strip()):  # a suggestion clicked: its topic is X
            res = dataclasses.replace(res, topic=m.group("topic"))
        if not res.kind and (headed := self._heading_only(q)):
            # 雷厉风行是什么意思？ Only a heading writes it: what its section says, so named.
            word, heading, pid = headed
            said = quoted_so_far(history)
            asked = res.understood_as
            part = Resolution(asked, asked, "detail", said, res.topic, paragraph=pid)
            run = self.layout.list_run(pid)
            under = all(
                tuple(self.layout.chunks_of[p][0].heading_path[-1:]) == (heading,) for p in run
            )
            if len(run) >= 3 and run[0] == pid and under and (items := self._items(run, part)):
                # 什么是群众观点？ under 最后从思想深处树立群众观点…: the items of the section
                # (一是… 四要…), not (1)…(4) each under its own heading (雷厉风行)
                told = self._quoting(q, part, items, notice)
            else:
                told = self._answer_point(
                    q, part, self.layout.paragraph_hits(pid, go_on=False), notice
                )
            if not told.abstained:
                note = f"（「{word}」只出现在小标题「{heading}」里，{HEADING_ONLY}）"
                if match_key(word) in self.layout.corpus_key:  # (listed with others, 、)
                    note = (
                        f"（「{word}」在正文里只是和别的几项列在一起，{LISTED_ONLY}「{heading}」）"
                    )
                # anchored to the term: 还有吗？ reads on under its heading, not on any passage
                return told.noted(note, query=typed, anchor=word)
        if (
            res.kind == "detail"
            and asks_detail(typed)  # (not 第二个再讲讲, nor a question of its own)
            and history
            and history[-1].answered  # (the item just quoted, not one some turns before)
            and (only := self._item_named_only(res)) is not None
        ):
            # 展开说说 after 第三是建立健全矛盾纠纷排查调处机制。 (walk 62: quoted five other
            # items of the nine): the essay names it and goes on to the next; say so
            item, span = only
            why = (
                f"文章只列出了「{item}」这一项，没有进一步展开；"
                "同一段列举的其他几项，问「还有吗？」可以看。"
            )
            told = self._refuse(q, res, [], notice, why)
            return dataclasses.replace(told, pointed=(span,), query=typed)
        answer = self._said_where_written(q, res, notice) or self._answer(q, res, notice)
        differs = comparison(q)  # (else a choice, 讲法律还是讲感情, maybe)
        if (
            not res.kind
            and (compared := differs or alternatives(q))
            and not self._compares(answer, compared)
        ):
            # 社区干部和消防官兵做群众工作有什么区别？ (or 要讲法律还是讲感情？) No quote
            # compares them: what the essays say of each side, side by side. (A choice whose
            # sides the essays do not name, 多坐办公室还是多往下跑, keeps the answer to it whole.)
            sides = self._answer_parts(q, "", list(compared.parts), history, notice, compared)
            if not sides.abstained or (differs and all(map(self._unknown_words, compared.sides))):
                return dataclasses.replace(sides, query=typed)
        if not res.kind and not answer.abstained and (named := self._only_named(q)):
            # 信访终结公示制度是什么意思？ The essays list it by name and no more: say so.
            note = f"（文章只列出了「{named}」这一项，没有进一步解释。）"
            answer = answer.noted(note)
        if (want := wanted(q)) and not answer.abstained and answer.citations:
            # 谁说的关键在领导？ The quote does not name its speaker; the essays do, around it.
            first = answer.citations[0]
            roles = not _ASKS_NAME.search(match_key(q))
            # 张希贤是谁？ asks who the person named is, not who said the quote
            named = frozenset(n for n in self.layout.names if n in match_key(q))
            if not carries(first.quote, want) and (
                who := self._speaker_of(first, want, named, roles=roles)
            ):
                # (once: the speaker's answer may have named them already)
                answer = answer.noted(speaker_note(who, first.quote))
        elif want is not None and want.kind == "person" and answer.pointed and not answer.citations:
            # 谁说的“关键在领导” pointed back to where it was quoted (review of stop 45: the
            # speaker went unnamed): whose it is, said with the pointer
            pid, a, b = answer.pointed[0]
            point = self._point_at(pid, a, b)
            if point is not None and (who := self._speaker_of(point.candidate, want)):
                answer = answer.noted(speaker_note(who, self.layout.text(point.candidate)))
        if res.kind == "example" and (
            answer.unanswered  # nothing more on the topic: then no example either
            or (
                not answer.abstained
                and not any(_EXAMPLE_MARK.search(c.quote) for c in answer.citations)
            )
        ):
            # 举个例子 answered with sentences that give none: say so, not pass them off.
            # What the last answer quoted, and what the conversation quoted from the passages
            # on this topic (诸如住房问题… quoted two turns before 举个例子), may hold one.
            near = {h.chunk.paragraph_id for h in self.retriever.search(res.search, k=5).hits}
            spans = [*res.last_quoted, *(x for x in res.exclude if x[0] in near)]
            said = [self.layout.paragraphs.get(pid, "")[a:b] for pid, a, b in spans]
            topic = f"文章在谈「{short(res.topic)}」时"
            why = f"{topic}没有举具体的例子。"
            given = next((i for i, t in enumerate(said) if _EXAMPLE_MARK.search(t)), None)
            if given is not None:
                # which quote, named by its opening and pointed to (walk 60: "请看上文" alone)
                shown = short(said[given].strip("“”"), POINTER_CHARS)
                why = f"{topic}举的例子，前面的回答已经引用过：“{shown}”，请看上文。"
                told = self._refuse(q, res, [], notice, why)
                return dataclasses.replace(told, pointed=(spans[given],))
            return self._refuse(q, res, [], notice, why)
        if HOW_MANY.search(to_simplified(q)) and (counted := self._count_said(q, answer, res)):
            return dataclasses.replace(counted, query=typed)
        if (
            res.kind in ("", "topic")
            and not answer.abstained
            and _LIST_ALL.search(to_simplified(q))
            and (whole := self._whole_list(q, answer, res, notice))
        ):
            # 难在哪，列一下 (walk 62: its first item and 还有吗): the list's items, all
            answer = whole
        elif (
            res.kind in ("", "topic", "detail")
            and not answer.abstained
            and (listed := self._listed(answer, res))
        ):
            # 还有，缺少干事的心态… answers 为什么群众工作越来越难？ as one of five reasons
            answer = dataclasses.replace(answer, text=f"{answer.text}\n{listed}")
        if (
            res.kind in ("", "topic")
            and not answer.abstained
            and not _SEVERAL.search(res.search)  # (观念教育为什么重要？ asks no points)
            and (points := self._subsections(res.search, answer))
        ):
            # 模范带头具体指什么？ names a part of an essay whose points are its sub-headings
            answer = dataclasses.replace(answer, text=f"{points}\n{answer.text}")
        if any(LOST in c.quote for c in answer.citations):
            # 当官不为民做□: a character the scraped page had lost, kept as the essay has it
            answer = dataclasses.replace(answer, text=f"{answer.text}\n{LOST_NOTE}")
        if (ranked := _RANKING.search(q)) and not answer.abstained:
            # 哪个最重要？ The essays seldom rank: a quote must say which is, or nothing does.
            if not any(_ranks(c.quote, ranked.group("adj")) for c in answer.citations):
                how = f"{ranked.group('which')}{ranked.group('deg')}{ranked.group('adj')}"
                return self._refuse(q, res, [], notice, f"文章没有比较{how}，没有这样的论述。")
        pointed_back = answer.abstained and not answer.unanswered
        if (
            answer.abstained
            and not pointed_back
            and res.kind == "topic"
            and res.anchor_given
            and not res.essay
            and answer.text.startswith(NOTHING_FOUND)  # not 文章谈到「社区」时没有讲到「公平正义」
            and self._rare_word(switched := _as_switched(q, res.anchor))
        ):
            # 那发扬民主呢？ after 干部作风不好群众会怎么看？ read as 发扬民主不好群众会怎么看,
            # which nothing answers: the topic switched to, asked on its own (a rare word, not
            # 社区; 城里的拆迁 whole, though only 城里 went into the question: walk 43)
            if not (told := self.ask(switched, history)).unanswered:  # (or pointed back)
                # (理解为 shows the topic alone; the turn is kept as typed)
                answer = dataclasses.replace(told, query=q, notice=told.notice or notice)
        if answer.abstained and not pointed_back and self._may_stand_alone(q, res):
            # Read as leaning on the topic it found nothing (怎么才能取信于民？ after the fire
            # brigade's first standard; 多久走访一次？): the turn on its own may still be answered.
            alone = Resolution(
                q, q, exclude=res.exclude, topic=q, quoted_by=res.quoted_by, essay=res.essay
            )
            alone = self._answer(q, alone, notice)
            if not alone.unanswered:  # (answered, or by pointing back: 那遇到不讲理的呢？ to
                # the clause 不合理的诉求，要讲清道理… quoted by the answer before)
                answer = alone
        if (
            answer.abstained
            and fix
            and not own
            and not pointed_back
            and answer.text.startswith(NOTHING_FOUND)
        ):
            # 不对，我问的是X put X into the question it corrects, which nothing answers: what
            # the trainee says they asked, on its own (not leaning on the last topic again: 网上
            # alone is no question), when that is answered
            what = fix.group("what")
            told = self.ask(what, history)
            if not told.unanswered and told.understood_as.rstrip("？?") == what.rstrip("？?"):
                answer = dataclasses.replace(told, query=typed)
        # The question as typed; 理解为 shows whom 他 / 她 was taken for (and no greeting).
        return answer if q == typed else dataclasses.replace(answer, query=typed)

    def _original(self, q: str, history: Sequence[Turn], notice: str) -> Answer:
        """原文怎么说的？ after an answer: the rest of the first paragraph its points are from
        that the conversation has not quoted all of, in reading order; the whole paragraph is
        on the point's citation card."""
        last = next((t for t in reversed(history) if t.answered and t.shown), None)
        if last is None:
            return Answer.refusal(
                q, "请先问一个问题；回答里的每一条都注明出处，点击 [n] 可以看原文。"
            )
        # the answer that quoted, named when it was not the last turn (a refusal, 你好 …)
        which = "上一个回答" if last is history[-1] else f"回答「{short(last.about)}」时"
        asked = f"{last.about}{FOLLOW_UP_SEP}原文怎么说的？"
        said = quoted_so_far(history)
        for pid in dict.fromkeys(p for p, _, _ in last.shown):
            at = 1 + next(i for i, (p, _, _) in enumerate(last.shown) if p == pid)
            res = Resolution(last.about, asked, "detail", said, last.about, paragraph=pid)
            hits = self.layout.paragraph_hits(pid, go_on=False)
            told = self._answer_point(q, res, hits, notice) if hits else None
            if told is not None and not told.abstained:
                card = f"{which}的 [{at}] 出自这一段，点击 [{at}] 可以看整段原文和它在文章中的位置"
                if not last.quoted:  # it pointed back to an earlier quote
                    card = f"{which}指向的前文论述出自这一段"
                lead = f"（{card}；下面是这一段中前面没有引用的原文。）"
                return dataclasses.replace(told, text=f"{lead}\n{told.text}")
        return Answer.refusal(q, ORIGINAL_ALL_QUOTED.format(which=which))

    def _said_where_written(self, q: str, res: Resolution, notice: str) -> Answer | None:
        """“只对上负责不对下负责”这个是谁说的？: the sentence that writes those words (the
        speaker is named from it, as for any quote), or a pointer to it when the conversation
        quoted it; None when the question asks no such thing, or the words are written nowhere
        or in many places (walk 45: the sentence found by search was another on 负责)."""
        said = _SAID_BY.match(to_simplified(q).strip())
        if res.kind or said is None:
            return None
        words = said.group("quoted") or said.group("said")
        if not said.group("quoted") and len(words) < MIN_SAID_CHARS:
            return None  # 民情日记是谁提出的？ asks who proposed a term: a name or nothing
        if (at := self._written_at(words)) is None:
            return None
        pid, start, _ = at
        text = self.layout.paragraphs[pid]
        a = sentence_start(text, start)
        point = self._point_at(pid, a, sentence_end(text, a))
        if point is None:
            return None
        if any(point.candidate.overlaps(x) for x in res.exclude):
            return self._point_back(q, res, [], notice, q, [point])
        return self._quoting(q, res, [point], notice)

    def _count_said(self, q: str, answer: Answer, res: Resolution) -> Answer | None:
        """一共有几个方面？: ``answer`` with how many items the list it quotes has, or, when the
        last answer quoted that list, a pointer to it saying how many; None when no list on the
        question's words (or, when it names nothing, the topic's it leans on: 一共有几个？ after
        四观是哪四观？ counts no other list) is quoted (walk 44: nine items, never counted)."""

        def words(text: str) -> list[str]:
            return [
                w
                for w in self._tokenizer.content(text)
                if w not in FRAME_WORDS and not HOW_MANY.fullmatch(w) and w not in _GENERIC_COUNTED
            ]

        pid, note = self._counted(words(q) or words(res.topic), answer, res)
        if not pid:
            return None
        if any(c.paragraph_id == pid for c in answer.citations):
            return answer.noted(note)
        earlier = tuple(span for span in res.last_quoted if span[0] == pid)
        text = f"{note}\n前面的回答已经引用过，请看上文。"
        return Answer(
            q, res.understood_as, True, text, (), (), answer.notice, res.topic, pointed=earlier
        )

    def _item_position(self, q: str, history: Sequence[Turn], notice: str) -> Answer | None:
        """民主决策是第几条？: which item of the essays' one list that writes it (over paragraphs,
        一是… 五是…, or inside one, 首先是… 第九是…), said in a note, the item quoted by its
        opening sentence; None when no list item, or more than one, writes it (walk 49: 条 was
        read as a law's article and refused)."""
        if _THIS_POSITION.match(to_simplified(q).strip()):
            return self._this_position(q, history)
        m = _ITEM_POSITION.match(to_simplified(q).strip())
        if m is None or len(asked := match_key(m.group("x"))) < 2:
            return None
        found, inside = [], []  # items of lists over paragraphs, items inside one
        for pid in self.layout.order:
            text = self.layout.paragraphs[pid]
            run = self.layout.list_run(pid)
            if len(run) >= 3 and pid in run and asked in match_key(text):
                found.append((pid, run.index(pid) + 1, len(run), 0))
            starts = [a for a, _ in self.layout.inner_markers(pid)]
            ends = [*starts[1:], len(text)] if starts else []
            for k, (a, end) in enumerate(zip(starts, ends, strict=True), start=1):
                if asked in match_key(text[a:end]):
                    inside.append((pid, k, len(starts), a))
        # (the innermost: 信访终结公示制度 is 第五 of e1-p5, itself 三是 of e1's list)
        found = inside or found
        if len(found) != 1:
            return None
        pid, k, total, at = found[0]
        text = self.layout.paragraphs[pid]
        point = self._point_at(pid, at, sentence_end(text, at))
        if point is None:
            return None
        said = quoted_so_far(history)
        res = Resolution(q, q, exclude=said, topic=q)
        note = f"（「{m.group('x')}」在文章列举的{total}项里，是第{k}项。）"
        if any(point.candidate.overlaps(x) for x in said):
            return Answer.refusal(q, f"{note}前面的回答已经引用过，请看上文。")
        told = self._quoting(q, res, [point], notice)
        return told.noted(note)

    def _taken_up(
        self, q: str, back: re.Match[str], history: Sequence[Turn]
    ) -> tuple[str, Sequence[Turn]]:
        """回到刚才那个问题，为什么要设置: asked of the topic before the last one, which is taken
        up again as the latest (what was quoted since stays quoted); 回到刚才民警态度那事，…: of
        the latest turn that named it, by its question or by what its answer quoted (回到刚才说的
        合作社 after an answer quoting …农村专业合作社…). What follows the return is asked on its
        own, or whole when it is a short question on what it names (回到刚才的信箱，是不是谁都可以
        开箱？) and does not point back (这是谁的建议 is of the turn taken up). (q, history)."""
        answered = [t for t in history if t.answered]
        earlier = answered[-2] if len(answered) >= 2 else None
        named = _THAT_ONE.sub("", back.group("named") or "")
        named = named if len(named) >= 2 and named not in ("问题", "话题") else ""
        if named:
            words = [w for w in self._tokenizer.words(named) if len(w) >= 2] or [named]
            asked = (
                t for t in reversed(answered) if any(w in to_simplified(t.query) for w in words)
            )
            quoting = (
                t for t in reversed(answered) if any(w in self._quoted_text(t) for w in words)
            )
            earlier = next(asked, None) or next(quoting, earlier)
        if earlier is not None:
            history = [*history, earlier]
        rest = q[back.end() :].strip()
        whole = (
            named
            and rest
            and len(rest) <= MAX_FOLLOWUP_CHARS
            and not _ORIGINAL.fullmatch(to_simplified(rest))
            and not _POINTS_BACK.match(rest)
        )
        if not whole:
            q = rest or (earlier.query if earlier is not None else q)
        return q, history

    def _quoted_text(self, turn: Turn) -> str:
        """What ``turn``'s answer quoted, in matching form."""
        return match_key(
            "\n".join(self.layout.paragraphs.get(pid, "")[a:b] for pid, a, b in turn.quoted)
        )

    def _aside(self, turn: Turn) -> str:
        """What ``turn`` asked on the side of the conversation: "text" (which essay says
        something, the line after some words, who said it), "value" (another fact asked), or ""
        (none). Follow-ups lean on the question before it (walk 44: 还有别的办法吗？ after 集中
        教育这个说法出自哪篇？; see ``dialogue.resolve``)."""
        fact = wanted(turn.query)
        if asks_aside(turn.query) or (fact is not None and fact.kind == "person"):
            return "text"
        return "value" if fact is not None and fact.kind != "procedure" else ""

    def _in_general(self, question: str) -> str:
        """``question`` without the trainee's instances the essays never write: people named by
        their trade (收费员对司机的服务态度怎么改进？ asks of 服务态度: walk 60 refused it) and a
        team or place named before 这个 (收费班组这个团队怎么带？ asks how to lead a team)."""
        key = self.layout.corpus_key
        out = question
        if (m := _INSTANCE_THIS.match(out)) and match_key(m.group("x")) not in key:
            out = out[m.end() :]
        if _WORK_WITH.search(out):  # (出租车司机的收入高吗？ asks of their trade: kept)
            out = _PEOPLE_BY_TRADE.sub(
                lambda m: m.group() if match_key(m.group()) in key else "", out
            )
        return out if len(_HAN_CHAR.findall(out)) >= MIN_GENERAL_CHARS else question

    def _said_in(self, turn: Turn) -> str:
        """The paragraphs ``turn`` quoted from, in matching form."""
        pids = dict.fromkeys(pid for pid, _, _ in turn.quoted)
        return match_key("\n".join(self.layout.paragraphs.get(p, "") for p in pids))

    def _part_followed(self, q: str, history: Sequence[Turn]) -> tuple[str, Sequence[Turn], str]:
        """第一个问题再说详细点 after a question of several parts: that part is the topic the
        turn follows up (not the first item of the last part's list); (q, history, "")
        otherwise; or why not (第五个问题呢？ after four parts)."""
        simple = to_simplified(q).strip()
        m = _PART_ASKED.match(simple) or _PART_NAMED.match(simple)
        # 第二个能展开说说吗 right after the answer to a question of several parts: its part
        bare = None if m else _PART_BARE.match(simple)
        if m is None and bare is None:
            return q, history, ""
        # the latest question of several parts (第三个问题呢？ after 第一个问题再说详细点)
        last, parts = None, []
        for i in range(len(history) - 1, -1, -1):
            found = split_parts(history[i].query, self._names_a_subject, self._names_a_term)[1]
            if history[i].answered and found:
                last, parts = i, found
                break
        if last is None:
            return q, history, ""
        if bare is not None:
            latest = max(i for i, t in enumerate(history) if t.answered)
            if latest != last:
                return q, history, ""
            m = bare
        if "n" in m.groupdict():
            try:
                n = _point_number(m.group("n"))
            except ValueError:  # 第十一个问题 (no question has that many parts)
                n = len(parts) + 1
        else:  # 矛盾纠纷那部分呢？: the one part writing it
            named = [
                i for i, p in enumerate(parts, 1) if match_key(m.group("what")) in match_key(p)
            ]
            n = named[0] if len(named) == 1 else 0
            if not n:
                return q, history, ""
        if not 1 <= n <= len(parts):
            if bare is not None:
                return q, history, ""  # 第三个呢 after two parts: an item of the last one's list
            return q, history, f"前面的问题只有{len(parts)}个部分，请说出想再了解的是哪一部分。"
        part = parts[n - 1].rstrip("？?")
        topic = dataclasses.replace(history[last], understood_as=part, topic=part, anchor="")
        rest = m.group("rest").strip("，, ")
        rest = "具体说说" if not rest or _ASKS_ON.fullmatch(rest) else rest  # 第三个问题呢？
        # that part is the last topic; what the conversation quoted stays quoted
        return rest, [*history, topic], ""

    def _without_then(self, q: str) -> str:
        """``q`` without a leading 那 / 那么 that jieba reads as a word of its own, before a
        noun or a verb of two characters or more (那高新民讲过什么专题 → 高新民…, 那执法不公会
        怎么样 → 执法不公…; not 那么多干部, 那项制度, 那会儿)."""
        if not _LEADING_THEN.match(q):
            return q
        words = list(pos_tagger(self._tokenizer.segmenter).cut(q[:12]))
        if len(words) < 2 or words[0].word not in ("那", "那么"):
            return q
        nxt = words[1]
        if len(nxt.word) < 2 or not nxt.flag.startswith(("n", "v", "i", "l")):
            return q
        return q[len(words[0].word) :]

    def _as_the_essays_name(self, q: str) -> str:
        """``q`` with a leader's name the essays never write replaced by the title they name
        him with (毛泽东说过什么？ → 毛主席说过什么？: e4 writes 毛主席 only). Only the leaders
        ``LEADER_TITLES`` knows: 毛泽民 is no 毛主席."""
        for name, title in LEADER_TITLES.items():
            if name in q and name not in self.layout.corpus_key and title in self.layout.corpus_key:
                if title in q:
                    continue  # 毛泽东和毛主席…: not 毛主席和毛主席
                called = rf"{re.escape(name)}(?:同志|{'|'.join(LEADERS)})?"
                q = re.sub(called, title, q, count=1)  # (毛泽东同志 → 毛主席)
        return q

    def _view_of(
        self,
        q: str,
        res: Resolution,
        hits: list[Hit],
        notice: str,
        query: str,
        pool: list[Scored],
        subject: str,
        asked: Wanted,
    ) -> Answer | None:
        """谁的观点 of what no sentence naming someone holds: whose view its paragraph gives
        (``_whose_view``), quoted, or pointed to when quoted before; None if nobody's."""
        if asked.kind != "person" or not (whose := self._whose_view(pool, subject)):
            return None
        new = [s for s in whose if not any(s.candidate.overlaps(x) for x in res.exclude)]
        if whose[0] in new:  # the sentence naming them, not quoted yet (with the other, if new)
            return self._quoting(q, res, new, notice)
        # (“法理型认同”是谁的观点？ with 高新民认为… quoted before: point to it)
        return self._point_back(q, res, hits, notice, query, whose[:1], want=asked)

    def _quoted_next(self, point: Scored, pool: list[Scored], res: Resolution) -> Scored | None:
        """The candidate right after ``point`` in its paragraph (what it goes on to say), when
        the conversation quoted it before; else None."""
        nxt = self._next_of(point.candidate, [s.candidate for s in pool])
        if nxt is None or not any(nxt.overlaps(e) for e in res.exclude):
            return None
        return next(s for s in pool if s.candidate is nxt)

    def _effect(self, point: Scored, searched: str) -> Scored | None:
        """The sentence right after ``point`` in its paragraph when it says what that leads to
        (让…产生, 导致, 造成 …); else None. (Candidates for the question ``searched``: its
        vector is embedded already.)"""
        c = point.candidate
        hits = self.layout.paragraph_hits(c.paragraph_id, go_on=False)
        nxt = self._next_of(c, self._candidates(searched, hits))
        if nxt is None or not _LEADS_TO.search(self.layout.text(nxt)):
            return None
        return Scored(nxt, point.score)

    def _said_of(self, chosen: list[Scored], q: str, searched: str) -> Scored | None:
        """The sentence right after the first of ``chosen`` that says what was asked of it
        and none of them says: what it leads to, for a consequence asked (不听人家申辩会有啥
        后果？ quoted the behaviour, …不听取…陈述和申辩…, and a remedy, not 这种做法让…产生反感…),
        or the essay's comment on it, opening with 这, for a judgement asked (…一上访就被抓起来，
        文章怎么评价这种做法？: 这与社会主流价值理念有很大差距; walk 53), or what it is for, for a
        purpose asked; else None."""
        asked = to_simplified(q)
        texts = [self.layout.text(s.candidate) for s in chosen]
        if _CONSEQUENCE.search(asked) and not any(_LEADS_TO.search(t) for t in texts):
            return self._effect(chosen[0], searched)
        purpose = _PURPOSE_ASKED.search(asked) and not any(map(_PURPOSE_SAID.search, texts))
        if _JUDGED.search(asked) or purpose:
            c = chosen[0].candidate
            hits = self.layout.paragraph_hits(c.paragraph_id, go_on=False)
            nxt = self._next_of(c, self._candidates(searched, hits))
            said = [s.candidate.span for s in chosen]
            if nxt is None or any(nxt.overlaps(x) for x in said):
                return None
            text = self.layout.text(nxt)
            if _JUDGED.search(asked) and _COMMENT.match(text):
                return Scored(nxt, chosen[0].score)
            if purpose and _PURPOSE_SAID.search(text):
                # 联席会议干嘛用的？ quoted 首先是建立完善群众工作联席会议制度。, not the next
                # sentence, 充分发挥联席会议的综合协调作用… (walk 54)
                return Scored(nxt, chosen[0].score)
        return None

    def _next_of(self, c: Candidate, among: list[Candidate]) -> Candidate | None:
        """The candidate of ``among`` right after ``c`` in its paragraph, or None."""
        text = self.layout.paragraphs.get(c.paragraph_id, "")
        gap = len(text[c.end :]) - len(text[c.end :].lstrip())
        return next(
            (x for x in among if x.paragraph_id == c.paragraph_id and x.start == c.end + gap),
            None,
        )

    def _may_stand_alone(self, q: str, res: Resolution) -> bool:
        """A follow-up read as leaning on the topic that also asks something of its own (not
        还有吗 / 为什么 / 具体怎么做, and not a point or a typed topic): it names something
        (那怎么解决？ alone is no question)."""
        if not res.own or res.paragraph or res.anchor_given:
            return False
        if not [n for n in self._tokenizer.nouns(q) if not vague(n)]:
            return False
        own = [
            w for w in self._tokenizer.terms(q) if w not in ASKING_WORDS and w not in FRAME_WORDS
        ]
        return any(w in self.judge.known_words for w in own)

    def reply(self, query: str, history: Sequence[Answer] = ()) -> Answer:
        """What the chat, `/ask` and `rag ask --json` give back: the answer, or, for a question
        that cannot be taken (empty …), a refusal whose text says why."""
        try:
            return self.ask(query, [a.turn() for a in history])
        except RagError as e:
            return Answer.refusal(clean_input(str(query or "")), str(e))
        except Exception:  # a defect must not hang the chat: say so, keep the conversation
            log.exception("回答出错：%r", query)
            return Answer.refusal(clean_input(str(query or "")), ANSWER_FAILED)

    def clear_cache(self) -> None:
        """Forget cached answers (for benchmarks that time the real work)."""
        self._answer.cache_clear()
        self.retriever.clear_cache()
        clear_small_talk()

    # -- one question -------------------------------------------------------------------------

    def _answer_uncached(self, q: str, res: Resolution, notice: str) -> Answer:
        if res.kind == "orphan":
            return self._refuse(q, res, [], notice, orphan_text(q))
        searched = res.search
        if not res.kind and (m := _MENTIONED.search(searched)):
            # …12315热线电话都接不过来，文章里提到热线没有？ asks whether they mention 热线;
            # the situation before it is the trainee's (walk 50: refused for its words); …，
            # 文章里有提到这种情况吗 asks about the situation (walk 51: searched 这种情况)
            x = m.group("x")
            if _THIS_CASE.fullmatch(x):
                searched = searched[: m.start()]
            elif not _NOT_A_THING.search(x):
                searched = x
        elif (
            not res.kind
            and (m := _NAMED_MENTIONED.search(searched))
            and not _NOT_A_THING.search(m.group("x"))
            and not _THIS_CASE.fullmatch(m.group("x"))
        ):
            # 我是乡镇综治中心主任，矛盾纠纷排查这块文章里有提到吗: whether they mention it
            # (walk 52 searched the whole, and got 稳定工作高于一切)
            searched = m.group("x")
        elif not res.kind and (m := _VIEW_OF_THIS.search(searched)):
            # …利益诉求五花八门，文章里怎么看待这种情况: the situation is what is asked about
            # (walk 51: 怎么看待 drew the verified 老百姓怎么看待我们…)
            searched = searched[: m.start()]
        result = self.retriever.search(
            searched, k=self.params.candidate_hits, asked=res.understood_as
        )
        query = result.query  # as searched (a long question may have been cut)
        notice = notice or result.notice
        hits = result.hits
        if res.anchor_given and (headed := self._section_named(res.anchor, hits)):
            # 不对，我是问团队意识 (村干部要树立哪些团队意识): the section headed
            # （4）树立团队意识… is on it, though the list sentence naming it ranks first
            hits = [*hits[:1], *headed, *hits[1:]]  # (among the paragraphs points come from)
        if res.essay:  # 社区那篇…: that essay's passages only, however they rank among all
            title = self.layout.about_essays[res.essay][0]
            if lost := self._not_in_essay(res.search, res.essay):
                # 消防那篇讲了民情日记吗？: e2 never does; say which essays do
                where = self.layout.titles_of(
                    p
                    for p in self.layout.order
                    if any(w in match_key(self.layout.paragraphs[p]) for w in lost)
                )
                why = f"《{title}》中没有讲到「{'、'.join(lost)}」" + (
                    f"，谈到它的是{where}。" if where else "。"
                )
                return self._refuse(q, res, [], notice, why, lost[0])
            hits = self._in_essay(res.search, res.essay, hits)
            if not hits:
                why = f"《{title}》中没有找到与「{short(res.search)}」直接相关的内容。"
                return self._refuse(q, res, [], notice, why)
        if res.paragraph:  # a point followed up: the rest of its paragraph, nothing else
            # (and what goes on from it, unless it is an item of a list: 第二点是什么意思 of
            # 再有，工作方式缺少创新… is not the next item, 还有，缺少干事的心态…; walks 51, 52)
            # (nor the first: 您提到的第一点 of 一是要适应新形势… read on into 二是…, 三是…:
            # walk 57)
            opening = self.layout.paragraphs.get(res.paragraph, "")
            item = bool(GOES_ON.match(opening) or FIRST_ITEM.match(opening))
            hits = self.layout.paragraph_hits(res.paragraph, go_on=not item)
            if not hits:
                return self._refuse(q, res, [], notice)
            return self._answer_point(q, res, hits, notice)
        if res.item == LAST_ITEM:  # 最后一个呢？: the number of the list's last item
            if (last := self._last_item(res)) is None:
                why = (
                    "前面的回答没有列出几项内容，不知道“最后一个”指哪一项，请说出想了解的内容再问。"
                )
                return self._refuse(q, res, hits, notice, why)
            res = dataclasses.replace(res, item=last)
        if res.item and (counted := self._counted_item(res.item, res)) is not None:
            # 第二个啥意思 after 四观是哪四观 quoted them in one sentence: the second of those
            pid, a, b = counted
            shown = self.layout.paragraphs[pid][a:b]
            if any(x[0] == pid and x[1] <= a and b <= x[2] for x in res.exclude):
                return self._item_said(q, res, hits, notice, shown, counted)
            if (point := self._point_at(pid, a, b)) is not None:
                return self._quoting(q, res, [point], notice)
        if res.item:  # 第四个办法: that item of the list the conversation quoted from
            inside = self._item_inside(res.item, res.exclude)
            named = self._named_item(res.item, res)
            item = named or self._list_item(res.item, res.exclude, res.last_quoted)
            if inside is not None and (item is None or self._quoted_inside(inside, res)):
                # 第五个是什么 after 首先是… 其次是… 第三是… within one paragraph
                said = sorted(x[1] for x in res.exclude if inside.overlaps(x))
                if said and said[0] > inside.start:
                    # only its end was quoted (同时完善党政领导“下访”制度。 of 其次是…): the rest
                    opening = dataclasses.replace(inside, end=said[0])
                    return self._quoting(q, res, [Scored(opening, 0.0)], notice)
                if said:
                    shown = self.layout.text(inside)
                    span = (inside.paragraph_id, inside.start, inside.end)
                    return self._item_said(q, res, hits, notice, shown, span)
                return self._quoting(q, res, [Scored(inside, 0.0)], notice)
            if item is None:
                why = f"前面的回答没有列出第{res.item}项，请说出想了解的内容再问。"
                if (length := self._longest_list(res.exclude)) and length < res.item:
                    # 有第十个吗？ after 第九是…: the list ends there
                    why = f"前面引用的列表只有{length}项，没有第{res.item}项。"
                return self._refuse(q, res, hits, notice, why)
            res = dataclasses.replace(res, paragraph=item)
            told = self._answer_point(q, res, self.layout.paragraph_hits(item, go_on=False), notice)
            if told.abstained:  # that item was quoted already (第五个呢 after 创先意识…)
                point = self._item_point(item)
                shown = self.layout.text(point.candidate) if point else ""
                if named:  # by its heading (（5）树立创先意识), not its first sentence
                    shown = self.layout.chunks_of[item][0].heading_path[-1]
                text = self.layout.paragraphs[item]
                return self._item_said(q, res, hits, notice, shown, (item, 0, len(text)))
            # 具体怎么做？ after 四是记好民情日记…: about that item, not the list's question
            opening = self.layout.paragraphs[item]
            if named:  # the item as its heading names it (树立服从意识, not 作为一名党员)
                opening = self.layout.chunks_of[item][0].heading_path[-1]
            name = re.split(r"[。！？；：，]", re.sub(rf"^{ENUMERATOR}", "", opening))[0]
            if named:  # 第三个呢？ after 大局意识、服从意识、责任意识…: which one it is
                told = dataclasses.replace(
                    told, text=f"（第{res.item}项是「{opening}」。）\n{told.text}"
                )
            return dataclasses.replace(told, topic=name) if 2 <= len(name) <= 20 else told
        if res.kind in ("detail", "why") and _CONSEQUENCE.search(to_simplified(q)):
            # 这样有啥后果？ after …不听取…陈述和申辩… was quoted (or pointed to): the sentence
            # after it saying what it leads to (walk 55 quoted another fault and a remedy)
            for pid, a, b in res.last_quoted:
                point = self._point_at(pid, a, b)
                then = self._effect(point, res.search) if point is not None else None
                if (
                    then is not None
                    and not any(then.candidate.overlaps(x) for x in res.exclude)
                    and self._faithful(then)
                ):
                    return self._quoting(q, res, [then], notice)
        if res.kind == "why" and (reason := self._reason_before(res)) is not None:
            # 为什么要加强学习？ after “所以社区干部要把学习摆在重要位置…”: the sentence the
            # quote concludes from (对于纷繁复杂的矛盾和问题，只有具有良好的素质，才能…)
            return self._quoting(q, res, [reason], notice)
        if res.kind == "why" and (reason := self._reason_before(res, said=True)) is not None:
            # ... quoted already (by the answer that quoted the conclusion): point to it
            shown = self.layout.text(reason.candidate).strip()
            if len(shown) > POINTER_CHARS:
                shown = shown[:POINTER_CHARS].rstrip("，、；：。 “‘") + "……"
            where = f"（前面引用的“{shown.strip('“”')}”，就是文章给出的理由）"
            told = self._refuse(q, res, [], notice, _quoted_before_text(res, True, where))
            return dataclasses.replace(told, pointed=(reason.candidate.span,))
        if res.kind == "more" and (inner := self._inner_rest(res)):
            # 还有吗？ after 首先是… 其次是… 第六是… (the nine mechanisms of one paragraph): 第七…
            return self._quoting(q, res, inner, notice)
        # 还有别的办法吗？ after 民情日记是啥，咋记: other ways than that one, i.e. the other
        # items of the list it is one of (walk 46: more on 民情日记 found e1's), read from the
        # quote on it
        others = res.kind == "more" and bool(_OTHER_WAYS.search(to_simplified(q)))
        last = res.last_quoted
        if others:
            last = [x for x in last if not self._specific_to(res.topic, [x[0]])] or last
        if (
            res.kind == "more"
            and (rest := self._rest_of_list(res.exclude, last))
            and (others or not self._of_one_item(res.topic, self._asked_of(res), rest))
        ):
            # 还有别的原因吗？ after 首先难在…: the list's other items (其次… 其三… 再有…),
            # each by the sentence holding its marker (…高新民分析，首先难在…, not the
            # paragraph's opening “应该讲…”)
            if points := self._items(rest, res):
                return self._quoting(q, res, points, notice)
            items = [h for pid in rest for h in self.layout.paragraph_hits(pid, go_on=False)]
            items = [dataclasses.replace(h, rank=i) for i, h in enumerate(items, start=1)]
            listed = self._answer_point(q, res, items, notice, one_each=True)
            if not listed.abstained:
                return listed
        if res.own or res.kind in ("more", "detail", "example"):
            # 这会造成什么后果？ / 还有别的原因吗？: what goes on from a quote may answer it
            hits = self._with_following(hits, res)
        if res.kind in ("", "topic") and (
            stranger := self._stranger(res.search)
            # (那些带头闹的“钉子户”咋个办: the quote names whom, the question is how to handle
            # them; walk 57 refused it)
            or (not _resisted_at_work(res.search) and self._unknown_quoted(res.search))
        ):
            # 习近平总书记关于群众工作有哪些论述？ was answered with what 胡锦涛 asked for.
            return self._refuse(q, res, hits, notice, f"文章中没有提到「{stranger}」。")
        # (who the trainee is says nothing the essays must hold: 我是12345热线的接线员，文章里
        # 提到热线电话了吗 was refused for 12345 and 接线员, walk 48)
        asked = self._in_general(_INTRODUCTION.sub("", query)) if not res.kind else query
        evidence = self.judge.evidence(asked or query, hits) if hits else None
        if evidence is None or (
            self.judge.abstain(evidence)
            # 烟农嫌定级压价，堵站门口，咋整？: how to handle people resisting the work, told in
            # the trainee's words (none of them the essays'): what the essays say of handling
            # people applies (walks 53, 54 refused three), as close as such questions come
            and not (_resisted_at_work(asked or query) and evidence.dense >= CASE_DENSE)
        ):
            # Not one word of the question in the best passages (天气, 红烧肉): their headings
            # would be suggestions at random; the essays' titles say what can be asked.
            related = hits if evidence is not None and evidence.coverage > 0 else []
            want = wanted(res.search) if related and res.kind in ("", "topic") else None
            if want is not None:
                # A fact asked about something the best passages discuss (大党委制是哪一年
                # 开始搞的): say what they do mention, and offer to ask about it.
                _, subject, want = self._facts([], query, want)
                if subject and any(subject in match_key(h.chunk.context()) for h in hits[:3]):
                    text = _fact_text(res.understood_as, subject, want)
                    return self._refuse(q, res, related, notice, text, subject)
            return self._refuse(q, res, related, notice)
        if (
            not res.kind
            # (乘客投诉多，怎么回应: walk 55; but 我老公抽烟劝了都不改 is the trainee's household)
            and (
                _PRIVATE_LIFE.search(asked or query)
                or not (_AT_WORK.search(asked or query) or _RESISTS.search(asked or query))
            )
            and (strange := self._strange_nouns(asked or query, only=True))
            and not any(
                w in self.layout.corpus_key
                for w in self._tokenizer.words(asked or query)
                if len(w) >= 2 and w not in ASKING_WORDS and not INTERROGATIVE.search(w)
            )
        ):
            # 老公不做家务怎么办？: no word of it the essays write, and nothing of the work,
            # however close its cosine (it was answered with 大局意识… and 合理诉求…)
            return self._refuse(q, res, [], notice, f"文章中没有提到{strange}。")
        # A fact asked as a follow-up (联席会议制度是干啥的 → 多久开一次？) is checked like one
        # asked on its own, about the topic followed up.
        # (an example asked is no value: 有没有具体的例子啊，哪个地方怎么做的那种 asked no place,
        # walk 57)
        want = (
            None
            if res.kind == "example"
            else wanted(res.search if res.kind in ("", "topic") else q)
        )
        if want is not None and want.kind == "person" and res.kind not in ("", "topic"):
            return self._answer_speaker(q, res, notice)  # 这是谁说的？
        if want is not None:
            hits = self._with_introductions(query, hits)
        elif not res.kind and self.params.continuation:
            # 中央又一次强调站稳群众立场，反映出上面在担心什么？: the best passage says what was
            # stressed, the paragraph going on from it (这一重申…透射出高层的忧虑) what it shows
            hits = self._with_continuation(hits, why=bool(_WHY_ASKED.search(q)))
        # what goes on from the best paragraph (not what a follow-up reads on into)
        continued = {h.chunk.paragraph_id for h in hits if h.followed} if not res.kind else set()
        anchored = self._anchored(self._candidates(query, hits), res)
        if anchored is None:  # a new topic the essays do not discuss
            return self._refuse(q, res, hits, notice)
        if (
            res.kind == "topic"
            and res.anchor_given
            and (strange := self._strange_nouns(res.anchor))
        ):
            # 那物业和业主闹矛盾呢？ after 调解员要注意啥: no essay mentions 物业 or 业主; their
            # 矛盾 found passages that would pass for an answer
            return self._refuse(q, res, hits, notice, f"文章中没有提到{strange}。")
        if res.kind in ("topic", "") and res.anchor_given and (lost := self._not_on(anchored, res)):
            # (kind "": a side of a comparison)
            # 为什么要公平正义？ → 那社区呢？: e3 never speaks of 公平正义; its other passages
            # on 社区 would pass for an answer.
            why = f"文章谈到「{res.anchor}」时没有讲到「{'、'.join(lost)}」。"
            if res.kind == "topic" and (
                self._written_by_few(res.anchor)
                or not (
                    names_someone_or_somewhere(res.anchor)
                    or any(n in res.anchor for n in self.layout.names)
                )
            ):
                # 那火灾事故调查呢？ after 为什么要严格依法办事: e2-p4 names 火灾事故调查
                # with 办事公道, not with 依法办事. What the essays do say of a topic one or two
                # paragraphs write, or of a thing, not people or a setting (那公平公正呢？ after
                # 调解的时候要依法办事: walk 48), so labelled (of 社区 or 农村 it would be
                # anything on them).
                own = Resolution(
                    res.anchor, res.anchor, exclude=res.exclude, topic=res.anchor,
                    quoted_by=res.quoted_by, corrected=res.corrected,
                )  # fmt: skip
                told = self._answer_uncached(q, own, notice)
                if not told.abstained:
                    note = f"（{why}下面是文章中关于「{res.anchor}」的论述。）"
                    return told.noted(note)
            return self._refuse(q, res, hits, notice, why)
        if who := self._views_of(res.search):
            # 高新民还有哪些观点？: only what the essays give as his, never the narrator's
            # sentence before 高新民认为有几个问题需要重视：
            mine = [c for c in anchored if self._attributed(c, who)]
            if about := self._view_topic(res.search, who):
                # 高新民怎么看依法执政？: the name filters; 依法执政 finds (her 她认为…依法执政
                # ranked ninth when the name, in most of e5, searched too)
                topical = self.retriever.search(about, k=self.params.candidate_hits).hits
                on_it = [c for c in self._candidates(about, topical) if self._attributed(c, who)]
                mine = on_it or mine
            anchored = mine
            if not anchored:
                said = "更多" if res.exclude else ""
                return self._refuse(q, res, hits, notice, f"文章中没有找到{who}的{said}观点。")
        broad = self._broad(query)
        pool = self._score(query, hits, anchored, res, broad)
        # Not quoted again: what this conversation already quoted, and what trainers rejected
        # for this very question.
        said = [s for s in pool if not any(s.candidate.overlaps(x) for x in res.exclude)]
        rejected = self._spans(result.rejected)
        fresh = [s for s in said if not any(s.candidate.overlaps(x) for x in rejected)]
        # A question asked anew whose best points this conversation already quoted: only what
        # is as good as those is quoted now, never the leftovers; else the trainee is pointed
        # back to the earlier answer. (还有吗 and the like ask for the rest on purpose.)
        repeated = res.kind in ("", "topic") and bool(pool) and said[:1] != pool[:1]
        if (
            repeated
            and _CONSEQUENCE.search(to_simplified(q))
            and (then := self._effect(pool[0], query)) is not None
            and not any(then.candidate.overlaps(x) for x in [*res.exclude, *rejected])
            and self._faithful(then)
        ):
            # 那不听申辩会有啥后果？ after …不听取…陈述和申辩… was quoted: the sentence after it
            # says what it leads to (这种做法让…产生反感、抵触情绪…), not quoted yet (walk 51
            # pointed back to the behaviour)
            told = self._quoting(q, res, [then], notice)
            where = self._where_quoted(res, query, pool[0])
            return dataclasses.replace(told, text=f"（{QUOTED_BEFORE}：{where}）\n{told.text}")
        if repeated:
            # ... or what holds a specific word of the question that the quoted best do not
            # (跟踪 of 群众反映的问题怎么跟踪 after the 民情日记 answer).
            missing = self._not_yet_said(query, pool, res)
            fresh = [
                s
                for s in fresh
                if s.score >= pool[0].score - self.params.point_margin
                or any(w in self._under(s.candidate) for w in missing)
                # 不对，我是问消防员平时怎么拉近跟群众的距离: the trainee says the answer
                # quoted missed; the rest of the paragraph it quoted, not a pointer back to that
                # answer (nor leftovers of other paragraphs padding a pointer: walk 45)
                or (res.corrected and s.candidate.paragraph_id == pool[0].candidate.paragraph_id)
            ]
            # (or only what is left of the best paragraph: 那她还说了群众工作难在哪几个方面？
            # got e5-p9's opening 应该讲… beside the pointer to its 首先难在…, walk 50)
            leftovers = all(
                s.candidate.paragraph_id == pool[0].candidate.paragraph_id for s in fresh
            )
            if leftovers and (rest := self._rest_after_pointer(q, res, query, pool, notice)):
                return rest
            if not fresh:
                if want is not None and not (given := self._facts(pool, query, want))[0]:
                    if told := self._view_of(q, res, hits, notice, query, pool, *given[1:]):
                        return told
                    # 居民议事会多久开一次？ after a quote of 定期召开居民议事会: the earlier
                    # quote gives no frequency either; say so, not "see above"
                    text = _fact_text(res.understood_as, given[1], given[2])
                    return self._refuse(q, res, hits, notice, text, given[1])
                if want is not None:  # 板凳会多久开一次？: to the quote giving how often
                    return self._point_back(q, res, hits, notice, query, given[0], want=want)
                return self._point_back(q, res, hits, notice, query, pool)
        # A trainer verified the question, not a "why" or "how" asked after it; what they
        # verified answers a factual question too (the value check is for unverified text).
        own_question = res.kind in ("", "topic")
        verified = self._verified(fresh, result.verified) if own_question else []
        if want is not None:
            # ... only when the verified question asked for the same kind of value: 多久开一次箱
            # is not answered by what was verified for 为什么要设置民情信箱.
            verified = [(s, e) for s, e in verified if _asks_like(e.question, want)]
        if want is not None and not verified:
            fresh, subject, asked = self._facts(fresh, query, want)
            if not fresh:
                if given := self._facts(pool, query, want)[0]:  # quoted before
                    return self._point_back(q, res, hits, notice, query, given, want=want)
                if told := self._view_of(q, res, hits, notice, query, pool, subject, asked):
                    return told
                text = _fact_text(res.understood_as, subject, asked)
                return self._refuse(q, res, hits, notice, text, subject)
        if res.own and self._said_before(q, pool, fresh, res):
            # 应该到哪些地方去？ after an answer that quoted 到困难多、矛盾大的地方…
            return self._point_back(q, res, hits, notice, q, pool, asked=True)
        if res.own and (restated := self._restated(q, res, fresh)):
            return self._point_back(q, res, hits, notice, q, restated, asked=True)
        if (
            own_question
            and (defined := _DEFINITION.match(to_simplified(q).strip()))
            and (writing := self._term_said_before(defined, pool, fresh, res))
        ):
            # 信访终结是什么意思？ after a list quoting 第五是建立健全信访终结公示制度。: that
            # one, not 第七是…信息汇集分析机制 (the best left) passed off as its meaning
            return self._point_back(q, res, hits, notice, q, writing, asked=True)
        if not fresh:
            if res.exclude and anchored:
                return self._refuse(q, res, hits, notice, _no_more_text(res))
            return self._refuse(q, res, hits, notice)
        # one thing asked (有没有什么排查制度): a list item's context is in that item
        one = own_question and not _SEVERAL.search(res.search)
        if one and not verified:
            fresh = self._term_first(fresh, self._terms_of(query))
        picked = self._select(fresh, hits, broad, verified, bool(res.anchor), continued, one)
        if own_question and not verified and _SEVERAL.search(res.search) and not _YES_NO.search(q):
            picked = self._led_by_list(picked, hits, res)
            picked = self._inner_list_read(picked, res)
        chosen = self._with_content(picked, res.exclude, verified)
        while not chosen and (fresh := [s for s in fresh if s not in picked]):
            # Only item headings whose content was quoted before: the next best instead.
            picked = self._select(fresh, hits, broad, verified, bool(res.anchor), continued, one)
            chosen = self._with_content(picked, res.exclude, verified)
        chosen = self._with_antecedent(chosen, res.exclude, verified)
        chosen = [s for s in chosen if self._faithful(s)]
        if (
            chosen
            and (then := self._said_of(chosen, q, query)) is not None
            and not any(then.candidate.overlaps(x) for x in [*res.exclude, *rejected])
            and self._faithful(then)
        ):
            chosen = [chosen[0], then, *chosen[1:]][: self.params.max_points]
        chosen, announced = self._announced_read(chosen, res)  # …并做好以下几点： and the points
        if not chosen:  # asked again, with only a heading of what was quoted left: point back
            if repeated:
                return self._point_back(q, res, hits, notice, query, pool)
            return self._refuse(q, res, hits, notice)
        citations = self._citations(chosen, {id(s.candidate): e for s, e in verified})
        more = res.kind == "more"
        text = render_answer(
            res.topic if more else res.understood_as, citations, more=more or repeated
        )
        if announced:
            text = f"{announced}\n{text}"
        if repeated:  # saying which: a new question may not see what it means
            text = f"（{QUOTED_BEFORE}：{self._where_quoted(res, query, pool[0])}）\n{text}"
        elif (
            own_question
            and _SEVERAL.search(res.search)
            and (then := self._quoted_next(chosen[0], pool, res))
        ):
            # 执政党自身发生了哪些变化？ quotes …也发生了重大变化。, whose 一是…二是… an earlier
            # answer quoted (walk 50: a list's lead and no items, and no word of them)
            text = f"（{QUOTED_NEXT}：{self._where_quoted(res, query, then)}）\n{text}"
        anchor = res.anchor if res.anchor_given else ""
        return Answer(
            q,
            res.understood_as,
            False,
            text,
            tuple(citations),
            (),
            notice,
            res.topic,
            anchor=anchor,
            verified=_verified_label(verified[0][1]) if verified else "",
        )

    def _under(self, c: Candidate) -> str:
        """The matching form of ``c``'s text and of the heading it stands under (作为一名党员，
        服从是天职… under （2）树立服从意识，讲党性)."""
        heading = c.hit.chunk.heading_path[-1:] if c.hit.chunk.heading_path else ()
        return match_key("\n".join([*heading, self.layout.text(c)]))

    def _quoted_best(self, pool: list[Scored], res: Resolution) -> list[str]:
        """The matching forms of the best three candidates that the conversation quoted."""
        return [
            match_key(self.layout.text(s.candidate))
            for s in pool[:3]
            if any(s.candidate.overlaps(x) for x in res.exclude)
        ]

    def _saying_marked(self, q: str) -> str:
        """``q`` with the words before 这句话 put in quotation marks when the essays write them
        (关键在领导这句话是谁说的 → “关键在领导”这句话是谁说的; walk 63 refused it, reading 这句
        as the subject); else ``q``."""
        m = _SAYING_UNMARKED.match(q)
        if m is None or match_key(m.group("words")) not in self.layout.corpus_key:
            return q
        return f"“{m.group('words')}”{q[m.end('words') :]}"

    def _item_named_only(self, res: Resolution) -> tuple[str, Span] | None:
        """(the item, its span) when the last answer quoted one sentence only, an item of a list
        that names it and no more (第三是建立健全矛盾纠纷排查调处机制。), the paragraph going on
        with the next item or ending; else None."""
        if len(res.last_quoted) != 1:
            return None
        pid, a, b = res.last_quoted[0]
        text = self.layout.paragraphs.get(pid, "")
        m = _NAMED_ITEM.fullmatch(text[a:b].strip())
        after = text[b:].lstrip()
        if m is None or (after and not re.match(rf"{ENUMERATOR}", after)):
            return None
        return m.group("item"), (pid, a, b)

    def _whole_list(self, q: str, answer: Answer, res: Resolution, notice: str) -> Answer | None:
        """The items of the list running over paragraphs that a quote of ``answer`` is one of,
        each by the sentence holding its marker, when none was quoted before; else None (and
        when a quote is of a list inside one paragraph: 具体有哪些机制，能给我列一下吗？ asks
        for its nine, ``_inner_list_read``'s)."""
        if any(len(self.layout.inner_markers(c.paragraph_id)) >= 3 for c in answer.citations):
            return None
        for c in answer.citations:
            run = self.layout.list_run(c.paragraph_id)
            if (
                3 <= len(run) <= MAX_LISTED
                and all(LIST_ITEM.match(self.layout.paragraphs[p]) for p in run[1:])
                and (points := self._items(run, res))
            ):
                told = self._quoting(q, res, points, notice)
                if {x.paragraph_id for x in told.citations} != set(run):
                    return None  # (more items than an answer quotes: 还有吗 reads on)
                return dataclasses.replace(
                    told, text=f"{told.text}\n（文章列举的{len(run)}项都在上面。）"
                )
        return None

    def _quoting(self, q: str, res: Resolution, chosen: list[Scored], notice: str) -> Answer:
        """An answer of ``chosen`` points (already checked against the essays)."""
        citations = self._citations(chosen)
        if res.kind == "more":
            text = render_answer(res.topic, citations, more=True)
        else:
            text = render_answer(res.understood_as, citations)
        return Answer(q, res.understood_as, False, text, tuple(citations), (), notice, res.topic)

    def _answer_point(
        self, q: str, res: Resolution, hits: list[Hit], notice: str, one_each: bool = False
    ) -> Answer:
        """第二点能详细说说吗？: what the point's paragraph (and those going on from it) says
        besides what was quoted, in reading order, up to the usual number of points (``one_each``:
        one per paragraph); or that it says no more."""
        pool = self._score(res.search, hits, self._candidates(res.search, hits), res, False)
        place = {h.chunk.paragraph_id: h.rank for h in reversed(hits)}
        pool.sort(key=lambda s: (place[s.candidate.paragraph_id], s.candidate.start))
        chosen: list[Scored] = []
        for s in pool:
            c = s.candidate
            if any(c.overlaps(x) for x in res.exclude) or any(
                c.overlaps(x.candidate.span)
                or (one_each and c.paragraph_id == x.candidate.paragraph_id)
                for x in chosen
            ):
                continue
            chosen.append(s)
            if len(chosen) == self.params.max_points:
                break
        chosen = [s for s in chosen if self._faithful(s)]
        point = POINT_ASKED.search(to_simplified(res.understood_as))
        if not chosen and point and res.paragraph in self.layout.chunks_of:
            # 第二点展开说说 when its paragraph was quoted whole: which one, not only "no more"
            chunk = self.layout.chunks_of[res.paragraph][0]
            where = f"《{chunk.title}》第{chunk.paragraph_number}段"
            why = f"所问的这一点出自{where}，这一段前面已经全部引用过，文章没有更多论述了。"
            return self._refuse(q, res, hits, notice, why)
        if not chosen:
            return self._refuse(q, res, hits, notice, _no_more_text(res))
        return self._quoting(q, res, chosen, notice)

    def _compares(self, answer: Answer, compared: Comparison) -> bool:
        """One of the answer's quotes speaks of both sides (一些地方探索创建了社区“大党委制”
        …以农村社区服务中心为依托…): the essays compare them themselves."""
        words = [
            [w for w in self._tokenizer.content(side) if w not in FRAME_WORDS] or [side]
            for side in compared.sides
        ]
        return not answer.abstained and any(
            all(any(w in match_key(c.quote) for w in side) for side in words)
            for c in answer.citations
        )

    def _answer_parts(
        self,
        q: str,
        preamble: str,
        parts: list[str],
        history: Sequence[Turn],
        notice: str,
        compared: Comparison | None = None,
        essays: Sequence[str] = (),
        within: Sequence[str] = (),
    ) -> Answer:
        """A question of several parts: each answered on its own (with the trainee's situation
        as context), grouped under the part it answers, numbered through. A comparison is
        answered side by side, each side a part; of ``essays``, each side is its essay's
        parts (their headings, and how each opens); ``within`` essays, each side is the part
        as that essay says it."""
        quoted = list(quoted_so_far(history))
        parts, left = parts[:MAX_PARTS], parts[MAX_PARTS:]
        answers = []
        for i, part in enumerate(parts):
            search = f"{preamble}，{part}" if preamble else part
            res = Resolution(search, part, exclude=tuple(quoted), topic=part)
            if within:  # the same topic in each essay
                res = dataclasses.replace(res, essay=within[i])
            elif compared is not None:  # each side quoted on its side (社区工作, not 稳定工作)
                res = dataclasses.replace(res, anchor=compared.sides[i], anchor_given=True)
            if (
                compared is not None
                and not within
                and (unknown := self._unknown_words(compared.sides[i]))
            ):
                # 网格员: quotes on 社区干部 would pass for what the essays say of it
                side = compared.sides[i]
                longest = max(unknown.split("、"), key=len)  # 普通、普通党员: 普通党员
                word = f"（文中没有「{longest}」这个说法）" if longest != side else ""
                a = Answer.refusal(part, f"文章中没有提到「{side}」{word}。")
                answers.append(a)
                continue
            if essays:
                a = self._outline(part, essays[i], [Turn(q, q, tuple(quoted))], "")
            else:
                a = self._answer(part, res, "")
            answers.append(a)
            quoted += [(c.paragraph_id, c.start, c.end) for c in a.citations]
        return self._parts_answered(q, parts, answers, notice, left, compared, essays, within)

    def _parts_answered(
        self,
        q: str,
        parts: list[str],
        answers: list[Answer],
        notice: str,
        left: Sequence[str] = (),
        compared: Comparison | None = None,
        essays: Sequence[str] = (),
        within: Sequence[str] = (),
    ) -> Answer:
        """One answer of the ``answers`` to ``parts`` of ``q`` (those ``left`` said so), each
        under its part, their citations numbered through."""
        lines = [f"{PARTS_LEAD} {len(parts)} 个部分，下面逐一回答。"]
        if compared is not None:
            a, b = compared.sides
            lines = [f"{COMPARED_LEAD}「{a}」和「{b}」，下面分别引用文章对两者的论述，请对照阅读。"]
        elif left:  # never dropped without a word
            rest = "；".join(f"「{short(p)}」" for p in left)
            lines = [
                f"{PARTS_LEAD} {len(parts) + len(left)} 个部分，下面回答前 {len(parts)} 个；"
                f"其余的请分开再问：{rest}"
            ]
        citations: list[Citation] = []
        for i, (part, a) in enumerate(zip(parts, answers, strict=True)):
            # A side (消防官兵做群众工作) is no question of its own; a topic compared is.
            mark = "" if compared is not None and not part.endswith(("？", "?")) else "？"
            label = f"{compared.sides[i]}：{short(part)}" if within and compared else short(part)
            lines += ["", f"{CN_NUMERALS[i]}、{label}{mark}"]
            if a.abstained:
                # all it says, without its suggestions (哪篇？谁写的？: each essay's author, not the
                # first one's only)
                lines += (a.text.split(SUGGESTIONS_LEAD)[0] if a.suggestions else a.text).split(
                    "\n"
                )
                continue
            renumbered = [dataclasses.replace(c, n=len(citations) + k) for k, c in
                          enumerate(a.citations, start=1)]  # fmt: skip
            citations += renumbered
            # Its notes, before its quotes: its best sentence answered an earlier part (say so,
            # not only the rest), （《…》分3个部分，小标题依次是：…）, （出自《…》。） …
            lines += itertools.takewhile(lambda line: line.startswith("（"), a.text.split("\n"))
            lines.append(render_answer(a.understood_as, renumbered))
        answered = [a for a in answers if not a.abstained]
        abstained = not answered
        if compared is not None and abstained:
            a, b = compared.sides
            lines[0] = f"文章中找不到可以对照「{a}」和「{b}」的论述。"
            if any(POINTED_BACK in x.text for x in answers):  # one side quoted before
                lines[0] = f"{COMPARED_LEAD}「{a}」和「{b}」，下面分别说明文章对两者的论述。"
            if all(POINTED_BACK in x.text for x in answers):  # 两者有什么区别？ after them
                lines = [f"前面的回答已经分别引用了文章对「{a}」和「{b}」的论述，请看上文；"
                         "文章没有直接比较两者。"]  # fmt: skip
        suggestions = answers[0].suggestions if abstained else ()
        topic = answered[-1].topic if answered else ""
        if compared is not None and answered:
            topic = q  # 还有吗 after a comparison asks on about both sides
        text = "\n".join(lines)
        return Answer(q, q, abstained, text, tuple(citations), suggestions, notice, topic)

    # -- candidate points ---------------------------------------------------------------------

    def _sentences(self, hit: Hit) -> list[tuple[int, int, np.ndarray]]:
        """(start, end, vector) of each sentence of a hit's chunk, offsets in the chunk."""
        index = self.retriever.index
        idx = self._position[hit.chunk.id]
        rows = index.dense.sentence_rows(idx)
        if not rows:  # a one-sentence chunk is its own sentence view
            return [(0, len(hit.chunk.text), index.dense.chunks.vector(idx))]
        vectors = index.dense.sentences.vectors(np.arange(rows.start, rows.stop))
        spans = index.sentence_spans[rows.start : rows.stop]
        return [(int(a), int(b), v) for (_, a, b), v in zip(spans, vectors, strict=True)]

    def _spans(self, entries: Sequence[BankEntry]) -> list[tuple[str, int, int]]:
        """Where the quotes of bank ``entries`` stand in their paragraphs (as loaded)."""
        out = []
        for e in entries:
            at = self.layout.paragraphs.get(e.paragraph_id, "").find(e.quote) if e.quote else -1
            if at >= 0:
                out.append((e.paragraph_id, at, at + len(e.quote)))
        return out

    def _verified(
        self, pool: list[Scored], entries: tuple[BankEntry, ...]
    ) -> list[tuple[Scored, BankEntry]]:
        """The points a trainer verified for this very question (nearly): each verified
        paragraph's verified quote, or its best sentence when a whole paragraph was attached."""
        out: list[tuple[Scored, BankEntry]] = []
        for e in entries:
            if split_parts(e.question, self._names_a_subject, self._names_a_term)[1]:
                # Verified for a question of several parts, which is answered part by part:
                # it is never "this very question" of one part (its votes still count).
                continue
            own = [s for s in pool if s.candidate.paragraph_id == e.paragraph_id]
            for span in self._spans([e]):
                # The verified quote itself, or nothing: another sentence of its paragraph
                # (the quote was given earlier in the conversation) was never verified.
                own = [s for s in own if s.candidate.overlaps(span)]
            if own and all(own[0] is not s for s, _ in out):
                out.append((own[0], e))
        return out[: self.params.max_points]

    def _candidates(self, query: str, hits: list[Hit]) -> list[Candidate]:
        """Every candidate point of the best paragraphs; a sentence that overlapping chunks both
        carry is one candidate (from the better-ranked chunk)."""
        qv = self.retriever.lessons.adapt(self.retriever.query_vector(query))
        paragraphs: list[str] = []
        found: dict[tuple[str, int], Candidate] = {}
        for h in hits:
            if h.chunk.paragraph_id not in paragraphs:
                if len(paragraphs) >= self.params.candidate_paragraphs:
                    continue
                paragraphs.append(h.chunk.paragraph_id)
            for c in candidates(h, self._sentences(h), qv):
                # The longer of two (a lead that ends one chunk, joined to its content in the
                # next); otherwise the better-ranked chunk's.
                had = found.get((c.paragraph_id, c.start))
                if had is None or c.end > had.end:
                    found[(c.paragraph_id, c.start)] = c
        # A question in the essays (但究竟‘难’在哪里？) raises what the trainee asked; it
        # answers nothing. (A lead joined to its answer ends with the answer, and stays.)
        return [c for c in found.values() if not self._asks(c)]

    def _asks(self, c: Candidate) -> bool:
        return _ASKING_END.search(self.layout.text(c)) is not None

    def _score(
        self, query: str, hits: list[Hit], pool: list[Candidate], res: Resolution, broad: bool
    ) -> list[Scored]:
        """The candidates scored, best first. A follow-up, whose topic is known, also scores
        what it asks about that topic (``_focus``)."""
        p = self.params
        words = self._tokenizer.words(query)
        focus = self._focus(words, list(dict.fromkeys(c.paragraph_id for c in pool)), res)
        n = len(hits)
        # A broad question (群众工作) matches many passages about equally: their ranking says
        # little about which sentence answers it, so it gets no passage prior.
        weight = 0.0 if broad else p.passage_prior
        head = list_head(to_simplified(query), self._tokenizer.nouns) if p.list_bonus else ""
        # a question asking what, why or how (not whether): a sentence saying it again is none;
        # nor is one saying again what a why follows up (普遍认为群众工作越来越难了。 for 为什么
        # 会这样？ after 群众工作越来越难了吗)
        echoes = p.echo_penalty and res.kind in ("", "why") and not _WHETHER.search(res.search)
        asked = set(self._tokenizer.words(query)) if echoes else set()
        scored = []
        for c in pool:
            text = self.layout.paragraphs[c.paragraph_id][c.start : c.end]
            # By rank: fused scores may be z-scores, zero or negative.
            prior = weight * (1 - (c.hit.rank - 1) / (2 * n))
            covered = self.judge.coverage(words, text)
            score = c.cosine + p.lexical_weight * covered + prior
            share = _share(focus, match_key(text))
            if res.anchor:
                score += p.focus_weight * share
            if head and head in match_key(text):  # 党面临哪些考验？: 首先考验了…
                score += p.item_bonus
            if head and enumerates(text, head):  # 要树立哪些意识？: the sentence naming them all
                score += p.list_bonus
            # (what says the question again holds most of its words; an item's own heading,
            # 与此同时，创新基层党的领导体制。, is quoted with its content, and says more)
            if (
                echoes
                and covered >= ECHO_COVERAGE
                and self._echoes(text, asked)
                and not _opens_short(text, _ITEM_HEADING)
            ):
                if res.kind == "why":  # saying again what is asked why is no reason at all
                    continue
                score -= p.echo_penalty
            if res.kind == "example" and _EXAMPLE_MARK.search(text):  # 比如县域以下城镇化…
                score += EXAMPLE_BONUS
            scored.append(Scored(c, score, share > 0 or not focus))
        return sorted(scored, key=lambda s: -s.score)

    def _echoes(self, text: str, asked: set[str]) -> bool:
        """``text`` says little but what was ``asked`` (its words): at most ``ECHO_NEW`` words
        of its own, reporting words (认为, 反映 …) aside (然而，从党内外的反映来看，普遍认为群众
        工作越来越难了。 for 现在群众工作为啥越来越难做了)."""
        new = [
            w
            for w in self._sentence_terms(text)
            # (a word of one character, 难, covers no longer word: 困难 is new)
            if not any(w in a or (len(a) > 1 and a in w) for a in asked)
            and not any(r in w for r in _REPORTING)
        ]
        return len(new) <= ECHO_NEW

    @functools.cached_property
    def _sentence_terms(self) -> Callable[[str], list[str]]:
        """The tokenizer's ``terms``, kept for the essays' sentences (asked of again and
        again)."""
        return functools.lru_cache(maxsize=4096)(self._tokenizer.terms)

    def _term_first(self, pool: list[Scored], terms: Sequence[str]) -> list[Scored]:
        """``pool`` with the best point of the first one's paragraph that writes a term of the
        question moved first, when the first does not and that point scores as close as a
        further point may (第五是建立健全信访终结公示制度。 for 信访终结公示制度是什么意思, not
        第七是建立健全信访工作信息汇集分析机制。, whose sentence embeds a little closer)."""
        if not terms or not pool:
            return pool

        def writes(s: Scored) -> bool:
            return any(t in match_key(self.layout.text(s.candidate)) for t in terms)

        first = pool[0]
        if writes(first):
            return pool
        pid, floor = first.candidate.paragraph_id, first.score - self.params.point_margin
        better = next(
            (s for s in pool if s.candidate.paragraph_id == pid and s.score >= floor and writes(s)),
            None,
        )
        return pool if better is None else [better, *(s for s in pool if s is not better)]

    def _focus(self, words: list[str], paragraphs: list[str], res: Resolution) -> dict[str, float]:
        """What the question asks about its topic: its words that only some of the candidate
        paragraphs hold (the topic word they all share weighs nothing), weighted by how few hold
        them; for 为什么 / 具体怎么做, also the words reasons and methods are stated with."""
        texts = [match_key(self.layout.paragraphs[pid]) for pid in paragraphs]
        out = {}
        for w in set(words) - FRAME_WORDS:
            df = sum(w in t for t in texts)
            if 0 < df <= len(texts) / 2:
                out[w] = math.log(len(texts) / df)
        for w in CUES.get(res.kind, ()):
            out.setdefault(w, 0.5)
        return out

    def _anchored(self, pool: list[Candidate], res: Resolution) -> list[Candidate] | None:
        """The candidates about the resolution's anchor: a topic the trainee switched to
        (那消防呢？ must quote on 消防), or the topic a 还有吗 / 为什么 / 具体怎么做 follows up.
        None when a typed topic is nowhere among the candidates."""
        if not res.anchor:
            return pool
        terms = [t for t in self._tokenizer.terms(res.anchor) if t not in ASKING_WORDS]
        known = [t for t in terms if t in self.judge.known_words]
        if res.anchor_given:
            if not known:  # a compound the essays never write (农村干部): its parts
                words = self._tokenizer.words(res.anchor)
                known = [w for w in words if w not in FRAME_WORDS and w in self.judge.known_words]
            if not known:
                return None if terms else pool
            # The rarest word the candidates hold (消防部队: 部队 is rarer, 消防 is there).
            for key in sorted(known, key=self.judge.idf, reverse=True):
                kept = [
                    c
                    for c in pool
                    if key in match_key(c.hit.chunk.context())
                    or key in self.layout.scopes.get(c.hit.chunk.essay_id, "")
                ]
                # the essay titled by it first (举个例子 after 我问的是社区里面: the community
                # essay, not e5's 城镇可以街道和社区为基础…)
                titled = [
                    c
                    for c in kept
                    if key in match_key(self.layout.about_essays[c.hit.chunk.essay_id][0])
                ]
                if kept:
                    return titled or kept
            return None
        # (not a time word: 现在 of 现在群众工作越来越难 is rare in the essays but says nothing
        # of what the passages must be about)
        timely = {
            w.word for w in pos_tagger(self._tokenizer.segmenter).cut(res.anchor) if w.flag == "t"
        }
        specific = [
            t
            for t in known
            if t not in FRAME_WORDS
            and t not in timely
            and self.judge.share_of_passages(t) <= SPECIFIC_SHARE
        ]
        if not specific:
            return pool
        held = [sum(t in match_key(c.hit.chunk.context()) for t in specific) for c in pool]
        # The most of them any candidate not quoted yet holds: once the paragraphs holding all
        # are quoted, those holding fewer are what the essays say more (具体怎么做？ after
        # e1-p7 quoted whole on 增进与群众的感情: e4-p19 on 感情), not "nothing more".
        most = max(
            (n for c, n in zip(pool, held, strict=True)
             if not any(c.overlaps(x) for x in res.exclude)),
            default=0,
        )  # fmt: skip
        # The paragraph right after one the last answer quoted goes on from it, whatever words
        # it uses (保住这样一个干部…威信损伤有多大 after …升迁，更是树立了一种错误导向);
        # not after one quoted long before (记好民情日记 → 还有吗 quoted 学习 that way).
        latest = set(self._latest(res.exclude, 2))
        after = self.layout.following(latest, siblings=False)
        if res.kind == "more":
            # ... and, for 还有吗, the other items of its list: of the list the last answer's
            # first point is an item of (有没有提到人大代表的 → 还有吗: the rest of 高新民's list),
            # or one the topic is not one item's own (用互联网联系群众要注意什么 quoted 一是…运用
            # 互联网… as its third point: 还有吗 gave 二是 on 初信初访)
            first = res.last_quoted[0][0] if res.last_quoted else ""
            after |= {
                p
                for p in self.layout.following(latest) - after
                if first in self.layout.list_run(p) or not self._specific_to(res.topic, [p])
            }
        return [
            c
            for c, n in zip(pool, held, strict=True)
            if (n >= most and n > 0) or c.paragraph_id in after
        ]

    def _with_continuation(self, hits: list[Hit], why: bool = False) -> list[Hit]:
        """``hits`` and, right after the best passage's paragraph, the one going on from it
        in its section (opening with 这 / 此 / 但 / 因此 …), as close as that passage: what
        it goes on to say (这一重申和相关要求透射出高层的忧虑 after 中央再次重点强调…). No
        relevance check: it would drop what asks in other words (docs/calibration.md)."""
        if not hits:
            return hits
        top = hits[0].chunk.paragraph_id
        # (a why: also one that says what follows from it, …党群距离由此拉开 after 人们不愿相信
        # 政府一方的说法: walk 62 quoted the claim alone)
        after = [
            p
            for p in self.layout.following({top}, siblings=False)
            if _LEANS_BACK.match(self.layout.paragraphs[p])
            or (why and _GIVES_CAUSE.search(self.layout.paragraphs[p]))
        ]
        if not after:
            return hits
        nxt = after[0]
        kept = [h for h in hits if h.chunk.paragraph_id != nxt]
        at = max(i for i, h in enumerate(kept) if h.chunk.paragraph_id == top) + 1
        score = hits[0].score
        found = {h.chunk.id: h for h in hits}
        moved = [
            dataclasses.replace(found[c.id], score=max(found[c.id].score, score), followed=True)
            if c.id in found
            else Hit(0, c, score, followed=True)
            for c in self.layout.chunks_of.get(nxt, [])
        ]
        kept[at:at] = moved
        return [dataclasses.replace(h, rank=i) for i, h in enumerate(kept, start=1)]

    def _with_following(self, hits: list[Hit], res: Resolution) -> list[Hit]:
        """``hits`` with the paragraphs right after those quoted in the conversation moved (or
        added) next to them: what goes on from a quote is a candidate whatever its rank."""
        quoted = {pid for pid, _, _ in res.exclude}
        after = self.layout.following(quoted, siblings=res.kind == "more")
        if res.kind in ("detail", "example") and not res.own:
            # 具体怎么做 / 举个例子 after …用农村社区党工委逐步取代村党支部: the paragraph going on
            # with 比如，一些地方… (walk 44: refused), not any paragraph that goes on
            after = {pid for pid in after if self.layout.paragraphs[pid].startswith(_FOR_EXAMPLE)}
        if res.kind == "why" and (specific := self._specific_terms(res.anchor)):
            # 为什么会这样？ after 强拆是怎么回事: where the essay writes 强拆 again with its
            # cause (…强拆强迁种种行为), not the experts' remarks going on from the quote
            holders = {
                h.chunk.paragraph_id
                for h in hits
                if h.chunk.paragraph_id not in quoted
                and any(
                    t in match_key(self.layout.paragraphs.get(h.chunk.paragraph_id, ""))
                    for t in specific
                )
            }
            if holders - after:
                after &= holders
        if not after:
            return hits
        found = {h.chunk.id: h for h in hits}
        kept = [h for h in hits if h.chunk.paragraph_id not in after]
        before = [i for i, h in enumerate(kept) if h.chunk.paragraph_id in quoted]
        at = before[0] + 1 if before else len(kept)
        # As close as the quote they go on from (the answer's paragraph gap measures from it).
        score = kept[before[0]].score if before else 0.0
        moved = [
            found.get(c.id) or Hit(0, c, score, followed=True)
            for pid in sorted(after, key=self.layout.place.__getitem__)  # reading order
            for c in self.layout.chunks_of.get(pid, [])
        ]
        kept[at:at] = [dataclasses.replace(h, score=max(h.score, score)) for h in moved]
        return [dataclasses.replace(h, rank=i) for i, h in enumerate(kept, start=1)]

    def _specific_terms(self, text: str) -> list[str]:
        """The terms of ``text`` few passages hold (强拆 of 强拆是怎么回事)."""
        return [
            t
            for t in self._tokenizer.terms(text)
            if t not in ASKING_WORDS
            and t in self.judge.known_words
            and t not in FRAME_WORDS
            and self.judge.share_of_passages(t) <= SPECIFIC_SHARE
        ]

    def _facts(
        self, pool: list[Scored], query: str, want: Wanted
    ) -> tuple[list[Scored], str, Wanted]:
        """The candidates that give the value a factual question asks for, about its subject;
        the subject, in words, for when none does; and what is asked (who someone the essays
        name is asks for their title)."""
        terms = [t for t in self._tokenizer.terms(query) if t not in ASKING_WORDS]
        if want.kind == "person":  # 合作社谁提出的: 提出 asks who, the sentence need not say it
            terms = [t for t in terms if t not in _SAYING_TERMS]
        known = [t for t in dict.fromkeys(terms) if t in self.judge.known_words]
        # A person the essays introduce is the subject, whole (jieba cuts 高新民 into 高 新民).
        named = frozenset(n for n in self.layout.names if n in match_key(query))
        if named:
            # What is asked about them (出生, 工作) must be in the sentence; a word the essays
            # never use (出生) counts too, since they cannot state it. The name alone would
            # outweigh it: its idf is the rarest.
            name = max(named, key=len)
            known = [t for t in dict.fromkeys(terms) if t not in name] or [name]
            want = about_person(want, query, named)
        subject = name if named else max(known, key=self.judge.idf) if known else ""
        if not subject:
            return [], "", want
        total = sum(self.judge.idf(t) for t in known)
        # Who or where the question asks about (消防员, 农村干部) must be who or where the
        # value is given for: 社区领导干部应坚持每月走访 gives no frequency for 消防员.
        roles = [
            r
            for r in who_or_where(query)
            if r not in ASKING_WORDS and not (named and r in name)  # 哪个单位 asks, names none
        ]
        by_role = not _ASKS_NAME.search(match_key(query))  # 谁说的 (a role will do), not 叫什么名字
        kept = []
        for s in pool:
            c = s.candidate
            text = self.layout.text(c)
            chunk = c.hit.chunk
            # what the sentence stands under: its headings, and the sentence its paragraph opens
            # with (做群众工作还要讲究公开透明。 for 村务、财务每月在公示栏张榜公布)
            paragraph = self.layout.paragraphs[c.paragraph_id]
            lead = paragraph[: sentence_end(paragraph, 0)]
            key = match_key(" ".join([text, chunk.title, *chunk.heading_path, lead]))
            covered = sum(self.judge.idf(t) for t in known if t in key) / total
            if (
                subject in key
                and all(r in key for r in roles)
                and covered >= self.params.fact_coverage
                and (carries(text, want) or self._speaker_of(c, want, named, by_role))
            ):
                kept.append(s)
        return kept, subject, want

    # -- choosing the points --------------------------------------------------------------------

    def _select(
        self,
        pool: list[Scored],
        hits: list[Hit],
        broad: bool,
        verified: Sequence[tuple[Scored, BankEntry]] = (),
        anchored: bool = False,
        continued: Collection[str] = (),
        one_item: bool = False,
    ) -> list[Scored]:
        """The best point (the verified ones first, when a trainer verified this question),
        then others close in score that add something new: not a near-repeat, from the first
        point's paragraph or (one point each) from paragraphs whose passage ranks close to it;
        a broad question prefers other essays. The runner-up paragraph of a close call always
        gives a point (on a follow-up's focus, when ``anchored``), and so do the ``continued``
        paragraphs (going on from the best one) within the gap; a trainer's verified answer
        settles the call. When nothing else is close, the second point is the best other sentence
        of the first point's paragraph (its context), except in an answer a trainer verified:
        that one is what they verified, and nothing else. With ``one_item`` (one
        thing asked), the first paragraph's context is not taken from another item of a list
        inside it."""
        p = self.params
        fused = {}
        for h in hits:
            fused.setdefault(h.chunk.paragraph_id, h.score)
        # measured from the best paragraph that may still give a point (not one the
        # conversation quoted whole: 为什么会这样？ after 强拆是怎么回事)
        open_ = {s.candidate.paragraph_id for s in pool}
        top = max((v for pid, v in fused.items() if pid in open_), default=max(fused.values()))
        chosen = [s for s, _ in verified] or [pool[0]]
        if verified:
            # what a trainer verified is the answer their mark stands over: nothing unjudged
            # under it (a sentence of the verified paragraph had been added, under 培训师已核对)
            return chosen

        def new(s: Scored) -> bool:
            """Says something the chosen points do not (no overlap, no near-repeat), and says
            it alone (not …并做好以下几点： nor …使命感；就会时刻…)."""
            c = s.candidate
            return not self._leans_on_neighbours(c) and not any(
                c.overlaps(x.candidate.span) or float(c.vector @ x.candidate.vector) > p.redundant
                for x in chosen
            )

        for _ in range(p.max_points - 1):
            best, best_score = None, -1e9
            essays = {c.candidate.hit.chunk.essay_id for c in chosen}
            paragraphs = {c.candidate.paragraph_id for c in chosen}
            for s in pool:
                c = s.candidate
                if not s.on_focus or not new(s):  # shares only the topic, or says nothing new
                    continue
                if c.paragraph_id not in paragraphs:
                    if top - fused[c.paragraph_id] > p.paragraph_gap:
                        continue
                elif c.paragraph_id != chosen[0].candidate.paragraph_id:
                    continue  # a further paragraph adds one point; the first one, its context
                elif one_item and self._other_item(c, chosen[0].candidate):
                    continue  # (下访 of 其次是… is no context of 第三是…排查调处机制)
                score = s.score + (
                    p.broad_bonus if broad and c.hit.chunk.essay_id not in essays else 0
                )
                if score > best_score:
                    best, best_score = s, score
            if best is None or best_score < chosen[0].score - p.point_margin:
                break
            chosen.append(best)
        # A close call: the next best paragraph is about as likely to be what was asked, so its
        # best point is shown too (docs/calibration.md); a follow-up's must be on its focus.
        # (What goes on from the best paragraph, added to the search's hits, is no runner-up of
        # the search's: it is weighed as one beside it.)
        first = chosen[0].candidate.paragraph_id
        gone_on = [
            pid for pid in dict.fromkeys(h.chunk.paragraph_id for h in hits) if pid in continued
        ]
        others = [pid for pid in fused if pid != first and pid not in gone_on]
        runner_up = max(others, key=fused.__getitem__, default=None)
        for close in [runner_up, *gone_on] if runner_up is not None else gone_on:
            if (
                not verified
                and len(chosen) < p.max_points
                and top - fused[close] <= p.paragraph_gap
                and all(c.candidate.paragraph_id != close for c in chosen)
            ):
                own = [
                    s
                    for s in pool
                    if s.candidate.paragraph_id == close and (s.on_focus or not anchored) and new(s)
                ]
                chosen += own[:1]
        if len(chosen) < p.min_points and not verified:  # a verified answer is not padded
            first = chosen[0].candidate.paragraph_id
            chosen += [
                s
                for s in pool
                if s.candidate.paragraph_id == first
                and new(s)
                and not (one_item and self._other_item(s.candidate, chosen[0].candidate))
            ][:1]
        return chosen

    def _short_opening(
        self, s: Scored, opening: re.Pattern[str], verified: Sequence[tuple[Scored, BankEntry]]
    ) -> bool:
        """``s`` opens with ``opening``, is at most MAX_HEADING_CHARS long and was not verified
        by a trainer (what they verified is quoted as verified)."""
        return not any(s is v for v, _ in verified) and _opens_short(
            self.layout.text(s.candidate), opening
        )

    def _with_antecedent(
        self,
        chosen: list[Scored],
        exclude: Sequence[Span],
        verified: Sequence[tuple[Scored, BankEntry]] = (),
    ) -> list[Scored]:
        """A short sentence opening with 这 / 此 / 它 (这与社会主流价值理念有很大差距。)
        or 所以 / 因此 (所以，切不可漠然视之。) means nothing without the one before it:
        it is quoted with that one, when that was not quoted already (in this answer or
        before; when it is a point of this answer, the two are one point). What a trainer
        verified is quoted as verified."""
        out = []
        dropped: set[int] = set()  # points quoted with the one after them
        for s in chosen:
            c = s.candidate
            if not self._short_opening(s, _ANAPHOR, verified):
                out.append(s)
                continue
            base = c.hit.chunk.start
            before = [base + a for a, b, _ in self._sentences(c.hit) if base + b <= c.start]
            taken = [*exclude, *(x.candidate.span for x in chosen if x is not s)]
            if before and not any(
                pid == c.paragraph_id and x < c.start and before[-1] < y for pid, x, y in taken
            ):
                s = dataclasses.replace(s, candidate=dataclasses.replace(c, start=before[-1]))
            elif before and (j := _point_opening(chosen, c.paragraph_id, before[-1], c.start)) >= 0:
                # the one before is a point of this answer too: one point, read as written
                s = dataclasses.replace(s, candidate=dataclasses.replace(c, start=before[-1]))
                dropped.add(j)
            out.append(s)
        return [s for i, s in enumerate(out) if i not in dropped]

    def _with_content(
        self,
        picked: list[Scored],
        exclude: Sequence[Span],
        verified: Sequence[tuple[Scored, BankEntry]] = (),
    ) -> list[Scored]:
        """An item heading (二是要尽最大能力解决群众的合理诉求。) says what the next sentence
        says in full: it is quoted with that sentence, or left out when that one was quoted
        before (a bare heading was all that was left of a question asked again). What a trainer
        verified is quoted as they verified it."""
        out: list[Scored] = []
        merged: list[Scored] = []  # points a heading was joined to: not quoted twice
        for s in picked:
            if any(s is m for m in merged):
                continue
            c = s.candidate
            if not self._short_opening(s, _ITEM_HEADING, verified):
                out.append(s)
                continue
            # The end of the sentence after it, in a chunk holding both (chunks overlap by a
            # sentence).
            after = sorted(
                h.chunk.start + b
                for h in self.layout.paragraph_hits(c.paragraph_id, go_on=False)
                for a, b, _ in self._sentences(h)
                if h.chunk.start + a >= c.end and h.chunk.start <= c.start
            )
            if not after:  # nothing follows it in its paragraph: it stands as it is
                out.append(s)
                continue
            end = after[0]
            if _ITEM_HEADING.match(self.layout.paragraphs[c.paragraph_id][c.end : end].strip()):
                out.append(s)  # the next item (第八是…。第九是…。): it has no content but itself
                continue
            if any(pid == c.paragraph_id and x < end and c.end < y for pid, x, y in exclude):
                continue
            # Its content is another point: one point of both, where the heading stands.
            joined = [
                x
                for x in picked
                if x is not s and x.candidate.overlaps((c.paragraph_id, c.end, end))
            ]
            end = max([end, *(x.candidate.end for x in joined)])
            holder = self.layout.holder(c.paragraph_id, c.start, end)
            if holder is None or any(x is v for x in joined for v, _ in verified):
                continue  # no chunk holds both, or it was verified as it is: it says it alone
            merged += joined
            # The chunk holding both, with the ranks its paragraph was found by.
            hit = c.hit if holder == c.hit.chunk else dataclasses.replace(c.hit, chunk=holder)
            out.append(dataclasses.replace(s, candidate=dataclasses.replace(c, hit=hit, end=end)))
        return [s for s in out if not any(s is m for m in merged)]

    def _leans_on_neighbours(self, c: Candidate) -> bool:
        """A stretch that says nothing alone: a sentence announcing what follows it in the next
        paragraph (解决这些问题…就要…并做好以下几点：; not …从品性上着手逐步适应，具体为：), or a
        clause going on from the one before it (…由衷地产生责任感、使命感；就会时刻把群众的安危冷暖
        挂在心上…). A further point is never one; the first may be (it is what was found)."""
        text = self.layout.paragraphs.get(c.paragraph_id, "")
        said = text[c.start : c.end].strip()
        if _ANNOUNCES.search(said.rstrip("”’」』 ")):
            return True
        return text[: c.start].rstrip().endswith(("；", ";", "，", ",")) and bool(
            _GOES_ON.match(said)
        )

    def _faithful(self, s: Scored) -> bool:
        """The final guard: the point reads the same in the essays as loaded and in the index
        it was found in. A damaged index record (a flipped bit) is never quoted."""
        c = s.candidate
        chunk = c.hit.chunk
        essay = self.layout.paragraphs.get(c.paragraph_id)
        indexed = chunk.text[c.start - chunk.start : c.end - chunk.start]
        if essay is None or essay[c.start : c.end] != indexed or not indexed:
            log.error("索引中的 %s 与文章不一致，不引用这一句。请重建索引。", chunk.id)
            return False
        return True

    def _citations(
        self, chosen: list[Scored], verified: dict[int, BankEntry] | None = None
    ) -> list[Citation]:
        """Number the points: paragraphs in order of their best point (so [1] is in the best
        one), grouped by essay; within a paragraph its best point first (what a trainer
        verified first of all, saying so: the answer opens with it), then the others in reading
        order (微观 asked: 从微观层面看… before 两个方面的变化相互交织… that comes before it);
        but the item a paragraph opens with (三是设置民情信箱。…) stays before its content."""
        verified = verified or {}
        rank: dict[str, int] = {}
        essays: dict[str, int] = {}
        opens: dict[str, Scored | None] = {}  # a paragraph's best point, shown first
        for s in chosen:  # chosen is best first
            rank.setdefault(s.candidate.paragraph_id, len(rank))
            essays.setdefault(s.candidate.hit.chunk.essay_id, len(essays))
            # (one that leans on what comes before it, 这… / 因此…, is read after it: None)
            leans = _LEANS_BACK.match(self.layout.text(s.candidate))
            opens.setdefault(s.candidate.paragraph_id, None if leans else s)
        ordered = sorted(
            chosen,
            key=lambda s: (
                essays[s.candidate.hit.chunk.essay_id],
                rank[s.candidate.paragraph_id],
                id(s.candidate) not in verified,
                not (s.candidate.start == 0 and _ITEM_HEADING.match(self.layout.text(s.candidate))),
                (first := opens[s.candidate.paragraph_id]) is not None and first is not s,
                s.candidate.start,
            ),
        )
        out = []
        for n, s in enumerate(ordered, start=1):
            c = s.candidate
            chunk = c.hit.chunk
            passage = self.layout.paragraphs[c.paragraph_id]
            start, end = trim_marks(passage, c.start, c.end)
            out.append(
                Citation(
                    n,
                    chunk.id,
                    chunk.essay_id,
                    chunk.title,
                    chunk.heading,
                    passage[start:end],
                    passage,
                    c.paragraph_id,
                    chunk.paragraph_number,
                    start,
                    end,
                    c.hit.lexical_rank,
                    c.hit.dense_rank,
                    verified=_verified_label(verified[id(c)]) if id(c) in verified else "",
                    bank=c.hit.bank.label if c.hit.bank else "",
                    pages=self.layout.pages.get(c.paragraph_id, ()),
                    followed=c.hit.followed,
                )
            )
        return out

    # -- refusals -------------------------------------------------------------------------------

    def _refuse(
        self,
        q: str,
        res: Resolution,
        hits: list[Hit],
        notice: str,
        why: str = "",
        subject: str = "",
    ) -> Answer:
        """A refusal saying ``why`` (by default: nothing related found), with questions the
        essays can answer: about ``subject`` first, when the essays mention it."""
        if not hits and res.kind not in ("", "topic", "orphan") and res.quoted_by:
            # 举个例子 refused: what to ask next near what the conversation was reading (its
            # last quotes' sections), not the essays' titles
            hits = [h for pid, _, _ in res.last_quoted for h in self.layout.paragraph_hits(pid)[:1]]
        # the answer is above: other questions would only lead away from it
        suggestions = [] if POINTED_BACK in why else self.suggestions(hits, subject=subject)
        asked = (
            m.group("topic") if (m := _SUGGESTED.match(res.understood_as)) else res.understood_as
        )
        text = why or f"{NOTHING_FOUND}「{short(asked)}」直接相关的内容。"
        if suggestions:
            text += SUGGESTIONS_LEAD + "\n".join(f"{i}. {s}" for i, s in enumerate(suggestions, 1))
        suggestions = tuple(suggestions)
        # a topic switched to and refused still names a side of 两者有什么区别？ (both_sides)
        anchor = res.anchor if res.kind == "topic" and res.anchor_given else ""
        return Answer(
            q, res.understood_as, True, text, (), suggestions, notice, res.topic, anchor=anchor
        )

    def suggestions(self, hits: list[Hit], n: int = 3, subject: str = "") -> list[str]:
        """Questions the essays can answer: about ``subject`` (what a refused question asked
        about, which the essays mention), the nearest headings, else the essays' titles."""
        out: list[str] = [_heading_question(subject)] if subject else []
        for h in hits:
            if h.chunk.heading_path:
                q = _heading_question(h.chunk.heading_path[-1])
                if q not in out:
                    out.append(q)
            if len(out) == n:
                return out
        # then the titles of the essays found (only those: others would lead away), or all
        found = [h.chunk.title for h in hits] or [c.title for c in self.retriever.chunks]
        for title in dict.fromkeys(found):
            q = _heading_question(title)
            if q not in out:
                out.append(q)
            if len(out) == n:
                break
        return out


def _asks_like(question: str, want: Wanted) -> bool:
    asked = wanted(question)
    return asked is not None and asked.kind == want.kind


def _verified_label(e: BankEntry) -> str:
    """``培训师 王老师 · 2026-11-29`` / ``题库``: who verified a point, and when."""
    return f"{e.by} · {e.verified_at[:10]}" if e.verified_at else e.by


def _point_opening(points: Sequence[Scored], pid: str, start: int, before: int) -> int:
    """The position among ``points`` of the one opening at ``start`` of paragraph ``pid`` and
    ending by ``before``, or -1."""
    return next(
        (
            j
            for j, x in enumerate(points)
            if x.candidate.paragraph_id == pid
            and x.candidate.start == start
            and x.candidate.end <= before
        ),
        -1,
    )


def _share(weights: dict[str, float], key: str) -> float:
    total = sum(weights.values())
    return sum(v for w, v in weights.items() if w in key) / total if total else 0.0


QUOTED_BEFORE = "前面的回答已经引用过的论述不再重复"
QUOTED_NEXT = "第1条的下文前面的回答已经引用过，不再重复"


# A paragraph going on from the one before: it leans on it (这一重申…, 但一切高科技手段…)
_GIVES_CAUSE = re.compile(r"由此|这是因为|之所以|究其原因|其原因|根源在于")  # (back to it)
_LEANS_BACK = re.compile(
    r"^[“\"]?(?:这(?![里儿])|此(?![外])|但|然而|不过|因此|所以|对此|可见|由此)"
    r"|^[^。！？]{0,60}?这(?:一|些)"
)
# Words of a question asking how many items a list has that name no list (一共有几个方面？)
_GENERIC_COUNTED = frozenset(
    "一共 总共 方面 文章 这篇 那篇 包括 内容 群众 工作 群众工作 列举 提出 原因 理由".split()
)
_ASKS_ON = re.compile(r"(?:呢|又如何|又怎样)[？?！!。 ]*$")  # 那社区呢？: a follow-up's form
# Leaders by name and the title the essays may call them by (only when they write the title and
# not the name)
LEADER_TITLES = {
    "毛泽东": "毛主席",
    "周恩来": "周总理",
    "邓小平": "小平同志",
}
# What opens a clause that goes on from the one before it (…使命感；就会时刻…)
_GOES_ON = re.compile(r"^[“\"]?(?:就|才|便|则|却|从而|进而|因而|也就)")
# 第一个问题再说详细点: a part of the last question, followed up
_PART_ASKED = re.compile(rf"^(?:那|那么)?第(?P<n>[{ORDINAL_DIGITS}]+)个?(?:问题|小问)(?P<rest>.*)$")
SUGGESTIONS_LEAD = "\n您可以试着问：\n"  # before the questions a refusal suggests
NO_KEY_POINT = (
    "前面没有找到可以引用的论述，所以还没有重点可说；请换个说法再问，例如：如何做好社区群众工作？"
)
ORIGINAL_ALL_QUOTED = (
    "{which}引用的段落，原文前面已经全部引用了；点击 [n] 可以看整段原文和它在文章中的位置。"
)
# Words of the essays before 这句话 without quotation marks (关键在领导这句话是谁说的)
_SAYING_UNMARKED = re.compile(
    r"(?:那|请问)?(?P<words>[\u4e00-\u9fff，、]{4,30}?)(?=(?:这|那)句话?)"
)
# An item of a list that names it and no more (第三是建立健全矛盾纠纷排查调处机制。)
_NAMED_ITEM = re.compile(rf"{ENUMERATOR}(?P<item>[^。；;，,]{{2,24}})[。；;]?")
# 列一下 / 都列出来 / 一条一条说: every item of a list asked for, not its first and 还有吗
_LIST_ALL = re.compile(
    r"列一下|列出来|列举一下|一一列|都列|全列|逐条|一条一条|一个一个|分别是(?:什么|哪些|啥)"
)
MAX_LISTED = 9  # the longest list quoted whole at once
# 原文怎么说的？ 原话是什么？ 能给我看看原文吗？: the paragraph the last answer quoted from
_ORIGINAL = re.compile(
    r"(?:那|那么)?(?:能|能不能|可以|请)?(?:给我)?(?:看看|看一下|看|援引|引用|出示|提供)?(?:一下)?"
    r"(?:把)?"  # 把原文全文发给我 (the review of stop 44)
    # 请问这段话的原文是怎样的？ (walk 58: searched); 这个原文是啥 / 请提供上述论述的原文表述
    # (walk 59: searched)
    r"(?:请问)?(?:这段话|这句话|这段|这句|这些话|这个|上述论述|上述内容|以上论述|以上内容|上述)?(?:的)?"
    # 有原话吗 / 有没得原话嘛 (walk 57: searched)
    r"(?:有没有|有没得|有)?"
    r"(?:文章)?(?:原文|原话|原句|全文)(?:表述|全文)?"
    r"(?:(?:及|和|与|以及)(?:其)?(?:出处|来源))?"  # …原文表述及出处 (walk 59)
    r"(?:里|中)?(?:是)?(?:怎么|如何|怎样)?(?:说|写|讲)?(?:的)?"
    r"(?:是什么|是啥|内容)?"
    # 原文全文给我看一下 (walk 61: searched); 原文发我一下, 把原文全文发给我 (review of stop 44)
    # 请把这句话的原文完整地发给我 (walk 62: searched 这句话)
    r"(?:完整地?|完整的|全部|整段|整句)?"
    r"(?:给我看(?:看|一下)?|(?:发|贴|给)(?:给)?我(?:看看|一下)?|贴出来|列出来|发出来)?"
    r"(?:呢|吗|嘛|啊)?[？?。！! ]*"
    # …，我想写到总结里 / 我想抄下来: what the trainee wants them for (not 我想了解…, a question)
    r"(?:[，,]\s*(?:我|我们)(?:想|要|好|准备|打算)"
    r"(?:抄|记|写|引用|对照|放|用|贴|摘|背|截图|转发|发|分享|存)"
    r"[^，,。？?！!]{0,12}[。！!]?"
    # …，以便在报告中规范引用 (walk 59)
    r"|[，,]\s*(?:以便|以便于|便于|好)(?:在|于)?[^，,。？?！!]{0,12}(?:引用|使用|参考|对照)[。！!]?)?"
)
# 第二个能展开说说吗 right after a question of several parts: that part
_PART_BARE = re.compile(rf"^(?:那|那么)?第(?P<n>[{ORDINAL_DIGITS}]+)个(?P<rest>.*)$")
# 矛盾纠纷那部分呢: a part of the last question named by its words
_PART_NAMED = re.compile(
    r"^(?:那|那么)?(?P<what>[^，,？?]{2,12}?)(?:那部分|那一部分|那个问题|的部分|那块)(?P<rest>.*)$"
)
# …也是原因吗？ (not a request: 能给我列一下吗？, 可以说说吗？ — walk 55 cut a list asked for)
_YES_NO = re.compile(
    r"(?<!列一下)(?<!列出来)(?<!说说)(?<!讲讲)(?<!说一下)(?<!讲一下)(?<!介绍一下)(?<!列举一下)吗[？?！!。]*$"
)
# (是不是越来越难了？ 真的越来越难了？ ask whether too)
_WHETHER = re.compile(rf"{_YES_NO.pattern}|是不是|是否|会不会|能不能|可不可以|对不对|真的")
# 张希贤是干啥的？: what someone named does (who they are)
_WHAT_THEY_DO = re.compile(
    # (你说的那个张希贤是哪里的？ walk 60: two of his sayings quoted)
    r"^(?:那)?(?:(?:你|您)?(?:刚才|刚刚|前面|上面)?(?:说|提|讲)的)?(?:那个|这个|那位|这位)?"
    r"(?P<who>[^，,。？?！!\s]{2,4}?)"
    r"(?:(?:是)?(?:干啥|干什么|做什么|做啥|搞什么|搞啥)(?:工作)?的|是哪里的|是哪儿的|是哪个单位的"
    r"|在哪(?:里|儿|个单位)?(?:工作|上班)?)"
    r"(?:呀|啊|呢)?[？?。！!]*$"
)
# 咳，扯远了。回到正题，…: a digression closed, what follows asks on the conversation
_DIGRESSION = re.compile(
    r"^(?:咳|嗯|哦|唉|好)?[，,]?\s*(?:扯远了|说远了|跑题了|跑偏了|题外话(?:不说了)?)[。，,！!…\s]*"
    r"(?:(?:回到|说回|言归)(?:正题|主题|正传)[。，,！!\s]*)?"
)
# 回到刚才那个问题，…: the topic before the last one
_BACK_TO = re.compile(
    r"^(?:我们)?(?:再)?(?:回到|说回|再说回)(?:刚才|前面|之前|上面|上一个|前一个|刚刚)"
    r"(?:说的|讲的|问的|的|那个|那)?"
    # 回到刚才民警态度那事，… / 回到刚才缠访那个，…: the earlier topic named (walk 46)
    r"(?:(?P<named>[^，,。？?！!：:\s]{2,12}?)"
    r"(?:那件事|那个事|那事|那个问题|那个话题|那个|那块|的问题|的事)?(?:上)?(?:吧)?(?=[，,：:]))?"
    r"(?P<asked>问题|话题)?(?:上)?(?:吧)?(?P<end>[，,：:。！!\s]+|$)"
)
_POINTS_BACK = re.compile(r"^(?:这|那|它|他|她)")
_THAT_ONE = re.compile(r"^(?:那个|这个|那|这|个|件)|(?:那个|这个|吧)$")  # around a topic named
# 我说的是社区那篇 / 我问的是消防 / 不是，我是说…: the last question, of something else
# (我是想问 / 我是指 alone open ordinary questions, 我是指导员: a correction only after 不是 …;
# 我是问社区的 corrects on its own, 我是说服… does not)
_NOT_THAT = (
    r"(?:我?不是(?:问|说|指)?(?:这个意思|这个|那个|这样|的)?(?:问题)?|不对|错了"
    # 我不是问接待日，我问的是信访终结… (walk 40: 我不是问接待日 was kept in what was asked)
    r"|我?不是(?:问|说|指|想问)[^，,。？?！!\s]{1,15})[，,。\s]*"
)
# (each in a row: 不对，我不是问法律，是问… and 不对 我问的是…, walk 41)
_CORRECTION = re.compile(
    rf"(?:(?:{_NOT_THAT})+我?(?:其实)?(?:是说|是问|是想问|是想说|是指|想问)(?:的是)?(?:一下)?"
    rf"|(?:{_NOT_THAT})*"
    r"我(?:其实)?(?:说的是|问的是|指的是|想问的是|的意思是|是说(?![服明])|是问(?![责题])))"
    r"(?P<what>[^，,。？?！!]{2,40}?)(?:啊|呀|吧)?"
    # ... and what it was not, after it (不对，我问的是网络舆情，不是执法: walk 42)
    r"(?:[，,]\s*(?:而)?不是(?:问|说)?[^，,。？?！!]{1,15})?[。！!？?]?"
)
# What an example is given with (比如…, 一些地方探索…, 华北某县…)
_FOR_EXAMPLE = ("比如", "例如", "譬如", "比方说")  # a paragraph of examples of the one before
_EXAMPLE_MARK = re.compile(
    r"比如|例如|譬如|诸如|一些地方探索|某[地县市村镇乡区]|曾经|案例|为例"
    # …，如对群众冷漠，方式简单粗暴，只对上负责不对下负责等 (walk 60: said to give none)
    r"|(?:^|[，,：:])如(?![果何今此同实期若下上前是])[^。；！？]{4,60}?等(?=[。；，,”]|$)"
)
_ASKS_NAME = re.compile(r"名字|姓名|叫什么|叫啥")
# 那 opening a question that stands on its own (那高新民讲过什么专题？), not 那些 / 那里 …
_LEADING_THEN = re.compile(LEADING_THEN.pattern + r"(?=.{4})")  # (before a word of its own)


def _no_more_text(res: Resolution) -> str:
    topic = short(res.topic or res.understood_as)
    return f"关于「{topic}」，文章中没有更多论述了（前面引用过的不再重复）。"


def _fact_text(understood_as: str, subject: str, want: Wanted) -> str:
    head = f"文章中没有找到「{short(understood_as)}」的答案"
    if subject:
        return f"{head}：文章提到了「{subject}」，但没有给出{want.label}。"
    return f"{head}。"


# An item of a list whose heading is a sentence of its own (二是要尽最大能力解决群众的合理诉求。,
# 与此同时，创新基层党的领导体制。): at most this long, it is quoted with the sentence after it.
_ITEM_HEADING = re.compile(rf"^[“\"]?(?:{ENUMERATOR}|与此同时|同时|此外|另外)")
MAX_HEADING_CHARS = 30
# What a short sentence opens with that leans on the one before: a pronoun (这与社会主流价值理念有
# 很大差距。), or a conclusion whose reason that one gives (所以，切不可漠然视之。)
_ANAPHOR = re.compile(
    r"^[“\"]?(这(?![里儿些年])|此(?![外次前后])|它|这些|所以|因此|因而|可见|由此可见|故而)"
)


def _opens_short(text: str, opening: re.Pattern[str]) -> bool:
    """``text`` opens with ``opening`` and is at most ``MAX_HEADING_CHARS`` long: an item's
    heading (二是要尽最大能力解决群众的合理诉求。), quoted with the sentence after it."""
    return bool(opening.match(text)) and len(text.strip("。；… ")) <= MAX_HEADING_CHARS


_ASKING_END = re.compile(r"[？?][”’」』\s]*$")


def _heading_question(heading: str) -> str:
    topic = NUMBERED_HEADING.sub("", heading).split("——")[0].strip("，。 ")
    return f"文章中关于「{topic}」是怎么说的？"


ANSWER_FAILED = "这个问题没能回答（程序出错，已记入日志）。请换个说法再问，或点“开始新对话”。"
ONLY_CHINESE = "目前只能回答中文问题（文章都是中文），请用中文提问，例如：如何做好社区群众工作？"
_HAN_CHAR = re.compile(f"[{HAN}]")
PARTS_LEAD = "您的问题包含"  # how an answer to a question of several parts begins
BOTH_UNKNOWN = (
    "「两者」指的是哪两个？请说出要比较的两个方面再问，"
    "例如：社区干部和消防官兵做群众工作有什么区别？"
)
_BARE_NUMBER = re.compile(rf"\s*(?P<n>[1-9]\d?|[{CN_NUMERALS}])\s*[。.、？?]?\s*")
BARE_NUMBER = "「{q}」是指什么？要追问前面回答的某一点，请说「第{n}点」；或者请提出完整的问题。"
BARE_NUMBER_ALONE = "「{q}」是指什么？请提出完整的问题，例如：如何做好社区群众工作？"
# 第三部分讲了什么？ 第二部分呢？: a top-level section of the essay being discussed.
_SECTION = re.compile(
    rf"^(?:那|那么)?(?:这篇|它|第(?P<e>[一二两12])篇)?(?:文章)?(?:的)?第(?P<n>[{CN_NUMERALS}]|\d)(?:部分|节|章)"
    r"(?:具体|主要|都|又)?(?:讲|说|写|是|谈)?(?:了|的)?(?:什么|啥|哪些|些什么)?(?:内容)?(?:呢|吗)?[？?。]?$"
)


# 哪个最重要？ 哪个更难？: asks the essays to rank.
_RANKING = re.compile(
    r"(?P<which>哪个|哪一个|哪种|哪一种|哪项|哪一项|哪条|哪一条|哪点|哪方面|谁)(?P<deg>更|最|比较)"
    r"(?P<adj>重要|关键|要紧|紧迫|迫切|难|好|有效|根本|突出|核心|基础|主要|严重|有用|管用)"
)
_FIRST_RANK = r"首要|第一位|第一标准|(关键|根本|核心)(就?是|在于|在|作为)|头等大事"


def _ranks(quote: str, adj: str) -> bool:
    """``quote`` ranks something by ``adj`` (最重要 / 更难 / 首要 …)."""
    core = adj[:2] if adj.startswith("重要") else adj[:1]
    said = re.search(rf"(最|更|尤其|尤为|格外|首先)[^，。；]{{0,2}}{re.escape(core)}", quote)
    return bool(said) or (adj.startswith("重要") and bool(re.search(_FIRST_RANK, quote)))


# Words that report or connect, not say: 认为, 反映, 来看 … (a sentence saying only what was
# asked, with these, says nothing new)
_REPORTING = frozenset(
    "认为 反映 普遍 指出 表示 看来 分析 强调 发现 来看 然而 但是 因此 所以".split()
)
ECHO_COVERAGE = 0.3  # (idf-weighted) of the question's words a sentence saying it again holds
ECHO_NEW = 1  # words of its own a sentence saying what was asked again has, at most
NOTHING_FOUND = "文章中没有找到与"  # how the refusal that found nothing related begins
COMPARED_LEAD = "文章没有直接比较"  # how a comparison answered side by side begins
_PART_HEAD = re.compile(rf"^[{CN_NUMERALS}]、(?P<part>.+)$")
_POINT_REF = re.compile(r"\[(?P<n>\d+)\]$")


def cited_parts(text: str) -> dict[int, str]:
    """Point number → the part it answers, in the text of an answer to a question of several
    parts (``一、社区干部应该学习什么？`` … ``1. “…”[1]``) or to a comparison answered side by
    side (``一、消防官兵做群众工作``); empty for any other answer. A part
    shown shortened (…) is left out: it is not the question as asked."""
    out: dict[int, str] = {}
    if not text.startswith((PARTS_LEAD, COMPARED_LEAD)):  # several parts, or two sides
        return out
    part = ""
    for line in text.split("\n"):
        if m := _PART_HEAD.match(line):
            part = m.group("part") if "…" not in m.group("part") else ""
        elif part and (m := _POINT_REF.search(line)):
            out[int(m.group("n"))] = part
    return out


# …，文章里提到热线没有？: whether the essays mention something, after the trainee's situation
_ESSAYS_MENTION = (
    r"(?:文章|文中|原文|材料)(?:里|中|里面)?(?:有没有|有)?(?:提到|讲到|说到|写到|谈到|涉及)"
)
_MENTIONED = re.compile(
    rf"[，,。；;！!]\s*(?:那)?(?:{_ESSAYS_MENTION}(?:过|了)?"
    # 文章里有没有说团结的 / 有没有讲要耐心 (walk 54: the frame's words were searched)
    r"|(?:文章|文中|原文|材料)(?:里|中|里面)?有没有(?:说|讲|提|谈|写)(?:过)?)"
    r"(?P<x>[^，,。？?！!]{2,12}?)(?:的)?(?:吗|么|没有|没|了吗)?[？?。！! 呢]*$"
)
# … X这块文章里有提到吗: the same, X named before
_NAMED_MENTIONED = re.compile(
    r"(?:^|[，,。；;！!])\s*(?P<x>[^，,。？?！!]{2,12}?)(?:这块|这一块|这方面|方面)?[，, ]?"
    rf"{_ESSAYS_MENTION}(?:过)?(?:吗|么|没有|没)?[？?。！! 呢]*$"
)
# ... a thing named, not a question (哪些表现, 了哪些办法: the whole is searched then)
_NOT_A_THING = re.compile(r"哪|什么|啥|怎么|怎样|如何|多少|几|^[了过]")
# 会有啥后果？ 会造成什么影响？: what something leads to
_CONSEQUENCE = re.compile(
    r"后果|会怎样|会怎么样|什么影响|啥影响|造成什么|导致什么|带来什么|什么危害|啥危害|什么结果"
)
# A judgement asked of something (文章怎么评价这种做法？), and the essay's comment on what a
# sentence before it says (这与社会主流价值理念有很大差距。)
_JUDGED = re.compile(r"评价|看待|怎么看|如何看|怎样看|是否妥当|对不对|合不合适")
# How to handle people who resist the work (征兵家访，家长不乐意娃去当兵，咋做工作): a how, a
# resistance, and the public the work serves or the work done among them. No out-of-corpus
# question of the two sets is one; the walks' twenty that are are all answered by the essays'
# guidance on handling people (docs/calibration.md, "Situations of resistance"). A customer's,
# a pupil's or a family's complaint is none (顾客嫌菜难吃怎么办: the review of stop 41).
_HOW_TO_HANDLE = re.compile(
    r"怎么办|咋办|咋个办|咋整|咋个整|怎么整|咋弄|怎么弄|咋做|怎么做|怎么处理|如何处理|咋处理"
    r"|怎么应对|如何应对|怎么回应|如何回应|咋回应|如何是好|怎么搞|咋搞"
    # 那个骂我的群众下次再来，我还要对他客气吗？ (walk 61: refused): how to treat them, asked yes
    # or no
    r"|(?:还要|还得|还该|要不要|该不该|还用)[^，。？]{0,4}(?:客客?气气?|热情|耐心|搭理|理他|理她|笑脸)"
)
_RESISTS = re.compile(
    r"不配合|不乐意|不愿|不肯|不让|不听|被拒|拒绝|闹|堵|骂|吵|嫌|反对|抵触|不理解|不支持|有意见|不满"
    r"|(?:都|也|还|就是|总是?)不改|屡教不改|屡劝不改|过不去|作对"
    r"|不开门|闭门羹|找茬|缠|围堵|围攻|围着|投诉|上访|不买账|不接受|不同意|顶牛|对着干"
    r"|不服|顶嘴|不理睬|不理会|刁难|耍赖|撒泼|难缠|怼|劝不动"
    r"|拒交|拒缴|拒不|不交(?![心流往际])|不缴|抗拒|犟"  # (业主拒交物业费怎么办: walk 57 refused it)
)
# ... the public: 群众 and the people of a place or a household; the work among them
_AMONG_THE_PUBLIC = re.compile(
    r"群众|老百姓|百姓|居民|村民|乡亲|农户|[烟渔果菜牧茶棉瓜]农|农民|渔民|牧民|养殖户|种植户|贫困户"
    r"|五保户|拆迁户|上访户|困难户|当事人|矫正对象|服务对象|信访人"
    r"|业主|市民|老乡|参保人|退役军人|老兵|钉子户"
    r"|入户|上门|家访|走访|执法|普查|征兵|征地|拆迁|搬迁|安置|收购|帮扶|调解|信访|窗口|办事"
    # 村里老人家里电线乱拉劝了好几次都不改 (walk 59: refused): persuading them is the work
    r"|劝导|劝说|劝了|劝过|商户"
)
# ... where the work is done, for the refusal of questions none of whose words the essays write
_AT_WORK = re.compile(
    rf"{_AMONG_THE_PUBLIC.pattern}|站里|所里|村里|社区|乡镇|街道|单位|工作|服务|检查|乘客|旅客"
)


# People named by their trade (收费员, 司机, 快递小哥) and one's own team or place named before
# 这个 (收费班组这个团队): the trainee's instance of what the essays discuss in general
_PEOPLE_BY_TRADE = re.compile(
    r"[\u4e00-\u9fff]{1,4}?(?:员|工|司机|师傅|乘客|旅客|顾客|客户|车主|小哥)"
    r"(?=[对和跟与给的都总老常在们，,]|$)"
)
# ... asked about: serving them, dealing with them, leading them (not their pay or their skills)
_WORK_WITH = re.compile(
    r"服务|态度|沟通|关系|打交道|矛盾|纠纷|投诉|吵|闹|不配合|带|管理|团结|信任|交流|相处|尊重"
)
# (a team of the trainee's: 收费班组, 我们村 — not 足球 of 足球这支队伍)
_INSTANCE_THIS = re.compile(
    r"^(?P<x>[\u4e00-\u9fff]{1,8}?(?:班组|班子|小组|中队|大队|站|所|科|股|室|窗口|网格|村|组|社区"
    r"|街道|乡镇|镇|乡|支部|科室|单位|部门))"
    r"(?:这个|这种|这支|这帮|这群)(?=[\u4e00-\u9fff]{2})"
)


def _resisted_at_work(text: str) -> bool:
    """``text`` asks how to handle the public resisting the work: a how, a resistance, and
    the public or the work among them (矫正对象不服管 老是顶嘴 怎么弄: walk 56)."""
    return all(p.search(text) for p in (_HOW_TO_HANDLE, _RESISTS, _AMONG_THE_PUBLIC)) and not (
        _PRIVATE_LIFE.search(text)
    )


# The trainee's own household: a private matter, not the work (楼上住户投诉我家猫叫怎么办)
_PRIVATE_LIFE = re.compile(
    r"我家|我们家|俺家|咱家|我(?:孩子|爸|妈|对象)"
    # (老公抽烟劝了都不改 / 媳妇总跟我作对: family named without 我; 我是房东, 租户拖欠房租: the
    # trainee's own affairs — the review of stop 44)
    r"|(?<![民众户姓工员的])(?:老公|老婆|媳妇|丈夫|妻子|儿子|女儿|爸爸|妈妈|公公|婆婆|岳父|岳母"
    r"|男朋友|女朋友)|房东|房租"
)


# ... answered when its best cosine is at least this (the walks' such questions: 0.861–0.885;
# the judge's threshold of dense plus coverage is 0.889, and these share no word with the essays)
CASE_DENSE = 0.85
MIN_GENERAL_CHARS = 4  # a question without its instances asks something only when this long
# What something is for, asked (联席会议干嘛用的？) and said (…发挥…作用, 目的是…, 为了…)
_PURPOSE_ASKED = re.compile(r"干嘛用|干啥用|做什么用|有啥用|有什么用|什么作用|啥作用|用处|目的是")
_PURPOSE_SAID = re.compile(r"作用|目的|为了|以便|用于|用来")
_COMMENT = re.compile(r"^[“”\s]*这(?:与|是|种|样|些|就|不|也|既|无疑|显然|实际上)")
# ... said by a sentence: 让…产生反感, 导致…, 造成…, 破坏了…
_LEADS_TO = re.compile(r"导致|造成|致使|以致|使得|引起|引发|让[^，。；]{1,12}产生")
# …，文章里怎么看待这种情况？: what the essays make of the situation described before
_VIEW_OF_THIS = re.compile(
    r"[，,。；;！!]\s*(?:那)?(?:文章|文中|原文|材料)(?:里|中|里面)?(?:是|对此)?(?:怎么|如何|怎样|咋)"
    r"(?:看待|看|说|讲|评价|分析|解释|理解)(?:这种|这个|这类|这些|这样的|这)"
    r"(?:情况|问题|现象|事|事情|状况)?(?:的)?[？?。！! 呢]*$"
)
# … 这种情况 / 这个问题 / 这事: what the trainee just described
_THIS_CASE = re.compile(
    r"(?:(?:这|那|此)(?:种|个|类|些|样的?|件|一点|方面|块)?|类似的?|相似的?|同样的?)"
    r"(?:情况|问题|事|事情|现象|做法|情形|状况)?(?:的)?"
)
# 我是12345热线的接线员，… / 乡镇财政所的，…: who the trainee is or where they work, before the
# question (walks 48, 51: refused for those words); a unit's name and 的, nothing asked in it
# (not 小区停车位不够怎么办，…)
_INTRODUCTION = re.compile(
    r"^(?:(?:我|本人|我们)(?:是|在)[^，,。？?！!]{1,20}"
    r"|(?:(?!怎么|什么|如何|哪)[^，,。？?！!]){1,12}?"
    r"(?:所|站|局|办|委|院|队|中心|科|股|部|室|厅|工会|公司|单位)的)[，,。！!]\s*(?=\S{4})"
)
# 民主决策是第几条？ / 信访终结公示制度排第几项: where an item stands in a list
# 这是第几条？ / 这个排第几: of the last answer's first quote
_THIS_POSITION = re.compile(
    r"^(?:那)?(?:这|那|它)(?:个|条|项|一条|一项|点|句|句话)?(?:是|排|算|排在|属于)?(?:文章|文中|里面|里)?"
    r"(?:的)?第几(?:条|项|个|点|位)(?:呢|啊|吗)?[？?。！!]*$"
)
_ITEM_POSITION = re.compile(
    r"^(?:那)?(?P<x>[^，,。？?]{2,16}?)(?:是|排|算|排在|属于)(?:文章|文中|里面|里)?(?:的)?"
    r"第几(?:条|项|个|点|位)(?:呢|啊|吗)?[？?。！!]*$"
)
# How a question asks who said something (谁提出的, 谁的建议): its verbs are no subject
# (jieba cuts 提的 into 提 的 and keeps 说过 whole)
_SAYING_TERMS = frozenset(SAYING_VERBS) | {"提", "说过", "讲过", "提过"}
# 还有别的办法吗: other ways than the one the conversation is on
_OTHER_WAYS = re.compile(r"(?:别的|其他|其它|另外)的?(?:办法|方法|做法|措施|途径|招|路子|法子)")

# A suggestion as asked (文章中关于「大党委制」是怎么说的？): its topic is what it names.
_SUGGESTED = re.compile(r"^文章中关于「(?P<topic>[^「」]+)」是怎么说的[？?]?$")


def render_answer(topic: str, citations: Sequence[Citation], more: bool = False) -> str:
    """The answer text: a lead line, then numbered verbatim quotes grouped by essay."""
    if m := _SUGGESTED.match(topic.strip()):
        topic = m.group("topic")
    lines = [f"关于「{short(topic)}」，文章中{'还' if more else ''}有以下论述："]
    essay = None
    for c in citations:
        if c.essay_id != essay:
            essay = c.essay_id
            lines += ["", f"《{c.title}》"]
        lines.append(c.point)
    return "\n".join(lines)


def _as_switched(typed: str, anchor: str) -> str:
    """The topic a turn switched to as typed (城里的拆迁 of 那城里的拆迁呢, whose 城里 alone went
    into the last question), when it holds the anchor the question was given; else the anchor."""
    whole = switched_topic(typed)
    return whole if anchor and anchor in whole else anchor


# Words, then who said them (“只对上负责不对下负责”这个是谁说的？): looked up where written,
# quoted, or unquoted when this long (民情日记是谁提出的？ asks for a name, none is given)
MIN_SAID_CHARS = 6
_SAID_BY = re.compile(
    r"^(?:[“\"「](?P<quoted>[^“”\"「」]{4,40})[”\"」]|(?P<said>[^“”\"「」？?，,。]{4,40}?))"
    r"(?:这个|这句话|这句|这话|这个说法|这种说法|这个观点|这一说法)?(?:是|又是|出自)?谁"
    r"(?:说|讲|提|提出|写)(?:过)?的?(?:呢|啊)?[？?。]?$"
)
# Words someone said, then who said them: 有人说…，这话是谁讲的？ (read as “…”这话是谁说的？)
_SAID_WHO = re.compile(
    r"^(?:有人|有的人|有些人|人家|别人|听人|听说|据说|常听人)(?:说|讲|讲过|说过|常说)?[：:，,]?\s*"
    r"[“\"「]?(?P<said>[^“”\"「」，,。？?]{6,60}?)[”\"」]?[，,。！!]\s*"
    r"(?:这话|这句话|这句|这个说法|这种说法|这个观点|这)(?:是|又是|出自)?谁(?:说|讲|提|提出|写)的[？?。]?$"
)


# A case put as a follow-up: 那如果群众还是不配合呢？ 他的诉求要是不合理呢？ (not 那如果是社区呢？,
# a topic switched to)
_WHAT_IF = re.compile(
    r"^(?:那么|那)?(?P<who>[^，,。？?]{0,10}?)(?P<if>要是|如果|万一|假如|假设)"
    r"(?P<then>(?!是)[^，,。？?]{2,16}?)(?:的话)?呢[？?。]?$"
)
