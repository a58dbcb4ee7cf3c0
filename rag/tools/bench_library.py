"""The essay library's figures (`python -m rag bench --library N`): the time from 发布 to the
first answer citing a new 10-page essay, in a running service; and the memory of a service
over a library of N generated essays (built in a temporary folder, measured in a new process).
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rag.core.settings import PROJECT_ROOT, Settings
from rag.corpus.essays import load_corpus


def _sentence(chars: list[str], rng: random.Random) -> str:
    return "".join(rng.choices(chars, k=rng.randint(12, 30))) + "。"


def generated_essay(chars: list[str], rng: random.Random, paragraphs: int, title: str) -> str:
    """A Markdown essay of generated sentences (characters drawn from the corpus), with a
    heading every six paragraphs."""
    out = [f"# {title}", ""]
    for i in range(paragraphs):
        if i % 6 == 0:
            out += [f"## 第{i // 6 + 1}部分", ""]
        out += ["".join(_sentence(chars, rng) for _ in range(rng.randint(4, 7))), ""]
    return "\n".join(out)


def _corpus_chars(settings: Settings) -> list[str]:
    text = "".join(p.text for e in load_corpus(settings.essays_dir) for p in e.paragraphs)
    return [c for c in text if "\u4e00" <= c <= "\u9fff"]


def _copy_corpus(settings: Settings, root: Path) -> None:
    """The essays and the seed bank into ``root/corpus`` (the raw page is not needed)."""
    shutil.copytree(settings.essays_dir, root / "corpus" / "essays")
    bank = settings.corpus_dir / "bank"
    if bank.is_dir():
        shutil.copytree(bank, root / "corpus" / "bank")


def publish_to_answer(settings: Settings, seed: int = 0) -> dict[str, float]:
    """Seconds from 发布 of a 10-page essay (66 paragraphs, about 8,000 characters) to an
    answer citing it, in a service over a copy of the corpus and index: publish, the
    background rebuild (re-embedding the new text only), the first answer."""
    from rag.answer.service import Service
    from rag.library.library import Library

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="rag-bench-library-") as tmp:
        root = Path(tmp)
        _copy_corpus(settings, root)
        shutil.copytree(settings.index_dir, root / "index")
        s = settings.replace(corpus_dir=root / "corpus", index_dir=root / "index")
        service = Service(s)
        text = generated_essay(_corpus_chars(s), rng, 66, "压测文章")
        probe = text.split("\n")[6][:20]  # the start of a paragraph, as a question
        t0 = time.perf_counter()
        version = Library(s).add(text.encode("utf-8"), "压测文章.md", "bench")
        t1 = time.perf_counter()
        service.refresh(now=True)
        service.wait_for_rebuild(600)
        t2 = time.perf_counter()
        answer = service.answerer.reply(probe)
        t3 = time.perf_counter()
        new_id = version.essays[0]
        return {
            "chars": len(text),
            "publish_s": t1 - t0,
            "rebuild_s": t2 - t1,
            "answer_s": t3 - t2,
            "total_s": t3 - t0,
            "cited": float(any(c.essay_id == new_id for c in answer.citations)),
        }


_MEASURE = """
import json, os, sys, time
from rag.core.settings import Settings
from rag.answer.service import Service
s = Settings.from_env(corpus_dir=sys.argv[1], index_dir=sys.argv[2])
t = time.perf_counter()
service = Service(s)
service.answerer.reply("群众工作怎么做？")
with open("/proc/self/statm") as f:
    rss = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
print(json.dumps({"rss_mb": rss, "load_s": time.perf_counter() - t,
                  "essays": len(service.essays)}))
"""


def library_memory(settings: Settings, n: int, seed: int = 0) -> dict[str, float]:
    """Memory (RSS, MB) and load time of a service over the corpus plus generated essays up to
    ``n`` (each 6 paragraphs, about 800 characters), index built first."""
    from rag.retrieval import index_store

    rng = random.Random(seed)
    chars = _corpus_chars(settings)
    with tempfile.TemporaryDirectory(prefix="rag-bench-library-") as tmp:
        root = Path(tmp)
        essays = root / "corpus" / "essays"
        _copy_corpus(settings, root)
        have = len(load_corpus(essays))
        for i in range(have + 1, n + 1):
            (essays / f"g{i}.md").write_text(
                generated_essay(chars, rng, 6, f"生成文章{i}"), encoding="utf-8"
            )
        s = settings.replace(corpus_dir=root / "corpus", index_dir=root / "index")
        t = time.perf_counter()
        manifest = index_store.build(s)
        build_s = time.perf_counter() - t
        out = subprocess.run(
            [sys.executable, "-c", _MEASURE, str(s.corpus_dir), str(s.index_dir)],
            capture_output=True,
            text=True,
            check=True,
            timeout=1800,
            cwd=PROJECT_ROOT,
        )
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        return {**figures, "build_s": build_s, **manifest["counts"]}
