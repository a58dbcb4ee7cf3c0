"""What counts as this machine: one check for the app's warning and the load run."""

from __future__ import annotations

import pytest

from rag.core.net import is_loopback


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"])
def test_loopback_addresses(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "example.com", "", "128.0.0.1"])
def test_other_addresses(host):
    assert not is_loopback(host)
