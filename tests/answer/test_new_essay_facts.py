"""Factual questions on an essay a trainer added: the value is found where the essay gives it.

The desk walk of 2026-12-01 added an essay on a village (板凳会 每月初十晚上, 村务 每月公布) and
found its facts refused (村务多久公开一次？ said no frequency is given; 板凳会什么时候开？ no
date) or pointed to the wrong quote."""

from __future__ import annotations

import shutil

import pytest

from rag.core.settings import PROJECT_ROOT

VILLAGE = """在村里做好群众工作的几点体会

驻村以来，我们体会到，村里的群众工作首先要把群众当亲人。村干部要经常走进农户家中，坐在炕头上拉家常，听群众说心里话，把群众的急难愁盼记在本子上、放在心坎上。

我们在村里推行了“板凳会”制度。每月初十晚上，村两委干部把板凳搬到村口的大槐树下，和村民面对面商量村里的大事小情。修路、分配低保、选择种植项目，都先在板凳会上听取群众意见，再提交村民代表大会表决。

做群众工作还要讲究公开透明。村务、财务每月在公示栏张榜公布，群众有疑问的，由村监委会当场答复。这样做以后，村里的上访少了，干群关系明显改善。

总之，村干部只有真心实意为群众办实事、解难事，群众才会信任我们、支持我们，村里的各项工作才能顺利推进。
"""


@pytest.fixture(scope="module")
def village(built, tmp_path_factory):
    """An Answerer over the committed essays and the village essay, added as trainers add one."""
    from rag.answer.service import Service
    from rag.library.library import Library

    root = tmp_path_factory.mktemp("village")
    shutil.copytree(PROJECT_ROOT / "corpus" / "essays", root / "corpus" / "essays")
    shutil.copytree(built.index_dir, root / "index")
    settings = built.replace(corpus_dir=root / "corpus", index_dir=root / "index")
    Library(settings).add(VILLAGE.encode(), "village.txt")
    service = Service(settings)
    assert service.refresh(force=True) or service.problem == ""
    return service.answerer


def _talk(answerer, questions):
    history, answers = [], []
    for q in questions:
        answers.append(a := answerer.ask(q, list(history)))
        history.append(a.turn())
    return answers


def test_a_frequency_given_under_a_paragraph_lead_on_the_subject_is_found(village):
    """村务、财务每月…公布 says 公布, not 公开: its paragraph opens 做群众工作还要讲究公开透明。"""
    told = village.ask("村务多久公开一次？")
    assert not told.abstained
    assert "每月在公示栏张榜公布" in told.citations[0].quote


def test_when_a_meeting_is_held_is_answered_by_the_time_it_recurs_at(village):
    told = village.ask("板凳会什么时候开？")
    assert not told.abstained
    assert told.citations[0].quote.startswith("每月初十晚上")


def test_a_fact_quoted_before_is_pointed_to_where_it_is_given(village):
    """板凳会多久开一次？ after a quote of when it is held pointed to the sentence before it
    (“我们在村里推行了“板凳会”制度。”), not to the one giving the value."""
    first, again = _talk(village, ["板凳会是什么时候开？", "板凳会多久开一次？"])
    assert any(c.quote.startswith("每月初十晚上") for c in first.citations)
    assert again.pointed and not again.citations  # not quoted again: pointed to
    assert "“每月初十晚上" in again.text
