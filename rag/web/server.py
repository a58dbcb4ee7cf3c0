"""The HTTP server around the Gradio app: request limits, the trainer login, the one named
API endpoint, and the page's language and link preview.

Gradio's own server has no body limit and serves every event handler by name at
``/gradio_api/call/<name>`` (a "private" handler is hidden from the client libraries, not from
HTTP). This FastAPI app mounts the Gradio app and puts in front of it: a size limit on every
request body (uploads have their own, larger one), a refusal of named calls other than
``/ask``, and the trainer login, which sets an HttpOnly, SameSite cookie holding a signed,
expiring token that the trainer tab's handlers check.

Gradio's page template says ``lang="en"`` and opens with link-preview tags of its own
(``og:title`` Gradio, "Click to try out the app!") that no setting replaces (``head=`` only
adds tags after them); the page is rewritten on its way out instead (``PageHead``).
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
from rag.trainer.access import COOKIE, BadName, LoginRefused, NoPassword, TrainerAccess

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


_HTML_LANG = re.compile(r'(<html\b[^>]*?\slang=")[^"]*(")')
# Gradio's link-preview tags (some written over several lines), and its og:url placeholder.
_PREVIEW_TAG = re.compile(
    r'[ \t]*<meta\s+(?:property|name)="(?:og|twitter):[^"]*"\s+content="[^"]*"\s*/?>\n?'
)
_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)


# Gradio translates its own words (清除, 赞, 将文件拖放到此处…) into the browser's language; the
# page is Chinese whatever the browser is set to, so its scripts are told the page's language
# before they start (an inline script runs before the deferred module scripts).
_UI_LANGUAGE = (
    "<script>(function(l){{try{{"
    'Object.defineProperty(navigator,"language",{{get:function(){{return l}}}});'
    'Object.defineProperty(navigator,"languages",{{get:function(){{return [l]}}}});'
    '}}catch(e){{}}}})("{lang}");</script>'
)


def localized_page(page: str, head: str, lang: str) -> str:
    """Gradio's page with its ``lang`` set (for its own words too) and its link-preview tags
    replaced by ``head``."""
    page = _HTML_LANG.sub(lambda m: f"{m.group(1)}{lang}{m.group(2)}", page, count=1)
    page = _PREVIEW_TAG.sub("", page)
    head = _UI_LANGUAGE.format(lang=lang) + head
    return _CHARSET.sub(lambda m: m.group(0) + head, page, count=1)


class PageHead:
    """ASGI middleware: every HTML page served gets ``localized_page`` (its length fixed)."""

    def __init__(self, app: ASGIApp, head: str, lang: str) -> None:
        self.app = app
        self.head = head
        self.lang = lang

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body: list[bytes] = []

        async def rewritten(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers") or [])
                html = headers.get(b"content-type", b"").startswith(b"text/html")
                if html and b"content-encoding" not in headers:
                    start = message  # held until the whole page is in
                    return
            elif message["type"] == "http.response.body" and start is not None:
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                page = localized_page(b"".join(body).decode("utf-8"), self.head, self.lang)
                data = page.encode("utf-8")
                headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(data)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": data})
                return
            await send(message)

        await self.app(scope, receive, rewritten)


def create_server(
    demo: gr.Blocks,
    access: TrainerAccess,
    limits: Limits = Limits(),
    mount: Callable[..., FastAPI] = gr.mount_gradio_app,
    page_head: str = "",
    lang: str = "zh-CN",
    **gradio: Any,
) -> FastAPI:
    """The app to serve: the guard, the login routes, and ``demo`` mounted at ``/``, its page
    in ``lang`` with ``page_head`` for link previews (``gradio``: what ``mount_gradio_app`` takes
    besides, e.g. the stylesheet)."""
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
        except (NoPassword, BadName) as e:
            return _refuse(400, str(e))
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
    if page_head:
        app.add_middleware(PageHead, head=page_head, lang=lang)
    return mount(app, demo, path="/", max_file_size=limits.upload, **gradio)
