"""Network addresses: what counts as this machine."""

from __future__ import annotations


def is_loopback(host: str) -> bool:
    """``host`` names this machine only (127.0.0.0/8, ::1, localhost)."""
    host = (host or "").strip().strip("[]").lower()
    return host in ("localhost", "::1") or host.startswith("127.")
