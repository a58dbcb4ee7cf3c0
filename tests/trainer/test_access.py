"""The trainer login: constant-time password, throttling per client, signed expiring token."""

from __future__ import annotations

import pytest

from rag.trainer.access import LoginRefused, TrainerAccess, check_password


def test_passwords():
    assert check_password("", "") and check_password("", "anything")
    assert check_password("秘密123", "秘密123")
    assert not check_password("秘密123", "") and not check_password("秘密123", "秘密12")


def test_a_login_token_names_the_trainer_and_expires():
    access = TrainerAccess("培训2026", "s" * 32, hours=1)
    token = access.login("10.0.0.1", "培训2026", "  王\n老师 ", now=1000)
    trainer = access.check(token, now=1000 + 3599)
    assert trainer is not None and trainer.name == "王 老师"  # one line, as typed otherwise
    assert access.check(token, now=1000 + 3601) is None
    assert access.check("forged.token", now=1001) is None
    assert TrainerAccess("培训2026", "x" * 32).check(token, now=1001) is None  # another secret


def test_wrong_passwords_make_the_client_wait_longer_and_longer():
    access = TrainerAccess("培训2026", "s" * 32)
    t = 1000.0
    for _ in range(2):
        with pytest.raises(LoginRefused, match="密码不对。$"):
            access.login("10.0.0.1", "猜", now=t)
    with pytest.raises(LoginRefused, match="请 2 秒后再试"):
        access.login("10.0.0.1", "猜", now=t)
    with pytest.raises(LoginRefused, match="密码错误次数太多"):
        access.login("10.0.0.1", "培训2026", now=t + 1)  # even the right one must wait
    with pytest.raises(LoginRefused, match="请 4 秒后再试"):
        access.login("10.0.0.1", "猜", now=t + 3)
    assert access.login("10.0.0.2", "培训2026", now=t + 3)  # another client is not held up
    assert access.login("10.0.0.1", "培训2026", now=t + 8)  # the wait is over
    waits = []
    for i in range(20):
        try:
            access.login("10.0.0.3", "猜", now=t + 1000 * i)
        except LoginRefused as e:
            waits.append(str(e))
    assert "请 300 秒后再试" in waits[-1]  # capped


def test_no_password_means_open():
    access = TrainerAccess("", "s" * 32)
    assert access.open and access.check(None) is not None


def test_an_empty_password_asks_for_one_and_is_not_counted_as_wrong():
    """An empty password was answered 密码不对 (and counted towards the wait)."""
    from rag.trainer.access import NoPassword

    access = TrainerAccess("培训2026", "s" * 32)
    for _ in range(5):
        with pytest.raises(NoPassword, match="^请输入密码。$"):
            access.login("10.0.0.1", "", now=1000.0)
    assert access.login("10.0.0.1", "培训2026", now=1000.0)  # no wait was earned


def test_a_name_with_markup_or_too_long_is_refused_at_login_and_not_counted():
    """The name <b>张</b><img …> was kept and shown to trainees as typed (desk walk 3)."""
    from rag.core.errors import RagError

    access = TrainerAccess("培训2026", "s" * 32)
    for _ in range(5):
        with pytest.raises(RagError, match="名字不能包含 < 或 >"):
            access.login("10.0.0.1", "培训2026", "<b>张</b><img src=x onerror=alert(1)>")
        with pytest.raises(RagError, match="名字最多 40 个字"):
            access.login("10.0.0.1", "猜", "张" * 41)
    token = access.login("10.0.0.1", "培训2026", "张" * 40)  # no wait: nothing was counted
    assert access.check(token).name == "张" * 40
