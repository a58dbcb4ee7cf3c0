"""Exchanging two folders in one step: Linux's renameat2(RENAME_EXCHANGE), so a reader sees the
old essays or the new ones, never a missing folder. Elsewhere, two renames (a moment without
the folder, which the running app treats as an edit that failed and retries)."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _renameat2():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


_EXCHANGE = _renameat2()


def exchange(new: Path, target: Path) -> None:
    """Put the folder ``new`` where ``target`` is; the old ``target`` is deleted afterwards.

    Raises:
        OSError: nothing was changed.
    """
    if not target.exists():
        new.rename(target)
        return
    if _EXCHANGE is not None:
        rc = _EXCHANGE(
            _AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(target), _RENAME_EXCHANGE
        )
        if rc == 0:
            shutil.rmtree(new, ignore_errors=True)  # holds the old folder now
            return
        err = ctypes.get_errno()
        if err not in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: no exchange here
            raise OSError(err, os.strerror(err), str(target))
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
