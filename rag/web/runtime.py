"""Gradio's temporary files, kept private under the data folder and emptied at every start,
never left behind in /tmp."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from rag.core.tempfiles import clean_old, private_dir


def prepare_temp_dirs(data_dir: Path) -> Path:
    """Point Gradio's temporary files (uploads, the files it serves) to a private folder under
    ``data_dir``, emptied first; old exports go too. Must run before gradio is imported."""
    tmp = data_dir / "tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    gradio_tmp = private_dir(tmp / "gradio")
    os.environ["GRADIO_TEMP_DIR"] = str(gradio_tmp)
    clean_old(data_dir / "exports", 0)
    return gradio_tmp
