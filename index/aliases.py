"""Cross-lingual alias table mined from the article itself.

News text glosses names as ``한글(English)``: ``마이크로소프트(Microsoft)``,
``우선 구매권(right of first refusal)``, ``아마존 웹 서비스(Amazon Web Services, AWS)``.
Later mentions use the Korean form only, so the glosses are the bridge that
lets an English question meet Korean sentences lexically. The reverse
``English(한글)`` and acronym glosses (``AMD(Advanced Micro Devices)``) count too.
Amount glosses such as ``$13 billion(130억 달러)`` are left to ``numbers.py``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_PAREN = re.compile(r"\(([^()\n]{1,80})\)")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN_WORDS = re.compile(r"^[A-Za-z][A-Za-z0-9&.'\- ]*$")
_HAS_DIGIT_AMOUNT = re.compile(r"\d")
# a word before the glossed head that ends like a particle or verb form is not part of the name
_PARTICLE_END = re.compile(r"[은는이가을를의에로와과도한된고며서다인]$")


@dataclass(frozen=True)
class Alias:
    ko: str  # the Korean (or acronym) form as written
    en: str  # the English form as written
    start: int  # offset of the whole "ko(en)" gloss in the text
    end: int


def _preceding_words(text: str, pos: int, n: int) -> str | None:
    """Up to ``n`` Hangul/alnum words ending right at ``pos`` (no space before the parenthesis)."""
    m = re.search(r"((?:[\w·&.\-]+ ){0,%d}[\w·&.\-]+)$" % (n - 1), text[max(0, pos - 60):pos])
    return m.group(1) if m else None


# (after a field word too: "라면 제조업체 다올식품(Daol Foods)", "바이오기업 X")
_KIND_WORD = re.compile(r"[\uac00-\ud7a3]*(?:업체|회사|기업|브랜드|서비스|앱|플랫폼|단체|기관|협회|재단|계열사|자회사|스타트업|제약사|카드사|은행|"
                        r"증권사|보험사|조선사|선사|항공사|운용사|게임사|제조사|유통사|통신사|제품|모델|신약|백신|소재)")


def mine(text: str) -> list[Alias]:
    """Every gloss pair in ``text``; ``Alias.start:end`` covers ``ko(en)``."""
    out: list[Alias] = []
    for m in _PAREN.finditer(text):
        inner = m.group(1).strip()
        parts = [p.strip() for p in inner.split(",") if p.strip()]
        before = text[max(0, m.start() - 1):m.start()]
        if not parts or not before.strip() or _HAS_DIGIT_AMOUNT.search(inner[:3]):
            continue
        if all(_LATIN_WORDS.match(p) for p in parts):
            n_words = min(len(parts[0].split()), 4)
            prev = _preceding_words(text, m.start(), n_words)
            if not prev:
                continue
            words = prev.split()
            # keep only the trailing words that are Hangul (a Korean name) or one acronym
            keep = []
            # loanwords take about one Hangul syllable per English vowel group
            need_syll = 0.8 * len(re.findall(r"[aeiouy]+", parts[0].lower()))
            for w in reversed(words):
                if keep and (_PARTICLE_END.search(w) or re.search(r"[.,:;!?\"'“”]", w)):
                    break
                if len(keep) == 1 and len(_HANGUL.findall(keep[0])) >= max(5, need_syll):
                    break  # one long compound already spells it (한빛에너지솔루션 = Hanbit Energy Solution)
                if _HANGUL.search(w) and not _HAS_DIGIT_AMOUNT.fullmatch(w):
                    keep.insert(0, w)
                elif not keep and re.fullmatch(r"[A-Z][A-Za-z0-9&]{1,9}", w):
                    keep.insert(0, w)
                    break
                else:
                    break
            # a word naming the kind of body is no part of the name: "간편결제 업체 하늘페이(Haneul Pay)" -> 하늘페이,
            # "라면 제조업체 다올식품(Daol Foods)" -> 다올식품
            while len(keep) > 1 and _KIND_WORD.fullmatch(keep[0]):
                keep.pop(0)
            if not keep:
                continue
            # a Korean gloss may have words with particles earlier on; trust only as many words as the English has
            ko = " ".join(keep[-n_words:])
            start = m.start() - len(ko)
            for p in parts:
                out.append(Alias(ko, p, start, m.end()))
        elif _HANGUL.search(inner) and not _HAS_DIGIT_AMOUNT.search(inner):
            prev = _preceding_words(text, m.start(), 4)
            if prev and _LATIN_WORDS.match(prev):
                out.append(Alias(inner, prev.strip(), m.start() - len(prev), m.end()))
    return out


def table(aliases: list[Alias]) -> dict[str, list[str]]:
    """Lower-cased form -> the other forms it is glossed with (both directions, transitive within a gloss)."""
    groups: dict[tuple[int, int], set[str]] = {}
    for a in aliases:
        groups.setdefault((a.start, a.end), set()).update({a.ko, a.en})
    tab: dict[str, set[str]] = {}
    for forms in groups.values():
        for f in forms:
            tab.setdefault(f.lower(), set()).update(forms - {f})
    return {k: sorted(v) for k, v in sorted(tab.items())}


def expand(question: str, tab: dict[str, list[str]]) -> list[str]:
    """Alias forms of every glossed term that occurs in the question (whole-word for Latin)."""
    low = question.lower()
    extra: list[str] = []
    for key, forms in tab.items():
        if _HANGUL.search(key):
            hit = key in low
        else:
            hit = re.search(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", low) is not None
        if hit:
            extra.extend(f for f in forms if f.lower() not in low)
    return list(dict.fromkeys(extra))
