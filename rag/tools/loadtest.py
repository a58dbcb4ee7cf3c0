"""Load run (`python -m rag load`): concurrent gradio_client users against the app, loopback only.

Not a test: prints throughput, latency percentiles, errors and the server's memory. Bounded in
requests and time, and refuses any address but the loopback.
"""

from __future__ import annotations

import random
import threading
import time
import urllib.parse
from typing import Any

from rag.core.errors import InputError
from rag.core.net import is_loopback
from rag.tools.servers import start_app


def check_loopback(url: str) -> None:
    host = urllib.parse.urlparse(url).hostname or ""
    if not is_loopback(host):
        raise InputError(f"负载测试只允许本机地址（127.0.0.1），拒绝 {host!r}。")


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run_users(
    url: str,
    questions: list[str],
    users: int,
    per_user: int,
    think: float = 0.0,
    time_limit: float = 300.0,
) -> dict[str, Any]:
    """``users`` threads, each with its own client, each asking ``per_user`` questions and
    pausing ``think`` seconds (±50 %) after each answer; ``think=0`` is a closed-loop stress."""
    from gradio_client import Client

    check_loopback(url)
    clients = [Client(url, verbose=False) for _ in range(users)]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + time_limit
    barrier = threading.Barrier(users)
    # With pauses, users arrive spread over one pause (as people do) instead of all at once.
    ramp = think

    def user(k: int) -> None:
        barrier.wait()
        if ramp:
            time.sleep(random.uniform(0, ramp))
        for i in range(per_user):
            if time.monotonic() > stop_at:
                return
            q = questions[(k * per_user + i) % len(questions)]
            t = time.perf_counter()
            try:
                out = clients[k].predict(q, api_name="/ask")
                ok = isinstance(out, dict) and "answer" in out
                err = "" if ok else f"unexpected reply: {str(out)[:80]}"
            except Exception as e:  # noqa: BLE001 - every failure is counted and reported
                err = f"{type(e).__name__}: {e}"
            with lock:
                latencies.append(time.perf_counter() - t)
                if err:
                    errors.append(err)
            if think:
                time.sleep(think * random.uniform(0.5, 1.5))

    started = time.perf_counter()
    threads = [threading.Thread(target=user, args=(k,)) for k in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return _summary(users, latencies, errors, time.perf_counter() - started)


def _summary(users: int, latencies: list[float], errors: list[str], wall: float) -> dict[str, Any]:
    """Requests, errors, throughput and latency percentiles of one load run."""
    from rag.tools.bench import percentiles

    p50, p95 = percentiles([1000 * t for t in latencies]) if latencies else (0.0, 0.0)
    return {
        "users": users,
        "requests": len(latencies),
        "errors": len(errors),
        "throughput_rps": len(latencies) / wall if wall else 0.0,
        "p50_ms": p50,
        "p95_ms": p95,
        "first_error": errors[0] if errors else "",
    }


def run(url: str | None, user_counts: list[int], per_user: int, think: float = 0.0) -> None:
    from rag.tools.evaluate import load_questions

    questions = [q.question for q in load_questions()]
    app = None
    if url is None:
        # Every simulated user comes from 127.0.0.1: the per-address limit (meant for a public
        # server) would throttle the run itself.
        app = start_app({"RAG_RATE_PER_CLIENT": "1000000", "RAG_BURST_PER_CLIENT": "100000"})
        url = app.url
    check_loopback(url)
    try:
        before = rss_mb(app.pid) if app else 0.0
        mode = f"每次回答后停 {think} 秒左右" if think else "不停顿（压力测试）"
        print(f"目标 {url}；每个用户提问 {per_user} 次（开发问题集），{mode}")
        for n in user_counts:
            r = run_users(url, questions, n, per_user, think)
            print(
                f"{n:>3} 个并发用户：{r['requests']} 次请求，错误 {r['errors']}，"
                f"吞吐 {r['throughput_rps']:.1f} 次/秒，"
                f"p50 {r['p50_ms']:.0f} ms，p95 {r['p95_ms']:.0f} ms"
                + (f"（首个错误：{r['first_error']}）" if r["errors"] else "")
            )
        if app:
            print(f"服务进程内存：开始 {before:.0f} MB，结束 {rss_mb(app.pid):.0f} MB")
    finally:
        if app:
            app.stop()
