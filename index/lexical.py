"""Lexical side of retrieval: kiwipiepy morphemes into a bm25s index.

bm25s's default regex tokenizer keeps Korean particles attached
(``마이크로소프트는``), so sentences and queries are tokenized with kiwipiepy
into content morphemes instead, plus the normalized amount/date tokens of
``numbers.py``. English words are lower-cased and lightly stemmed.
"""
from __future__ import annotations

import logging
import re
import sys

from .numbers import number_tokens

CONTENT_TAGS = {"NNG", "NNP", "NR", "SL", "SH", "XR", "VV", "VA", "NNB", "MAG"}
_EN_STOP = {"the", "a", "an", "of", "in", "on", "to", "and", "or", "is", "are", "was", "were", "be", "been", "has",
            "have", "had", "do", "does", "did", "how", "what", "when", "who", "whom", "where", "why", "which", "much",
            "many", "it", "its", "that", "this", "for", "with", "by", "as", "at", "from", "will", "would", "can",
            "could", "about", "so", "far", "me", "tell", "article", "say", "says", "said"}
_KO_STOP = {"얼마", "언제", "누구", "어디", "무엇", "뭐", "왜", "어떻", "하", "되", "있", "없", "것", "수", "등", "이", "그", "저"}


# Korean particles a written word may end in, longest first; 이/가/도/로/만 also end names (마이크로, 도요타가)
PARTICLES = ("에서는", "에게서", "으로는", "에서", "에게", "으로", "와의", "과의", "이라는", "라는", "이란", "란",
             "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "로", "만")
_AMBIGUOUS = {"이", "가", "도", "로", "만"}


def particle_variants(word: str) -> list[str]:
    """A Korean word without its particle (반도체와 -> 반도체), or the word and the stripped form when the
    ending may belong to it (마이크로 -> 마이크로, 마이크). Used for names, glossary lookups and follow-ups."""
    for p in PARTICLES:
        if word.endswith(p) and len(word) > len(p) + 1:
            stripped = word[: -len(p)]
            return [word, stripped] if p in _AMBIGUOUS else [stripped]
    return [word]


def stem(word: str) -> str:
    w = word.lower().removesuffix("'s").removesuffix("’s")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    for suf, min_len in (("ing", 6), ("ed", 5), ("es", 5), ("s", 4)):
        if len(w) >= min_len and w.endswith(suf) and not w.endswith("ss"):
            return w[: -len(suf)]
    return w


def _from_tokens(tokens, text: str) -> list[str]:
    out = []
    for t in tokens:
        if t.tag not in CONTENT_TAGS:
            continue
        form = stem(t.form) if t.tag == "SL" else t.form
        if form in _EN_STOP or form in _KO_STOP:
            continue
        out.append(form)
    out.extend(number_tokens(text))
    return out


def lex_tokens(kiwi, text: str) -> list[str]:
    return _from_tokens(kiwi.tokenize(text), text)


def lex_tokens_batch(kiwi, texts: list[str]) -> list[list[str]]:
    """Tokenize many texts at once (kiwipiepy runs the batch in its own threads)."""
    return [_from_tokens(toks, text) for toks, text in zip(kiwi.tokenize(texts), texts)]


def _bm25s():
    """bm25s, imported without scipy unless something else already loaded it.

    bm25s imports ``scipy.sparse`` only to build its score matrix (``csc_backend="scipy"``); its numpy
    backend builds the same arrays, and scoring is numpy only. scipy costs ~23 MiB of resident memory
    in a server that only scores. ``sys.modules["scipy"] = None`` makes that one optional import fail
    during bm25s's own import; the entry is removed again right after, so scipy stays importable.
    """
    hide = "bm25s" not in sys.modules and "scipy" not in sys.modules
    if hide:
        sys.modules["scipy"] = None
    try:
        import bm25s
    finally:
        if hide:
            sys.modules.pop("scipy", None)
    return bm25s


def build_bm25(token_lists: list[list[str]]):
    bm25s = _bm25s()
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    bm = bm25s.BM25(csc_backend="numpy")  # the same arrays as "scipy", whether or not scipy is loaded
    bm.index(token_lists, show_progress=False)
    return bm


def save_bm25(bm, path) -> None:
    bm.save(str(path), show_progress=False)


def save_tokens(token_lists: list[list[str]], path) -> None:
    """Every row's tokens as one vocabulary + flat int32 ids + row offsets (``load_tokens`` reverses it)."""
    import numpy as np

    vocab: dict[str, int] = {}
    ids = [vocab.setdefault(t, len(vocab)) for toks in token_lists for t in toks]
    offsets = np.zeros(len(token_lists) + 1, dtype=np.int64)
    np.cumsum([len(t) for t in token_lists], out=offsets[1:])
    with open(path, "wb") as fh:
        np.savez(fh, vocab=np.array(list(vocab), dtype=str), ids=np.array(ids, dtype=np.int32), offsets=offsets)


def load_tokens(path) -> list[list[str]]:
    import numpy as np

    with np.load(path, allow_pickle=False) as z:
        vocab, ids, offsets = z["vocab"].tolist(), z["ids"], z["offsets"].tolist()
    words = [vocab[i] for i in ids.tolist()]
    return [words[a:b] for a, b in zip(offsets, offsets[1:])]


def load_bm25(path):
    return _bm25s().BM25.load(str(path), mmap=False, show_progress=False)


def words(text: str) -> list[str]:
    """Cheap word split used for overlap checks (no analyzer)."""
    return re.findall(r"[\w&]+", text.lower())
