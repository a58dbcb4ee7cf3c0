"""Ingest: turn the raw scraped page into clean essays with provenance and a repair report."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.core.errors import InputError
from rag.core.jsonio import dump_json
from rag.core.settings import Settings
from rag.core.textnorm import fix_zhe, fullwidth_punct, t2s
from rag.corpus.essays import SIDECAR_SUFFIX, render_markdown, render_sidecar
from rag.corpus.types import Essay, Repair, repair_counts
from rag.ingest.cleanup import clean_line
from rag.ingest.page import RawEssay, split_page
from rag.ingest.plausibility import Scorer
from rag.ingest.read import RawText, read_raw
from rag.ingest.report import render_report
from rag.ingest.structure import Block, assemble, merge_broken, outline

MANIFEST = ".ingest.json"  # lists the files ingest generated, so re-ingest keeps hand-added ones


@dataclass(frozen=True)
class IngestResult:
    raw: RawText
    raw_name: str  # as recorded in essays: path relative to the corpus folder
    essays: list[Essay]
    headings: dict[str, list[dict[str, Any]]]  # essay id → heading provenance
    repairs: list[Repair]  # everything removed or changed, in page order

    @property
    def counts(self) -> Counter[str]:
        return repair_counts(self.repairs)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw.data).hexdigest()


def find_raw(settings: Settings) -> Path:
    """The page to ingest when none is named: the single file in ``corpus/raw/``."""
    raw_dir = settings.raw_dir
    files = sorted(p for p in raw_dir.glob("*") if p.is_file()) if raw_dir.is_dir() else []
    if not files:
        raise InputError(
            f"{raw_dir} 中没有页面文件。请把抓取的页面放进该目录，或在命令中给出文件路径。"
        )
    if len(files) > 1:
        names = "、".join(p.name for p in files)
        raise InputError(f"{raw_dir} 中有多个文件（{names}）。请在命令中指明要导入哪一个。")
    return files[0]


def ingest(path: Path, settings: Settings) -> IngestResult:
    """Clean, repair and split one raw page. Pure: reads ``path``, writes nothing."""
    raw = read_raw(path, settings.max_raw_bytes)
    try:
        raw_name = path.resolve().relative_to(settings.corpus_dir.resolve()).as_posix()
    except ValueError:
        raw_name = path.name
    page = split_page(raw.lines, fallback_title=path.stem)
    # Undamaged lines teach the scorer how these essays are written (in-domain bigrams).
    scorer = Scorer("\n".join(t for _, t in raw.lines if "?" not in t))
    repairs = list(page.removed)
    essays, headings = [], {}
    for raw_essay in page.essays:
        essay, heads, essay_repairs = _build_essay(raw_essay, page.meta, raw_name, scorer)
        essays.append(essay)
        headings[essay.id] = heads
        repairs += essay_repairs
    if not any(e.paragraphs for e in essays):
        raise InputError(f"在 {path} 中没有找到任何正文。请确认这是包含文章的页面。")
    repairs.sort(key=lambda r: r.line)
    return IngestResult(raw, raw_name, essays, headings, repairs)


def _build_essay(
    raw_essay: RawEssay, page_meta: dict[str, Any], raw_name: str, scorer: Scorer
) -> tuple[Essay, list[dict[str, Any]], list[Repair]]:
    blocks, repairs = [], []
    for n, text in raw_essay.lines:
        cleaned, line_repairs = clean_line(n, text, scorer)
        simple, norm_repairs = simplify(n, cleaned)
        repairs += line_repairs + norm_repairs
        if simple:
            blocks.append(Block(simple, (n,), 0, tuple(line_repairs + norm_repairs)))
    blocks, merges = merge_broken(blocks)
    repairs += merges
    essay_id = f"e{raw_essay.number}"
    paragraphs, heads = assemble(outline(blocks, scraped=True), essay_id)
    lines = [n for n, _ in raw_essay.lines]
    source = {
        **page_meta,
        "raw_file": raw_name,
        "raw_lines": [min(lines), max(lines)] if lines else [],
    }
    meta = {**raw_essay.meta, "source": source}
    essay = Essay(essay_id, raw_essay.title, tuple(paragraphs), meta, f"{essay_id}.md", raw_name)
    return essay, heads, repairs


def simplify(n: int, text: str) -> tuple[str, list[Repair]]:
    """Traditional → simplified, 着 restored, full-width punctuation; each counted as a Repair."""
    simple = t2s(text)
    repairs = []
    # OpenCC's t2s maps character for character, so the strings align.
    changed = [(a, b) for a, b in zip(text, simple, strict=False) if a != b]
    if changed:
        before, after = ("".join(x) for x in zip(*changed, strict=True))
        repairs.append(Repair("t2s", n, before, after, "本行所有改动的字"))
    zhe = fix_zhe(simple)
    for i, (a, b) in enumerate(zip(simple, zhe, strict=True)):
        if a != b:
            repairs.append(
                Repair("zhe", n, simple[max(0, i - 2) : i + 2], zhe[max(0, i - 2) : i + 2])
            )
    full = fullwidth_punct(zhe)
    for a, b in zip(zhe, full, strict=True):
        if a != b:
            repairs.append(Repair("punct", n, a, b))
    return full, repairs


def write_corpus(result: IngestResult, settings: Settings) -> None:
    """Write essays, sidecars and the report atomically: build in a temporary folder, then swap.

    Files in ``corpus/essays/`` that ingest did not generate (essays a trainer added) are kept.
    """
    essays_dir, corpus_dir = settings.essays_dir, settings.corpus_dir
    corpus_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".ingest-", dir=corpus_dir))
    try:
        new_dir = tmp / "essays"
        new_dir.mkdir()
        generated = []
        for essay in result.essays:
            stem = Path(essay.path).stem
            (new_dir / essay.path).write_text(render_markdown(essay), encoding="utf-8")
            side = render_sidecar(essay, result.sha256, result.headings[essay.id])
            (new_dir / (stem + SIDECAR_SUFFIX)).write_text(side, encoding="utf-8")
            generated += [essay.path, stem + SIDECAR_SUFFIX]
        manifest = {
            "format": 1,
            "raw_file": result.raw_name,
            "raw_sha256": result.sha256,
            "files": generated,
        }
        (new_dir / MANIFEST).write_text(dump_json(manifest), encoding="utf-8")
        _carry_over_hand_added(essays_dir, new_dir, set(generated))
        report = tmp / "REPAIRS.md"
        report.write_text(render_report(result), encoding="utf-8")
        _swap(new_dir, essays_dir)
        os.replace(report, settings.report_path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _carry_over_hand_added(old_dir: Path, new_dir: Path, generated: set[str]) -> None:
    if not old_dir.is_dir():
        return
    import json

    manifest = old_dir / MANIFEST
    previously = (
        set(json.loads(manifest.read_text(encoding="utf-8"))["files"])
        if manifest.exists()
        else set()
    )
    for f in old_dir.iterdir():
        if f.name == MANIFEST or f.name in previously or f.name in generated or not f.is_file():
            continue
        shutil.copy2(f, new_dir / f.name)


def _swap(new_dir: Path, target: Path) -> None:
    """Replace ``target`` by ``new_dir`` with two renames; the old folder survives until then."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new_dir.rename(target)
    shutil.rmtree(old, ignore_errors=True)
