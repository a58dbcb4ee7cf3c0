"""Command line: parses arguments and calls library functions; no logic of its own."""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import NoReturn

from rag.core.errors import InputError, RagError, describe_os_error
from rag.core.progress import progress_printer
from rag.core.settings import Settings


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from rag.corpus.types import REPAIR_KINDS
    from rag.ingest.mojibake import LOST
    from rag.ingest.pipeline import find_raw, ingest, write_corpus

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


def _build(args: argparse.Namespace, settings: Settings) -> int:
    from rag.retrieval import index_store

    reasons = index_store.stale_reasons(index_store.read_manifest(settings.index_dir), settings)
    if not reasons and not args.force:
        print(f"索引已是最新（{settings.index_dir}）。要强制重建请加 --force。")
        return 0
    if reasons:
        print("需要重建索引：" + "；".join(reasons))
    m = index_store.build(settings, progress_printer("计算向量"))
    c = m["counts"]
    print(
        f"索引已建好：{c['essays']} 篇文章，{c['chunks']} 个段落块，{c['sentences']} 个句子；"
        f"新计算向量 {m['embedded_now']} 个，用时 {m['build_seconds']} s（{settings.index_dir}）。"
    )
    return 0


def _essays(args: argparse.Namespace, settings: Settings) -> int:
    """The essay library: the same code path as the library page of the trainer area."""
    import getpass
    import json

    from rag.trainer.library_store import open_library

    lib = open_library(settings)
    who = args.who or getpass.getuser()
    if args.action in ("list", "history"):
        if args.action == "list":
            rows = [e.__dict__ for e in lib.entries()]
            text = [
                f"{r['id']:>4}  {'（已停用）' if r['retired'] else ''}《{r['title']}》 "
                f"{r['paragraphs']} 段 · {r['source']}"
                for r in rows
            ]
        else:
            rows = [
                {k: v for k, v in x.to_json().items() if k not in ("files", "uploads")}
                for x in lib.history()
            ]
            text = [
                f"版本 {r['version']:>3}  {r['at']}  {r['who'] or '—'}  {r['summary']}"
                for r in rows
            ]
        print(json.dumps(rows, ensure_ascii=False, indent=1) if args.json else "\n".join(text))
        return 0
    if args.action == "add":
        if not args.args:
            raise InputError("用法：python -m rag essays add 文件… [--title 标题]")
        versions = [
            lib.add(
                Path(f).read_bytes(), Path(f).name, who, args.title if len(args.args) == 1 else ""
            )
            for f in args.args
        ]
    elif args.action == "replace":
        if len(args.args) != 2:
            raise InputError("用法：python -m rag essays replace 文章编号 文件")
        versions = [
            lib.replace(args.args[0], Path(args.args[1]).read_bytes(), Path(args.args[1]).name, who)
        ]
    elif args.action == "retire":
        versions = [lib.retire(eid, who) for eid in args.args]
    elif args.action == "restore":
        if not args.args:
            raise InputError(
                "用法：python -m rag essays restore 文章编号…（停用的文章见 essays list）"
            )
        versions = [lib.restore(eid, who) for eid in args.args]
    else:  # rollback
        if len(args.args) != 1 or not args.args[0].isdigit():
            raise InputError("用法：python -m rag essays rollback 版本号（见 essays history）")
        versions = [lib.rollback(int(args.args[0]), who)]
    if args.json:
        print(json.dumps([v.to_json() for v in versions], ensure_ascii=False, indent=1))
    else:
        for v in versions:
            print(f"版本 {v.number}：{v.summary}")
    if not args.no_build:
        from rag.retrieval import index_store

        m = index_store.build(settings, progress_printer("计算向量"))
        if not args.json:
            print(f"索引已更新：新计算向量 {m['embedded_now']} 个，用时 {m['build_seconds']} s。")
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    """Replicas behind nginx on this machine until Ctrl-C (a local trial of deploy/)."""
    import os

    from rag.tools.replicas import Replicas

    env = {k: v for k, v in os.environ.items() if k.startswith("RAG_")}
    with Replicas(
        args.replicas, args.port, env, postgres=not args.sqlite, separate=args.separate
    ) as r:
        db = "共用 SQLite 文件" if args.sqlite else "共用 PostgreSQL"
        print(f"{args.replicas} 个副本（{db}）已在 nginx 之后运行：{r.url}  按 Ctrl-C 停止。")
        for i, app in enumerate(r.apps, start=1):
            print(f"  副本 {i}：{app.url}")
        try:
            while any(a.proc.poll() is None for a in r.apps) and r.nginx.poll() is None:
                time.sleep(1)
        except KeyboardInterrupt:
            print("正在停止……")
    return 0


def _format_result(result) -> str:
    from rag.corpus.types import where_label

    lines = [f"问题：{result.query}"]
    if result.notice:
        lines.append(f"（{result.notice}）")
    if not result.hits:
        lines.append("没有找到相关段落。")
    for h in result.hits:
        c = h.chunk
        where = where_label(c.title, c.heading_path, c.paragraph_number)
        lines.append(f"{h.rank}. {where}  [{c.id}；{h.why}；融合分 {h.score:.4f}]")
        lines.append(f"   {c.text}")
    return "\n".join(lines)


def _questions(args: argparse.Namespace) -> list[str]:
    """The question given, or one per line of ``--file`` (blank lines kept: answered in order)."""
    from rag.retrieval.search import QueryError

    if args.file:
        try:
            return Path(args.file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(
                f"无法读取问题文件 {args.file}（{e}）。请给出一个 UTF-8 文本文件。"
            ) from e
    if args.query is None or not args.query.strip():
        raise QueryError("问题不能为空。请输入一个问题，或用 --file 指定问题文件（每行一个问题）。")
    return [args.query]


def _line_error(args: argparse.Namespace, obj: dict) -> None:
    """A line of ``--file`` that cannot be searched: its JSON object, or a readable line."""
    import json

    if args.json:
        print(json.dumps(obj, ensure_ascii=False), flush=True)
    else:
        print(f"问题：{obj['query']}\n（{obj['error']}）\n")


def _search(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from rag.retrieval.search import QueryError, Retriever

    questions = _questions(args)
    retriever = Retriever.open(settings, progress_printer("计算向量"))
    for q in questions:
        try:
            result = retriever.search(q, k=args.k)
        except QueryError as e:
            if not args.file:
                raise
            _line_error(args, {"query": q, "hits": [], "error": str(e)})
            continue
        if args.json:
            print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
        else:
            print(_format_result(result) + "\n")
    return 0


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    import json
    import logging

    from rag.answer.compose import ANSWER_FAILED, Answerer
    from rag.answer.types import Answer
    from rag.retrieval.search import QueryError, Retriever

    questions = _questions(args)
    answerer = Answerer(Retriever.open(settings, progress_printer("计算向量")))
    history = []
    failed = 0
    for q in questions:
        try:
            answer = answerer.ask(q, history if args.conversation else ())
        except QueryError as e:
            if not args.file:
                raise
            _line_error(args, Answer.refusal(q, str(e)).to_json())
            continue
        except Exception:  # a defect: say so in Chinese, log the trace, go on with the next
            logging.getLogger(__name__).exception("回答出错：%r", q)
            failed += 1
            _line_error(args, Answer.refusal(q, ANSWER_FAILED).to_json())
            continue
        history.append(answer.turn())
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
            continue
        if answer.notice:  # e.g. that a long question was cut
            print(f"（{answer.notice}）")
        if answer.understood_as and answer.understood_as != answer.query:  # 你好: nothing read
            print(f"理解为：{answer.understood_as}")
        print(answer.text)
        for line in answer.source_lines():
            print(f"  {line}")
        print()
    return 1 if failed else 0


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from rag.answer.compose import Answerer
    from rag.retrieval.search import Retriever
    from rag.tools.evaluate import (
        DEV_SET,
        bank_for,
        bank_line,
        evaluate,
        evaluate_answers,
        load_questions,
        retrieval_lines,
        verified_lines,
    )

    if args.folds is not None:
        if args.questions or args.from_feedback is not None or args.baseline:
            raise InputError(
                "--folds 合并 corpus/questions/ 下的所有问题集自成评估，"
                "不能与 --questions、--from-feedback 或 --baseline 同用。"
            )
        return _cross_validate(args, settings)
    path = Path(args.questions) if args.questions else DEV_SET
    questions = load_questions(path)
    answerable = [q for q in questions if q.answerable]
    retriever = bank_for(
        Retriever.open(settings, progress_printer("计算向量")), questions, path.stem, args.bank
    )
    print(bank_line(retriever, args.bank, path.stem))
    if retriever.reranker:
        print(f"混合检索之后重排：{retriever.reranker.id}（前 {settings.rerank_depth} 个候选）")
    if args.from_feedback is not None:
        db = args.from_feedback or settings.feedback_db  # a path or a URL: kept as text
        print("\n".join(verified_lines(retriever, db)) + "\n")
    reports = evaluate(retriever, answerable)
    print("\n".join(retrieval_lines(reports, questions)))
    if args.baseline:
        from rag.tools.baseline import Comparison, PlainPipeline

        plain = PlainPipeline.build(retriever).evaluate(answerable)
        print("\n".join(Comparison.of(reports["hybrid"], plain["hybrid"]).lines(plain)))
    print("\n".join(evaluate_answers(Answerer(retriever), questions).lines()))
    return 0


def _question_sets(settings: Settings) -> list[Path]:
    """The curated question sets (corpus/questions/*.jsonl), in name order."""
    return sorted((settings.corpus_dir / "questions").glob("*.jsonl"))


def _cross_validate(args: argparse.Namespace, settings: Settings) -> int:
    from rag.retrieval.search import Retriever
    from rag.tools.evaluate import cross_validate, load_questions, retrieval_lines

    sets = _question_sets(settings)
    questions = [q for path in sets for q in load_questions(path)]
    retriever = Retriever.open(settings, progress_printer("计算向量"))
    print(
        f"{args.folds} 折交叉验证：{'、'.join(p.name for p in sets)} 合并；"
        "每折评估时，题库里去掉这一折的问题（其余条目按 --bank 选择）"
    )
    reports, answers = cross_validate(retriever, questions, args.folds, args.bank)
    print("\n".join(retrieval_lines(reports, questions)))
    print("\n".join(answers.lines()))
    return 0


def _bank(args: argparse.Namespace, settings: Settings) -> int:
    from rag.retrieval.bank import write_seed
    from rag.retrieval.chunking import paragraph_texts
    from rag.retrieval.search import Retriever

    retriever = Retriever.open(settings, progress_printer("计算向量"))
    if args.action == "seed":
        sets = _question_sets(settings)
        target = settings.corpus_dir / "bank" / "seed.jsonl"
        n = write_seed(sets, paragraph_texts(retriever.chunks), target)
        print(f"种子题库已写入 {target}：{n} 条（来自 {'、'.join(p.name for p in sets)}）。")
        retriever.bank = retriever.load_bank()
    elif args.action == "rebuild":
        from rag.trainer.bank_keeper import entries_from_log
        from rag.trainer.store import FeedbackStore

        logged = []
        if "://" in settings.feedback_db or Path(settings.feedback_db).is_file():
            logged = entries_from_log(
                FeedbackStore(settings.feedback_db).questions("marked", limit=10**7)
            )
        retriever.bank = retriever.build_bank(retriever.seed_entries() + logged)
    bank = retriever.bank
    if bank is None:
        print("已核对题库为空（RAG_SEED_BANK=none，且培训师还没有核对过问答）。")
        return 0
    origins: dict[str, int] = {}
    for e in bank.entries:
        origins[e.origin] = origins.get(e.origin, 0) + 1
    parts = "、".join(f"{o} {n} 条" for o, n in sorted(origins.items()))
    print(
        f"已核对题库：{len(bank)} 条在用（{parts}），{len(bank.set_aside)} 条因段落已修改而停用。"
    )
    for e in bank.set_aside[:20]:
        print(f"  停用：{e.question} → {e.paragraph_id}（{e.by}）")
    lessons = retriever.lessons
    if lessons.active:
        print(
            f"它也教给检索：{lessons.expanded} 个段落块加上了核对问题的词语，"
            f"查询映射由 {lessons.fitted} 对问答拟合。"
        )
    else:
        print(
            f"它只投票，还不教给检索（至少要 {retriever.settings.bank_lessons_from} 条确认的"
            "问答，RAG_BANK_LESSONS_FROM）。"
        )
    return 0


def _terms(args: argparse.Namespace, settings: Settings) -> int:
    from rag.corpus.essays import load_corpus
    from rag.retrieval.lexical import USERDICT
    from rag.tools.terms import propose_terms, read_userdict_terms

    essays = load_corpus(settings.essays_dir)
    texts = [p.text for e in essays for p in e.paragraphs]
    headings = [h for e in essays for _, h in e.headings] + [e.title for e in essays]
    found = propose_terms(texts, headings, read_userdict_terms(), args.min_count)
    print(f"候选术语（不在 {USERDICT.name} 中、jieba 会拆开的 n 元组；请人工挑选后加入词典）：")
    for term, count in found[: args.limit]:
        print(f"{count:>4}  {term}")
    return 0


def _load(args: argparse.Namespace, settings: Settings) -> int:
    from rag.tools.loadtest import run

    run(
        args.url,
        args.users,
        args.per_user,
        args.think,
        args.long,
        args.sessions,
        args.turns,
        args.db_lock,
        args.pg_restart,
    )
    return 0


def _bench(args: argparse.Namespace, settings: Settings) -> int:
    from rag.tools.bench import run

    run(
        settings,
        scale_n=args.scale,
        bank_size=args.bank_size,
        log_n=args.log,
        library_n=args.library,
    )
    return 0


# argparse's own error messages (Python 3.11), in the words a user of this tool reads.
_ARG_ERRORS = [
    (r"argument (.+): invalid int value: (.+)", "参数 {0} 需要一个整数，收到的是 {1}。"),
    (r"argument (.+): invalid float value: (.+)", "参数 {0} 需要一个数，收到的是 {1}。"),
    (
        r"argument 命令: invalid choice: (.+?) \(choose from (.+)\)",
        "没有命令 {0}。可用的命令：{1}。",
    ),
    (
        r"argument (.+): invalid choice: (.+?) \(choose from (.+)\)",
        "参数 {0} 不能是 {1}，可选：{2}。",
    ),
    (r"argument (.+): expected one argument", "参数 {0} 后面需要一个值。"),
    (r"argument (.+): expected at least one argument", "参数 {0} 后面至少需要一个值。"),
    (r"argument (.+): not allowed with argument (.+)", "参数 {0} 不能与 {1} 同时使用。"),
    (r"argument (.+): ignored explicit argument (.+)", "参数 {0} 不带值，却给了 {1}。"),
    (r"the following arguments are required: (.+)", "缺少参数：{0}。"),
    (r"unrecognized arguments: (.+)", "不认识的参数：{0}。用 -h 查看可用的参数。"),
    (r"one of the arguments (.+) is required", "需要以下参数之一：{0}。"),
    (r"ambiguous option: (.+) could match (.+)", "参数 {0} 不明确，可能是：{1}。"),
]


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Chinese: usage, headings, help and errors (its
    subcommands' parsers too)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        for action in self._actions:
            if action.dest == "help":
                action.help = "显示本帮助并退出"

    def error(self, message: str) -> NoReturn:
        for pattern, text in _ARG_ERRORS:
            m = re.fullmatch(pattern, message)
            if m:
                message = text.format(*m.groups())
                break
        else:
            message = f"参数有误：{message}"
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m rag", description="群众工作文章问答系统")
    parser.add_argument("--corpus", help="语料目录（默认 corpus/，环境变量 RAG_CORPUS_DIR）")
    parser.add_argument("--index", help="索引目录（默认 index/，环境变量 RAG_INDEX_DIR）")
    parser.add_argument("--model", help="向量模型（默认 e5-small-q4，环境变量 RAG_EMBED_MODEL）")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    p = sub.add_parser("ingest", help="清理并修复抓取的页面，拆分成文章写入 corpus/essays/")
    p.add_argument("path", nargs="?", help="页面文件（默认 corpus/raw/ 中唯一的文件）")
    p.set_defaults(func=_ingest)
    p = sub.add_parser("build", help="建立（或更新）检索索引")
    p.add_argument("--force", action="store_true", help="即使索引是最新的也重建")
    p.set_defaults(func=_build)
    p = sub.add_parser("search", help="检索相关段落")
    p.add_argument("query", nargs="?", help="问题")
    p.add_argument("--k", type=int, default=5, help="返回几条（默认 5）")
    p.add_argument("--json", action="store_true", help="输出 JSON（每个问题一行）")
    p.add_argument("--file", help="问题文件，每行一个问题，按顺序输出")
    p.set_defaults(func=_search)
    p = sub.add_parser("ask", help="回答问题（只引用文章原句，附出处）")
    p.add_argument("query", nargs="?", help="问题")
    p.add_argument("--json", action="store_true", help="输出 JSON（每个问题一行）")
    p.add_argument("--file", help="问题文件，每行一个问题，按顺序输出")
    p.add_argument(
        "--conversation",
        action="store_true",
        help="把文件中的问题当作同一段对话（追问会结合上文理解）",
    )
    p.set_defaults(func=_ask)
    p = sub.add_parser("eval", help="在开发问题集上评估检索质量")
    p.add_argument("--questions", help="问题集 JSONL（默认 corpus/questions/dev.jsonl）")
    p.add_argument(
        "--from-feedback",
        nargs="?",
        const="",
        default=None,
        metavar="DB",
        help="同时评估培训师核实过的问答对（默认读取 RAG_FEEDBACK_DB）",
    )
    p.add_argument(
        "--bank",
        default="default",
        metavar="FILE|none|trainers",
        help="用哪个已核对题库（默认：种子题库加培训师核对的；被评估的问题集本身总是排除在外）",
    )
    p.add_argument(
        "--baseline",
        action="store_true",
        help="同时评估普通流程（jieba BM25 / 段落向量 / RRF）并逐题对照",
    )
    p.add_argument(
        "--folds",
        type=int,
        metavar="K",
        help="K 折交叉验证：合并 corpus/questions/ 下的所有问题集，每折用其余各折的题库评估",
    )
    p.set_defaults(func=_eval)
    p = sub.add_parser("bank", help="已核对题库：查看、重建，或从问题集重新生成种子题库")
    p.add_argument(
        "action",
        nargs="?",
        default="show",
        choices=("show", "rebuild", "seed"),
        help="show 查看（默认）；rebuild 由种子题库和培训师记录重建；seed 重新生成种子题库",
    )
    p.set_defaults(func=_bank)
    p = sub.add_parser("essays", help="文章库：列出、加入、替换、停用、恢复文章，历史与回滚")
    p.add_argument(
        "action",
        choices=("list", "add", "replace", "retire", "restore", "history", "rollback"),
        help=(
            "list 列出；add 文件…；replace 编号 文件；retire 编号…；"
            "restore 编号…（恢复停用的文章）；history 历史；rollback 版本号"
        ),
    )
    p.add_argument("args", nargs="*", help="文件、文章编号或版本号（见 action）")
    p.add_argument("--title", default="", help="add 一个文件时，用这个标题代替文件里的")
    p.add_argument("--who", default="", help="记入历史的操作人（默认：当前系统用户）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--no-build", action="store_true", help="改动后不立即更新索引")
    p.set_defaults(func=_essays)
    p = sub.add_parser("serve", help="本机试运行：多个副本在 nginx 之后（可带私有 PostgreSQL）")
    p.add_argument("--replicas", type=int, default=2, help="副本数（默认 2）")
    p.add_argument("--port", type=int, default=8080, help="nginx 监听的本机端口（默认 8080）")
    p.add_argument(
        "--sqlite", action="store_true", help="不启动 PostgreSQL，副本共用 RAG_FEEDBACK_DB 文件"
    )
    p.add_argument(
        "--separate",
        action="store_true",
        help="每个副本用自己的文章和索引目录（模拟多台机器：文章库只经数据库同步）",
    )
    p.set_defaults(func=_serve)
    p = sub.add_parser("terms", help="从标题和高频词组提出领域词典的候选词（供人工审阅）")
    p.add_argument("--min-count", type=int, default=3, help="至少出现几次（默认 3）")
    p.add_argument("--limit", type=int, default=60, help="最多列出几个（默认 60）")
    p.set_defaults(func=_terms)
    p = sub.add_parser("load", help="负载测试：多个并发用户通过 /ask 提问（只连本机）")
    p.add_argument("--url", help="已运行的应用地址（默认自己启动一个）")
    p.add_argument("--users", type=int, nargs="+", default=[1, 10, 50], help="并发用户数")
    p.add_argument("--per-user", type=int, default=10, help="每个用户提问几次（默认 10）")
    p.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="每次回答后停顿的秒数（模拟阅读；默认 0 = 压力测试）",
    )
    p.add_argument(
        "--long", type=int, default=0, help="另有几个客户端不停地发送 1000 字的问题（默认 0）"
    )
    p.add_argument(
        "--sessions", type=int, default=0, help="改测会话内存：打开这么多聊天会话（默认 0 不测）"
    )
    p.add_argument("--turns", type=int, default=1, help="会话内存测试中每个会话提问几次")
    p.add_argument(
        "--db-lock",
        type=float,
        default=0,
        help="改测问题记录：把数据库锁住这么多秒，其间提问，再数记下了几个（默认 0 不测）",
    )
    p.add_argument(
        "--pg-restart",
        type=float,
        default=0,
        help="改测数据库重启：2 个副本在 nginx 之后，PostgreSQL 停机这么多秒再启动（默认 0 不测）",
    )
    p.set_defaults(func=_load)
    p = sub.add_parser("bench", help="性能测试（打印数字，不是测试）")
    p.add_argument("--scale", type=int, default=100_000, help="合成规模测试的段落数（0 跳过）")
    p.add_argument(
        "--bank-size", type=int, default=0, help="再用这么多条合成的已核对问题测回答延迟（0 跳过）"
    )
    p.add_argument(
        "--log",
        type=int,
        default=100_000,
        help="培训师工作台：造这么多个问题的反馈库再计时（0 跳过）",
    )
    p.add_argument(
        "--library",
        type=int,
        default=500,
        help="文章库：生成这么多篇文章测内存，并测发布到可回答的时间（0 跳过）",
    )
    p.set_defaults(func=_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env(
            corpus_dir=args.corpus, index_dir=args.index, embed_model=args.model
        )
        return args.func(args, settings)
    except RagError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"错误：{describe_os_error(e)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
