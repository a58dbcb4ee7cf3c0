"""Ingest of the real seed page: content, provenance, determinism, atomic writes, bad input."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from rag.core.errors import InputError
from rag.core.settings import PROJECT_ROOT, Settings
from rag.core.textnorm import fix_zhe, t2s
from rag.corpus.essays import load_corpus
from rag.ingest.pipeline import MANIFEST, ingest, write_corpus


def _all_text(settings: Settings) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8") for p in sorted(settings.essays_dir.glob("*.md"))
    )


def test_five_essays_in_simplified_chinese(ingested):
    result, settings = ingested
    assert [e.id for e in result.essays] == ["e1", "e2", "e3", "e4", "e5"]
    text = "".join(p.text for e in result.essays for p in e.paragraphs)
    assert t2s(text) == text  # nothing left to simplify
    assert len(text) > 10000


def test_no_junk_survives(ingested):
    _, settings = ingested
    essays = load_corpus(settings.essays_dir)
    body = "\n".join([e.title for e in essays] + [p.text for e in essays for p in e.paragraphs])
    body += "\n".join(h for e in essays for p in e.paragraphs for h in p.heading_path)
    for junk in (
        "欧美",
        "fwlom",
        "<",
        ">",
        "下载",
        "声明",
        "相关范文推荐",
        "......",
        "会员上传",
        "文档",
        "写写帮",
        "第一篇",
        "定稿",
        "论述题",
        "作者单位",
        "袁正清",
    ):
        assert junk not in body, junk
    assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", body)  # pinyin annotations
    for ch in body:
        assert not ("\u3040" <= ch <= "\u30ff"), f"kana {ch}"
        assert unicodedata.category(ch) != "Co", f"private use U+{ord(ch):04X}"
        assert ch != "\ufffd"
    assert "?" not in body  # no stray ASCII question mark; real questions are ？
    assert not re.search(r"[\u4e00-\u9fff][,;:!][\u4e00-\u9fff]", body)
    assert essays[0].meta["source"]["uploader"] == "会员上传"  # metadata, not body text


@pytest.mark.parametrize(
    "repaired",
    [
        "火车跑得快，全靠车头带。",
        "如果我们能够将工作看作是为群众服务，真诚的和群众交朋友",
        "基层消防执法人员长期与群众打交道",
        "总之，就是要把群众的事情放在心中",
        "“在其位，谋其政”",
        "“众人拾柴火焰高”，形象体现了心往一处想",
        "“脸是自己的，面子是别人给的”",
        "制定科学严谨的工作方法。",
        "但究竟‘难’在哪里？”中央党校党建部教授高新民分析",
        "对执政党的威信损伤有多大。”",
        "转变为法理型认同和利益认同",
        "介入到决策过程中来",
        "思维单一、工作面窄",
        "不带着真情实感就做不好群众工作",
        "“认认真真访民情，诚诚恳恳听民意",
    ],
)
def test_repaired_spans_read_as_the_original(ingested, repaired):
    result, _ = ingested
    text = "\n".join(p.text for e in result.essays for p in e.paragraphs)
    assert repaired in text


def test_front_matter(ingested):
    result, _ = ingested
    e1, e2, e3, e4, e5 = result.essays
    assert e1.meta["affiliation"] == "中石化华北分公司"
    assert (e2.meta["kind"], e2.meta["post"]) == ("论述题", "消防政工后勤岗位")
    assert (e3.meta["author"], e3.meta["date"]) == ("袁正清", "2011-11-30")
    assert e5.meta["subtitle"] == "对党的新考验"
    source = e4.meta["source"]
    assert source["site"] == "写写帮文库"
    assert source["uploaded"] == "2019-05-12 13:12:40"
    assert source["raw_file"] == "raw/000_ef654afdf7dfc768.txt"


def test_report_counts_every_kind(ingested):
    result, settings = ingested
    counts = result.counts
    assert counts["mojibake"] == 23 and counts["teaser"] == 8 and counts["spam"] == 1
    assert counts["pinyin"] > 500 and counts["zhe"] == 10 and counts["merge"] == 1
    report = settings.report_path.read_text(encoding="utf-8")
    # Private-use characters are spelled out as in the verification view, and not escaped.
    assert "| 124 | ?;疖嚺艿每欤⟨U+E0E3⟩⟨U+E07C⟩" in report and "&lt;U+" not in report
    assert "。火車跑得快，全靠車頭" in report
    assert report.count("□") >= 2  # the one lost character is listed with its line


def _grams(text: str) -> set[str]:
    text = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {text[i : i + 4] for i in range(len(text) - 3)} or {text}


def test_provenance_lines_hold_the_paragraph(ingested, raw_lines):
    """Each paragraph's recorded raw lines contain its text before cleaning: replaying the
    recorded repairs on those lines gives back (almost) every 4-character window of the
    paragraph, while the undamaged part is found in the raw lines as they are."""
    result, _ = ingested
    for essay in result.essays:
        for p in essay.paragraphs:
            assert p.lines, p.id
            raw = "".join(raw_lines[n - 1] for n in p.lines)
            replayed = raw
            for r in p.repairs:
                if r.kind in ("html", "mojibake", "pinyin", "lost_punct", "chrome"):
                    assert r.before in replayed, (p.id, r)
                    replayed = replayed.replace(r.before, r.after, 1)
            grams = _grams(p.text)
            found = sum(g in _grams(fix_zhe(t2s(replayed))) for g in grams) / len(grams)
            assert found > 0.97, (p.id, found)
            as_is = sum(g in _grams(t2s(raw)) for g in grams) / len(grams)
            assert as_is > 0.5, (p.id, as_is)


def test_ingest_is_deterministic_and_the_committed_corpus_is_its_output(tmp_settings):
    raw = next(tmp_settings.raw_dir.iterdir())
    write_corpus(ingest(raw, tmp_settings), tmp_settings)
    first = {p.name: p.read_bytes() for p in tmp_settings.essays_dir.iterdir()}
    report = tmp_settings.report_path.read_bytes()
    write_corpus(ingest(raw, tmp_settings), tmp_settings)
    assert {p.name: p.read_bytes() for p in tmp_settings.essays_dir.iterdir()} == first
    assert tmp_settings.report_path.read_bytes() == report
    committed = PROJECT_ROOT / "corpus" / "essays"
    for name, data in first.items():
        assert (committed / name).read_bytes() == data, f"{name}: run `python -m rag ingest`"
    assert (PROJECT_ROOT / "corpus" / "REPAIRS.md").read_bytes() == report


def test_reingest_keeps_essays_a_trainer_added(tmp_settings):
    raw = next(tmp_settings.raw_dir.iterdir())
    write_corpus(ingest(raw, tmp_settings), tmp_settings)
    added = tmp_settings.essays_dir / "trainer.md"
    added.write_text("# 培训心得\n\n群众工作要耐心。\n", encoding="utf-8")
    write_corpus(ingest(raw, tmp_settings), tmp_settings)
    assert added.read_text(encoding="utf-8").startswith("# 培训心得")
    assert "trainer.md" not in (tmp_settings.essays_dir / MANIFEST).read_text(encoding="utf-8")
    assert [e.id for e in load_corpus(tmp_settings.essays_dir)][-1] == "trainer"


def test_failed_ingest_leaves_the_corpus_untouched(tmp_settings):
    raw = next(tmp_settings.raw_dir.iterdir())
    write_corpus(ingest(raw, tmp_settings), tmp_settings)
    before = {p.name: p.read_bytes() for p in tmp_settings.essays_dir.iterdir()}
    empty = tmp_settings.raw_dir.parent / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError):
        ingest(empty, tmp_settings)
    assert {p.name: p.read_bytes() for p in tmp_settings.essays_dir.iterdir()} == before
    leftovers = [p.name for p in tmp_settings.corpus_dir.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_a_failed_write_keeps_the_old_corpus(tmp_settings, monkeypatch):
    raw = next(tmp_settings.raw_dir.iterdir())
    result = ingest(raw, tmp_settings)
    write_corpus(result, tmp_settings)
    before = {p.name: p.read_bytes() for p in tmp_settings.essays_dir.iterdir()}
    import rag.ingest.pipeline as mod

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(mod, "render_report", broken)  # fails after the essays are written
    with pytest.raises(OSError):
        write_corpus(result, tmp_settings)
    assert {p.name: p.read_bytes() for p in tmp_settings.essays_dir.iterdir()} == before
    assert not [p for p in tmp_settings.corpus_dir.iterdir() if p.name.startswith(".ingest-")]


def test_gb18030_page_ingests_and_says_so(tmp_path, raw_lines):
    settings = Settings(corpus_dir=tmp_path / "c")
    page = Path(tmp_path / "page.txt")
    page.write_bytes("\n".join(raw_lines[63:92]).encode("gb18030"))  # essay 3 only
    result = ingest(page, settings)
    assert result.raw.encoding == "gb18030"
    assert [e.title for e in result.essays] == ["做好社区群众工作 促进社区和谐稳定"]


def test_a_page_without_markers_is_one_essay(tmp_path):
    page = tmp_path / "单篇.txt"
    page.write_text(
        "做好群眾工作\n\n群眾工作是我們的傳家寶。\n\n要堅持群眾路線。\n", encoding="utf-8"
    )
    result = ingest(page, Settings(corpus_dir=tmp_path / "c"))
    assert len(result.essays) == 1
    assert result.essays[0].title == "做好群众工作"
    assert [p.text for p in result.essays[0].paragraphs] == [
        "群众工作是我们的传家宝。",
        "要坚持群众路线。",
    ]
