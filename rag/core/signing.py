"""Signed tokens: data a browser keeps for the server (a conversation, a login) that it can read
but not forge. HMAC-SHA256 over compact JSON, with an issue time and a maximum age."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

from rag.core.errors import SettingsError

KEY_FILE = "secret.key"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Signer:
    def __init__(self, secret: str | bytes, purpose: str) -> None:
        key = secret.encode("utf-8") if isinstance(secret, str) else secret
        # One key per purpose: a conversation token never passes as a login.
        self._key = hmac.new(key, purpose.encode("utf-8"), hashlib.sha256).digest()

    def sign(self, payload: dict[str, Any], now: float | None = None) -> str:
        body = {"t": int(now if now is not None else time.time()), "p": payload}
        raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        mac = hmac.new(self._key, raw, hashlib.sha256).digest()
        return f"{_b64(raw)}.{_b64(mac)}"

    def verify(
        self, token: str | None, max_age: float, now: float | None = None
    ) -> dict[str, Any] | None:
        """The payload of a token this signer made at most ``max_age`` seconds ago, else None."""
        try:
            raw_b64, mac_b64 = str(token or "").split(".", 1)
            raw, mac = _unb64(raw_b64), _unb64(mac_b64)
        except (ValueError, TypeError):
            return None
        if not hmac.compare_digest(mac, hmac.new(self._key, raw, hashlib.sha256).digest()):
            return None
        try:
            body = json.loads(raw)
            issued, payload = float(body["t"]), body["p"]
        except (ValueError, KeyError, TypeError):
            return None
        age = (now if now is not None else time.time()) - issued
        return payload if 0 <= age <= max_age and isinstance(payload, dict) else None


def load_secret(configured: str, data_dir: Path) -> str:
    """The configured secret (``RAG_SECRET_KEY``), else one kept in ``data_dir/secret.key``,
    created on first use with owner-only permissions, so that tokens survive a restart."""
    if configured:
        if len(configured) < 16:
            raise SettingsError("RAG_SECRET_KEY 太短：至少 16 个字符。请换一个更长的随机字符串。")
        return configured
    path = data_dir / KEY_FILE
    try:
        if path.exists():
            secret = path.read_text(encoding="ascii").strip()
            if len(secret) >= 32:
                return secret
        data_dir.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_urlsafe(48)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secret + "\n")
        return secret
    except OSError as e:
        raise SettingsError(
            f"无法读写密钥文件 {path}（{e}）。请检查目录权限，或设置 RAG_SECRET_KEY。"
        ) from e
