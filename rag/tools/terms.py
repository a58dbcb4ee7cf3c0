"""Term proposals for the domain dictionary (`python -m rag terms`): frequent runs of jieba
words that the dictionary does not list yet, for a person to review."""

from __future__ import annotations

import re
from pathlib import Path

from rag.core.chars import HAN
from rag.core.segmenter import read_word_list
from rag.core.textnorm import match_key
from rag.retrieval.lexical import USERDICT, segmenter


def read_userdict_terms(path: Path = USERDICT) -> set[str]:
    return {line.split()[0] for line in read_word_list(path)}


def propose_terms(
    texts: list[str],
    headings: list[str],
    known: set[str],
    min_count: int = 3,
    userdict: Path = USERDICT,
) -> list[tuple[str, int]]:
    """Candidate domain terms for the user dictionary, for a person to review.

    Candidates are runs of two or three consecutive jieba words (3–6 characters, no function
    character at either end) that occur at least ``min_count`` times in the corpus, or at least
    twice and in a heading; already listed terms are left out. Returns (term, count), most
    frequent first. ``userdict`` is the dictionary jieba segments with.
    """
    seg = segmenter(userdict)
    counts: dict[str, int] = {}
    for text in texts:
        words = [w for w in seg.cut(match_key(text), HMM=False)]
        for n in (2, 3):
            for i in range(len(words) - n + 1):
                gram = "".join(words[i : i + n])
                if 3 <= len(gram) <= 6 and _CJK_ONLY.match(gram):
                    counts[gram] = counts.get(gram, 0) + 1
    heading_text = match_key(" ".join(headings))
    out = [
        (g, c)
        for g, c in counts.items()
        if g not in known
        and g[0] not in STOP_CHARS
        and g[-1] not in STOP_CHARS
        and (c >= min_count or (c >= 2 and g in heading_text))
    ]
    return sorted(out, key=lambda item: (-item[1], item[0]))


# A term does not start or end with a function character.
STOP_CHARS = frozenset("的了是在和与及等也都就而要把被对从向以为之其这那一个有不上下中好做")
_CJK_ONLY = re.compile(rf"^[{HAN}]+$")
