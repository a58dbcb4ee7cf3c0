"""`python app.py [--host H] [--port P]`: build the index if needed, then serve the chat.

Host and port: flags, else GRADIO_SERVER_NAME / GRADIO_SERVER_PORT, else 127.0.0.1:7860.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time

STARTED = time.perf_counter()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="群众工作文章问答（网页版）")
    parser.add_argument("--host", help="监听地址（默认 127.0.0.1）")
    parser.add_argument("--port", type=int, help="端口（默认 7860）")
    args = parser.parse_args(argv)
    host = args.host or os.environ.get("GRADIO_SERVER_NAME") or "127.0.0.1"
    port = args.port or int(os.environ.get("GRADIO_SERVER_PORT") or 7860)
    from rag.core.errors import RagError, describe_os_error
    from rag.core.settings import Settings

    try:
        settings = Settings.from_env()
        return serve(settings, host, port)
    except RagError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"错误：{describe_os_error(e)}", file=sys.stderr)
        return 2


def serve(settings, host: str, port: int) -> int:
    from rag.web.runtime import prepare_temp_dirs

    prepare_temp_dirs(settings.data_dir)  # before gradio is imported: it reads GRADIO_TEMP_DIR
    import uvicorn

    from rag.answer.service import Service
    from rag.core.errors import RagError
    from rag.core.progress import progress_printer
    from rag.trainer.library_store import open_library
    from rag.trainer.log_writer import SPILL_FILE, LogWriter
    from rag.trainer.store import FeedbackStore
    from rag.web.app import Backend, bind_warning, build_app, build_server

    if "://" in settings.feedback_db and not settings.secret_key:
        print(
            "错误：多个副本共用数据库（RAG_FEEDBACK_DB 是 URL）时必须设置 RAG_SECRET_KEY，"
            "各副本取同一个值，培训师的登录才能在每个副本上有效。",
            file=sys.stderr,
        )
        return 2
    try:
        store = FeedbackStore(settings.feedback_db)
    except RagError as e:
        if "://" in settings.feedback_db:
            # A shared database named by URL: a wrong address, password or a server that is
            # down is a configuration to fix before serving, not something to run without.
            print(f"错误：{e}", file=sys.stderr)
            return 2
        # Answers still work; the database file is left exactly as it is, and the trainees'
        # questions are kept in the spill file, to be written once it can be opened again.
        print(f"警告：{e} 本次运行的提问先暂存，培训师区不可用。", file=sys.stderr)
        store = None
    library = None
    if store is not None and "://" in settings.feedback_db:
        # Replicas on several machines share the library's history in the database: this
        # machine's essay folder is brought to its newest version before the index is built.
        try:
            library = open_library(settings, store)
            if library.sync():
                print(f"文章库已更新到版本 {library.local_version()}。", file=sys.stderr)
        except RagError as e:
            print(f"错误：{e}", file=sys.stderr)
            return 2
    service = Service(settings, progress_printer("建立索引：计算向量"))
    writer = LogWriter(store, settings.data_dir / SPILL_FILE).start()
    if writer.replayed:
        print(f"补写了上次未能写入的提问记录 {writer.replayed} 条。", file=sys.stderr)
    if warning := bind_warning(host, settings.trainer_password):
        print(warning, file=sys.stderr)
    backend = Backend(settings, service, store, writer, library)
    if backend.keeper is not None:  # marks made through other replicas reach this one's bank
        backend.keeper.watch()
    if library is not None:  # so do publishes: the folder follows, the index is rebuilt
        library.watch(on_change=lambda: service.refresh(now=True))
    demo = build_app(backend)
    # Answers are CPU-bound and short (~15 ms): two workers match the two cores, and a bounded
    # queue turns overload into a clear "busy" error instead of unbounded memory.
    demo.queue(default_concurrency_limit=2, max_size=512)
    app = build_server(backend, demo)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    runner = threading.Thread(target=server.run, name="http")

    def stop(*_: object) -> None:
        server.should_exit = True

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    runner.start()
    threading.Thread(target=service.warm, name="warm-up", daemon=True).start()
    while not server.started and runner.is_alive():
        time.sleep(0.05)
    if not server.started:
        writer.close()
        print(f"错误：无法在 {host}:{port} 上启动服务（端口被占用？）。", file=sys.stderr)
        return 2
    ready = time.perf_counter() - STARTED
    print(f"准备就绪（启动用时 {ready:.1f} s）：http://{host}:{port}", flush=True)
    while runner.is_alive():
        runner.join(timeout=0.5)
    writer.close()  # everything queued is written, or kept in the spill file
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
