"""A small English <-> Korean news vocabulary (qa/data/glossary.tsv).

Names cross languages through the article's own 한글(English) glosses
(index/aliases.py) and transliteration (index/translit.py); common nouns do
not ("valuation" is 기업가치, "competitor" 경쟁사, "founded" 설립). This table
bridges the everyday vocabulary of business, economy and technology news so an
English question can find and check a Korean sentence and the other way round.
Loaded once on first use; pure lookups afterwards.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from index.lexical import stem

PATH = Path(__file__).with_name("data") / "glossary.tsv"


@dataclass(frozen=True)
class Concept:
    english: tuple[str, ...]  # lower-cased words/phrases as written in the table
    korean: tuple[str, ...]
    concrete: bool  # a question about it needs the article to mention it

    @property
    def forms(self) -> tuple[str, ...]:
        """Every surface form to look for in an article, lower-cased (English stems included)."""
        en = [stem(w) if " " not in w else w for w in self.english]
        return tuple(dict.fromkeys([*self.korean, *en]))


@dataclass(frozen=True)
class Table:
    phrases: dict  # English phrase ("stock price") -> concepts
    stems: dict  # English word stem -> concepts
    korean: dict  # Korean word -> concepts


def parse(text: str) -> Table:
    phrases: dict[str, list[Concept]] = {}
    stems: dict[str, list[Concept]] = {}
    korean: dict[str, list[Concept]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        en = tuple(w.strip().lower() for w in cols[0].split(",") if w.strip())
        ko = tuple(w.strip() for w in cols[1].split(",") if w.strip()) if len(cols) > 1 else ()
        c = Concept(en, ko, len(cols) > 2 and cols[2].strip() == "!")
        for w in en:
            (phrases if " " in w else stems).setdefault(w if " " in w else stem(w), []).append(c)
        for w in ko:
            korean.setdefault(w, []).append(c)
    return Table(phrases, stems, korean)


@lru_cache(maxsize=1)
def table() -> Table:
    return parse(PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern:
    alts = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?P<p>{alts})(?:s|es)?(?![a-z])")


def english_concepts(question: str, tab: Table | None = None) -> list[tuple[str, Concept]]:
    """(word as asked, concept) for the English vocabulary of a question; phrases before their words."""
    tab = tab or table()
    low = question.lower()
    out: list[tuple[str, Concept]] = []
    taken: list[tuple[int, int]] = []
    # (a phrase written with a hyphen is the phrase: "budget-carrier plans"; same length, so the spans line up)
    for m in _phrase_pattern(tuple(tab.phrases)).finditer(low.replace("-", " ")) if tab.phrases else ():  # longest phrase first
        taken.append(m.span())
        out += [(low[m.start():m.end()], c) for c in tab.phrases[m.group("p")]]
    words = []
    for m in re.finditer(r"[a-z][a-z0-9&\-]*", low):
        if any(a <= m.start() < b for a, b in taken):
            continue
        # "hanwha-samsung": each part of a hyphenated pair the table does not have whole
        parts = m.group().split("-") if "-" in m.group() and stem(m.group()) not in tab.stems else [m.group()]
        words += [p for p in parts if p]
    for w in words:
        cs = tab.stems.get(stem(w), [])
        exact = any(w in c.english for c in cs)  # "fishing" is a line of its own: not "fish" by its stem
        for c in cs:
            # a concrete word asked in another form of its stem ("miss" out, of "missing") is not that topic
            asked_as = w in c.english or (stem(w) in c.english and not exact)
            out.append((w, c if asked_as or not c.concrete else replace(c, concrete=False)))
    seen, uniq = set(), []
    for w, c in out:
        if (w, c.english, c.korean) not in seen:
            seen.add((w, c.english, c.korean))
            uniq.append((w, c))
    return uniq


# what may follow a verb form of the table in a question: "잡혔어", "멈추나요" (not a noun: 본부 of 본부장)
_ENDING = re.compile(r"(?:액|치)?(?:어|아|여|었|았|였|나|냐|니|는|은|을|지|요|까|죠|다|게|고|서|면|야|래|대)*")


def korean_concepts(nouns: list[str], tab: Table | None = None) -> list[tuple[str, Concept]]:
    """(word, concept) for the Korean words of a question found in the table; a word with an ending
    finds the form it starts with ("잡혔어" -> 잡혔, "멈추나" -> 멈추)."""
    tab = tab or table()
    out = []
    for n in nouns:
        key = next((n[:i] for i in range(len(n), max(1, len(n) - 3), -1)
                    if n[:i] in tab.korean and _ENDING.fullmatch(n[i:])), None)
        out += [(key, c) for c in tab.korean.get(key, [])] if key else []
    return out
