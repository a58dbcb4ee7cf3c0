"""Essay files: Markdown with YAML front matter plus a provenance sidecar; writing and loading."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from rag.core.errors import CorpusError
from rag.corpus.types import Essay, Paragraph, Repair

SIDECAR_SUFFIX = ".provenance.json"
SIDECAR_FORMAT = 1
ESSAY_SUFFIXES = (".md", ".txt")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
# Control characters no text file of an essay holds (NUL, ESC …); tab and newlines are fine.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)


def dump_json(data: Any) -> str:
    """JSON as this project writes it: Chinese kept readable, stable key order, final newline."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def render_markdown(essay: Essay) -> str:
    """The essay file: front matter, ``# title``, then headings and paragraphs in order."""
    front = {"id": essay.id, "title": essay.title, **essay.meta}
    out = ["---", yaml.safe_dump(front, allow_unicode=True, sort_keys=False).rstrip(), "---", ""]
    out += [f"# {essay.title}", ""]
    for opened, p in essay.in_reading_order():
        for level, heading in opened:
            out += ["#" * level + " " + heading, ""]
        out += [p.text, ""]
    return "\n".join(out)


def render_sidecar(essay: Essay, raw_sha256: str, headings: list[dict[str, Any]]) -> str:
    """Provenance of every paragraph (raw lines and repairs), keyed by paragraph id."""
    return dump_json(
        {
            "format": SIDECAR_FORMAT,
            "essay_id": essay.id,
            "raw_file": essay.raw_file,
            "raw_sha256": raw_sha256,
            "headings": headings,
            "paragraphs": [
                {
                    "id": p.id,
                    "number": p.number,
                    "heading_path": list(p.heading_path),
                    "text": p.text,
                    "lines": list(p.lines),
                    **({"pages": list(p.pages)} if p.pages else {}),
                    "repairs": [r.to_json() for r in p.repairs],
                }
                for p in essay.paragraphs
            ],
        }
    )


def corpus_files(essays_dir: Path) -> list[Path]:
    """The files of the essay folder, sorted: essays and their sidecars. Hidden files (editor
    swap files, ``.DS_Store``) are not part of the corpus."""
    return sorted(p for p in essays_dir.iterdir() if p.is_file() and not p.name.startswith("."))


def load_corpus(essays_dir: Path) -> list[Essay]:
    """Load every essay (``*.md``, ``*.txt``) of a folder, sorted by file name.

    Raises:
        CorpusError: the folder is missing or empty, a file cannot be read, or two essays share
            an id. The message names the file and the fix.
    """
    if not essays_dir.is_dir():
        raise CorpusError(f"找不到文章目录 {essays_dir}。请先运行 `python -m rag ingest`。")
    files = [p for p in corpus_files(essays_dir) if p.suffix in ESSAY_SUFFIXES]
    if not files:
        raise CorpusError(
            f"{essays_dir} 中没有文章（.md 或 .txt）。请先运行 `python -m rag ingest`。"
        )
    essays, seen = [], {}
    for path in files:
        essay = load_essay(path)
        if essay.id in seen:
            raise CorpusError(
                f"{path.name} 与 {seen[essay.id]} 的 id 都是 “{essay.id}”。"
                "请修改其中一个文件的 id。"
            )
        seen[essay.id] = path.name
        essays.append(essay)
    return essays


def load_essay(path: Path) -> Essay:
    """Load one essay. Front matter, headings and the sidecar are all optional."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise CorpusError(f"{path} 不是 UTF-8 文本。请把文件另存为 UTF-8 编码。") from e
    if bad := _CONTROL.search(text):
        raise CorpusError(
            f"{path} 含有控制字符（U+{ord(bad.group()):04X}），不像是一篇文章（可能已损坏）。"
            "请换回正确的文件，或删除它。"
        )
    meta, body = _front_matter(path, text)
    title, blocks = _parse_body(body, markdown=path.suffix == ".md")
    title = str(meta.pop("title", "") or title or path.stem).strip()
    essay_id = str(meta.pop("id", "") or _slug(path.stem))
    if not blocks:
        raise CorpusError(f"{path} 中没有正文段落。请加入正文，或删除这个文件。")
    sidecar = _read_sidecar(path)
    paragraphs = []
    for number, (heading_path, para) in enumerate(blocks, start=1):
        prov = sidecar.get(number, {})
        ok = prov.get("text") == para  # an edited paragraph no longer matches its provenance
        paragraphs.append(
            Paragraph(
                id=f"{essay_id}-p{number}",
                essay_id=essay_id,
                number=number,
                text=para,
                heading_path=heading_path,
                lines=tuple(prov.get("lines", ())) if ok else (),
                pages=tuple(prov.get("pages", ())) if ok else (),
                repairs=tuple(Repair.from_json(r) for r in prov.get("repairs", ())) if ok else (),
            )
        )
    raw_file = (
        str(meta.get("source", {}).get("raw_file", ""))
        if isinstance(meta.get("source"), dict)
        else ""
    )
    return Essay(essay_id, title, tuple(paragraphs), meta, path.name, raw_file)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(the front matter's keys and values, the text after it) of an essay file opening with
    front matter (``---`` … ``---``); ({}, ``text``) when it opens with none. Raises
    ``ValueError`` saying what is wrong (in Chinese) when what stands between the ``---`` lines
    is no YAML mapping. The library reads uploaded files with it too."""
    m = _FRONT.match(text)
    if not m:
        return {}, text
    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as e:
        raise ValueError(f"开头元数据（--- 之间）不是合法的 YAML：{e}") from e
    if not isinstance(meta, dict):
        raise ValueError("开头元数据应是“键: 值”形式")
    return meta, text[m.end() :]


def _front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    try:
        return split_front_matter(text)
    except ValueError as e:
        raise CorpusError(f"{path} 的{e}。请修正或删除它。") from e


def _parse_body(body: str, markdown: bool) -> tuple[str, list[tuple[tuple[str, ...], str]]]:
    """(title from a level-1 heading, [(heading path, paragraph text)])."""
    title, path, blocks, current = "", [], [], []

    def flush() -> None:
        if current:
            blocks.append((tuple(h for _, h in path), _join(current)))
            current.clear()

    for line in body.split("\n"):
        line = line.strip()
        m = _HEADING.match(line) if markdown else None
        if m:
            flush()
            level, text = len(m.group(1)), m.group(2)
            if level == 1 and not title and not blocks:
                title = text
                continue
            path = [(lv, h) for lv, h in path if lv < level] + [(level, text)]
        elif line:
            current.append(line)
            if not markdown:  # plain text: one paragraph per line, as Chinese .txt files are
                flush()
        else:
            flush()
    flush()
    return title, blocks


def _join(lines: list[str]) -> str:
    """Join the lines of one paragraph: no space between Chinese characters, one between words."""
    out = lines[0]
    for line in lines[1:]:
        out += (" " if out[-1].isascii() and line[0].isascii() else "") + line
    return out


def _read_sidecar(path: Path) -> dict[int, dict[str, Any]]:
    side = path.with_name(path.stem + SIDECAR_SUFFIX)
    if not side.exists():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
        return {int(p["number"]): p for p in data["paragraphs"]}
    except (ValueError, KeyError, TypeError) as e:
        raise CorpusError(
            f"溯源文件 {side} 已损坏（{e}）。请重新运行 `python -m rag ingest`，或删除该文件。"
        ) from e


def _slug(stem: str) -> str:
    slug = re.sub(r"[^\w-]+", "-", stem).strip("-")
    return slug or "essay"
