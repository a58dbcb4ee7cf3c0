"""The HTTP server around the Gradio app: request limits, the trainer login, and the one named
API endpoint.

Gradio's own server has no body limit and serves every event handler by name at
``/gradio_api/call/<name>`` (a "private" handler is hidden from the client libraries, not from
HTTP). This FastAPI app mounts the Gradio app and puts in front of it: a size limit on every
request body (uploads have their own, larger one), a refusal of named calls other than
``/ask``, and the trainer login, which sets an HttpOnly, SameSite cookie holding a signed,
expiring token that the trainer tab's handlers check.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import gradio as gr
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rag.core.net import is_loopback
from rag.trainer.access import COOKIE, LoginRefused, TrainerAccess

NAMED_CALL = re.compile(r"^/gradio_api/(?:call|run|api)/([^/]+)")
UPLOAD = "/gradio_api/upload"
PUBLIC_API = frozenset({"ask"})


@dataclass(frozen=True)
class Limits:
    """Sizes a request may have (bytes)."""

    body: int = 1 << 20  # any request
    ask: int = 64 << 10  # /ask: a question of 1,000 characters is a few kilobytes
    upload: int = 20 << 20  # the trainers' essay uploads


def client_address(request: Request | Any) -> str:
    """The client's address; behind a proxy on this machine (nginx), the one it forwarded."""
    client = getattr(request, "client", None)
    host = getattr(client, "host", "") or ""
    forwarded = (request.headers.get("x-forwarded-for") or "").split(",")[0].strip()
    return forwarded if forwarded and is_loopback(host) else host


def _refuse(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


class Guard:
    """ASGI middleware: body limits and the named-call allowlist."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        named = NAMED_CALL.match(path)
        if named and named.group(1) not in PUBLIC_API:
            await _refuse(404, "没有这个接口。唯一公开的接口是 /ask。")(scope, receive, send)
            return
        limit = self.limits.body
        if path.startswith(UPLOAD):
            limit = self.limits.upload
        elif named:
            limit = self.limits.ask
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(413, f"请求太大（上限 {limit} 字节）。")(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await _refuse(413, f"请求太大（上限 {limit} 字节）。")(scope, receive, send)


class _TooLarge(Exception):
    pass


def create_server(
    demo: gr.Blocks,
    access: TrainerAccess,
    limits: Limits = Limits(),
    mount: Callable[..., FastAPI] = gr.mount_gradio_app,
    **gradio: Any,
) -> FastAPI:
    """The app to serve: the guard, the login routes, and ``demo`` mounted at ``/``
    (``gradio``: what ``mount_gradio_app`` takes besides, e.g. the stylesheet)."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.post("/trainer/login")
    async def login(request: Request) -> JSONResponse:
        try:
            body = json.loads(await request.body() or b"{}")
            password, name = str(body.get("password", "")), str(body.get("name", ""))
        except (ValueError, AttributeError):
            return _refuse(400, "请求格式不对：应是 JSON，含 password。")
        try:
            token = access.login(client_address(request), password, name)
        except LoginRefused as e:
            await asyncio.sleep(0.5)  # every wrong try costs the client time, whoever it is
            return _refuse(401 if "密码不对" in str(e) else 429, str(e))
        response = JSONResponse({"ok": True, "name": access.check(token).name})
        response.set_cookie(
            COOKIE,
            token,
            max_age=int(access.hours * 3600),
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )
        return response

    @app.post("/trainer/logout")
    async def logout() -> JSONResponse:
        response = JSONResponse({"ok": True})
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
        return response

    app.add_middleware(Guard, limits=limits)
    return mount(app, demo, path="/", max_file_size=limits.upload, **gradio)
