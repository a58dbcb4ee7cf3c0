"""Where things are in the essays, as the index holds them: paragraphs in reading order, each
paragraph's chunks, the essays' headings, sections and sub-items, the lists that run over
paragraphs, and the people the essays introduce.

The answerer reads the corpus through this map to answer questions about the essays as documents
(their parts, a section's items, who is introduced) and to follow a point into the paragraphs that
go on from it (a paragraph's chunks handed back as hits in reading order, for the answerer to
quote from). Built once per index; nothing here searches or scores.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Sequence

from rag.answer.facts import LEADERS, introductions
from rag.answer.sentences import Candidate
from rag.answer.types import Citation
from rag.core.chars import CN_NUMERALS, HAN
from rag.core.textnorm import match_key
from rag.corpus.types import Essay
from rag.retrieval.chunking import Chunk
from rag.retrieval.search import Hit

# A leader named with a title: 胡锦涛总书记 (a full name), 毛主席 (a surname)
_TITLES = "|".join(LEADERS)
_NO_LEADER = re.compile(r"^[会委协联家国央]|中央|常委|委员|人大|全国")
_LEADER = re.compile(rf"(?:[{HAN}]{{3}}(?=总书记|总理|委员长)|[{HAN}](?=主席|总理))(?:{_TITLES})")

# A paragraph that goes on from the one before (其次…, 其三…, 再有…, 二是…).
GOES_ON = re.compile(
    r"^[“\"]?(其次|其[三四五六七八九十]|再次|再有|再者|还有(?=[，,])|此外|另外|最后|第[二三四五六七八九十]"
    r"|[二三四五六七八九十][是要]|[（(]?[二三四五六七八九十][)）、])"
)
FIRST_ITEM = re.compile(r"^[“\"]?(一是|一要|首先|其一|第一)")  # the first item of a list
SECOND_ITEM = re.compile(r"^[“\"]?(其次|其二|二是|第二)")  # the second item of a list
# An item of a list running over paragraphs, the first included (一是… / 首先…).
LIST_ITEM = re.compile(rf"{GOES_ON.pattern}|{FIRST_ITEM.pattern}")
NUMBERED_HEADING = re.compile(rf"^[（(]?[{CN_NUMERALS}\d]+[）)、.．]")  # （1）树立大局意识…
MAX_LIST_ITEMS = 12  # items of a list running over paragraphs, at most
MAX_CONTINUED = 4  # paragraphs a point followed up may go on into
INTRO_CHARS = 12  # words before a titled name searched for to find where it is introduced


@functools.lru_cache(maxsize=1024)  # the essays' paragraphs, read again for every candidate
def list_markers(text: str) -> tuple[tuple[int, int], ...]:
    """Where each item of a list inside ``text`` opens (首先是… 其次是… 第三是…), in order; ()
    when it has fewer than three."""
    items = [(k, at) for k in range(1, MAX_LIST_ITEMS + 1) if (at := item_at(k, text))]
    # numbered on from one, each after the one before (not 三是 / 第三 of other lists)
    n = next((i for i, (k, _) in enumerate(items) if k != i + 1), len(items))
    items = items[:n]
    if len(items) < 3 or any(a[0] >= b[0] for (_, a), (_, b) in itertools.pairwise(items)):
        return ()
    return tuple(at for _, at in items)


def item_at(n: int, text: str) -> tuple[int, int] | None:
    """(start, end) of the marker opening item ``n`` of a list inside ``text`` (第五是, 五是,
    其五, 首先 / 其次), the first form found exactly once; None when there is none."""
    if not 1 <= n <= len(CN_NUMERALS):
        return None
    cn = CN_NUMERALS[n - 1]
    forms = [f"第{cn}[是，、]", f"(?<![{CN_NUMERALS}第]){cn}是", f"其{cn}(?![他中实次])"]
    forms += {1: ["首先", "第一"], 2: ["其次"]}.get(n, [])
    for form in forms:
        found = list(re.finditer(form, text))
        if len(found) == 1:
            return found[0].start(), found[0].end()
    return None


class EssayLayout:
    """The corpus's layout: read-only once built, so shared by every thread answering."""

    def __init__(self, essays: Sequence[Essay], chunks: Sequence[Chunk]) -> None:
        """``essays``: the corpus as loaded, every quote's source text; ``chunks``: the index's
        chunks, in index order (their heading paths give the essays' structure)."""
        self.chunks = chunks

        self.paragraphs = {p.id: p.text for e in essays for p in e.paragraphs}
        self.authors = {e.id: str(e.meta.get("author") or "").strip() for e in essays}
        # What the front matter says of each essay (作者, 日期, 单位): asked about as such.
        self.about_essays = {e.id: (e.display_title, e.title, e.meta) for e in essays}
        # What an essay says it is about: its title and opening paragraph (e4 is written for
        # 农村基层干部 and says so once, at its start).
        self.scopes = {
            e.id: match_key(" ".join([e.title, *(p.text for p in e.paragraphs[:1])]))
            for e in essays
        }
        # People the essays introduce with a title (教授高新民), each with the words that
        # introduce them first (中央党校党建部教授高新民): subjects of factual questions.
        self.names: dict[str, str] = {}
        for text in self.paragraphs.values():
            for name, intro in introductions(text, INTRO_CHARS):
                if len(name) >= 2:  # 毛 (毛主席) would match 毛病
                    self.names.setdefault(name, intro)
        # Pages of an uploaded PDF a paragraph came from: the citation names them.
        self.pages = {p.id: p.pages for e in essays for p in e.paragraphs if p.pages}

    # -- reading order ------------------------------------------------------------------------

    @functools.cached_property
    def order(self) -> list[str]:
        """Paragraph ids in reading order, essay by essay."""
        return list(self.paragraphs)

    @functools.cached_property
    def place(self) -> dict[str, int]:
        """Paragraph id → its place in ``order``."""
        return {pid: i for i, pid in enumerate(self.order)}

    @functools.cached_property
    def of_essay(self) -> dict[str, list[str]]:
        """Essay id → its paragraphs' ids (those indexed), in reading order."""
        out: dict[str, list[str]] = {}
        for pid in self.order:
            if chunks := self.chunks_of.get(pid):
                out.setdefault(chunks[0].essay_id, []).append(pid)
        return out

    @functools.cached_property
    def chunks_of(self) -> dict[str, list[Chunk]]:
        """Paragraph id → its chunks, in index order (built once, on first use)."""
        out: dict[str, list[Chunk]] = {}
        for c in self.chunks:
            out.setdefault(c.paragraph_id, []).append(c)
        return out

    def text(self, c: Candidate | Citation) -> str:
        """The essay's text of what ``c`` quotes (or would)."""
        return self.paragraphs[c.paragraph_id][c.start : c.end]

    def holder(self, pid: str, start: int, end: int) -> Chunk | None:
        """A chunk of paragraph ``pid`` holding ``[start, end)`` whole, or None."""
        return next(
            (
                c
                for c in self.chunks_of.get(pid, [])
                if c.start <= start and end <= c.start + len(c.text)
            ),
            None,
        )

    def paragraph_hits(self, paragraph_id: str, go_on: bool = True) -> list[Hit]:
        """The chunks of ``paragraph_id`` and (``go_on``) of the paragraphs that go on from it
        (首先… / 其次… / 其三…), in reading order."""
        own = self.chunks_of.get(paragraph_id)
        if not own or paragraph_id not in self.paragraphs:
            return []
        kept = [paragraph_id]
        order, at = self.order, self.place[paragraph_id]
        for pid in order[at + 1 : at + 1 + MAX_CONTINUED] if go_on else ():
            nxt = self.chunks_of.get(pid)
            if (
                not nxt
                or nxt[0].essay_id != own[0].essay_id
                or not GOES_ON.match(self.paragraphs[pid])
            ):
                break
            kept.append(pid)
        chunks = [c for pid in kept for c in self.chunks_of[pid]]
        return [Hit(i, c, 0.0, followed=True) for i, c in enumerate(chunks, start=1)]

    @functools.cached_property
    def corpus_key(self) -> str:
        """All the essays' text in matching form: is a word written anywhere?"""
        return match_key("\n".join(self.paragraphs.values()))

    @functools.cached_property
    def paragraph_keys(self) -> dict[str, str]:
        """Each paragraph's matching form, where it keeps the text's length (a place found in
        it is the same place in the text): where some words are written."""
        keys = {pid: match_key(text) for pid, text in self.paragraphs.items()}
        return {pid: k for pid, k in keys.items() if len(k) == len(self.paragraphs[pid])}

    @functools.cached_property
    def corpus_sentences(self) -> list[list[str]]:
        """Each paragraph's sentences, in matching form."""
        return [
            [s.strip() for s in re.split(r"(?<=[。！？；])", match_key(text)) if s.strip()]
            for text in self.paragraphs.values()
        ]

    # -- structure: headings, sections, lists -------------------------------------------------

    @functools.cached_property
    def headings(self) -> list[str]:
        """Every heading of the essays, in matching form."""
        return list(dict.fromkeys(match_key(h) for c in self.chunks for h in c.heading_path))

    @functools.cached_property
    def headed(self) -> dict[str, list[str]]:
        """A heading with sub-headings (3、抓模范带头，能力上适应) → them, in reading order."""
        out: dict[str, list[str]] = {}
        for pid in self.order:
            chunks = self.chunks_of.get(pid)
            path = chunks[0].heading_path if chunks else ()
            if len(path) >= 2 and path[-1] not in out.setdefault(path[-2], []):
                out[path[-2]].append(path[-1])
        return {h: subs for h, subs in out.items() if len(subs) >= 2}

    @functools.cached_property
    def under_heading(self) -> dict[str, list[str]]:
        """Each innermost heading (（4）树立团队意识，讲团结) → the paragraphs right under it,
        in reading order."""
        out: dict[str, list[str]] = {}
        for pid in self.order:
            chunks = self.chunks_of.get(pid)
            if chunks and (path := chunks[0].heading_path):
                out.setdefault(path[-1], []).append(pid)
        return out

    def sections(self, essay: str) -> dict[str, str]:
        """``essay``'s top-level headings → the first paragraph under each, in reading order."""
        sections: dict[str, str] = {}
        for pid in self.of_essay.get(essay, []):
            if path := self.chunks_of[pid][0].heading_path:
                sections.setdefault(path[0], pid)
        return sections

    def items_under(self, heading: str) -> dict[str, str]:
        """The sub-headings under ``heading`` → the first paragraph under each, in reading
        order."""
        subs: dict[str, str] = {}
        for pid in self.order:
            chunks = self.chunks_of.get(pid)
            path = chunks[0].heading_path if chunks else ()
            if len(path) >= 2 and path[-2] == heading:
                subs.setdefault(path[-1], pid)
        return subs

    def section_run(self, pid: str) -> list[str]:
        """The first paragraphs of the numbered sections (（1）… （5）) that ``pid`` is in or
        opens (the paragraph under their parent heading), in order; [] otherwise."""
        path = self.chunks_of[pid][0].heading_path
        essay = self.chunks_of[pid][0].essay_id
        sections: dict[tuple[str, ...], str] = {}
        for other in self.of_essay[essay]:  # reading order
            p = self.chunks_of[other][0].heading_path
            if p and NUMBERED_HEADING.match(p[-1]) and p[:-1] in (path, path[:-1]):
                sections.setdefault(p, other)
        parents = {p[:-1] for p in sections}
        if len(sections) < 2 or len(parents) != 1:
            return []
        if path not in sections and path != next(iter(parents)):
            return []
        return list(sections.values())[:MAX_LIST_ITEMS]

    def list_run(self, pid: str) -> list[str]:
        """The items of the list ``pid`` is an item of (or announces, ending with ：), in order."""
        own = self.chunks_of.get(pid)
        if pid not in self.paragraphs or not own:
            return []
        order = self.order

        def item(i: int, any_paragraph: bool = False) -> bool:
            chunks = self.chunks_of.get(order[i]) if 0 <= i < len(order) else None
            return (
                bool(chunks)
                and chunks[0].essay_id == own[0].essay_id
                and (any_paragraph or bool(LIST_ITEM.match(self.paragraphs[order[i]])))
            )

        at = self.place[pid]
        run = []
        if item(at):
            while item(at - 1) and not FIRST_ITEM.match(self.paragraphs[order[at]]):
                at -= 1
            if SECOND_ITEM.match(self.paragraphs[order[at]]) and item(at - 1, any_paragraph=True):
                run = [order[at - 1]]  # its first item opens mid-paragraph (…分析，首先难在…)
        elif item(at + 1) and SECOND_ITEM.match(self.paragraphs[order[at + 1]]):
            run, at = [pid], at + 1  # its first item opens mid-paragraph (…分析，首先难在…)
        elif item(at + 1) and self.paragraphs[pid].rstrip().endswith(("：", ":")):
            at += 1  # it announces the list
        else:
            return self.section_run(pid)
        while item(at) and len(run) < MAX_LIST_ITEMS:
            if run and FIRST_ITEM.match(self.paragraphs[order[at]]):
                break  # another list begins (一是… again)
            run.append(order[at])
            at += 1
        return run

    def inner_markers(self, pid: str) -> tuple[tuple[int, int], ...]:
        """Where each item of a list inside paragraph ``pid`` opens (首先是… 其次是… 第三是…),
        in order; () when it has fewer than three."""
        return list_markers(self.paragraphs.get(pid, ""))

    def following(self, paragraphs: set[str], siblings: bool = True) -> set[str]:
        """The paragraphs right after ``paragraphs`` in the same essay, and the other items of a
        list one of them is an item of (首先难在… → 其次… 其三… 再有…). Without ``siblings``
        (有什么好处？ after 三是设置民情信箱…), neither: the next item is another thing."""
        out = set()
        for pid in paragraphs:
            at = self.place.get(pid)
            if at is None or at + 1 >= len(self.order):
                continue
            nxt = self.order[at + 1]
            a, b = self.chunks_of.get(pid), self.chunks_of.get(nxt)
            # Within its section: a new heading starts another subject.
            if (
                a
                and b
                and a[0].essay_id == b[0].essay_id
                and a[0].heading_path == b[0].heading_path
            ):
                if siblings or not (pid in (run := self.list_run(pid)) and nxt in run):
                    out.add(nxt)
        for pid in paragraphs if siblings else ():
            out.update(self.list_run(pid) if LIST_ITEM.match(self.paragraphs.get(pid, "")) else ())
        return out - paragraphs

    # -- essays and people --------------------------------------------------------------------

    def essays_of(self, paragraphs: Iterable[str]) -> list[str]:
        """The essays of ``paragraphs`` (ids), in order, each once."""
        return list(
            dict.fromkeys(
                self.chunks_of[p][0].essay_id for p in paragraphs if self.chunks_of.get(p)
            )
        )

    def titles_of(self, paragraphs: Iterable[str]) -> str:
        """《…》、《…》: the essays of ``paragraphs``, in order, each once."""
        return "、".join(f"《{self.about_essays[e][0]}》" for e in self.essays_of(paragraphs))

    def leaders_quoted(self, essay: str = "") -> list[tuple[str, str, int]]:
        """(leader as written, paragraph, offset) of each paragraph's first mention of a leader
        by title (胡锦涛总书记, 毛主席), ``essay``'s only when given, in reading order."""
        paragraphs = self.of_essay.get(essay, []) if essay else self.order
        found = []
        for pid in paragraphs:
            seen = set()
            for m in _LEADER.finditer(self.paragraphs[pid]):
                if _NO_LEADER.search(m.group()):
                    continue  # 村委会主席, 党中央总书记: a post, not someone named
                if m.group() not in seen:
                    seen.add(m.group())
                    found.append((m.group(), pid, m.start()))
        return found

    def titled_people(self, essay: str = "") -> list[tuple[str, str]]:
        """(name, the words introducing them) of the people the essays (``essay`` only, when
        given) introduce with a title, in reading order."""
        paragraphs = self.of_essay.get(essay, []) if essay else self.order
        text = "\n".join(self.paragraphs[p] for p in paragraphs)
        found = [(n, i) for n, i in self.names.items() if i != n and i in text]
        return sorted(found, key=lambda p: text.find(p[1]))
