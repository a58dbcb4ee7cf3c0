"""The essay library: preview an upload, publish it, replace or retire an essay, the history of
versions and rollback. The web page and `python -m rag essays` both call this.

Layout under the corpus folder:
- ``uploads/<token>/`` each upload byte for byte, beside the text extracted from it (what the
  provenance's line numbers point to) and ``upload.json`` (name, sha256, who, when, format);
- ``library/objects/<sha256>`` every essay file (and sidecar) any version held, by content;
- ``library/versions.json`` the history: each version's who, when, what, and its files.

Every change builds the new essay folder beside the current one and exchanges the two in one
atomic rename; the running app notices the change and rebuilds its index in the background
(re-embedding only new text), answering from the previous index until the new one is in.
Changes are serialised by a lock, so two trainers publishing at once both land, in order.

The history may live in the feedback database instead (``history.py``, PostgreSQL): replicas
on several machines then share it, and each brings its own essay folder (and the uploads its
provenance points to) to the newest version with ``sync``, which ``watch`` runs when the
version number moves.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from rag.core.errors import InputError, describe_os_error
from rag.core.jsonio import dump_json
from rag.core.polling import poll
from rag.core.settings import Settings
from rag.corpus.essays import (
    SIDECAR_SUFFIX,
    corpus_files,
    load_corpus,
    load_essay,
    render_markdown,
    render_sidecar,
)
from rag.corpus.types import Essay
from rag.library.formats import read_upload
from rag.library.history import FileHistory, History, sha256
from rag.library.prepare import (
    draft_from_extract,
    drafts_from_page,
    duplicate_of,
    with_id,
)
from rag.library.swap import exchange
from rag.library.types import ACTIONS, ESSAY_META, Draft, Preview, Retired, Version

log = logging.getLogger(__name__)
TOKEN_CHARS = 16
TOKEN = re.compile(r"[0-9a-f]{16}-\d{14}-[0-9a-f]{6}")
# Written into the essay folder with every change: the running app trusts these files as the
# library's (a replacement may shorten an essay; see Service's damage check).
MARKER = ".library.json"


@dataclass(frozen=True)
class Entry:
    """An essay of the library, in use or retired."""

    id: str
    title: str
    paragraphs: int
    source: str  # the uploaded file's name, or the raw page it was ingested from
    retired: bool
    since: str  # when its current text was published


def size_text(n: int) -> str:
    """A file size as a trainer reads it: ``20 MiB``, ``34.2 MiB``, ``4 KiB``."""
    for unit, scale in (("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            value = n / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} 字节"


def too_large(size: int, limit: int, name: str = "") -> str:
    """What an upload over the size limit is told (by the library, and by the page before the
    file is sent)."""
    named = f"“{Path(name).name}”，" if name else ""
    return (
        f"文件太大（{named}{size_text(size)}，上限 {size_text(limit)}），未读取，文章库没有改动。"
        "请拆分文件后分别上传，或调高 RAG_MAX_UPLOAD_BYTES。"
    )


def _now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


_sha = sha256


class Library:
    def __init__(self, settings: Settings, history: History | None = None) -> None:
        self.settings = settings
        self.essays_dir = settings.essays_dir
        self.uploads = settings.corpus_dir / "uploads"
        self.home = settings.corpus_dir / "library"
        self.store: History = history if history is not None else FileHistory(self.home)

    # -- reading -------------------------------------------------------------------------------

    def history(self) -> list[Version]:
        """Every version, oldest first (empty before the library's first change)."""
        return self.store.versions()

    def local_version(self) -> int:
        """The version this machine's essay folder holds, from the library's marker in it
        (0 when the library has not written the folder)."""
        try:
            data = json.loads((self.essays_dir / MARKER).read_text(encoding="utf-8"))
            return int(data.get("version", 0))
        except (OSError, ValueError, AttributeError, TypeError):
            return 0

    def entries(self) -> list[Entry]:
        """The essays in use, then those retired (known from the history), by id."""
        current = self._current_essays()
        out = [
            Entry(e.id, e.display_title, len(e.paragraphs), _source_name(e), False, _since(e))
            for e in current
        ]
        retired = [
            Entry(e.id, e.display_title, len(e.paragraphs), _source_name(e), True, r.at)
            for r in self.retired(current)
            for e in (r.essay,)
        ]
        return sorted(out, key=_order) + sorted(retired, key=_order)

    def retired(self, current: list[Essay] | None = None) -> list[Retired]:
        """The essays the history held that are not in use now, as last published (with
        their provenance), and when and by whom they were retired."""
        ids = {e.id for e in (self._current_essays() if current is None else current)}
        last: dict[str, Version] = {}  # essay id → the newest version holding it
        gone: dict[str, Version] = {}  # essay id → the version that dropped it
        before: set[str] = set()
        for v in self.history():
            held = {_stem(n) for n in v.files if n.endswith((".md", ".txt"))}
            for stem in held:
                last[stem] = v
            for stem in before - held:
                gone[stem] = v
            before = held
        out = []
        for stem in sorted(set(last) - ids, key=_id_order):
            essay = self._stored_essay(last[stem].files, stem)
            if essay is None:
                continue
            by = gone.get(stem)
            at, who, number = (by.at, by.who, by.number) if by else ("", "", 0)
            out.append(Retired(essay, at, who, number))
        return out

    def _stored_essay(self, files: dict[str, str], stem: str) -> Essay | None:
        """Essay ``stem`` of a version's ``files`` (its text and provenance), or None."""
        names = [n for n in files if _stem(n) == stem]
        text = next((n for n in names if n.endswith((".md", ".txt"))), None)
        if text is None:
            return None
        with tempfile.TemporaryDirectory(prefix="rag-library-") as tmp:
            for name in names:
                shutil.copyfile(self.store.path(files[name]), Path(tmp) / name)
            return load_essay(Path(tmp) / text)

    # -- preview -------------------------------------------------------------------------------

    def preview(self, data: bytes, file_name: str, who: str = "", replaces: str = "") -> Preview:
        """Read and clean an upload without changing the library: what 发布 would publish.

        The upload is kept under ``uploads/<token>/`` (removed again by ``cancel``).

        Raises:
            InputError: too large, empty, unreadable, no text, or a duplicate of an essay.
        """
        limit = self.settings.max_upload_bytes
        if len(data) > limit:
            raise InputError(too_large(len(data), limit, file_name))
        name = Path(file_name or "upload").name.lstrip(".") or "upload"
        if name == "upload.json":  # the folder's own record of the upload
            name = "upload-file.json"
        if replaces:
            self._current(replaces)  # the essay to replace must be in use
        extract = read_upload(data, name, self.settings.max_pdf_pages)
        sha = _sha(data)
        token = f"{sha[:TOKEN_CHARS]}-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
        folder = self.uploads / token
        drafts = self._drafts(folder, token, name, data, extract, who, replaces)
        in_use = self._current_essays()
        current = [e for e in in_use if e.id != replaces]
        for d in drafts:
            if (dup := duplicate_of(d, current)) is not None:
                shutil.rmtree(folder, ignore_errors=True)
                raise InputError(
                    f"《{d.essay.title}》与库中已有的《{dup.display_title}》（{dup.id}）内容重复，"
                    f"未加入。若是新版本，请用“替换”更新 {dup.id}。"
                )
        retired = {r.essay.id: r for r in self.retired(in_use)}
        for d in drafts:
            if (dup := duplicate_of(d, [r.essay for r in retired.values()])) is not None:
                shutil.rmtree(folder, ignore_errors=True)
                raise InputError(
                    f"《{d.essay.title}》与已停用的{retired[dup.id].label}内容重复，未加入。"
                    f"要重新使用它，请在文章库中“恢复”{dup.id}（编号不变，培训师对它的核对也随之"
                    "恢复）；若这是它的新版本，请先恢复，再用“替换”更新。"
                )
        notes = [f"格式：{extract.label}"]
        if extract.pages:
            notes.append(f"共 {extract.pages} 页")
        if extract.removed:
            notes.append(f"删去页眉、页脚、页码或导航 {len(extract.removed)} 处")
        return Preview(token, name, sha, len(data), extract, tuple(drafts), tuple(notes))

    def _drafts(
        self,
        folder: Path,
        token: str,
        name: str,
        data: bytes,
        extract,
        who: str,
        replaces: str,
    ) -> list[Draft]:
        try:
            folder.mkdir(parents=True, exist_ok=False)
            (folder / name).write_bytes(data)
            # The text read from it, in UTF-8 with \n lines (what provenance line numbers count),
            # named after the upload even for a .txt (a.txt.txt): a GB18030 or CRLF upload differs.
            text_name = name + ".txt"
            (folder / text_name).write_text(extract.text, encoding="utf-8")
            source = {
                "file": name,
                "sha256": _sha(data),
                "format": extract.kind,
                **({"encoding": extract.encoding} if extract.encoding else {}),
                "uploaded_by": who or "（未署名）",
                "uploaded_at": _now(),
                "upload": f"uploads/{token}/{name}",
                "raw_file": f"uploads/{token}/{text_name}",
            }
            (folder / "upload.json").write_text(dump_json(source), encoding="utf-8")
            if extract.kind == "page":
                drafts = drafts_from_page(folder / text_name, self.settings, source)
            else:
                drafts = [draft_from_extract(extract, Path(name).stem, source)]
        except OSError as e:
            shutil.rmtree(folder, ignore_errors=True)
            raise InputError(f"无法保存上传的文件：{describe_os_error(e)}") from e
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        if replaces:
            if len(drafts) != 1:
                shutil.rmtree(folder, ignore_errors=True)
                raise InputError(
                    f"这个文件里有 {len(drafts)} 篇文章，只能用一篇文章替换 {replaces}。"
                )
            # the replaced essay's author, date … stay unless the new file says otherwise
            old = self._current(replaces).meta
            new = drafts[0].essay
            kept = {k: old[k] for k in ESSAY_META if old.get(k) and not new.meta.get(k)}
            essay = replace(new, meta={**kept, **new.meta})
            drafts = [Draft(essay, drafts[0].headings, drafts[0].repairs, replaces)]
        return drafts

    def cancel(self, token: str) -> None:
        """Drop a previewed upload that was not published."""
        if not TOKEN.fullmatch(token or ""):
            return  # not a token of ours: never a path to delete
        folder = self.uploads / token
        if folder.is_dir() and not self._published(token):
            shutil.rmtree(folder, ignore_errors=True)

    # -- changes -------------------------------------------------------------------------------

    def publish(self, preview: Preview, who: str = "", title: str = "") -> Version:
        """Put the previewed essays in the library (new ids, or the id they replace)."""
        with self._locked():
            current = self._current_essays()
            drafts = list(preview.drafts)
            replaces = drafts[0].replaces if drafts else ""
            if replaces:
                self._current(replaces)
                ids = [replaces]
            else:
                ids = self._new_ids(len(drafts), {e.id for e in current})
            others = [e for e in current if e.id not in ids]
            placed = []
            for i, (d, eid) in enumerate(zip(drafts, ids, strict=True)):
                if (dup := duplicate_of(d, others)) is not None:
                    raise InputError(
                        f"《{d.essay.title}》与库中已有的《{dup.display_title}》（{dup.id}）"
                        "内容重复，未发布。"
                    )
                placed.append(with_id(d, eid, title if i == 0 else ""))
            files = self._files(current_dir=self.essays_dir)
            for d in placed:
                stem = d.essay.id
                files.pop(f"{stem}.txt", None)
                files[f"{stem}.md"] = self._store(render_markdown(d.essay))
                sidecar = render_sidecar(d.essay, preview.sha256, list(d.headings))
                files[stem + SIDECAR_SUFFIX] = self._store(sidecar)
            titles = "、".join(f"《{d.essay.title}》（{d.essay.id}）" for d in placed)
            action = "replace" if replaces else "publish"
            summary = f"{ACTIONS[action]} {titles}，来自 {preview.file_name}"
            ids = tuple(d.essay.id for d in placed)
            uploads = self._keep_upload(preview.token)
            return self._commit(action, who, summary, ids, files, uploads)

    def add(self, data: bytes, file_name: str, who: str = "", title: str = "") -> Version:
        """Preview and publish in one step (the CLI)."""
        return self.publish(self.preview(data, file_name, who), who, title)

    def replace(self, essay_id: str, data: bytes, file_name: str, who: str = "") -> Version:
        return self.publish(self.preview(data, file_name, who, replaces=essay_id), who)

    def retire(self, essay_id: str, who: str = "") -> Version:
        """Take an essay out of the answers; its text stays in the history."""
        with self._locked():
            essay = self._current(essay_id)
            files = self._files(current_dir=self.essays_dir)
            for name in [n for n in files if _stem(n) == essay_id]:
                files.pop(name)
            if not any(n.endswith((".md", ".txt")) for n in files):
                raise InputError("不能停用最后一篇文章：文章库至少要有一篇文章。")
            summary = f"停用《{essay.display_title}》（{essay_id}）"
            return self._commit("retire", who, summary, (essay_id,), files)

    def restore(self, essay_id: str, who: str = "") -> Version:
        """Put a retired essay back, as it was last published (same id, so that the marks on
        its paragraphs apply again), as a new version; the other essays stay as they are."""
        with self._locked():
            current = self._current_essays()
            if any(e.id == essay_id for e in current):
                raise InputError(f"文章 {essay_id} 正在使用，无需恢复。")
            retired = {r.essay.id: r for r in self.retired(current)}
            if essay_id not in retired:
                known = "、".join(retired) or "无"
                raise InputError(f"没有停用的文章 {essay_id}。停用的文章：{known}。")
            essay = retired[essay_id].essay
            last = next(
                v for v in reversed(self.history()) if any(_stem(n) == essay_id for n in v.files)
            )
            check_version(last)
            draft = Draft(essay, (), ())
            if (dup := duplicate_of(draft, current)) is not None:
                raise InputError(
                    f"《{essay.display_title}》与库中在用的《{dup.display_title}》（{dup.id}）"
                    f"内容重复，没有恢复。若要用 {essay_id} 代替它，请先停用 {dup.id}。"
                )
            files = self._files(current_dir=self.essays_dir)
            files.update({n: sha for n, sha in last.files.items() if _stem(n) == essay_id})
            summary = f"恢复《{essay.display_title}》（{essay_id}）"
            return self._commit("restore", who, summary, (essay_id,), files)

    def rollback(self, number: int, who: str = "") -> Version:
        """Make the essays those of version ``number`` again, as a new version."""
        with self._locked():
            target = next((v for v in self.history() if v.number == number), None)
            if target is None:
                known = ", ".join(str(v.number) for v in self.history()) or "无"
                raise InputError(f"没有版本 {number}。已有版本：{known}。")
            check_version(target)
            summary = f"回滚到版本 {number}（{target.summary}）"
            return self._commit("rollback", who, summary, target.essays, dict(target.files))

    # -- internals -----------------------------------------------------------------------------

    def _current_essays(self) -> list[Essay]:
        """The essays in use; none in a missing or empty folder (the first upload's case)."""
        if not self.essays_dir.is_dir() or not any(
            p.suffix in (".md", ".txt") for p in corpus_files(self.essays_dir)
        ):
            return []
        return load_corpus(self.essays_dir)

    def _current(self, essay_id: str) -> Essay:
        for e in self._current_essays():
            if e.id == essay_id:
                return e
        raise InputError(f"库中没有在用的文章 {essay_id}。请用 `essays list` 查看文章编号。")

    def _new_ids(self, n: int, current: set[str]) -> list[str]:
        """Ids never used before (retired ones included): e<k> above the highest."""
        used = set(current)
        for v in self.history():
            used |= {name.split(".")[0] for name in v.files}
        top = max((int(u[1:]) for u in used if u[:1] == "e" and u[1:].isdigit()), default=0)
        return [f"e{top + i}" for i in range(1, n + 1)]

    def _published(self, token: str) -> bool:
        """Whether an essay in use or in the history came from this upload."""
        prefix = f"uploads/{token}/"
        history = self.history()
        if any(path.startswith(prefix) for v in history for path in v.uploads):
            return True
        marker = prefix.encode()
        if any(marker in (p.read_bytes()) for p in self.essays_dir.glob("*.md")):
            return True
        shas = {sha for v in history for n, sha in v.files.items() if n.endswith(".md")}
        return any(marker in self.store.path(sha).read_bytes() for sha in shas)

    def _files(self, current_dir: Path) -> dict[str, str]:
        """The essay folder's files (not hidden ones) by content hash."""
        if not current_dir.is_dir():
            return {}
        return {p.name: _sha(p.read_bytes()) for p in corpus_files(current_dir)}

    def _keep(self, files: dict[str, str], folder: Path) -> None:
        """Put the files of ``folder`` named in ``files`` into the history's objects, where
        the history does not hold them yet."""
        for name, sha in files.items():
            if not self.store.holds(sha):
                data = (folder / name).read_bytes()
                if _sha(data) != sha:  # changed since it was hashed: try again
                    raise OSError(f"{folder / name} 在记录时被改动")
                self.store.put(data)

    def _store(self, content: str | bytes) -> str:
        return self.store.put(content.encode("utf-8") if isinstance(content, str) else content)

    def _keep_upload(self, token: str) -> dict[str, str]:
        """The upload's files as objects: path under the corpus folder → sha256."""
        folder = self.uploads / token
        if not folder.is_dir():
            return {}
        return {
            f"uploads/{token}/{p.name}": self._store(p.read_bytes())
            for p in sorted(folder.iterdir())
            if p.is_file()
        }

    @contextmanager
    def _locked(self) -> Iterator[bool]:
        """One change at a time, across threads, processes and (a shared history) machines;
        the history and the essay folder are brought into step first (``_catch_up``)."""
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            with self.store.locked():
                yield self._catch_up()
        except OSError as e:
            raise InputError(f"文章库没有改动：{describe_os_error(e)}") from e

    def _catch_up(self) -> bool:
        """Under the lock. The folder holds the newest version: nothing to do. It holds what
        the library last wrote into it (its marker's files) but an older version, because a
        replica elsewhere changed the shared history: it takes the newest version. A fresh
        machine's folder, no marker, under a shared history: the same. Otherwise the folder
        was changed outside the library (`rag ingest`, an edit by hand) and that becomes a
        version (the first, when there is no history yet); edits made while the folder was
        behind go on top of the newest version, so nothing published elsewhere is undone.
        True when the folder's version or files changed."""
        files = self._files(self.essays_dir)
        history = self.history()
        latest = history[-1] if history else None
        if latest is not None and files == latest.files:
            if self.local_version() == latest.number:
                return False
            self._write_marker(self.essays_dir, latest.number, files)
            return True
        marker = library_marker(self.essays_dir)
        base = marker.get("files") if marker is not None else None
        if latest is not None and (base == files or (base is None and self.store.shared)):
            self._materialize(latest, history)
            return True
        self._keep(files, self.essays_dir)
        if latest is None:
            first = Version(1, _now(), "", "init", "建立文章库（已有文章）", (), files)
            with self.store.append(first):
                self._write_marker(self.essays_dir, first.number, files)
            return True
        summary = "记录文章目录的外部改动"
        merged = files
        if isinstance(base, dict) and base != latest.files:
            merged, clashes = merge_edits(base, files, latest.files)
            summary += f"（本机改动加在版本 {latest.number} 之上）"
            if clashes:
                names = "、".join(sorted(clashes))
                log.warning("文章 %s 在本机和别处都被改动，以本机的改动为准（可回滚）。", names)
                summary += f"；{names} 两处都改过，以本机为准"
        version = Version(latest.number + 1, _now(), "", "init", summary, (), merged)
        if merged == files:
            with self.store.append(version):
                self._write_marker(self.essays_dir, version.number, files)
            return True
        self._record(version, latest)
        return True

    def sync(self) -> bool:
        """Bring this machine's essay folder to the newest version of the history (changed by
        a replica elsewhere); True when the folder changed. The running app then rebuilds its
        index in the background, answering from the current one meanwhile."""
        with self._locked() as changed:  # taking the lock catches up
            return changed

    def behind(self) -> bool:
        """Whether the history holds a version this folder does not (one cheap query)."""
        return self.store.latest() != self.local_version()

    def watch(self, every: float = 1.0, on_change=None) -> threading.Thread:
        """Sync whenever the shared history moves on (a publish through another replica),
        then call ``on_change``; a daemon thread. Errors (the database restarting) are logged
        and retried."""

        def step() -> bool:
            if self.behind() and self.sync():
                log.info("文章库已更新到版本 %s", self.local_version())
                if on_change is not None:
                    on_change()
            return True

        return poll("library-watch", step, every, failure="文章库同步失败，稍后重试。")

    def _commit(
        self,
        action: str,
        who: str,
        summary: str,
        essays: tuple[str, ...],
        files: dict[str, str],
        uploads: dict[str, str] | None = None,
    ) -> Version:
        """Write the essay folder of ``files`` beside the current one, exchange the two, and
        record the version. On any failure (a full disk) the current folder stays."""
        history = self.history()
        number = history[-1].number + 1
        version = Version(number, _now(), who, action, summary, essays, files, uploads or {})
        try:
            self._record(version, history[-1])
        except OSError as e:
            raise InputError(f"文章库没有改动：{describe_os_error(e)}") from e
        return version

    def _record(self, version: Version, previous: Version) -> None:
        """Exchange the essay folder for that of ``version`` and record the version. The
        record is committed after the exchange; when the commit fails (the database went
        away) the folder of ``previous`` is put back, so that no machine serves a version the
        history does not hold."""
        try:
            with self.store.append(version):
                self._write_folder(version.files, version.number)
        except BaseException:
            if self.local_version() == version.number:  # exchanged, then not recorded
                try:
                    self._write_folder(previous.files, previous.number)
                except OSError as e:
                    log.error("文章目录未能恢复到版本 %s：%s", previous.number, e)
            raise

    def _materialize(self, target: Version, history: list[Version]) -> None:
        """Make the essay folder that of ``target``, with every upload its essays' provenance
        may point to (uploads are never changed, only added)."""
        check_version(target)
        for v in history:
            check_version(v)
            for path, sha in v.uploads.items():
                dest = self.settings.corpus_dir / path
                if not dest.exists():
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
                    shutil.copyfile(self.store.path(sha), tmp)
                    os.replace(tmp, dest)
            if v.number == target.number:
                break
        self._write_folder(target.files, target.number)

    def _write_folder(self, files: dict[str, str], number: int) -> None:
        """Build the essay folder of ``files`` beside the current one and exchange the two.

        Raises:
            OSError: the current folder stays as it was.
        """
        parent = self.essays_dir.parent
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".library-", dir=parent))
        try:
            new = tmp / "essays"
            new.mkdir()
            for name, sha in files.items():
                shutil.copyfile(self.store.path(sha), new / name)
            for hidden in self.essays_dir.glob(".*"):  # ingest's manifest and the like
                if hidden.is_file() and hidden.name != MARKER:
                    shutil.copy2(hidden, new / hidden.name)
            self._write_marker(new, number, files)
            exchange(new, self.essays_dir)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    @staticmethod
    def _write_marker(folder: Path, number: int, files: dict[str, str]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f"{MARKER}.{os.getpid()}.tmp"
        tmp.write_text(dump_json({"version": number, "files": files}), encoding="utf-8")
        os.replace(tmp, folder / MARKER)


def merge_edits(
    base: dict[str, str], ours: dict[str, str], theirs: dict[str, str]
) -> tuple[dict[str, str], list[str]]:
    """The files of ``theirs`` (the newest version) with the changes ``ours`` (this folder)
    made to ``base`` (the version it held) applied on top; and the names both changed, where
    ours wins (the history keeps theirs for a rollback)."""
    merged = dict(theirs)
    clashes = []
    for name in set(base) | set(ours):
        mine, was, other = ours.get(name), base.get(name), theirs.get(name)
        if mine == was:
            continue
        if other not in (was, mine):
            clashes.append(name)
        if mine is None:
            merged.pop(name, None)
        else:
            merged[name] = mine
    return merged, clashes


_SHA = re.compile(r"[0-9a-f]{64}")


def check_version(v: Version) -> None:
    """Refuse a version whose file names or hashes could reach outside the essay folder or
    the uploads (a damaged or forged history row): plain names, hex sha256, upload paths of
    the form ``uploads/<token>/<name>``.

    Raises:
        InputError: naming the version.
    """

    def plain(name: str) -> bool:
        return bool(name) and name == Path(name).name and not name.startswith(".")

    bad = [n for n, sha in v.files.items() if not plain(n) or not _SHA.fullmatch(sha)]
    for path, sha in v.uploads.items():
        parts = path.split("/")
        if not (
            len(parts) == 3
            and parts[0] == "uploads"
            and TOKEN.fullmatch(parts[1])
            and plain(parts[2])
            and _SHA.fullmatch(sha)
        ):
            bad.append(path)
    if bad:
        raise InputError(
            f"文章库历史中的版本 {v.number} 含有不安全的文件名或校验值（{'、'.join(bad[:3])}），"
            "未使用。请检查文章库的历史记录（数据库或 corpus/library/）。"
        )


def library_marker(folder: Path) -> dict | None:
    """The marker the library last wrote into an essay folder (its version and files)."""
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _stem(name: str) -> str:
    """The essay id a file of the essay folder belongs to (e6.md, e6.provenance.json → e6)."""
    return Path(name).name.split(".")[0]


def _source_name(e: Essay) -> str:
    source = e.meta.get("source", {})
    if not isinstance(source, dict):
        return ""
    return str(source.get("file") or source.get("raw_file") or "")


def _since(e: Essay) -> str:
    source = e.meta.get("source", {})
    return (
        str(source.get("uploaded_at") or source.get("uploaded") or "")
        if isinstance(source, dict)
        else ""
    )


def _order(entry: Entry) -> tuple:
    return _id_order(entry.id)


def _id_order(essay_id: str) -> tuple:
    """e2 before e10; other ids after, by name."""
    digits = essay_id[1:]
    return (0, int(digits), "") if essay_id[:1] == "e" and digits.isdigit() else (1, 0, essay_id)
