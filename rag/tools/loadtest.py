"""Load run (`python -m rag load`): concurrent gradio_client users against the app, loopback only.

Not a test: prints throughput, latency percentiles, errors and the server's memory. Bounded in
requests and time, and refuses any address but the loopback.
"""

from __future__ import annotations

import json
import random
import secrets
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

from rag.core.errors import InputError
from rag.core.net import is_loopback
from rag.tools.servers import AppProcess, start_app

TOO_MANY = "请求太频繁"  # the start of the app's throttling message


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


LONG_CHARS = 1000  # a "long question" of the load run


def long_question(questions: list[str], rng: random.Random, chars: int = LONG_CHARS) -> str:
    """A question of ``chars`` characters never asked before (no cache helps): the set's
    questions in a random order run together as one question, so that it is not split into
    parts either."""
    text = ""
    while len(text) < chars:
        text += rng.choice(questions).rstrip("？?") + "，"
    return text[: chars - 1] + "？"


def run_users(
    url: str,
    questions: list[str],
    users: int,
    per_user: int,
    think: float = 0.0,
    time_limit: float = 300.0,
    long_users: int = 0,
) -> dict[str, Any]:
    """``users`` threads, each with its own client, each asking ``per_user`` questions and
    pausing ``think`` seconds (±50 %) after each answer; ``think=0`` is a closed-loop stress.
    ``long_users`` more clients send 1,000-character questions without pausing for as long as
    the others run; their figures are reported apart (``long``)."""
    import httpx

    check_loopback(url)
    # Plain HTTP, one connection and one session per user: the request a script makes
    # (POST /gradio_api/run/ask). gradio_client would cost this machine more than the server.
    clients = [httpx.Client(base_url=url, timeout=120) for _ in range(users + long_users)]
    sessions = [secrets.token_hex(6) for _ in clients]
    latencies: list[float] = []
    errors: list[str] = []
    long_latencies: list[float] = []
    long_errors: list[str] = []
    throttled = [0, 0]  # ordinary, long
    lock = threading.Lock()
    stop_at = time.monotonic() + time_limit
    done = threading.Event()
    barrier = threading.Barrier(users + long_users)
    # With pauses, users arrive spread over one pause (as people do) instead of all at once.
    ramp = think

    def ask(k: int, q: str, long: bool) -> None:
        t = time.perf_counter()
        try:
            body = {"data": [q], "session_hash": sessions[k]}
            reply = clients[k].post("gradio_api/run/ask", json=body)
            reply.raise_for_status()
            out = (reply.json().get("data") or [None])[0]
            ok = isinstance(out, dict) and "answer" in out
            err = "" if ok else f"unexpected reply: {str(out)[:80]}"
            slowed = ok and TOO_MANY in str(out.get("answer", ""))
        except Exception as e:  # noqa: BLE001 - every failure is counted and reported
            err, slowed = f"{type(e).__name__}: {e}", False
        with lock:
            (long_latencies if long else latencies).append(time.perf_counter() - t)
            if err:
                (long_errors if long else errors).append(err)
            throttled[long] += slowed

    def user(k: int) -> None:
        barrier.wait()
        if ramp:
            time.sleep(random.uniform(0, ramp))
        for i in range(per_user):
            if time.monotonic() > stop_at:
                return
            ask(k, questions[(k * per_user + i) % len(questions)], False)
            if think:
                time.sleep(think * random.uniform(0.5, 1.5))

    def long_user(k: int) -> None:
        rng = random.Random(k)
        barrier.wait()
        while not done.is_set() and time.monotonic() < stop_at:
            ask(k, long_question(questions, rng), True)

    started = time.perf_counter()
    threads = [threading.Thread(target=user, args=(k,)) for k in range(users)]
    spammers = [threading.Thread(target=long_user, args=(users + k,)) for k in range(long_users)]
    for t in threads + spammers:
        t.start()
    for t in threads:
        t.join()
    done.set()
    for t in spammers:
        t.join()
    for c in clients:
        c.close()
    wall = time.perf_counter() - started
    out = _summary(users, latencies, errors, wall)
    out["throttled"] = throttled[0]
    if long_users:
        out["long"] = _summary(long_users, long_latencies, long_errors, wall)
        out["long"]["throttled"] = throttled[1]
    return out


def chat_event(url: str) -> tuple[int, int, int]:
    """The chat's ask event from the app's config (fn index, trigger id, number of inputs):
    the question box's submit, as the browser sends it."""
    import httpx

    config = httpx.get(url + "config", timeout=30).json()
    box = next(
        c["id"] for c in config["components"] if c.get("props", {}).get("elem_id") == "question"
    )
    for dep in config["dependencies"]:
        if [box, "submit"] in [list(t) for t in dep["targets"]]:
            return dep["id"], box, len(dep["inputs"])
    raise InputError("在应用的配置中找不到聊天的提问事件。")


def _value(output: Any) -> Any:
    """An event's output as the page shows it (an update's value, e.g. the chat's messages
    sent with their 👍/👎 states)."""
    if isinstance(output, dict) and output.get("__type__") == "update" and "value" in output:
        return output["value"]
    return output


def chat(client: Any, event: tuple[int, int, int], session: str, question: str) -> list[Any]:
    """Ask ``question`` in the chat of ``session`` as the page does (the session's state
    travels as nulls) and return the event's outputs (the chat's messages first); raises if
    the app reports a failure."""
    fn, trigger, inputs = event
    body = {
        "data": [question] + [None] * (inputs - 1),
        "fn_index": fn,
        "session_hash": session,
        "event_data": None,
        "trigger_id": trigger,
    }
    client.post("gradio_api/queue/join", json=body).raise_for_status()
    params = {"session_hash": session}
    with client.stream("GET", "gradio_api/queue/data", params=params) as stream:
        for line in stream.iter_lines():
            if "process_completed" in line:
                message = json.loads(line.removeprefix("data:"))
                if not message.get("success"):
                    raise InputError(f"聊天提问失败：{line[:300]}")
                data = (message.get("output") or {}).get("data") or []
                return [_value(o) for o in data]
    raise InputError("聊天提问没有得到回答。")


def run_db_lock(seconds: float, questions: list[str], asked: int = 40) -> dict[str, Any]:
    """Start the app with a fresh question log, hold an exclusive lock on that database for
    ``seconds`` (longer than its 30-second busy timeout) while ``asked`` questions are asked in
    the chat, then release it and count what the log kept."""
    import sqlite3

    from rag.trainer.store import FeedbackStore

    with tempfile.TemporaryDirectory(prefix="rag-lock-") as data:
        db = Path(data) / "feedback.sqlite3"
        env = {"RAG_DATA_DIR": data, "RAG_FEEDBACK_DB": str(db)}
        app = start_app(env)
        try:
            event = chat_event(app.url)
            locker = sqlite3.connect(db, isolation_level=None)
            locker.execute("BEGIN EXCLUSIVE")
            locked_at = time.monotonic()
            latencies = []
            import httpx

            with httpx.Client(base_url=app.url, timeout=120) as client:
                for i in range(asked):
                    t = time.perf_counter()
                    chat(client, event, secrets.token_hex(6), questions[i % len(questions)])
                    latencies.append(1000 * (time.perf_counter() - t))
                    time.sleep(max(0.0, seconds / asked - (time.perf_counter() - t)))
            time.sleep(max(0.0, seconds - (time.monotonic() - locked_at)))
            held = time.monotonic() - locked_at
            locker.execute("COMMIT")
            locker.close()
            store = FeedbackStore(db)
            deadline = time.monotonic() + 120
            while len(store.questions(limit=10 * asked)) < asked and time.monotonic() < deadline:
                time.sleep(0.5)
            kept = len(store.questions(limit=10 * asked))
        finally:
            app.stop()
    from rag.tools.bench import percentiles

    p50, p95 = percentiles(latencies)
    return {"held_s": held, "asked": asked, "kept": kept, "p50_ms": p50, "p95_ms": p95}


def run_pg_restart(
    questions: list[str],
    down: float,
    replicas: int = 2,
    users: int = 6,
    seconds: float = 60.0,
    think: float = 0.5,
) -> dict[str, Any]:
    """``replicas`` apps behind nginx sharing a private PostgreSQL; ``users`` chat users (the
    page's event, so every question is logged) ask through nginx for ``seconds``; a third of the
    way in the server stops for ``down`` seconds and starts again. Returns the errors and the
    latencies before, during and after the outage, and how many of the asked questions the
    database holds once the replicas have written what they kept meanwhile."""
    import httpx

    from rag.tools.bench import percentiles
    from rag.tools.replicas import Replicas
    from rag.trainer.store import FeedbackStore

    # One address and few sessions asking fast: the limits meant for people are lifted.
    env = {
        "RAG_RATE_PER_CLIENT": "1000000",
        "RAG_BURST_PER_CLIENT": "100000",
        "RAG_RATE_PER_SESSION": "1000000",
        "RAG_BURST_PER_SESSION": "100000",
    }
    phases: dict[str, list[float]] = {"before": [], "during": [], "after": []}
    errors: list[str] = []
    asked = [0]
    lock = threading.Lock()
    outage = [float("inf"), float("inf")]  # when the server stopped, when it answered again
    with Replicas(replicas, env=env) as r:
        event = chat_event(r.url)
        started = time.monotonic()
        stop_at = started + seconds

        def user(k: int) -> None:
            rng = random.Random(k)
            with httpx.Client(base_url=r.url, timeout=120) as client:  # keeps nginx's cookie
                session = secrets.token_hex(6)
                while time.monotonic() < stop_at:
                    t = time.monotonic()
                    try:
                        out = chat(client, event, session, rng.choice(questions))
                        err = "throttled" if TOO_MANY in json.dumps(out, ensure_ascii=False) else ""
                    except Exception as e:  # noqa: BLE001 - every failure is counted
                        err = f"{type(e).__name__}: {e}"[:200]
                    took = time.monotonic() - t
                    phase = "before" if t < outage[0] else "during" if t < outage[1] else "after"
                    with lock:
                        asked[0] += not err
                        phases[phase].append(took)
                        if err:
                            errors.append(err)
                    time.sleep(think * rng.uniform(0.5, 1.5))

        threads = [threading.Thread(target=user, args=(k,)) for k in range(users)]
        for t in threads:
            t.start()
        time.sleep(seconds / 3)
        outage[0] = time.monotonic()
        assert r.pg is not None
        r.pg.restart(down)
        outage[1] = time.monotonic()
        for t in threads:
            t.join()
        store = FeedbackStore(r.env["RAG_FEEDBACK_DB"])
        deadline = time.monotonic() + 120
        while (kept := store.log_page("all", size=1).total) < asked[0]:
            if time.monotonic() > deadline:
                break
            time.sleep(1)
        store.close()
        spilled = sum(
            len((r.prefix / f"replica-{i + 1}" / "feedback-spill.jsonl").read_text().splitlines())
            for i in range(replicas)
            if (r.prefix / f"replica-{i + 1}" / "feedback-spill.jsonl").exists()
        )
    out: dict[str, Any] = {"asked": asked[0], "kept": kept, "errors": errors, "spilled": spilled}
    out["down_s"] = outage[1] - outage[0]
    for name, values in phases.items():
        p50, p95 = percentiles([1000 * v for v in values]) if values else (0.0, 0.0)
        out[name] = {"n": len(values), "p50_ms": p50, "p95_ms": p95}
    return out


def run_sessions(
    url: str, questions: list[str], sessions: int, turns: int, pid: int, workers: int = 6
) -> list[tuple[int, float]]:
    """Open ``sessions`` browser sessions, each asking ``turns`` questions in the chat (the
    queue protocol the page uses); returns (sessions so far, server memory MB) along the way."""
    import httpx

    check_loopback(url)
    event = chat_event(url)
    lock = threading.Lock()
    counter = iter(range(sessions))
    with httpx.Client(base_url=url, timeout=120) as client:  # the first answer loads models
        chat(client, event, secrets.token_hex(6), questions[0])
    time.sleep(3)  # and the app warms up in the background after its start
    marks: list[tuple[int, float]] = [(0, rss_mb(pid))]
    step = max(1, sessions // 10)

    def worker() -> None:
        with httpx.Client(base_url=url, timeout=120) as client:
            while True:
                with lock:
                    k = next(counter, None)
                if k is None:
                    return
                session = secrets.token_hex(6)
                for j in range(turns):
                    q = questions[(k * turns + j) % len(questions)]
                    chat(client, event, session, q)
                if (k + 1) % step == 0:
                    with lock:
                        marks.append((k + 1, rss_mb(pid)))

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(marks)


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


def run(
    url: str | None,
    user_counts: list[int],
    per_user: int,
    think: float = 0.0,
    long_users: int = 0,
    sessions: int = 0,
    turns: int = 1,
    db_lock: float = 0.0,
    pg_restart: float = 0.0,
) -> None:
    """The load run: ``user_counts`` rounds of ordinary users (next to ``long_users`` clients
    sending 1,000-character questions), or with ``sessions`` the server's memory as that many
    chat sessions of ``turns`` questions open. Without ``url`` it starts the app itself, with
    its log and keys in a temporary folder."""
    from rag.tools.evaluate import load_questions

    questions = [q.question for q in load_questions()]
    if pg_restart:
        r = run_pg_restart(questions, pg_restart)
        phases = "；".join(
            f"{label} {r[k]['n']} 次 p50 {r[k]['p50_ms']:.0f} ms / p95 {r[k]['p95_ms']:.0f} ms"
            for k, label in (("before", "停机前"), ("during", "停机中"), ("after", "恢复后"))
        )
        print(
            f"2 个副本在 nginx 之后，PostgreSQL 停机 {r['down_s']:.1f} 秒后重启：{phases}；"
            f"出错 {len(r['errors'])} 次；成功提问 {r['asked']} 次，数据库记下 {r['kept']} 个"
            f"（丢失 {max(0, r['asked'] - r['kept'])} 个；暂存待下次启动写入 {r['spilled']} 个）"
        )
        for e in r["errors"][:5]:
            print("  错误：", e)
        return
    if db_lock:
        r = run_db_lock(db_lock, questions)
        print(
            f"问题记录数据库被锁住 {r['held_s']:.0f} 秒，其间在聊天中提问 {r['asked']} 次："
            f"回答 p50 {r['p50_ms']:.0f} ms，p95 {r['p95_ms']:.0f} ms；"
            f"解锁后记录下 {r['kept']} 个问题（丢失 {r['asked'] - r['kept']} 个）"
        )
        return
    app = None
    with tempfile.TemporaryDirectory(prefix="rag-load-") as data:
        if url is None:
            env = {
                # Every simulated user comes from 127.0.0.1: the per-address limit (meant for a
                # public server) would throttle the run itself.
                "RAG_RATE_PER_CLIENT": "1000000",
                "RAG_BURST_PER_CLIENT": "100000",
                "RAG_DATA_DIR": data,
                "RAG_FEEDBACK_DB": str(Path(data) / "feedback.sqlite3"),
            }
            app = start_app(env)
            url = app.url
        check_loopback(url)
        try:
            if sessions:
                if app is None:
                    raise InputError("会话内存测试需要自己启动应用（不要给 --url）。")
                _sessions(app.url, questions, sessions, turns, app.pid)
            else:
                _rounds(url, questions, user_counts, per_user, think, long_users, app)
        finally:
            if app:
                app.stop()


def _rounds(
    url: str,
    questions: list[str],
    user_counts: list[int],
    per_user: int,
    think: float,
    long_users: int,
    app: AppProcess | None,
) -> None:
    before = rss_mb(app.pid) if app else 0.0
    mode = f"每次回答后停 {think} 秒左右" if think else "不停顿（压力测试）"
    print(f"目标 {url}；每个用户提问 {per_user} 次（开发问题集），{mode}")
    if long_users:
        print(f"同时另有 {long_users} 个客户端不停地发送 {LONG_CHARS} 字的问题")
    for n in user_counts:
        r = run_users(url, questions, n, per_user, think, long_users=long_users)
        print(f"{n:>3} 个并发用户：" + _line(r))
        if long_users:
            print(f"    {long_users} 个长问题客户端：" + _line(r["long"]))
    if app:
        print(f"服务进程内存：开始 {before:.0f} MB，结束 {rss_mb(app.pid):.0f} MB")


def _line(r: dict[str, Any]) -> str:
    return (
        f"{r['requests']} 次请求，错误 {r['errors']}，限流 {r['throttled']}，"
        f"吞吐 {r['throughput_rps']:.1f} 次/秒，"
        f"p50 {r['p50_ms']:.0f} ms，p95 {r['p95_ms']:.0f} ms"
        + (f"（首个错误：{r['first_error']}）" if r["errors"] else "")
    )


def _sessions(url: str, questions: list[str], sessions: int, turns: int, pid: int) -> None:
    print(f"目标 {url}；打开 {sessions} 个聊天会话，每个提问 {turns} 次")
    started = time.perf_counter()
    marks = run_sessions(url, questions, sessions, turns, pid)
    for n, mb in marks:
        print(f"{n:>6} 个会话：服务进程内存 {mb:.0f} MB")
    grown = marks[-1][1] - marks[0][1]
    took = time.perf_counter() - started
    print(
        f"用时 {took:.0f} 秒；每个会话平均 {1024 * grown / sessions:.0f} KB"
        "（达到会话上限 RAG_SESSION_CAPACITY 后最旧的会话被丢弃，内存不再增长）"
    )
