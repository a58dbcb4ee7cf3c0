"""`python app.py [--host H] [--port P]`: build the index if needed, then serve the chat.

Host and port: flags, else GRADIO_SERVER_NAME / GRADIO_SERVER_PORT, else 127.0.0.1:7860.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

STARTED = time.perf_counter()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="群众工作文章问答（网页版）")
    parser.add_argument("--host", help="监听地址（默认 127.0.0.1）")
    parser.add_argument("--port", type=int, help="端口（默认 7860）")
    args = parser.parse_args(argv)
    host = args.host or os.environ.get("GRADIO_SERVER_NAME") or "127.0.0.1"
    port = args.port or int(os.environ.get("GRADIO_SERVER_PORT") or 7860)
    from rag.answer.service import Service
    from rag.core.errors import RagError
    from rag.core.progress import progress_printer
    from rag.core.settings import Settings
    from rag.trainer.store import FeedbackStore
    from rag.web.app import bind_warning, build_app, launch_options

    try:
        settings = Settings.from_env()
        service = Service(settings, progress_printer("建立索引：计算向量"))
    except RagError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    try:
        store = FeedbackStore(settings.feedback_db)
    except RagError as e:
        # Answers still work; the database file is left exactly as it is (nothing is lost).
        print(f"警告：{e} 本次运行不记录提问，培训师区不可用。", file=sys.stderr)
        store = None
    if warning := bind_warning(host, settings.trainer_password):
        print(warning, file=sys.stderr)
    demo = build_app(service, store, settings)
    # Answers are CPU-bound and short (~15 ms): two workers match the two cores, and a bounded
    # queue turns overload into a clear "busy" error instead of unbounded memory.
    demo.queue(default_concurrency_limit=2, max_size=512)
    demo.launch(
        server_name=host,
        server_port=port,
        **launch_options(),
        show_error=True,
        quiet=True,
        prevent_thread_lock=True,
    )
    ready = time.perf_counter() - STARTED
    print(f"准备就绪（启动用时 {ready:.1f} s）：http://{host}:{port}", flush=True)
    try:
        demo.block_thread()
    except KeyboardInterrupt:
        demo.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
