"""Command line: parses arguments and calls library functions; no logic of its own."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rag.errors import RagError
from rag.settings import Settings


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from rag.ingest import find_raw, ingest, write_corpus
    from rag.mojibake import LOST
    from rag.records import REPAIR_KINDS

    path = Path(args.path) if args.path else find_raw(settings)
    result = ingest(path, settings)
    write_corpus(result, settings)
    counts = result.counts
    print(f"已导入 {path}（编码 {result.raw.encoding.upper()}）：{len(result.essays)} 篇文章。")
    for e in result.essays:
        print(f"  {e.id}  《{e.title}》  {len(e.paragraphs)} 段")
    print("清理与修复：")
    for kind, label in REPAIR_KINDS.items():
        if counts.get(kind):
            print(f"  {label}：{counts[kind]}")
    lost = sum(r.after.count(LOST) for r in result.repairs)
    print(f"  无法恢复（{LOST}）：{lost}")
    print(f"文章写入 {settings.essays_dir}，修复报告写入 {settings.report_path}。")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m rag", description="群众工作文章问答系统")
    parser.add_argument("--corpus", help="语料目录（默认 corpus/，环境变量 RAG_CORPUS_DIR）")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    p = sub.add_parser("ingest", help="清理并修复抓取的页面，拆分成文章写入 corpus/essays/")
    p.add_argument("path", nargs="?", help="页面文件（默认 corpus/raw/ 中唯一的文件）")
    p.set_defaults(func=_ingest)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env(corpus_dir=args.corpus)
        return args.func(args, settings)
    except RagError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
