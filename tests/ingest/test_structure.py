"""Rejoining broken paragraphs and finding headings."""

from __future__ import annotations

from rag.ingest.structure import Block, merge_broken, outline


def _b(text: str, n: int = 1) -> Block:
    return Block(text, (n,))


def test_a_paragraph_cut_mid_sentence_is_rejoined():
    first = "群众对知情权的要求越来越强烈，对公平正义的要求越来越高，而目前存在着部分职能部门思维单"
    first = first * 2
    blocks, repairs = merge_broken(
        [_b(first, 20), _b("一、工作面窄，有些干部不愿做群众工作。", 22)]
    )
    assert len(blocks) == 1
    assert "思维单一、工作面窄" in blocks[0].text
    assert blocks[0].lines == (20, 22)
    assert repairs[0].kind == "merge"


def test_short_lines_without_final_punctuation_are_not_merged():
    blocks, _ = merge_broken([_b("群众工作越来越难"), _b("群众工作是传统优势。")])
    assert len(blocks) == 2


def test_headings_and_levels_of_a_scraped_page():
    blocks = outline(
        [
            _b("一、摆正位置，拉近与群众之间的距离"),
            _b("“为官之要，先存百姓”。群众在我们心里的分量有多重，我们在群众心里的分量就有多重。"),
            _b("首先要摆正位置，拉近与群众之间的距离。"),
            _b("（1）树立大局意识，讲原则。所谓“大局意识”，就是小局服从大局。"),
            _b("背后是利益问题"),
            _b("最后一段没有句号"),
        ],
        scraped=True,
    )
    got = [(b.level, b.text) for b in blocks]
    assert got == [
        (2, "一、摆正位置，拉近与群众之间的距离"),
        (0, "“为官之要，先存百姓”。群众在我们心里的分量有多重，我们在群众心里的分量就有多重。"),
        (2, "首先要摆正位置，拉近与群众之间的距离"),
        (3, "（1）树立大局意识，讲原则"),
        (0, "所谓“大局意识”，就是小局服从大局。"),
        (2, "背后是利益问题"),
        (0, "最后一段没有句号"),
    ]


def test_enumerated_long_sentences_stay_paragraphs():
    text = "一是要适应新形势新特点，不断改进群众工作方法。做群众工作要注重以理服人。"
    assert outline([_b(text), _b("结尾。")])[0].level == 0


OPENED = [  # paragraphs whose first sentence is short and led by an ordinal
    "网格员是联系群众的最末梢。做好网格内的群众工作，首先要做到底数清、情况明。",
    "其次要建立网格议事会制度。网格议事会每月召开一次，由网格员召集。",
    "最后要做到件件有回音。群众反映的问题，网格员要在二十四小时内回应。",
    "第二，要把问题解决在网格里！小事不出网格，大事不出社区。",
]


def test_a_sentence_opening_a_paragraph_is_never_cut_off_as_a_heading():
    for scraped in (False, True):
        blocks = outline([_b(t, n) for n, t in enumerate(OPENED, 1)], scraped=scraped)
        assert [(b.level, b.text) for b in blocks] == [(0, t) for t in OPENED]


def test_a_heading_of_written_text_is_a_line_of_its_own_kept_as_written():
    blocks = outline(
        [
            _b("一、摆正位置，拉近与群众之间的距离"),
            _b("网格员每周至少入户走访两次。"),
            _b("其次要建立网格议事会制度。"),
            _b("网格议事会每月召开一次。"),
            _b("（1）树立大局意识，讲原则。所谓“大局意识”，就是小局服从大局。"),
            _b("结尾。"),
        ]
    )
    assert [(b.level, b.text) for b in blocks] == [
        (2, "一、摆正位置，拉近与群众之间的距离"),
        (0, "网格员每周至少入户走访两次。"),
        (2, "其次要建立网格议事会制度。"),  # its 。 kept
        (0, "网格议事会每月召开一次。"),
        (0, "（1）树立大局意识，讲原则。所谓“大局意识”，就是小局服从大局。"),  # not split
        (0, "结尾。"),
    ]
