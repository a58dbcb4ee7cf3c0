"""Who may use the trainer area: a password, checked in constant time, with throttling per
client, and a signed login token (kept by the browser as an HttpOnly cookie) with an expiry.

The token is signed with the shared secret, so it is valid on every replica; it is bound to
nothing the client chooses (the Gradio session hash travels in URLs and can be replayed).
"""

from __future__ import annotations

import hmac
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from rag.core.errors import RagError
from rag.core.signing import Signer

COOKIE = "rag_trainer"
LOGIN_HOURS = 8.0
FREE_FAILURES = 3  # wrong passwords allowed before the client has to wait
MAX_WAIT = 300.0  # seconds: the longest a client is made to wait after failures
MAX_NAME_CHARS = 40


class LoginRefused(RagError):
    """A wrong password, or too many of them: the message says what to do."""


class NoPassword(LoginRefused):
    """No password was typed (not counted as a wrong one)."""


class BadName(RagError):
    """A trainer's name that cannot be kept: too long, or holding markup."""


@dataclass(frozen=True)
class Trainer:
    """A logged-in trainer."""

    name: str
    until: float  # when the login expires (epoch seconds)


def check_password(configured: str, given: str) -> bool:
    """True when no password is configured, or the given one matches (constant-time)."""
    if not configured:
        return True
    return hmac.compare_digest(configured.encode("utf-8"), (given or "").encode("utf-8"))


def clean_name(name: str) -> str:
    """A trainer's name as stored: one line, at most 40 characters."""
    return " ".join((name or "").split())[:MAX_NAME_CHARS]


def check_name(name: str) -> str:
    """A name typed by a trainer, as stored (one line); refused rather than cut or kept when
    longer than 40 characters or holding ``<`` / ``>`` (a name is shown to trainees).

    Raises:
        BadName: the message says what to change.
    """
    cleaned = " ".join((name or "").split())
    if "<" in cleaned or ">" in cleaned:
        raise BadName("名字不能包含 < 或 > 符号，请只写名字（例如 王老师）。")
    if len(cleaned) > MAX_NAME_CHARS:
        raise BadName(f"名字最多 {MAX_NAME_CHARS} 个字（现在 {len(cleaned)} 个），请写短一些。")
    return cleaned


class TrainerAccess:
    def __init__(self, password: str, secret: str, hours: float = LOGIN_HOURS) -> None:
        self.password = password
        self.hours = hours
        self._signer = Signer(secret, "trainer-login")
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def open(self) -> bool:
        """No password configured: the trainer area is open to everyone."""
        return not self.password

    def login(self, client: str, password: str, name: str = "", now: float | None = None) -> str:
        """A login token for the right password. Wrong passwords from one client are answered
        more and more slowly: after ``FREE_FAILURES`` the client must wait 2, 4, 8 … seconds
        (at most ``MAX_WAIT``) before the next try counts.

        Raises:
            BadName: the name is too long or holds markup (not counted either).
            NoPassword: none typed (a slip, not a wrong try: not counted).
            LoginRefused: wrong password, or too soon after wrong ones (the message says how
                long to wait).
        """
        now = time.time() if now is None else now
        name = check_name(name)  # before the password: a name refused is no wrong try
        if self.password and not password:
            raise NoPassword("请输入密码。")
        with self._lock:
            failures, next_try = self._failures.get(client, (0, 0.0))
            if now < next_try:
                raise LoginRefused(f"密码错误次数太多，请 {int(next_try - now) + 1} 秒后再试。")
        if not check_password(self.password, password):
            with self._lock:
                failures += 1
                wait = 0.0 if failures < FREE_FAILURES else min(MAX_WAIT, 2.0 ** (failures - 2))
                self._failures[client] = (failures, now + wait)
                self._failures.move_to_end(client)
                while len(self._failures) > 10_000:
                    self._failures.popitem(last=False)
            if wait:
                raise LoginRefused(f"密码不对。已连续错 {failures} 次，请 {int(wait)} 秒后再试。")
            raise LoginRefused("密码不对。")
        with self._lock:
            self._failures.pop(client, None)
        until = now + self.hours * 3600
        return self._signer.sign({"name": name, "until": until}, now=now)

    def check(self, token: str | None, now: float | None = None) -> Trainer | None:
        """The trainer a token belongs to, if it is ours and has not expired."""
        if self.open:
            return Trainer("", float("inf"))
        payload = self._signer.verify(token, self.hours * 3600, now=now)
        if payload is None:
            return None
        return Trainer(str(payload.get("name", "")), float(payload.get("until", 0)))
