"""Byte-shift repair on runs taken from the seed page, checked character for character."""

from __future__ import annotations

import pytest

from rag.ingest.mojibake import LOST, char_bytes, decode_pair, repair_runs
from rag.ingest.plausibility import Scorer


@pytest.fixture(scope="module")
def scorer(raw_lines: list[str]) -> Scorer:
    return Scorer("\n".join(t for t in raw_lines if "?" not in t))


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        # The issue's own example: lost lead byte 0xA1 of 。, ; folded from ；, annotation evidence.
        ("嚴格執法?;鶎酉\ue364缊?zhí)法人員", "嚴格執法。基層消防執法人員"),
        # Leading annotation (驅 = the trail of 夠 + the lost byte) decides the byte; trailing
        # annotation decides 務; U+E848 is 0xFE84 in the old GBK table.
        (
            "如果我們能夠?qū)⒐ぷ骺醋魇菫槿罕姺\ue848?wù),真誠",
            "如果我們能夠將工作看作是為群眾服務,真誠",
        ),
        # Folded ！ and the raw 0x66 trail byte of 說 (f) ending the run.
        ("有很大差距?!备咝旅裾f。", "有很大差距。”高新民說。"),
        ("能力上適應?;疖嚺艿每欤\ue0e3\ue07c寇囶^帶。", "能力上適應。火車跑得快，全靠車頭帶。"),
        # Ｙ folded to Y inside the run, raw t (0x74) as the last trail byte.
        ("力有不逮?!睆埾Yt說。", "力有不逮。”張希賢說。"),
        # An empty body: the run is a single raw byte (Q = 0x51 of 決).
        ("介入到?jīng)Q策過程中來", "介入到決策過程中來"),
        # Quote balance decides ” over 。 for the unknown last byte at the end of a paragraph.
        (
            "“不能總認為培養一個干部不容易,對執政黨的威信損傷有多大?!?",
            "“不能總認為培養一個干部不容易,對執政黨的威信損傷有多大。”",
        ),
    ],
)
def test_runs_from_the_page_decode_to_the_original(scorer, damaged, expected):
    repaired, runs = repair_runs(damaged, scorer)
    assert repaired == expected
    assert len(runs) == 1


def test_an_undecidable_byte_becomes_a_visible_box_not_a_guess(scorer):
    # 主 of 為民做主 has the lead byte 0xD6 but the trail byte is gone and no annotation
    # survived: the context does not single it out (中 scores as well), so it stays lost.
    repaired, runs = repair_runs("全心全意?!爱敼俨粸槊褡鲋?,不如回家賣紅薯”", scorer)
    assert repaired == f"全心全意。“當官不為民做{LOST},不如回家賣紅薯”"
    assert runs[0].lost == 1
    assert "无法确定" in runs[0].evidence[-1]
    # The report names both close readings rather than the model's slight favourite (中).
    assert "“主”" in runs[0].evidence[-1] and "“中”" in runs[0].evidence[-1]


@pytest.mark.parametrize(
    "clean",
    ["但究竟在哪里?”中央黨校", "怎么办?我們要繼續努力。", "淺談如何做好群眾工作? 黃文濤"],
)
def test_genuine_question_marks_are_left_alone(scorer, clean):
    assert repair_runs(clean, scorer) == (clean, [])


def test_private_use_characters_map_back_to_gbk_bytes():
    assert char_bytes("\ue848") == b"\xfe\x84"  # old cp936 table, not gb18030-2005
    assert char_bytes("\ue364") == b"\xfb\xb7"
    assert char_bytes("將") == b"\x8c\xa2"
    assert char_bytes("A") is None  # one byte: never part of a run body


def test_decode_pair_rejects_what_no_essay_contains():
    assert decode_pair(0xA1, 0xA3) == "。"
    assert decode_pair(0xCC, 0x28) is None  # '(' is no trail byte
    assert decode_pair(0xFB, 0xB7) is None  # user-defined area → private use
