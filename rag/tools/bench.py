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
from dataclasses import replace
from pathlib import Path

import numpy as np

from rag.answer.compose import Answerer
from rag.core.settings import Settings
from rag.retrieval.bank import BankEntry, QuestionBank, paragraph_hash
from rag.retrieval.chunking import paragraph_texts
from rag.retrieval.search import Retriever, reference_sample


def _rss_mb() -> float:
    """Resident memory of this process in MB (Linux /proc)."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def percentiles(samples: list[float]) -> tuple[float, float]:
    """Median and 95th percentile (nearest rank)."""
    s = sorted(samples)
    return statistics.median(s), s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]


def _timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def search_latency(r: Retriever, questions: list[str]) -> dict[str, float]:
    """Per-query hybrid search latency in a warm process (ms), fresh query embeddings."""
    r.search("热身查询")
    samples = []
    for q in questions:
        r.clear_cache()  # measure the real embedding cost, not the LRU cache
        samples += _timed(lambda q=q: r.search(q), 1)
    p50, p95 = percentiles(samples)
    return {"queries": len(samples), "p50_ms": p50, "p95_ms": p95}


def answer_latency(answerer: Answerer, questions: list[str]) -> dict[str, float]:
    """End-to-end answer latency (retrieval, abstention, sentence selection) in a warm process,
    warmed as the app warms it (``AnswerService.warm``: jieba's part-of-speech tagger too)."""
    from rag.answer.facts import people

    answerer.ask("热身查询")
    people("")
    samples = []
    for q in questions:
        answerer.clear_cache()  # measure the work, not the caches
        samples += _timed(lambda q=q: answerer.ask(q), 1)
    p50, p95 = percentiles(samples)
    return {"queries": len(samples), "p50_ms": p50, "p95_ms": p95}


def cold_load(settings: Settings) -> float:
    """Seconds for a new process to load the built index and the model and answer one query."""
    code = (
        "import time;t=time.perf_counter();"
        "from rag.core.settings import Settings;from rag.retrieval.search import Retriever;"
        "from rag.answer.compose import Answerer;"
        f"r=Retriever.open(Settings().replace(index_dir={str(settings.index_dir)!r},"
        f"corpus_dir={str(settings.corpus_dir)!r},embed_model={settings.embed_model!r},"
        "auto_rebuild=False));"
        "Answerer(r).ask('如何做好群众工作');print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(f"cold-load process failed:\n{out.stderr}")
    return float(out.stdout.strip().splitlines()[-1])


def build_time(settings: Settings) -> dict[str, float]:
    """Full build of the seed corpus into a fresh folder: cold cache, then warm cache."""
    from rag.retrieval import index_store

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


def scale_dense(
    n: int,
    dim: int = 384,
    queries: int = 50,
    seed: int = 0,
    base: np.ndarray | None = None,
    query_vecs: np.ndarray | None = None,
    settings: Settings | None = None,
) -> dict[str, dict]:
    """Flat vs HNSW on ``n`` random unit vectors: build time, search p50, recall, memory.

    Queries are stored vectors plus noise, so each has one planted nearest neighbour (recall@1);
    the rest of a random top 10 is nearly equidistant, which makes recall@10 a worst case.
    """
    from rag.retrieval.dense import DenseIndex

    settings = settings or Settings()
    rng = np.random.default_rng(seed)
    vecs = _scale_vectors(n, dim, rng, base)
    if query_vecs is None:
        qs = vecs[rng.choice(n, queries, replace=False)]
        qs = qs + 0.1 * rng.standard_normal(qs.shape).astype(np.float32)
        query_vecs = qs / np.linalg.norm(qs, axis=1, keepdims=True)
    out: dict[str, dict] = {}
    truth: list[list[int]] = []
    index = None
    for kind, ef in (("flat", 0), ("hnsw", 64), ("hnsw", 256)):
        before = _rss_mb()
        t = time.perf_counter()
        if kind == "hnsw" and ef != 64 and index is not None:
            index.set_ef_search(ef)  # the same graph, searched more widely
            built = 0.0
        else:
            index = DenseIndex.build(vecs, kind, ef_search=ef or 64)
            built = time.perf_counter() - t
        lat, found, fusion = _time_searches(index, query_vecs, settings.fusion_sample)
        truth = truth or found
        pairs = list(zip(found, truth, strict=True))
        out["flat" if kind == "flat" else f"hnsw efSearch={ef}"] = {
            "build_s": built,
            "p50_ms": statistics.median(lat),
            "z_scores_p50_ms": statistics.median(fusion),
            "recall@1": statistics.mean(a[:1] == b[:1] for a, b in pairs),
            "recall@10": statistics.mean(len(set(a) & set(b)) / 10 for a, b in pairs),
            "memory_mb": _rss_mb() - before,
        }
    return out


def _scale_vectors(
    n: int, dim: int, rng: np.random.Generator, base: np.ndarray | None
) -> np.ndarray:
    """``n`` unit vectors: random, or (given real passage vectors ``base``) embedding-like
    mixtures of two real vectors, slightly perturbed."""
    if base is None:
        vecs = rng.standard_normal((n, dim)).astype(np.float32)
    else:
        w = rng.random((n, 1)).astype(np.float32)
        a, b = base[rng.integers(0, len(base), n)], base[rng.integers(0, len(base), n)]
        vecs = a * w + b * (1 - w)
        vecs += 0.02 * rng.standard_normal(vecs.shape).astype(np.float32)
    return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


def _time_searches(
    index, queries: np.ndarray, fusion_sample: int
) -> tuple[list[float], list[list[int]], list[float]]:
    """Per query: search ms, the top 10 found, and ms to score the z-score reference sample
    plus those candidates exactly (as hybrid search does)."""
    from rag.retrieval.dense import MultiViewDense

    reference = reference_sample(index.size, fusion_sample)
    view = MultiViewDense(index, None, np.zeros(0, dtype=np.int64))
    lat, found, fusion = [], [], []
    for q in queries:
        t = time.perf_counter()
        found.append([i for i, _ in index.search(q, 10)])
        lat.append((time.perf_counter() - t) * 1000)
    # Timed in its own loop: interleaving it with searches measured both slower.
    for q, hits in zip(queries, found, strict=True):
        t = time.perf_counter()
        view.scores(q, np.union1d(reference, hits))
        fusion.append((time.perf_counter() - t) * 1000)
    return lat, found, fusion


def scale_lexical(
    n: int, queries: int = 50, seed: int = 0, settings: Settings | None = None
) -> dict[str, dict]:
    """bm25s (jieba words + bigrams) on ``n`` generated Chinese passages."""
    from rag.corpus.essays import load_corpus
    from rag.retrieval.lexical import LexicalIndex, tokenizer
    from rag.retrieval.thesaurus import thesaurus_file

    settings = settings or Settings()
    rng = random.Random(seed)
    corpus = "".join(p.text for e in load_corpus(settings.essays_dir) for p in e.paragraphs)
    texts = _synthetic_texts(corpus, n, rng)
    before = _rss_mb()
    t = time.perf_counter()
    lex = LexicalIndex.build(texts, tokenizer(settings.lexical_bigrams), thesaurus_file())
    built = time.perf_counter() - t
    memory = _rss_mb() - before
    sample = rng.sample(texts, queries)
    weight = settings.expansion_weight
    plain, expanded = [], []
    for times, w in ((plain, 0.0), (expanded, weight)):
        for q in sample:
            lex.tokenizer.clear_cache()  # time the segmentation too, not the cache
            times += _timed(lambda q=q, w=w: lex.search(q, 10, w), 1)
    return {
        "bm25s": {
            "build_s": built,
            "p50_ms": statistics.median(plain),
            "with_synonyms_p50_ms": statistics.median(expanded),
            "memory_mb": memory,
        }
    }


def synthetic_bank(r: Retriever, size: int, seed: int = 0) -> QuestionBank:
    """A bank of ``size`` made-up verified questions over the real paragraphs: embedding-like
    vectors (mixtures of the real passages' vectors) and question texts drawn from the corpus's
    characters, so that both similarity terms do their full work."""
    rng = np.random.default_rng(seed)
    pyrng = random.Random(seed)
    texts = _synthetic_texts("".join(c.text for c in r.chunks), size, pyrng)
    texts = [t[: pyrng.randint(8, 30)] + "？" for t in texts]
    base = np.stack([r.index.dense.chunks.vector(i) for i in range(r.index.dense.chunks.size)])
    vectors = _scale_vectors(size, base.shape[1], rng, base)
    paragraphs = paragraph_texts(r.chunks)
    ids = list(paragraphs)
    entries = []
    for t in texts:
        pid = ids[int(rng.integers(len(ids)))]
        entries.append(
            BankEntry(t, pid, paragraph_hash(paragraphs[pid]), True, "合成", "", "bench")
        )
    return r.make_bank(entries, vectors)


def bank_latency(r: Retriever, questions: list[str], size: int) -> dict[str, float]:
    """End-to-end answer latency with a bank of ``size`` questions; the time a new mark takes
    to reach answers (its question embedded, a bank that size made again, swapped in as the
    service does, and the marked question answered with it: its entry votes, the last bank's
    lessons serve meanwhile); and the time its lessons then take to learn, in the background."""
    answerer = Answerer(r.with_bank(synthetic_bank(r, size)))
    lat = answer_latency(answerer, questions)
    old = answerer.retriever
    bank = old.bank
    marked = "新标记的问题？"
    entries = [*bank.entries, replace(bank.entries[0], question=marked)]
    t = time.perf_counter()
    vectors = np.concatenate([bank.vectors, r.question_vectors([marked])])
    new = old.with_bank(old.make_bank(entries, vectors), interim=True)
    Answerer(new).ask(marked)
    mark = time.perf_counter() - t
    t = time.perf_counter()
    new.learn_lessons()
    return {**lat, "size": size, "mark_s": mark, "lessons_s": time.perf_counter() - t}


def run(
    settings: Settings,
    scale_n: int = 100_000,
    bank_size: int = 0,
    log_n: int = 100_000,
    library_n: int = 500,
) -> None:
    """Print every figure; called by `python -m rag bench`."""
    from rag.tools.evaluate import load_questions

    questions = [q.question for q in load_questions()]
    print(
        f"机器：{os.cpu_count()} 核，Python {sys.version.split()[0]}，模型 {settings.embed_model}"
    )
    b = build_time(settings)
    print(
        f"完整建索引（{b['chunks']} 段落块、{b['sentences']} 句）："
        f"冷缓存 {b['cold_s']:.1f} s，热缓存 {b['warm_s']:.1f} s"
    )
    from rag.retrieval import index_store

    index_store.load(settings)  # make sure the real index is built before timing loads
    print(f"冷启动加载索引并回答一个问题：{cold_load(settings):.2f} s")
    answerer = Answerer(Retriever.open(settings))
    lat = search_latency(answerer.retriever, questions)
    print(
        f"检索延迟（热进程，{lat['queries']} 个问题）："
        f"p50 {lat['p50_ms']:.1f} ms，p95 {lat['p95_ms']:.1f} ms"
    )
    ans = answer_latency(answerer, questions)
    print(
        f"端到端回答延迟（热进程，{ans['queries']} 个问题）："
        f"p50 {ans['p50_ms']:.1f} ms，p95 {ans['p95_ms']:.1f} ms"
    )
    if bank_size:
        b = bank_latency(answerer.retriever, questions, bank_size)
        print(
            f"已核对题库 {b['size']} 条时的端到端回答延迟：p50 {b['p50_ms']:.1f} ms，"
            f"p95 {b['p95_ms']:.1f} ms；一条新标记生效（重建该规模的题库并用它回答）"
            f"{b['mark_s']:.2f} s，其后台学习（词法扩展和查询映射）{b['lessons_s']:.2f} s"
        )
    if log_n:
        from rag.tools.bench_desk import desk_latency

        d = desk_latency(answerer, questions, log_n)
        print(
            f"培训师工作台（{d.pop('questions')} 个问题、{d.pop('citations')} 条出处的反馈库，"
            f"造库 {d.pop('seed_s'):.0f} s；每项取 5 次的中位数，目标 ≤ 300 ms）："
        )
        print("  " + "，".join(f"{k} {v:.0f} ms" for k, v in d.items()))
    if library_n:
        from rag.tools.bench_library import library_memory, publish_to_answer

        p = publish_to_answer(settings)
        print(
            f"文章库：发布一篇 10 页的文章（{p['chars']:.0f} 字）到能回答并引用它："
            f"{p['total_s']:.1f} s（发布 {p['publish_s']:.2f} s，后台重建索引 "
            f"{p['rebuild_s']:.1f} s，回答 {p['answer_s']:.2f} s；引用到新文章：{p['cited'] == 1}）"
        )
        m = library_memory(settings, library_n)
        print(
            f"文章库 {m['essays']} 篇（{m['chunks']} 个段落块、{m['sentences']} 个句子）："
            f"应用进程内存 {m['rss_mb']:.0f} MB，加载 {m['load_s']:.1f} s，"
            f"建索引 {m['build_s']:.0f} s"
        )
    if scale_n:
        c = checksum_cost(settings, scale_n)
        print(
            f"启动时校验索引文件（sha256）：本索引 {c['mb']:.0f} MB 用 {1000 * c['s']:.0f} ms；"
            f"{scale_n} 个段落块的索引约 {c['scaled_mb']:.0f} MB，用 {c['scaled_s']:.2f} s"
        )
        _print_scale(answerer.retriever, scale_n)


def checksum_cost(settings: Settings, scale_n: int) -> dict[str, float]:
    """The start-up check of the index files (sha256 of each): its time on this index, and on
    one of ``scale_n`` chunks (a file of the size such an index would have, bytes per chunk
    as here)."""
    from rag.retrieval import index_store

    manifest = index_store.read_manifest(settings.index_dir) or {}
    names = manifest.get("files", {}).values()
    t = time.perf_counter()
    sums = index_store.file_checksums(settings.index_dir, names)
    here_s = time.perf_counter() - t
    size = sum((settings.index_dir / n).stat().st_size for n in sums)
    chunks = int(manifest.get("counts", {}).get("chunks") or 1)
    scaled = size * scale_n // max(1, chunks)
    with tempfile.TemporaryDirectory(prefix="rag-bench-") as tmp:
        block = os.urandom(1 << 20)
        with open(Path(tmp) / "index.bin", "wb") as f:
            for _ in range(max(1, scaled >> 20)):
                f.write(block)
        t = time.perf_counter()
        index_store.file_checksums(Path(tmp), ["index.bin"])
        scaled_s = time.perf_counter() - t
    return {"mb": size / 2**20, "s": here_s, "scaled_mb": scaled / 2**20, "scaled_s": scaled_s}


def _print_scale(r: Retriever, scale_n: int) -> None:
    """The synthetic scale runs: random and embedding-like vectors, generated Chinese text."""
    from rag.tools.evaluate import load_questions

    print(f"规模测试：{scale_n} 个合成段落")
    dense = r.index.dense
    base = np.stack(
        [dense.chunks.vector(i) for i in range(dense.chunks.size)]
        + [dense.sentences.vector(i) for i in range(dense.sentences.size)]
    )
    qv = r.embedder.embed_queries([q.question for q in load_questions()[:50]])
    runs = {
        "随机单位向量": scale_dense(scale_n, settings=r.settings),
        "类嵌入向量（真实段落向量的混合，真实问题作查询）": scale_dense(
            scale_n, base=base, query_vecs=qv, settings=r.settings
        ),
        "合成中文文本": scale_lexical(scale_n, settings=r.settings),
    }
    for label, rows in runs.items():
        print(f"  {label}：")
        for name, row in rows.items():
            parts = [
                f"{k} {v:.3f}" if k.startswith("recall") else f"{k} {v:.1f}" for k, v in row.items()
            ]
            print(f"    {name}: " + "，".join(parts))
