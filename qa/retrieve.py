"""Retrieval: question vector -> ranked sentence hits, optionally within one article.

Dense search is exact inner product over normalized vectors (cosine). An
article filter uses a FAISS id selector over that article's contiguous id
range, so filtering never drops hits that a post-filter would lose.
"""
from __future__ import annotations

import numpy as np

from index.errors import NewsQAError
from index.store import Index

from .records import Hit

NON_BODY_PENALTY = 0.04  # headings, titles and captions are not preferred as evidence


class UnknownArticleError(NewsQAError):
    """The article id asked for is not in the index."""


def check_article(index: Index, doc_id: str | None) -> None:
    if doc_id is not None and doc_id not in index.manifest["articles"]:
        known = ", ".join(sorted(index.manifest["articles"])[:10])
        raise UnknownArticleError(f"unknown article {doc_id!r}; known articles: {known}")


def dense_search(index: Index, qvec: np.ndarray, k: int, doc_id: str | None = None) -> list[tuple[int, float]]:
    """(sentence id, cosine) pairs, best first."""
    import faiss

    check_article(index, doc_id)
    q = np.ascontiguousarray(qvec, dtype=np.float32).reshape(1, -1)
    params = None
    if doc_id is not None:
        lo, hi = index.rows_of(doc_id)
        k = min(k, hi - lo)
        params = faiss.SearchParameters(sel=faiss.IDSelectorRange(lo, hi))
    k = max(1, min(k, index.vectors.ntotal))
    scores, ids = index.vectors.search(q, k, params=params) if params else index.vectors.search(q, k)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]


def retrieve(index: Index, qvec: np.ndarray, k: int = 8, doc_id: str | None = None) -> list[Hit]:
    """Dense hits re-ranked with a small penalty for non-body sentences."""
    hits = []
    for sid, cos in dense_search(index, qvec, k, doc_id):
        s = index.sentences[sid]
        score = cos - (NON_BODY_PENALTY if s.kind != "body" else 0.0)
        hits.append(Hit(sentence=s, score=score, dense=cos))
    hits.sort(key=lambda h: -h.score)
    return hits
