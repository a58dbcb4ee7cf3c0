"""JSON as this project writes it, and atomic file writes."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any


def dump_json(data: Any) -> str:
    """Chinese kept readable, stable key order, final newline."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``: a reader
    sees the old file or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
