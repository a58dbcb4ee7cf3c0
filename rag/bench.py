"""Benchmarks (`python -m rag bench`): latency, cold load, build time and a 100k-chunk scale run.

Prints figures; nothing here is a test. Run on an otherwise idle machine.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from rag.settings import Settings


def _rss_mb() -> float:
    """Resident memory of this process in MB (Linux /proc)."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _percentiles(samples: list[float]) -> tuple[float, float]:
    s = sorted(samples)
    return statistics.median(s), s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]


def _timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def search_latency(settings: Settings, questions: list[str]) -> dict[str, float]:
    """Per-query hybrid search latency in a warm process (ms), fresh query embeddings."""
    from rag.search import Retriever

    r = Retriever.open(settings)
    r.search("热身查询")
    samples = []
    for q in questions:
        r._embed_query.cache_clear()  # measure the real embedding cost, not the LRU cache
        samples += _timed(lambda q=q: r.search(q), 1)
    p50, p95 = _percentiles(samples)
    return {"queries": len(samples), "p50_ms": p50, "p95_ms": p95}


def cold_load(settings: Settings) -> float:
    """Seconds for a new process to load the built index and the model and answer one query."""
    code = (
        "import time;t=time.perf_counter();"
        "from rag.settings import Settings;from rag.search import Retriever;"
        f"r=Retriever.open(Settings().replace(index_dir={str(settings.index_dir)!r},"
        f"corpus_dir={str(settings.corpus_dir)!r},embed_model={settings.embed_model!r},"
        "auto_rebuild=False));"
        "r.search('如何做好群众工作');print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(f"cold-load process failed:\n{out.stderr}")
    return float(out.stdout.strip().splitlines()[-1])


def build_time(settings: Settings) -> dict[str, float]:
    """Full build of the seed corpus into a fresh folder: cold cache, then warm cache."""
    from rag import index_store

    with tempfile.TemporaryDirectory() as tmp:
        s = settings.replace(index_dir=Path(tmp))
        t = time.perf_counter()
        m = index_store.build(s)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        index_store.build(s)
        warm = time.perf_counter() - t
    return {
        "cold_s": cold,
        "warm_s": warm,
        "chunks": m["counts"]["chunks"],
        "sentences": m["counts"]["sentences"],
    }


def _synthetic_texts(corpus_text: str, n: int, rng: random.Random) -> list[str]:
    """Chinese-looking passages: runs of characters drawn from the corpus' own distribution."""
    chars = [c for c in corpus_text if "\u4e00" <= c <= "\u9fff"]
    return ["".join(rng.choices(chars, k=rng.randint(60, 200))) for _ in range(n)]


def scale(n: int, dim: int = 384, queries: int = 50, seed: int = 0) -> dict[str, dict[str, float]]:
    """Flat vs HNSW vs bm25s on ``n`` synthetic chunks: build time, search p50, recall, memory."""
    from rag.corpus import load_corpus
    from rag.dense import DenseIndex
    from rag.lexical import LexicalIndex, tokenizer

    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    out: dict[str, dict[str, float]] = {}
    vecs = np_rng.standard_normal((n, dim)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    qs = vecs[np_rng.choice(n, queries, replace=False)] + 0.1 * np_rng.standard_normal(
        (queries, dim)
    ).astype(np.float32)
    qs /= np.linalg.norm(qs, axis=1, keepdims=True)
    truth = None
    for kind in ("flat", "hnsw"):
        before = _rss_mb()
        t = time.perf_counter()
        index = DenseIndex.build(vecs, kind)
        built = time.perf_counter() - t
        lat, found = [], []
        for q in qs:
            t = time.perf_counter()
            found.append([i for i, _ in index.search(q, 10)])
            lat.append((time.perf_counter() - t) * 1000)
        if truth is None:
            truth = found
        recall = statistics.mean(
            len(set(a) & set(b)) / 10 for a, b in zip(found, truth, strict=True)
        )
        out[kind] = {
            "build_s": built,
            "p50_ms": statistics.median(lat),
            "recall@10": recall,
            "memory_mb": _rss_mb() - before,
        }
        del index
    corpus = "".join(p.text for e in load_corpus(Settings().essays_dir) for p in e.paragraphs)
    texts = _synthetic_texts(corpus, n, rng)
    before = _rss_mb()
    t = time.perf_counter()
    lex = LexicalIndex.build(texts, tokenizer(True))
    built = time.perf_counter() - t
    lat = [_timed(lambda q=q: lex.search(q, 10), 1)[0] for q in rng.sample(texts, queries)]
    out["bm25s"] = {
        "build_s": built,
        "p50_ms": statistics.median(lat),
        "memory_mb": _rss_mb() - before,
    }
    return out


def run(settings: Settings, scale_n: int = 100_000) -> None:
    """Print every figure; called by `python -m rag bench`."""
    from rag.evaluate import load_questions

    questions = [q.question for q in load_questions()]
    print(
        f"机器：{os.cpu_count()} 核，Python {sys.version.split()[0]}，模型 {settings.embed_model}"
    )
    b = build_time(settings)
    print(
        f"完整建索引（{b['chunks']} 段落块、{b['sentences']} 句）："
        f"冷缓存 {b['cold_s']:.1f} s，热缓存 {b['warm_s']:.1f} s"
    )
    from rag import index_store

    index_store.load(settings)  # make sure the real index is built before timing loads
    print(f"冷启动加载索引并回答一个问题：{cold_load(settings):.2f} s")
    lat = search_latency(settings, questions)
    print(
        f"检索延迟（热进程，{lat['queries']} 个问题）："
        f"p50 {lat['p50_ms']:.1f} ms，p95 {lat['p95_ms']:.1f} ms"
    )
    if scale_n:
        print(f"规模测试：{scale_n} 个合成段落（随机单位向量 + 语料字频生成的中文）")
        for name, row in scale(scale_n).items():
            parts = [f"{k} {v:.3f}" if k == "recall@10" else f"{k} {v:.1f}" for k, v in row.items()]
            print(f"  {name}: " + "，".join(parts))
