"""The evaluation judge, and quality floors on the dev set (a regression fails CI)."""

from __future__ import annotations

from rag.chunking import Chunk
from rag.evaluate import Judge, Question, evaluate, load_questions


def _chunk(pid: str, start: int, end: int) -> Chunk:
    return Chunk(f"{pid}-c1", "e1", "t", (), pid, 1, start, end, "x" * (end - start))


def test_judge_needs_the_gold_paragraph_and_overlap_with_gold_text():
    judge = Judge({"e1-p1": "甲乙丙丁戊己庚辛壬癸", "e1-p2": "子丑寅卯"})
    q = Question("q", "?", "paraphrase", ("e1-p1",), ("庚辛",))
    spans = judge.spans(q)
    assert spans == {"e1-p1": [(6, 8)]}
    assert judge.relevant(q, _chunk("e1-p1", 5, 10), spans)
    assert not judge.relevant(q, _chunk("e1-p1", 0, 6), spans)  # right paragraph, wrong part
    assert not judge.relevant(q, _chunk("e1-p2", 0, 4), spans)
    whole = Question("q", "?", "multi", ("e1-p2",), ())
    assert judge.relevant(whole, _chunk("e1-p2", 0, 2), judge.spans(whole))


def test_dev_set_is_well_formed():
    qs = load_questions()
    assert len(qs) >= 60 and len({q.id for q in qs}) == len(qs)
    kinds = {q.kind for q in qs}
    assert {"paraphrase", "colloquial", "traditional", "multi", "unanswerable"} <= kinds
    assert sum(not q.answerable for q in qs) >= 10


# Measured 2026-11-26 with the defaults (hybrid 0.750 / 0.880 / 0.807); floors leave a margin of
# about two questions so that noise does not fail CI but a real regression does.
FLOORS = {"hit@1": 0.72, "hit@5": 0.86, "mrr@10": 0.78}


def test_hybrid_retrieval_quality_floors(retriever):
    reports = evaluate(retriever, load_questions())
    hybrid = reports["hybrid"].summary()
    for metric, floor in FLOORS.items():
        assert hybrid[metric] >= floor, (metric, hybrid)
    # Fusion must not be worse than either retriever alone at rank 1.
    assert hybrid["hit@1"] >= max(reports["lexical"].hit1, reports["dense"].hit1)
