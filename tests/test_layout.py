"""The tree shows the architecture: a subpackage per stage, HTML only in the web layer, and a
README module map that matches the files."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from rag.core.settings import PROJECT_ROOT

RAG = PROJECT_ROOT / "rag"
STAGES = ("core", "corpus", "ingest", "retrieval", "answer", "library", "trainer", "web", "tools")
# Opening tags a view would build; the corpus's own text mentions closing tags (</p>) only.
_TAG = re.compile(r"<(div|p|span|mark|table|tr|td|th|h[1-6]|ul|ol|li|pre|b|a|br|img)[\s>/]")


def _modules(root: Path = RAG) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_the_top_level_holds_only_entry_points_and_stage_packages():
    entries = {p.name for p in RAG.iterdir() if p.name != "__pycache__"}
    assert entries == {"__init__.py", "__main__.py", "cli.py", *STAGES}
    for stage in STAGES:
        assert (RAG / stage / "__init__.py").is_file(), stage


def test_no_grab_bag_or_misleading_module_names():
    names = {p.stem for p in _modules()}
    assert not names & {"records", "views", "verify", "zhlm", "load", "utils"}


def test_only_the_web_layer_imports_html_markupsafe_or_gradio():
    for path in _modules():
        if "web" in path.relative_to(RAG).parts:
            continue
        bad = _imports(path) & {"html", "markupsafe", "gradio"}
        assert not bad, f"{path.relative_to(PROJECT_ROOT)} imports {bad}"


def test_no_markup_is_built_outside_the_web_layer():
    for path in _modules():
        if "web" in path.relative_to(RAG).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not _TAG.search(node.value), (
                    f"{path.relative_to(PROJECT_ROOT)}: {node.value!r}"
                )


def test_the_web_layer_writes_no_inline_styles():
    for path in _modules(RAG / "web"):
        assert "style=" not in path.read_text(encoding="utf-8"), path.name


def _readme_map() -> dict[str, set[str]]:
    """The module map in README.md: lines ``rag/<stage>/   module · module · …``."""
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- module map -->", 2)[1]
    out: dict[str, set[str]] = {}
    for line in block.splitlines():
        m = re.match(r"^(rag/(?:\w+/)?)\s+(.+)$", line.strip())
        if m:
            out[m.group(1)] = {w.strip() for w in m.group(2).split("·")}
    return out


def test_the_readme_module_map_matches_the_tree():
    tree: dict[str, set[str]] = {}
    for path in _modules():
        if path.stem == "__init__":
            continue
        folder = "rag/" + "".join(f"{p}/" for p in path.relative_to(RAG).parts[:-1])
        tree.setdefault(folder, set()).add(path.stem)
    assert _readme_map() == tree
